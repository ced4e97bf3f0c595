#include "text/wordpiecetokenizer.h"

#include "text/unicodetext.h"
#include "util/boundedfile.h"
#include "util/error.h"

#include <utf8proc.h>

namespace glossa::core::text {
namespace {

constexpr std::size_t maxVocabularyBytes = std::size_t(64) << 20;
constexpr std::size_t maxVocabularyTokens = 4'000'000;

utf8proc_category_t categoryOf(char32_t cp)
{
    return utf8proc_category(static_cast<utf8proc_int32_t>(cp));
}

bool isWhitespace(char32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || categoryOf(cp) == UTF8PROC_CATEGORY_ZS;
}

// Every "C" category (Cc, Cf, Cs, Co, Cn) but the three whitespace controls.
bool isControl(char32_t cp)
{
    if (cp == '\t' || cp == '\n' || cp == '\r')
        return false;
    switch (categoryOf(cp)) {
    case UTF8PROC_CATEGORY_CC:
    case UTF8PROC_CATEGORY_CF:
    case UTF8PROC_CATEGORY_CS:
    case UTF8PROC_CATEGORY_CO:
    case UTF8PROC_CATEGORY_CN: return true;
    default: return false;
    }
}

bool isPunctuation(char32_t cp)
{
    if ((cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96) || (cp >= 123 && cp <= 126))
        return true;
    switch (categoryOf(cp)) {
    case UTF8PROC_CATEGORY_PC:
    case UTF8PROC_CATEGORY_PD:
    case UTF8PROC_CATEGORY_PS:
    case UTF8PROC_CATEGORY_PE:
    case UTF8PROC_CATEGORY_PI:
    case UTF8PROC_CATEGORY_PF:
    case UTF8PROC_CATEGORY_PO: return true;
    default: return false;
    }
}

// Python's str.split() also splits at line and paragraph separators, which cleaning keeps.
bool splitsWords(char32_t cp)
{
    const auto category = categoryOf(cp);
    return cp == ' ' || category == UTF8PROC_CATEGORY_ZL || category == UTF8PROC_CATEGORY_ZP;
}

// The blocks BERT treats as Chinese characters (CJK Unified Ideographs, extensions A to E, the
// compatibility ideographs and their supplement): each becomes a word of its own.
bool isCjkIdeograph(char32_t cp)
{
    return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x20000 && cp <= 0x2A6DF)
           || (cp >= 0x2A700 && cp <= 0x2B73F) || (cp >= 0x2B740 && cp <= 0x2B81F) || (cp >= 0x2B820 && cp <= 0x2CEAF)
           || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x2F800 && cp <= 0x2FA1F);
}

bool isCased(char32_t cp)
{
    const auto c = static_cast<utf8proc_int32_t>(cp);
    return utf8proc_tolower(c) != c || utf8proc_toupper(c) != c || utf8proc_totitle(c) != c;
}

bool isCaseIgnorable(char32_t cp)
{
    switch (categoryOf(cp)) {
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_ME:
    case UTF8PROC_CATEGORY_CF:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_SK: return true;
    default: return cp == '\'' || cp == '.' || cp == ':' || cp == 0x00B7 || cp == 0x2019;
    }
}

// Python's str.lower(): the simple mappings, plus the two of SpecialCasing.txt that apply to
// lower-casing without a language: İ (U+0130) is i and a combining dot, and Σ at the end of a
// word (a cased letter before it, none after it, case-ignorable characters skipped) is ς.
CodePoints lowerCased(const CodePoints &word)
{
    CodePoints out;
    out.reserve(word.size());
    for (std::size_t i = 0; i < word.size(); ++i) {
        const auto cp = word[i];
        if (cp == 0x0130) {
            out.push_back(U'i');
            out.push_back(0x0307);
            continue;
        }
        if (cp == 0x03A3) {
            bool before = false;
            for (std::size_t j = i; j-- > 0;)
                if (!isCaseIgnorable(word[j])) {
                    before = isCased(word[j]);
                    break;
                }
            bool after = false;
            for (std::size_t j = i + 1; j < word.size(); ++j)
                if (!isCaseIgnorable(word[j])) {
                    after = isCased(word[j]);
                    break;
                }
            out.push_back(before && !after ? char32_t(0x03C2) : char32_t(0x03C3));
            continue;
        }
        out.push_back(static_cast<char32_t>(utf8proc_tolower(static_cast<utf8proc_int32_t>(cp))));
    }
    return out;
}

