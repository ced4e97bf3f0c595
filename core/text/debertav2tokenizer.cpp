#include "text/debertav2tokenizer.h"

#include "util/error.h"

#include <limits>

namespace glossa::core::text {
namespace {

// The id of a piece the model holds itself; SentencePiece answers the unknown id for others.
std::optional<int> ownPiece(const SentencePieceTokenizer &pieces, std::string_view piece)
{
    const int id = pieces.pieceToId(piece);
    if (id < 0 || id >= pieces.vocabSize() || pieces.idToPiece(id) != piece)
        return std::nullopt;
    return id;
}

} // namespace

bool DebertaV2Tokenizer::fits(const SentencePieceTokenizer &pieces)
{
    return ownPiece(pieces, "[CLS]") && ownPiece(pieces, "[SEP]");
}

DebertaV2Tokenizer DebertaV2Tokenizer::fromSentencePiece(SentencePieceTokenizer pieces)
{
    if (!fits(pieces))
        throw Error("the SentencePiece model has no [CLS] and [SEP] pieces, so it is not a DeBERTa-v2 vocabulary");
    return DebertaV2Tokenizer(std::move(pieces));
}

DebertaV2Tokenizer::DebertaV2Tokenizer(SentencePieceTokenizer pieces)
    : m_pieces(std::move(pieces))
    , m_classId(*ownPiece(m_pieces, "[CLS]"))
    , m_separatorId(*ownPiece(m_pieces, "[SEP]"))
    , m_paddingId(ownPiece(m_pieces, "[PAD]").value_or(0))
    , m_specials{{"[CLS]", m_classId}, {"[SEP]", m_separatorId}, {"[MASK]", maskId()}}
{
    for (const char *name : {"[PAD]", "[UNK]"})
        if (const auto id = ownPiece(m_pieces, name))
            m_specials.push_back({name, *id});
}

std::vector<int> DebertaV2Tokenizer::encode(std::string_view text) const
{
    return encode(text, std::numeric_limits<std::size_t>::max());
}

std::vector<int> DebertaV2Tokenizer::encode(std::string_view text, std::size_t maxTokens) const
{
    // The specials written in the text are theirs, as DebertaV2Tokenizer finds them; each
    // stretch between them is encoded on its own.
    return idsBetween(
        m_classId, text, m_specials,
        [&](std::string_view stretch, std::vector<int> &ids) {
            const auto pieces = m_pieces.encode(stretch);
            ids.insert(ids.end(), pieces.begin(), pieces.end());
        },
        maxTokens, m_separatorId);
}

std::vector<std::string> DebertaV2Tokenizer::encodePieces(std::string_view text) const
{
    std::vector<std::string> result;
    for (const int id : encode(text))
        result.push_back(id == maskId() ? std::string("[MASK]") : m_pieces.idToPiece(id));
    return result;
}

std::string DebertaV2Tokenizer::decode(std::span<const int> ids) const
{
    std::vector<int> pieceIds;
    for (const int id : ids)
        if (id != m_classId && id != m_separatorId && id != m_paddingId && id >= 0 && id < m_pieces.vocabSize())
            pieceIds.push_back(id);
    return m_pieces.decode(pieceIds);
}

int DebertaV2Tokenizer::vocabSize() const
{
    return m_pieces.vocabSize() + 1;
}

} // namespace glossa::core::text
