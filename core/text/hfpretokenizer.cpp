#include "text/hfpretokenizer.h"

#include "text/unicodetext.h"

#include <utf8proc.h>

#include <array>

namespace glossa::core::text {
namespace {

utf8proc_category_t categoryOf(char32_t cp)
{
    return utf8proc_category(static_cast<utf8proc_int32_t>(cp));
}

// \p{L}
bool isLetter(char32_t cp)
{
    switch (categoryOf(cp)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO: return true;
    default: return false;
    }
}

// \p{N}
bool isNumber(char32_t cp)
{
    const auto category = categoryOf(cp);
    return category == UTF8PROC_CATEGORY_ND || category == UTF8PROC_CATEGORY_NL || category == UTF8PROC_CATEGORY_NO;
}

// [^\s\p{L}\p{N}]
bool isOther(char32_t cp)
{
    return !isUnicodeWhitespace(cp) && !isLetter(cp) && !isNumber(cp);
}

std::size_t runEnd(const CodePoints &text, std::size_t from, bool (*in)(char32_t))
{
    while (from < text.size() && in(text[from]))
        ++from;
    return from;
}

// The length of the match of GPT-2's pattern at `at`,
//   's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+
// tried alternative by alternative as a backtracking engine (Oniguruma) does. Every character
// is a letter, a number, whitespace or other, so some alternative always matches.
std::size_t gpt2MatchLength(const CodePoints &text, std::size_t at)
{
    const auto next = [&](std::size_t i) { return i < text.size() ? text[i] : char32_t(0); };
    if (text[at] == U'\'') {
        const auto a = next(at + 1);
        const auto b = next(at + 2);
        if (a == U's' || a == U't' || a == U'm' || a == U'd')
            return 2;
        if ((a == U'r' && b == U'e') || (a == U'v' && b == U'e') || (a == U'l' && b == U'l'))
            return 3;
    }
    for (const auto in : {&isLetter, &isNumber, &isOther}) {
        if (text[at] == U' ' && at + 1 < text.size() && in(text[at + 1]))
            return runEnd(text, at + 1, in) - at;
        if (in(text[at]))
            return runEnd(text, at, in) - at;
    }
    // Whitespace: \s+(?!\S) leaves the run's last character to the word after it; a single
    // whitespace character before a word is \s+'s.
    const auto end = runEnd(text, at, &isUnicodeWhitespace);
    if (end < text.size() && end - at > 1)
        return end - 1 - at;
    return end - at;
}

struct ByteLevelTable
{
    std::array<char32_t, 256> characters{};
    ByteLevelTable()
    {
        // Printable Latin-1 bytes stand for themselves; the others (controls, space, NBSP,
        // soft hyphen) for 256, 257, ... in byte order.
        char32_t shifted = 256;
        for (unsigned byte = 0; byte < 256; ++byte) {
            const bool printable = (byte >= 0x21 && byte <= 0x7E) || (byte >= 0xA1 && byte <= 0xAC) || byte >= 0xAE;
            characters[byte] = printable ? char32_t(byte) : shifted++;
        }
    }
};

const ByteLevelTable &byteLevelTable()
{
    static const ByteLevelTable table;
    return table;
}

void byteLevel(const HfPreTokenizer &step, const PreToken &piece, std::vector<PreToken> &out)
{
    auto text = piece.text;
    if (step.addPrefixSpace && !text.starts_with(' '))
        text.insert(0, 1, ' ');
    std::vector<std::string> words;
    if (step.useRegex) {
        const auto points = decodeUtf8(text);
        for (std::size_t at = 0; at < points.size();) {
            const auto length = gpt2MatchLength(points, at);
            words.push_back(encodeUtf8(std::u32string_view(points).substr(at, length)));
            at += length;
        }
    } else {
        words.push_back(std::move(text));
    }
    bool first = true;
    for (const auto &word : words) {
        PreToken mapped{{}, piece.atStart && first};
        first = false;
        for (const char byte : word)
            appendUtf8(mapped.text, byteLevelCharacter(static_cast<unsigned char>(byte)));
        out.push_back(std::move(mapped));
    }
}

// Runs of characters the predicate keeps (each run a word, or, with `kinds`, each run of one
// kind), the others dropped.
void splitRuns(const PreToken &piece, bool (*dropped)(char32_t), int (*kindOf)(char32_t), std::vector<PreToken> &out)
{
    const auto points = decodeUtf8(piece.text);
    std::size_t at = 0;
    while (at < points.size()) {
        if (dropped(points[at])) {
            ++at;
            continue;
        }
        const int kind = kindOf ? kindOf(points[at]) : 0;
        auto end = at + 1;
        while (end < points.size() && !dropped(points[end]) && (!kindOf || kindOf(points[end]) == kind))
            ++end;
        out.push_back({encodeUtf8(std::u32string_view(points).substr(at, end - at)), piece.atStart && at == 0});
        at = end;
    }
}

// Whitespace's \w+|[^\w\s]+: a run of word characters or a run of other non-space ones.
int wordOrNot(char32_t cp)
{
    return isRegexWordCharacter(cp) ? 1 : 0;
}

void metaspace(const HfPreTokenizer &step, const PreToken &piece, std::vector<PreToken> &out)
{
    std::string text;
    for (const char c : piece.text) {
        if (c == ' ')
            text += step.replacement;
        else
            text.push_back(c);
    }
    const bool prepend = step.prepend == HfPreTokenizer::Prepend::Always
                         || (step.prepend == HfPreTokenizer::Prepend::First && piece.atStart);
    if (prepend && !text.starts_with(step.replacement))
        text.insert(0, step.replacement);
    if (!step.split) {
        out.push_back({std::move(text), piece.atStart});
        return;
    }
    // Each replacement begins a piece (the library's MergedWithNext).
    std::size_t start = 0;
    for (auto at = text.find(step.replacement, 1); at != std::string::npos;
         at = text.find(step.replacement, at + step.replacement.size())) {
        out.push_back({text.substr(start, at - start), piece.atStart && start == 0});
        start = at;
    }
    out.push_back({text.substr(start), piece.atStart && start == 0});
}

CodePoints lowerCased(const CodePoints &text)
{
    CodePoints out;
    out.reserve(text.size());
    for (const auto cp : text) {
        if (cp == 0x0130) { // SpecialCasing's one unconditional lower-case expansion
            out.push_back(U'i');
            out.push_back(0x0307);
            continue;
        }
        out.push_back(static_cast<char32_t>(utf8proc_tolower(static_cast<utf8proc_int32_t>(cp))));
    }
    return out;
}

} // namespace

bool isRegexWordCharacter(char32_t cp)
{
    switch (categoryOf(cp)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_PC: return true;
    default:
        // Join_Control, and the symbols that are Other_Alphabetic (circled and squared letters).
        return cp == 0x200C || cp == 0x200D || (cp >= 0x24B6 && cp <= 0x24E9) || (cp >= 0x1F130 && cp <= 0x1F149)
               || (cp >= 0x1F150 && cp <= 0x1F169) || (cp >= 0x1F170 && cp <= 0x1F189);
    }
}

char32_t byteLevelCharacter(unsigned char byte)
{
    return byteLevelTable().characters[byte];
}

std::optional<unsigned char> byteOfByteLevelCharacter(char32_t cp)
{
    if (cp < 256 && byteLevelCharacter(static_cast<unsigned char>(cp)) == cp)
        return static_cast<unsigned char>(cp);
    if (cp >= 256 && cp < 256 + 68) // the 68 bytes that are not printable
        for (unsigned byte = 0; byte < 256; ++byte)
            if (byteLevelCharacter(static_cast<unsigned char>(byte)) == cp)
                return static_cast<unsigned char>(byte);
    return std::nullopt;
}

std::string normalize(std::string_view text, std::span<const HfNormalizer> normalizers)
{
    if (normalizers.empty())
        return std::string(text);
    auto points = decodeUtf8(text);
    for (const auto step : normalizers) {
        switch (step) {
        case HfNormalizer::Nfc: points = normalised(points, NormalForm::Nfc); break;
        case HfNormalizer::Nfd: points = normalised(points, NormalForm::Nfd); break;
        case HfNormalizer::Nfkc: points = normalised(points, NormalForm::Nfkc); break;
        case HfNormalizer::Nfkd: points = normalised(points, NormalForm::Nfkd); break;
        case HfNormalizer::Lowercase: points = lowerCased(points); break;
        }
    }
    return encodeUtf8(points);
}

std::vector<PreToken> preTokenize(std::vector<PreToken> pieces, std::span<const HfPreTokenizer> preTokenizers)
{
    for (const auto &step : preTokenizers) {
        std::vector<PreToken> out;
        out.reserve(pieces.size());
        for (const auto &piece : pieces) {
            switch (step.kind) {
            case HfPreTokenizer::Kind::ByteLevel: byteLevel(step, piece, out); break;
            case HfPreTokenizer::Kind::Whitespace: splitRuns(piece, &isUnicodeWhitespace, &wordOrNot, out); break;
            case HfPreTokenizer::Kind::WhitespaceSplit: splitRuns(piece, &isUnicodeWhitespace, nullptr, out); break;
            case HfPreTokenizer::Kind::Metaspace: metaspace(step, piece, out); break;
            }
        }
        std::erase_if(out, [](const PreToken &piece) { return piece.text.empty(); });
        pieces = std::move(out);
    }
    return pieces;
}

} // namespace glossa::core::text
