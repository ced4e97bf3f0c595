#include "text/xlmrtokenizer.h"

#include "text/specialtokens.h"
#include "util/error.h"

#include <limits>

namespace glossa::core::text {

XlmrTokenizer::XlmrTokenizer(SentencePieceTokenizer pieces)
    : m_pieces(std::move(pieces))
{
}

XlmrTokenizer XlmrTokenizer::load(const std::filesystem::path &folder)
{
    const auto file = folder / "sentencepiece.bpe.model";
    if (!std::filesystem::exists(file))
        throw Error(file.string()
                    + ": not found (the XLM-R vocabulary a model folder brings; tokenizer.json alone "
                      "is not read yet)");
    return XlmrTokenizer(SentencePieceTokenizer::load(file));
}

XlmrTokenizer XlmrTokenizer::fromSentencePiece(SentencePieceTokenizer pieces)
{
    return XlmrTokenizer(std::move(pieces));
}

std::vector<int> XlmrTokenizer::encode(std::string_view text) const
{
    return encode(text, std::numeric_limits<std::size_t>::max());
}

std::vector<std::string> XlmrTokenizer::encodePieces(std::string_view text) const
{
    return pieces(encode(text));
}

std::string XlmrTokenizer::decode(std::span<const int> ids) const
{
    std::vector<int> pieceIds;
    for (const int id : ids)
        if (id > unkId && id != maskId())
            pieceIds.push_back(id - 1);
    return m_pieces.decode(pieceIds);
}

std::vector<int> XlmrTokenizer::encode(std::string_view text, std::size_t maxTokens) const
{
    // The specials written in the text are theirs (<mask> taking the spaces before it, as
    // XLMRobertaTokenizer's lstrip does); each stretch between them is encoded on its own.
    const SpecialToken specials[] = {
        {"<s>", bosId}, {"<pad>", padId}, {"</s>", eosId}, {"<unk>", unkId}, {"<mask>", maskId(), true}};
    const auto spmUnk = m_pieces.unkId().value_or(0);
    return idsBetween(
        bosId, text, specials,
        [&](std::string_view stretch, std::vector<int> &ids) {
            for (const int piece : m_pieces.encode(stretch))
                ids.push_back(piece == spmUnk ? unkId : piece + 1);
        },
        maxTokens, eosId);
}

std::vector<std::string> XlmrTokenizer::pieces(const std::vector<int> &ids) const
{
    std::vector<std::string> result;
    result.reserve(ids.size());
    for (const int id : ids) {
        switch (id) {
        case bosId: result.emplace_back("<s>"); break;
        case padId: result.emplace_back("<pad>"); break;
        case eosId: result.emplace_back("</s>"); break;
        case unkId: result.emplace_back("<unk>"); break;
        default: result.push_back(id == maskId() ? std::string("<mask>") : m_pieces.idToPiece(id - 1));
        }
    }
    return result;
}

int XlmrTokenizer::vocabSize() const
{
    return m_pieces.vocabSize() + 2;
}

int XlmrTokenizer::maskId() const
{
    return m_pieces.vocabSize() + 1;
}

} // namespace glossa::core::text
