#pragma once

#include "text/sentencepiecetokenizer.h"
#include "text/specialtokens.h"

#include <string>
#include <string_view>
#include <vector>

namespace glossa::core::text {

// mDeBERTa-v3's vocabulary (spm.model) as transformers' DebertaV2Tokenizer numbers it:
// SentencePiece's own ids, unshifted, with the model's [PAD] [CLS] [SEP] [UNK] pieces as the
// special tokens (0 to 3 in every published model, read from the model here, not assumed) and
// [MASK] after the last piece. A text is [CLS] pieces [SEP]; no lower-casing or punctuation
// splitting (do_lower_case and split_by_punct false, as mDeBERTa-v3 is configured).
class DebertaV2Tokenizer final : public Tokenizer
{
public:
    // Whether a SentencePiece model is laid out for it: [CLS] and [SEP] are pieces of its own.
    static bool fits(const SentencePieceTokenizer &pieces);
    // Throws Error when the model does not fit.
    static DebertaV2Tokenizer fromSentencePiece(SentencePieceTokenizer pieces);

    // Tokenizer: [CLS] pieces [SEP], however long; their pieces; the text of ids; the ids there are.
    std::vector<int> encode(std::string_view text) const override;
    std::vector<std::string> encodePieces(std::string_view text) const override;
    std::string decode(std::span<const int> ids) const override;
    int vocabSize() const override; // SentencePiece's pieces + 1 ([MASK])

    // Ids with [CLS] and [SEP], at most maxTokens of them (the pieces cut at the end, [SEP] kept).
    std::vector<int> encode(std::string_view text, std::size_t maxTokens) const;
    int classId() const { return m_classId; }
    int separatorId() const { return m_separatorId; }
    int paddingId() const { return m_paddingId; }
    int maskId() const { return m_pieces.vocabSize(); }

private:
    explicit DebertaV2Tokenizer(SentencePieceTokenizer pieces);
    SentencePieceTokenizer m_pieces;
    int m_classId = 1;
    int m_separatorId = 2;
    int m_paddingId = 0;
    std::vector<SpecialToken> m_specials; // found in texts before SentencePiece reads them
};

} // namespace glossa::core::text
