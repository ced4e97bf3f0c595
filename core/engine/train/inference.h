#pragma once

#include "engine/model/textclassifier.h"

namespace glossa::core::train {

struct EncodedExamples;

// bf16 autocast for forward passes on this thread while it lives; nothing when not enabled.
class AutocastScope
{
public:
    AutocastScope(bool enabled, torch::Device device);
    ~AutocastScope();
    AutocastScope(const AutocastScope &) = delete;
    AutocastScope &operator=(const AutocastScope &) = delete;

private:
    bool m_enabled;
    bool m_cuda;
};

// Every example's logits, in the examples' order: [N, classes], float32 on the CPU. Without
// dropout or gradients, in batches sorted by length when the model reads sequences.
torch::Tensor logitsOf(model::TextClassifier &model, const EncodedExamples &examples, bool sequence,
                       torch::Device device, bool mixedPrecision = false);

} // namespace glossa::core::train
