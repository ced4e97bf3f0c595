#include "data/chunkedinput.h"

#include "data/importerror.h"
#include "data/utf8.h"
#include "util/boundedfile.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace glossa::core::data {
namespace {

constexpr size_t chunkBytes = 4 << 20;
constexpr size_t sniffBytes = 8192;

// What a file that is no regular file is, and what to do instead.
std::string notARegularFile(unsigned int mode, const std::filesystem::path &file)
{
    std::error_code ignored;
    const auto path = " (" + std::filesystem::absolute(file, ignored).string() + ")";
    if (S_ISDIR(mode))
        return "is a folder, not a file; choose a CSV, TSV or JSONL file in it";
    if (S_ISFIFO(mode))
        return "is a pipe" + path
               + ", not a file; save the data to a file first (for example with > data.csv) and import that file";
    return "is " + fileKindName(mode) + path + ", not a file; save the data to a file first and import that file";
}

[[noreturn]] void failToOpen(const std::string &displayName, int error)
{
    throw ImportError(displayName, 0, {}, std::string("cannot be opened: ") + std::strerror(error));
}

struct FdCloser
{
    int fd;
    ~FdCloser()
    {
        if (fd >= 0)
            ::close(fd);
    }
};

// A descriptor for reading a regular file (openRegularFileIfAny), or an ImportError that
// says what the file is instead.
int openRegularFile(const std::filesystem::path &file, const std::string &displayName, std::uint64_t &size)
{
    const auto opened = openRegularFileIfAny(file);
    if (opened.error)
        failToOpen(displayName, opened.error);
    if (opened.descriptor < 0)
        throw ImportError(displayName, 0, {}, notARegularFile(opened.otherKind, file));
    size = opened.size;
    return opened.descriptor;
}

} // namespace

void requireRegularFile(const std::filesystem::path &file, const std::string &displayName)
{
    struct stat status;
    if (::stat(file.c_str(), &status) != 0)
        failToOpen(displayName, errno);
    if (!S_ISREG(status.st_mode))
        throw ImportError(displayName, 0, {}, notARegularFile(status.st_mode, file));
}

std::string readFileHead(const std::filesystem::path &file, const std::string &displayName, size_t bytes)
{
    std::uint64_t size = 0;
    FdCloser opened{openRegularFile(file, displayName, size)};
    std::string head(bytes, '\0');
    size_t filled = 0;
    while (filled < bytes) {
        const auto read = ::read(opened.fd, head.data() + filled, bytes - filled);
        if (read < 0 && errno == EINTR)
            continue;
        if (read < 0)
            throw ImportError(displayName, 0, {}, "read error: " + std::string(std::strerror(errno)));
        if (read == 0)
            break;
        filled += static_cast<size_t>(read);
    }
    head.resize(filled);
    return head;
}

ChunkedInput::ChunkedInput(const std::filesystem::path &file, std::string displayName, size_t maxRecordBytes,
                           std::string raiseHint)
    : m_displayName(std::move(displayName))
    , m_raiseHint(std::move(raiseHint))
    , m_maxRecordBytes(maxRecordBytes)
    , m_capacity(std::max(chunkBytes, 2 * maxRecordBytes))
{
    FdCloser opened{openRegularFile(file, m_displayName, m_fileSize)};
    m_file.reset(::fdopen(opened.fd, "rb"));
    if (!m_file)
        failToOpen(m_displayName, errno);
    opened.fd = -1; // the FILE owns it now
    // Text in another encoding is read through a converted copy, so every reader sees UTF-8
    // and line numbers stay those of the file.
    m_encoding = detectTextEncoding(readHead(), m_fileSize <= encodingSampleBytes);
    if (m_encoding.encoding == Encoding::Converted)
        m_conversion = std::make_unique<Utf8Conversion>(m_encoding, m_displayName);
    m_buffer.reset(new char[m_capacity + padding]);
    std::memset(m_buffer.get(), 0, m_capacity + padding);
    refill();
    sniff();
}

