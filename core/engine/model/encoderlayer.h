#pragma once

#include "model/hfconfig.h"

#include <torch/nn/module.h>
#include <torch/nn/modules/normalization.h>

#include <string>

namespace glossa::core::model {

// Which keys each text's attention may read, in the two forms the families apply it.
struct AttentionMask
{
    torch::Tensor additive; // [B, 1, 1, L]: 0 for a token, the most negative float for padding (BERT, XLM-R)
    torch::Tensor padding;  // [B, 1, 1, L] bool: true for padding (DistilBERT fills those scores)
};

// One post-LayerNorm transformer layer of a pretrained encoder. The families differ in their
// weights' names and in details of the arithmetic, not in what a layer computes.
class EncoderLayer : public torch::nn::Module
{
public:
    // x: [B, L, H]; returns [B, L, H].
    virtual torch::Tensor forward(const torch::Tensor &x, const AttentionMask &mask) = 0;
};

// transformers' activation by its config.json name: gelu (erf), gelu_new / gelu_fast (tanh),
// relu, silu / swish, quick_gelu.
torch::Tensor activate(const torch::Tensor &x, const std::string &name);

// A LayerNorm over the hidden size with the checkpoint's eps (LibTorch's default, 1e-5, is not
// BERT's 1e-12).
torch::nn::LayerNorm encoderLayerNorm(const HfEncoderConfig &config);

} // namespace glossa::core::model