CodePoints withoutAccents(const CodePoints &word)
{
    CodePoints out;
    for (const auto cp : normalised(word, NormalForm::Nfd))
        if (categoryOf(cp) != UTF8PROC_CATEGORY_MN)
            out.push_back(cp);
    return out;
}

// Cleaned, CJK ideographs spaced out, NFC: the text basic tokenization splits.
CodePoints preparedText(std::string_view text, bool spaceIdeographs)
{
    CodePoints cleaned;
    for (const auto cp : decodeUtf8(text)) {
        if (cp == 0 || cp == replacementCharacter || isControl(cp))
            continue;
        if (isWhitespace(cp)) {
            cleaned.push_back(U' ');
        } else if (spaceIdeographs && isCjkIdeograph(cp)) {
            cleaned.push_back(U' ');
            cleaned.push_back(cp);
            cleaned.push_back(U' ');
        } else {
            cleaned.push_back(cp);
        }
    }
    return normalised(cleaned, NormalForm::Nfc);
}

std::vector<CodePoints> splitWords(const CodePoints &text)
{
    std::vector<CodePoints> words;
    CodePoints word;
    for (const auto cp : text) {
        if (splitsWords(cp)) {
            if (!word.empty())
                words.push_back(std::move(word));
            word.clear();
        } else {
            word.push_back(cp);
        }
    }
    if (!word.empty())
        words.push_back(std::move(word));
    return words;
}

} // namespace

WordPieceTokenizer::WordPieceTokenizer(std::vector<std::string> tokens, WordPieceOptions options)
    : m_tokens(std::move(tokens))
    , m_options(std::move(options))
{
    for (std::size_t i = 0; i < m_tokens.size(); ++i)
        m_ids[m_tokens[i]] = static_cast<int>(i); // a repeated token answers to its last line, as in BERT
    auto required = [this](const std::string &token, const char *role) {
        const auto id = idOf(token);
        if (!id)
            throw Error("the vocabulary has no " + std::string(role) + " token '" + token + "'");
        return *id;
    };
    m_unknownId = required(m_options.unknownToken, "unknown");
    m_classId = required(m_options.classToken, "class");
    m_separatorId = required(m_options.separatorToken, "separator");
    m_paddingId = idOf(m_options.paddingToken);
    for (const auto *name : {&m_options.unknownToken, &m_options.classToken, &m_options.separatorToken,
                             &m_options.paddingToken, &m_options.maskToken})
        if (const auto id = idOf(*name))
            m_specials.push_back({*name, *id});
}

WordPieceTokenizer WordPieceTokenizer::fromTokens(std::vector<std::string> tokens, WordPieceOptions options)
{
    return WordPieceTokenizer(std::move(tokens), std::move(options));
}

WordPieceTokenizer WordPieceTokenizer::load(const std::filesystem::path &vocabFile, WordPieceOptions options)
{
    const auto name = vocabFile.filename().string();
    const auto text = readBoundedFile(vocabFile, maxVocabularyBytes, name);
    std::vector<std::string> tokens;
    std::size_t start = 0;
    while (start < text.size()) {
        auto end = text.find('\n', start);
        if (end == std::string::npos)
            end = text.size();
        auto line = std::string_view(text).substr(start, end - start);
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        if (utf8proc_decompose(reinterpret_cast<const utf8proc_uint8_t *>(line.data()),
                               static_cast<utf8proc_ssize_t>(line.size()), nullptr, 0, UTF8PROC_STABLE)
            < 0)
            throw Error(name + ":" + std::to_string(tokens.size() + 1) + ": not UTF-8");
        if (tokens.size() == maxVocabularyTokens)
            throw Error(name + " holds more than " + std::to_string(maxVocabularyTokens) + " tokens");
        tokens.emplace_back(line);
        start = end + 1;
    }
    try {
        return WordPieceTokenizer(std::move(tokens), std::move(options));
    } catch (const Error &e) {
        throw Error(name + ": " + e.what());
    }
}

