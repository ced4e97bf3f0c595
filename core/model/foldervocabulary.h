#pragma once

#include "text/runtokenizer.h"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace glossa::core::model {

// A Hugging Face folder's vocabulary, by the file transformers' tokenizers read it from.
enum class VocabularyFormat {
    SentencePiece, // sentencepiece.bpe.model: XLM-R, multilingual MiniLM and E5, read as fairseq ids
    WordPiece,     // vocab.txt: multilingual BERT, LaBSE, DistilBERT; [CLS] pieces [SEP]
    TokenizerJson, // tokenizer.json alone: WordPiece or Unigram read as what it was converted from, or BPE
};

inline constexpr const char *sentencePieceVocabularyFile = "sentencepiece.bpe.model";
inline constexpr const char *wordPieceVocabularyFile = "vocab.txt";
inline constexpr const char *tokenizerConfigFile = "tokenizer_config.json";
inline constexpr const char *tokenizerJsonFile = "tokenizer.json";
inline constexpr const char *bpeVocabularyFile = "vocab.json"; // RobertaTokenizer's, written by exports
inline constexpr const char *bpeMergesFile = "merges.txt";

struct FolderVocabulary
{
    VocabularyFormat format = VocabularyFormat::SentencePiece;
    std::filesystem::path file;
    std::filesystem::path tokenizerConfig; // tokenizer_config.json; empty when the folder has none
};

// sentencepiece.bpe.model when the folder has one, else vocab.txt (with tokenizer_config.json
// when there is one), else tokenizer.json; nullopt when it has none of them.
std::optional<FolderVocabulary> findFolderVocabulary(const std::filesystem::path &folder);

// The vocabulary read as untrusted files (bounded, checked); throws Error naming the file.
text::RunTokenizer loadVocabulary(const FolderVocabulary &vocabulary);
// The folder's; throws Error naming the folder and the files it lacks.
text::RunTokenizer loadFolderTokenizer(const std::filesystem::path &folder);

// Writes what transformers' AutoTokenizer reads for this vocabulary into folder:
// sentencepiece.bpe.model for XLMRobertaTokenizer, vocab.txt for wordPieceClass (lower-casing,
// accents and CJK as the run read them), or a BPE's tokenizer.json as it was read (with
// vocab.json and merges.txt for RobertaTokenizer where it has RoBERTa's layout, else for
// PreTrainedTokenizerFast), each with tokenizer_config.json (tokenizer_class,
// model_max_length, the special tokens) and special_tokens_map.json. Through writeFileAtomically.
// wordPieceClass: "BertTokenizer", or "DistilBertTokenizer", which gives no token_type_ids
// (DistilBERT's forward takes none).
void writeHfTokenizerFiles(const std::filesystem::path &folder, const text::RunTokenizer &tokenizer,
                           std::int64_t maxTokens, const std::string &wordPieceClass = "BertTokenizer");

} // namespace glossa::core::model
