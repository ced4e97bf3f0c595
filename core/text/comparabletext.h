#pragma once

#include <string>
#include <string_view>

namespace glossa::core::text {

// A text as duplicate detection compares it: Unicode NFKC (full-width and compatibility forms
// become their plain letters and digits), case folded, default-ignorable characters (zero-width
// spaces, soft hyphens) dropped, every run of whitespace one space, and no space at either end.
// Two texts an analyst would call "the same message" get the same string. Text that is not
// valid UTF-8 (the importer refuses it, so only from elsewhere) is compared as its trimmed bytes.
std::string comparableText(std::string_view text);

} // namespace glossa::core::text
