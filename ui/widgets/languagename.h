#pragma once

#include <QString>

namespace glossa::ui {

// A language code ("pl", "zh-Hant", "und") as the analyst reads it, in the UI's language
// (QLocale's default): "Polish" in the English UI, "波兰语" in the Chinese one. A code no
// language is known by stays as it is; "und" (no language) is said as such.
QString languageDisplayName(const QString &code);

// "Polish (pl)": the name with its code, for lists where the code is what the data holds.
QString languageNameWithCode(const QString &code);

} // namespace glossa::ui
