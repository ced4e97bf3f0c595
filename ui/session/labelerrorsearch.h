#pragma once

#include "train/engineevents.h"

#include <QObject>

#include <memory>

namespace glossa::ui {

class CliProcess;

// Looks for a run's likely label errors in a child process, `glossa-cli errors --events`:
// k-fold cross-validation trains one model per fold, so it takes a few times as long as the run
// did, and LibTorch stays out of the GUI. The child reports each fold as it starts; the results
// go to the project, and searchFinished says when to read them. One search at a time.
class LabelErrorSearch : public QObject
{
    Q_OBJECT

public:
    explicit LabelErrorSearch(QObject *parent = nullptr);
    ~LabelErrorSearch() override;

    void start(const QString &projectPath, qint64 runId, int folds);
    // Stops the child ("stop" on its stdin, SIGTERM if it does not end: it stores nothing).
    void cancel();
    bool isRunning() const { return m_process != nullptr; }
    qint64 runId() const { return m_runId; }

Q_SIGNALS:
    void progress(qint64 runId, int fold, int folds);
    void searchFinished(qint64 runId);
    void searchFailed(qint64 runId, const QString &message);
    void searchCancelled(qint64 runId);

private:
    void handleEvent(const core::train::events::EngineEvent &event);
    void processEnded(const QString &failure);

    std::unique_ptr<CliProcess> m_process;
    qint64 m_runId = -1;
    bool m_cancelled = false;
    QString m_failure; // the engine's failed event
};

} // namespace glossa::ui
