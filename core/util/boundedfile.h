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

// Opens file read-only without blocking; throws Error unless it is a regular file. Returns
// the descriptor (the caller closes it) and its size.
int openRegularFile(const std::filesystem::path &file, std::string_view what, std::size_t &size);

// The whole file, if it is a regular file of at most maxBytes.
std::string readBoundedFile(const std::filesystem::path &file, std::size_t maxBytes, std::string_view what);

// True when JSON text nests arrays and objects deeper than maxDepth (a linear scan that
// skips strings): checked before parsing, since a parser given 45 million '[' builds 45
// million values first.
bool jsonNestsDeeperThan(std::string_view text, int maxDepth);

} // namespace glossa::core
