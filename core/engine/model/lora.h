#pragma once

#include "model/hfconfig.h"

#include <torch/nn/modules/dropout.h>
#include <torch/nn/modules/linear.h>

#include <memory>
#include <string>
#include <vector>

namespace glossa::core::model {

class Int8Linear;
class PretrainedEncoderImpl;

struct LoraOptions
{
    std::int64_t rank = 8;
    double alpha = 16;
    double dropout = 0.0;
    bool rsLora = false; // scale by alpha / sqrt(rank) instead of alpha / rank
    // Module names matched as peft matches them: the name itself or its last part
    // ("query" adapts every attention.self.query; "dense" every dense layer).
    std::vector<std::string> targets{"query", "value"};

    double scaling() const;
};

// A linear layer that can carry a LoRA adapter (peft's lora.Linear): y = W x + b + B A
// dropout(x) · scaling, with W and b frozen, A [r, in] initialised as kaiming_uniform(a = √5)
// and B [out, r] as zeros, so an adapted model starts out computing exactly what it did. The
// adapter's layers are children named lora_A and lora_B, so parameter names read like peft's
// (".query.lora_A.weight"). merge() folds B A · scaling into W; the adapter then stays out of
// the forward pass.
class LoraLinearImpl : public torch::nn::LinearImpl
{
public:
    using torch::nn::LinearImpl::LinearImpl;

    void attachLora(const LoraOptions &options);
    bool hasLora() const { return !m_a.is_empty(); }
    bool isMerged() const { return m_merged; }
    void merge();
    torch::Tensor forward(const torch::Tensor &input);
    // B A · scaling, [out, in]: what merging adds to the weight.
    torch::Tensor deltaWeight() const;
    // The weight the float forward pass applies: W, plus B A · scaling while unmerged.
    torch::Tensor effectiveWeight() const;
    // Int8 weights (quantizeEncoderInt8) to run inference with, or null for float32.
    void useInt8(std::shared_ptr<const Int8Linear> int8) { m_int8 = std::move(int8); }
    bool isInt8() const { return m_int8 != nullptr; }

private:
    torch::nn::Linear m_a{nullptr};
    torch::nn::Linear m_b{nullptr};
    torch::nn::Dropout m_dropout{nullptr};
    double m_scaling = 1;
    bool m_merged = false;
    std::shared_ptr<const Int8Linear> m_int8;
};
TORCH_MODULE(LoraLinear);

// The targets in the family's own layer names, so that one setting ("query,value", the default)
// means the same layers in every family: DistilBERT's are q_lin, k_lin, v_lin, and out_lin,
// lin1, lin2 for BERT's dense layers; DeBERTa-v2's query_proj, key_proj, value_proj. Other names
// pass as they are; none is listed twice.
std::vector<std::string> loraTargetsFor(EncoderFamily family, const std::vector<std::string> &targets);

// Adds adapters to the encoder's linear layers that the options target and freezes every
// other encoder weight (a head outside the encoder stays trainable). Returns the adapted
// layers' names; throws Error when no layer matches a target.
std::vector<std::string> applyLora(PretrainedEncoderImpl &encoder, const LoraOptions &options);
// Merges every adapter into its layer (for export, or faster inference).
void mergeLora(PretrainedEncoderImpl &encoder);

} // namespace glossa::core::model
