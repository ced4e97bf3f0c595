#include "store/database.h"

#include "util/error.h"

#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <thread>
#include <utility>

namespace glossa::core::store {

namespace {
// Long enough to ride out another connection's transaction, imports of a few million rows
// included (an import is one transaction), short enough that a stuck writer surfaces as an
// error. Nothing on the UI thread waits on this: database work runs on worker threads.
constexpr int busyTimeoutMs = 60000;

// SQLite's own busy handler sleeps 1, 2, 5, 10, 15, 20 ms... so a lock held for 0.2 ms can cost
// the waiter 20 ms. Writers here hold the lock for well under a millisecond (metric batches,
// label edits), so poll finely at first and back off only for long holders such as imports.
int waitForLock(void *, int attempt)
{
    using namespace std::chrono;
    static constexpr auto fine = microseconds(100);
    const auto delay = attempt < 50 ? fine : attempt < 100 ? microseconds(1000) : microseconds(10000);
    const auto waited = attempt < 50 ? fine * attempt
                                     : fine * 50 + milliseconds(std::min(attempt, 100) - 50)
                                           + milliseconds(10) * std::max(0, attempt - 100);
    if (waited >= milliseconds(busyTimeoutMs))
        return 0;
    std::this_thread::sleep_for(delay);
    return 1;
}

std::string projectName(sqlite3 *db)
{
    const char *file = sqlite3_db_filename(db, "main");
    return file && *file ? file : "the project";
}

std::string damagedMessage(sqlite3 *db)
{
    return projectName(db) + ": the project file is damaged (" + sqlite3_errmsg(db)
           + "). Open a backup copy; glossa-cli doctor --project " + projectName(db) + " says more.";
}

std::string readOnlyMessage(sqlite3 *db)
{
    return projectName(db)
           + ": the project is read-only (you may not write to the file or its folder), so this change cannot be "
             "saved. Copy the project to a folder you can write to and open the copy.";
}

// A file: URI for the path (SQLite reads ?immutable=1 only from a URI).
std::string fileUri(const std::filesystem::path &file)
{
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string uri = "file:";
    for (const unsigned char c : std::filesystem::absolute(file).string()) {
        if (c == '%' || c == '?' || c == '#' || c < 0x21 || c >= 0x7F) {
            uri += '%';
            uri += hex[c >> 4];
            uri += hex[c & 0xF];
        } else {
            uri += static_cast<char>(c);
        }
    }
    return uri + "?immutable=1";
}
} // namespace

Statement::Statement(sqlite3 *db, std::string_view sql)
    : m_db(db)
{
    const int rc =
        sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &m_stmt, nullptr);
    if (rc != SQLITE_OK) {
        // A damaged file (a schema that does not parse, a broken page) fails every statement:
        // said once here, for whatever statement meets it first.
        if ((rc & 0xFF) == SQLITE_CORRUPT)
            throw Error(damagedMessage(db));
        throw Error("database error: " + std::string(sqlite3_errmsg(db)) + " in: " + std::string(sql));
    }
}

Statement::Statement(Statement &&other) noexcept
    : m_db(std::exchange(other.m_db, nullptr))
    , m_stmt(std::exchange(other.m_stmt, nullptr))
{
}

Statement &Statement::operator=(Statement &&other) noexcept
{
    if (this != &other) {
        sqlite3_finalize(m_stmt);
        m_db = std::exchange(other.m_db, nullptr);
        m_stmt = std::exchange(other.m_stmt, nullptr);
    }
    return *this;
}

Statement::~Statement()
{
    sqlite3_finalize(m_stmt);
}

void Statement::check(int rc, const char *what) const
{
    if (rc != SQLITE_OK)
        throw Error(std::string("database error (") + what + "): " + sqlite3_errmsg(m_db));
}

Statement &Statement::bind(int index, std::int64_t value)
{
    check(sqlite3_bind_int64(m_stmt, index, value), "bind");
    return *this;
}

