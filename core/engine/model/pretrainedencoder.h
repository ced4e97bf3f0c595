#pragma once

#include "engine/model/encoderlayer.h"
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

// An XLM-R, BERT, DistilBERT or DeBERTa-v2 encoder as transformers computes it
// (modeling_xlm_roberta.py, modeling_bert.py, modeling_distilbert.py, modeling_deberta_v2.py;
// ../shared/reference/xlmr-checkpoints.md §2): embeddings (word + token type 0 + position,
// LayerNorm, dropout; DistilBERT has no token types; DeBERTa-v3 neither, nor absolute
// positions, and zeroes padding), then post-LayerNorm layers of multi-head attention and a
// feed-forward block (BertLayer's and DebertaV2Layer's under encoder.layer.N, DistilBertLayer's
// under transformer.layer.N; DeBERTa-v2's relative position table under encoder.rel_embeddings).
// Submodules carry transformers' names, so named_parameters() are the checkpoint's keys without
// the "roberta." / "bert." / "distilbert." / "deberta." prefix.
class PretrainedEncoderImpl : public torch::nn::Module
{
public:
    // withPooler: the tanh pooler BERT's sequence classification reads (DistilBERT has none, so
    // it never gets one; DeBERTa-v2's ContextPooler is its classifier's).
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
    const std::vector<std::shared_ptr<EncoderLayer>> &encoderLayers() const { return m_typedLayers; }
    torch::nn::Embedding wordEmbeddingTable() const { return m_wordEmbeddings; }

private:
    torch::Tensor positionIds(const torch::Tensor &ids) const;
    LayerInputs layerInputs(const torch::Tensor &attentionMask, c10::ScalarType type);

    HfEncoderConfig m_config;
    torch::nn::Embedding m_wordEmbeddings{nullptr};
    torch::nn::Embedding m_positionEmbeddings{nullptr};
    torch::nn::Embedding m_tokenTypeEmbeddings{nullptr};
    torch::nn::LayerNorm m_embeddingNorm{nullptr};
    torch::nn::Dropout m_embeddingDropout{nullptr};
    torch::nn::ModuleList m_layers{nullptr};
    torch::nn::Embedding m_relativeEmbeddings{nullptr}; // DeBERTa-v2's encoder.rel_embeddings
    torch::nn::LayerNorm m_relativeNorm{nullptr};       // and encoder.LayerNorm
    std::vector<std::shared_ptr<EncoderLayer>> m_typedLayers;
    torch::nn::Linear m_pooler{nullptr};
};
TORCH_MODULE(PretrainedEncoder);

// What loading a checkpoint into an encoder found, as transformers reports it.
struct WeightLoadReport
{
    std::vector<std::string> missing;    // the encoder's weights the checkpoint lacks (left as initialised)
    std::vector<std::string> unexpected; // checkpoint tensors nothing uses (masked-LM head, ...)
    std::vector<std::string> head;       // classifier.* (and pre_classifier.*) tensors, for a head to take
};

// Copies the checkpoint's weights into the encoder under no_grad, the way transformers'
// loader matches names: old "gamma"/"beta" names, the family's prefix present or not,
// position-id buffers and a masked-LM head (lm_head, DistilBERT's vocab_*) ignored, the
// pooler taken only if the encoder has one. F16 and BF16 weights become F32. Throws Error for
// a tensor whose shape differs from the encoder's (naming both shapes).
WeightLoadReport loadEncoderWeights(PretrainedEncoderImpl &encoder, const Checkpoint &checkpoint);

// Initialises an encoder's weights as transformers' _init_weights does (normal(0, range) for
// linear and embedding weights, the padding row zeroed; zero biases; LayerNorm 1 and 0;
// DistilBERT's sinusoidal positions, when config.json asks for them, as sin / cos tables).
void initialiseEncoderWeights(PretrainedEncoderImpl &encoder);

// A checkpoint tensor as an F32 tensor of its shape (throws for non-float types).
torch::Tensor tensorFrom(const TensorView &view);

} // namespace glossa::core::model
