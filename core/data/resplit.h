#pragma once

#include "data/splitter.h"

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace glossa::core::store {
class Database;
}

namespace glossa::core::data {

struct ResplitOptions
{
    std::uint64_t seed = 13;
    SplitRatios ratios;
    // Rows that share a group (translations of one item) land in one split; off: row by row.
    bool byGroup = true;
};

// Rows per split (train, dev, test), in all and per language and label ("" for unlabelled).
struct SplitCounts
{
    std::array<std::int64_t, 3> total{};
    std::map<std::string, std::array<std::int64_t, 3>> perLanguage;
    std::map<std::string, std::array<std::int64_t, 3>> perLabel;
    std::int64_t groupsAcrossSplits = 0; // groups with rows in more than one split
};

// What a re-split would do, computed without writing: the preview the analyst confirms.
struct ResplitPlan
{
    ResplitOptions options;
    SplitCounts before;
    SplitCounts after;
    std::int64_t rows = 0;
    std::int64_t changed = 0; // rows whose split changes
};

// A re-split the project keeps, so it can be undone.
struct ResplitRecord
{
    std::int64_t id = 0;
    std::int64_t datasetId = 0;
    ResplitOptions options;
    std::int64_t changedRows = 0;
    std::int64_t createdAt = 0;
};

// Splits every row of the dataset again, seeded and stratified by label x language, and by
// group unless options say otherwise: the same splitter an import uses, over the rows in the
// order they were added, so the same data and options always give the same splits. Splits the
// file gave are replaced too (that is what a re-split is for).
ResplitPlan planResplit(store::Database &db, std::int64_t datasetId, const ResplitOptions &options);

// Applies it in one transaction and records each changed row's split before, so undoResplit
// can put it back. Returns the plan it applied (the preview's figures, unless rows changed in
// between).
ResplitPlan applyResplit(store::Database &db, std::int64_t datasetId, const ResplitOptions &options);

// Puts back the splits of the dataset's latest re-split that is not undone yet; returns it, or
// nullopt when there is none. Rows added since keep their splits.
std::optional<ResplitRecord> undoResplit(store::Database &db, std::int64_t datasetId);

// The dataset's re-splits that can still be undone, newest first.
std::vector<ResplitRecord> undoableResplits(store::Database &db, std::int64_t datasetId);

} // namespace glossa::core::data
