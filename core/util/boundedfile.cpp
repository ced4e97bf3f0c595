#include "util/boundedfile.h"

#include "util/error.h"

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace glossa::core {
namespace {

std::string sizeText(std::size_t bytes)
{
    if (bytes >= (std::size_t(1) << 20) && bytes % (std::size_t(1) << 20) == 0)
        return std::to_string(bytes >> 20) + " MiB";
    return std::to_string(bytes) + " bytes";
}

} // namespace

std::string fileKindName(unsigned int mode)
{
    if (S_ISLNK(mode))
        return "a symbolic link";
    if (S_ISDIR(mode))
        return "a folder";
    if (S_ISFIFO(mode))
        return "a pipe";
    if (S_ISCHR(mode) || S_ISBLK(mode))
        return "a device";
    if (S_ISSOCK(mode))
        return "a socket";
    return "not a regular file";
}

OpenedFile openRegularFileIfAny(const std::filesystem::path &file)
{
    OpenedFile opened;
    struct stat info
    {
    };
    if (::stat(file.c_str(), &info) != 0) {
        opened.error = errno;
        return opened;
    }
    if (!S_ISREG(info.st_mode)) {
        opened.otherKind = info.st_mode;
        return opened;
    }
    // O_NONBLOCK: had a pipe taken the file's place since stat(), open() would wait for a
    // writer for ever.
    const int descriptor = ::open(file.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    if (descriptor < 0) {
        opened.error = errno;
        return opened;
    }
    if (::fstat(descriptor, &info) != 0 || !S_ISREG(info.st_mode)) {
        opened.otherKind = info.st_mode;
        ::close(descriptor);
        return opened;
    }
    // Reads from a regular file never block; the flag only mattered for open().
    ::fcntl(descriptor, F_SETFL, ::fcntl(descriptor, F_GETFL) & ~O_NONBLOCK);
    opened.descriptor = descriptor;
    opened.size = static_cast<std::size_t>(info.st_size);
    return opened;
}

int openRegularFile(const std::filesystem::path &file, std::string_view what, std::size_t &size)
{
    const auto opened = openRegularFileIfAny(file);
    if (opened.error)
        throw Error(file.string() + ": cannot read the " + std::string(what) + ": " + std::strerror(opened.error));
    if (opened.descriptor < 0)
        throw Error(file.string() + ": the " + std::string(what) + " is " + fileKindName(opened.otherKind)
                    + ", not a file; put the real file in its place");
    size = opened.size;
    return opened.descriptor;
}

std::string readBoundedFile(const std::filesystem::path &file, std::size_t maxBytes, std::string_view what)
{
    std::size_t size = 0;
    const int descriptor = openRegularFile(file, what, size);
    if (size > maxBytes) {
        ::close(descriptor);
        throw Error(file.string() + ": the " + std::string(what) + " is " + std::to_string(size)
                    + " bytes, more than the " + sizeText(maxBytes) + " such a file can be; it is not read");
    }
    std::string bytes(size, '\0');
    std::size_t done = 0;
    while (done < size) {
        const auto got = ::read(descriptor, bytes.data() + done, size - done);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0) {
            const int error = got < 0 ? errno : 0;
            ::close(descriptor);
            throw Error(file.string() + ": cannot read the " + std::string(what)
                        + (error ? ": " + std::string(std::strerror(error)) : ": it ended early"));
        }
        done += static_cast<std::size_t>(got);
    }
    ::close(descriptor);
    return bytes;
}

bool jsonNestsDeeperThan(std::string_view text, int maxDepth)
{
    int depth = 0;
    bool inString = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (inString) {
            if (c == '\\')
                ++i;
            else if (c == '"')
                inString = false;
            continue;
        }
        if (c == '"')
            inString = true;
        else if (c == '[' || c == '{') {
            if (++depth > maxDepth)
                return true;
        } else if (c == ']' || c == '}')
            --depth;
    }
    return false;
}

} // namespace glossa::core
