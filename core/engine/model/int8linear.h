#pragma once

#include <torch/types.h>

#include <memory>

namespace glossa::core::model {

class PretrainedEncoderImpl;

// A linear layer's weight as int8, run with dynamic quantisation (what python's
// torch.ao.quantization.quantize_dynamic makes of an nn.Linear): the weight quantised once, per
// output channel and symmetric; each input quantised to uint8 as it arrives, over its own range;
// int8 products summed in int32, then scaled back to float32 and the float bias added. For
// inference only: it has no backward.
class Int8Linear
{
public:
    // weight [out, in], bias [out] or undefined: float tensors on the CPU.
    Int8Linear(const torch::Tensor &weight, const torch::Tensor &bias);
    ~Int8Linear();
    Int8Linear(const Int8Linear &) = delete;
    Int8Linear &operator=(const Int8Linear &) = delete;

    // input [..., in] (float, or bf16 under autocast) -> [..., out] float32.
    torch::Tensor forward(const torch::Tensor &input) const;

private:
    struct Packed;
    std::unique_ptr<Packed> m_packed;
};

// Whether this LibTorch has a quantised engine to run int8 linear layers with.
bool int8Available();

// Runs the encoder's linear layers in int8 (attention query, key, value and output; the
// feed-forward intermediate and output; a LoRA adapter folded into its layer's weight), or
// back in float32 when `int8` is false. The embeddings and the pooler stay float32. The float
// weights are kept: a pass that needs gradients (token attributions) uses them. Returns the
// number of layers changed. Throws Error when the encoder is not on the CPU or no quantised
// engine is there.
std::size_t quantizeEncoderInt8(PretrainedEncoderImpl &encoder, bool int8 = true);

} // namespace glossa::core::model
