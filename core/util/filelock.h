#pragma once

#include <filesystem>

namespace glossa::core {

// An exclusive advisory lock (flock) on a file, held from construction to destruction; waits
// while another process holds it. The kernel drops it when its holder dies, so a killed holder
// never leaves it stuck. The file is created if missing and left in place.
class FileLock
{
public:
    explicit FileLock(const std::filesystem::path &file);
    ~FileLock();

    FileLock(const FileLock &) = delete;
    FileLock &operator=(const FileLock &) = delete;

private:
    int m_descriptor = -1;
};

} // namespace glossa::core
