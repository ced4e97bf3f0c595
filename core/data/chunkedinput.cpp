#include "data/chunkedinput.h"

#include "data/importerror.h"

#include <algorithm>
#include <cstring>

namespace glossa::core::data {
namespace {

constexpr size_t chunkBytes = 4 << 20;
constexpr size_t sniffBytes = 8192;

} // namespace

ChunkedInput::ChunkedInput(const std::filesystem::path &file, std::string displayName, size_t maxRecordBytes)
    : m_displayName(std::move(displayName))
    , m_maxRecordBytes(maxRecordBytes)
    , m_capacity(std::max(chunkBytes, 2 * maxRecordBytes))
{
    std::error_code error;
    if (std::filesystem::is_directory(file, error))
        throw ImportError(m_displayName, 0, {}, "is a folder, not a file");
    m_file.reset(std::fopen(file.c_str(), "rb"));
    if (!m_file)
        throw ImportError(m_displayName, 0, {}, std::string("cannot be opened: ") + std::strerror(errno));
    m_fileSize = std::filesystem::file_size(file, error);
    m_buffer.reset(new char[m_capacity + padding]);
    std::memset(m_buffer.get(), 0, m_capacity + padding);
    refill();
    sniff();
}

std::string ChunkedInput::maxRecordSize() const
{
    // Whole units only, so a limit below 1 MiB does not read "0 MiB".
    if (m_maxRecordBytes % (1 << 20) == 0)
        return std::to_string(m_maxRecordBytes >> 20) + " MiB";
    if (m_maxRecordBytes % (1 << 10) == 0)
        return std::to_string(m_maxRecordBytes >> 10) + " KiB";
    return std::to_string(m_maxRecordBytes) + " bytes";
}

bool ChunkedInput::refill()
{
    if (m_eof)
        return false;
    if (m_begin > 0) {
        std::memmove(m_buffer.get(), m_buffer.get() + m_begin, m_end - m_begin);
        m_end -= m_begin;
        m_begin = 0;
    }
    if (m_end == m_capacity)
        return false;
    const size_t read = std::fread(m_buffer.get() + m_end, 1, m_capacity - m_end, m_file.get());
    if (read < m_capacity - m_end) {
        if (std::ferror(m_file.get()))
            throw ImportError(m_displayName, 0, {}, "read error: " + std::string(std::strerror(errno)));
        m_eof = true;
    }
    m_end += read;
    std::memset(m_buffer.get() + m_end, 0, padding);
    return read > 0;
}

void ChunkedInput::sniff()
{
    const auto head = window().substr(0, sniffBytes);
    if (head.starts_with("\xEF\xBB\xBF"))
        consume(3);
    else if (head.starts_with("\xFF\xFE") || head.starts_with("\xFE\xFF"))
        throw ImportError(m_displayName, 0, {}, "is UTF-16 text; save it as UTF-8 and import again");
    if (const auto nul = head.find('\0'); nul != std::string_view::npos)
        throw ImportError(m_displayName, 0, {},
                          "is not a text file (binary data: a NUL byte at offset " + std::to_string(nul) + ")");
    if (window().find_first_not_of(" \t\r\n") == std::string_view::npos && m_eof)
        throw ImportError(m_displayName, 0, {}, "the file is empty");
}

} // namespace glossa::core::data
