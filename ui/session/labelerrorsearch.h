#pragma once

#include <QObject>
#include <QProcess>

#include <memory>

namespace glossa::ui {

// Looks for a run's likely label errors in a child process, `glossa-cli errors --recompute`:
// k-fold cross-validation trains one model per fold, so it takes a few times as long as the run
// did, and LibTorch stays out of the GUI. The results go to the project; searchFinished says
// when to read them. One search at a time.
class LabelErrorSearch : public QObject
{
    Q_OBJECT

public:
    explicit LabelErrorSearch(QObject *parent = nullptr);
    ~LabelErrorSearch() override;

    void start(const QString &projectPath, qint64 runId, int folds);
    // Stops the child (SIGTERM: it ends its fold and stores nothing).
    void cancel();
    bool isRunning() const { return m_process != nullptr; }
    qint64 runId() const { return m_runId; }

Q_SIGNALS:
    void progress(qint64 runId, int fold, int folds);
    void searchFinished(qint64 runId);
    void searchFailed(qint64 runId, const QString &message);
    void searchCancelled(qint64 runId);

private:
    void readProgress();
    void processEnded(int exitCode, QProcess::ExitStatus status);

    std::unique_ptr<QProcess> m_process;
    qint64 m_runId = -1;
    bool m_cancelled = false;
    QByteArray m_stderr;
};

} // namespace glossa::ui
