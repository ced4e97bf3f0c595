#pragma once

#include "engine/model/subwordfeatures.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

namespace glossa::core::text {
class Tokenizer;
class RunTokenizer;
} // namespace glossa::core::text

namespace glossa::core::train {

class TrainConfig;
struct TrainSettings;

// How a configured model reads a text: the bag of subwords reads its subword and n-gram
// features in any order; a sequence model (the transformer) reads the token ids in order; a
// pretrained encoder reads its own ids, <s> ... </s> or [CLS] ... [SEP].
// Training and prediction share it, so a model always sees text the way it was trained on it.
class ModelInput
{
public:
    ModelInput(const TrainSettings &settings, int vocabSize);

    bool isSequence() const { return !m_features.has_value(); }
    // The ids the model reads for one text, cut to the maximum length; never empty.
    std::vector<std::int64_t> encode(const text::Tokenizer &tokenizer, std::string_view text) const;
    // The same from token ids already cut to length (attributions map features back to them).
    std::vector<std::int64_t> fromTokens(const std::vector<int> &tokens) const;
    std::size_t maxLength() const { return m_maxLength; }
    const model::SubwordFeatures *features() const { return m_features ? &*m_features : nullptr; }
    // Same ids for every text (given one tokenizer): encodings made with one serve the other.
    bool operator==(const ModelInput &) const = default;

private:
    std::optional<model::SubwordFeatures> m_features;
    std::size_t m_maxLength;
    bool m_pretrained = false;
};

// The tokenizer a model reads with, when it is not the run's tokenizer itself: a pretrained
// encoder with a SentencePiece vocabulary reads XLM-R ids (text::XlmrTokenizer over the same
// model), or DeBERTa-v2's when the model has [CLS] and [SEP] pieces (text::DebertaV2Tokenizer).
// nullptr when the run's tokenizer reads (a WordPiece vocabulary gives BERT's ids).
std::unique_ptr<text::Tokenizer> readingTokenizer(const TrainConfig &config, const text::RunTokenizer &tokenizer);
// The same for a pretrained encoder's vocabulary, whatever the settings.
std::unique_ptr<text::Tokenizer> encoderReadingTokenizer(const text::RunTokenizer &tokenizer);

} // namespace glossa::core::train
