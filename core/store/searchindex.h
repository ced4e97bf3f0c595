#pragma once

#include <cstdint>

namespace glossa::core::store {

class Database;

// Builds the full-text search index (examples_fts) behind the writers' backs. Nothing indexes
// an example when it is written: an import of a million rows would spend over half a minute
// building trigrams inside its transaction. The index holds the examples up to a mark instead (every
// id <= search_index.upto, none above it), and this class moves the mark on a chunk at a time,
// each chunk a short write transaction of its own, so that other writers (label edits, an
// import) get the project between chunks, and a process killed mid-way loses one chunk at most:
// the next call goes on from the mark. The browser finds the rows above the mark by scan
// meanwhile, with the same results (ExampleBrowser).
//
// Call indexNextChunk repeatedly, on a connection with no transaction open, until it returns
// false; any thread with its own connection will do (the GUI's SearchIndexer has its own).
class SearchIndex
{
public:
    // Rows per chunk by default: 2,000 texts of 60-200 bytes take 0.07-0.12 s on a 2-core
    // machine (the median; 0.35 s at worst, the first chunk, which reads from disk), and a
    // million rows as long in all as with chunks twice as big (35-60 s, with the machine's load).
    static constexpr std::int64_t defaultChunkRows = 2000;
    // A chunk also ends once it holds this many bytes of text, so that long texts do not make
    // it long.
    static constexpr std::int64_t chunkTextBytes = 384 * 1024;

    explicit SearchIndex(Database &db);

    // Examples not indexed yet (id above the mark).
    std::int64_t pendingRows();
    // Examples in the index.
    std::int64_t indexedRows();
    // Indexes the next examples in id order, at most maxRows of them (and about chunkTextBytes
    // of text), in one BEGIN IMMEDIATE transaction that also advances the mark. Returns true
    // while examples remain to be indexed. A chunk takes the lock 12 ms after the last one
    // released it at the earliest (finding its rows meanwhile), so that writers waiting on
    // other connections get their turn.
    bool indexNextChunk(std::int64_t maxRows = defaultChunkRows);

private:
    // The examples with after < id <= last.
    struct Chunk
    {
        std::int64_t after = 0;
        std::int64_t last = 0;
    };
    Chunk nextChunk(std::int64_t maxRows);

    Database &m_db;
};

} // namespace glossa::core::store
