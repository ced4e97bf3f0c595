#pragma once

#include "data/snapshot.h"
#include "train/consistency.h"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace glossa::core::store {
class Database;
}

namespace glossa::core::train {

// "train", "dev" or "test"; none for anything else.
std::optional<data::Split> splitNamed(std::string_view name);

// The examples of the split that consistency counts: every example of the snapshot in that
// split that has a group id, labelled or not (a prediction needs no gold label).
std::vector<const data::SnapshotExample *> groupedInSplit(const data::DatasetSnapshot &snapshot, data::Split split);

// One of those examples with the label the run predicted for it.
ConsistencyExample consistencyExample(const data::DatasetSnapshot &snapshot, const data::SnapshotExample &example,
                                      std::string predicted);

// A run's consistency across translations on one split, from the predictions it stored when it
// ended and its snapshot (no model is loaded, so the GUI can ask): what `glossa-cli eval --run R
// --split S --json` computes with the model. An example whose predicted label has since been
// renamed away has no stored prediction and is left out. Throws Error when the run has no stored
// predictions (it has not finished) or its snapshot is gone.
TranslationConsistency storedConsistency(store::Database &db, const std::filesystem::path &artefactDir,
                                         std::int64_t runId, data::Split split);

} // namespace glossa::core::train
