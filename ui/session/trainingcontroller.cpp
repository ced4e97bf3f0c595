#include "ui/session/trainingcontroller.h"

#include "ui/session/cliprocess.h"
#include "ui/session/enginelogtext.h"
#include "ui/session/qtcore.h"

#include <QDir>
#include <QTemporaryFile>

#include <cmath>

namespace glossa::ui {

namespace events = core::train::events;

namespace {
constexpr int flushIntervalMs = 40;
// A progress line in the log at most this often (the progress bar shows every step).
constexpr qint64 progressLineIntervalMs = 10000;

EvalPoint evaluationFrom(const events::Evaluation &event)
{
    EvalPoint point;
    point.step = event.step;
    point.epoch = event.epoch;
    point.loss = event.loss;
    point.accuracy = event.accuracy;
    point.macroF1 = event.macroF1;
    point.microF1 = event.microF1;
    point.best = event.best;
    if (event.macroF1Interval)
        point.macroF1Interval = qMakePair(event.macroF1Interval->low, event.macroF1Interval->high);
    for (const auto &scores : event.perLanguage) {
        const auto language = fromUtf8(scores.language);
        point.languageMacroF1.insert(language, scores.macroF1);
        point.languageExamples.insert(language, scores.examples);
        if (scores.macroF1Interval)
            point.languageIntervals.insert(language,
                                           qMakePair(scores.macroF1Interval->low, scores.macroF1Interval->high));
    }
    return point;
}

RunOutcome outcomeFrom(const events::Result &result)
{
    RunOutcome outcome;
    outcome.runId = result.run;
    outcome.name = fromUtf8(result.name);
    outcome.status = result.status;
    const auto &test = result.test;
    if (!test.labels.empty() && test.scores.overall.examples > 0) {
        outcome.testMacroF1 = test.scores.overall.macroF1;
        outcome.testExamples = test.scores.overall.examples;
    }
    outcome.crossValidated = test.evaluation == "cross-validation";
    return outcome;
}
} // namespace

TrainingController::TrainingController(QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<glossa::ui::TrainingStatus>();
    qRegisterMetaType<glossa::ui::RunOutcome>();
    qRegisterMetaType<QList<glossa::ui::TrainPoint>>();
    qRegisterMetaType<QList<glossa::ui::EvalPoint>>();
    m_flushTimer.setSingleShot(true);
    m_flushTimer.setInterval(flushIntervalMs);
    connect(&m_flushTimer, &QTimer::timeout, this, &TrainingController::flush);
}

TrainingController::~TrainingController()
{
    // Closing stdin stops the run cleanly; the child finishes it on its own.
    if (m_process) {
        m_process->disconnect(this);
        m_process->stopAndWait(10000);
    }
}

void TrainingController::submit(const TrainingRequest &request)
{
    if (isBusy()) {
        m_queue.append(request);
        Q_EMIT queueChanged();
        return;
    }
    start(request);
}

void TrainingController::removeQueued(int index)
{
    if (index < 0 || index >= m_queue.size())
        return;
    m_queue.removeAt(index);
    Q_EMIT queueChanged();
}

void TrainingController::start(const TrainingRequest &request)
{
    m_current = request;
    m_history = {};
    m_status = {};
    m_device.clear();
    m_ended = false;
    m_startedAt = QDateTime::currentDateTime();
    m_progressLine.invalidate();
    m_lastLoggedEpoch = 0;

    QStringList arguments{QStringLiteral("train"), QStringLiteral("--project"), request.projectPath,
                          QStringLiteral("--events")};
    if (request.isResume()) {
        arguments << QStringLiteral("--resume") << QString::number(request.resumeRunId);
    } else if (request.isStudyRun()) {
        arguments << QStringLiteral("--study") << QString::number(request.studyId) << QStringLiteral("--source")
                  << request.studySource;
    } else {
        m_configFile =
            std::make_unique<QTemporaryFile>(QDir::temp().filePath(QStringLiteral("glossa-run-XXXXXX.json")));
        if (!m_configFile->open() || m_configFile->write(request.configJson.toUtf8()) < 0 || !m_configFile->flush()) {
            Q_EMIT runFailed(
                -1, tr("Could not write the run's settings to a temporary file: %1").arg(m_configFile->errorString()));
            startNextQueued();
            return;
        }
        arguments << QStringLiteral("--dataset") << request.dataset << QStringLiteral("--config")
                  << m_configFile->fileName();
        if (!request.name.isEmpty())
            arguments << QStringLiteral("--name") << request.name;
    }

    m_process = std::make_unique<CliProcess>(CliProcess::Output::Events);
    connect(m_process.get(), &CliProcess::eventRead, this, &TrainingController::handleEvent);
    connect(m_process.get(), &CliProcess::lineRead, this, [this](const QByteArray &line) {
        m_pendingLog.append(QString::fromUtf8(line)); // not an event: show it rather than lose it
        scheduleFlush();
    });
    connect(m_process.get(), &CliProcess::ended, this, [this](int, const QString &failure) { processEnded(failure); });
    setState(State::Starting);
    m_process->start(arguments);
}

void TrainingController::send(const QByteArray &command)
{
    if (m_process)
        m_process->writeLine(command);
}

void TrainingController::pause()
{
    if (m_state == State::Running)
        send("pause");
}

void TrainingController::resume()
{
    if (m_state == State::Paused)
        send("resume");
}

void TrainingController::stop()
{
    if (m_process && (m_state == State::Starting || m_state == State::Running || m_state == State::Paused)) {
        m_process->requestStop();
        setState(State::Stopping);
    }
}

void TrainingController::stopAndWait(int waitMs)
{
    m_queue.clear();
    if (!m_process)
        return;
    if (m_state != State::Stopping)
        setState(State::Stopping);
    m_process->stopAndWait(waitMs);
}

void TrainingController::scheduleFlush()
{
    if (!m_flushTimer.isActive() && (m_pendingStatus || !m_pendingLog.isEmpty() || !m_pendingEvaluations.isEmpty()))
        m_flushTimer.start();
}

void TrainingController::handleEvent(const events::EngineEvent &event)
{
    if (const auto *progress = std::get_if<events::Progress>(&event)) {
        TrainPoint point;
        point.step = progress->step;
        point.epoch = progress->epoch;
        point.loss = progress->loss;
        point.learningRate = progress->learningRate;
        m_history.training.append(point);
        m_pendingTraining.append(point);
        m_status.step = point.step;
        m_status.epoch = point.epoch;
        m_status.loss = point.loss;
        m_status.totalSteps = progress->totalSteps;
        m_status.examplesPerSecond = progress->examplesPerSecond;
        m_status.etaSeconds = progress->etaSeconds;
        m_pendingStatus = true;
        // The log says how it goes now and then, and at every new epoch, in the UI's language.
        const bool newEpoch = std::floor(progress->epoch) > std::floor(m_lastLoggedEpoch);
        if (!m_progressLine.isValid() || newEpoch || m_progressLine.elapsed() >= progressLineIntervalMs) {
            m_pendingLog.append(progressLogText(*progress));
            m_progressLine.start();
            m_lastLoggedEpoch = progress->epoch;
        }
    } else if (const auto *evaluation = std::get_if<events::Evaluation>(&event)) {
        const auto point = evaluationFrom(*evaluation);
        m_history.evaluations.append(point);
        m_pendingEvaluations.append(point);
        m_pendingLog.append(evaluationLogText(*evaluation));
    } else if (const auto *log = std::get_if<events::Log>(&event)) {
        // Typed lines are worded here, in the UI's language; the rest as the engine wrote them.
        m_pendingLog.append(log->message ? engineLogText(*log->message) : fromUtf8(log->line));
        // A features run's embedding is its progress until the head's first step.
        if (const auto *embedded = log->message ? std::get_if<core::train::TextsEmbedded>(&*log->message) : nullptr) {
            m_status.textsEmbedded = embedded->done;
            m_status.textsToEmbed = embedded->total;
            m_status.textsPerSecond = embedded->textsPerSecond;
            m_status.embeddingSecondsLeft = embedded->secondsLeft;
            m_pendingStatus = true;
        }
    } else if (const auto *run = std::get_if<events::RunStarted>(&event)) {
        m_history.runId = run->run;
        m_history.name = fromUtf8(run->name);
        m_device = fromUtf8(run->device);
        setState(State::Running);
        Q_EMIT runStarted(m_history.runId, m_history.name, m_device, run->resumed);
    } else if (const auto *resumed = std::get_if<events::Resumed>(&event)) {
        // A resumed run replays from its checkpoint: what came after it is gone.
        auto after = [step = resumed->step](const auto &point) { return point.step > step; };
        m_history.training.removeIf(after);
        m_history.evaluations.removeIf(after);
    } else if (const auto *state = std::get_if<events::State>(&event)) {
        flush(); // the steps reported before the change belong before it
        switch (state->state) {
        case events::State::Kind::Paused: setState(State::Paused); break;
        case events::State::Kind::Running: setState(State::Running); break;
        case events::State::Kind::Stopping: setState(State::Stopping); break;
        }
    } else if (const auto *result = std::get_if<events::Result>(&event)) {
        m_ended = true;
        flush();
        auto outcome = outcomeFrom(*result);
        if (outcome.runId < 0)
            outcome.runId = m_history.runId;
        Q_EMIT runEnded(outcome);
    } else if (const auto *failed = std::get_if<events::Failed>(&event)) {
        m_ended = true;
        flush();
        Q_EMIT runFailed(failed->run.value_or(-1), fromUtf8(failed->message));
    }
    scheduleFlush();
}

void TrainingController::flush()
{
    m_flushTimer.stop();
    if (!m_pendingStatus && m_pendingLog.isEmpty() && m_pendingEvaluations.isEmpty() && m_pendingTraining.isEmpty())
        return;
    ++m_updatesSent;
    const auto training = std::exchange(m_pendingTraining, {});
    const auto evaluations = std::exchange(m_pendingEvaluations, {});
    const auto log = std::exchange(m_pendingLog, {});
    m_pendingStatus = false;
    Q_EMIT updated(training, evaluations, m_status, log);
}

void TrainingController::processEnded(const QString &failure)
{
    if (!m_process)
        return;
    flush();
    if (!m_ended)
        Q_EMIT runFailed(m_history.runId,
                         failure.isEmpty() ? tr("The training process ended without a result.") : failure);
    m_process.release()->deleteLater(); // it is emitting the signal that brought us here
    m_configFile.reset();
    setState(State::Idle);
    startNextQueued();
}

void TrainingController::startNextQueued()
{
    if (m_queue.isEmpty())
        return;
    const auto next = m_queue.takeFirst();
    Q_EMIT queueChanged();
    start(next);
}

void TrainingController::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

} // namespace glossa::ui
