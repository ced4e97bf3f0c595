#pragma once

#include "engine/model/textclassifier.h"

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace glossa::core::data {
struct SnapshotExample;
}
namespace glossa::core::text {
class Tokenizer;
}

namespace glossa::core::train {

class ModelInput;

// Each text's input ids (ModelInput), as one tokenising pass wrote them.
using EncodedInputs = std::vector<std::vector<std::int64_t>>;

// Examples as a model reads them: input ids, gold label and language. The ids are shared, not
// owned: a run's splits and its stored predictions read one encoding of the snapshot
// (EncodedSnapshot) instead of tokenising every text again.
struct EncodedExamples
{
    std::shared_ptr<const EncodedInputs> encoded;
    std::vector<std::size_t> rows; // example i reads (*encoded)[rows[i]]
    std::vector<int> labels;
    std::vector<std::string> languages;
    std::size_t size() const { return rows.size(); }
    const std::vector<std::int64_t> &input(std::size_t i) const { return (*encoded)[rows[i]]; }
};

// Tokenises on every core: SentencePiece's encoder is thread-safe and tokenising is most of
// the time a bag model spends outside its optimizer.
EncodedInputs encodeInputs(std::span<const data::SnapshotExample *const> examples, const ModelInput &input,
                           const text::Tokenizer &tokenizer);
// The same, as examples owning their ids.
EncodedExamples encodeExamples(std::span<const data::SnapshotExample *const> examples, const ModelInput &input,
                               const text::Tokenizer &tokenizer);
EncodedExamples encodeTexts(std::span<const std::string> texts, const ModelInput &input,
                            const text::Tokenizer &tokenizer);

// The rows of one batch, in the layout the model reads (flat with offsets, or padded).
model::Batch makeBatch(const EncodedExamples &examples, std::span<const std::size_t> rows, bool sequence,
                       torch::Device device);
torch::Tensor labelsOf(const EncodedExamples &examples, std::span<const std::size_t> rows, torch::Device device);

// One epoch's batches: shuffled by (seed, epoch) so a resumed run replays the same order.
// Bucketed by length, texts of similar length share a batch (less padding for a sequence
// model); the batches themselves are still in random order.
std::vector<std::vector<std::size_t>> epochBatches(const EncodedExamples &examples, std::size_t batchSize,
                                                   std::uint64_t seed, std::int64_t epoch, bool bucketByLength);
// Every example once, in batches; sorted by length when that saves padding.
std::vector<std::vector<std::size_t>> inferenceBatches(const EncodedExamples &examples, std::size_t batchSize,
                                                       bool sortByLength);

} // namespace glossa::core::train
