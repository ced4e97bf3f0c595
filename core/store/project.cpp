#include "store/project.h"

#include "store/artefactpath.h"
#include "store/runstore.h"
#include "store/schema.h"
#include "store/schemacheck.h"
#include "util/error.h"

#include <string>

#include <unistd.h>

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
    // For a file from outside (SQLite's advice for untrusted databases): a damaged page is
    // refused when read instead of being trusted, and no part of the file is memory-mapped.
    db.exec("PRAGMA cell_size_check = ON");
    db.exec("PRAGMA mmap_size = 0");
    // Checkpoints run on the WalCheckpointer's thread, not inside a commit (see there).
    db.exec("PRAGMA wal_autocheckpoint = 0");
}

bool isEmptyDatabase(Database &db)
{
    return db.queryInt("SELECT count(*) FROM sqlite_schema") == 0;
}

bool canWrite(const std::filesystem::path &path)
{
    return ::access(path.c_str(), W_OK) == 0; // also false on a read-only file system
}

// Read-write when the file and its folder may be written (SQLite keeps its -wal and -shm
// files beside the project); read-only otherwise, so that commands that only read still work.
Database openConnection(const std::filesystem::path &file)
{
    const auto folder = file.has_parent_path() ? file.parent_path() : std::filesystem::path(".");
    if (canWrite(file) && canWrite(folder))
        return Database(file, Database::Mode::ReadWrite);
    // Without a -shm file and with no way to create one, SQLite can read a WAL-mode file only
    // as immutable; nobody can be writing it from such a folder.
    if (!canWrite(folder) && !std::filesystem::exists(file.string() + "-shm"))
        return Database(file, Database::Mode::ReadOnlyImmutable);
    return Database(file, Database::Mode::ReadOnly);
}

// The schema is checked before any statement touches a table: until then the connection does
// not trust it, and a file whose schema is not exactly Glossa's is not used at all.
void verifySchema(Database &db)
{
    const auto version = static_cast<int>(db.queryInt("PRAGMA user_version"));
    const auto findings = checkSchema(db, version);
    if (findings.empty()) {
        db.trustSchema();
        return;
    }
    std::string listed;
    for (const auto &line : describeSchemaFindings(findings))
        listed += line + "; ";
    throw Error(db.file().string()
                + ": this project's schema is not what Glossa writes, so it is not opened (a project file can "
                  "carry code that would run as you work). It has "
                + listed + "run glossa-cli doctor --project " + db.file().string() + " --fix to remove what is foreign"
                + (canRepairSchema(findings) ? "" : " (tables cannot be repaired)")
                + ", or ask whoever sent the file for a clean copy.");
}

} // namespace

// Reads the identity of the file before anything writes to it, so a refused file is left
// exactly as it was.
void Project::checkIdentity(Database &db)
{
    std::int64_t appId = 0;
    try {
        appId = db.queryInt("PRAGMA application_id");
    } catch (const Error &) {
        throw Error(db.file().string() + ": not a Glossa project (the file is not an SQLite database)");
    }
    const auto version = db.queryInt("PRAGMA user_version");
    if (version < 0)
        throw Error(db.file().string() + ": the project's header is damaged (schema version " + std::to_string(version)
                    + "). Open a backup copy.");
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

Database Project::openUnverified(const std::filesystem::path &file)
{
    return openConnection(file);
}

Project::Project(std::filesystem::path file, Database db)
    : m_file(std::move(file))
    , m_db(std::move(db))
    , m_readOnly(m_db.isReadOnly())
    , m_checkpointer(m_readOnly ? nullptr : std::make_unique<WalCheckpointer>(m_file))
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
    // SQLite would open a pipe or a device and then block reading it.
    if (!std::filesystem::is_regular_file(file))
        throw Error(file.string() + ": is a pipe, device or socket, not a project file");
    // A refused file must be left exactly as it was: closing the connection must not fold a
    // leftover write-ahead log (a newer Glossa's last commits) into it, and the log and index
    // files that merely reading a WAL-mode file creates are removed again.
    auto sibling = [&](const char *suffix) { return std::filesystem::path(file.string() + suffix); };
    const bool hadLog = std::filesystem::exists(sibling("-wal"));
    const bool hadIndex = std::filesystem::exists(sibling("-shm"));
    Database db = openConnection(file);
    db.setCheckpointOnClose(false);
    try {
        checkIdentity(db);
        if (isEmptyDatabase(db))
            throw Error(file.string() + ": not a Glossa project (empty file)");
        verifySchema(db);
    } catch (...) {
        db = Database(); // closes
        std::error_code ignored;
        if (!hadLog)
            std::filesystem::remove(sibling("-wal"), ignored);
        if (!hadIndex)
            std::filesystem::remove(sibling("-shm"), ignored);
        throw;
    }
    configure(db);
    if (db.isReadOnly()) {
        if (db.queryInt("PRAGMA user_version") < currentSchemaVersion())
            throw Error(file.string() + ": the project was written by an older Glossa and must be upgraded to schema "
                        + std::to_string(currentSchemaVersion())
                        + ", which writes to it, but it is read-only. Copy it to a folder you can write to and open "
                          "the copy.");
        return Project(file, std::move(db));
    }
    db.setCheckpointOnClose(true);
    db.exec("PRAGMA journal_mode = WAL");
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
    db.trustSchema(); // empty: only Glossa's migrations will write it
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
    // Training writes and deletes files here: never through a link planted in its place.
    requireRealFolder(dir);
    std::filesystem::create_directories(dir);
    return dir;
}

Database Project::connect() const
{
    return connectTo(m_file);
}

Database Project::connectTo(const std::filesystem::path &file)
{
    Database db = openConnection(file);
    verifySchema(db);
    configure(db);
    return db;
}

int Project::schemaVersion()
{
    return static_cast<int>(m_db.queryInt("PRAGMA user_version"));
}

} // namespace glossa::core::store
