#include "text/unigrammodelproto.h"

#include <bit>
#include <cstdint>

namespace glossa::core::text {
namespace {

// sentencepiece_model.proto's field numbers.
enum ModelField : std::uint32_t { Pieces = 1, TrainerSpec = 2, NormalizerSpec = 3 };
enum PieceField : std::uint32_t { PieceText = 1, PieceScore = 2, PieceKind = 3 };
enum TrainerField : std::uint32_t { ModelType = 3, VocabSize = 4, UnknownId = 40, BosId = 41, EosId = 42, PadId = 43 };
enum NormalizerField : std::uint32_t {
    Name = 1,
    CharsMap = 2,
    AddDummyPrefix = 3,
    RemoveExtraWhitespaces = 4,
    EscapeWhitespaces = 5
};
constexpr std::uint64_t unigramType = 1;

// Protocol buffers' wire format, the few kinds a ModelProto needs.
class WireWriter
{
public:
    void varintField(std::uint32_t field, std::uint64_t value)
    {
        key(field, 0);
        varint(value);
    }
    void signedField(std::uint32_t field, std::int32_t value)
    {
        // int32 fields carry negatives sign-extended to 64 bits.
        varintField(field, static_cast<std::uint64_t>(static_cast<std::int64_t>(value)));
    }
    void floatField(std::uint32_t field, float value)
    {
        key(field, 5);
        const auto bits = std::bit_cast<std::uint32_t>(value);
        for (int shift = 0; shift < 32; shift += 8)
            m_bytes.push_back(static_cast<char>((bits >> shift) & 0xFF));
    }
    void bytesField(std::uint32_t field, std::string_view bytes)
    {
        key(field, 2);
        varint(bytes.size());
        m_bytes.append(bytes);
    }
    const std::string &bytes() const { return m_bytes; }

private:
    void key(std::uint32_t field, std::uint32_t wireType) { varint((std::uint64_t(field) << 3) | wireType); }
    void varint(std::uint64_t value)
    {
        while (value >= 0x80) {
            m_bytes.push_back(static_cast<char>((value & 0x7F) | 0x80));
            value >>= 7;
        }
        m_bytes.push_back(static_cast<char>(value));
    }

    std::string m_bytes;
};

// The first length-delimited field `wanted` of a message, or nullopt-like empty.
bool findField(std::string_view message, std::uint64_t wanted, std::string_view &found)
{
    std::size_t at = 0;
    auto varint = [&](std::uint64_t &value) {
        value = 0;
        for (int shift = 0; shift < 64 && at < message.size(); shift += 7) {
            const auto byte = static_cast<unsigned char>(message[at++]);
            value |= std::uint64_t(byte & 0x7F) << shift;
            if (!(byte & 0x80))
                return true;
        }
        return false;
    };
    while (at < message.size()) {
        std::uint64_t key = 0;
        if (!varint(key))
            return false;
        std::uint64_t length = 0;
        switch (key & 7) {
        case 0:
            if (!varint(length))
                return false;
            continue;
        case 1: length = 8; break;
        case 5: length = 4; break;
        case 2:
            if (!varint(length))
                return false;
            break;
        default: return false;
        }
        if (length > message.size() - at)
            return false;
        if ((key >> 3) == wanted && (key & 7) == 2) {
            found = message.substr(at, length);
            return true;
        }
        at += length;
    }
    return false;
}

} // namespace

std::string serializeUnigramModel(const UnigramModel &model)
{
    WireWriter proto;
    int unknownId = -1;
    int bosId = -1;
    int eosId = -1;
    for (std::size_t id = 0; id < model.pieces.size(); ++id) {
        const auto &piece = model.pieces[id];
        WireWriter message;
        message.bytesField(PieceText, piece.text);
        message.floatField(PieceScore, piece.score);
        message.varintField(PieceKind, static_cast<std::uint64_t>(piece.kind));
        proto.bytesField(Pieces, message.bytes());
        if (piece.kind == UnigramModel::Kind::Unknown && unknownId < 0)
            unknownId = static_cast<int>(id);
        if (piece.text == "<s>")
            bosId = static_cast<int>(id);
        if (piece.text == "</s>")
            eosId = static_cast<int>(id);
    }
    WireWriter trainer;
    trainer.varintField(ModelType, unigramType);
    trainer.signedField(VocabSize, static_cast<std::int32_t>(model.pieces.size()));
    trainer.signedField(UnknownId, unknownId);
    trainer.signedField(BosId, bosId);
    trainer.signedField(EosId, eosId);
    trainer.signedField(PadId, -1);
    proto.bytesField(TrainerSpec, trainer.bytes());
    WireWriter normalizer;
    normalizer.bytesField(Name, model.precompiledCharsMap.empty() ? "identity" : "user_defined");
    if (!model.precompiledCharsMap.empty())
        normalizer.bytesField(CharsMap, model.precompiledCharsMap);
    normalizer.varintField(AddDummyPrefix, model.addDummyPrefix ? 1 : 0);
    normalizer.varintField(RemoveExtraWhitespaces, model.removeExtraWhitespaces ? 1 : 0);
    normalizer.varintField(EscapeWhitespaces, 1);
    proto.bytesField(NormalizerSpec, normalizer.bytes());
    return proto.bytes();
}

std::string precompiledCharsMapOf(std::string_view modelBytes)
{
    std::string_view spec;
    std::string_view charsMap;
    if (findField(modelBytes, NormalizerSpec, spec) && findField(spec, CharsMap, charsMap))
        return std::string(charsMap);
    return {};
}

} // namespace glossa::core::text
