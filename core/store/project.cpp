#include "store/project.h"

#include "store/runstore.h"
#include "store/schema.h"
#include "util/error.h"

#include <string>

namespace glossa::core::store {
namespace {

// Per-connection settings. WAL lets readers and one writer work at once; NORMAL
// synchronisation in WAL mode still never corrupts the file on a crash (it may lose the
// last commit on power loss, not on a process kill).
void configure(Database &db)
{
    db.exec("PRAGMA foreign_keys = ON");
    db.exec("PRAGMA synchronous = NORMAL");
    db.exec("PRAGMA temp_store = MEMORY");
    db.exec("PRAGMA cache_size = -32768"); // 32 MiB
    // Checkpoints run on the WalCheckpointer's thread, not inside a commit (see there).
    db.exec("PRAGMA wal_autocheckpoint = 0");
}

bool isEmptyDatabase(Database &db)
{
    return db.queryInt("SELECT count(*) FROM sqlite_schema") == 0;
}

// Reads the identity of the file before anything writes to it, so a refused file is left
// exactly as it was.
void checkIdentity(Database &db)
{
    std::int64_t appId = 0;
    try {
        appId = db.queryInt("PRAGMA application_id");
    } catch (const Error &) {
        throw Error(db.file().string() + ": not a Glossa project (the file is not an SQLite database)");
    }
    const auto version = db.queryInt("PRAGMA user_version");
    if (appId != projectApplicationId) {
        if (appId == 0 && version == 0 && isEmptyDatabase(db))
            return; // a fresh file, about to be initialised
        throw Error(db.file().string() + ": not a Glossa project (it is an SQLite database of another application)");
    }
    if (version > currentSchemaVersion())
        throw Error(db.file().string() + ": this project was written by a newer version of Glossa (schema "
                    + std::to_string(version) + "; this version reads up to schema "
                    + std::to_string(currentSchemaVersion()) + "). Open it with a newer Glossa.");
}

} // namespace

Project::Project(std::filesystem::path file, Database db)
    : m_file(std::move(file))
    , m_db(std::move(db))
    , m_checkpointer(std::make_unique<WalCheckpointer>(m_file))
{
}

Project Project::create(const std::filesystem::path &file)
{
    if (std::filesystem::exists(file))
        throw Error(file.string() + ": a file of that name already exists");
    if (file.has_parent_path() && !std::filesystem::is_directory(file.parent_path()))
        throw Error(file.string() + ": the folder " + file.parent_path().string() + " does not exist");
    return openOrCreate(file);
}

Project Project::open(const std::filesystem::path &file)
{
    if (!std::filesystem::exists(file))
        throw Error(file.string() + ": no such project file");
    if (std::filesystem::is_directory(file))
        throw Error(file.string() + ": is a folder, not a project file");
    // A refused file must be left exactly as it was: closing the connection must not fold a
    // leftover write-ahead log (a newer Glossa's last commits) into it, and the log and index
    // files that merely reading a WAL-mode file creates are removed again.
    auto sibling = [&](const char *suffix) { return std::filesystem::path(file.string() + suffix); };
    const bool hadLog = std::filesystem::exists(sibling("-wal"));
    const bool hadIndex = std::filesystem::exists(sibling("-shm"));
    Database db(file, Database::Mode::ReadWrite);
    db.setCheckpointOnClose(false);
    try {
        checkIdentity(db);
        if (isEmptyDatabase(db))
            throw Error(file.string() + ": not a Glossa project (empty file)");
    } catch (...) {
        db = Database(); // closes
        std::error_code ignored;
        if (!hadLog)
            std::filesystem::remove(sibling("-wal"), ignored);
        if (!hadIndex)
            std::filesystem::remove(sibling("-shm"), ignored);
        throw;
    }
    db.setCheckpointOnClose(true);
    db.exec("PRAGMA journal_mode = WAL");
    configure(db);
    if (db.queryInt("PRAGMA user_version") < currentSchemaVersion())
        migrate(db, currentSchemaVersion());
    // A run whose process was killed says "running" for ever; opening the project tells the
    // truth about it (and makes it resumable).
    RunStore(db, artefactDirOf(file)).markInterrupted(staleRunAfterMs);
    return Project(file, std::move(db));
}

Project Project::openOrCreate(const std::filesystem::path &file)
{
    if (std::filesystem::exists(file))
        return open(file);
    if (file.has_parent_path() && !std::filesystem::is_directory(file.parent_path()))
        throw Error(file.string() + ": the folder " + file.parent_path().string() + " does not exist");
    Database db(file, Database::Mode::ReadWriteCreate);
    checkIdentity(db);
    db.exec("PRAGMA journal_mode = WAL");
    configure(db);
    migrate(db, currentSchemaVersion());
    return Project(file, std::move(db));
}

std::filesystem::path Project::artefactDirOf(const std::filesystem::path &file)
{
    return file.parent_path() / (file.stem().string() + ".artefacts");
}

std::filesystem::path Project::artefactDir() const
{
    auto dir = artefactDirOf(m_file);
    std::filesystem::create_directories(dir);
    return dir;
}

Database Project::connect() const
{
    return connectTo(m_file);
}

Database Project::connectTo(const std::filesystem::path &file)
{
    Database db(file, Database::Mode::ReadWrite);
    configure(db);
    return db;
}

int Project::schemaVersion()
{
    return static_cast<int>(m_db.queryInt("PRAGMA user_version"));
}

} // namespace glossa::core::store
