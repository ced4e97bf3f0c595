#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

namespace glossa::core::data {
struct DatasetSnapshot;
}
namespace glossa::core::model {
class TextClassifier;
}
namespace glossa::core::store {
class Database;
class RunStore;
} // namespace glossa::core::store

namespace glossa::core::train {

class FeatureVectors;
class TrainingObserver;
struct TrainSettings;

// What TrainingJob does differently for a run with finetune.strategy=features.

// A pretrained model whose encoder stays frozen and whose head trains on cached text vectors.
bool isFeaturesRun(const TrainSettings &settings);

// Links the run to its frozen encoder's weights (role encoder-weights), so it predicts and
// exports without the model folder. Every run of one folder shares one artefact, found by the
// folder's fingerprint: only the first run writes it (hundreds of MB), a retrain links it.
void keepEncoderWeights(store::RunStore &runs, std::int64_t runId, const TrainSettings &settings,
                        const std::string &folderFingerprint, TrainingObserver &observer);

// Stores the run's label and probability for every snapshot example from the cached vectors,
// as storeRunPredictions does with a model: the encoder does not run again.
std::int64_t storeFeaturePredictions(store::Database &db, const std::filesystem::path &artefactDir, std::int64_t runId,
                                     const data::DatasetSnapshot &snapshot, model::TextClassifier &model,
                                     const FeatureVectors &vectors);

} // namespace glossa::core::train
