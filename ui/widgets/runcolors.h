#pragma once

#include <QColor>

namespace glossa::ui {

// A run's colour, the same in every chart, table and legend of the app: picked by its id from
// a palette whose neighbours are easy to tell apart (also for the common colour-blindnesses).
QColor runColor(qint64 runId);

} // namespace glossa::ui
