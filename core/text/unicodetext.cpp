#include "text/unicodetext.h"

#include <utf8proc.h>

#include <cstdlib>
#include <memory>

namespace glossa::core::text {

CodePoints decodeUtf8(std::string_view text)
{
    CodePoints out;
    out.reserve(text.size());
    auto *bytes = reinterpret_cast<const utf8proc_uint8_t *>(text.data());
    auto left = static_cast<utf8proc_ssize_t>(text.size());
    while (left > 0) {
        utf8proc_int32_t cp = 0;
        const auto used = utf8proc_iterate(bytes, left, &cp);
        if (used <= 0) {
            out.push_back(replacementCharacter);
            ++bytes;
            --left;
            continue;
        }
        out.push_back(static_cast<char32_t>(cp));
        bytes += used;
        left -= used;
    }
    return out;
}

void appendUtf8(std::string &out, char32_t cp)
{
    utf8proc_uint8_t buffer[4];
    const auto length = utf8proc_encode_char(static_cast<utf8proc_int32_t>(cp), buffer);
    out.append(reinterpret_cast<const char *>(buffer), static_cast<std::size_t>(length));
}

std::string encodeUtf8(std::u32string_view points)
{
    std::string out;
    out.reserve(points.size());
    for (const auto cp : points)
        appendUtf8(out, cp);
    return out;
}

CodePoints normalised(const CodePoints &text, NormalForm form)
{
    int options = UTF8PROC_STABLE;
    switch (form) {
    case NormalForm::Nfc: options |= UTF8PROC_COMPOSE; break;
    case NormalForm::Nfd: options |= UTF8PROC_DECOMPOSE; break;
    case NormalForm::Nfkc: options |= UTF8PROC_COMPOSE | UTF8PROC_COMPAT; break;
    case NormalForm::Nfkd: options |= UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT; break;
    }
    const auto utf8 = encodeUtf8(text);
    utf8proc_uint8_t *mapped = nullptr;
    const auto length =
        utf8proc_map(reinterpret_cast<const utf8proc_uint8_t *>(utf8.data()),
                     static_cast<utf8proc_ssize_t>(utf8.size()), &mapped, static_cast<utf8proc_option_t>(options));
    if (length < 0)
        return text; // cannot happen for text encodeUtf8 wrote
    const std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> owned(mapped, &std::free);
    return decodeUtf8(std::string_view(reinterpret_cast<const char *>(mapped), static_cast<std::size_t>(length)));
}

bool isUnicodeWhitespace(char32_t cp)
{
    if ((cp >= 0x09 && cp <= 0x0D) || cp == 0x85)
        return true;
    switch (utf8proc_category(static_cast<utf8proc_int32_t>(cp))) {
    case UTF8PROC_CATEGORY_ZS:
    case UTF8PROC_CATEGORY_ZL:
    case UTF8PROC_CATEGORY_ZP: return true;
    default: return false;
    }
}

} // namespace glossa::core::text
