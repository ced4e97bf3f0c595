#include "engine/model/bagofsubwords.h"

#include "engine/model/bagmean.h"

#include "util/error.h"

#include <torch/nn/init.h>

#include <cmath>

namespace glossa::core::model {

BagOfSubwords::BagOfSubwords(const BagOfSubwordsOptions &options)
    : m_options(options)
{
    if (options.featureCount <= 0 || options.dimension <= 0 || options.classes < 2)
        throw Error("a bag-of-subwords model needs features, a dimension and at least two classes");
    // fastText's initialisation: small uniform input vectors, a zero output layer, so training
    // starts from "every class equally likely". The table is handed to EmbeddingBag ready made:
    // left to itself it first fills its millions of entries from a normal distribution, which
    // took longer than an epoch of training on the demo set (and so did uniform_).
    const double bound = 1.0 / static_cast<double>(options.dimension);
    auto table = torch::empty({options.featureCount, options.dimension});
    fillUniform(table, -bound, bound);
    m_embeddings = register_module(
        "embeddings", torch::nn::EmbeddingBag(torch::nn::EmbeddingBagOptions(options.featureCount, options.dimension)
                                                  .mode(torch::kMean)
                                                  .sparse(true)
                                                  ._weight(table)));
    m_dropout = register_module("dropout", torch::nn::Dropout(options.dropout));
    m_output = register_module("output", torch::nn::Linear(options.dimension, options.classes));
    torch::NoGradGuard noGrad;
    m_output->weight.zero_();
    m_output->bias.zero_();
}

torch::Tensor BagOfSubwords::sparseWeight()
{
    return m_embeddings->weight;
}

torch::Tensor BagOfSubwords::featureContributions(const torch::Tensor &featureIds)
{
    torch::NoGradGuard noGrad;
    const auto vectors = m_embeddings->weight.index_select(0, featureIds); // [F, D]
    return vectors.matmul(m_output->weight.t()) / static_cast<double>(featureIds.size(0));
}

torch::Tensor BagOfSubwords::logits(const Batch &batch)
{
    const auto &table = m_embeddings->weight;
    const bool ownBackward = torch::GradMode::is_enabled() && table.is_cpu() && table.scalar_type() == torch::kFloat32
                             && table.is_contiguous();
    auto pooled =
        ownBackward ? bagMean(table, batch.ids, batch.offsets) : m_embeddings->forward(batch.ids, batch.offsets);
    return m_output->forward(m_dropout->forward(pooled));
}

torch::Tensor BagOfSubwords::representation(const Batch &batch)
{
    return m_embeddings->forward(batch.ids, batch.offsets);
}

} // namespace glossa::core::model
