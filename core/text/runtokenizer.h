#pragma once

#include "text/sentencepiecetokenizer.h"
#include "text/wordpiecetokenizer.h"

#include <variant>

namespace glossa::core::text {

// The tokenizer a run keeps as its artefact: a SentencePiece model (trained for the bag or the
// transformer, or an XLM-R-family model's own sentencepiece.bpe.model) or a BERT-family
// model's WordPiece vocabulary (vocab.txt with its tokenizer_config.json options).
class RunTokenizer
{
public:
    RunTokenizer(SentencePieceTokenizer pieces); // NOLINT(google-explicit-constructor): either is one
    RunTokenizer(WordPieceTokenizer pieces);     // NOLINT(google-explicit-constructor)

    // The tokenizer itself: SentencePiece's pieces, or WordPiece's [CLS] pieces [SEP].
    const Tokenizer &pieces() const;
    int vocabSize() const { return pieces().vocabSize(); }

    // nullptr when the run's tokenizer is the other kind.
    const SentencePieceTokenizer *sentencePiece() const { return std::get_if<SentencePieceTokenizer>(&m_tokenizer); }
    const WordPieceTokenizer *wordPiece() const { return std::get_if<WordPieceTokenizer>(&m_tokenizer); }

private:
    std::variant<SentencePieceTokenizer, WordPieceTokenizer> m_tokenizer;
};

} // namespace glossa::core::text
