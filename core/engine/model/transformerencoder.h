#pragma once

#include "engine/model/textclassifier.h"

#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/modules/embedding.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/modules/normalization.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace glossa::core::model {

struct TransformerOptions
{
    std::int64_t vocabSize = 0; // SentencePiece pieces; id 0 is padding
    std::int64_t dimension = 64;
    std::int64_t layers = 2;
    std::int64_t heads = 4; // must divide dimension
    std::int64_t feedForward = 512;
    std::int64_t maxLength = 256; // longest input in tokens (learned positions)
    double dropout = 0.1;
    int classes = 2;
    std::string pooling = "mean"; // mean | max | cls (a learned vector prepended inside the model)
};

class TransformerBlock;

// A small pre-LayerNorm transformer encoder trained from scratch on the project's own texts:
// it sees word order, which the bag of subwords does not, at a few times its cost.
class TransformerEncoder final : public TextClassifier
{
public:
    explicit TransformerEncoder(const TransformerOptions &options);

    torch::Tensor logits(const Batch &batch) override;
    // The pooled vector (mean, max or cls, after the final norm) the output layer reads.
    torch::Tensor representation(const Batch &batch) override;
    std::string typeName() const override { return "transformer"; }
    int classCount() const override;

    // For token attributions (gradient x input): the token embeddings alone, [B, T, D], and the
    // rest of the model from them. logits(b) == logitsFromEmbeddings(embedTokens(b.padded), b.padded).
    torch::Tensor embedTokens(const torch::Tensor &padded);
    torch::Tensor logitsFromEmbeddings(const torch::Tensor &tokenEmbeddings, const torch::Tensor &padded);

private:
    torch::Tensor pooledFromEmbeddings(const torch::Tensor &tokenEmbeddings, const torch::Tensor &padded);

    enum class Pooling { Mean, Max, Cls };

    TransformerOptions m_options;
    Pooling m_pooling = Pooling::Mean;
    torch::nn::Embedding m_tokens{nullptr};
    torch::Tensor m_positions; // [maxLength, D]
    torch::Tensor m_cls;       // [D], cls pooling only
    torch::nn::ModuleList m_layers{nullptr};
    std::vector<std::shared_ptr<TransformerBlock>> m_blocks; // m_layers, typed
    torch::nn::LayerNorm m_finalNorm{nullptr};
    torch::nn::Linear m_output{nullptr};
};

} // namespace glossa::core::model
