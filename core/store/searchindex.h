#pragma once

#include <cstdint>

namespace glossa::core::store {

class Database;

// Builds the full-text search index (examples_fts) behind the writers' backs. Nothing indexes
// an example when it is written: an import of a million rows would spend some 40 s building
// trigrams inside its transaction. The index holds the examples up to a mark instead (every
// id <= search_index.upto, none above it), and this class moves the mark on a chunk at a time,
// each chunk a short write transaction of its own, so that other writers (label edits, an
// import) get the project between chunks, and a process killed mid-way loses one chunk at most:
// the next call goes on from the mark. The browser finds the rows above the mark by scan
// meanwhile, with the same results (ExampleBrowser).
//
// Call indexNextChunk repeatedly, on a connection with no transaction open, until it returns
// false; any thread with its own connection will do (the GUI uses the project thread's).
class SearchIndex
{
public:
    // Rows per chunk by default: a chunk of 3,000 texts of 60-200 bytes takes about 0.1 s on
    // a 2-core machine (0.35 s at worst, the first one, which reads them from disk), and a
    // million rows some 35 s in all, about as long as with chunks twice or thrice as big.
    static constexpr std::int64_t defaultChunkRows = 3000;
    // A chunk also ends once it holds this many bytes of text, so that long texts do not make
    // it long.
    static constexpr std::int64_t chunkTextBytes = 512 * 1024;

    explicit SearchIndex(Database &db);

    // Examples not indexed yet (id above the mark).
    std::int64_t pendingRows();
    // Examples in the index.
    std::int64_t indexedRows();
    // Indexes the next examples in id order, at most maxRows of them (and about chunkTextBytes
    // of text), in one BEGIN IMMEDIATE transaction that also advances the mark. Returns true
    // while examples remain to be indexed. A chunk called for right after the last one waits
    // 12 ms first, so that writers waiting on other connections get their turn.
    bool indexNextChunk(std::int64_t maxRows = defaultChunkRows);

private:
    Database &m_db;
};

} // namespace glossa::core::store
