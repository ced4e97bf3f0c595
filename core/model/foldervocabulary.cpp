#include "model/foldervocabulary.h"

#include "model/jsonobjectfile.h"
#include "model/tokenizerconfig.h"
#include "model/tokenizerjson.h"
#include "text/debertav2tokenizer.h"
#include "text/unicodetext.h"
#include "util/atomicfile.h"
#include "util/error.h"

#include <nlohmann/json.hpp>

#include <algorithm>

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

// DebertaV2Tokenizer's files: spm.model with its [CLS] / [SEP] specials, read as they are.
void writeDebertaFiles(const std::filesystem::path &folder, const text::SentencePieceTokenizer &pieces,
                       std::int64_t maxTokens)
{
    writeFileAtomically(folder / debertaVocabularyFile, pieces.serialized());
    const nlohmann::ordered_json special{{"bos_token", "[CLS]"},  {"eos_token", "[SEP]"}, {"unk_token", "[UNK]"},
                                         {"sep_token", "[SEP]"},  {"pad_token", "[PAD]"}, {"cls_token", "[CLS]"},
                                         {"mask_token", "[MASK]"}};
    nlohmann::ordered_json config{{"tokenizer_class", "DebertaV2Tokenizer"},
                                  {"do_lower_case", false},
                                  {"split_by_punct", false},
                                  {"vocab_type", "spm"},
                                  {"model_max_length", maxTokens}};
    config.update(special);
    writeJson(folder / "special_tokens_map.json", special);
    writeJson(folder / tokenizerConfigFile, config);
}

// DebertaV2Tokenizer's options Glossa does not implement, refused rather than read wrongly.
void requirePlainDebertaOptions(const std::filesystem::path &tokenizerConfig)
{
    const auto json = readJsonObjectFile(tokenizerConfig, std::size_t(1) << 20, 16, "tokenizer_config.json");
    for (const char *option : {"do_lower_case", "split_by_punct"}) {
        const auto found = json.find(option);
        if (found != json.end() && !found->is_null() && (!found->is_boolean() || found->get<bool>()))
            throw Error(tokenizerConfig.string() + ": " + option + " is " + found->dump()
                        + "; Glossa reads DeBERTa-v2 vocabularies without it, as mDeBERTa-v3 has them");
    }
}

