#pragma once

#include "text/bpetokenizer.h"
#include "text/sentencepiecetokenizer.h"
#include "text/wordpiecetokenizer.h"

#include <variant>

namespace glossa::core::text {

// The tokenizer a run keeps as its artefact: a SentencePiece model (trained for the bag or the
// transformer, or an XLM-R-family model's own sentencepiece.bpe.model), a BERT-family
// model's WordPiece vocabulary (vocab.txt with its tokenizer_config.json options), or a BPE
// tokenizer.json (RoBERTa's byte-level BPE, and others).
class RunTokenizer
{
public:
    RunTokenizer(SentencePieceTokenizer pieces); // NOLINT(google-explicit-constructor): any is one
    RunTokenizer(WordPieceTokenizer pieces);     // NOLINT(google-explicit-constructor)
    RunTokenizer(BpeTokenizer pieces);           // NOLINT(google-explicit-constructor)

    // The tokenizer itself: SentencePiece's pieces, WordPiece's [CLS] pieces [SEP], or BPE's
    // ids with its template's (<s> ids </s>).
    const Tokenizer &pieces() const;
    int vocabSize() const { return pieces().vocabSize(); }

    // nullptr when the run's tokenizer is another kind.
    const SentencePieceTokenizer *sentencePiece() const { return std::get_if<SentencePieceTokenizer>(&m_tokenizer); }
    const WordPieceTokenizer *wordPiece() const { return std::get_if<WordPieceTokenizer>(&m_tokenizer); }
    const BpeTokenizer *bpe() const { return std::get_if<BpeTokenizer>(&m_tokenizer); }

    // The token of each id, where the pieces are a vocabulary's ids (WordPiece, BPE), so that a
    // text's pieces line up with the ids the model reads, specials included; nullopt for
    // SentencePiece, whose ids a model reads through another mapping.
    std::optional<std::vector<std::string>> tokensOf(std::span<const int> ids) const;

private:
    std::variant<SentencePieceTokenizer, WordPieceTokenizer, BpeTokenizer> m_tokenizer;
};

} // namespace glossa::core::text
