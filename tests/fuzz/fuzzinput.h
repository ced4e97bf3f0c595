#pragma once

// What the fuzz targets share. The code under test opens files by path (and memory-maps some),
// so each input is written to a scratch file first.

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <system_error>

namespace glossa::fuzz {

// Where the targets leave a sum of what they read, so the compiler cannot skip the reading.
inline volatile std::size_t observed = 0;
inline void observe(std::size_t value)
{
    observed = observed + value;
}

// A folder of this process's own, in memory (/dev/shm) where there is one, so millions of
// inputs cost no disk writes; several fuzzing processes (-jobs, -fork) never share one.
inline const std::filesystem::path &scratchDir()
{
    // Never destroyed: the atexit handler runs after static objects are gone.
    static const std::filesystem::path *const dir = [] {
        std::error_code error;
        std::error_code ignored;
        std::filesystem::path base = "/dev/shm";
        if (!std::filesystem::is_directory(base, error))
            base = std::filesystem::temp_directory_path();
        // A crash ends a process without its atexit handler: sweep the folders of processes
        // that are gone, so findings do not fill /dev/shm over many runs.
        const std::string prefix = "glossa-fuzz-";
        for (std::filesystem::directory_iterator it(base, error), end; !error && it != end; it.increment(error)) {
            const auto name = it->path().filename().string();
            if (name.starts_with(prefix) && !std::filesystem::exists("/proc/" + name.substr(prefix.size()), ignored))
                std::filesystem::remove_all(it->path(), ignored);
        }
        const auto *made = new std::filesystem::path(base / (prefix + std::to_string(::getpid())));
        std::filesystem::create_directories(*made, ignored);
        std::atexit([] {
            std::error_code ignored;
            std::filesystem::remove_all(scratchDir(), ignored);
        });
        return made;
    }();
    return *dir;
}

// One input as a file named `name` in the scratch folder, removed (with the files SQLite and
// the project put beside it) when it goes out of scope.
class InputFile
{
public:
    InputFile(const std::string &name, const std::uint8_t *data, std::size_t size)
        : m_path(scratchDir() / name)
    {
        std::ofstream out(m_path, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char *>(data), static_cast<std::streamsize>(size));
        if (!out) {
            // Not a finding in the code under test: the harness itself cannot run.
            std::perror("glossa fuzz: cannot write the input file");
            std::abort();
        }
    }
    InputFile(const InputFile &) = delete;
    InputFile &operator=(const InputFile &) = delete;
    ~InputFile()
    {
        std::error_code ignored;
        for (const char *suffix : {"", "-wal", "-shm", "-journal"})
            std::filesystem::remove(m_path.string() + suffix, ignored);
        std::filesystem::remove_all(m_path.parent_path() / (m_path.stem().string() + ".artefacts"), ignored);
    }

    const std::filesystem::path &path() const { return m_path; }

private:
    std::filesystem::path m_path;
};

} // namespace glossa::fuzz
