#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace glossa::cli {

// Human-readable lines on stdout, or with --json one JSON document per command.
void printJson(const nlohmann::ordered_json &value);
// A name or text from a project or an input, safe to print on a terminal: control
// characters and bidirectional overrides written out ("\x1b", "\u202e"), so a dataset, label
// or run name cannot recolour, clear or reorder what the user reads. JSON output needs none
// of this (printJson escapes what JSON must).
std::string printable(std::string_view text);
// Thousands separators: 1234567 -> "1,234,567".
std::string groupDigits(long long value);

} // namespace glossa::cli
