#pragma once

#include "engine/model/pretrainedencoder.h"
#include "engine/model/textclassifier.h"

#include <cstdint>
#include <filesystem>
#include <string>

namespace glossa::core::model {

// How an encoder's last hidden states become one text vector.
enum class VectorPooling {
    Mean, // the mean over the text's tokens (the mask's ones)
    Cls,  // the first token's (<s> or [CLS]) state
};

// hidden: [B, L, H]; mask: [B, L], 1 at tokens. [B, H] in float32. What a features run caches
// for each text and what its classifier computes again for a new one, so the two agree.
torch::Tensor poolHiddenStates(const torch::Tensor &hidden, const torch::Tensor &mask, VectorPooling pooling);

// A frozen encoder's weights in LibTorch's archive format: what a features run keeps once per
// model folder (the project's encoder-weights artefact), so prediction needs no folder.
void saveEncoderArchive(PretrainedEncoderImpl &encoder, const std::filesystem::path &file);
// Throws Error naming the file when it is not such an archive of an encoder of this shape.
void loadEncoderArchive(PretrainedEncoderImpl &encoder, const std::filesystem::path &file);

struct FeatureHeadOptions
{
    std::int64_t inputWidth = 0;  // the encoder's hidden size
    std::int64_t hiddenWidth = 0; // 0: a linear head; else one hidden layer of this width, GELU
    double dropout = 0.1;         // on the vector (and the hidden layer) while training
    int classes = 2;
};

// A frozen pretrained encoder's text vectors read by a small trained head: the model of a
// run with finetune.strategy=features. Only the head is this module's parameters, so its
// checkpoint is the head alone (kilobytes); the encoder, the same for every run of a folder,
// is attached for prediction and kept by the project once (TrainingJob's encoder-weights
// artefact). Training never runs the encoder: the head trains on cached vectors
// (logitsFromVectors), which is why a retrain takes seconds.
class FeatureClassifier final : public TextClassifier
{
public:
    explicit FeatureClassifier(const FeatureHeadOptions &options);

    // The encoder that turns a batch's ids into vectors for logits() and representation().
    void attachEncoder(PretrainedEncoder encoder, VectorPooling pooling);
    bool hasEncoder() const { return !m_encoder.is_empty(); }
    PretrainedEncoderImpl &encoder();

    // [B, inputWidth] text vectors to [B, classes] logits.
    torch::Tensor logitsFromVectors(const torch::Tensor &vectors);
    torch::Tensor logits(const Batch &batch) override;
    // The pooled text vector the head reads.
    torch::Tensor representation(const Batch &batch) override;
    // For attributions: the logits from word embeddings already looked up ([1, L, H]).
    torch::Tensor logitsFromWordEmbeddings(const torch::Tensor &wordEmbeddings, const torch::Tensor &ids);

    std::string typeName() const override { return "features"; }
    int classCount() const override { return m_options.classes; }
    const FeatureHeadOptions &options() const { return m_options; }

    // The encoder is no registered submodule (its weights stay out of the head's checkpoint),
    // so it follows the head's device and mode here.
    using TextClassifier::to;
    void to(torch::Device device, bool nonBlocking = false) override;
    void train(bool on = true) override;

private:
    torch::Tensor vectorsOf(const Batch &batch);

    FeatureHeadOptions m_options;
    torch::nn::Dropout m_dropout{nullptr};
    torch::nn::Linear m_hidden{nullptr};
    torch::nn::Linear m_output{nullptr};
    PretrainedEncoder m_encoder{nullptr};
    VectorPooling m_pooling = VectorPooling::Mean;
};

} // namespace glossa::core::model
