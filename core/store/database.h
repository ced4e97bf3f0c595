#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>

// sqlite3.h stays out of every header: ui/ sees core headers and must never see SQL types.
struct sqlite3;
struct sqlite3_stmt;

namespace glossa::core::store {

// A prepared statement. Bind by 1-based index, step through rows, read columns by 0-based index.
class Statement
{
public:
    Statement(sqlite3 *db, std::string_view sql);
    Statement(Statement &&other) noexcept;
    Statement &operator=(Statement &&other) noexcept;
    Statement(const Statement &) = delete;
    Statement &operator=(const Statement &) = delete;
    ~Statement();

    Statement &bind(int index, std::int64_t value);
    Statement &bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
    Statement &bind(int index, double value);
    // The view must stay valid until the statement is stepped; no copy is made.
    Statement &bind(int index, std::string_view value);
    Statement &bind(int index, const std::string &value) { return bind(index, std::string_view(value)); }
    // Binding does not copy text, so a temporary string would be gone before the step.
    Statement &bind(int index, std::string &&value) = delete;
    Statement &bind(int index, const char *value) { return bind(index, std::string_view(value)); }
    Statement &bind(int index, std::optional<std::int64_t> value);
    Statement &bind(int index, std::optional<std::string_view> value);
    Statement &bindNull(int index);
    // Bytes as a BLOB; like text, not copied: they must outlive the step.
    Statement &bindBlob(int index, std::span<const std::byte> bytes);

    // True while a row is available; false when done. Throws Error on failure.
    bool step();
    // Steps a statement that returns no rows, then resets it for reuse.
    void run();
    // Like run(), but returns false instead of throwing when a UNIQUE or other constraint
    // rejects the row, so callers can explain which row collided.
    bool runUnlessConstraintFails();
    void reset();

    bool isNull(int column) const;
    std::int64_t int64(int column) const;
    double real(int column) const;
    std::string text(int column) const;
    // Valid until the next step or reset.
    std::string_view textView(int column) const;
    // A BLOB column's bytes (or a text's, as SQLite converts), valid until the next step or reset.
    std::span<const std::byte> blobView(int column) const;
    std::optional<std::int64_t> optionalInt64(int column) const;
    std::optional<std::string> optionalText(int column) const;

private:
    void check(int rc, const char *what) const;

    sqlite3 *m_db = nullptr;
    sqlite3_stmt *m_stmt = nullptr;
};

// One SQLite connection. A connection belongs to one thread; other threads open their own
// (Project::connect), which is what keeps a training thread and the UI from blocking each other.
class Database
{
public:
    // ReadOnlyImmutable: a file in a folder nobody may write to, so no other process can be
    // writing it either; SQLite then needs no -shm file beside it (which it could not create).
    enum class Mode { ReadWrite, ReadWriteCreate, ReadOnly, ReadOnlyImmutable };

    // Every connection starts hardened for a file from outside, as SQLite's guide to untrusted
    // databases says: defensive mode (no writes to sqlite_schema, no corrupting pragmas) and an
    // untrusted schema (its triggers and views call no function with side effects), until
    // trustSchema() after the schema has been checked.
    Database(const std::filesystem::path &file, Mode mode);
    Database() = default; // no connection
    Database(Database &&other) noexcept;
    Database &operator=(Database &&other) noexcept;
    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;
    ~Database();

    void exec(std::string_view sql);
    Statement prepare(std::string_view sql);
    // The first column of the first row, or fallback when there is no row.
    std::int64_t queryInt(std::string_view sql, std::int64_t fallback = 0);
    // The schema was checked to be Glossa's own: its triggers may now use the FTS5 index,
    // which SQLite only lets a trusted schema do.
    void trustSchema();
    // True when SQLite could only open the file for reading.
    bool isReadOnly() const;
    // Off: closing leaves the write-ahead log as it is instead of folding it into the file.
    void setCheckpointOnClose(bool enabled);
    std::int64_t lastInsertId() const;
    int changes() const;
    const std::filesystem::path &file() const { return m_file; }
    sqlite3 *handle() const { return m_db; }

private:
    void close();

    std::filesystem::path m_file;
    sqlite3 *m_db = nullptr;
};

// BEGIN ... COMMIT; rolls back unless committed.
//
// A write transaction is BEGIN IMMEDIATE: it takes the write lock up front, so two writers
// queue on the busy handler instead of failing half-way with SQLITE_BUSY. A read transaction
// (exports, snapshots) is a consistent picture of one moment and never blocks a writer.
class Transaction
{
public:
    enum class Kind { Write, Read };

    explicit Transaction(Database &db, Kind kind = Kind::Write);
    Transaction(const Transaction &) = delete;
    Transaction &operator=(const Transaction &) = delete;
    ~Transaction();

    void commit();

private:
    Database &m_db;
    bool m_open = true;
};

} // namespace glossa::core::store
