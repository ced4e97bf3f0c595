#include "engine/model/bertlayer.h"

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
}

torch::Tensor BertLayer::forward(const torch::Tensor &x, const LayerInputs &inputs)
{
    const auto batch = x.size(0);
    const auto length = x.size(1);
    const auto heads = m_config.heads;
    const auto dim = m_config.headDim();
    auto split = [&](const torch::Tensor &t) { return t.view({batch, length, heads, dim}).permute({0, 2, 1, 3}); };
    auto &self = *m_attention->self;
    const auto q = split(self.query(x));
    const auto k = split(self.key(x));
    const auto v = split(self.value(x));
    auto scores = torch::matmul(q, k.transpose(-1, -2)) / std::sqrt(static_cast<double>(dim)) + inputs.additive;
    auto probabilities = self.dropout(torch::softmax(scores, -1));
    const auto context =
        torch::matmul(probabilities, v).permute({0, 2, 1, 3}).contiguous().view({batch, length, m_config.hiddenSize});
    const auto attended = m_attention->output->forward(context, x);
    const auto hidden = activate(m_intermediate->dense(attended), m_config.hiddenAct);
    return m_output->forward(hidden, attended);
}

} // namespace glossa::core::model
