#include "engine/model/bertlayer.h"

#include "engine/model/inferenceattention.h"

#include <cmath>

namespace glossa::core::model {

BertDenseNorm::BertDenseNorm(const HfEncoderConfig &config, std::int64_t in)
{
    dense = register_module("dense", LoraLinear(in, config.hiddenSize));
    norm = register_module("LayerNorm", encoderLayerNorm(config));
    dropout = register_module("dropout", torch::nn::Dropout(config.hiddenDropout));
}

torch::Tensor BertDenseNorm::forward(const torch::Tensor &x, const torch::Tensor &residual)
{
    return norm(dropout(dense(x)) + residual); // post-LN, the residual added first
}

BertIntermediate::BertIntermediate(const HfEncoderConfig &config)
{
    dense = register_module("dense", LoraLinear(config.hiddenSize, config.intermediateSize));
}

struct BertLayer::SelfAttention : torch::nn::Module
{
    explicit SelfAttention(const HfEncoderConfig &config)
    {
        const auto h = config.hiddenSize;
        query = register_module("query", LoraLinear(h, h));
        key = register_module("key", LoraLinear(h, h));
        value = register_module("value", LoraLinear(h, h));
        dropout = register_module("dropout", torch::nn::Dropout(config.attentionDropout));
    }
    LoraLinear query{nullptr}, key{nullptr}, value{nullptr};
    torch::nn::Dropout dropout{nullptr};
};

struct BertLayer::Attention : torch::nn::Module
{
    explicit Attention(const HfEncoderConfig &config)
    {
        self = register_module("self", std::make_shared<SelfAttention>(config));
        output = register_module("output", std::make_shared<BertDenseNorm>(config, config.hiddenSize));
    }
    std::shared_ptr<SelfAttention> self;
    std::shared_ptr<BertDenseNorm> output;
};

BertLayer::BertLayer(const HfEncoderConfig &config)
    : m_config(config)
{
    m_attention = register_module("attention", std::make_shared<Attention>(config));
    m_intermediate = register_module("intermediate", std::make_shared<BertIntermediate>(config));
    m_output = register_module("output", std::make_shared<BertDenseNorm>(config, config.intermediateSize));
    const auto &self = *m_attention->self;
    setProjections(self.query, self.key, self.value);
}

torch::Tensor BertLayer::forward(const torch::Tensor &x, const LayerInputs &inputs)
{
    const auto [query, key, value] = projectQkv(x);
    const auto attended = m_attention->output->forward(attend(query, key, value, inputs), x);
    const auto hidden = activate(m_intermediate->dense(attended), m_config.hiddenAct);
    return m_output->forward(hidden, attended);
}

torch::Tensor BertLayer::attend(const torch::Tensor &query, const torch::Tensor &key, const torch::Tensor &value,
                                const LayerInputs &inputs)
{
    const auto batch = query.size(0);
    const auto length = query.size(1);
    const auto heads = m_config.heads;
    const auto dim = m_config.headDim();
    const double root = std::sqrt(static_cast<double>(dim));
    auto &self = *m_attention->self;
    if (canUseInferenceAttention(query, is_training() && m_config.attentionDropout > 0))
        return inferenceAttention(query, key, value, inputs.additive, heads, 1.0 / root);
    auto split = [&](const torch::Tensor &t) { return t.view({batch, length, heads, dim}).permute({0, 2, 1, 3}); };
    auto scores = torch::matmul(split(query), split(key).transpose(-1, -2)) / root + inputs.additive;
    auto probabilities = self.dropout(torch::softmax(scores, -1));
    return torch::matmul(probabilities, split(value))
        .permute({0, 2, 1, 3})
        .contiguous()
        .view({batch, length, m_config.hiddenSize});
}

} // namespace glossa::core::model
