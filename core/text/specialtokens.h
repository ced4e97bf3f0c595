#pragma once

#include <cstddef>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace glossa::core::text {

// A pretrained vocabulary's special token as transformers' tokenizers, slow and fast alike, look
// for it in the raw text before anything else: "<s>" or "[CLS]" written in a text is that token,
// not its characters.
struct SpecialToken
{
    std::string text;
    int id = 0;
    bool stripLeft = false; // lstrip: the white space before it goes with it (XLM-R's <mask>)
};

// A stretch of text between special tokens, or one of them (specialId >= 0).
struct TextSegment
{
    std::string_view text;
    int specialId = -1;
};

// The text cut at its special tokens, leftmost first and the longest where two start at the same
// place; the stretches between them as they are (possibly empty), a stripLeft token's leading
// white space (space, tab, line breaks) taken from the stretch before it.
std::vector<TextSegment> splitOnSpecialTokens(std::string_view text, std::span<const SpecialToken> specials);

// A SentencePiece family's ids for a text: `first`, then the specials written in it as their ids
// and each stretch between them as `encodeStretch` appends it, cut to maxTokens - 2, then `last`.
std::vector<int> idsBetween(int first, std::string_view text, std::span<const SpecialToken> specials,
                            const std::function<void(std::string_view, std::vector<int> &)> &encodeStretch,
                            std::size_t maxTokens, int last);

} // namespace glossa::core::text
