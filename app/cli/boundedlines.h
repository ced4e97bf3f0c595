#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace glossa::cli {

// The longest text a command reads, in bytes: one line of predict's or embed's stdin, one text
// of an import. --max-text-bytes changes it; the default is generous for a text to classify
// and small enough that `< /dev/zero` fails in a blink instead of filling the memory.
inline constexpr std::size_t defaultMaxTextBytes = std::size_t(1) << 20;
// The limit of this process (glossa-cli runs one command), set once from --max-text-bytes.
std::size_t maxTextBytes();
void setMaxTextBytes(std::size_t bytes);
// "raise the limit with --max-text-bytes", for the end of a message about the limit.
std::string maxTextBytesHint();

// Lines from a file descriptor (stdin), each at most a set number of bytes, in bounded memory
// whatever comes in: a line longer than the limit is an Error naming the source and line
// ("stdin line 3 is longer than 1 MiB..."), found after reading just past the limit. A line
// is answered as soon as its end arrives, so a program can talk to predict one line at a time.
class BoundedLineReader
{
public:
    BoundedLineReader(int fd, std::size_t maxLineBytes, std::string sourceName = "stdin");

    // The next line without its end (LF or CRLF); false at the end of the input. A last line
    // without a line end counts.
    bool next(std::string &line);
    // The line last returned, 1-based.
    std::int64_t lineNumber() const { return m_line; }

private:
    bool fill();

    int m_fd;
    std::size_t m_maxLineBytes;
    std::string m_sourceName;
    std::vector<char> m_buffer;
    std::size_t m_begin = 0;
    std::size_t m_end = 0;
    bool m_eof = false;
    std::int64_t m_line = 0;
};

} // namespace glossa::cli
