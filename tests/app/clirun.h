#pragma once

// glossa-cli run as a child process, for the tests that check what a user of the command line
// sees: exit code, stdout and stderr.

#include <QByteArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStringList>

namespace glossa::test {

struct CliRun
{
    int exitCode = -1;
    bool finished = false;
    QByteArray out;
    QByteArray err;

    QJsonObject json() const { return QJsonDocument::fromJson(out).object(); }
    // For failure messages: what the command said about itself.
    QByteArray describe() const
    {
        return "exit " + QByteArray::number(exitCode) + "; stdout: " + out.left(600) + "; stderr: " + err.left(600);
    }
};

// Runs glossa-cli (or, with `program`, another executable such as glossa-cli-engine beside it)
// with these arguments and `input` on its stdin (then closed).
inline CliRun runCli(const QStringList &arguments, const QByteArray &input = {},
                     const QString &program = QStringLiteral(GLOSSA_CLI_PATH))
{
    QProcess process;
    process.setProgram(program);
    process.setArguments(arguments);
    process.start();
    CliRun run;
    if (process.waitForStarted(10000)) {
        process.write(input);
        process.closeWriteChannel();
        // A generous bound, not a pause: waitForFinished returns as soon as the command exits.
        run.finished = process.waitForFinished(180000);
    }
    if (!run.finished) {
        process.kill();
        process.waitForFinished(5000);
    }
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    return run;
}

} // namespace glossa::test
