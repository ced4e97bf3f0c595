#pragma once

#include <memory>

namespace glossa::core::model {
class TextClassifier;
}

namespace glossa::core::train {

class TrainConfig;

// The model a config describes, freshly initialised, for a vocabulary and a number of classes.
// Training and prediction build it the same way, so a saved checkpoint always fits.
std::shared_ptr<model::TextClassifier> buildModel(const TrainConfig &config, int vocabSize, int classes);

} // namespace glossa::core::train
