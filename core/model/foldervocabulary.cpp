#include "model/foldervocabulary.h"

#include "model/tokenizerconfig.h"
#include "model/tokenizerjson.h"
#include "util/atomicfile.h"
#include "util/error.h"

#include <nlohmann/json.hpp>

namespace glossa::core::model {
namespace {

bool hasFile(const std::filesystem::path &file)
{
    std::error_code ignored;
    return std::filesystem::exists(file, ignored);
}

void writeJson(const std::filesystem::path &file, const nlohmann::ordered_json &json)
{
    writeFileAtomically(file, json.dump(2) + "\n");
}

void writeSentencePieceFiles(const std::filesystem::path &folder, const text::SentencePieceTokenizer &pieces,
                             std::int64_t maxTokens)
{
    writeFileAtomically(folder / sentencePieceVocabularyFile, pieces.serialized());
    // XLM-R's special tokens, which Glossa's reading of the vocabulary uses too.
    const nlohmann::ordered_json special{{"bos_token", "<s>"},    {"eos_token", "</s>"},  {"unk_token", "<unk>"},
                                         {"sep_token", "</s>"},   {"pad_token", "<pad>"}, {"cls_token", "<s>"},
                                         {"mask_token", "<mask>"}};
    auto config = special;
    config["tokenizer_class"] = "XLMRobertaTokenizer";
    config["model_max_length"] = maxTokens;
    writeJson(folder / "special_tokens_map.json", special);
    writeJson(folder / tokenizerConfigFile, config);
}

void writeWordPieceFiles(const std::filesystem::path &folder, const text::WordPieceTokenizer &pieces,
                         std::int64_t maxTokens, const std::string &tokenizerClass)
{
    std::string vocabulary;
    for (const auto &token : pieces.tokens())
        vocabulary.append(token).push_back('\n');
    writeFileAtomically(folder / wordPieceVocabularyFile, vocabulary);
    const auto &options = pieces.options();
    const nlohmann::ordered_json special{{"unk_token", options.unknownToken},
                                         {"sep_token", options.separatorToken},
                                         {"pad_token", options.paddingToken},
                                         {"cls_token", options.classToken},
                                         {"mask_token", options.maskToken}};
    nlohmann::ordered_json config{{"tokenizer_class", tokenizerClass},
                                  {"do_lower_case", options.lowerCase},
                                  {"strip_accents", nullptr},
                                  {"tokenize_chinese_chars", options.tokenizeChineseChars},
                                  {"model_max_length", maxTokens}};
    if (options.stripAccents)
        config["strip_accents"] = *options.stripAccents;
    config.update(special);
    writeJson(folder / "special_tokens_map.json", special);
    writeJson(folder / tokenizerConfigFile, config);
}

} // namespace

std::optional<FolderVocabulary> findFolderVocabulary(const std::filesystem::path &folder)
{
    if (hasFile(folder / sentencePieceVocabularyFile))
        return FolderVocabulary{VocabularyFormat::SentencePiece, folder / sentencePieceVocabularyFile, {}};
    if (hasFile(folder / wordPieceVocabularyFile)) {
        FolderVocabulary vocabulary{VocabularyFormat::WordPiece, folder / wordPieceVocabularyFile, {}};
        if (hasFile(folder / tokenizerConfigFile))
            vocabulary.tokenizerConfig = folder / tokenizerConfigFile;
        return vocabulary;
    }
    if (hasFile(folder / tokenizerJsonFile))
        return FolderVocabulary{VocabularyFormat::TokenizerJson, folder / tokenizerJsonFile, {}};
    return std::nullopt;
}

text::RunTokenizer loadVocabulary(const FolderVocabulary &vocabulary)
{
    if (vocabulary.format == VocabularyFormat::SentencePiece)
        return text::SentencePieceTokenizer::load(vocabulary.file);
    if (vocabulary.format == VocabularyFormat::TokenizerJson)
        return readTokenizerJson(vocabulary.file);
    auto options = vocabulary.tokenizerConfig.empty() ? text::WordPieceOptions{}
                                                      : readWordPieceOptionsFile(vocabulary.tokenizerConfig);
    return text::WordPieceTokenizer::load(vocabulary.file, std::move(options));
}

text::RunTokenizer loadFolderTokenizer(const std::filesystem::path &folder)
{
    const auto vocabulary = findFolderVocabulary(folder);
    if (!vocabulary)
        throw Error(folder.string()
                    + ": no vocabulary: Glossa reads sentencepiece.bpe.model (XLM-R) or vocab.txt "
                      "(BERT's WordPiece)");
    return loadVocabulary(*vocabulary);
}

void writeHfTokenizerFiles(const std::filesystem::path &folder, const text::RunTokenizer &tokenizer,
                           std::int64_t maxTokens, const std::string &wordPieceClass)
{
    if (const auto *pieces = tokenizer.sentencePiece())
        writeSentencePieceFiles(folder, *pieces, maxTokens);
    else
        writeWordPieceFiles(folder, *tokenizer.wordPiece(), maxTokens, wordPieceClass);
}

} // namespace glossa::core::model
