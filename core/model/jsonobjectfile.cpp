#include "model/jsonobjectfile.h"

#include "util/boundedfile.h"
#include "util/error.h"

#include <nlohmann/json.hpp>

#include <string>

namespace glossa::core::model {

nlohmann::json readJsonObjectFile(const std::filesystem::path &file, std::size_t maxBytes, int maxDepth,
                                  std::string_view what)
{
    return parseJsonObject(file, readBoundedFile(file, maxBytes, what), maxDepth, what);
}

nlohmann::json parseJsonObject(const std::filesystem::path &file, std::string_view text, int maxDepth,
                               std::string_view what)
{
    if (jsonNestsDeeperThan(text, maxDepth))
        throw Error(file.string() + ": nests deeper than the " + std::to_string(maxDepth) + " levels a model's "
                    + std::string(what) + " has; it is not read");
    nlohmann::json json;
    try {
        json = nlohmann::json::parse(text);
    } catch (const nlohmann::json::exception &e) {
        throw Error(file.string() + ": not valid JSON: " + e.what());
    }
    if (!json.is_object())
        throw Error(file.string() + ": not a JSON object");
    return json;
}

} // namespace glossa::core::model
