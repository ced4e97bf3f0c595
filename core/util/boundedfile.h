#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

namespace glossa::core {

// Files from outside (a model folder, a project's artefacts) may be anything: a pipe that
// blocks open() for ever, /dev/zero, a folder, or gigabytes where kilobytes belong. These
// open without blocking, refuse what is not a regular file, and refuse a size over the limit
// before reading a byte; every Error names the file, what is wrong and the limit.

// "a folder", "a pipe", "a device", "a socket", "a symbolic link" or "not a regular file", for
// an st_mode that is not a regular file's: what messages say a path is instead.
std::string fileKindName(unsigned int mode);

// The one way Glossa opens a file from outside for reading: stat() first, so a pipe or device
// is never opened at all; then open() without blocking, and fstat() on what was opened, in
// case the path was swapped in between. Returns the descriptor of a regular file (the caller
// closes it) with its size; otherwise descriptor -1 and either the errno or the st_mode of
// what is there instead, so that each caller words its own message.
struct OpenedFile
{
    int descriptor = -1;
    std::size_t size = 0;
    int error = 0;              // errno of a failed stat or open
    unsigned int otherKind = 0; // st_mode of something that is not a regular file
};
OpenedFile openRegularFileIfAny(const std::filesystem::path &file);

// The same, throwing Error ("<file>: the <what> is a pipe, not a file; ...") on failure.
int openRegularFile(const std::filesystem::path &file, std::string_view what, std::size_t &size);

// The whole file, if it is a regular file of at most maxBytes.
std::string readBoundedFile(const std::filesystem::path &file, std::size_t maxBytes, std::string_view what);

// True when JSON text nests arrays and objects deeper than maxDepth (a linear scan that
// skips strings): checked before parsing, since a parser given 45 million '[' builds 45
// million values first.
bool jsonNestsDeeperThan(std::string_view text, int maxDepth);

} // namespace glossa::core
