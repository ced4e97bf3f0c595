#pragma once

#include "store/runstatus.h"

#include <QString>

namespace glossa::ui {

// A run's status as the workbench shows it (the runs table, the dock, the Train tab), in the
// analyst's language.
QString runStatusText(core::store::RunStatus status);

} // namespace glossa::ui
