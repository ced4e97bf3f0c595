#include "engine/model/distilbertlayer.h"

#include "engine/model/inferenceattention.h"

#include <cmath>

namespace glossa::core::model {

struct DistilBertLayer::Attention : torch::nn::Module
{
    explicit Attention(const HfEncoderConfig &config)
    {
        const auto h = config.hiddenSize;
        query = register_module("q_lin", LoraLinear(h, h));
        key = register_module("k_lin", LoraLinear(h, h));
        value = register_module("v_lin", LoraLinear(h, h));
        output = register_module("out_lin", LoraLinear(h, h));
        dropout = register_module("dropout", torch::nn::Dropout(config.attentionDropout));
    }
    LoraLinear query{nullptr}, key{nullptr}, value{nullptr}, output{nullptr};
    torch::nn::Dropout dropout{nullptr};
};

struct DistilBertLayer::FeedForward : torch::nn::Module
{
    explicit FeedForward(const HfEncoderConfig &config)
    {
        in = register_module("lin1", LoraLinear(config.hiddenSize, config.intermediateSize));
        out = register_module("lin2", LoraLinear(config.intermediateSize, config.hiddenSize));
        dropout = register_module("dropout", torch::nn::Dropout(config.hiddenDropout));
    }
    LoraLinear in{nullptr}, out{nullptr};
    torch::nn::Dropout dropout{nullptr};
};

DistilBertLayer::DistilBertLayer(const HfEncoderConfig &config)
    : m_config(config)
{
    m_attention = register_module("attention", std::make_shared<Attention>(config));
    m_attentionNorm = register_module("sa_layer_norm", encoderLayerNorm(config));
    m_feedForward = register_module("ffn", std::make_shared<FeedForward>(config));
    m_outputNorm = register_module("output_layer_norm", encoderLayerNorm(config));
    setProjections(m_attention->query, m_attention->key, m_attention->value);
}

torch::Tensor DistilBertLayer::forward(const torch::Tensor &x, const LayerInputs &inputs)
{
    const auto [query, key, value] = projectQkv(x);
    auto &attention = *m_attention;
    const auto attended = m_attentionNorm(attention.output(attend(query, key, value, inputs)) + x);
    auto &ffn = *m_feedForward;
    const auto fed = ffn.dropout(ffn.out(activate(ffn.in(attended), m_config.hiddenAct)));
    return m_outputNorm(fed + attended);
}

torch::Tensor DistilBertLayer::attend(const torch::Tensor &query, const torch::Tensor &key, const torch::Tensor &value,
                                      const LayerInputs &inputs)
{
    const auto batch = query.size(0);
    const auto length = query.size(1);
    const auto heads = m_config.heads;
    const auto dim = m_config.headDim();
    const double root = std::sqrt(static_cast<double>(dim));
    // Padding's scores filled with the most negative float or that float added: either way its
    // probability is 0.
    if (canUseInferenceAttention(query, is_training() && m_config.attentionDropout > 0))
        return inferenceAttention(query, key, value, inputs.additive, heads, 1.0 / root);
    auto split = [&](const torch::Tensor &t) { return t.view({batch, length, heads, dim}).transpose(1, 2); };
    auto scores = torch::matmul(split(query) / root, split(key).transpose(2, 3));
    scores =
        scores.masked_fill(inputs.padding.expand({batch, heads, length, length}), mostNegative(scores.scalar_type()));
    const auto weights = m_attention->dropout(torch::softmax(scores, -1));
    return torch::matmul(weights, split(value)).transpose(1, 2).contiguous().view({batch, length, m_config.hiddenSize});
}

} // namespace glossa::core::model
