#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace glossa::core::model {

// The encoder families Glossa fine-tunes. XLM-R and BERT are one implementation with two
// switches (where the positions start, the prefix of the weights in a checkpoint); DistilBERT
// has its own layer names and no token types.
enum class EncoderFamily {
    XlmRoberta, // model_type "xlm-roberta" or "roberta": positions after the padding id, "roberta."
    Bert,       // model_type "bert" (also multilingual MiniLM and E5): positions from 0, "bert."
    DistilBert, // model_type "distilbert": positions from 0, no token types, "distilbert.transformer.layer."
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

    std::int64_t headDim() const { return hiddenSize / heads; }
    // Tokens one input may hold, special tokens included (XLM-R loses pad + 1 positions).
    std::int64_t maxTokens() const;
    // "roberta", "bert" or "distilbert": the prefix of the encoder's weights in a task checkpoint.
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
// than xlm-roberta, bert or distilbert, relative position embeddings, sizes that do not fit together
// (heads not dividing the hidden size) or an activation Glossa does not implement.
HfEncoderConfig readHfEncoderConfig(const std::filesystem::path &folder);
// The same from a config.json anywhere (a run keeps its model's as an artefact).
HfEncoderConfig readHfEncoderConfigFile(const std::filesystem::path &file);

// The same, as config.json text (for writing an exported model, and tests).
std::string hfConfigJson(const HfEncoderConfig &config);

} // namespace glossa::core::model
