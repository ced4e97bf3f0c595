#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace glossa::core::store {

class Database;

// Named sets of training settings kept in the project (table presets), so a configuration that
// worked can be picked again in the Train tab, on any machine the project is opened on. Names
// are compared after trimming surrounding blanks: " fast " and "fast" are the same preset.
class PresetStore
{
public:
    explicit PresetStore(Database &db);

    // Sorted case-insensitively (ASCII), ties in byte order.
    std::vector<std::string> names();
    // Inserts or overwrites. configJson is TrainConfig::toJsonString(); throws core::Error, writing
    // nothing, for a blank name or settings that do not parse or could not train.
    void save(std::string_view name, std::string_view configJson);
    // The settings as saved, or nullopt when there is no preset of that name.
    std::optional<std::string> load(std::string_view name);
    // False when there was no preset of that name.
    bool remove(std::string_view name);

private:
    Database &m_db;
};

} // namespace glossa::core::store
