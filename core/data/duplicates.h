#pragma once

#include "data/snapshot.h"

#include <cstdint>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

namespace glossa::core::data {

// What a cluster of duplicates means for the analyst, most urgent first.
enum class DuplicateKind : std::uint8_t {
    Conflict,    // the same (or nearly the same) text with different labels
    CrossSplit,  // the same text in more than one split: a test score that counts memory
    WithinSplit, // repeated within one split: weighs more in training than it should
};
std::string_view toString(DuplicateKind kind); // "conflict", "cross-split", "within-split"

struct DuplicateOptions
{
    // Texts whose character n-gram sets overlap at least this much (Jaccard) are near-duplicates.
    double nearThreshold = 0.8;
    // Only texts equal after comparableText; no MinHash.
    bool exactOnly = false;
    // n of the character n-grams.
    int shingleChars = 5;
    // MinHash signature of bands x rowsPerBand values. Texts that agree on every value of one
    // band are compared: 16 x 4 finds pairs at Jaccard 0.8 with probability 0.9998, at 0.5
    // with 0.64 (the threshold then decides).
    int bands = 16;
    int rowsPerBand = 4;
    std::uint64_t seed = 0x676c6f7373614d48ULL;
    // In a band's bucket, each text is compared with this many that follow it, not with all:
    // a template repeated ten thousand times costs linear time, and the pairs it skips are
    // mostly joined through other pairs already.
    int bucketNeighbours = 32;
};

struct DuplicateMember
{
    std::int64_t id = 0;
    Split split = Split::Train;
    int label = -1; // index into the snapshot's labels; -1 unlabelled
    // Members with the same number have the same comparableText (numbered from 0 per cluster).
    int exactGroup = 0;
    // Jaccard similarity of the character n-grams to the cluster's first member; 1 for the
    // same comparable text.
    double similarity = 1.0;
};

struct DuplicateCluster
{
    DuplicateKind kind = DuplicateKind::WithinSplit;
    bool crossesSplits = false; // members in more than one split
    bool near = false;          // not every member has the same comparable text
    // Training rows first, then dev, then test; by id within each.
    std::vector<DuplicateMember> members;

    bool hasSplit(Split split) const;
    // Distinct labels among the labelled members.
    int labelCount() const;
};

// Rows of a dev or test split that duplicate training rows: the same comparable text as a
// training row (exact), or only near one (near).
struct SplitLeakage
{
    std::int64_t rows = 0; // rows in the split
    std::int64_t exact = 0;
    std::int64_t near = 0;

    std::int64_t duplicating() const { return exact + near; }
};

struct DuplicateReport
{
    std::int64_t examples = 0; // rows looked at
    DuplicateOptions options;
    // Conflicts first, then clusters across splits (train with test before train with dev),
    // then the rest; larger clusters first, then by lowest id.
    std::vector<DuplicateCluster> clusters;
    SplitLeakage dev;
    SplitLeakage test;
    double seconds = 0;

    std::int64_t clusterCount(DuplicateKind kind) const;
    // Rows in clusters of that kind.
    std::int64_t rowCount(DuplicateKind kind) const;
    bool stopped = false; // stop was requested: the report is empty
};

// Exact duplicates (equal comparableText) and near-duplicates (MinHash over character n-grams,
// LSH banding, then the real Jaccard similarity checked against the threshold) among a
// snapshot's examples, as clusters (near-duplication is followed through: A~B and B~C make one
// cluster). Time and memory grow with the number of examples, not its square: a signature of
// bands x rowsPerBand 32-bit values per distinct text besides the snapshot. Deterministic.
// Returns an empty report, stopped, once stop is requested.
DuplicateReport findDuplicates(const DatasetSnapshot &snapshot, const DuplicateOptions &options = {},
                               std::stop_token stop = {});

// "12 of 1,214 test rows duplicate training rows (exact 9, near 3)", for test and then dev, one
// sentence each; empty when none do. What stats and train print after "warning: ".
std::vector<std::string> leakageSentences(const DuplicateReport &report);

} // namespace glossa::core::data
