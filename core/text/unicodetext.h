#pragma once

#include <string>
#include <string_view>

namespace glossa::core::text {

// Code points, for the tokenizers that look at characters (WordPiece, BPE) rather than bytes.
using CodePoints = std::u32string;

inline constexpr char32_t replacementCharacter = 0xFFFD;

// Invalid bytes read as U+FFFD, one each (as a Python string decoded with errors="replace").
CodePoints decodeUtf8(std::string_view text);
std::string encodeUtf8(std::u32string_view points);
void appendUtf8(std::string &out, char32_t cp);

// Unicode's normalisation forms, as utf8proc implements them.
enum class NormalForm { Nfc, Nfd, Nfkc, Nfkd };
CodePoints normalised(const CodePoints &text, NormalForm form);

// Unicode's White_Space property (Python's str.isspace() less the four separators it adds,
// Rust's char::is_whitespace, \s in the regex engines of the tokenizers library).
bool isUnicodeWhitespace(char32_t cp);

} // namespace glossa::core::text
