#pragma once

#include <string>
#include <string_view>

namespace glossa::core::text {

// Guesses the language of one text: Google's CLD2 for most, the writing system for short CJK
// text (where CLD2 is unreliable) and for scripts that name their language outright.
// Returns an ISO 639 code ("en", "zh", "ja", "ar", ...) or "und" when it cannot tell.
// Thread-safe; needs valid UTF-8.
std::string guessLanguage(std::string_view utf8Text);

} // namespace glossa::core::text
