#include "store/examplemetadata.h"

#include "util/boundedfile.h"

#include <nlohmann/json.hpp>

#include <optional>

namespace glossa::core::store {
namespace {

using Json = nlohmann::ordered_json;

// Metadata is a flat object of strings; a value that nests is kept as its JSON text.
constexpr int maxDepth = 16;

std::string dumped(const Json &json)
{
    // Imported text is valid UTF-8; a project altered elsewhere may not be.
    return json.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::optional<Json> parsedWithin(std::string_view json, std::size_t maxBytes)
{
    if (json.empty() || json.size() > maxBytes || jsonNestsDeeperThan(json, maxDepth))
        return std::nullopt;
    auto parsed = Json::parse(json, nullptr, false);
    if (parsed.is_discarded())
        return std::nullopt;
    return parsed;
}

} // namespace

std::string metadataToJson(const Metadata &metadata)
{
    if (metadata.empty())
        return {};
    Json object = Json::object();
    for (const auto &[column, value] : metadata)
        object[column] = value;
    return dumped(object);
}

Metadata metadataFromJson(std::string_view json, std::size_t maxBytes)
{
    Metadata metadata;
    const auto parsed = parsedWithin(json, maxBytes);
    if (!parsed || !parsed->is_object())
        return metadata;
    metadata.reserve(parsed->size());
    for (const auto &[column, value] : parsed->items())
        metadata.emplace_back(column, value.is_string() ? value.get<std::string>() : dumped(value));
    return metadata;
}

std::string columnNamesToJson(const std::vector<std::string> &names)
{
    if (names.empty())
        return {};
    return dumped(Json(names));
}

std::vector<std::string> columnNamesFromJson(std::string_view json, std::size_t maxBytes)
{
    std::vector<std::string> names;
    const auto parsed = parsedWithin(json, maxBytes);
    if (!parsed || !parsed->is_array())
        return names;
    for (const auto &name : *parsed)
        if (name.is_string())
            names.push_back(name.get<std::string>());
    return names;
}

} // namespace glossa::core::store
