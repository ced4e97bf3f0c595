#pragma once

#include "engine/model/encoderlayer.h"
#include "engine/model/lora.h"

#include <torch/nn/modules/dropout.h>

#include <memory>

namespace glossa::core::model {

// A DistilBERT layer as transformers computes it (modeling_distilbert.py's TransformerBlock),
// under its names: attention.{q_lin, k_lin, v_lin, out_lin}, sa_layer_norm, ffn.{lin1, lin2},
// output_layer_norm. Unlike BERT's layer, the query is scaled before the product, padded keys'
// scores are replaced (not added to) by the most negative float, and no dropout follows
// out_lin.
class DistilBertLayer final : public EncoderLayer
{
public:
    explicit DistilBertLayer(const HfEncoderConfig &config);

    torch::Tensor forward(const torch::Tensor &x, const LayerInputs &inputs) override;

private:
    struct Attention;
    struct FeedForward;

    // The heads' softmax(q / √d kᵀ) v, [B, L, H].
    torch::Tensor attend(const torch::Tensor &query, const torch::Tensor &key, const torch::Tensor &value,
                         const LayerInputs &inputs);

    HfEncoderConfig m_config;
    std::shared_ptr<Attention> m_attention;
    torch::nn::LayerNorm m_attentionNorm{nullptr};
    std::shared_ptr<FeedForward> m_feedForward;
    torch::nn::LayerNorm m_outputNorm{nullptr};
};

} // namespace glossa::core::model
