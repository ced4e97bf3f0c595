#pragma once

#include "model/subwordfeatures.h"

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace glossa::core::text {
class Tokenizer;
}

namespace glossa::core::train {

class TrainConfig;

// How a configured model reads a text: the bag of subwords reads its subword and n-gram
// features in any order; a sequence model (the transformer) reads the token ids in order.
// Training and prediction share it, so a model always sees text the way it was trained on it.
class ModelInput
{
public:
    ModelInput(const TrainConfig &config, int vocabSize);

    bool isSequence() const { return !m_features.has_value(); }
    // The ids the model reads for one text, cut to the maximum length; never empty.
    std::vector<std::int64_t> encode(const text::Tokenizer &tokenizer, std::string_view text) const;
    // The same from token ids already cut to length (attributions map features back to them).
    std::vector<std::int64_t> fromTokens(const std::vector<int> &tokens) const;
    std::size_t maxLength() const { return m_maxLength; }
    const model::SubwordFeatures *features() const { return m_features ? &*m_features : nullptr; }

private:
    std::optional<model::SubwordFeatures> m_features;
    std::size_t m_maxLength;
};

} // namespace glossa::core::train
