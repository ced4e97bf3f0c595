#include "ui/session/labelerrorsearch.h"

#include "ui/session/cliprocess.h"
#include "ui/session/qtcore.h"

namespace glossa::ui {

namespace events = core::train::events;

namespace {

// How long a cancelled search may take to end its step before SIGTERM, and SIGKILL after.
constexpr int cancelGraceMs = 3000;

} // namespace

LabelErrorSearch::LabelErrorSearch(QObject *parent)
    : QObject(parent)
{
}

LabelErrorSearch::~LabelErrorSearch()
{
    if (m_process)
        m_process->disconnect(this); // its destructor stops the child
}

void LabelErrorSearch::start(const QString &projectPath, qint64 runId, int folds)
{
    if (m_process)
        return;
    m_runId = runId;
    m_cancelled = false;
    m_failure.clear();
    m_process = std::make_unique<CliProcess>(CliProcess::Output::Events);
    connect(m_process.get(), &CliProcess::eventRead, this, &LabelErrorSearch::handleEvent);
    connect(m_process.get(), &CliProcess::ended, this, [this](int, const QString &failure) { processEnded(failure); });
    m_process->start({QStringLiteral("errors"), QStringLiteral("--project"), projectPath, QStringLiteral("--run"),
                      QString::number(runId), QStringLiteral("--folds"), QString::number(folds),
                      QStringLiteral("--events")});
    Q_EMIT progress(runId, 0, folds);
}

void LabelErrorSearch::cancel()
{
    if (!m_process)
        return;
    m_cancelled = true;
    m_process->requestStop(cancelGraceMs);
}

void LabelErrorSearch::handleEvent(const events::EngineEvent &event)
{
    if (const auto *fold = std::get_if<events::FoldStarted>(&event))
        Q_EMIT progress(m_runId, fold->fold - 1, fold->folds); // fold k starts: k - 1 are done
    else if (const auto *failed = std::get_if<events::Failed>(&event))
        m_failure = fromUtf8(failed->message);
}

void LabelErrorSearch::processEnded(const QString &failure)
{
    if (!m_process)
        return;
    m_process.release()->deleteLater(); // it is emitting the signal that brought us here
    if (m_cancelled) {
        Q_EMIT searchCancelled(m_runId);
        return;
    }
    if (failure.isEmpty()) {
        Q_EMIT searchFinished(m_runId);
        return;
    }
    // The engine's own reason when it gave one, else what became of the process.
    Q_EMIT searchFailed(m_runId, m_failure.isEmpty() ? failure : m_failure);
}

} // namespace glossa::ui
