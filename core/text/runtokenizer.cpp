#include "text/runtokenizer.h"

namespace glossa::core::text {

RunTokenizer::RunTokenizer(SentencePieceTokenizer pieces)
    : m_tokenizer(std::move(pieces))
{
}

RunTokenizer::RunTokenizer(WordPieceTokenizer pieces)
    : m_tokenizer(std::move(pieces))
{
}

const Tokenizer &RunTokenizer::pieces() const
{
    return std::visit([](const auto &tokenizer) -> const Tokenizer & { return tokenizer; }, m_tokenizer);
}

} // namespace glossa::core::text
