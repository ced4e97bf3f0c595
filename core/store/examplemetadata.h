#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace glossa::core::store {

// The columns of an imported file that no field reads (a ticket's customer, its creation
// date), kept with each example so an export gives them back and a corrected file joins back
// to its source. Stored as a JSON object of strings in the file's order (examples.metadata);
// an import keeps the names of those columns in order as a JSON array
// (imports.metadata_columns).
using Metadata = std::vector<std::pair<std::string, std::string>>;

// At most this many such columns are kept per import (the rest are counted and named in the
// import summary): a wide export from a ticket system has a few hundred.
inline constexpr std::size_t maxMetadataColumns = 256;

// The JSON object for one example: {"column": "value", ...}. Empty for no pairs (stored as NULL).
std::string metadataToJson(const Metadata &metadata);

// Reads what metadataToJson wrote, from a project file that may have been altered elsewhere:
// anything but an object reads as no metadata, a value that is not a string as its JSON text,
// and text longer than maxBytes or nested deeper than a few levels is not parsed at all.
Metadata metadataFromJson(std::string_view json, std::size_t maxBytes = 1 << 20);

// The column names of an import or a dataset: ["created", "customer"], and back. Reading
// refuses nothing: what is not an array of strings gives no names.
std::string columnNamesToJson(const std::vector<std::string> &names);
std::vector<std::string> columnNamesFromJson(std::string_view json, std::size_t maxBytes = 1 << 20);

} // namespace glossa::core::store
