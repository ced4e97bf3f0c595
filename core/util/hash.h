#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace glossa::core {

// Lower-case hex SHA-256 of a file's bytes; throws Error when the file cannot be read.
std::string sha256File(const std::filesystem::path &path);
std::string sha256Hex(std::string_view bytes);

} // namespace glossa::core
