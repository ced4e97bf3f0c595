#pragma once

#include <cstddef>
#include <string_view>

namespace glossa::core {

// The code point at text[i], advancing i past it. For text already known to be UTF-8 (the
// importer validates every row); a sequence cut short by the end reads as its lead byte.
// Header-only, so the SentencePiece bridge module can use it without linking the core.
inline char32_t nextCodePoint(std::string_view text, size_t &i)
{
    const auto lead = static_cast<unsigned char>(text[i]);
    size_t length = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xE ? 3 : 4;
    if (i + length > text.size())
        length = 1;
    char32_t code = length == 1 ? lead : length == 2 ? (lead & 0x1F) : length == 3 ? (lead & 0x0F) : (lead & 0x07);
    for (size_t k = 1; k < length; ++k)
        code = (code << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
    i += length;
    return code;
}

} // namespace glossa::core