Statement &Statement::bind(int index, double value)
{
    check(sqlite3_bind_double(m_stmt, index, value), "bind");
    return *this;
}

Statement &Statement::bind(int index, std::string_view value)
{
    // An empty view may have no data pointer, which SQLite would store as NULL.
    const char *data = value.data() ? value.data() : "";
    check(sqlite3_bind_text(m_stmt, index, data, static_cast<int>(value.size()), SQLITE_STATIC), "bind");
    return *this;
}

Statement &Statement::bind(int index, std::optional<std::int64_t> value)
{
    return value ? bind(index, *value) : bindNull(index);
}

Statement &Statement::bind(int index, std::optional<std::string_view> value)
{
    return value ? bind(index, *value) : bindNull(index);
}

Statement &Statement::bindNull(int index)
{
    check(sqlite3_bind_null(m_stmt, index), "bind");
    return *this;
}

bool Statement::step()
{
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW)
        return true;
    if (rc == SQLITE_DONE)
        return false;
    const std::string message = sqlite3_errmsg(m_db);
    const int extended = sqlite3_extended_errcode(m_db);
    sqlite3_reset(m_stmt);
    if ((rc & 0xFF) == SQLITE_READONLY)
        throw Error(readOnlyMessage(m_db));
    if ((rc & 0xFF) == SQLITE_CORRUPT)
        throw Error(damagedMessage(m_db));
    if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
        throw Error("the project is busy: another write (an import?) has held it for over a minute; try again when "
                    "it is done ("
                    + message + ")");
    throw Error("database error " + std::to_string(extended) + ": " + message);
}

void Statement::run()
{
    while (step()) {
    }
    reset();
}

bool Statement::runUnlessConstraintFails()
{
    const int rc = sqlite3_step(m_stmt);
    if ((rc & 0xFF) == SQLITE_CONSTRAINT) {
        reset();
        return false;
    }
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
        const std::string message = sqlite3_errmsg(m_db);
        reset();
        if ((rc & 0xFF) == SQLITE_READONLY)
            throw Error(readOnlyMessage(m_db));
        throw Error("database error " + std::to_string(rc) + ": " + message);
    }
    reset();
    return true;
}

void Statement::reset()
{
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
}

bool Statement::isNull(int column) const
{
    return sqlite3_column_type(m_stmt, column) == SQLITE_NULL;
}

std::int64_t Statement::int64(int column) const
{
    return sqlite3_column_int64(m_stmt, column);
}

double Statement::real(int column) const
{
    return sqlite3_column_double(m_stmt, column);
}

std::string Statement::text(int column) const
{
    return std::string(textView(column));
}

Statement &Statement::bindBlob(int index, std::span<const std::byte> bytes)
{
    // An empty span may have no data pointer, which SQLite would store as NULL.
    static const std::byte none{};
    const void *data = bytes.data() ? static_cast<const void *>(bytes.data()) : &none;
    check(sqlite3_bind_blob(m_stmt, index, data, static_cast<int>(bytes.size()), SQLITE_STATIC), "bind");
    return *this;
}

std::span<const std::byte> Statement::blobView(int column) const
{
    const auto *data = static_cast<const std::byte *>(sqlite3_column_blob(m_stmt, column));
    if (!data)
        return {};
    return {data, static_cast<std::size_t>(sqlite3_column_bytes(m_stmt, column))};
}

std::string_view Statement::textView(int column) const
{
    const auto *data = reinterpret_cast<const char *>(sqlite3_column_text(m_stmt, column));
    if (!data)
        return {};
    return {data, static_cast<size_t>(sqlite3_column_bytes(m_stmt, column))};
}

std::optional<std::int64_t> Statement::optionalInt64(int column) const
{
    if (isNull(column))
        return std::nullopt;
    return int64(column);
}

std::optional<std::string> Statement::optionalText(int column) const
{
    if (isNull(column))
        return std::nullopt;
    return text(column);
}

