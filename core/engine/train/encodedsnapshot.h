#pragma once

#include "engine/train/batching.h"
#include "engine/train/modelinput.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <unordered_map>

namespace glossa::core::data {
struct SnapshotExample;
}
namespace glossa::core::text {
class Tokenizer;
}

namespace glossa::core::train {

// A run's examples tokenised once, as its model reads them. The trainer takes its splits from
// it, cross-validation its folds and the job its stored predictions: on 160,000 short texts
// tokenising costs about as much as two epochs of the bag, so doing it once per run matters.
// Examples are found by id, so a view of the same snapshot (a source-restricted copy, a
// fold's lists) finds them too.
class EncodedSnapshot
{
public:
    EncodedSnapshot(std::span<const data::SnapshotExample *const> examples, const ModelInput &input,
                    const text::Tokenizer &tokenizer);

    // The examples over these ids, with their labels and languages; nullopt when the model
    // reads another input than the one encoded, or an example is not here (the caller then
    // tokenises them itself). The tokenizer must be the one this was encoded with.
    std::optional<EncodedExamples> select(std::span<const data::SnapshotExample *const> examples,
                                          const ModelInput &input) const;
    std::size_t size() const { return m_encoded->size(); }

private:
    ModelInput m_input;
    std::shared_ptr<const EncodedInputs> m_encoded;
    std::unordered_map<std::int64_t, std::size_t> m_rowOfId;
};

// The examples' ids from `encoded` when it has them, else tokenised here.
EncodedExamples encodeExamples(std::span<const data::SnapshotExample *const> examples, const ModelInput &input,
                               const text::Tokenizer &tokenizer, const EncodedSnapshot *encoded);

} // namespace glossa::core::train
