#pragma once

#include "engine/model/textclassifier.h"

#include <torch/nn/modules/dropout.h>
#include <torch/nn/modules/embedding.h>
#include <torch/nn/modules/linear.h>

namespace glossa::core::model {

struct BagOfSubwordsOptions
{
    std::int64_t featureCount = 0; // vocabulary + hash buckets (SubwordFeatures::featureCount)
    std::int64_t dimension = 128;
    int classes = 2;
    double dropout = 0.1;
};

// fastText's classifier: the mean of the features' embeddings, then one linear layer. Fast on
// CPU, and a strong baseline on short texts in any language.
class BagOfSubwords final : public TextClassifier
{
public:
    explicit BagOfSubwords(const BagOfSubwordsOptions &options);

    torch::Tensor logits(const Batch &batch) override;
    // The mean of the text's feature vectors.
    torch::Tensor representation(const Batch &batch) override;
    std::string typeName() const override { return "bag"; }
    int classCount() const override { return m_options.classes; }
    torch::Tensor sparseWeight() override;
    // Each feature's share of each class's logit, [features, classes], for one text's feature
    // ids: the model is linear in the mean of its features, so the shares (plus the bias) sum
    // exactly to the logits.
    torch::Tensor featureContributions(const torch::Tensor &featureIds);
    torch::Tensor outputBias() const { return m_output->bias; }

private:
    BagOfSubwordsOptions m_options;
    torch::nn::EmbeddingBag m_embeddings{nullptr};
    torch::nn::Dropout m_dropout{nullptr};
    torch::nn::Linear m_output{nullptr};
};

} // namespace glossa::core::model
