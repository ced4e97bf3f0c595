#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace glossa::core::text {

// The normalisers and pre-tokenizers of Hugging Face's tokenizers library that BPE checkpoints
// use, as the library's source documents them (tokenizers/src/normalizers,
// tokenizers/src/pre_tokenizers). They only split and rewrite text; ids are BpeTokenizer's.

// A normaliser: one of the library's Unicode forms, or Lowercase (Rust's char::to_lowercase
// on each character: the simple mappings, and İ as i + U+0307; no final-sigma rule).
enum class HfNormalizer { Nfc, Nfd, Nfkc, Nfkd, Lowercase };

struct HfPreTokenizer
{
    enum class Kind {
        // GPT-2's: a space put first (add_prefix_space), the text split with GPT-2's pattern
        // (use_regex), each byte then written as the printable character GPT-2 maps it to.
        ByteLevel,
        Whitespace,      // runs of \w and runs of other non-space characters; spaces dropped
        WhitespaceSplit, // split at Unicode whitespace, which is dropped
        Metaspace,       // spaces written as the replacement (▁), split before each replacement
    };
    enum class Prepend {
        Always, // a replacement before every piece that has none
        First,  // only before the piece the text starts with
        Never,
    };
    Kind kind = Kind::ByteLevel;
    bool addPrefixSpace = true;         // ByteLevel
    bool useRegex = true;               // ByteLevel
    std::string replacement = "\u2581"; // Metaspace: one character
    Prepend prepend = Prepend::Always;  // Metaspace
    bool split = true;                  // Metaspace
};

// A piece of text between added tokens, then the words pre-tokenizers cut it into. atStart:
// it begins where the whole text began (Metaspace's "first" scheme asks).
struct PreToken
{
    std::string text;
    bool atStart = false;
};

std::string normalize(std::string_view text, std::span<const HfNormalizer> normalizers);
// Each pre-tokenizer in turn over every piece, empty pieces dropped after each.
std::vector<PreToken> preTokenize(std::vector<PreToken> pieces, std::span<const HfPreTokenizer> preTokenizers);

// \w of the regex engine the library matches added tokens' single_word with (Rust's regex
// crate): Alphabetic, marks, decimal digits, connector punctuation, ZWNJ and ZWJ.
bool isRegexWordCharacter(char32_t cp);

// GPT-2's printable stand-in for a byte, and back (nullopt for a character that stands for none).
char32_t byteLevelCharacter(unsigned char byte);
std::optional<unsigned char> byteOfByteLevelCharacter(char32_t cp);

} // namespace glossa::core::text
