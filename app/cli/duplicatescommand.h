#pragma once

#include "commands.h"

#include <cstdint>
#include <string>
#include <vector>

namespace glossa::core::store {
class Database;
}

namespace glossa::cli {

struct DuplicatesCommand
{
    CommonOptions common;
    std::string dataset;
    double nearThreshold = 0.8;
    bool exactOnly = false;
    std::int64_t limit = 50; // clusters listed in text mode; 0: all
};

// Exact and near-duplicate texts of a dataset as clusters, conflicting labels first, then
// those across splits; with --json one document holding every cluster.
int runDuplicates(const DuplicatesCommand &command);

// The warnings stats and train print when dev or test rows duplicate training rows, each a
// complete line without "warning: " (empty when there is nothing to say).
std::vector<std::string> duplicateWarnings(core::store::Database &db, const std::string &dataset,
                                           const std::string &project);

} // namespace glossa::cli