std::string ChunkedInput::readHead()
{
    std::string head(static_cast<size_t>(std::min<std::uint64_t>(m_fileSize, encodingSampleBytes)), '\0');
    head.resize(std::fread(head.data(), 1, head.size(), m_file.get()));
    std::rewind(m_file.get());
    return head;
}

std::size_t ChunkedInput::readMore(char *into, std::size_t room)
{
    if (!m_conversion)
        return std::fread(into, 1, room, m_file.get());
    // As fread: less than asked only at the end of the file.
    std::size_t filled = 0;
    while (filled < room && !m_conversion->atEnd()) {
        const auto got = m_conversion->read(m_file.get(), into + filled, room - filled);
        if (got == 0)
            break; // no room for the next character: the next refill takes it
        filled += got;
    }
    return filled;
}

std::uint64_t ChunkedInput::bytesConsumed() const
{
    if (!m_conversion || m_conversion->bytesOut() == 0)
        return m_consumed;
    return static_cast<std::uint64_t>(static_cast<double>(m_consumed) * static_cast<double>(m_conversion->bytesIn())
                                      / static_cast<double>(m_conversion->bytesOut()));
}

std::string ChunkedInput::maxRecordSize() const
{
    return describeLimit(m_maxRecordBytes);
}

bool ChunkedInput::refill()
{
    if (m_eof)
        return false;
    if (m_begin > 0) {
        std::memmove(m_buffer.get(), m_buffer.get() + m_begin, m_end - m_begin);
        m_end -= m_begin;
        m_crTranslatedTo -= std::min(m_crTranslatedTo, m_begin);
        m_begin = 0;
    }
    if (m_end == m_capacity)
        return false;
    const size_t read = readMore(m_buffer.get() + m_end, m_capacity - m_end);
    if (read < m_capacity - m_end && (!m_conversion || m_conversion->atEnd())) {
        if (std::ferror(m_file.get()))
            throw ImportError(m_displayName, 0, {}, "read error: " + std::string(std::strerror(errno)));
        m_eof = true;
    }
    m_end += read;
    std::memset(m_buffer.get() + m_end, 0, padding);
    if (m_crLineEnds)
        translateLoneCarriageReturns();
    return read > 0;
}

// Same length in and out, so offsets, line numbers and progress stay true to the file.
void ChunkedInput::translateLoneCarriageReturns()
{
    char *data = m_buffer.get();
    size_t i = std::max(m_crTranslatedTo, m_begin);
    while (i < m_end) {
        const void *found = std::memchr(data + i, '\r', m_end - i);
        if (!found) {
            i = m_end;
            break;
        }
        i = static_cast<size_t>(static_cast<const char *>(found) - data);
        if (i + 1 == m_end && !m_eof)
            break; // CRLF or CR alone: the next read tells
        if (i + 1 == m_end || data[i + 1] != '\n')
            data[i] = '\n';
        ++i;
    }
    m_crTranslatedTo = i;
}

void ChunkedInput::sniff()
{
    const auto head = window().substr(0, sniffBytes);
    if (head.starts_with("\xEF\xBB\xBF")) // also what a converted file's byte order mark becomes
        consume(3);
    if (const auto nul = head.find('\0'); nul != std::string_view::npos)
        throw ImportError(m_displayName, 0, {},
                          "is not a text file (binary data: a NUL byte at offset " + std::to_string(nul) + ")");
    if (window().find_first_not_of(" \t\r\n") == std::string_view::npos && m_eof)
        throw ImportError(m_displayName, 0, {}, "the file is empty");
    // Lines that end in CR alone (classic Mac OS): no LF in the first chunk, but a CR.
    const auto first = window();
    if (first.find('\n') == std::string_view::npos && first.find('\r') != std::string_view::npos) {
        m_crLineEnds = true;
        translateLoneCarriageReturns();
    }
}

} // namespace glossa::core::data