std::optional<int> WordPieceTokenizer::idOf(std::string_view token) const
{
    const auto found = m_ids.find(std::string(token));
    return found == m_ids.end() ? std::nullopt : std::optional(found->second);
}

std::vector<std::string> WordPieceTokenizer::basicTokens(std::string_view text) const
{
    const bool strip = m_options.stripAccents.value_or(m_options.lowerCase);
    std::vector<std::string> tokens;
    for (auto word : splitWords(preparedText(text, m_options.tokenizeChineseChars))) {
        if (m_options.lowerCase)
            word = lowerCased(word);
        if (strip)
            word = withoutAccents(word);
        CodePoints part;
        for (const auto cp : word) {
            if (!isPunctuation(cp)) {
                part.push_back(cp);
                continue;
            }
            if (!part.empty())
                tokens.push_back(encodeUtf8(part));
            part.clear();
            tokens.push_back(encodeUtf8(CodePoints(1, cp)));
        }
        if (!part.empty())
            tokens.push_back(encodeUtf8(part));
    }
    return tokens;
}

void WordPieceTokenizer::appendPieces(const std::string &word, std::vector<std::string> &pieces) const
{
    const auto points = decodeUtf8(word);
    if (points.size() > m_options.maxInputCharsPerWord) {
        pieces.push_back(m_options.unknownToken);
        return;
    }
    std::vector<std::string> found;
    std::size_t start = 0;
    while (start < points.size()) {
        std::size_t end = points.size();
        std::optional<std::string> piece;
        for (; end > start; --end) {
            auto candidate = encodeUtf8(points.substr(start, end - start));
            if (start > 0)
                candidate.insert(0, m_options.continuingSubwordPrefix);
            if (m_ids.contains(candidate)) {
                piece = std::move(candidate);
                break;
            }
        }
        if (!piece) {
            pieces.push_back(m_options.unknownToken);
            return;
        }
        found.push_back(std::move(*piece));
        start = end;
    }
    pieces.insert(pieces.end(), found.begin(), found.end());
}

std::vector<std::string> WordPieceTokenizer::encodePieces(std::string_view text) const
{
    // The specials written in the text are theirs, found before any cleaning or lower-casing,
    // as BertTokenizer's added-token split and the fast tokenizer's added tokens find them.
    std::vector<std::string> pieces;
    for (const auto &segment : splitOnSpecialTokens(text, m_specials)) {
        if (segment.specialId >= 0) {
            pieces.emplace_back(segment.text);
            continue;
        }
        for (const auto &word : basicTokens(segment.text))
            appendPieces(word, pieces);
    }
    return pieces;
}

std::vector<int> WordPieceTokenizer::encode(std::string_view text) const
{
    std::vector<int> ids{m_classId};
    for (const auto &piece : encodePieces(text))
        ids.push_back(m_ids.at(piece));
    ids.push_back(m_separatorId);
    return ids;
}

std::vector<int> WordPieceTokenizer::encode(std::string_view text, std::size_t maxTokens) const
{
    if (maxTokens < 2)
        throw Error("a BERT input holds at least [CLS] and [SEP]");
    auto ids = encode(text);
    if (ids.size() > maxTokens) {
        ids.resize(maxTokens - 1);
        ids.push_back(m_separatorId);
    }
    return ids;
}

std::string WordPieceTokenizer::decode(std::span<const int> ids) const
{
    std::string text;
    for (const auto id : ids) {
        if (id < 0 || id >= vocabSize() || id == m_classId || id == m_separatorId || id == m_paddingId)
            continue;
        const auto &piece = token(id);
        const auto &prefix = m_options.continuingSubwordPrefix;
        if (!prefix.empty() && piece.starts_with(prefix) && !text.empty()) {
            text += piece.substr(prefix.size());
            continue;
        }
        if (!text.empty())
            text += ' ';
        text += piece;
    }
    return text;
}

} // namespace glossa::core::text
