#pragma once

#include <QFutureWatcher>
#include <QObject>
#include <QString>

namespace glossa::core::train {
struct StrategyEstimate;
}

namespace glossa::ui {

// What the Train tab says about a pretrained model folder: a line on the model (family, size,
// vocabulary, longest input, memory for a training step), or why it cannot be used.
struct ModelFolderInfo
{
    QString path;
    QString summary; // empty when the folder cannot be used
    QString problem;
    qint64 parameters = 0;
    qint64 memoryBytes = 0;
    // Full fine-tuning against a head on cached vectors, here, for the dataset's texts: a line
    // with both estimates, and whether features should come first (the form offers it).
    QString strategyAdvice;
    bool featuresFirst = false;
};

// Reads a model folder's config.json off the UI thread (a folder on a slow or network disk
// must not freeze the form) and answers with inspected(); a newer request wins.
class ModelFolderInspector : public QObject
{
    Q_OBJECT

public:
    explicit ModelFolderInspector(QObject *parent = nullptr);

    // texts: the dataset's examples, for the time estimates (0: unknown).
    void inspect(const QString &path, qint64 batchSize, qint64 maxLength, bool adaptersOnly, qint64 texts = 0);
    // The last answer, for the path it was about.
    const ModelFolderInfo &last() const { return m_last; }

Q_SIGNALS:
    void inspected(const glossa::ui::ModelFolderInfo &info);

private:
    QFutureWatcher<ModelFolderInfo> m_watcher;
    QString m_pending; // the request running, as "path|batch|length|adapters|texts"
    QString m_wanted;  // the newest request, started when the running one ends
    ModelFolderInfo m_last;
    std::function<ModelFolderInfo()> m_next;
};

// The summary line for a folder's config (exposed for the tests).
QString describeModelFolder(const QString &path, qint64 batchSize, qint64 maxLength, bool adaptersOnly,
                            ModelFolderInfo &info, qint64 texts = 0);
// The strategy line: "Here, full fine-tuning: about N examples/s, M min per epoch; features: …".
QString strategyAdviceText(const core::train::StrategyEstimate &estimate, qint64 texts);

} // namespace glossa::ui
