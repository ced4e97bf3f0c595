#include "util/atomicfile.h"

#include "util/boundedfile.h"
#include "util/error.h"

#include <array>
#include <cerrno>
#include <cstring>
#include <random>
#include <streambuf>
#include <string>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace glossa::core {
namespace {

std::string randomSuffix()
{
    static constexpr char digits[] = "0123456789abcdef";
    std::random_device source;
    std::string suffix;
    for (int i = 0; i < 12; ++i)
        suffix += digits[source() % 16];
    return suffix;
}

void syncFolder(const std::filesystem::path &folder)
{
    const int descriptor = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (descriptor >= 0) {
        ::fsync(descriptor); // the rename itself survives a power cut
        ::close(descriptor);
    }
}

} // namespace

std::string describeWriteError(int error)
{
    switch (error) {
    case ENOSPC: return "the disk is full; free some space and try again";
    case EDQUOT: return "your disk quota is used up; free some space and try again";
    case EROFS: return "the file system is read-only; choose a folder you can write to";
    case EACCES:
    case EPERM: return "permission denied; choose a folder you can write to";
    case EIO: return "an input/output error on the disk";
    default: return std::strerror(error);
    }
}

void requireReplaceableFile(const std::filesystem::path &path)
{
    struct stat info
    {
    };
    if (::lstat(path.c_str(), &info) != 0 || S_ISREG(info.st_mode))
        return;
    throw Error(path.string() + ": is " + fileKindName(info.st_mode)
                + "; Glossa only ever replaces a regular file. Choose another name.");
}

// A stream buffer over the descriptor that remembers the first error instead of losing it.
class AtomicFile::Buffer : public std::streambuf
{
public:
    explicit Buffer(AtomicFile &file)
        : m_file(file)
    {
        setp(m_bytes.data(), m_bytes.data() + m_bytes.size());
    }

    int sync() override { return flushBuffer() ? 0 : -1; }

protected:
    int_type overflow(int_type c) override
    {
        if (!flushBuffer())
            return traits_type::eof();
        if (!traits_type::eq_int_type(c, traits_type::eof())) {
            *pptr() = traits_type::to_char_type(c);
            pbump(1);
        }
        return traits_type::not_eof(c);
    }

    std::streamsize xsputn(const char *data, std::streamsize size) override
    {
        if (size >= static_cast<std::streamsize>(m_bytes.size())) {
            if (!flushBuffer())
                return 0;
            try {
                m_file.write(data, static_cast<std::size_t>(size));
            } catch (const Error &) {
                return 0;
            }
            return size;
        }
        return std::streambuf::xsputn(data, size);
    }

private:
    bool flushBuffer()
    {
        const auto pending = static_cast<std::size_t>(pptr() - pbase());
        setp(m_bytes.data(), m_bytes.data() + m_bytes.size());
        if (pending == 0)
            return true;
        try {
            m_file.write(m_bytes.data(), pending);
            return true;
        } catch (const Error &) {
            return false;
        }
    }

    AtomicFile &m_file;
    std::array<char, 1 << 16> m_bytes{};
};

