#include "engine/model/pretrainedencoder.h"

#include "engine/model/distilbertlayer.h"
#include "engine/model/lora.h"

#include "util/error.h"

#include <torch/nn/functional/activation.h>
#include <torch/nn/init.h>

#include <cmath>
#include <limits>
#include <map>
#include <set>

namespace glossa::core::model {
namespace {

// Module trees with transformers' names: attention.self.query, attention.output.dense, ...
struct SelfAttention : torch::nn::Module
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

struct DenseNorm : torch::nn::Module
{
    DenseNorm(const HfEncoderConfig &config, std::int64_t in)
    {
        dense = register_module("dense", LoraLinear(in, config.hiddenSize));
        norm = register_module("LayerNorm", encoderLayerNorm(config));
        dropout = register_module("dropout", torch::nn::Dropout(config.hiddenDropout));
    }
    // LayerNorm(dropout(dense(x)) + residual): post-LN, the residual added first.
    torch::Tensor forward(const torch::Tensor &x, const torch::Tensor &residual)
    {
        return norm(dropout(dense(x)) + residual);
    }
    LoraLinear dense{nullptr};
    torch::nn::LayerNorm norm{nullptr};
    torch::nn::Dropout dropout{nullptr};
};

struct Attention : torch::nn::Module
{
    explicit Attention(const HfEncoderConfig &config)
    {
        self = register_module("self", std::make_shared<SelfAttention>(config));
        output = register_module("output", std::make_shared<DenseNorm>(config, config.hiddenSize));
    }
    std::shared_ptr<SelfAttention> self;
    std::shared_ptr<DenseNorm> output;
};

struct Intermediate : torch::nn::Module
{
    explicit Intermediate(const HfEncoderConfig &config)
    {
        dense = register_module("dense", LoraLinear(config.hiddenSize, config.intermediateSize));
    }
    LoraLinear dense{nullptr};
};

// BERT's (and XLM-R's) layer.
struct BertLayer final : EncoderLayer
{
    explicit BertLayer(const HfEncoderConfig &config)
        : config(config)
    {
        attention = register_module("attention", std::make_shared<Attention>(config));
        intermediate = register_module("intermediate", std::make_shared<Intermediate>(config));
        output = register_module("output", std::make_shared<DenseNorm>(config, config.intermediateSize));
    }

    torch::Tensor forward(const torch::Tensor &x, const AttentionMask &mask) override
    {
        const auto batch = x.size(0);
        const auto length = x.size(1);
        const auto heads = config.heads;
        const auto dim = config.headDim();
        auto split = [&](const torch::Tensor &t) { return t.view({batch, length, heads, dim}).permute({0, 2, 1, 3}); };
        auto &self = *attention->self;
        const auto q = split(self.query(x));
        const auto k = split(self.key(x));
        const auto v = split(self.value(x));
        auto scores = torch::matmul(q, k.transpose(-1, -2)) / std::sqrt(static_cast<double>(dim)) + mask.additive;
        auto probabilities = self.dropout(torch::softmax(scores, -1));
        const auto context =
            torch::matmul(probabilities, v).permute({0, 2, 1, 3}).contiguous().view({batch, length, config.hiddenSize});
        const auto attended = attention->output->forward(context, x);
        const auto hidden = activate(intermediate->dense(attended), config.hiddenAct);
        return output->forward(hidden, attended);
    }

