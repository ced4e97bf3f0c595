#include "engine/model/featureclassifier.h"

#include "util/error.h"

#include <torch/nn/functional/activation.h>
#include <torch/serialize/input-archive.h>
#include <torch/serialize/output-archive.h>

namespace glossa::core::model {

torch::Tensor poolHiddenStates(const torch::Tensor &hidden, const torch::Tensor &mask, VectorPooling pooling)
{
    torch::Tensor pooled;
    if (pooling == VectorPooling::Cls) {
        pooled = hidden.select(1, 0);
    } else {
        const auto weights = mask.unsqueeze(-1).to(hidden.scalar_type());
        pooled = (hidden * weights).sum(1) / weights.sum(1).clamp_min(1);
    }
    return pooled.to(torch::kFloat32);
}

void saveEncoderArchive(PretrainedEncoderImpl &encoder, const std::filesystem::path &file)
{
    torch::serialize::OutputArchive archive;
    encoder.save(archive);
    saveArchiveAtomically(archive, file, "the encoder's weights");
}

void loadEncoderArchive(PretrainedEncoderImpl &encoder, const std::filesystem::path &file)
{
    if (!std::filesystem::exists(file))
        throw Error(file.string() + ": the encoder's weights are missing; train the run again");
    try {
        torch::serialize::InputArchive archive;
        archive.load_from(file.string());
        torch::NoGradGuard noGrad;
        encoder.load(archive);
    } catch (const c10::Error &e) {
        throw Error(file.string() + ": not the weights of this run's encoder: " + e.what_without_backtrace());
    }
}

FeatureClassifier::FeatureClassifier(const FeatureHeadOptions &options)
    : m_options(options)
{
    if (options.inputWidth < 1 || options.classes < 2)
        throw Error("a features head needs a vector width and at least two classes");
    m_dropout = register_module("dropout", torch::nn::Dropout(options.dropout));
    auto width = options.inputWidth;
    if (options.hiddenWidth > 0) {
        m_hidden = register_module("hidden", torch::nn::Linear(width, options.hiddenWidth));
        width = options.hiddenWidth;
    }
    m_output = register_module("output", torch::nn::Linear(width, options.classes));
}

void FeatureClassifier::attachEncoder(PretrainedEncoder encoder, VectorPooling pooling)
{
    m_encoder = std::move(encoder);
    m_pooling = pooling;
    // Frozen: prediction needs no gradients of it, and attributions take them from the input.
    for (auto &parameter : m_encoder->parameters())
        parameter.set_requires_grad(false);
    m_encoder->train(is_training());
}

PretrainedEncoderImpl &FeatureClassifier::encoder()
{
    if (!hasEncoder())
        throw Error("this features model has no encoder attached: it was trained on cached vectors only");
    return *m_encoder;
}

torch::Tensor FeatureClassifier::logitsFromVectors(const torch::Tensor &vectors)
{
    auto x = m_dropout(vectors);
    if (!m_hidden.is_empty())
        x = m_dropout(torch::gelu(m_hidden(x)));
    return m_output(x);
}

torch::Tensor FeatureClassifier::vectorsOf(const Batch &batch)
{
    auto &encoder = this->encoder();
    const auto mask = batch.mask.defined() ? batch.mask : torch::ones_like(batch.padded);
    // Padding holds the model's pad id, as its tokenizer pads (XLM-R counts positions past it).
    const auto ids = batch.padded.masked_fill(mask.eq(0), encoder.config().padTokenId);
    return poolHiddenStates(encoder.forward(ids, mask), mask, m_pooling);
}

torch::Tensor FeatureClassifier::logits(const Batch &batch)
{
    return logitsFromVectors(vectorsOf(batch));
}

torch::Tensor FeatureClassifier::representation(const Batch &batch)
{
    return vectorsOf(batch);
}

torch::Tensor FeatureClassifier::logitsFromWordEmbeddings(const torch::Tensor &wordEmbeddings, const torch::Tensor &ids)
{
    const auto mask = torch::ones_like(ids);
    const auto hidden = encoder().forwardFromWordEmbeddings(wordEmbeddings, ids, mask);
    return logitsFromVectors(poolHiddenStates(hidden, mask, m_pooling));
}

void FeatureClassifier::to(torch::Device device, bool nonBlocking)
{
    TextClassifier::to(device, nonBlocking);
    if (hasEncoder())
        m_encoder->to(device, nonBlocking);
}

void FeatureClassifier::train(bool on)
{
    TextClassifier::train(on);
    if (hasEncoder())
        m_encoder->train(on);
}

} // namespace glossa::core::model
