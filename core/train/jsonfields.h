#pragma once

#include "train/metrics.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

// How the engine's JSON (events, stored reports) is read and written, the same way in every
// codec: a missing or null field is its default, so an older engine's output still reads; a
// field of the wrong type throws nlohmann's type_error, which each codec turns into an error.
namespace glossa::core::train::jsonfields {

using nlohmann::ordered_json;

// One line (or an indented text) of JSON; invalid UTF-8 in a text (a log line quoting a file
// name, a label from a project file) is replaced, never thrown about.
inline std::string dumped(const ordered_json &json, int indent = -1)
{
    return json.dump(indent, ' ', false, ordered_json::error_handler_t::replace);
}

// [low, high], or null for none.
inline ordered_json intervalJson(const std::optional<Interval> &interval)
{
    return interval ? ordered_json::array({interval->low, interval->high}) : ordered_json();
}

template <typename T> T field(const ordered_json &json, const char *key, T fallback = {})
{
    const auto it = json.find(key);
    return it == json.end() || it->is_null() ? fallback : it->get<T>();
}

// std::nullopt for a missing or null field.
template <typename T> std::optional<T> optionalField(const ordered_json &json, const char *key)
{
    const auto it = json.find(key);
    return it == json.end() || it->is_null() ? std::nullopt : std::optional<T>(it->get<T>());
}

// An interval written by intervalJson; anything else is none.
inline std::optional<Interval> intervalField(const ordered_json &json, const char *key)
{
    const auto it = json.find(key);
    if (it == json.end() || !it->is_array() || it->size() != 2)
        return std::nullopt;
    return Interval{(*it)[0].get<double>(), (*it)[1].get<double>()};
}

} // namespace glossa::core::train::jsonfields
