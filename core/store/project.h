#pragma once

#include "store/database.h"
#include "store/walcheckpointer.h"

#include <filesystem>
#include <memory>

namespace glossa::core::store {

// A Glossa project: one SQLite file (*.glossa) plus a sibling folder for large artefacts
// (tokenizer models, checkpoints) that the database names with their hashes.
//
// The Project owns the connection of the thread that opened it. Any other thread (training,
// import, export) calls connect() for a connection of its own.
class Project
{
public:
    static constexpr const char *fileExtension = ".glossa";

    // Creates a new, empty project; refuses to overwrite an existing file.
    static Project create(const std::filesystem::path &file);
    // Opens an existing project, migrating an older schema forward. Refuses files written by
    // a newer Glossa, files that are not Glossa projects and files whose schema is not exactly
    // Glossa's (a planted trigger or view), without touching them.
    static Project open(const std::filesystem::path &file);
    static Project openOrCreate(const std::filesystem::path &file);

    Project(Project &&) noexcept = default;
    Project &operator=(Project &&) noexcept = default;

    const std::filesystem::path &file() const { return m_file; }
    // <stem>.artefacts beside the project file; created on first use.
    std::filesystem::path artefactDir() const;
    // The same for a project known only by its path (not created).
    static std::filesystem::path artefactDirOf(const std::filesystem::path &file);
    Database &db() { return m_db; }
    // Opened for reading only, because the file or its folder may not be written: commands
    // that only read work, a write fails with a message that says so.
    bool isReadOnly() const { return m_readOnly; }
    // A new connection to the same file, configured like this one, for another thread.
    Database connect() const;
    // The same for a project another object holds open (the file must already be a project):
    // lets a worker thread connect knowing only the path.
    static Database connectTo(const std::filesystem::path &file);
    int schemaVersion();

    // A connection that does not trust the file's schema and has not checked it: for
    // examining a file that open() refuses (glossa-cli doctor). Read-only where the file or
    // its folder may not be written.
    static Database openUnverified(const std::filesystem::path &file);
    // Throws Error unless the file is a Glossa project this version can read (or an empty
    // file about to become one); reads the header only.
    static void checkIdentity(Database &db);

private:
    Project(std::filesystem::path file, Database db);

    std::filesystem::path m_file;
    Database m_db;
    bool m_readOnly = false;
    std::unique_ptr<WalCheckpointer> m_checkpointer;
};

} // namespace glossa::core::store
