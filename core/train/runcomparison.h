#pragma once

#include "train/bootstrap.h"

#include <cstdint>
#include <filesystem>
#include <string>

namespace glossa::core::store {
class Database;
}

namespace glossa::core::train {

// Two runs scored on the same test examples: whether the second is better than the first by
// more than the test set's noise.
struct RunComparison
{
    std::string runA;
    std::string runB;
    std::string dataset;
    // Test examples both runs predicted with the same gold label in both snapshots; those whose
    // label changed between the runs' snapshots, or that only one run has, are left out.
    std::int64_t leftOut = 0;
    PairedDifference difference; // b minus a, on macro-F1
};

// From the runs' stored predictions and snapshots (no model is loaded). Throws Error when the
// runs trained on different datasets, lack stored predictions, or share no test example.
RunComparison compareRuns(store::Database &db, const std::filesystem::path &artefactDir, std::int64_t runA,
                          std::int64_t runB, const BootstrapOptions &options = {});

} // namespace glossa::core::train
