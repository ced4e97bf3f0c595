#pragma once

#include <cstdint>
#include <filesystem>

namespace glossa::core::data {
struct DatasetSnapshot;
}
namespace glossa::core::store {
class Database;
}

namespace glossa::core::train {

class Predictor;

// Classifies every example of the run's snapshot (train, dev, test and unlabelled) with the
// run's model and stores label and probability per example, so the browser can show, sort
// and filter on them without loading a model. Returns the number stored.
std::int64_t storeRunPredictions(store::Database &db, const std::filesystem::path &artefactDir, std::int64_t runId,
                                 const data::DatasetSnapshot &snapshot, const Predictor &predictor);

} // namespace glossa::core::train
