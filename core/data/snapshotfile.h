#pragma once

#include "data/snapshot.h"

#include <filesystem>

namespace glossa::core::data {

// A snapshot in a file of its own: a run keeps the exact examples and labels it trained on, so
// it can resume, and its likely label errors can be computed, after the analyst relabels.
// Binary and versioned; loading checks the content hash, so a damaged file is an Error, never
// a silently different dataset.
void saveSnapshot(const DatasetSnapshot &snapshot, const std::filesystem::path &file);
DatasetSnapshot loadSnapshot(const std::filesystem::path &file);

} // namespace glossa::core::data
