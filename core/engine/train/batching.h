#pragma once

#include "engine/model/textclassifier.h"

#include <cstdint>
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

// Examples as a model reads them: input ids (ModelInput), gold label and language.
struct EncodedExamples
{
    std::vector<std::vector<std::int64_t>> inputs;
    std::vector<int> labels;
    std::vector<std::string> languages;
    std::size_t size() const { return inputs.size(); }
};

// Tokenises on every core: SentencePiece's encoder is thread-safe and tokenising is most of
// the time a bag model spends outside its optimizer.
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
