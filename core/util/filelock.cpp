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

FileLock::~FileLock()
{
    ::close(m_descriptor); // releases the lock
}

} // namespace glossa::core
