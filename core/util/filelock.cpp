#include "util/filelock.h"

#include "util/error.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace glossa::core {

FileLock::FileLock(const std::filesystem::path &file)
    : m_descriptor(::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644))
{
    if (m_descriptor < 0)
        throw Error(file.string() + ": cannot open the lock file: " + std::strerror(errno));
    while (::flock(m_descriptor, LOCK_EX) != 0) {
        if (errno == EINTR)
            continue;
        const int error = errno;
        ::close(m_descriptor);
        throw Error(file.string() + ": cannot lock: " + std::strerror(error));
    }
}

FileLock::FileLock(int descriptor)
    : m_descriptor(descriptor)
{
}

FileLock::FileLock(FileLock &&other) noexcept
    : m_descriptor(other.m_descriptor)
{
    other.m_descriptor = -1;
}

FileLock &FileLock::operator=(FileLock &&other) noexcept
{
    if (this != &other) {
        if (m_descriptor >= 0)
            ::close(m_descriptor);
        m_descriptor = other.m_descriptor;
        other.m_descriptor = -1;
    }
    return *this;
}

FileLock::~FileLock()
{
    if (m_descriptor >= 0)
        ::close(m_descriptor); // releases the lock
}

std::optional<FileLock> FileLock::tryLock(const std::filesystem::path &file)
{
    const int descriptor = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
    if (descriptor < 0)
        throw Error(file.string() + ": cannot open the lock file: " + std::strerror(errno));
    while (::flock(descriptor, LOCK_EX | LOCK_NB) != 0) {
        if (errno == EINTR)
            continue;
        const int error = errno;
        ::close(descriptor);
        if (error == EWOULDBLOCK)
            return std::nullopt;
        throw Error(file.string() + ": cannot lock: " + std::strerror(error));
    }
    return FileLock(descriptor);
}

bool FileLock::isHeld(const std::filesystem::path &file)
{
    const int descriptor = ::open(file.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
    if (descriptor < 0)
        return false;
    // A shared lock is enough to tell: it fails only while someone holds the exclusive one.
    const bool held = ::flock(descriptor, LOCK_SH | LOCK_NB) != 0 && errno == EWOULDBLOCK;
    ::close(descriptor); // releases the probe's own lock
    return held;
}

} // namespace glossa::core
