#include "engine/model/debertav2layer.h"

#include <cmath>

namespace glossa::core::model {

torch::Tensor relativePositionBuckets(std::int64_t length, std::int64_t buckets, std::int64_t maxDistance)
{
    const auto positions = torch::arange(length, torch::kLong);
    const auto relative = positions.unsqueeze(1) - positions.unsqueeze(0);
    if (buckets <= 0 || maxDistance <= 0)
        return relative;
    const auto mid = buckets / 2;
    const auto near = relative.lt(mid).logical_and(relative.gt(-mid));
    const auto distance = torch::where(near, torch::full_like(relative, mid - 1), relative.abs());
    // In float32, as transformers computes it, so that ceil rounds the same way there.
    const auto denominator =
        torch::log(torch::full({}, static_cast<double>(maxDistance - 1) / static_cast<double>(mid), torch::kFloat));
    const auto logarithmic = torch::ceil(torch::log(distance.to(torch::kFloat) / static_cast<double>(mid)) / denominator
                                         * static_cast<double>(mid - 1))
                             + static_cast<double>(mid);
    return torch::where(distance.le(mid), relative.to(torch::kFloat),
                        logarithmic * torch::sign(relative).to(torch::kFloat))
        .to(torch::kLong);
}

struct DebertaV2Layer::SelfAttention : torch::nn::Module
{
    explicit SelfAttention(const HfEncoderConfig &config)
    {
        const auto h = config.hiddenSize;
        query = register_module("query_proj", LoraLinear(h, h));
        key = register_module("key_proj", LoraLinear(h, h));
        value = register_module("value_proj", LoraLinear(h, h));
        if (!config.relative.shareKeys && config.relative.contentToPosition)
            positionKey = register_module("pos_key_proj", LoraLinear(h, h));
        if (!config.relative.shareKeys && config.relative.positionToContent)
            positionQuery = register_module("pos_query_proj", LoraLinear(h, h));
        positionDropout = register_module("pos_dropout", torch::nn::Dropout(config.hiddenDropout));
        dropout = register_module("dropout", torch::nn::Dropout(config.attentionDropout));
    }
    LoraLinear query{nullptr}, key{nullptr}, value{nullptr};
    LoraLinear positionKey{nullptr}, positionQuery{nullptr}; // only when keys are not shared
    torch::nn::Dropout positionDropout{nullptr}, dropout{nullptr};
};

struct DebertaV2Layer::Attention : torch::nn::Module
{
    explicit Attention(const HfEncoderConfig &config)
    {
        self = register_module("self", std::make_shared<SelfAttention>(config));
        output = register_module("output", std::make_shared<BertDenseNorm>(config, config.hiddenSize));
    }
    std::shared_ptr<SelfAttention> self;
    std::shared_ptr<BertDenseNorm> output;
};

DebertaV2Layer::DebertaV2Layer(const HfEncoderConfig &config)
    : m_config(config)
{
    m_attention = register_module("attention", std::make_shared<Attention>(config));
    m_intermediate = register_module("intermediate", std::make_shared<BertIntermediate>(config));
    m_output = register_module("output", std::make_shared<BertDenseNorm>(config, config.intermediateSize));
    const auto &self = *m_attention->self;
    setProjections(self.query, self.key, self.value);
}

namespace {

// [B, L, H] (or the table's [1, 2 span, H]) as [B, heads, L, head size].
torch::Tensor splitHeads(const torch::Tensor &t, const HfEncoderConfig &config)
{
    return t.view({t.size(0), t.size(1), config.heads, config.headDim()}).permute({0, 2, 1, 3});
}

} // namespace

torch::Tensor DebertaV2Layer::forward(const torch::Tensor &x, const LayerInputs &inputs)
{
    auto &self = *m_attention->self;
    const auto [query, key, value] = projectQkv(x);
    const auto q = splitHeads(query, m_config);
    const auto k = splitHeads(key, m_config);
    const auto v = splitHeads(value, m_config);
    const auto &relative = m_config.relative;
    const double terms = 1.0 + relative.contentToPosition + relative.positionToContent;
    const double scale = std::sqrt(static_cast<double>(m_config.headDim()) * terms);
    auto scores = torch::matmul(q, k.transpose(-1, -2)) / scale;
    if (const auto bias = disentangledBias(q, k, inputs, scale); bias.defined())
        scores = scores + bias;
    scores = scores.masked_fill(inputs.pairs, mostNegative(scores.scalar_type()));
    const auto probabilities = self.dropout(torch::softmax(scores, -1).masked_fill(inputs.pairs, 0.0));
    const auto context =
        torch::matmul(probabilities, v).permute({0, 2, 1, 3}).contiguous().view({x.size(0), x.size(1), x.size(2)});
    const auto attended = m_attention->output->forward(context, x);
    const auto hidden = activate(m_intermediate->dense(attended), m_config.hiddenAct);
    return m_output->forward(hidden, attended);
}

torch::Tensor DebertaV2Layer::disentangledBias(const torch::Tensor &query, const torch::Tensor &key,
                                               const LayerInputs &inputs, double scale)
{
    const auto &relative = m_config.relative;
    auto &self = *m_attention->self;
    const auto span = m_config.attentionSpan();
    const auto table = self.positionDropout(inputs.relativeEmbeddings.slice(0, 0, 2 * span)).unsqueeze(0);
    // Row delta + span of the table holds relative distance delta; farther ones take the last row.
    const auto rows = [&](const torch::Tensor &distances) {
        return torch::clamp(distances + span, 0, 2 * span - 1)
            .expand({query.size(0), query.size(1), query.size(2), key.size(2)});
    };
    torch::Tensor bias;
    if (relative.contentToPosition) {
        const auto positionKeys = splitHeads(relative.shareKeys ? self.key(table) : self.positionKey(table), m_config);
        const auto scores = torch::matmul(query, positionKeys.transpose(-1, -2));
        bias = torch::gather(scores, -1, rows(inputs.relativePositions)) / scale;
    }
    if (relative.positionToContent) {
        const auto positionQueries =
            splitHeads(relative.shareKeys ? self.query(table) : self.positionQuery(table), m_config);
        const auto scores = torch::matmul(key, positionQueries.transpose(-1, -2));
        const auto positionToContent =
            torch::gather(scores, -1, rows(-inputs.relativePositions)).transpose(-1, -2) / scale;
        bias = bias.defined() ? bias + positionToContent : positionToContent;
    }
    return bias;
}

} // namespace glossa::core::model
