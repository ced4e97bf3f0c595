#pragma once

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

} // namespace glossa::core::store
