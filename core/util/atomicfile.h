#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>

namespace glossa::core {

// A file written whole or not at all, in a folder where someone may have planted links: the
// bytes go to a temporary file created exclusively beside the target (O_EXCL | O_NOFOLLOW, a
// random name, so no planted link or file is ever written through), which commit() syncs to
// disk and renames over the target. Only a regular file (or nothing) is ever replaced: a
// target that is a link, folder, device or pipe is refused. A write error (disk full, I/O
// error) throws Error naming the target, and the temporary file is removed on every failure
// and when the object dies uncommitted.
class AtomicFile
{
public:
    // Throws Error when the target may not be replaced or the folder cannot be written.
    explicit AtomicFile(std::filesystem::path target);
    ~AtomicFile();
    AtomicFile(const AtomicFile &) = delete;
    AtomicFile &operator=(const AtomicFile &) = delete;

    // For code that writes to a stream; errors surface in commit().
    std::ostream &stream();
    // Throws Error on a failed write.
    void write(const void *data, std::size_t size);
    void write(std::string_view bytes) { write(bytes.data(), bytes.size()); }
    // Flushes, syncs and renames over the target; throws Error, leaving the target as it was.
    void commit();

    const std::filesystem::path &target() const { return m_target; }

private:
    class Buffer;
    void discard() noexcept;

    std::filesystem::path m_target;
    std::filesystem::path m_temporary;
    int m_descriptor = -1;
    std::string m_firstError; // a failed write seen through the stream
    std::unique_ptr<Buffer> m_buffer;
    std::unique_ptr<std::ostream> m_stream;
};

// A folder of files written whole or not at all (an exported model): files go into a staging
// folder created exclusively beside the target, and commit() puts it in the target's place
// (an existing folder of that name is replaced, after the new one is complete). A target that
// is a link or not a folder is refused. The staging folder is removed on every failure.
class AtomicFolder
{
public:
    explicit AtomicFolder(std::filesystem::path target);
    ~AtomicFolder();
    AtomicFolder(const AtomicFolder &) = delete;
    AtomicFolder &operator=(const AtomicFolder &) = delete;

    // Where to write the files until commit().
    const std::filesystem::path &staging() const { return m_staging; }
    void commit();

private:
    std::filesystem::path m_target;
    std::filesystem::path m_staging;
    bool m_committed = false;
};

// The whole of bytes as the file, atomically as above.
void writeFileAtomically(const std::filesystem::path &target, std::string_view bytes);

// A copy of from (a regular file, which may be reached through links: a model folder in the
// Hugging Face cache is made of them) as to, atomically as above. A pipe, device or folder as
// from is refused before anything blocks on it.
void copyFileAtomically(const std::filesystem::path &from, const std::filesystem::path &to);

// Throws Error unless path is absent or a regular file (checked without following a link):
// what AtomicFile checks before replacing a file.
void requireReplaceableFile(const std::filesystem::path &path);

// A text for errno, with what to do for the ones a user can act on (disk full, quota, read-only).
std::string describeWriteError(int error);

} // namespace glossa::core