Database::Database(const std::filesystem::path &file, Mode mode)
    : m_file(file)
{
    int flags = SQLITE_OPEN_NOMUTEX;
    switch (mode) {
    case Mode::ReadWrite: flags |= SQLITE_OPEN_READWRITE; break;
    case Mode::ReadWriteCreate: flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE; break;
    case Mode::ReadOnly: flags |= SQLITE_OPEN_READONLY; break;
    case Mode::ReadOnlyImmutable: flags |= SQLITE_OPEN_READONLY | SQLITE_OPEN_URI; break;
    }
    const auto name = mode == Mode::ReadOnlyImmutable ? fileUri(file) : file.string();
    const int rc = sqlite3_open_v2(name.c_str(), &m_db, flags, nullptr);
    if (rc != SQLITE_OK) {
        const std::string message = m_db ? sqlite3_errmsg(m_db) : sqlite3_errstr(rc);
        close();
        throw Error(file.string() + ": cannot open: " + message);
    }
    sqlite3_extended_result_codes(m_db, 1);
    sqlite3_busy_handler(m_db, &waitForLock, nullptr);
    sqlite3_db_config(m_db, SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
    sqlite3_db_config(m_db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, nullptr);
}

void Database::trustSchema()
{
    sqlite3_db_config(m_db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 1, nullptr);
}

bool Database::isReadOnly() const
{
    return sqlite3_db_readonly(m_db, "main") == 1;
}

Database::Database(Database &&other) noexcept
    : m_file(std::move(other.m_file))
    , m_db(std::exchange(other.m_db, nullptr))
{
}

Database &Database::operator=(Database &&other) noexcept
{
    if (this != &other) {
        close();
        m_file = std::move(other.m_file);
        m_db = std::exchange(other.m_db, nullptr);
    }
    return *this;
}

Database::~Database()
{
    close();
}

void Database::close()
{
    if (m_db) {
        sqlite3_close_v2(m_db);
        m_db = nullptr;
    }
}

void Database::exec(std::string_view sql)
{
    char *error = nullptr;
    const std::string statement(sql);
    const int rc = sqlite3_exec(m_db, statement.c_str(), nullptr, nullptr, &error);
    if (rc != SQLITE_OK) {
        std::string message = error ? error : sqlite3_errstr(rc);
        sqlite3_free(error);
        if ((rc & 0xFF) == SQLITE_NOTADB)
            throw Error(m_file.string() + ": not a Glossa project (the file is not an SQLite database)");
        if ((rc & 0xFF) == SQLITE_READONLY)
            throw Error(readOnlyMessage(m_db));
        if ((rc & 0xFF) == SQLITE_CORRUPT)
            throw Error(damagedMessage(m_db));
        if ((rc & 0xFF) == SQLITE_BUSY)
            throw Error(m_file.string()
                        + ": the project is busy: another write (an import?) has held it for over a minute; try "
                          "again when it is done");
        throw Error(m_file.string() + ": database error: " + message);
    }
}

Statement Database::prepare(std::string_view sql)
{
    return Statement(m_db, sql);
}

std::int64_t Database::queryInt(std::string_view sql, std::int64_t fallback)
{
    Statement statement(m_db, sql);
    return statement.step() ? statement.int64(0) : fallback;
}

void Database::setCheckpointOnClose(bool enabled)
{
    sqlite3_db_config(m_db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, enabled ? 0 : 1, nullptr);
}

std::int64_t Database::lastInsertId() const
{
    return sqlite3_last_insert_rowid(m_db);
}

int Database::changes() const
{
    return sqlite3_changes(m_db);
}

Transaction::Transaction(Database &db, Kind kind)
    : m_db(db)
{
    m_db.exec(kind == Kind::Write ? "BEGIN IMMEDIATE" : "BEGIN");
}

Transaction::~Transaction()
{
    if (m_open) {
        try {
            m_db.exec("ROLLBACK");
        } catch (...) {
            // A failed rollback leaves SQLite to roll back when the connection closes.
        }
    }
}

void Transaction::commit()
{
    m_db.exec("COMMIT");
    m_open = false;
}

} // namespace glossa::core::store
