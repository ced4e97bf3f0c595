#include "engine/train/modelinput.h"

#include "text/debertav2tokenizer.h"
#include "text/runtokenizer.h"
#include "text/tokenizer.h"
#include "text/xlmrtokenizer.h"
#include "train/trainconfig.h"
#include "train/trainsettings.h"

namespace glossa::core::train {

ModelInput::ModelInput(const TrainSettings &settings, int vocabSize)
    : m_maxLength(static_cast<std::size_t>(settings.model.maxLength))
    , m_pretrained(settings.model.type == ModelType::Pretrained)
{
    if (settings.model.type == ModelType::Bag)
        m_features.emplace(vocabSize, static_cast<int>(settings.model.ngramOrder), settings.model.hashBuckets);
}

std::vector<std::int64_t> ModelInput::encode(const text::Tokenizer &tokenizer, std::string_view text) const
{
    auto tokens = tokenizer.encode(text);
    if (tokens.size() > m_maxLength) {
        // A pretrained encoder's text ends with </s> however it is cut.
        const int last = tokens.back();
        tokens.resize(m_maxLength);
        if (m_pretrained)
            tokens.back() = last;
    }
    return fromTokens(tokens);
}

std::vector<std::int64_t> ModelInput::fromTokens(const std::vector<int> &tokens) const
{
    std::vector<std::int64_t> ids;
    if (m_features)
        m_features->extract(tokens, ids);
    else
        ids.assign(tokens.begin(), tokens.end());
    // An empty text still needs one input: the bag reads the padding row, and a sequence
    // model, for which padding is invisible, one unknown token.
    if (ids.empty())
        ids.push_back(m_features ? 0 : 1);
    return ids;
}

std::unique_ptr<text::Tokenizer> encoderReadingTokenizer(const text::RunTokenizer &tokenizer)
{
    const auto *pieces = tokenizer.sentencePiece();
    if (!pieces)
        return nullptr;
    auto copy = text::SentencePieceTokenizer::fromSerialized(pieces->serialized());
    // A vocabulary with [CLS] and [SEP] pieces of its own is DeBERTa-v2's spm.model, read unshifted.
    if (text::DebertaV2Tokenizer::fits(copy))
        return std::make_unique<text::DebertaV2Tokenizer>(text::DebertaV2Tokenizer::fromSentencePiece(std::move(copy)));
    return std::make_unique<text::XlmrTokenizer>(text::XlmrTokenizer::fromSentencePiece(std::move(copy)));
}

std::unique_ptr<text::Tokenizer> readingTokenizer(const TrainConfig &config, const text::RunTokenizer &tokenizer)
{
    if (TrainSettings::from(config).model.type != ModelType::Pretrained)
        return nullptr;
    return encoderReadingTokenizer(tokenizer);
}

} // namespace glossa::core::train
