#include "ui/session/cliprocess.h"

#include "ui/session/qtcore.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

namespace glossa::ui {

namespace {

// The error output kept for a failure message: the engine's last lines say what went wrong.
constexpr qsizetype stderrTailBytes = 4096;

} // namespace

CliProcess::CliProcess(Output output, QObject *parent)
    : QObject(parent)
    , m_output(output)
{
    m_escalation.setSingleShot(true);
    connect(&m_escalation, &QTimer::timeout, this, [this] {
        if (!isRunning())
            return;
        if (m_terminated) {
            m_process->kill();
            return;
        }
        m_terminated = true;
        m_process->terminate();
        m_escalation.start();
    });
}

CliProcess::~CliProcess()
{
    if (!m_process)
        return;
    m_process->disconnect(this);
    if (isRunning())
        stopAndWait(3000);
}

QString CliProcess::program()
{
    auto configured = qEnvironmentVariable("GLOSSA_CLI");
    if (!configured.isEmpty())
        return configured;
    QString beside = QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("glossa-cli"));
    if (QFileInfo(beside).isExecutable())
        return beside;
    return QStandardPaths::findExecutable(QStringLiteral("glossa-cli"));
}

void CliProcess::start(const QStringList &arguments)
{
    if (m_process)
        return;
    m_pending.clear();
    m_skipping = false;
    m_stderrTail.clear();
    m_terminated = false;
    const QString executable = program();
    if (executable.isEmpty()) {
        // After start() returns, as QProcess reports its own failures to start.
        QMetaObject::invokeMethod(
            this,
            [this] { fail(tr("glossa-cli, which trains the models, was not found beside Glossa or on the PATH.")); },
            Qt::QueuedConnection);
        return;
    }
    m_process = std::make_unique<QProcess>();
    connect(m_process.get(), &QProcess::readyReadStandardOutput, this, &CliProcess::readOutput);
    connect(m_process.get(), &QProcess::readyReadStandardError, this, [this] {
        m_stderrTail.append(m_process->readAllStandardError());
        if (m_stderrTail.size() > stderrTailBytes)
            m_stderrTail = m_stderrTail.right(stderrTailBytes);
    });
    connect(m_process.get(), &QProcess::finished, this, &CliProcess::processEnded);
    connect(m_process.get(), &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error != QProcess::FailedToStart)
            return;
        const QString reason = m_process->errorString();
        m_process->disconnect(this);
        m_process.release()->deleteLater(); // it is emitting the signal that brought us here
        fail(tr("glossa-cli could not be started: %1").arg(reason));
    });
    m_process->start(executable, arguments);
}

bool CliProcess::isRunning() const
{
    return m_process && m_process->state() != QProcess::NotRunning;
}

void CliProcess::writeLine(const QByteArray &line)
{
    if (m_process && m_process->state() != QProcess::NotRunning)
        m_process->write(line + '\n');
}

void CliProcess::requestStop(int escalateAfterMs)
{
    if (!isRunning())
        return;
    // `predict` would classify "stop" as a text: only the event children read commands.
    if (m_output == Output::Events)
        writeLine("stop");
    m_process->closeWriteChannel();
    if (escalateAfterMs >= 0 && !m_escalation.isActive()) {
        m_escalation.setInterval(escalateAfterMs);
        m_escalation.start();
    }
}

void CliProcess::stopAndWait(int waitMs)
{
    if (!isRunning())
        return;
    requestStop();
    if (m_process->waitForFinished(waitMs) || !m_process)
        return;
    m_process->terminate();
    if (!m_process->waitForFinished(1000) && m_process)
        m_process->kill(); // QProcess would, on its way out; said here so the order is plain
}

void CliProcess::readOutput()
{
    if (!m_process)
        return;
    m_pending.append(m_process->readAllStandardOutput());
    qsizetype start = 0;
    for (qsizetype end = m_pending.indexOf('\n'); end >= 0; end = m_pending.indexOf('\n', start)) {
        if (!m_skipping)
            handleLine(m_pending.sliced(start, end - start));
        m_skipping = false;
        start = end + 1;
    }
    m_pending.remove(0, start);
    if (m_pending.size() > maxLineBytes) {
        // Skipped, not failed: an answer this long is a bug in the engine, and the lines after
        // it still mean what they say. The engine writes none this long (a report of 500
        // classes is a few MiB).
        qWarning("glossa-cli wrote a line longer than %lld bytes; it is skipped", static_cast<long long>(maxLineBytes));
        m_pending.clear();
        m_skipping = true;
    }
}

void CliProcess::handleLine(const QByteArray &line)
{
    const QByteArray trimmed = line.trimmed();
    if (trimmed.isEmpty())
        return;
    if (m_output == Output::Lines) {
        Q_EMIT lineRead(trimmed);
        return;
    }
    auto decoded = core::train::events::decode(std::string_view(trimmed.constData(), std::size_t(trimmed.size())));
    if (decoded.event)
        Q_EMIT eventRead(*decoded.event);
    else if (!decoded.error.empty())
        Q_EMIT lineRead(trimmed); // not an event: the owner shows it rather than lose it
    // else: a kind a newer engine writes, skipped
}

void CliProcess::processEnded(int exitCode, QProcess::ExitStatus status)
{
    if (!m_process)
        return;
    m_escalation.stop();
    readOutput();
    if (!m_skipping && !m_pending.isEmpty())
        handleLine(std::exchange(m_pending, {})); // a last line without its end counts
    m_stderrTail.append(m_process->readAllStandardError());
    auto process = std::move(m_process);
    process->disconnect(this);
    process.release()->deleteLater(); // it may be emitting the signal that brought us here

    if (status == QProcess::NormalExit && exitCode == 0) {
        Q_EMIT ended(0, {});
        return;
    }
    QString failure = status == QProcess::CrashExit ? tr("glossa-cli crashed or was killed.")
                                                    : tr("glossa-cli ended with exit code %1.").arg(exitCode);
    const auto lines = QString::fromUtf8(m_stderrTail).trimmed().split(QLatin1Char('\n'));
    if (!lines.constLast().isEmpty())
        failure += QLatin1Char(' ') + lines.constLast().trimmed();
    Q_EMIT ended(status == QProcess::NormalExit ? exitCode : -1, failure);
}

void CliProcess::fail(const QString &failure)
{
    Q_EMIT ended(-1, failure);
}

} // namespace glossa::ui
