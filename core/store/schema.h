#pragma once

#include <string>
#include <vector>

namespace glossa::core::store {

class Database;

// 'GLSA': lets Glossa tell its own project files from any other SQLite file.
inline constexpr int projectApplicationId = 0x474C5341;

// The schema version this build writes. Opening a file with a higher PRAGMA user_version is
// refused; a lower one is migrated forward, one step at a time, in one transaction.
int currentSchemaVersion();

// Applies the migrations from the file's version up to targetVersion (tests use a lower
// target to build files as an older Glossa would have written them).
void migrate(Database &db, int targetVersion);

// One object of a project's schema as sqlite_schema lists it.
struct SchemaObject
{
    std::string type; // table, index, view or trigger
    std::string name;
    std::string table; // the table an index or trigger belongs to; the object itself otherwise
    std::string sql;   // NULL (empty) for SQLite's automatic indexes
};

// What Glossa's own migrations create up to a version, in creation order: the schema a file
// of that version must have (built once per version in memory, from the migrations above).
const std::vector<SchemaObject> &expectedSchema(int version);

// Definitions an older Glossa wrote before a shipped migration's text was tidied, as
// (object name, text in today's migration, text it had then); the same object either way.
struct SchemaVariant
{
    const char *name;
    const char *current;
    const char *former;
};
const std::vector<SchemaVariant> &formerSchemaVariants();

} // namespace glossa::core::store
