#pragma once

#include "model/hfconfig.h"

#include <torch/nn/module.h>
#include <torch/nn/modules/normalization.h>

#include <string>

namespace glossa::core::model {

// What every layer of one forward pass reads besides the hidden states: which keys each text's
// attention may read, in the forms the families apply it, and DeBERTa-v2's relative positions.
struct LayerInputs
{
    torch::Tensor additive;           // [B, 1, 1, L]: 0 for a token, the most negative float for padding (BERT, XLM-R)
    torch::Tensor padding;            // [B, 1, 1, L] bool: true for padding (DistilBERT fills those scores)
    torch::Tensor pairs;              // [B, 1, L, L] bool: true where the query or the key is padding (DeBERTa-v2)
    torch::Tensor relativePositions;  // [L, L] int64: query - key, log-bucketed (DeBERTa-v2)
    torch::Tensor relativeEmbeddings; // [2 span, H]: the position table, normalised (DeBERTa-v2)
};

// One post-LayerNorm transformer layer of a pretrained encoder. The families differ in their
// weights' names and in details of the arithmetic, not in what a layer computes.
class EncoderLayer : public torch::nn::Module
{
public:
    // x: [B, L, H]; returns [B, L, H].
    virtual torch::Tensor forward(const torch::Tensor &x, const LayerInputs &inputs) = 0;
};

// transformers' activation by its config.json name: gelu (erf), gelu_new / gelu_fast (tanh),
// relu, silu / swish, quick_gelu.
torch::Tensor activate(const torch::Tensor &x, const std::string &name);

// A LayerNorm over the hidden size with the checkpoint's eps (LibTorch's default, 1e-5, is not
// BERT's 1e-12).
torch::nn::LayerNorm encoderLayerNorm(const HfEncoderConfig &config);

// torch.finfo(type).min, what transformers fills masked attention scores with.
double mostNegative(c10::ScalarType type);

} // namespace glossa::core::model
