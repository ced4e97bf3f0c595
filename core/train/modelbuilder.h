#pragma once

#include <filesystem>
#include <memory>

namespace glossa::core::model {
class TextClassifier;
}

namespace glossa::core::train {

class TrainConfig;

// The model a config describes, freshly initialised, for a vocabulary and a number of classes.
// Training and prediction build it the same way, so a saved checkpoint always fits. A
// pretrained model loads its folder's weights, unless encoderConfig names its config.json:
// then only the structure is built, for a trained checkpoint to be read into (the folder
// need not be there any more).
std::shared_ptr<model::TextClassifier> buildModel(const TrainConfig &config, int vocabSize, int classes,
                                                  const std::filesystem::path &encoderConfig = {});

} // namespace glossa::core::train
