#pragma once

#include "train/engineevents.h"

#include <QByteArray>
#include <QObject>
#include <QProcess>
#include <QStringList>
#include <QTimer>

#include <memory>

namespace glossa::ui {

// One glossa-cli child: `train --events`, `errors --events` or `predict --stream`. It finds the
// executable, starts it, writes lines to its stdin, reads its stdout a line at a time (partial
// lines wait for their end; a line longer than maxLineBytes is skipped), keeps the tail of its
// stderr for the failure message, and stops it one way: "stop" and the end of stdin, then
// SIGTERM, then SIGKILL. Every engine child of the workbench goes through this class.
class CliProcess : public QObject
{
    Q_OBJECT

public:
    // What stdout holds: event lines (eventRead, lineRead for a line that is no event), or
    // lines of the command's own (lineRead for each).
    enum class Output { Events, Lines };

    explicit CliProcess(Output output, QObject *parent = nullptr);
    // Stops a child still running and waits a moment for it (stopAndWait), without signals.
    ~CliProcess() override;

    // The glossa-cli to run: $GLOSSA_CLI, else the one beside this executable, else on PATH;
    // empty when there is none.
    static QString program();

    // Starts glossa-cli with these arguments; a failure to start (none found, not executable)
    // arrives as ended(), after this returns.
    void start(const QStringList &arguments);
    bool isRunning() const;
    // One line to stdin (the line end is added). Written while the child still starts: QProcess
    // keeps it until the pipe is open.
    void writeLine(const QByteArray &line);
    // Asks the child to end: "stop" on stdin (for a child that reads commands), then the end of
    // stdin. With an escalation delay, SIGTERM follows if it is still running after it, and
    // SIGKILL after as long again.
    void requestStop(int escalateAfterMs = -1);
    // For quitting: requestStop, then waits at most waitMs, SIGTERM and a second more. Signals
    // still arrive (ended among them).
    void stopAndWait(int waitMs);

    static constexpr qsizetype maxLineBytes = qsizetype(64) << 20;

Q_SIGNALS:
    void eventRead(const glossa::core::train::events::EngineEvent &event);
    void lineRead(const QByteArray &line);
    // The child is gone. failure is empty after exit code 0; else it says what happened (could
    // not start, crashed, exit code) and the last line of stderr, the engine's reason.
    void ended(int exitCode, const QString &failure);

private:
    void readOutput();
    void handleLine(const QByteArray &line);
    void processEnded(int exitCode, QProcess::ExitStatus status);
    void fail(const QString &failure);

    Output m_output;
    std::unique_ptr<QProcess> m_process;
    QByteArray m_pending;    // a line without its end yet
    bool m_skipping = false; // in a line longer than maxLineBytes: drop up to its end
    QByteArray m_stderrTail;
    QTimer m_escalation;
    bool m_terminated = false; // the escalation sent SIGTERM: SIGKILL is next
};

} // namespace glossa::ui
