#pragma once

#include <QFutureWatcher>
#include <QObject>
#include <QString>

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
};

// Reads a model folder's config.json off the UI thread (a folder on a slow or network disk
// must not freeze the form) and answers with inspected(); a newer request wins.
class ModelFolderInspector : public QObject
{
    Q_OBJECT

public:
    explicit ModelFolderInspector(QObject *parent = nullptr);

    void inspect(const QString &path, qint64 batchSize, qint64 maxLength, bool adaptersOnly);
    // The last answer, for the path it was about.
    const ModelFolderInfo &last() const { return m_last; }

Q_SIGNALS:
    void inspected(const glossa::ui::ModelFolderInfo &info);

private:
    QFutureWatcher<ModelFolderInfo> m_watcher;
    QString m_pending; // the request running, as "path|batch|length|adapters"
    QString m_wanted;  // the newest request, started when the running one ends
    ModelFolderInfo m_last;
    std::function<ModelFolderInfo()> m_next;
};

// The summary line for a folder's config (exposed for the tests).
QString describeModelFolder(const QString &path, qint64 batchSize, qint64 maxLength, bool adaptersOnly,
                            ModelFolderInfo &info);

} // namespace glossa::ui
