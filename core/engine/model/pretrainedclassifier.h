#pragma once

#include "engine/model/lora.h"
#include "engine/model/pretrainedencoder.h"
#include "engine/model/textclassifier.h"

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace glossa::core::text {
class RunTokenizer;
}

namespace glossa::core::model {

// How much of a pretrained encoder fine-tuning may change.
enum class FineTuning {
    Full,   // every weight
    Frozen, // the embeddings and the bottom frozenLayers layers stay as loaded
    Lora,   // adapters on the targeted layers and the head only (the encoder frozen)
};

struct PretrainedOptions
{
    FineTuning strategy = FineTuning::Full;
    std::int64_t frozenLayers = 0;
    LoraOptions lora;
};

// A pretrained XLM-R, BERT-family, DistilBERT or DeBERTa-v2 encoder with transformers' sequence-
// classification head: XLM-R's classifier.dense + tanh + classifier.out_proj on the <s> token,
// BERT's classifier on the tanh pooler, DistilBERT's pre_classifier + ReLU + classifier on
// [CLS], DeBERTa-v2's ContextPooler (pooler.dense + GELU on [CLS]) + classifier. Parameter names are transformers'
// ("roberta.encoder.layer.0...", "classifier.out_proj.weight"), so a Hugging Face checkpoint loads by name and an
// export loads back into transformers. Batches hold the model's token ids, with a mask.
class PretrainedClassifier final : public TextClassifier
{
public:
    // The folder's encoder (config.json, weights) with a head for `classes` classes: a head of
    // the right size in the checkpoint is taken, else it is initialised as transformers does.
    static std::shared_ptr<PretrainedClassifier> fromFolder(const std::filesystem::path &folder, int classes,
                                                            const PretrainedOptions &options,
                                                            WeightLoadReport *report = nullptr);
    // Structure only, with fresh weights (to read a saved checkpoint into).
    PretrainedClassifier(const HfEncoderConfig &config, int classes, const PretrainedOptions &options);

    torch::Tensor logits(const Batch &batch) override;
    // What the head reads: XLM-R's <s> and DistilBERT's and DeBERTa-v2's [CLS] hidden state
    // (before classifier.dense / pre_classifier / pooler.dense), BERT's pooler output.
    torch::Tensor representation(const Batch &batch) override;
    // For attributions: XLM-R ids [B, L] (not shifted, no padding) and their word embeddings.
    torch::Tensor logitsFromWordEmbeddings(const torch::Tensor &wordEmbeddings, const torch::Tensor &ids);
    std::string typeName() const override { return "pretrained"; }
    int classCount() const override { return m_classes; }
    // The head and the pooler 1; layer i of n layerDecay^(n - i); the embeddings layerDecay^(n + 1).
    double learningRateFactor(const std::string &parameterName, double layerDecay) const override;

    // classifier.*, pre_classifier.* or (DeBERTa-v2's) pooler.*: the head, outside the encoder.
    static bool isHeadName(const std::string &parameterName);

    PretrainedEncoderImpl &encoder() { return *m_encoder; }
    const HfEncoderConfig &config() const { return m_encoder->config(); }
    const PretrainedOptions &options() const { return m_options; }
    // What fromFolder loaded, as log lines: the model, trainable weights, and any weights the
    // checkpoint lacked or held in vain (as transformers warns of them).
    const std::vector<std::string> &loadSummary() const { return m_loadSummary; }

    // A Hugging Face folder transformers loads with AutoModelForSequenceClassification:
    // config.json (architectures, model_type, id2label / label2id), model.safetensors, and, when
    // a vocabulary is given (the run's own tokenizer artefact, never a file a project names),
    // the tokenizer files of its family (writeHfTokenizerFiles). A LoRA model is merged into it
    // when mergeLora, else written as peft's adapter_config.json + adapter_model.safetensors (the
    // adapters and the head) for baseModel. The folder appears whole or not at all
    // (AtomicFolder); throws Error on a write failure, leaving what was there.
    void exportHuggingFace(const std::filesystem::path &folder, const std::vector<std::string> &labels,
                           const text::RunTokenizer *vocabulary, const std::string &baseModel, bool mergeLora);

private:
    void applyStrategy();
    torch::Tensor head(const torch::Tensor &hidden);

    PretrainedOptions m_options;
    int m_classes = 0;
    std::vector<std::string> m_loadSummary;
    PretrainedEncoder m_encoder{nullptr};
    torch::nn::Linear m_dense{nullptr}; // XLM-R's classifier.dense, DistilBERT's pre_classifier, DeBERTa's pooler.dense
    torch::nn::Linear m_output{nullptr}; // out_proj (XLM-R) or classifier (BERT, DistilBERT, DeBERTa-v2)
    torch::nn::Dropout m_dropout{nullptr};
    torch::nn::Dropout m_poolerDropout{nullptr}; // DeBERTa-v2's, before pooler.dense
};

} // namespace glossa::core::model
