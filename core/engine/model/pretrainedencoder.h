#pragma once

#include "model/hfconfig.h"
#include "model/safetensors.h"

#include <torch/nn/module.h>
#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/modules/dropout.h>
#include <torch/nn/modules/embedding.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/modules/normalization.h>

#include <memory>
#include <string>
#include <vector>

namespace glossa::core::model {

// An XLM-R or BERT encoder as transformers computes it (modeling_xlm_roberta.py,
// modeling_bert.py; ../shared/reference/xlmr-checkpoints.md §2): embeddings (word + token type
// 0 + position, LayerNorm, dropout), then post-LayerNorm layers of multi-head attention with
// the additive mask and a feed-forward block. Submodules carry transformers' names, so
// named_parameters() are the checkpoint's keys without the "roberta." / "bert." prefix.
class PretrainedEncoderImpl : public torch::nn::Module
{
public:
    // withPooler: the tanh pooler BERT's sequence classification reads.
    PretrainedEncoderImpl(HfEncoderConfig config, bool withPooler);

    // ids, attentionMask: [B, L] (int64; mask 1 for tokens, 0 for padding). Returns the last
    // hidden states, [B, L, H].
    torch::Tensor forward(const torch::Tensor &ids, const torch::Tensor &attentionMask);
    // The same from word embeddings already looked up ([B, L, H]), for attributions.
    torch::Tensor forwardFromWordEmbeddings(const torch::Tensor &wordEmbeddings, const torch::Tensor &ids,
                                            const torch::Tensor &attentionMask);
    torch::Tensor wordEmbeddings(const torch::Tensor &ids);
    // tanh(dense(h[:, 0])); needs the pooler.
    torch::Tensor pool(const torch::Tensor &hidden);

    const HfEncoderConfig &config() const { return m_config; }
    bool hasPooler() const { return !m_pooler.is_empty(); }
    torch::nn::ModuleList layers() const { return m_layers; }
    torch::nn::Embedding wordEmbeddingTable() const { return m_wordEmbeddings; }

private:
    struct Layer;
    torch::Tensor positionIds(const torch::Tensor &ids) const;

    HfEncoderConfig m_config;
    torch::nn::Embedding m_wordEmbeddings{nullptr};
    torch::nn::Embedding m_positionEmbeddings{nullptr};
    torch::nn::Embedding m_tokenTypeEmbeddings{nullptr};
    torch::nn::LayerNorm m_embeddingNorm{nullptr};
    torch::nn::Dropout m_embeddingDropout{nullptr};
    torch::nn::ModuleList m_layers{nullptr};
    std::vector<std::shared_ptr<Layer>> m_typedLayers;
    torch::nn::Linear m_pooler{nullptr};
};
TORCH_MODULE(PretrainedEncoder);

// What loading a checkpoint into an encoder found, as transformers reports it.
struct WeightLoadReport
{
    std::vector<std::string> missing;    // the encoder's weights the checkpoint lacks (left as initialised)
    std::vector<std::string> unexpected; // checkpoint tensors nothing uses (masked-LM head, ...)
    std::vector<std::string> head;       // classifier.* tensors, for a head to take
};

// Copies the checkpoint's weights into the encoder under no_grad, the way transformers'
// loader matches names: old "gamma"/"beta" names, the "roberta." / "bert." prefix present or
// not, position-id buffers and a masked-LM head ignored, the pooler taken only if the encoder
// has one. F16 and BF16 weights become F32. Throws Error for a tensor whose shape differs from
// the encoder's (naming both shapes).
WeightLoadReport loadEncoderWeights(PretrainedEncoderImpl &encoder, const Checkpoint &checkpoint);

// Initialises an encoder's weights as transformers' _init_weights does (normal(0, range) for
// linear and embedding weights, the padding row zeroed; zero biases; LayerNorm 1 and 0).
void initialiseEncoderWeights(PretrainedEncoderImpl &encoder);

// A checkpoint tensor as an F32 tensor of its shape (throws for non-float types).
torch::Tensor tensorFrom(const TensorView &view);

} // namespace glossa::core::model