AtomicFile::AtomicFile(std::filesystem::path target)
    : m_target(std::move(target))
{
    requireReplaceableFile(m_target);
    const auto folder = m_target.has_parent_path() ? m_target.parent_path() : std::filesystem::path(".");
    for (int attempt = 0; attempt < 16 && m_descriptor < 0; ++attempt) {
        m_temporary = folder / ("." + m_target.filename().string() + "." + randomSuffix() + ".part");
        m_descriptor = ::open(m_temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
        if (m_descriptor < 0 && errno != EEXIST)
            throw Error(m_target.string() + ": cannot be written: " + describeWriteError(errno));
    }
    if (m_descriptor < 0)
        throw Error(m_target.string() + ": cannot create a temporary file beside it");
    m_buffer = std::make_unique<Buffer>(*this);
    m_stream = std::make_unique<std::ostream>(m_buffer.get());
}

AtomicFile::~AtomicFile()
{
    discard();
}

void AtomicFile::discard() noexcept
{
    if (m_descriptor >= 0) {
        ::close(m_descriptor);
        m_descriptor = -1;
        ::unlink(m_temporary.c_str());
    }
}

std::ostream &AtomicFile::stream()
{
    return *m_stream;
}

void AtomicFile::write(const void *data, std::size_t size)
{
    if (m_descriptor < 0)
        throw Error(m_target.string() + ": already written");
    const auto *bytes = static_cast<const char *>(data);
    while (size > 0) {
        const auto written = ::write(m_descriptor, bytes, size);
        if (written < 0) {
            if (errno == EINTR)
                continue;
            m_firstError = m_target.string() + ": writing failed: " + describeWriteError(errno);
            throw Error(m_firstError);
        }
        bytes += written;
        size -= static_cast<std::size_t>(written);
    }
}

void AtomicFile::commit()
{
    try {
        m_stream->flush();
        if (!m_firstError.empty())
            throw Error(m_firstError);
        if (!*m_stream)
            throw Error(m_target.string() + ": writing failed");
        if (::fsync(m_descriptor) != 0)
            throw Error(m_target.string() + ": writing failed: " + describeWriteError(errno));
        if (::close(m_descriptor) != 0) {
            m_descriptor = -1;
            ::unlink(m_temporary.c_str());
            throw Error(m_target.string() + ": writing failed: " + describeWriteError(errno));
        }
        m_descriptor = -1;
        // Checked again just before: something may have appeared at the target meanwhile.
        requireReplaceableFile(m_target);
        if (::rename(m_temporary.c_str(), m_target.c_str()) != 0)
            throw Error(m_target.string() + ": cannot be replaced: " + describeWriteError(errno));
    } catch (...) {
        discard();
        ::unlink(m_temporary.c_str());
        throw;
    }
    syncFolder(m_target.has_parent_path() ? m_target.parent_path() : std::filesystem::path("."));
}

AtomicFolder::AtomicFolder(std::filesystem::path target)
    : m_target(std::move(target))
{
    struct stat info
    {
    };
    if (::lstat(m_target.c_str(), &info) == 0 && !S_ISDIR(info.st_mode))
        throw Error(m_target.string() + ": is " + fileKindName(info.st_mode)
                    + "; Glossa writes a model into a folder of its own. Choose another name.");
    const auto parent = m_target.has_parent_path() ? m_target.parent_path() : std::filesystem::path(".");
    for (int attempt = 0; attempt < 16 && m_staging.empty(); ++attempt) {
        auto candidate = parent / ("." + m_target.filename().string() + "." + randomSuffix() + ".part");
        if (::mkdir(candidate.c_str(), 0777) == 0)
            m_staging = std::move(candidate);
        else if (errno != EEXIST)
            throw Error(m_target.string() + ": cannot be written: " + describeWriteError(errno));
    }
    if (m_staging.empty())
        throw Error(m_target.string() + ": cannot create a temporary folder beside it");
}

AtomicFolder::~AtomicFolder()
{
    if (!m_committed) {
        std::error_code ignored;
        std::filesystem::remove_all(m_staging, ignored);
    }
}

void AtomicFolder::commit()
{
    syncFolder(m_staging);
    struct stat info
    {
    };
    std::filesystem::path previous;
    if (::lstat(m_target.c_str(), &info) == 0) {
        if (!S_ISDIR(info.st_mode))
            throw Error(m_target.string() + ": is " + fileKindName(info.st_mode) + "; it was not replaced");
        previous = m_staging;
        previous.replace_extension(".old");
        if (::rename(m_target.c_str(), previous.c_str()) != 0)
            throw Error(m_target.string() + ": cannot be replaced: " + describeWriteError(errno));
    }
    if (::rename(m_staging.c_str(), m_target.c_str()) != 0) {
        const int error = errno;
        if (!previous.empty())
            ::rename(previous.c_str(), m_target.c_str());
        throw Error(m_target.string() + ": cannot be written: " + describeWriteError(error));
    }
    m_committed = true;
    syncFolder(m_target.has_parent_path() ? m_target.parent_path() : std::filesystem::path("."));
    if (!previous.empty()) {
        std::error_code ignored;
        std::filesystem::remove_all(previous, ignored);
    }
}

void copyFileAtomically(const std::filesystem::path &from, const std::filesystem::path &to)
{
    const int descriptor = ::open(from.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (descriptor < 0)
        throw Error(from.string() + ": cannot be read: " + std::strerror(errno));
    struct Closer
    {
        int descriptor;
        ~Closer() { ::close(descriptor); }
    } closer{descriptor};
    struct stat info
    {
    };
    if (::fstat(descriptor, &info) != 0 || !S_ISREG(info.st_mode))
        throw Error(from.string() + ": is " + fileKindName(info.st_mode) + ", not a file Glossa can copy");
    AtomicFile out(to);
    std::vector<char> buffer(1 << 20);
    for (;;) {
        const auto got = ::read(descriptor, buffer.data(), buffer.size());
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0)
            throw Error(from.string() + ": cannot be read: " + std::strerror(errno));
        if (got == 0)
            break;
        out.write(buffer.data(), static_cast<std::size_t>(got));
    }
    out.commit();
}

void writeFileAtomically(const std::filesystem::path &target, std::string_view bytes)
{
    AtomicFile file(target);
    file.write(bytes);
    file.commit();
}

} // namespace glossa::core
