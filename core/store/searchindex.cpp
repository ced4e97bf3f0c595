#include "store/searchindex.h"

#include "store/database.h"
#include "util/error.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <string>
#include <thread>

namespace glossa::core::store {
namespace {

using Clock = std::chrono::steady_clock;

// A writer that waits for the lock polls for it, every 10 ms once it has waited 55 ms (the
// busy handler in database.cpp): one that waits during a chunk would never see the lock free
// if the next chunk took it at once, and would wait for the whole index. So a chunk takes the
// lock this long after the last one released it at the earliest, or as long as the last one
// held it if that was shorter (the lock is then free half the time).
constexpr auto gapBetweenChunks = std::chrono::milliseconds(12);
std::atomic<Clock::rep> lastChunkEnded{0};
std::atomic<Clock::rep> lastChunkHeld{0};

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

SearchIndex::Chunk SearchIndex::nextChunk(std::int64_t maxRows)
{
    Chunk chunk;
    chunk.after = m_db.queryInt("SELECT upto FROM search_index");
    chunk.last = chunk.after;
    // maxRows rows or chunkTextBytes of text, whichever comes first; reading the texts also
    // brings their pages into the cache for the insert.
    auto next = m_db.prepare("SELECT id, text FROM examples WHERE id > ?1 ORDER BY id LIMIT ?2");
    next.bind(1, chunk.after).bind(2, maxRows);
    std::int64_t bytes = 0;
    while (bytes < chunkTextBytes && next.step()) {
        chunk.last = next.int64(0);
        bytes += static_cast<std::int64_t>(next.textView(1).size());
    }
    return chunk;
}

bool SearchIndex::indexNextChunk(std::int64_t maxRows)
{
    if (maxRows < 1)
        throw Error("a search index chunk needs at least one row, not " + std::to_string(maxRows));
    // Where the chunk ends is found before the write lock is taken, and while the gap after the
    // last chunk runs out; nothing to do is found without taking the lock at all.
    auto chunk = nextChunk(maxRows);
    if (chunk.last == chunk.after)
        return false;
    const auto gap = std::min<Clock::duration>(gapBetweenChunks, Clock::duration(lastChunkHeld.load()));
    const auto sinceLast = Clock::now() - Clock::time_point(Clock::duration(lastChunkEnded.load()));
    if (sinceLast < gap)
        std::this_thread::sleep_for(gap - sinceLast);

    const auto locked = Clock::now();
    Transaction transaction(m_db);
    // Another connection may have moved the mark meanwhile (indexed, or deleted the top rows).
    if (m_db.queryInt("SELECT upto FROM search_index") != chunk.after) {
        chunk = nextChunk(maxRows);
        if (chunk.last == chunk.after) {
            transaction.commit();
            return false;
        }
    }
    // One statement for the whole chunk, which FTS5 indexes in one go.
    m_db.prepare("INSERT INTO examples_fts (rowid, text) SELECT id, text FROM examples WHERE id > ?1 AND id <= ?2")
        .bind(1, chunk.after)
        .bind(2, chunk.last)
        .run();
    const auto rows = static_cast<std::int64_t>(m_db.changes());
    m_db.prepare("UPDATE search_index SET upto = ?1, indexed_rows = indexed_rows + ?2")
        .bind(1, chunk.last)
        .bind(2, rows)
        .run();
    const bool more =
        m_db.queryInt("SELECT EXISTS (SELECT 1 FROM examples WHERE id > " + std::to_string(chunk.last) + ")");
    transaction.commit();
    const auto ended = Clock::now();
    lastChunkHeld = (ended - locked).count();
    lastChunkEnded = ended.time_since_epoch().count();
    return more;
}

} // namespace glossa::core::store
