#pragma once

#include <QHash>
#include <QList>
#include <QObject>
#include <QQueue>
#include <QString>

#include <memory>

namespace glossa::ui {

// One run's answer for one text: the label, every class's probability (most probable first)
// and how much each subword pushed towards the label.
struct TextPrediction
{
    struct Token
    {
        QString piece; // as the tokenizer wrote it: "▁" starts a word
        double score = 0;
    };
    QString label;
    QList<QPair<QString, double>> probabilities;
    double margin = 0;
    QList<Token> tokens; // the text's own pieces (not <s>, </s>)
    QString attributionMethod;

    // One answer of `glossa-cli predict --json --explain`, as its line.
    static TextPrediction fromJson(const QByteArray &line);
};

class CliProcess;

// Classifies typed texts with finished runs, off the UI thread and outside the GUI process:
// one `glossa-cli predict --json --explain --stream` child per run, started on first use and
// kept while the run is in use, so only the first prediction pays for loading LibTorch and the
// model. Answers come back in the order asked, tagged with the caller's key.
class PredictionService : public QObject
{
    Q_OBJECT

public:
    explicit PredictionService(QObject *parent = nullptr);
    ~PredictionService() override;

    void setProject(const QString &projectPath);
    // Asks run runId about text; predicted(runId, key, ...) answers. Newlines become spaces
    // (the protocol is one text per line).
    void request(qint64 runId, quint64 key, const QString &text);
    // Ends the children of runs not in this list.
    void keepOnly(const QList<qint64> &runIds);
    // Requests sent and not answered yet, over all runs.
    int pending() const;

Q_SIGNALS:
    void predicted(qint64 runId, quint64 key, const glossa::ui::TextPrediction &prediction);
    void failed(qint64 runId, const QString &message);

private:
    struct Child
    {
        std::unique_ptr<CliProcess> process;
        QQueue<quint64> keys; // asked, in order, not answered yet
    };
    Child &childFor(qint64 runId);
    void answer(qint64 runId, const QByteArray &line);
    void childEnded(qint64 runId, const QString &failure);

    QString m_projectPath;
    QHash<qint64, Child *> m_children;
};

} // namespace glossa::ui

Q_DECLARE_METATYPE(glossa::ui::TextPrediction)
