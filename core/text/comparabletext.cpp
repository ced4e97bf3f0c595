#include "text/comparabletext.h"

#include "util/utf8decode.h"

#include <utf8proc.h>

#include <cstdlib>
#include <memory>

namespace glossa::core::text {
namespace {

// Unicode White_Space: separators (Zs, Zl, Zp), the ASCII controls that space text, and NEL.
bool isSpace(char32_t c)
{
    if (c == U'\t' || c == U'\n' || c == U'\v' || c == U'\f' || c == U'\r' || c == 0x85)
        return true;
    if (c < 0x80)
        return c == U' ';
    const auto category = utf8proc_category(static_cast<utf8proc_int32_t>(c));
    return category == UTF8PROC_CATEGORY_ZS || category == UTF8PROC_CATEGORY_ZL || category == UTF8PROC_CATEGORY_ZP;
}

// Whitespace runs as one ASCII space, none at either end.
std::string collapseSpaces(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    bool pendingSpace = false;
    for (size_t i = 0; i < text.size();) {
        const size_t start = i;
        const char32_t c = nextCodePoint(text, i);
        if (isSpace(c)) {
            pendingSpace = !out.empty();
            continue;
        }
        if (pendingSpace)
            out.push_back(' ');
        pendingSpace = false;
        out.append(text.substr(start, i - start));
    }
    return out;
}

} // namespace

std::string comparableText(std::string_view text)
{
    utf8proc_uint8_t *mapped = nullptr;
    const auto options = static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT
                                                        | UTF8PROC_CASEFOLD | UTF8PROC_IGNORE);
    const auto length = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t *>(text.data()),
                                     static_cast<utf8proc_ssize_t>(text.size()), &mapped, options);
    if (length < 0)
        return collapseSpaces(text); // not UTF-8: nextCodePoint still steps through it byte-wise
    const std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> owned(mapped, &std::free);
    return collapseSpaces(std::string_view(reinterpret_cast<const char *>(mapped), static_cast<size_t>(length)));
}

} // namespace glossa::core::text
