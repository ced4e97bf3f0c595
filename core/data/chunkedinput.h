#pragma once

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

namespace glossa::core::data {

// Streams a text file through a fixed-size buffer, so an import's memory does not grow with
// the file. Readers parse window(), consume() what they used and refill() when a record runs
// past the end of the window. Checks on open that the file is UTF-8 text (not binary, not
// UTF-16) and drops a UTF-8 byte order mark.
class ChunkedInput
{
public:
    // Bytes readable past the end of window(), for simdjson.
    static constexpr size_t padding = 64;

    ChunkedInput(const std::filesystem::path &file, std::string displayName, size_t maxRecordBytes);
    ChunkedInput(const ChunkedInput &) = delete;
    ChunkedInput &operator=(const ChunkedInput &) = delete;

    std::string_view window() const { return {m_buffer.get() + m_begin, m_end - m_begin}; }
    // True once the whole file has been read into the buffer (window() holds the rest).
    bool atEof() const { return m_eof; }
    // Keeps the unconsumed bytes and reads more; false when nothing more could be read.
    bool refill();
    void consume(size_t bytes)
    {
        m_begin += bytes;
        m_consumed += bytes;
    }

    std::uint64_t bytesConsumed() const { return m_consumed; }
    std::uint64_t fileSize() const { return m_fileSize; }
    size_t maxRecordBytes() const { return m_maxRecordBytes; }
    // The limit as a user reads it in an error: "1 MiB", "64 KiB", "1500 bytes".
    std::string maxRecordSize() const;
    const std::string &displayName() const { return m_displayName; }

private:
    void sniff();

    struct FileCloser
    {
        void operator()(std::FILE *file) const { std::fclose(file); }
    };
    // Owned from the first line of the constructor: a refused file (binary, UTF-16, empty)
    // throws from the constructor, where no destructor would close it.
    std::unique_ptr<std::FILE, FileCloser> m_file;
    std::string m_displayName;
    size_t m_maxRecordBytes;
    size_t m_capacity;
    std::unique_ptr<char[]> m_buffer;
    size_t m_begin = 0;
    size_t m_end = 0;
    std::uint64_t m_consumed = 0;
    std::uint64_t m_fileSize = 0;
    bool m_eof = false;
};

} // namespace glossa::core::data
