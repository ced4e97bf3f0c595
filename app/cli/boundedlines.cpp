#include "boundedlines.h"

#include "data/importerror.h"
#include "util/error.h"

#include <cerrno>
#include <cstring>
#include <unistd.h>

namespace glossa::cli {
namespace {

constexpr std::size_t readBytes = 64 << 10;

std::size_t &processMaxTextBytes()
{
    static std::size_t bytes = defaultMaxTextBytes;
    return bytes;
}

} // namespace

std::size_t maxTextBytes()
{
    return processMaxTextBytes();
}

void setMaxTextBytes(std::size_t bytes)
{
    processMaxTextBytes() = bytes;
}

std::string maxTextBytesHint()
{
    return "raise the limit with --max-text-bytes";
}

BoundedLineReader::BoundedLineReader(int fd, std::size_t maxLineBytes, std::string sourceName)
    : m_fd(fd)
    , m_maxLineBytes(maxLineBytes)
    , m_sourceName(std::move(sourceName))
    , m_buffer(readBytes)
{
}

bool BoundedLineReader::fill()
{
    if (m_eof)
        return false;
    for (;;) {
        const auto got = ::read(m_fd, m_buffer.data(), m_buffer.size());
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0)
            throw core::Error("cannot read " + m_sourceName + ": " + std::strerror(errno));
        m_begin = 0;
        m_end = static_cast<std::size_t>(got);
        m_eof = got == 0;
        return got > 0;
    }
}

bool BoundedLineReader::next(std::string &line)
{
    line.clear();
    bool started = false;
    for (;;) {
        if (m_begin == m_end && !fill())
            break;
        started = true;
        const char *begin = m_buffer.data() + m_begin;
        const std::size_t available = m_end - m_begin;
        const auto *newline = static_cast<const char *>(std::memchr(begin, '\n', available));
        const std::size_t take = newline ? static_cast<std::size_t>(newline - begin) : available;
        // One byte of slack for the CR of a CRLF line end, checked again without it below.
        if (line.size() + take > m_maxLineBytes + 1)
            throw core::Error(m_sourceName + " line " + std::to_string(m_line + 1) + " is longer than "
                              + core::data::describeLimit(m_maxLineBytes) + ", the limit per text; split the text, or "
                              + maxTextBytesHint());
        line.append(begin, take);
        m_begin += take + (newline ? 1 : 0);
        if (newline)
            break;
    }
    if (!started)
        return false;
    ++m_line;
    if (!line.empty() && line.back() == '\r')
        line.pop_back();
    if (line.size() > m_maxLineBytes)
        throw core::Error(m_sourceName + " line " + std::to_string(m_line) + " is longer than "
                          + core::data::describeLimit(m_maxLineBytes) + ", the limit per text; split the text, or "
                          + maxTextBytesHint());
    return true;
}

} // namespace glossa::cli
