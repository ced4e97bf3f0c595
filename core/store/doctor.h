#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace glossa::core::store {

// What `glossa-cli doctor` finds in a project file, without trusting it: objects in the
// schema that Glossa does not create (or whose definition it did not write), damaged pages,
// broken references, artefact entries that point outside the artefacts folder, and artefact
// files that are missing or whose bytes are not their recorded SHA-256.
struct DoctorReport
{
    std::vector<std::string> problems; // what is still wrong, one sentence each
    std::vector<std::string> repairs;  // what fixing changed
    bool healthy() const { return problems.empty(); }
};

// With fix, drops foreign schema objects, recreates Glossa's own indexes, views and triggers,
// and removes artefact entries that name a place outside the artefacts folder (never the file
// they name), each in a transaction; what cannot be repaired that way stays in problems.
// Throws Error only when the file cannot be examined at all (missing, not a regular file).
DoctorReport examineProject(const std::filesystem::path &file, bool fix);

} // namespace glossa::core::store
