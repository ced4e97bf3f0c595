#pragma once

#include "train/trainconfig.h"

#include <QString>

#include <optional>
#include <string>

namespace glossa::ui {

// How the editor writes and reads a setting. Numbers use '.' whatever the locale, so what one
// types is what `glossa-cli train --set` takes; log-scale reals (learning rates) read as 3e-4.
QString formatReal(double value, bool scientific);
// The text an editor holds: the raw choice value, "true"/"false", the number as typed.
QString editText(const core::train::ConfigField &field, const core::train::ConfigValue &value);
// The value as a person reads it in messages, undo texts and comparisons (choices by name).
QString displayText(const core::train::ConfigField &field, const core::train::ConfigValue &value);
// "8 to 2048"; empty for fields without a range.
QString rangeText(const core::train::ConfigField &field);

struct ParsedValue
{
    std::optional<core::train::ConfigValue> value; // empty: error says why
    QString error;
};
ParsedValue parseEditText(const core::train::ConfigField &field, const QString &text);

// validate()'s problem in the user's language where the editor knows it, else core's English.
QString problemMessage(const core::train::TrainConfig &config, const core::train::ConfigProblem &problem);

} // namespace glossa::ui
