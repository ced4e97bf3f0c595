#include "store/searchindex.h"

#include "store/database.h"
#include "util/error.h"

#include <atomic>
#include <chrono>
#include <string>
#include <thread>

namespace glossa::core::store {
namespace {

using Clock = std::chrono::steady_clock;

// A writer that waits for the lock polls for it, every 10 ms once it has waited 55 ms (the
// busy handler in database.cpp): one that waits during a chunk would never see the lock free
// if the next chunk took it at once, and would wait for the whole index. So a chunk begins
// this long after the last one ended at the earliest.
constexpr auto gapBetweenChunks = std::chrono::milliseconds(12);
std::atomic<Clock::rep> lastChunkEnded{0};

} // namespace

SearchIndex::SearchIndex(Database &db)
    : m_db(db)
{
}

// Counting the examples on either side of the mark would read them all (0.1 s for a million);
// the whole table's count(*) reads only the pages of its smallest index (a few ms).
std::int64_t SearchIndex::pendingRows()
{
    return m_db.queryInt("SELECT (SELECT count(*) FROM examples) - (SELECT indexed_rows FROM search_index)");
}

std::int64_t SearchIndex::indexedRows()
{
    return m_db.queryInt("SELECT indexed_rows FROM search_index");
}

bool SearchIndex::indexNextChunk(std::int64_t maxRows)
{
    if (maxRows < 1)
        throw Error("a search index chunk needs at least one row, not " + std::to_string(maxRows));
    // Nothing to do is found without taking the write lock.
    if (m_db.queryInt("SELECT EXISTS (SELECT 1 FROM examples WHERE id > (SELECT upto FROM search_index))") == 0)
        return false;

    const auto sinceLast = Clock::now() - Clock::time_point(Clock::duration(lastChunkEnded.load()));
    if (sinceLast < gapBetweenChunks)
        std::this_thread::sleep_for(gapBetweenChunks - sinceLast);

    Transaction transaction(m_db);
    const auto upto = m_db.queryInt("SELECT upto FROM search_index");
    // The chunk ends at maxRows rows or once its texts reach chunkTextBytes, whichever comes
    // first; reading them now also brings their pages into the cache for the insert below.
    std::int64_t last = upto;
    std::int64_t rows = 0;
    {
        auto next = m_db.prepare("SELECT id, text FROM examples WHERE id > ?1 ORDER BY id LIMIT ?2");
        next.bind(1, upto).bind(2, maxRows);
        std::int64_t bytes = 0;
        while (bytes < chunkTextBytes && next.step()) {
            last = next.int64(0);
            bytes += static_cast<std::int64_t>(next.textView(1).size());
            ++rows;
        }
    }
    if (last == upto) { // another connection indexed the rest in the meantime
        transaction.commit();
        return false;
    }
    // One statement for the whole chunk, which FTS5 indexes in one go.
    m_db.prepare("INSERT INTO examples_fts (rowid, text) SELECT id, text FROM examples WHERE id > ?1 AND id <= ?2")
        .bind(1, upto)
        .bind(2, last)
        .run();
    m_db.prepare("UPDATE search_index SET upto = ?1, indexed_rows = indexed_rows + ?2")
        .bind(1, last)
        .bind(2, rows)
        .run();
    const bool more = m_db.queryInt("SELECT EXISTS (SELECT 1 FROM examples WHERE id > " + std::to_string(last) + ")");
    transaction.commit();
    lastChunkEnded = Clock::now().time_since_epoch().count();
    return more;
}

} // namespace glossa::core::store
