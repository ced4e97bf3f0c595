#include "ui/session/trainingcontroller.h"

#include "ui/session/runreport.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QStandardPaths>
#include <QTemporaryFile>

namespace glossa::ui {

namespace {
constexpr int flushIntervalMs = 40;
constexpr int stderrTailBytes = 4000;

EvalPoint evaluationFrom(const QJsonObject &event)
{
    EvalPoint point;
    point.step = event.value(QLatin1String("step")).toInteger();
    point.epoch = event.value(QLatin1String("epoch")).toDouble();
    point.loss = event.value(QLatin1String("loss")).toDouble();
    point.accuracy = event.value(QLatin1String("accuracy")).toDouble();
    point.macroF1 = event.value(QLatin1String("macro_f1")).toDouble();
    point.microF1 = event.value(QLatin1String("micro_f1")).toDouble();
    point.best = event.value(QLatin1String("best")).toBool();
    readEvaluationScores(event, point);
    return point;
}
} // namespace

TrainingController::TrainingController(QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<glossa::ui::TrainingStatus>();
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
        m_process->closeWriteChannel();
        m_process->waitForFinished(10000);
    }
}

QString TrainingController::cliPath()
{
    const auto configured = qEnvironmentVariable("GLOSSA_CLI");
    if (!configured.isEmpty())
        return configured;
    const QString beside = QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("glossa-cli"));
    if (QFileInfo(beside).isExecutable())
        return beside;
    return QStandardPaths::findExecutable(QStringLiteral("glossa-cli"));
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
    m_stderrTail.clear();
    m_startedAt = QDateTime::currentDateTime();

    QStringList arguments{QStringLiteral("train"), QStringLiteral("--project"), request.projectPath,
                          QStringLiteral("--events")};
    if (request.isResume()) {
        arguments << QStringLiteral("--resume") << QString::number(request.resumeRunId);
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

    const QString program = cliPath();
    if (program.isEmpty()) {
        Q_EMIT runFailed(-1, tr("glossa-cli, which trains the models, was not found beside Glossa or on the PATH."));
        startNextQueued();
        return;
    }
    m_process = std::make_unique<QProcess>();
    connect(m_process.get(), &QProcess::readyReadStandardOutput, this, &TrainingController::readEvents);
    connect(m_process.get(), &QProcess::readyReadStandardError, this, [this] {
        m_stderrTail.append(m_process->readAllStandardError());
        if (m_stderrTail.size() > stderrTailBytes)
            m_stderrTail = m_stderrTail.right(stderrTailBytes);
    });
    connect(m_process.get(), &QProcess::finished, this, &TrainingController::processEnded);
    connect(m_process.get(), &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart)
            processEnded(-1, QProcess::CrashExit);
    });
    setState(State::Starting);
    m_process->start(program, arguments);
}

void TrainingController::send(const QByteArray &command)
{
    if (m_process && m_process->state() == QProcess::Running)
        m_process->write(command + '\n');
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
    if (m_state == State::Starting || m_state == State::Running || m_state == State::Paused) {
        send("stop");
        setState(State::Stopping);
    }
}

void TrainingController::stopAndWait(int waitMs)
{
    m_queue.clear();
    if (!m_process)
        return;
    stop();
    m_process->closeWriteChannel();
    m_process->waitForFinished(waitMs);
}

void TrainingController::readEvents()
{
    while (m_process && m_process->canReadLine()) {
        const QByteArray line = m_process->readLine().trimmed();
        if (line.isEmpty())
            continue;
        QJsonParseError error;
        const auto document = QJsonDocument::fromJson(line, &error);
        if (error.error != QJsonParseError::NoError || !document.isObject()) {
            m_pendingLog.append(QString::fromUtf8(line)); // not an event: show it rather than lose it
            continue;
        }
        handleEvent(document.object());
    }
    if (!m_flushTimer.isActive() && (m_pendingStatus || !m_pendingLog.isEmpty() || !m_pendingEvaluations.isEmpty()))
        m_flushTimer.start();
}

void TrainingController::handleEvent(const QJsonObject &event)
{
    const QString kind = event.value(QLatin1String("event")).toString();
    if (kind == QLatin1String("progress")) {
        TrainPoint point;
        point.step = event.value(QLatin1String("step")).toInteger();
        point.epoch = event.value(QLatin1String("epoch")).toDouble();
        point.loss = event.value(QLatin1String("loss")).toDouble();
        point.learningRate = event.value(QLatin1String("learning_rate")).toDouble();
        m_history.training.append(point);
        m_pendingTraining.append(point);
        m_status.step = point.step;
        m_status.epoch = point.epoch;
        m_status.loss = point.loss;
        m_status.totalSteps = event.value(QLatin1String("total_steps")).toInteger();
        m_status.examplesPerSecond = event.value(QLatin1String("examples_per_second")).toDouble();
        m_status.etaSeconds = event.value(QLatin1String("eta_seconds")).toDouble();
        m_pendingStatus = true;
    } else if (kind == QLatin1String("evaluation")) {
        const auto point = evaluationFrom(event);
        m_history.evaluations.append(point);
        m_pendingEvaluations.append(point);
    } else if (kind == QLatin1String("log")) {
        m_pendingLog.append(event.value(QLatin1String("line")).toString());
    } else if (kind == QLatin1String("run")) {
        m_history.runId = event.value(QLatin1String("run")).toInteger();
        m_history.name = event.value(QLatin1String("name")).toString();
        m_device = event.value(QLatin1String("device")).toString();
        setState(State::Running);
        Q_EMIT runStarted(m_history.runId, m_history.name, m_device, event.value(QLatin1String("resumed")).toBool());
    } else if (kind == QLatin1String("resumed")) {
        // A resumed run replays from its checkpoint: what came after it is gone.
        const qint64 step = event.value(QLatin1String("step")).toInteger();
        auto after = [step](const auto &point) { return point.step > step; };
        m_history.training.removeIf(after);
        m_history.evaluations.removeIf(after);
    } else if (kind == QLatin1String("state")) {
        flush(); // the steps reported before the change belong before it
        const QString state = event.value(QLatin1String("state")).toString();
        if (state == QLatin1String("paused"))
            setState(State::Paused);
        else if (state == QLatin1String("running"))
            setState(State::Running);
        else if (state == QLatin1String("stopping"))
            setState(State::Stopping);
    } else if (kind == QLatin1String("result")) {
        m_ended = true;
        flush();
        Q_EMIT runEnded(m_history.runId, event.value(QLatin1String("status")).toString(), event);
    } else if (kind == QLatin1String("failed")) {
        m_ended = true;
        flush();
        Q_EMIT runFailed(event.value(QLatin1String("run")).toInteger(-1),
                         event.value(QLatin1String("message")).toString());
    }
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

void TrainingController::processEnded(int exitCode, QProcess::ExitStatus exitStatus)
{
    if (!m_process)
        return;
    readEvents();
    m_stderrTail.append(m_process->readAllStandardError());
    flush();
    if (!m_ended) {
        QString message = exitStatus == QProcess::CrashExit && exitCode == -1 && !m_process->errorString().isEmpty()
                              ? tr("The training process could not run: %1").arg(m_process->errorString())
                              : tr("The training process ended unexpectedly (exit code %1).").arg(exitCode);
        const auto lines = QString::fromUtf8(m_stderrTail).trimmed().split(QLatin1Char('\n'));
        if (!lines.constLast().isEmpty())
            message += QLatin1Char(' ') + lines.constLast();
        Q_EMIT runFailed(m_history.runId, message);
    }
    m_process.release()->deleteLater(); // it may be the sender
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
