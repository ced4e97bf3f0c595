#pragma once

#include "engine/model/lora.h"
#include "model/hfconfig.h"

#include <torch/nn/module.h>
#include <torch/nn/modules/normalization.h>

#include <array>
#include <memory>
#include <string>
#include <vector>

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

    // Query, key and value as one int8 product (quantizeEncoderInt8): the input is quantised
    // once instead of three times and the product is three times wider, which int8 kernels run
    // better. The results equal the three int8 layers'. false goes back to the three layers.
    // Returns the projections the fused product now stands for (none when they cannot fuse),
    // which need no int8 weights of their own.
    std::vector<const LoraLinearImpl *> fuseInt8Projections(bool fuse);

protected:
    // The layer's own query, key and value projections; each family's constructor names them.
    void setProjections(LoraLinear query, LoraLinear key, LoraLinear value);
    // Query, key and value of x, [B, L, H] each (views of one product when fused).
    std::array<torch::Tensor, 3> projectQkv(const torch::Tensor &x);

private:
    LoraLinear m_query{nullptr}, m_key{nullptr}, m_value{nullptr};
    std::shared_ptr<const Int8Linear> m_fusedInt8;
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
