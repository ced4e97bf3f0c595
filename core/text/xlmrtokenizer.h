#pragma once

#include "text/sentencepiecetokenizer.h"

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace glossa::core::text {

// The XLM-R vocabulary as transformers' XLMRobertaTokenizer numbers it (also used by the
// BERT-type multilingual MiniLM and E5): sentencepiece.bpe.model's pieces shifted by one to make
// room for fairseq's four specials, <s> 0, <pad> 1, </s> 2, <unk> 3 (SentencePiece's own <unk>,
// id 0, becomes 3), and <mask> after the last piece. A text is <s> pieces </s>.
class XlmrTokenizer final : public Tokenizer
{
public:
    static constexpr int bosId = 0;
    static constexpr int padId = 1;
    static constexpr int eosId = 2;
    static constexpr int unkId = 3;

    // folder/sentencepiece.bpe.model; throws Error naming the file when it is missing or
    // unreadable.
    static XlmrTokenizer load(const std::filesystem::path &folder);
    // Over a sentencepiece.bpe.model already loaded (as a run stores it).
    static XlmrTokenizer fromSentencePiece(SentencePieceTokenizer pieces);

    // Tokenizer: <s> pieces </s>, however long; their pieces; the text of ids; the ids there are.
    std::vector<int> encode(std::string_view text) const override;
    std::vector<std::string> encodePieces(std::string_view text) const override;
    std::string decode(std::span<const int> ids) const override;

    // Ids with <s> and </s>, at most maxTokens of them (the pieces cut at the end, </s> kept).
    std::vector<int> encode(std::string_view text, std::size_t maxTokens) const;
    // The pieces of those ids, specials written as such ("<s>", "▁Hello", ...).
    std::vector<std::string> pieces(const std::vector<int> &ids) const;
    int vocabSize() const override; // SentencePiece's pieces + 2 (<pad> and <mask>)
    int maskId() const;
    const SentencePieceTokenizer &sentencePiece() const { return m_pieces; }

private:
    explicit XlmrTokenizer(SentencePieceTokenizer pieces);
    SentencePieceTokenizer m_pieces;
};

} // namespace glossa::core::text
