#pragma once

// QCustomPlot's header spells Qt's keywords, which glossa_common_cfg (QT_NO_KEYWORDS) turns off:
// every file that needs QCustomPlot includes it through here.
#define signals Q_SIGNALS
#define slots Q_SLOTS
#define emit Q_EMIT
#define foreach Q_FOREACH
#include <qcustomplot.h>
#undef signals
#undef slots
#undef emit
#undef foreach
