#pragma once

#include "engine/model/encoderlayer.h"
#include "engine/model/lora.h"

#include <torch/nn/modules/dropout.h>

#include <memory>

namespace glossa::core::model {

// BERT's post-LayerNorm output block under transformers' names (dense, LayerNorm):
// LayerNorm(dropout(dense(x)) + residual). attention.output and output in BERT, XLM-R and
// DeBERTa-v2 layers alike.
struct BertDenseNorm : torch::nn::Module
{
    BertDenseNorm(const HfEncoderConfig &config, std::int64_t in);
    torch::Tensor forward(const torch::Tensor &x, const torch::Tensor &residual);

    LoraLinear dense{nullptr};
    torch::nn::LayerNorm norm{nullptr};
    torch::nn::Dropout dropout{nullptr};
};

// The feed-forward's first half, intermediate.dense (the activation is applied by the layer).
struct BertIntermediate : torch::nn::Module
{
    explicit BertIntermediate(const HfEncoderConfig &config);
    LoraLinear dense{nullptr};
};

// BERT's (and XLM-R's) layer as modeling_bert.py computes it, under its names:
// attention.self.{query, key, value}, attention.output, intermediate, output.
class BertLayer final : public EncoderLayer
{
public:
    explicit BertLayer(const HfEncoderConfig &config);

    torch::Tensor forward(const torch::Tensor &x, const LayerInputs &inputs) override;

private:
    struct SelfAttention;
    struct Attention;

    // The heads' softmax(q kᵀ / √d) v, [B, L, H].
    torch::Tensor attend(const torch::Tensor &query, const torch::Tensor &key, const torch::Tensor &value,
                         const LayerInputs &inputs);

    HfEncoderConfig m_config;
    std::shared_ptr<Attention> m_attention;
    std::shared_ptr<BertIntermediate> m_intermediate;
    std::shared_ptr<BertDenseNorm> m_output;
};

} // namespace glossa::core::model
