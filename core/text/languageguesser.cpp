#include "text/languageguesser.h"

#include "util/allocator.h"
#include "util/utf8decode.h"

// CLD2's header uses size_t and friends without including them.
#include <cstddef>
#include <cstdio>

#include <cld2/public/compact_lang_det.h>
#include <cld2/public/encodings.h>

#include <cstdint>
#include <string_view>

namespace glossa::core::text {
namespace {

// Counts letters by writing system for the scripts that settle the language on their own.
struct ScriptCounts
{
    int han = 0;
    int kana = 0;
    int hangul = 0;
    int letters = 0;
};

ScriptCounts countScripts(std::string_view text)
{
    ScriptCounts counts;
    for (size_t i = 0; i < text.size();) {
        const char32_t c = nextCodePoint(text, i);
        const bool han = (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x20000 && c <= 0x2A6DF);
        const bool kana = (c >= 0x3040 && c <= 0x30FF) || (c >= 0x31F0 && c <= 0x31FF) || (c >= 0xFF66 && c <= 0xFF9D);
        const bool hangul =
            (c >= 0xAC00 && c <= 0xD7AF) || (c >= 0x1100 && c <= 0x11FF) || (c >= 0x3130 && c <= 0x318F);
        counts.han += han;
        counts.kana += kana;
        counts.hangul += hangul;
        // Letters of any script: ASCII letters plus everything from Latin-1 letters upwards
        // that is not punctuation or a symbol block we care about.
        const bool letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')
                            || (c >= 0xC0 && c != 0xD7 && c != 0xF7 && !(c >= 0x2000 && c <= 0x2BFF)
                                && !(c >= 0x3000 && c <= 0x303F) && !(c >= 0xFF00 && c <= 0xFF0F) && !(c >= 0x1F000));
        counts.letters += letter;
    }
    return counts;
}

// Short CJK text defeats CLD2 (a short Chinese sentence comes back "en"; PLATFORM.md).
// Kana means Japanese, Hangul Korean, Han alone Chinese.
std::string scriptLanguage(const ScriptCounts &counts)
{
    if (counts.letters == 0)
        return {};
    if (counts.kana > 0 && (counts.kana + counts.han) * 2 >= counts.letters)
        return "ja";
    if (counts.hangul * 2 >= counts.letters)
        return "ko";
    if (counts.han * 2 >= counts.letters)
        return "zh";
    return {};
}

} // namespace

std::string guessLanguage(std::string_view utf8Text)
{
    keepFreedMemoryForReuse(); // CLD2 allocates a large scratch buffer per call

    const auto counts = countScripts(utf8Text);
    if (auto byScript = scriptLanguage(counts); !byScript.empty())
        return byScript;
    if (counts.letters == 0)
        return "und";

    bool reliable = false;
    CLD2::Language top3[3];
    int percent3[3];
    double scores3[3];
    int textBytes = 0;
    int validPrefix = 0;
    CLD2::CLDHints hints = {nullptr, nullptr, CLD2::UNKNOWN_ENCODING, CLD2::UNKNOWN_LANGUAGE};
    const CLD2::Language language =
        CLD2::ExtDetectLanguageSummaryCheckUTF8(utf8Text.data(), static_cast<int>(utf8Text.size()), true, &hints, 0,
                                                top3, percent3, scores3, nullptr, &textBytes, &reliable, &validPrefix);
    if (language == CLD2::UNKNOWN_LANGUAGE || language == CLD2::TG_UNKNOWN_LANGUAGE)
        return "und";
    std::string code = CLD2::LanguageCode(language);
    // CLD2 names Chinese variants zh and zh-Hant; keep the base language, as users label data.
    if (code.starts_with("zh"))
        return "zh";
    return code;
}

} // namespace glossa::core::text
