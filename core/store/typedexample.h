#pragma once

#include <cstdint>
#include <string_view>

namespace glossa::core::store {

class Database;

// A text typed in the Compare tab, stored as an example of the dataset with a label: one
// transaction, and the label is journalled (source 'user'), so the history shows where it came
// from (under description). Its external id is "typed-<id>". Returns the new example's id.
std::int64_t addTypedExample(Database &db, std::int64_t datasetId, std::string_view text, std::string_view lang,
                             std::int64_t labelId, std::string_view split, std::string_view description);

} // namespace glossa::core::store
