#pragma once

#include "data/textencoding.h"

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

namespace glossa::core::data {

// Refuses anything that is not a regular file (a pipe, a device such as /dev/zero, a socket,
// a folder) with an ImportError that names it and says what to do, before it is opened:
// opening a pipe or a terminal for reading can wait forever, and a device never ends.
void requireRegularFile(const std::filesystem::path &file, const std::string &displayName);

// Up to `bytes` first bytes of a regular file (refused as requireRegularFile does), for
// sniffing its format or encoding.
std::string readFileHead(const std::filesystem::path &file, const std::string &displayName, size_t bytes);

// Streams a text file through a fixed-size buffer, so an import's memory does not grow with
// the file. Readers parse window(), consume() what they used and refill() when a record runs
// past the end of the window. Checks on open that the file is a regular file of text (not
// binary), reads text in another encoding (UTF-16, Windows-1252, Shift_JIS, ...: detectTextEncoding)
// through a converted copy, and drops a byte order mark. A file whose lines end in CR alone
// (classic Mac OS) reads as if they ended in LF.
class ChunkedInput
{
public:
    // Bytes readable past the end of window(), for simdjson.
    static constexpr size_t padding = 64;

    // raiseHint: how the user allows longer records ("raise the limit with --max-text-bytes"),
    // for the messages about the limit.
    ChunkedInput(const std::filesystem::path &file, std::string displayName, size_t maxRecordBytes,
                 std::string raiseHint = {});
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

    // In the file's own bytes (a converted file's UTF-8 is scaled back), for progress.
    std::uint64_t bytesConsumed() const;
    std::uint64_t fileSize() const { return m_fileSize; }
    size_t maxRecordBytes() const { return m_maxRecordBytes; }
    // The limit as a user reads it in an error: "1 MiB", "64 KiB", "1500 bytes".
    std::string maxRecordSize() const;
    // "; raise the limit with ..." to end a message about the limit, or nothing.
    std::string raiseHint() const { return m_raiseHint.empty() ? std::string() : "; " + m_raiseHint; }
    const std::string &displayName() const { return m_displayName; }
    // What the file was read as.
    const TextEncoding &encoding() const { return m_encoding; }

private:
    std::string readHead();
    std::size_t readMore(char *into, std::size_t room);
    void sniff();
    void translateLoneCarriageReturns();

    struct FileCloser
    {
        void operator()(std::FILE *file) const { std::fclose(file); }
    };
    // Owned from the first line of the constructor: a refused file (binary, empty) throws
    // from the constructor, where no destructor would close it.
    std::unique_ptr<std::FILE, FileCloser> m_file;
    TextEncoding m_encoding;
    std::unique_ptr<Utf8Conversion> m_conversion; // for a file that is not UTF-8
    std::string m_displayName;
    std::string m_raiseHint;
    size_t m_maxRecordBytes;
    size_t m_capacity;
    std::unique_ptr<char[]> m_buffer;
    size_t m_begin = 0;
    size_t m_end = 0;
    std::uint64_t m_consumed = 0;
    std::uint64_t m_fileSize = 0;
    bool m_eof = false;
    // Line ends are CR alone: every CR not followed by LF becomes LF as it is read. The buffer
    // position from which CRs are still to be translated (a CR at the very end of what was
    // read waits for the next byte).
    bool m_crLineEnds = false;
    size_t m_crTranslatedTo = 0;
};

} // namespace glossa::core::data
