#include "util/names.h"

#include "util/error.h"

#include <cstdio>

namespace glossa::core {
namespace {

struct Decoded
{
    char32_t code = 0;
    size_t length = 0; // 0: text[i] starts no valid UTF-8 sequence
};

// Strict UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF.
Decoded decodeAt(std::string_view text, size_t i)
{
    const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[i + k]); };
    const unsigned char lead = byte(0);
    const size_t remaining = text.size() - i;
    const auto continuation = [&](size_t k) { return k < remaining && (byte(k) & 0xC0) == 0x80; };
    if (lead < 0x80)
        return {lead, 1};
    if (lead >= 0xC2 && lead <= 0xDF && continuation(1))
        return {static_cast<char32_t>(((lead & 0x1F) << 6) | (byte(1) & 0x3F)), 2};
    if (lead >= 0xE0 && lead <= 0xEF && continuation(1) && continuation(2)) {
        if ((lead == 0xE0 && byte(1) < 0xA0) || (lead == 0xED && byte(1) > 0x9F))
            return {};
        return {static_cast<char32_t>(((lead & 0x0F) << 12) | ((byte(1) & 0x3F) << 6) | (byte(2) & 0x3F)), 3};
    }
    if (lead >= 0xF0 && lead <= 0xF4 && continuation(1) && continuation(2) && continuation(3)) {
        if ((lead == 0xF0 && byte(1) < 0x90) || (lead == 0xF4 && byte(1) > 0x8F))
            return {};
        return {static_cast<char32_t>(((lead & 0x07) << 18) | ((byte(1) & 0x3F) << 12) | ((byte(2) & 0x3F) << 6)
                                      | (byte(3) & 0x3F)),
                4};
    }
    return {};
}

bool isBidiControl(char32_t code)
{
    return (code >= 0x202A && code <= 0x202E) || (code >= 0x2066 && code <= 0x2069);
}

// Characters that act on a terminal or on the layout of the text around them.
bool isRefused(char32_t code)
{
    return code < 0x20 || code == 0x7F || (code >= 0x80 && code <= 0x9F) || isBidiControl(code) || code == 0x2028
           || code == 0x2029;
}

std::string codePointName(char32_t code)
{
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "U+%04X", static_cast<unsigned>(code));
    std::string name = buffer;
    if (code == 0x1B)
        name += " (ESC)";
    else if (code == 0x7F)
        name += " (DEL)";
    else if (code == 0)
        name += " (NUL)";
    return name;
}

std::string describeRefused(char32_t code)
{
    if (code == '\n' || code == '\r')
        return "contains a line break";
    if (code == '\t')
        return "contains a tab";
    if (isBidiControl(code))
        return "contains the bidirectional control " + codePointName(code)
               + ", which reorders how the text around it is shown";
    if (code == 0x2028 || code == 0x2029)
        return "contains the line separator " + codePointName(code);
    return "contains the control character " + codePointName(code);
}

} // namespace

std::optional<std::string> nameProblem(std::string_view name)
{
    for (size_t i = 0; i < name.size();) {
        const auto decoded = decodeAt(name, i);
        if (decoded.length == 0)
            return "is not valid UTF-8 at byte " + std::to_string(i + 1);
        if (isRefused(decoded.code))
            return describeRefused(decoded.code);
        i += decoded.length;
    }
    return std::nullopt;
}

void requireCleanName(std::string_view what, std::string_view name)
{
    if (const auto problem = nameProblem(name))
        throw Error(std::string(what) + " '" + escapeForTerminal(name) + "' " + *problem
                    + "; choose one without control characters");
}

std::string escapeForTerminal(std::string_view text)
{
    std::string escaped;
    escaped.reserve(text.size());
    char buffer[16];
    for (size_t i = 0; i < text.size();) {
        const auto decoded = decodeAt(text, i);
        if (decoded.length == 0) {
            std::snprintf(buffer, sizeof buffer, "\\x%02x", static_cast<unsigned char>(text[i]));
            escaped += buffer;
            ++i;
            continue;
        }
        const char32_t code = decoded.code;
        if (!isRefused(code)) {
            escaped.append(text.substr(i, decoded.length));
        } else if (code == '\n') {
            escaped += "\\n";
        } else if (code == '\r') {
            escaped += "\\r";
        } else if (code == '\t') {
            escaped += "\\t";
        } else if (code < 0x80) {
            std::snprintf(buffer, sizeof buffer, "\\x%02x", static_cast<unsigned>(code));
            escaped += buffer;
        } else {
            std::snprintf(buffer, sizeof buffer, "\\u%04x", static_cast<unsigned>(code));
            escaped += buffer;
        }
        i += decoded.length;
    }
    return escaped;
}

} // namespace glossa::core
