#pragma once

#include "text/runtokenizer.h"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace glossa::core::model {

// A Hugging Face folder's vocabulary, by the file transformers' tokenizers read it from.
enum class VocabularyFormat {
    SentencePiece, // sentencepiece.bpe.model: XLM-R, multilingual MiniLM and E5, read as fairseq ids;
                   // spm.model: DeBERTa-v2 (mDeBERTa-v3), read as its own ids
    WordPiece,     // vocab.txt: multilingual BERT, LaBSE, DistilBERT; [CLS] pieces [SEP]
    TokenizerJson, // tokenizer.json alone: WordPiece or Unigram read as what it was converted from, or BPE
};

inline constexpr const char *sentencePieceVocabularyFile = "sentencepiece.bpe.model";
inline constexpr const char *debertaVocabularyFile = "spm.model";
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

// sentencepiece.bpe.model when the folder has one, else spm.model or vocab.txt (each with
// tokenizer_config.json when there is one), else tokenizer.json; nullopt when it has none.
std::optional<FolderVocabulary> findFolderVocabulary(const std::filesystem::path &folder);

// The vocabulary read as untrusted files (bounded, checked); throws Error naming the file. An
// spm.model must have DeBERTa-v2's [CLS] and [SEP] pieces, and no lower-casing or punctuation
// splitting in its tokenizer_config.json.
text::RunTokenizer loadVocabulary(const FolderVocabulary &vocabulary);
// The folder's; throws Error naming the folder and the files it lacks.
text::RunTokenizer loadFolderTokenizer(const std::filesystem::path &folder);

// Writes what transformers' AutoTokenizer reads for this vocabulary into folder:
// sentencepiece.bpe.model for XLMRobertaTokenizer, spm.model for DebertaV2Tokenizer (a
// SentencePiece model with [CLS] and [SEP] pieces), vocab.txt for wordPieceClass (lower-casing,
// accents and CJK as the run read them), or a BPE's tokenizer.json as it was read (with
// vocab.json and merges.txt for RobertaTokenizer where it has RoBERTa's layout, else for
// PreTrainedTokenizerFast), each with tokenizer_config.json (tokenizer_class,
// model_max_length, the special tokens) and special_tokens_map.json. Through writeFileAtomically.
// wordPieceClass: "BertTokenizer", or "DistilBertTokenizer", which gives no token_type_ids
// (DistilBERT's forward takes none).
void writeHfTokenizerFiles(const std::filesystem::path &folder, const text::RunTokenizer &tokenizer,
                           std::int64_t maxTokens, const std::string &wordPieceClass = "BertTokenizer");

} // namespace glossa::core::model
