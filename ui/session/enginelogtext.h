#pragma once

#include "train/engineevents.h"
#include "train/logmessage.h"

#include <QString>

namespace glossa::ui {

// The engine's common log lines in the UI's language, worded here (tr) from the typed fields
// of its events, never from the English text the engine writes beside them.
QString engineLogText(const core::train::LogMessage &message);
// "Step 120 of 900 · epoch 1.33 · loss 0.4123 · 1,234 examples/s · 2:05 left"
QString progressLogText(const core::train::events::Progress &progress);
// "Dev at step 120 (epoch 1.33): macro-F1 0.8123 · accuracy 0.8400 · loss 0.4100 · best so far"
QString evaluationLogText(const core::train::events::Evaluation &evaluation);
// The early-stopping metric's name as the settings editor says it ("macro-F1").
QString metricDisplayName(const QString &metric);

} // namespace glossa::ui
