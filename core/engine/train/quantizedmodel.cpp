#include "engine/train/quantizedmodel.h"

#include "engine/model/int8linear.h"
#include "engine/model/pretrainedclassifier.h"

namespace glossa::core::train {

Quantization quantizeForInference(model::TextClassifier &model, Quantization quantization, torch::Device &device)
{
    auto *pretrained = dynamic_cast<model::PretrainedClassifier *>(&model);
    if (!pretrained)
        return Quantization::None;
    const bool int8 = quantization == Quantization::Int8;
    if (int8 && !device.is_cpu()) {
        device = torch::Device(torch::kCPU);
        model.to(device);
    }
    model::quantizeEncoderInt8(pretrained->encoder(), int8);
    return quantization;
}

} // namespace glossa::core::train
