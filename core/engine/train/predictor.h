#pragma once

#include "train/metrics.h"
#include "train/trainsettings.h"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace glossa::core::store {
class Database;
}
namespace glossa::core::data {
struct SnapshotExample;
}
namespace glossa::core::model {
class TextClassifier;
}
namespace glossa::core::text {
class RunTokenizer;
}

namespace glossa::core::train {

class EncodedSnapshot;
class TrainConfig;

struct Prediction
{
    int label = 0;                    // the most probable class
    std::vector<float> probabilities; // one per class, in the run's label order
    double entropy = 0;               // of the distribution, in nats: high = unsure among many
    double margin = 0;                // top probability minus the runner-up: low = torn between two
};

// How much each token pushed the model towards one class.
struct TokenAttribution
{
    std::vector<std::string> pieces; // the text's subword pieces, as the model saw them
    std::vector<double> scores;      // one per piece; positive: towards the class
    std::vector<bool> special;       // per piece: a token the model adds to every text (<s>, </s>)
    // The part of the class's logit no token accounts for: the output bias for the bag model
    // (scores + baseline = the logit, exactly); the logit minus the scores for the transformer
    // (gradient x input is a first-order estimate, so this is its completeness gap).
    double baseline = 0;
    int label = 0;
    std::string method; // how the scores were computed, to show beside them
};

// Vectors of texts, one row each, in the texts' order.
struct Embeddings
{
    std::size_t dimension = 0;
    std::vector<float> values; // texts × dimension, row-major

    std::size_t size() const { return dimension ? values.size() / dimension : 0; }
};

// A finished (or stopped) run's model, ready to classify: its tokenizer, model and labels,
// loaded from the project. Batched; on the run's device when it is there, else the CPU.
class Predictor
{
public:
    // Throws Error naming the run and what is missing (model, tokenizer, snapshot).
    static Predictor load(store::Database &db, const std::filesystem::path &artefactDir, std::int64_t runId);
    // A Glossa model folder (glossa-cli export --run R --output DIR), read without a project as
    // untrusted input (loadModelFolder); or a Hugging Face folder of a fine-tuned XLM-R or
    // BERT-family classifier (export --format hf: config.json with id2label, the weights with
    // the trained head, sentencepiece.bpe.model or vocab.txt). Throws Error naming the file and
    // what is wrong.
    static Predictor fromFolder(const std::filesystem::path &folder);
    // A model just trained, still in memory, with the settings, labels and tokenizer it was
    // trained with.
    static Predictor fromTrained(TrainConfig config, std::vector<std::string> labels, text::RunTokenizer tokenizer,
                                 std::shared_ptr<model::TextClassifier> model);
    Predictor(Predictor &&) noexcept;
    Predictor &operator=(Predictor &&) noexcept;
    ~Predictor();

    const std::vector<std::string> &labels() const;
    const TrainConfig &config() const;
    std::string device() const;
    // What the model runs in: a pretrained encoder's linear layers in int8 (on the CPU) or
    // everything in float32. Made as the run's model.quantize says; changed here to compare.
    Quantization quantization() const;
    void setQuantization(Quantization quantization);

    std::vector<Prediction> predict(std::span<const std::string> texts) const;
    // The same for examples, reading their ids from `encoded` when it has them (the job that
    // trained the model tokenised them already).
    std::vector<Prediction> predict(std::span<const data::SnapshotExample *const> examples,
                                    const EncodedSnapshot *encoded) const;
    // Scores labelled examples (a split of the run's snapshot, or of the dataset now).
    EvaluationReport evaluate(std::span<const data::SnapshotExample *const> examples) const;
    // Each text's representation as the run's classifier reads it (the bag's mean vector, the
    // transformer's pooled vector, a pretrained encoder's head input), batched.
    Embeddings embed(std::span<const std::string> texts) const;
    // Towards `label`, or the predicted class when none is given.
    TokenAttribution attribute(std::string_view text, std::optional<int> label = std::nullopt) const;

private:
    struct Impl;
    explicit Predictor(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

// The probability vector's uncertainty measures (shared with cross-validation).
double entropyOf(std::span<const float> probabilities);
double marginOf(std::span<const float> probabilities);
// One prediction per row of a row-major rows × classes probability matrix: the most probable
// class, the probabilities, entropy and margin.
std::vector<Prediction> predictionsFrom(const float *probabilities, std::size_t rows, std::size_t classes);

} // namespace glossa::core::train
