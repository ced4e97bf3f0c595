#include "data/utf8.h"

#include <simdjson.h>

namespace glossa::core::data {
namespace {

// Length of the valid UTF-8 sequence starting at text[i], or 0 if it is invalid (overlong
// forms, surrogates and code points above U+10FFFF included).
size_t validSequenceLength(std::string_view text, size_t i)
{
    const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char lead = byte(i);
    const size_t remaining = text.size() - i;
    auto continuation = [&](size_t k) { return i + k < text.size() && (byte(i + k) & 0xC0) == 0x80; };
    if (lead < 0x80)
        return 1;
    if (lead >= 0xC2 && lead <= 0xDF)
        return remaining >= 2 && continuation(1) ? 2 : 0;
    if (lead >= 0xE0 && lead <= 0xEF) {
        if (remaining < 3 || !continuation(1) || !continuation(2))
            return 0;
        const unsigned char second = byte(i + 1);
        if ((lead == 0xE0 && second < 0xA0) || (lead == 0xED && second > 0x9F))
            return 0;
        return 3;
    }
    if (lead >= 0xF0 && lead <= 0xF4) {
        if (remaining < 4 || !continuation(1) || !continuation(2) || !continuation(3))
            return 0;
        const unsigned char second = byte(i + 1);
        if ((lead == 0xF0 && second < 0x90) || (lead == 0xF4 && second > 0x8F))
            return 0;
        return 4;
    }
    return 0;
}

} // namespace

std::optional<size_t> firstInvalidUtf8(std::string_view text)
{
    if (simdjson::validate_utf8(text.data(), text.size()))
        return std::nullopt;
    for (size_t i = 0; i < text.size();) {
        const size_t length = validSequenceLength(text, i);
        if (length == 0)
            return i;
        i += length;
    }
    return text.size();
}

Utf16Guess guessUtf16WithoutBom(std::string_view head)
{
    size_t even = 0;
    size_t odd = 0;
    for (size_t i = 0; i < head.size(); ++i)
        if (head[i] == '\0')
            ++(i % 2 == 0 ? even : odd);
    const size_t pairs = head.size() / 2;
    if (pairs == 0)
        return Utf16Guess::No;
    // At least 30% of the code units are ASCII-range, and the other byte of the pairs is
    // almost never NUL.
    if (odd * 10 >= pairs * 3 && even * 20 <= pairs)
        return Utf16Guess::LittleEndian;
    if (even * 10 >= pairs * 3 && odd * 20 <= pairs)
        return Utf16Guess::BigEndian;
    return Utf16Guess::No;
}

std::string_view trimmed(std::string_view text)
{
    constexpr std::string_view whitespace = " \t\r\n\v\f";
    const auto first = text.find_first_not_of(whitespace);
    if (first == std::string_view::npos)
        return {};
    const auto last = text.find_last_not_of(whitespace);
    return text.substr(first, last - first + 1);
}

} // namespace glossa::core::data
