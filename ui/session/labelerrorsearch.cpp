#include "ui/session/labelerrorsearch.h"

#include "ui/session/trainingcontroller.h"

#include <QRegularExpression>

namespace glossa::ui {

namespace {

// The error output kept for a failure message: the engine's last lines say what went wrong.
constexpr qsizetype stderrTailBytes = 4096;

} // namespace

LabelErrorSearch::LabelErrorSearch(QObject *parent)
    : QObject(parent)
{
}

LabelErrorSearch::~LabelErrorSearch()
{
    if (m_process) {
        m_process->disconnect(this);
        m_process->terminate();
        m_process->waitForFinished(3000);
    }
}

void LabelErrorSearch::start(const QString &projectPath, qint64 runId, int folds)
{
    if (m_process)
        return;
    const QString program = TrainingController::cliPath();
    m_runId = runId;
    if (program.isEmpty()) {
        Q_EMIT searchFailed(runId,
                            tr("glossa-cli, which trains the models, was not found beside Glossa or on the PATH."));
        return;
    }
    m_cancelled = false;
    m_stderr.clear();
    m_process = std::make_unique<QProcess>();
    m_process->setProcessChannelMode(QProcess::SeparateChannels);
    m_process->setStandardOutputFile(QProcess::nullDevice()); // the results are read from the project
    connect(m_process.get(), &QProcess::readyReadStandardError, this, &LabelErrorSearch::readProgress);
    connect(m_process.get(), &QProcess::finished, this, &LabelErrorSearch::processEnded);
    connect(m_process.get(), &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart)
            processEnded(-1, QProcess::CrashExit);
    });
    m_process->start(program, {QStringLiteral("errors"), QStringLiteral("--project"), projectPath,
                               QStringLiteral("--run"), QString::number(runId), QStringLiteral("--folds"),
                               QString::number(folds), QStringLiteral("--recompute"), QStringLiteral("--json")});
    Q_EMIT progress(runId, 0, folds);
}

void LabelErrorSearch::cancel()
{
    if (!m_process)
        return;
    m_cancelled = true;
    m_process->terminate();
}

void LabelErrorSearch::readProgress()
{
    static const QRegularExpression foldLine(QStringLiteral("label errors: fold (\\d+) of (\\d+),"));
    const QByteArray chunk = m_process->readAllStandardError();
    m_stderr.append(chunk);
    if (m_stderr.size() > stderrTailBytes)
        m_stderr = m_stderr.right(stderrTailBytes);
    auto matches = foldLine.globalMatch(QString::fromUtf8(chunk));
    while (matches.hasNext()) {
        const auto match = matches.next();
        // "fold k of n" starts fold k: k - 1 are done.
        Q_EMIT progress(m_runId, match.captured(1).toInt() - 1, match.captured(2).toInt());
    }
}

void LabelErrorSearch::processEnded(int exitCode, QProcess::ExitStatus status)
{
    if (!m_process)
        return;
    auto process = std::move(m_process);
    process->disconnect(this);
    process.release()->deleteLater(); // it is emitting the signal that brought us here
    if (m_cancelled) {
        Q_EMIT searchCancelled(m_runId);
        return;
    }
    if (status == QProcess::NormalExit && exitCode == 0) {
        Q_EMIT searchFinished(m_runId);
        return;
    }
    QString message = QString::fromUtf8(m_stderr).trimmed();
    const auto lines = message.split(QLatin1Char('\n'));
    // The engine's last word is the reason ("glossa-cli: ..."), progress lines come before it.
    message = lines.isEmpty() ? QString() : lines.last();
    if (message.isEmpty())
        message = exitCode < 0 ? tr("glossa-cli could not be started.") : tr("glossa-cli ended unexpectedly.");
    Q_EMIT searchFailed(m_runId, message);
}

} // namespace glossa::ui
