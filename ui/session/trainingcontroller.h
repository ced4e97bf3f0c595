#pragma once

#include "ui/session/runtypes.h"

#include "store/runstatus.h"
#include "train/engineevents.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QMetaType>
#include <QObject>
#include <QTimer>

#include <memory>
#include <optional>

class QTemporaryFile;

namespace glossa::ui {

class CliProcess;

// A run to start: on a dataset with settings (TrainConfig JSON), or the resumption of a stopped
// or interrupted run.
struct TrainingRequest
{
    QString projectPath;
    QString dataset;
    QString configJson;
    QString name; // empty: the engine names it
    qint64 resumeRunId = -1;
    // A transfer study's run for one source: its dataset and settings come from the study
    // (glossa-cli train --study S --source X); dataset and configJson are left empty.
    qint64 studyId = -1;
    QString studySource;

    bool isResume() const { return resumeRunId >= 0; }
    bool isStudyRun() const { return studyId >= 0 && !isResume(); }
};

// How a run ended, from the engine's result.
struct RunOutcome
{
    qint64 runId = -1;
    QString name;
    core::store::RunStatus status = core::store::RunStatus::Finished; // finished or stopped
    std::optional<double> testMacroF1; // none when the run stopped before its test
    qint64 testExamples = 0;
    bool crossValidated = false; // the test scores are out-of-fold, not a test split's
};

// Trains in a child process, `glossa-cli train --events`, and turns its event lines into
// signals: LibTorch never loads into the GUI (which starts a second faster for it), and a
// crash or an out-of-memory kill in training cannot take unsaved work in the window with it.
// Pause, resume and stop go to the child's stdin; if the GUI dies, the child sees its stdin
// close and stops the run cleanly (resumable). Further requests wait in a queue.
//
// Events are coalesced: whatever arrived is handed on at most every 40 ms (25 updates a
// second), so a run that reports thousands of steps a second cannot flood the UI.
class TrainingController : public QObject
{
    Q_OBJECT

public:
    enum class State { Idle, Starting, Running, Paused, Stopping };
    Q_ENUM(State)

    explicit TrainingController(QObject *parent = nullptr);
    ~TrainingController() override;

    // Starts at once when idle, else joins the queue.
    void submit(const TrainingRequest &request);
    void pause();
    void resume();
    void stop();
    // Stops the run and waits for the child to end (at most `waitMs`): for quitting.
    void stopAndWait(int waitMs);

    State state() const { return m_state; }
    bool isBusy() const { return m_state != State::Idle; }
    qint64 runId() const { return m_history.runId; }
    QString runName() const { return m_history.name; }
    QString device() const { return m_device; }
    QString projectPath() const { return m_current.projectPath; }
    QDateTime startedAt() const { return m_startedAt; }
    const TrainingStatus &status() const { return m_status; }
    // Everything the run in progress (or the last one) reported, for a chart made later.
    const RunHistory &history() const { return m_history; }
    // The request in progress (or the last one).
    const TrainingRequest &current() const { return m_current; }
    const QList<TrainingRequest> &queue() const { return m_queue; }
    void removeQueued(int index);
    // Batches handed on so far (a measurement of the coalescing).
    qint64 updatesSent() const { return m_updatesSent; }

Q_SIGNALS:
    void stateChanged(glossa::ui::TrainingController::State state);
    void runStarted(qint64 runId, const QString &name, const QString &device, bool resumed);
    // What arrived since the last update; `status` is the latest position.
    void updated(const QList<glossa::ui::TrainPoint> &training, const QList<glossa::ui::EvalPoint> &evaluations,
                 const glossa::ui::TrainingStatus &status, const QStringList &logLines);
    void runEnded(const glossa::ui::RunOutcome &outcome);
    void runFailed(qint64 runId, const QString &message);
    void queueChanged();

private:
    void start(const TrainingRequest &request);
    void handleEvent(const core::train::events::EngineEvent &event);
    void processEnded(const QString &failure);
    void scheduleFlush();
    void flush();
    void setState(State state);
    void send(const QByteArray &command);
    void startNextQueued();

    std::unique_ptr<CliProcess> m_process;
    std::unique_ptr<QTemporaryFile> m_configFile;
    TrainingRequest m_current;
    QList<TrainingRequest> m_queue;
    State m_state = State::Idle;
    RunHistory m_history;
    TrainingStatus m_status;
    QString m_device;
    QDateTime m_startedAt;
    bool m_ended = false; // a result or failure event arrived
    QElapsedTimer m_progressLine; // since the log's last progress line
    double m_lastLoggedEpoch = 0;

    QTimer m_flushTimer;
    QList<TrainPoint> m_pendingTraining;
    QList<EvalPoint> m_pendingEvaluations;
    QStringList m_pendingLog;
    bool m_pendingStatus = false;
    qint64 m_updatesSent = 0;
};

} // namespace glossa::ui

Q_DECLARE_METATYPE(glossa::ui::TrainingStatus)
Q_DECLARE_METATYPE(QList<glossa::ui::TrainPoint>)
Q_DECLARE_METATYPE(QList<glossa::ui::EvalPoint>)

Q_DECLARE_METATYPE(glossa::ui::RunOutcome)