    HfEncoderConfig config;
    std::shared_ptr<Attention> attention;
    std::shared_ptr<Intermediate> intermediate;
    std::shared_ptr<DenseNorm> output;
};

// transformers' create_sinusoidal_embeddings: position p, column j holds
// p / 10000^(2 floor(j / 2) / dim), its sine in even columns and its cosine in odd ones,
// computed in double and stored as float.
torch::Tensor sinusoidalPositions(std::int64_t positions, std::int64_t dim)
{
    const auto p = torch::arange(positions, torch::kDouble).unsqueeze(1);
    const auto pairs = torch::floor_divide(torch::arange(dim, torch::kDouble), 2);
    const auto angles = p / torch::pow(10000.0, 2 * pairs / static_cast<double>(dim));
    auto table = torch::empty({positions, dim}, torch::kDouble);
    using torch::indexing::None;
    using torch::indexing::Slice;
    table.index_put_({Slice(), Slice(0, None, 2)}, torch::sin(angles.index({Slice(), Slice(0, None, 2)})));
    table.index_put_({Slice(), Slice(1, None, 2)}, torch::cos(angles.index({Slice(), Slice(1, None, 2)})));
    return table.to(torch::kFloat);
}

} // namespace

PretrainedEncoderImpl::PretrainedEncoderImpl(HfEncoderConfig config, bool withPooler)
    : m_config(std::move(config))
{
    const auto h = m_config.hiddenSize;
    auto embeddings = std::make_shared<torch::nn::Module>();
    // Both families keep the padding row of the word table out of training; XLM-R also that of
    // the position table (its pads sit at position pad_token_id).
    m_wordEmbeddings = embeddings->register_module(
        "word_embeddings",
        torch::nn::Embedding(torch::nn::EmbeddingOptions(m_config.vocabSize, h).padding_idx(m_config.padTokenId)));
    auto positionOptions = torch::nn::EmbeddingOptions(m_config.maxPositions, h);
    if (m_config.family == EncoderFamily::XlmRoberta)
        positionOptions.padding_idx(m_config.padTokenId);
    m_positionEmbeddings = embeddings->register_module("position_embeddings", torch::nn::Embedding(positionOptions));
    if (m_config.typeVocabSize > 0)
        m_tokenTypeEmbeddings =
            embeddings->register_module("token_type_embeddings", torch::nn::Embedding(m_config.typeVocabSize, h));
    m_embeddingNorm = embeddings->register_module("LayerNorm", encoderLayerNorm(m_config));
    m_embeddingDropout = embeddings->register_module("dropout", torch::nn::Dropout(m_config.hiddenDropout));
    register_module("embeddings", embeddings);

    const bool distil = m_config.family == EncoderFamily::DistilBert;
    auto encoder = std::make_shared<torch::nn::Module>();
    m_layers = encoder->register_module("layer", torch::nn::ModuleList());
    for (std::int64_t i = 0; i < m_config.layers; ++i) {
        std::shared_ptr<EncoderLayer> layer;
        if (distil)
            layer = std::make_shared<DistilBertLayer>(m_config);
        else
            layer = std::make_shared<BertLayer>(m_config);
        m_layers->push_back(layer);
        m_typedLayers.push_back(layer);
    }
    register_module(distil ? "transformer" : "encoder", encoder);
    if (withPooler && !distil) {
        auto pooler = std::make_shared<torch::nn::Module>();
        m_pooler = pooler->register_module("dense", torch::nn::Linear(h, h));
        register_module("pooler", pooler);
    }
    initialiseEncoderWeights(*this);
}

torch::Tensor PretrainedEncoderImpl::positionIds(const torch::Tensor &ids) const
{
    if (m_config.family == EncoderFamily::XlmRoberta) {
        // create_position_ids_from_input_ids: tokens count from pad + 1, pads stay at pad.
        const auto tokens = ids.ne(m_config.padTokenId).to(torch::kLong);
        return torch::cumsum(tokens, 1) * tokens + m_config.padTokenId;
    }
    return torch::arange(ids.size(1), ids.options().dtype(torch::kLong)).unsqueeze(0).expand_as(ids);
}

torch::Tensor PretrainedEncoderImpl::wordEmbeddings(const torch::Tensor &ids)
{
    return m_wordEmbeddings(ids);
}

torch::Tensor PretrainedEncoderImpl::forward(const torch::Tensor &ids, const torch::Tensor &attentionMask)
{
    return forwardFromWordEmbeddings(wordEmbeddings(ids), ids, attentionMask);
}

torch::Tensor PretrainedEncoderImpl::forwardFromWordEmbeddings(const torch::Tensor &wordEmbeddings,
                                                               const torch::Tensor &ids,
                                                               const torch::Tensor &attentionMask)
{
    if (ids.size(1) > m_config.maxTokens())
        throw Error("an input of " + std::to_string(ids.size(1)) + " tokens is longer than the model's "
                    + std::to_string(m_config.maxTokens()));
    auto hidden = wordEmbeddings + m_positionEmbeddings(positionIds(ids));
    if (m_tokenTypeEmbeddings)
        hidden = hidden + m_tokenTypeEmbeddings->weight[0]; // token type 0 throughout
    hidden = m_embeddingDropout(m_embeddingNorm(hidden));
    // The extended attention mask: 0 where a token may be attended to, the most negative float
    // where it is padding.
    const auto shape = std::vector<std::int64_t>{ids.size(0), 1, 1, ids.size(1)};
    AttentionMask mask;
    mask.padding = attentionMask.eq(0).view(shape);
    mask.additive = (1.0 - attentionMask.to(hidden.scalar_type())).view(shape) * std::numeric_limits<float>::lowest();
    for (const auto &layer : m_typedLayers)
        hidden = layer->forward(hidden, mask);
    return hidden;
}

torch::Tensor PretrainedEncoderImpl::pool(const torch::Tensor &hidden)
{
    if (!m_pooler)
        throw Error("this encoder was built without a pooler");
    return torch::tanh(m_pooler(hidden.select(1, 0)));
}

void initialiseEncoderWeights(PretrainedEncoderImpl &encoder)
{
    torch::NoGradGuard noGrad;
    const double range = encoder.config().initializerRange;
    for (auto &module : encoder.modules(/*include_self=*/false)) {
        if (auto *linear = module->as<torch::nn::Linear>()) {
            linear->weight.normal_(0, range);
            if (linear->bias.defined())
                linear->bias.zero_();
        } else if (auto *embedding = module->as<torch::nn::Embedding>()) {
            embedding->weight.normal_(0, range);
            if (const auto pad = embedding->options.padding_idx())
                embedding->weight[*pad].zero_();
        } else if (auto *norm = module->as<torch::nn::LayerNorm>()) {
            norm->weight.fill_(1);
            norm->bias.zero_();
        }
    }
    const auto &config = encoder.config();
    if (config.sinusoidalPositions) {
        // Fixed, as transformers leaves them: they never train.
        auto table = encoder.named_parameters()["embeddings.position_embeddings.weight"];
        table.copy_(sinusoidalPositions(config.maxPositions, config.hiddenSize));
        table.set_requires_grad(false);
    }
}

torch::Tensor tensorFrom(const TensorView &view)
{
    auto values = toFloat32(view);
    return torch::from_blob(values.data(), view.shape, torch::kFloat).clone();
}

WeightLoadReport loadEncoderWeights(PretrainedEncoderImpl &encoder, const Checkpoint &checkpoint)
{
    const std::string prefix = encoder.config().weightPrefix() + ".";
    auto parameters = encoder.named_parameters();
    std::set<std::string> loaded;
    WeightLoadReport report;
    torch::NoGradGuard noGrad;
    for (const auto *tensor : checkpoint.tensors()) {
        std::string name = tensor->name;
        // Old TensorFlow-style names (LayerNorm.gamma / .beta), as transformers' _fix_key.
        for (const auto &[from, to] : {std::pair<std::string, std::string>{".gamma", ".weight"}, {".beta", ".bias"}})
            if (name.size() > from.size() && name.compare(name.size() - from.size(), from.size(), from) == 0)
                name = name.substr(0, name.size() - from.size()) + to;
        if (name.rfind(prefix, 0) == 0)
            name = name.substr(prefix.size());
        if (name.rfind("classifier.", 0) == 0 || name.rfind("pre_classifier.", 0) == 0) {
            report.head.push_back(name);
            continue;
        }
        const bool buffer = name == "embeddings.position_ids" || name == "embeddings.token_type_ids";
        // The masked-LM heads pretrained checkpoints are saved with (XLM-R's, DistilBERT's).
        const bool maskedLanguageModel = name.rfind("lm_head.", 0) == 0 || name.rfind("vocab_transform.", 0) == 0
                                         || name.rfind("vocab_layer_norm.", 0) == 0
                                         || name.rfind("vocab_projector.", 0) == 0;
        if (buffer || maskedLanguageModel || (!encoder.hasPooler() && name.rfind("pooler.", 0) == 0))
            continue;
        auto *parameter = parameters.find(name);
        if (!parameter) {
            report.unexpected.push_back(tensor->name);
            continue;
        }
        if (parameter->sizes() != c10::IntArrayRef(tensor->shape))
            throw Error("checkpoint tensor '" + tensor->name + "' has shape " + shapeText(tensor->shape)
                        + ", the model's '" + name + "' "
                        + shapeText(std::span<const std::int64_t>(parameter->sizes().data(), parameter->sizes().size()))
                        + " (does config.json belong to these weights?)");
        parameter->copy_(tensorFrom(*tensor));
        loaded.insert(name);
    }
    for (const auto &item : parameters)
        if (!loaded.count(item.key()))
            report.missing.push_back(item.key());
    return report;
}

} // namespace glossa::core::model
