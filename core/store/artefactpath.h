#pragma once

#include <filesystem>
#include <string_view>

namespace glossa::core::store {

// Where an artefact's file is, from what the project file says: only ever a regular file at
// "<kind>/<sha256><extension>" inside the artefacts folder, reached without following a link.
// A path that is absolute, climbs out with "..", names another kind or hash, or passes through
// a symbolic link is refused with an Error that names the project's artefact and what to do:
// the project file comes from outside, and Glossa deletes and overwrites artefact files.
std::filesystem::path resolveArtefactPath(const std::filesystem::path &artefactDir, std::string_view kind,
                                          std::string_view sha256, std::string_view storedPath);

// The artefacts folder itself (and a folder inside it, such as "runs"), checked the same way
// before Glossa writes into it: a real folder, not a link to somewhere else. Throws Error.
void requireRealFolder(const std::filesystem::path &folder);

// The artefact's bytes against its SHA-256 before use: a changed or damaged file is refused
// with an Error that says which and what to do.
void verifyArtefactContent(const std::filesystem::path &file, std::string_view sha256);

} // namespace glossa::core::store
