#pragma once

#include "text/hfpretokenizer.h"
#include "text/tokenizer.h"

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace glossa::core::text {

// The BPE model of a Hugging Face tokenizer.json ("model": {"type": "BPE", ...}).
struct BpeModelSpec
{
    std::vector<std::pair<std::string, int>> vocab;          // token and id, ids unique
    std::vector<std::pair<std::string, std::string>> merges; // in rank order, the first merged first
    std::optional<std::string> unknownToken;                 // none: unknown characters are dropped
    bool fuseUnknown = false;                                // consecutive unknown characters one token
    std::string continuingSubwordPrefix;                     // before every character but a word's first
    std::string endOfWordSuffix;                             // after a word's last character
    bool byteFallback = false;                               // unknown characters as <0xNN> byte tokens
    bool ignoreMerges = false;                               // a word in the vocabulary is its own token
};

// An entry of added_tokens: matched as a whole string in the text before the model sees it.
struct BpeAddedToken
{
    std::string content;
    int id = 0;
    bool singleWord = false; // only where no word character touches it
    bool leftStrip = false;  // takes the whitespace before it
    bool rightStrip = false; // takes the whitespace after it
    bool normalized = true;  // matched in the normalised text, as normalised, rather than the raw one
    bool special = false;    // left out of decode
};

// Everything of a tokenizer.json that gives ids, as model::readTokenizerJson reads it.
struct BpeSpec
{
    BpeModelSpec model;
    std::vector<HfNormalizer> normalizers;
    std::vector<HfPreTokenizer> preTokenizers;
    std::vector<BpeAddedToken> addedTokens;
    // The post-processor's single-sequence template: ids before and after the text's, with
    // the tokens they stand for (RoBERTa: <s> and </s>).
    std::vector<std::pair<std::string, int>> prefix;
    std::vector<std::pair<std::string, int>> suffix;
    std::string tokenizerJson; // the file it was read from, byte for byte, for exports to write back
};

// A BPE tokenizer as the tokenizers library runs one (tokenizers/src/models/bpe, its
// AddedVocabulary and TokenizerImpl::encode), for GPT-2-style byte-level checkpoints (RoBERTa)
// and others:
//
// added tokens first: the raw text is cut at the added tokens that are not normalised (at each
// position the longest that starts there), the pieces between are normalised and cut at the
// normalised ones; single_word, lstrip and rstrip as the library applies them;
//
// then the pre-tokenizers split each piece into words, and each word is cut into its
// characters (with the continuing-subword prefix and end-of-word suffix), each a vocabulary
// token, or its <0xNN> byte tokens (byte_fallback), or the unknown token (fused when
// fuse_unk), or dropped when there is no unknown token; the merges then join neighbours, the
// pair of the lowest rank first and the leftmost of equal ones, until none applies;
//
// a text is the template's prefix ids, its ids, the template's suffix ids.
class BpeTokenizer final : public Tokenizer
{
public:
    // Throws Error naming the field ("model.merges[12]: ...") when the spec does not hold
    // together: merges of tokens the vocabulary lacks, an unknown token it lacks, repeated ids.
    static BpeTokenizer fromSpec(BpeSpec spec);

    // The template's prefix, the text's ids, the template's suffix.
    std::vector<int> encode(std::string_view text) const override;
    // The text's tokens as the vocabulary spells them ("Ġparcel"), without the template's.
    std::vector<std::string> encodePieces(std::string_view text) const override;
    // The tokens joined, GPT-2's byte characters and <0xNN> tokens back to bytes, Metaspace's
    // replacement back to spaces; added special tokens and the template's left out.
    std::string decode(std::span<const int> ids) const override;
    // One more than the largest id of the vocabulary, the added tokens and the template.
    int vocabSize() const override;

    std::optional<int> idOf(std::string_view token) const;
    // The vocabulary's or added token of an id; empty for an id neither has.
    const std::string &token(int id) const;
    const BpeSpec &spec() const;
    // Its only pre-tokenizer is GPT-2's ByteLevel with its pattern (GPT-2, RoBERTa).
    bool isByteLevel() const;

private:
    struct Impl;
    explicit BpeTokenizer(std::shared_ptr<const Impl> impl);
    std::vector<int> textIds(std::string_view text) const;

    std::shared_ptr<const Impl> m_impl; // immutable, so copies share it
};

} // namespace glossa::core::text
