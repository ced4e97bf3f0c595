#include "store/presetstore.h"

#include "store/database.h"
#include "train/trainconfig.h"
#include "util/clock.h"
#include "util/error.h"

namespace glossa::core::store {
namespace {

std::string_view trimmed(std::string_view text)
{
    constexpr std::string_view blanks = " \t\r\n\f\v";
    const auto first = text.find_first_not_of(blanks);
    if (first == std::string_view::npos)
        return {};
    return text.substr(first, text.find_last_not_of(blanks) - first + 1);
}

} // namespace

PresetStore::PresetStore(Database &db)
    : m_db(db)
{
}

std::vector<std::string> PresetStore::names()
{
    auto query = m_db.prepare("SELECT name FROM presets ORDER BY lower(name), name");
    std::vector<std::string> result;
    while (query.step())
        result.push_back(query.text(0));
    return result;
}

void PresetStore::save(std::string_view name, std::string_view configJson)
{
    const auto key = trimmed(name);
    if (key.empty())
        throw Error("A preset needs a name; the name given was empty or only blanks.");
    // A preset is picked to train with, so one that could not train is refused now rather than
    // when the analyst starts a run from it.
    try {
        train::TrainConfig::fromJsonString(configJson).requireValid();
    } catch (const Error &e) {
        throw Error("The preset '" + std::string(key)
                    + "' was not saved because its settings are not valid: " + e.what());
    }
    const auto now = nowMs();
    m_db.prepare(R"sql(
INSERT INTO presets (name, config_json, created_at, updated_at) VALUES (?1, ?2, ?3, ?3)
ON CONFLICT (name) DO UPDATE SET config_json = excluded.config_json, updated_at = excluded.updated_at)sql")
        .bind(1, key)
        .bind(2, configJson)
        .bind(3, now)
        .run();
}

std::optional<std::string> PresetStore::load(std::string_view name)
{
    const auto key = trimmed(name);
    auto query = m_db.prepare("SELECT config_json FROM presets WHERE name = ?1");
    query.bind(1, key);
    if (!query.step())
        return std::nullopt;
    return query.text(0);
}

bool PresetStore::remove(std::string_view name)
{
    const auto key = trimmed(name);
    m_db.prepare("DELETE FROM presets WHERE name = ?1").bind(1, key).run();
    return m_db.changes() > 0;
}

} // namespace glossa::core::store
