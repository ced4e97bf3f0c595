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

RunTokenizer::RunTokenizer(BpeTokenizer pieces)
    : m_tokenizer(std::move(pieces))
{
}

const Tokenizer &RunTokenizer::pieces() const
{
    return std::visit([](const auto &tokenizer) -> const Tokenizer & { return tokenizer; }, m_tokenizer);
}

std::optional<std::vector<std::string>> RunTokenizer::tokensOf(std::span<const int> ids) const
{
    auto tokens = [&](const auto &vocabulary) {
        std::vector<std::string> out;
        out.reserve(ids.size());
        for (const int id : ids)
            out.push_back(vocabulary.token(id));
        return out;
    };
    if (const auto *pieces = wordPiece())
        return tokens(*pieces);
    if (const auto *pieces = bpe())
        return tokens(*pieces);
    return std::nullopt;
}

} // namespace glossa::core::text
