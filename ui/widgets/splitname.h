#pragma once

#include <QString>

namespace glossa::ui {

// "train", "dev", "test" as the UI language says them.
QString splitDisplayName(const QString &split);

} // namespace glossa::ui
