#include "ui/widgets/runstatustext.h"

#include <QCoreApplication>

namespace glossa::ui {

QString runStatusText(core::store::RunStatus status)
{
    using core::store::RunStatus;
    switch (status) {
    case RunStatus::Queued: return QCoreApplication::translate("glossa::ui::RunsTableModel", "queued");
    case RunStatus::Running: return QCoreApplication::translate("glossa::ui::RunsTableModel", "running");
    case RunStatus::Paused: return QCoreApplication::translate("glossa::ui::RunsTableModel", "paused");
    case RunStatus::Finished: return QCoreApplication::translate("glossa::ui::RunsTableModel", "finished");
    case RunStatus::Failed: return QCoreApplication::translate("glossa::ui::RunsTableModel", "failed");
    case RunStatus::Stopped: return QCoreApplication::translate("glossa::ui::RunsTableModel", "stopped");
    case RunStatus::Interrupted: return QCoreApplication::translate("glossa::ui::RunsTableModel", "interrupted");
    }
    return {};
}

} // namespace glossa::ui
