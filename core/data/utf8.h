#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace glossa::core::data {

// The byte offset of the first invalid UTF-8 sequence, or nullopt when the text is valid.
// Validation runs at SIMD speed (simdjson); the offset is only searched for on failure.
std::optional<size_t> firstInvalidUtf8(std::string_view text);

// UTF-16 written without a byte order mark: text in the Latin, Greek or Cyrillic ranges has
// a NUL in every other byte (the high byte of each code unit), after it (little-endian) or
// before it (big-endian). Only sure enough for a message, not for reading the file.
enum class Utf16Guess { No, LittleEndian, BigEndian };
Utf16Guess guessUtf16WithoutBom(std::string_view head);

// Whitespace trimmed from both ends (ASCII whitespace and U+00A0 / U+3000 are not special:
// only what a CSV editor adds by accident).
std::string_view trimmed(std::string_view text);

} // namespace glossa::core::data
