#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace glossa::core::model {

// The encoder families Glossa fine-tunes. XLM-R and BERT are one implementation with two
// switches (where the positions start, the prefix of the weights in a checkpoint); DistilBERT
// has its own layer names and no token types; DeBERTa-v2 its own attention.
enum class EncoderFamily {
    XlmRoberta, // model_type "xlm-roberta" or "roberta": positions after the padding id, "roberta."
    Bert,       // model_type "bert" (also multilingual MiniLM and E5): positions from 0, "bert."
    DistilBert, // model_type "distilbert": positions from 0, no token types, "distilbert.transformer.layer."
    DebertaV2,  // model_type "deberta-v2" (mDeBERTa-v3 too): relative positions, "deberta."
};

// DeBERTa-v2's disentangled attention (DebertaV2Config's relative_attention, position_buckets,
// max_relative_positions, pos_att_type, share_att_key, norm_rel_ebd): each score adds to
// content-to-content the content of the query against the key's relative position (c2p) and the
// key's content against the query's (p2c), relative positions read from a table of 2 x span
// rows, log-bucketed beyond span / 2 when there are buckets.
struct RelativeAttention
{
    std::int64_t buckets = -1;              // position_buckets; <= 0: no log buckets
    std::int64_t maxRelativePositions = -1; // max_relative_positions; < 1: max_position_embeddings
    bool contentToPosition = false;         // "c2p" in pos_att_type
    bool positionToContent = false;         // "p2c" in pos_att_type
    bool shareKeys = false;                 // share_att_key: positions projected by query_proj / key_proj
    bool normaliseEmbeddings = false;       // "layer_norm" in norm_rel_ebd: encoder.LayerNorm over the table
    bool positionBiasedInput = true;        // position_biased_input: absolute position embeddings added too
    std::string poolerAct = "gelu";         // pooler_hidden_act (ContextPooler: dense, act on token 0)
    double poolerDropout = 0;               // pooler_dropout, before the pooler's dense
};

// What Glossa reads of a Hugging Face config.json, with transformers' defaults for what is
// absent (XLMRobertaConfig / BertConfig / DistilBertConfig, whose own names are read: dim,
// n_layers, n_heads, hidden_dim, activation, dropout, attention_dropout, seq_classif_dropout).
struct HfEncoderConfig
{
    EncoderFamily family = EncoderFamily::XlmRoberta;
    std::string modelType; // as written
    std::int64_t vocabSize = 30522;
    std::int64_t hiddenSize = 768;
    std::int64_t layers = 12;
    std::int64_t heads = 12;
    std::int64_t intermediateSize = 3072;
    std::string hiddenAct = "gelu"; // gelu (erf), gelu_new / gelu_fast (tanh), relu, silu, quick_gelu
    double hiddenDropout = 0.1;
    double attentionDropout = 0.1;
    std::int64_t maxPositions = 512;
    std::int64_t typeVocabSize = 2; // 0: no token type embeddings (DistilBERT)
    double layerNormEps = 1e-12;
    std::int64_t padTokenId = 1;
    double initializerRange = 0.02;
    double classifierDropout = -1;    // -1: none given, hiddenDropout applies
    bool sinusoidalPositions = false; // DistilBERT's sinusoidal_pos_embds: fixed sin/cos positions
    std::vector<std::string> labels;  // id2label in id order, when the checkpoint has a head
    RelativeAttention relative;       // DeBERTa-v2's only

    // DeBERTa-v2: the relative distance that still gets its own row (max_relative_positions
    // resolved), and the rows of the table on each side (the buckets, else that distance).
    std::int64_t maxRelativeDistance() const;
    std::int64_t attentionSpan() const;

    std::int64_t headDim() const { return hiddenSize / heads; }
    // Tokens one input may hold, special tokens included (XLM-R loses pad + 1 positions).
    std::int64_t maxTokens() const;
    // "roberta", "bert", "distilbert" or "deberta": the prefix of the encoder's weights in a task checkpoint.
    std::string weightPrefix() const;
    // "encoder.layer." or DistilBERT's "transformer.layer.": what layer i's weights start with
    // inside the encoder.
    std::string layerPrefix() const;
    // Parameters of the encoder alone (no pooler, no head), for sizes and memory estimates.
    std::int64_t encoderParameters() const;
    // Roughly the memory one training step takes: the weights, and for the trainable ones their
    // gradients and AdamW's two moments, plus the activations kept for the backward pass
    // (measured within 10% by bench/encoder_step for MiniLM at batch 32 x 128).
    std::int64_t trainingMemoryBytes(std::int64_t batch, std::int64_t length, bool adaptersOnly) const;
};

// Reads folder/config.json; throws Error naming the file and the field for a model type other
// than xlm-roberta, bert, distilbert or deberta-v2, relative position embeddings outside
// DeBERTa-v2, DeBERTa-v2 parts Glossa does not build (the convolution, an embedding
// projection, p2p attention), sizes that do not fit together (heads not dividing the hidden
// size) or an activation Glossa does not implement.
HfEncoderConfig readHfEncoderConfig(const std::filesystem::path &folder);
// The same from a config.json anywhere (a run keeps its model's as an artefact).
HfEncoderConfig readHfEncoderConfigFile(const std::filesystem::path &file);

// The same, as config.json text (for writing an exported model, and tests).
std::string hfConfigJson(const HfEncoderConfig &config);

} // namespace glossa::core::model
