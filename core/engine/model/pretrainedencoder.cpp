#include "engine/model/pretrainedencoder.h"

#include "engine/model/bertlayer.h"
#include "engine/model/debertav2layer.h"
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
    const bool deberta = m_config.family == EncoderFamily::DebertaV2;
    auto positionOptions = torch::nn::EmbeddingOptions(m_config.maxPositions, h);
    if (m_config.family == EncoderFamily::XlmRoberta)
        positionOptions.padding_idx(m_config.padTokenId);
    // DeBERTa-v3's positions are relative only (position_biased_input false).
    if (!deberta || m_config.relative.positionBiasedInput)
        m_positionEmbeddings =
            embeddings->register_module("position_embeddings", torch::nn::Embedding(positionOptions));
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
        else if (deberta)
            layer = std::make_shared<DebertaV2Layer>(m_config);
        else
            layer = std::make_shared<BertLayer>(m_config);
        m_layers->push_back(layer);
        m_typedLayers.push_back(layer);
    }
    if (deberta) { // the relative position table every layer reads, and its LayerNorm
        m_relativeEmbeddings =
            encoder->register_module("rel_embeddings", torch::nn::Embedding(2 * m_config.attentionSpan(), h));
        if (m_config.relative.normaliseEmbeddings)
            m_relativeNorm = encoder->register_module("LayerNorm", encoderLayerNorm(m_config));
    }
    register_module(distil ? "transformer" : "encoder", encoder);
    if (withPooler && !distil && !deberta) { // DeBERTa-v2's pooler belongs to its classifier
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
    auto hidden = wordEmbeddings;
    if (m_positionEmbeddings)
        hidden = hidden + m_positionEmbeddings(positionIds(ids));
    if (m_tokenTypeEmbeddings)
        hidden = hidden + m_tokenTypeEmbeddings->weight[0]; // token type 0 throughout
    hidden = m_embeddingNorm(hidden);
    if (m_relativeEmbeddings) // DeBERTa-v2 zeroes padding's embeddings
        hidden = hidden * attentionMask.unsqueeze(2).to(hidden.scalar_type());
    hidden = m_embeddingDropout(hidden);
    const auto inputs = layerInputs(attentionMask, hidden.scalar_type());
    for (const auto &layer : m_typedLayers)
        hidden = layer->forward(hidden, inputs);
    return hidden;
}

LayerInputs PretrainedEncoderImpl::layerInputs(const torch::Tensor &attentionMask, c10::ScalarType type)
{
    const auto batch = attentionMask.size(0);
    const auto length = attentionMask.size(1);
    const auto shape = std::vector<std::int64_t>{batch, 1, 1, length};
    LayerInputs inputs;
    inputs.padding = attentionMask.eq(0).view(shape);
    // The extended attention mask: 0 where a token may be attended to, the most negative float
    // where it is padding.
    inputs.additive = (1.0 - attentionMask.to(type)).view(shape) * std::numeric_limits<float>::lowest();
    if (m_relativeEmbeddings) {
        const auto tokens = attentionMask.ne(0);
        inputs.pairs = tokens.view({batch, 1, 1, length}).logical_and(tokens.view({batch, 1, length, 1})).logical_not();
        inputs.relativePositions =
            relativePositionBuckets(length, m_config.relative.buckets, m_config.maxRelativeDistance())
                .to(attentionMask.device());
        const auto &table = m_relativeEmbeddings->weight;
        inputs.relativeEmbeddings = m_relativeNorm ? m_relativeNorm(table) : table;
    }
    return inputs;
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
        // DeBERTa-v2's ContextPooler sits beside its classifier, outside "deberta.".
        const bool contextPooler = encoder.config().family == EncoderFamily::DebertaV2 && name.rfind("pooler.", 0) == 0;
        if (name.rfind("classifier.", 0) == 0 || name.rfind("pre_classifier.", 0) == 0 || contextPooler) {
            report.head.push_back(name);
            continue;
        }
        const bool buffer = name == "embeddings.position_ids" || name == "embeddings.token_type_ids";
        // The masked-LM heads pretrained checkpoints are saved with (XLM-R's, DistilBERT's,
        // DeBERTa-v2's as transformers and Microsoft's own code name it).
        const bool maskedLanguageModel = name.rfind("lm_head.", 0) == 0 || name.rfind("vocab_transform.", 0) == 0
                                         || name.rfind("vocab_layer_norm.", 0) == 0
                                         || name.rfind("vocab_projector.", 0) == 0 || name.rfind("cls.", 0) == 0
                                         || name.rfind("lm_predictions.", 0) == 0
                                         || name.rfind("mask_predictions.", 0) == 0;
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
