#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace glossa::core::store {
class Database;
}

namespace glossa::core::data {

enum class Split : std::uint8_t { Train, Dev, Test };

struct SnapshotExample
{
    std::int64_t id = 0;
    std::string text;
    std::string lang;
    Split split = Split::Train;
    int label = -1; // index into DatasetSnapshot::labels; -1 unlabelled
    std::optional<std::string> group;
};

// A dataset as one consistent picture: texts, splits and the labels they had at one moment.
// A run trains on a snapshot, so the analyst can go on correcting labels meanwhile; the hash
// names the snapshot (same content, same hash) and is recorded with the run.
struct DatasetSnapshot
{
    std::int64_t datasetId = 0;
    std::string datasetName;
    std::vector<std::string> labels; // in the dataset's label order
    std::vector<SnapshotExample> examples;
    std::string hash; // 32 hex digits (XXH3-128) over ids, texts, languages, splits and labels

    std::vector<const SnapshotExample *> inSplit(Split split, bool labelledOnly = true) const;
    // What `hash` holds, computed from the content.
    std::string contentHash() const;
};

// Reads the dataset in one read transaction. Throws Error when the dataset does not exist.
DatasetSnapshot takeSnapshot(store::Database &db, std::string_view datasetName);

} // namespace glossa::core::data
