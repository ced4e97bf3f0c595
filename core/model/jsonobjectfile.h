#pragma once

#include <nlohmann/json_fwd.hpp>

#include <cstddef>
#include <filesystem>
#include <string_view>

namespace glossa::core::model {

// A model folder's JSON file (config.json, tokenizer_config.json), read as untrusted input: a
// regular file of at most maxBytes, nesting at most maxDepth levels (checked before parsing),
// valid JSON and an object; else an Error naming the file and the problem.
nlohmann::json readJsonObjectFile(const std::filesystem::path &file, std::size_t maxBytes, int maxDepth,
                                  std::string_view what);
// The same for text already read from file (to keep its bytes as well as its values).
nlohmann::json parseJsonObject(const std::filesystem::path &file, std::string_view text, int maxDepth,
                               std::string_view what);

} // namespace glossa::core::model
