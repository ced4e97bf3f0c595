#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace glossa::core::text {

// A SentencePiece Unigram model described piece by piece, as a Hugging Face tokenizer.json
// carries one, serialized as the ModelProto (sentencepiece_model.proto) SentencePiece loads: the
// pieces with their scores and kinds, the Unigram algorithm, and the normaliser (the
// precompiled character map, the dummy prefix, collapsed whitespace).
struct UnigramModel
{
    enum class Kind { Normal = 1, Unknown = 2, Control = 3, UserDefined = 4 };
    struct Piece
    {
        std::string text;
        float score = 0;
        Kind kind = Kind::Normal;
    };
    std::vector<Piece> pieces;
    std::string precompiledCharsMap; // empty: the text as it is
    bool addDummyPrefix = true;      // "▁" before the text, as Metaspace's prepend
    bool removeExtraWhitespaces = true;
};

std::string serializeUnigramModel(const UnigramModel &model);

// A serialized ModelProto's precompiled character map (empty when it has none or the bytes are
// not a model).
std::string precompiledCharsMapOf(std::string_view modelBytes);

} // namespace glossa::core::text
