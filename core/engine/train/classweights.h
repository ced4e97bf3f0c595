#pragma once

#include "train/trainsettings.h"

#include <torch/types.h>

#include <span>

namespace glossa::core::train {

// Inverse class frequencies of the training labels (or their square roots) as loss weights, so
// rare classes count; undefined when every class weighs the same. A class with no training
// example weighs 0. What the trainer and a features head both weigh their losses with.
torch::Tensor classWeightsFor(std::span<const int> labels, int classes, ClassWeighting weighting);

} // namespace glossa::core::train
