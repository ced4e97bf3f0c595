#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string_view>

namespace glossa::core::model {
class FeatureClassifier;
class TextClassifier;
} // namespace glossa::core::model
namespace glossa::core::store {
class RunStore;
}

namespace glossa::core::train {

class TrainConfig;
struct TrainSettings;

// The model a config describes, freshly initialised, for a vocabulary and a number of classes.
// Training and prediction build it the same way, so a saved checkpoint always fits. A
// pretrained model loads its folder's weights, unless encoderConfig names its config.json:
// then only the structure is built, for a trained checkpoint to be read into (the folder
// need not be there any more).
std::shared_ptr<model::TextClassifier> buildModel(const TrainSettings &settings, int vocabSize, int classes,
                                                  const std::filesystem::path &encoderConfig = {});
std::shared_ptr<model::TextClassifier> buildModel(const TrainConfig &config, int vocabSize, int classes);

// The run artefact role of a pretrained model's config.json, kept by TrainingJob.
inline constexpr std::string_view encoderConfigRole = "encoder-config";
// A features run's frozen encoder weights (one artefact per model folder, shared by its runs).
inline constexpr std::string_view encoderWeightsRole = "encoder-weights";

// A features run's head for text vectors of this width, without an encoder (finetune.head,
// head_width, head_dropout).
std::shared_ptr<model::FeatureClassifier> buildFeatureHead(const TrainSettings &settings, std::int64_t width,
                                                           int classes);

// A trained run's model, to read its checkpoint into: a pretrained one built from the
// config.json the run kept (runs made before it kept one read their model folder).
std::shared_ptr<model::TextClassifier> buildRunModel(store::RunStore &runs, std::int64_t runId,
                                                     const TrainSettings &settings, int vocabSize, int classes);

} // namespace glossa::core::train
