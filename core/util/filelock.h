#pragma once

#include <filesystem>
#include <optional>

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
    FileLock(FileLock &&other) noexcept;
    FileLock &operator=(FileLock &&other) noexcept;

    // The lock if nobody holds it now, without waiting; nullopt if another holder has it.
    static std::optional<FileLock> tryLock(const std::filesystem::path &file);
    // Whether a live process holds the lock on an existing file (a missing file: no). Opens it
    // without creating, following no link and never blocking.
    static bool isHeld(const std::filesystem::path &file);

private:
    explicit FileLock(int descriptor);

    int m_descriptor = -1;
};

} // namespace glossa::core
