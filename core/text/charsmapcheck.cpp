#include "text/charsmapcheck.h"

#include <cstdint>
#include <cstring>
#include <vector>

namespace glossa::core::text {
namespace {

// ModelProto.normalizer_spec = 3, ModelProto.denormalizer_spec = 5,
// NormalizerSpec.precompiled_charsmap = 2 (sentencepiece_model.proto).
constexpr std::uint64_t normalizerField = 3;
constexpr std::uint64_t denormalizerField = 5;
constexpr std::uint64_t charsMapField = 2;

class WireReader
{
public:
    explicit WireReader(std::string_view bytes)
        : m_bytes(bytes)
    {
    }

    bool atEnd() const { return m_at >= m_bytes.size(); }

    bool varint(std::uint64_t &value)
    {
        value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (atEnd())
                return false;
            const auto byte = static_cast<unsigned char>(m_bytes[m_at++]);
            value |= std::uint64_t(byte & 0x7F) << shift;
            if (!(byte & 0x80))
                return true;
        }
        return false;
    }

    // One field: its number, and its bytes when length-delimited. False on a malformed field.
    bool next(std::uint64_t &field, std::string_view &payload)
    {
        std::uint64_t key = 0;
        if (!varint(key))
            return false;
        field = key >> 3;
        payload = {};
        switch (key & 7) {
        case 0: {
            std::uint64_t ignored = 0;
            return varint(ignored);
        }
        case 1: return skip(8);
        case 5: return skip(4);
        case 2: {
            std::uint64_t length = 0;
            if (!varint(length) || length > m_bytes.size() - m_at)
                return false;
            payload = m_bytes.substr(m_at, length);
            m_at += length;
            return true;
        }
        default: return false;
        }
    }

private:
    bool skip(std::size_t count)
    {
        if (count > m_bytes.size() - m_at)
            return false;
        m_at += count;
        return true;
    }

    std::string_view m_bytes;
    std::size_t m_at = 0;
};

// The layout DecodePrecompiledCharsMap reads: a little-endian uint32 trie size, the trie
// (darts-clone units of 4 bytes), then the NUL-separated replacement strings.
std::optional<std::string> blobProblem(std::string_view blob)
{
    if (blob.empty())
        return std::nullopt; // no rules: identity normalisation
    if (blob.size() <= 4)
        return "its normalisation rules are cut short";
    std::uint32_t trieBytes = 0;
    std::memcpy(&trieBytes, blob.data(), 4);
    if (trieBytes >= blob.size() - 4 || trieBytes % 4 != 0 || trieBytes == 0)
        return "its normalisation rules give a trie size that does not fit";
    const auto strings = blob.substr(4 + trieBytes);
    if (strings.empty() || strings.back() != '\0')
        return "its normalisation strings do not end where they should";
    const std::size_t units = trieBytes / 4;
    auto unitAt = [&](std::uint64_t index) {
        std::uint32_t unit = 0;
        std::memcpy(&unit, blob.data() + 4 + 4 * index, 4);
        return unit;
    };
    for (std::size_t i = 0; i < units; ++i) {
        const auto unit = unitAt(i);
        if (unit >> 31) { // a value unit: an offset into the strings
            if ((unit & 0x7FFFFFFFu) >= strings.size())
                return "its normalisation rules point past their strings";
            continue;
        }
        // darts-clone: offset() = (unit >> 10) << ((unit & (1 << 9)) >> 6); the children of
        // unit i sit at i ^ offset ^ label for every label byte, and when the unit has a leaf
        // (bit 8), the lookup reads the value at i ^ offset, whatever unit is there.
        const std::uint64_t offset = std::uint64_t(unit >> 10) << ((unit & (1u << 9)) >> 6);
        const std::uint64_t base = std::uint64_t(i) ^ offset;
        if ((base | 0xFF) >= units)
            return "its normalisation trie points outside itself";
        if (((unit >> 8) & 1) && (unitAt(base) & 0x7FFFFFFFu) >= strings.size())
            return "its normalisation rules point past their strings";
    }
    return std::nullopt;
}

} // namespace

std::optional<std::string> charsMapProblem(std::string_view modelBytes)
{
    WireReader model(modelBytes);
    std::uint64_t field = 0;
    std::string_view payload;
    while (!model.atEnd()) {
        if (!model.next(field, payload))
            return std::nullopt; // not protobuf at all: the library's own parser says so
        if (field != normalizerField && field != denormalizerField)
            continue;
        WireReader spec(payload);
        std::uint64_t inner = 0;
        std::string_view value;
        while (!spec.atEnd()) {
            if (!spec.next(inner, value))
                return "its normalisation settings are damaged";
            if (inner == charsMapField)
                if (auto problem = blobProblem(value))
                    return problem;
        }
    }
    return std::nullopt;
}

} // namespace glossa::core::text
