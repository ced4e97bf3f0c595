#pragma once

#include <QCoreApplication>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QObject>
#include <QString>
#include <QStringList>

#include <limits>
#include <memory>
#include <optional>

namespace glossa::ui {

class CliProcess;

// What cross-lingual retrieval measures with: a dataset's split, embedded by a finished run's
// own encoder or by a Hugging Face model folder. One child per choice.
struct RetrievalChoice
{
    QString dataset;
    qint64 runId = -1;   // a run's encoder (its own pooling), or
    QString modelFolder; // a pretrained folder, pooled as pooling says
    QString pooling = QStringLiteral("mean");
    QString split = QStringLiteral("test");
    int topK = 5; // neighbours per language for "Find translation"

    bool usesRun() const { return runId >= 0; }
    bool operator==(const RetrievalChoice &) const = default;
    // The arguments of `glossa-cli retrieve ... --stream`.
    QStringList arguments(const QString &projectPath) const;
};

// Queries in one language searched among another's texts (A|B: queries in A, candidates in B).
struct RetrievalPair
{
    QString queryLanguage;
    QString candidateLanguage;
    double precisionAt1 = 0;
    double meanReciprocalRank = 0;
    qint64 queries = 0;
};

// `glossa-cli retrieve --json`, as Qt values.
struct RetrievalResult
{
    Q_DECLARE_TR_FUNCTIONS(glossa::ui::RetrievalService)

public:
    QString split;
    QStringList languages;
    qint64 texts = 0;
    QString model;
    QString pooling;
    QList<RetrievalPair> pairs;
    double meanPrecisionAt1 = std::numeric_limits<double>::quiet_NaN(); // NaN: no pair
    double meanReciprocalRank = std::numeric_limits<double>::quiet_NaN();

    const RetrievalPair *pair(const QString &queryLanguage, const QString &candidateLanguage) const;
    // Queries over every pair.
    qint64 queries() const;
    // The engine's object, checked: numbers where numbers belong, scores in [0, 1]. nullopt and
    // problem set when it is no retrieval result.
    static std::optional<RetrievalResult> fromJson(const QJsonObject &object, QString *problem);
};

// One text found near the query.
struct RetrievalNeighbour
{
    qint64 exampleId = -1;
    QString text;
    double similarity = 0; // cosine
};

// A query's nearest texts in every language of the split, most similar first.
struct TranslationMatches
{
    struct Language
    {
        QString code;
        QList<RetrievalNeighbour> neighbours;
    };
    QString query;
    QList<Language> languages; // in the result's language order
};

// Cross-lingual retrieval, measured outside the GUI process: one `glossa-cli retrieve --stream`
// child for the current choice, which embeds the split (progress), reports P@1 and MRR per
// language pair (measured), then stays to answer "Find translation" requests with the query's
// nearest texts in every language. A new choice replaces the child; cancel() and the session's
// end stop it. Only the newest request of each asker is answered: typing outruns the engine.
class RetrievalService : public QObject
{
    Q_OBJECT

public:
    enum class State { Idle, Measuring, Ready, Failed };
    Q_ENUM(State)

    explicit RetrievalService(QObject *parent = nullptr);
    ~RetrievalService() override;

    // Another project stops the child.
    void setProject(const QString &projectPath);
    // Starts measuring choice, ending the child of another choice. The same choice while it is
    // measured or ready changes nothing (its result stays).
    void measure(const RetrievalChoice &choice);
    // Stops the child; back to Idle.
    void cancel();

    State state() const { return m_state; }
    const RetrievalChoice &choice() const { return m_choice; }
    // The last result (empty until ready).
    const RetrievalResult &result() const { return m_result; }
    QString failure() const { return m_failure; }

    // The nearest texts to text in every language, answered by translationsFound (or
    // translationFailed) for asker; an earlier request of the same asker still unanswered is
    // dropped. Asked while measuring, it waits for the result.
    void findTranslation(quint64 asker, const QString &text);

Q_SIGNALS:
    void stateChanged(glossa::ui::RetrievalService::State state);
    void progress(qint64 embedded, qint64 total);
    void measured(const glossa::ui::RetrievalResult &result);
    void translationsFound(quint64 asker, const glossa::ui::TranslationMatches &matches);
    void translationFailed(quint64 asker, const QString &message);
    // Measuring failed, or the child ended while it still had to answer.
    void failed(const QString &message);

private:
    void setState(State state);
    void stopChild();
    void send(quint64 asker, const QString &text);
    void readLine(const QByteArray &line);
    void readReady(const QJsonObject &ready);
    void readAnswer(const QJsonObject &answer);
    void childEnded(const QString &failure);
    void fail(const QString &message);

    QString m_projectPath;
    RetrievalChoice m_choice;
    State m_state = State::Idle;
    RetrievalResult m_result;
    QString m_failure;
    CliProcess *m_process = nullptr;
    quint64 m_nextKey = 1;
    struct Sent
    {
        quint64 asker = 0;
        QString text;
    };
    QHash<quint64, Sent> m_sent;       // key → who asked what, until answered
    QHash<quint64, quint64> m_newest;  // asker → the key of its newest request
    QHash<quint64, QString> m_waiting; // asker → text asked before the result came
};

} // namespace glossa::ui

Q_DECLARE_METATYPE(glossa::ui::RetrievalResult)
Q_DECLARE_METATYPE(glossa::ui::TranslationMatches)