void writeSentencePieceFiles(const std::filesystem::path &folder, const text::SentencePieceTokenizer &pieces,
                             std::int64_t maxTokens)
{
    if (text::DebertaV2Tokenizer::fits(pieces)) {
        writeDebertaFiles(folder, pieces, maxTokens);
        return;
    }
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

// What RobertaTokenizer (vocab.json, merges.txt) reads as the same tokenizer: GPT-2's byte-level
// BPE alone, RoBERTa's specials and <s> text </s>, and merges that merges.txt's lines can hold
// (transformers splits them at whitespace).
bool hasRobertaLayout(const text::BpeTokenizer &bpe)
{
    const auto &spec = bpe.spec();
    const auto &model = spec.model;
    if (!bpe.isByteLevel() || !spec.normalizers.empty() || !model.continuingSubwordPrefix.empty()
        || !model.endOfWordSuffix.empty() || model.byteFallback || model.ignoreMerges)
        return false;
    const std::vector<std::string> specials{"<s>", "<pad>", "</s>", "<unk>", "<mask>"};
    if (!std::all_of(specials.begin(), specials.end(), [&](const auto &token) { return bpe.idOf(token).has_value(); }))
        return false;
    if (spec.prefix != decltype(spec.prefix){{"<s>", *bpe.idOf("<s>")}}
        || spec.suffix != decltype(spec.suffix){{"</s>", *bpe.idOf("</s>")}})
        return false;
    for (const auto &token : spec.addedTokens)
        if (std::find(specials.begin(), specials.end(), token.content) == specials.end())
            return false;
    auto splits = [](const std::string &token) {
        const auto points = text::decodeUtf8(token);
        return std::any_of(points.begin(), points.end(),
                           [](char32_t cp) { return text::isUnicodeWhitespace(cp) || (cp >= 0x1C && cp <= 0x1F); });
    };
    return std::none_of(model.merges.begin(), model.merges.end(),
                        [&](const auto &merge) { return splits(merge.first) || splits(merge.second); });
}

// tokenizer.json as it was read, which PreTrainedTokenizerFast and every fast tokenizer load;
// for RoBERTa's layout also vocab.json and merges.txt, so that RobertaTokenizer (the slow one)
// reads it too.
void writeBpeFiles(const std::filesystem::path &folder, const text::BpeTokenizer &bpe, std::int64_t maxTokens)
{
    writeFileAtomically(folder / tokenizerJsonFile, bpe.spec().tokenizerJson);
    const auto &spec = bpe.spec();
    if (hasRobertaLayout(bpe)) {
        std::vector<std::pair<std::string, int>> byId = spec.model.vocab;
        std::sort(byId.begin(), byId.end(), [](const auto &a, const auto &b) { return a.second < b.second; });
        nlohmann::ordered_json vocab = nlohmann::ordered_json::object();
        for (const auto &[token, id] : byId)
            vocab[token] = id;
        writeFileAtomically(folder / bpeVocabularyFile, vocab.dump() + "\n");
        std::string merges = "#version: 0.2\n";
        for (const auto &[left, right] : spec.model.merges)
            merges.append(left).append(" ").append(right).append("\n");
        writeFileAtomically(folder / bpeMergesFile, merges);
        const nlohmann::ordered_json special{{"bos_token", "<s>"},    {"eos_token", "</s>"},  {"unk_token", "<unk>"},
                                             {"sep_token", "</s>"},   {"pad_token", "<pad>"}, {"cls_token", "<s>"},
                                             {"mask_token", "<mask>"}};
        auto config = special;
        config["tokenizer_class"] = "RobertaTokenizer";
        config["add_prefix_space"] = spec.preTokenizers.front().addPrefixSpace;
        config["errors"] = "replace";
        config["model_max_length"] = maxTokens;
        writeJson(folder / "special_tokens_map.json", special);
        writeJson(folder / tokenizerConfigFile, config);
        return;
    }
    // Any other BPE: tokenizer.json alone, with the specials its template and model name.
    nlohmann::ordered_json special = nlohmann::ordered_json::object();
    if (spec.prefix.size() == 1)
        special["cls_token"] = spec.prefix.front().first;
    if (spec.suffix.size() == 1)
        special["sep_token"] = spec.suffix.front().first;
    if (spec.model.unknownToken)
        special["unk_token"] = *spec.model.unknownToken;
    for (const char *padding : {"<pad>", "[PAD]"})
        if (bpe.idOf(padding) && !special.contains("pad_token"))
            special["pad_token"] = padding;
    auto config = special;
    config["tokenizer_class"] = "PreTrainedTokenizerFast";
    config["model_max_length"] = maxTokens;
    writeJson(folder / "special_tokens_map.json", special);
    writeJson(folder / tokenizerConfigFile, config);
}

} // namespace

std::optional<FolderVocabulary> findFolderVocabulary(const std::filesystem::path &folder)
{
    if (hasFile(folder / sentencePieceVocabularyFile))
        return FolderVocabulary{VocabularyFormat::SentencePiece, folder / sentencePieceVocabularyFile, {}};
    if (hasFile(folder / debertaVocabularyFile)) {
        FolderVocabulary vocabulary{VocabularyFormat::SentencePiece, folder / debertaVocabularyFile, {}};
        if (hasFile(folder / tokenizerConfigFile))
            vocabulary.tokenizerConfig = folder / tokenizerConfigFile;
        return vocabulary;
    }
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
    if (vocabulary.format == VocabularyFormat::SentencePiece && vocabulary.file.filename() == debertaVocabularyFile) {
        auto pieces = text::SentencePieceTokenizer::load(vocabulary.file);
        if (!text::DebertaV2Tokenizer::fits(pieces))
            throw Error(vocabulary.file.string()
                        + ": has no [CLS] and [SEP] pieces, so it is not the DeBERTa-v2 vocabulary an spm.model is");
        if (!vocabulary.tokenizerConfig.empty())
            requirePlainDebertaOptions(vocabulary.tokenizerConfig);
        return pieces;
    }
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
                    + ": no vocabulary: Glossa reads sentencepiece.bpe.model (XLM-R), spm.model (DeBERTa-v2), "
                      "vocab.txt (BERT's WordPiece) or tokenizer.json");
    return loadVocabulary(*vocabulary);
}

void writeHfTokenizerFiles(const std::filesystem::path &folder, const text::RunTokenizer &tokenizer,
                           std::int64_t maxTokens, const std::string &wordPieceClass)
{
    if (const auto *pieces = tokenizer.sentencePiece())
        writeSentencePieceFiles(folder, *pieces, maxTokens);
    else if (const auto *bpe = tokenizer.bpe())
        writeBpeFiles(folder, *bpe, maxTokens);
    else
        writeWordPieceFiles(folder, *tokenizer.wordPiece(), maxTokens, wordPieceClass);
}

} // namespace glossa::core::model
