#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace glossa::core::data {

// The byte offset of the first invalid UTF-8 sequence, or nullopt when the text is valid.
// Validation runs at SIMD speed (simdjson); the offset is only searched for on failure.
std::optional<size_t> firstInvalidUtf8(std::string_view text);

// Whitespace trimmed from both ends (ASCII whitespace and U+00A0 / U+3000 are not special:
// only what a CSV editor adds by accident).
std::string_view trimmed(std::string_view text);

} // namespace glossa::core::data
