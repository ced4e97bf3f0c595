#pragma once

#include "store/schema.h"

#include <string>
#include <vector>

namespace glossa::core::store {

class Database;

// A project file comes from outside (analysts mail them to each other), and SQLite runs the
// code a schema holds: a trigger planted on `examples` fires during an ordinary import. So
// before anything reads or writes a row, the file's schema is compared with the one Glossa's
// migrations make for its version: every table, index, view and trigger by kind, name, table
// and definition (comments and spacing aside).
struct SchemaFinding
{
    enum class Kind { Foreign, Altered, Missing };
    Kind kind;
    SchemaObject object; // as the file has it; as expected for a missing one
};

// Reads sqlite_schema only; the connection must not trust the schema yet. A schema that cannot
// even be read is a damaged file, which Database reports as such.
std::vector<SchemaFinding> checkSchema(Database &db, int version);

// One sentence per finding, such as "the trigger 'wipe' on examples, which Glossa does not create".
std::vector<std::string> describeSchemaFindings(const std::vector<SchemaFinding> &findings);

// Whether repairSchema can put every finding right without touching a row of data: foreign
// objects are dropped, Glossa's own indexes, views and triggers recreated. A table that is
// altered or missing cannot be.
bool canRepairSchema(const std::vector<SchemaFinding> &findings);

// Drops the foreign objects and recreates the altered or missing indexes, views and triggers
// from their definitions, in one transaction; returns a line per change. Throws Error, changing
// nothing, when canRepairSchema is false.
std::vector<std::string> repairSchema(Database &db, int version, const std::vector<SchemaFinding> &findings);

// The definition without comments and with every run of spacing as one space, outside quotes.
std::string normalizedSql(const std::string &sql);

} // namespace glossa::core::store
