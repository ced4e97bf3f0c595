#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace glossa::cli {

// Human-readable lines on stdout, or with --json one JSON document per command.
void printJson(const nlohmann::ordered_json &value);
// Thousands separators: 1234567 -> "1,234,567".
std::string groupDigits(long long value);

} // namespace glossa::cli
