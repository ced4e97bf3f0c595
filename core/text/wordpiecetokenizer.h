#pragma once

#include "text/specialtokens.h"
#include "text/tokenizer.h"

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace glossa::core::text {

// How a BERT-family checkpoint's tokenizer_config.json asks its text to be split.
struct WordPieceOptions
{
    bool lowerCase = true;                  // do_lower_case
    std::optional<bool> stripAccents;       // strip_accents; unset: as lowerCase
    bool tokenizeChineseChars = true;       // tokenize_chinese_chars
    std::size_t maxInputCharsPerWord = 100; // longer words are the unknown token
    std::string unknownToken = "[UNK]";
    std::string classToken = "[CLS]";
    std::string separatorToken = "[SEP]";
    std::string paddingToken = "[PAD]";
    std::string maskToken = "[MASK]";
    std::string continuingSubwordPrefix = "##";
};

// BERT's WordPiece tokenizer (vocab.txt, one token a line, its id the line number), as
// transformers' BertTokenizer documents it:
//
// basic tokenization: the text cleaned (NUL, U+FFFD and control characters dropped, every
// whitespace character a space), each CJK ideograph made a word of its own (the ranges BERT
// lists: the CJK Unified Ideographs and their extensions A-E and the compatibility blocks,
// not kana or Hangul), NFC, split on whitespace; then each word lower-cased (Unicode full
// lower-casing: İ becomes i + U+0307, a word-final Σ becomes ς) and its accents stripped (NFD,
// nonspacing marks dropped) as the options say, and split before and after every punctuation
// character (ASCII !-/, :-@, [-`, {-~, and every Unicode P* category);
//
// word pieces: each word matched greedily, longest piece first, pieces after the first carrying
// the "##" prefix; a word with a part no piece matches, or longer than 100 characters, is the
// unknown token. A text is [CLS] pieces [SEP].
class WordPieceTokenizer final : public Tokenizer
{
public:
    // Throws Error naming the file when it is not a regular file, over 64 MiB, not UTF-8, holds
    // more than 4 million tokens, or lacks the unknown, class or separator token.
    static WordPieceTokenizer load(const std::filesystem::path &vocabFile, WordPieceOptions options = {});
    static WordPieceTokenizer fromTokens(std::vector<std::string> tokens, WordPieceOptions options = {});

    // The words and punctuation marks of basic tokenization.
    std::vector<std::string> basicTokens(std::string_view text) const;
    // The pieces of a text, without [CLS] and [SEP].
    std::vector<std::string> encodePieces(std::string_view text) const override;
    // [CLS] pieces [SEP].
    std::vector<int> encode(std::string_view text) const override;
    // The same, at most maxTokens ids (pieces cut at the end, [SEP] kept); maxTokens >= 2.
    std::vector<int> encode(std::string_view text, std::size_t maxTokens) const;
    // The tokens joined by spaces, "##" pieces joined to the one before, specials left out.
    std::string decode(std::span<const int> ids) const override;
    int vocabSize() const override { return static_cast<int>(m_tokens.size()); }

    int unknownId() const { return m_unknownId; }
    int classId() const { return m_classId; }
    int separatorId() const { return m_separatorId; }
    std::optional<int> paddingId() const { return m_paddingId; }
    std::optional<int> idOf(std::string_view token) const;
    const std::string &token(int id) const { return m_tokens.at(static_cast<std::size_t>(id)); }
    // Every token in id order: vocab.txt's lines, to write the vocabulary back.
    const std::vector<std::string> &tokens() const { return m_tokens; }
    const WordPieceOptions &options() const { return m_options; }

private:
    WordPieceTokenizer(std::vector<std::string> tokens, WordPieceOptions options);
    void appendPieces(const std::string &word, std::vector<std::string> &pieces) const;

    std::vector<std::string> m_tokens;
    std::unordered_map<std::string, int> m_ids;
    WordPieceOptions m_options;
    int m_unknownId = 0;
    int m_classId = 0;
    int m_separatorId = 0;
    std::optional<int> m_paddingId;
    std::vector<SpecialToken> m_specials; // those of the options the vocabulary holds
};

} // namespace glossa::core::text
