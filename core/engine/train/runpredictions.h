#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <span>
#include <string>
#include <vector>

namespace glossa::core::data {
struct DatasetSnapshot;
struct SnapshotExample;
} // namespace glossa::core::data
namespace glossa::core::store {
class Database;
}

namespace glossa::core::train {

class EncodedSnapshot;
class Predictor;
struct Prediction;

// Classifies every example of the run's snapshot (train, dev, test and unlabelled) with the
// run's model and stores label and probability per example, so the browser can show, sort
// and filter on them without loading a model. `encoded`: the examples as the job that trained
// the model tokenised them, read instead of tokenising again. Returns the number stored.
std::int64_t storeRunPredictions(store::Database &db, const std::filesystem::path &artefactDir, std::int64_t runId,
                                 const data::DatasetSnapshot &snapshot, const Predictor &predictor,
                                 const EncodedSnapshot *encoded = nullptr);

// The same with any way of predicting a batch of examples (a features run reads its cached
// vectors), for the run's labels in its order.
using PredictExamples = std::function<std::vector<Prediction>(std::span<const data::SnapshotExample *const>)>;
std::int64_t storeRunPredictions(store::Database &db, const std::filesystem::path &artefactDir, std::int64_t runId,
                                 const data::DatasetSnapshot &snapshot, const std::vector<std::string> &labels,
                                 const PredictExamples &predict);

} // namespace glossa::core::train
