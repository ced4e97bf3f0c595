#pragma once

#include "train/trainsettings.h"

#include <torch/types.h>

namespace glossa::core::model {
class TextClassifier;
}

namespace glossa::core::train {

// Runs a model for inference in float32 or int8 (model.quantize). Int8 applies to a pretrained
// encoder's linear layers (model::quantizeEncoderInt8) and needs the CPU: the model moves there
// and `device` says so. Other models have nothing to quantise and stay float32. Returns what the
// model runs in now.
Quantization quantizeForInference(model::TextClassifier &model, Quantization quantization, torch::Device &device);

} // namespace glossa::core::train
