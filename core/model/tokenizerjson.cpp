#include "model/tokenizerjson.h"

#include "model/jsonobjectfile.h"
#include "text/unicodetext.h"
#include "text/unigrammodelproto.h"
#include "util/boundedfile.h"
#include "util/error.h"

#include <nlohmann/json.hpp>
#include <openssl/evp.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace glossa::core::model {
namespace {

constexpr std::size_t maxTokenizerJsonBytes = std::size_t(64) << 20;
constexpr int maxTokenizerJsonDepth = 64;
constexpr std::size_t maxVocabulary = 4'000'000;
constexpr std::size_t longestToken = 1024;
constexpr std::size_t maxMerges = 4'000'000;
constexpr std::size_t maxAddedTokens = 100'000;
constexpr std::uint64_t maxId = 4'000'000;

using Json = nlohmann::json;

class Reader
{
public:
    explicit Reader(std::filesystem::path file)
        : m_file(std::move(file))
    {
    }

    [[noreturn]] void fail(const std::string &where, const std::string &problem) const
    {
        throw Error(m_file.string() + ": " + where + " " + problem);
    }

    const Json &object(const Json &parent, const char *field, const std::string &where) const
    {
        const auto found = parent.find(field);
        if (found == parent.end() || !found->is_object())
            fail(where.empty() ? std::string(field) : where + "." + field, "is missing or not an object");
        return *found;
    }

    std::string text(const Json &parent, const char *field, const std::string &where) const
    {
        const auto found = parent.find(field);
        if (found == parent.end() || !found->is_string())
            fail(where + "." + field, "is missing or not a string");
        return found->get<std::string>();
    }

    bool flag(const Json &parent, const char *field, bool fallback, const std::string &where) const
    {
        const auto found = parent.find(field);
        if (found == parent.end() || found->is_null())
            return fallback;
        if (!found->is_boolean())
            fail(where + "." + field, "is " + found->dump().substr(0, 40) + ", not true or false");
        return found->get<bool>();
    }

    // A field that is null or absent (nullopt), or a string of at most `longest` bytes.
    std::optional<std::string> optionalText(const Json &parent, const char *field, const std::string &where,
                                            std::size_t longest = longestToken) const
    {
        const auto found = parent.find(field);
        if (found == parent.end() || found->is_null())
            return std::nullopt;
        if (!found->is_string() || found->get_ref<const std::string &>().size() > longest)
            fail(where + "." + field, "is not null or a string of at most " + std::to_string(longest) + " bytes");
        return found->get<std::string>();
    }

    int id(const Json &value, const std::string &where) const
    {
        if (!value.is_number_unsigned() || value.get<std::uint64_t>() >= maxId)
            fail(where, "is not an id from 0 to " + std::to_string(maxId - 1));
        return static_cast<int>(value.get<std::uint64_t>());
    }

    std::string token(const Json &value, const std::string &where) const
    {
        if (!value.is_string() || value.get_ref<const std::string &>().empty()
            || value.get_ref<const std::string &>().size() > longestToken)
            fail(where, "is not a token");
        return value.get<std::string>();
    }

    // A component's "type", or "" for null.
    std::string typeOf(const Json &component, const std::string &where) const
    {
        if (component.is_null())
            return {};
        if (!component.is_object())
            fail(where, "is not an object");
        return text(component, "type", where);
    }

    const std::filesystem::path &file() const { return m_file; }

private:
    std::filesystem::path m_file;
};

// A normaliser or pre-tokenizer as the list of its parts (a Sequence's, or itself).
std::vector<const Json *> partsOf(const Reader &reader, const Json &component, const char *listField,
                                  const std::string &where)
{
    std::vector<const Json *> parts;
    if (component.is_null())
        return parts;
    if (reader.typeOf(component, where) != "Sequence") {
        parts.push_back(&component);
        return parts;
    }
    const auto list = component.find(listField);
    if (list == component.end() || !list->is_array())
        reader.fail(where + "." + listField, "is missing or not a list");
    for (const auto &part : *list)
        parts.push_back(&part);
    return parts;
}

std::string decodeBase64(const Reader &reader, const std::string &encoded, const std::string &where)
{
    if (encoded.size() % 4 != 0 || encoded.size() > maxTokenizerJsonBytes)
        reader.fail(where, "is not base64");
    std::string decoded(encoded.size() / 4 * 3, '\0');
    const int length =
        EVP_DecodeBlock(reinterpret_cast<unsigned char *>(decoded.data()),
                        reinterpret_cast<const unsigned char *>(encoded.data()), static_cast<int>(encoded.size()));
    if (length < 0)
        reader.fail(where, "is not base64");
    // EVP_DecodeBlock counts the padding's zero bytes too.
    std::size_t padding = 0;
    for (auto it = encoded.rbegin(); it != encoded.rend() && *it == '=' && padding < 2; ++it)
        ++padding;
    decoded.resize(static_cast<std::size_t>(length) - padding);
    return decoded;
}

// [CLS] and [SEP] as the post-processor puts them around a text.
void readBertSpecials(const Reader &reader, const Json &post, text::WordPieceOptions &options)
{
    const auto type = reader.typeOf(post, "post_processor");
    if (type == "BertProcessing") {
        for (const auto &[field, target] : {std::pair{"cls", &options.classToken}, {"sep", &options.separatorToken}}) {
            const auto found = post.find(field);
            if (found == post.end() || !found->is_array() || found->empty())
                reader.fail(std::string("post_processor.") + field, "is not a [token, id] pair");
            *target = reader.token(found->front(), std::string("post_processor.") + field);
        }
        return;
    }
    if (type != "TemplateProcessing")
        reader.fail("post_processor", "is '" + type + "'; Glossa reads BERT's [CLS] text [SEP] templates");
    const auto single = post.find("single");
    if (single == post.end() || !single->is_array() || single->size() != 3)
        reader.fail("post_processor.single", "is not [CLS] $A [SEP]");
    auto special = [&](const Json &item, const char *where) {
        const auto inner = item.find("SpecialToken");
        if (!item.is_object() || inner == item.end() || !inner->is_object())
            reader.fail(std::string("post_processor.single ") + where, "is not a special token");
        return reader.token(inner->value("id", Json()), std::string("post_processor.single ") + where);
    };
    options.classToken = special((*single)[0], "first");
    if (!(*single)[1].is_object() || !(*single)[1].contains("Sequence"))
        reader.fail("post_processor.single", "does not put the text between two special tokens");
    options.separatorToken = special((*single)[2], "last");
}

text::RunTokenizer readWordPiece(const Reader &reader, const Json &json, const Json &model)
{
    text::WordPieceOptions options;
    options.unknownToken = reader.token(model.value("unk_token", Json()), "model.unk_token");
    if (model.value("continuing_subword_prefix", std::string("##")) != "##")
        reader.fail("model.continuing_subword_prefix", "is not \"##\", BERT's");
    if (const auto limit = model.find("max_input_chars_per_word"); limit != model.end() && !limit->is_null()) {
        if (!limit->is_number_unsigned() || limit->get<std::uint64_t>() == 0 || limit->get<std::uint64_t>() > 100'000)
            reader.fail("model.max_input_chars_per_word", "is not a length");
        options.maxInputCharsPerWord = limit->get<std::size_t>();
    }
    const auto &vocab = reader.object(model, "vocab", "model");
    if (vocab.size() > maxVocabulary)
        reader.fail("model.vocab", "holds more than " + std::to_string(maxVocabulary) + " tokens");
    std::vector<std::string> tokens(vocab.size());
    std::vector<bool> seen(vocab.size(), false);
    for (const auto &[token, id] : vocab.items()) {
        if (!id.is_number_unsigned() || id.get<std::uint64_t>() >= tokens.size() || seen[id.get<std::size_t>()])
            reader.fail("model.vocab", "gives '" + token.substr(0, 40) + "' an id that is not one of 0 to "
                                           + std::to_string(tokens.size() - 1) + " once each");
        if (token.empty() || token.size() > longestToken || token.find_first_of("\r\n") != std::string::npos)
            reader.fail("model.vocab", "holds a token that is empty, over " + std::to_string(longestToken)
                                           + " bytes or broken over lines, which vocab.txt cannot hold");
        seen[id.get<std::size_t>()] = true;
        tokens[id.get<std::size_t>()] = token;
    }

    const auto normalizer = json.value("normalizer", Json());
    const auto normalizers = partsOf(reader, normalizer, "normalizers", "normalizer");
    if (normalizers.size() != 1 || reader.typeOf(*normalizers.front(), "normalizer") != "BertNormalizer")
        reader.fail("normalizer", "is not BERT's (BertNormalizer), which a WordPiece vocabulary is read with here");
    const auto &bert = *normalizers.front();
    if (!reader.flag(bert, "clean_text", true, "normalizer"))
        reader.fail("normalizer.clean_text", "is false; Glossa always cleans the text as BERT does");
    options.lowerCase = reader.flag(bert, "lowercase", true, "normalizer");
    options.tokenizeChineseChars = reader.flag(bert, "handle_chinese_chars", true, "normalizer");
    if (const auto strip = bert.find("strip_accents"); strip != bert.end() && !strip->is_null())
        options.stripAccents = reader.flag(bert, "strip_accents", false, "normalizer");
    const auto preTokenizer = json.value("pre_tokenizer", Json());
    const auto preTokenizers = partsOf(reader, preTokenizer, "pretokenizers", "pre_tokenizer");
    if (preTokenizers.size() != 1 || reader.typeOf(*preTokenizers.front(), "pre_tokenizer") != "BertPreTokenizer")
        reader.fail("pre_tokenizer", "is not BERT's (BertPreTokenizer)");
    const auto postProcessor = json.value("post_processor", Json());
    readBertSpecials(reader, postProcessor, options);
    try {
        return text::WordPieceTokenizer::fromTokens(std::move(tokens), std::move(options));
    } catch (const Error &e) {
        throw Error(reader.file().string() + ": " + e.what());
    }
}

// The Unigram model's pieces back in the order sentencepiece.bpe.model has them: <unk>, <s>,
// </s>, then the pieces (XLM-R's converter put <s> <pad> </s> <unk> first and <mask> last).
text::RunTokenizer readXlmrUnigram(const Reader &reader, const Json &json, const Json &model)
{
    const auto vocab = model.find("vocab");
    if (vocab == model.end() || !vocab->is_array() || vocab->size() < 6 || vocab->size() > maxVocabulary)
        reader.fail("model.vocab", "is not a list of 6 to " + std::to_string(maxVocabulary) + " [piece, score] pairs");
    if (model.value("byte_fallback", false))
        reader.fail("model.byte_fallback", "is true; Glossa reads XLM-R's Unigram vocabulary, which has none");
    auto piece = [&](std::size_t id) {
        const auto &entry = (*vocab)[id];
        const auto where = "model.vocab[" + std::to_string(id) + "]";
        if (!entry.is_array() || entry.size() != 2 || !entry[1].is_number())
            reader.fail(where, "is not a [piece, score] pair");
        const double score = entry[1].get<double>();
        if (!std::isfinite(score) || std::abs(score) > std::numeric_limits<float>::max())
            reader.fail(where, "has a score that is not a number");
        return std::pair{reader.token(entry[0], where), static_cast<float>(score)};
    };
    const std::vector<std::string> layout{"<s>", "<pad>", "</s>", "<unk>"};
    for (std::size_t id = 0; id < layout.size(); ++id)
        if (piece(id).first != layout[id])
            reader.fail("model.vocab", "does not start <s> <pad> </s> <unk> as XLM-R's does; Glossa reads that "
                                       "layout of a Unigram tokenizer.json");
    if (piece(vocab->size() - 1).first != "<mask>" || model.value("unk_id", Json()) != Json(3))
        reader.fail("model", "does not end with <mask> or has no unk_id 3, as XLM-R's does");

    text::UnigramModel unigram;
    using Kind = text::UnigramModel::Kind;
    unigram.pieces = {{"<unk>", 0, Kind::Unknown}, {"<s>", 0, Kind::Control}, {"</s>", 0, Kind::Control}};
    unigram.pieces.reserve(vocab->size());
    for (std::size_t id = layout.size(); id + 1 < vocab->size(); ++id) {
        auto [text, score] = piece(id);
        unigram.pieces.push_back({std::move(text), score, Kind::Normal});
    }

    unigram.removeExtraWhitespaces = false;
    const auto normalizer = json.value("normalizer", Json());
    for (const auto *part : partsOf(reader, normalizer, "normalizers", "normalizer")) {
        const auto type = reader.typeOf(*part, "normalizer");
        if (type == "Precompiled") {
            const auto charsMap = part->find("precompiled_charsmap");
            if (charsMap != part->end() && !charsMap->is_null()) {
                if (!charsMap->is_string())
                    reader.fail("normalizer.precompiled_charsmap", "is not base64 text");
                unigram.precompiledCharsMap =
                    decodeBase64(reader, charsMap->get<std::string>(), "normalizer.precompiled_charsmap");
            }
        } else if (type == "Replace" && part->value("pattern", Json()) == Json{{"Regex", " {2,}"}}
                   && (part->value("content", Json()) == Json(" ")
                       || part->value("content", Json()) == Json("\u2581"))) {
            // Runs of spaces collapsed: to a space by older converters, to the ▁ Metaspace would
            // make of it by transformers' current one; SentencePiece's own rule either way.
            unigram.removeExtraWhitespaces = true;
        } else if (type == "Strip" && part->value("strip_left", Json(true)) == Json(false)
                   && part->value("strip_right", Json(false)) == Json(true)) {
            // Trailing spaces dropped, as SentencePiece drops them with the collapsing.
            unigram.removeExtraWhitespaces = true;
        } else {
            reader.fail("normalizer", "has a '" + type.substr(0, 40)
                                          + "' part; Glossa reads SentencePiece's (Precompiled, spaces collapsed)");
        }
    }
    bool metaspace = false;
    const auto preTokenizer = json.value("pre_tokenizer", Json());
    for (const auto *part : partsOf(reader, preTokenizer, "pretokenizers", "pre_tokenizer")) {
        const auto type = reader.typeOf(*part, "pre_tokenizer");
        if (type == "WhitespaceSplit")
            continue;
        const auto scheme = part->value("prepend_scheme", Json());
        const bool prepends =
            scheme.is_null() ? reader.flag(*part, "add_prefix_space", true, "pre_tokenizer") : scheme == Json("always");
        if (type != "Metaspace" || part->value("replacement", Json()) != Json("\u2581") || !prepends)
            reader.fail("pre_tokenizer", "is not SentencePiece's Metaspace (\u2581, prepended always)");
        metaspace = true;
    }
    if (!metaspace)
        reader.fail("pre_tokenizer", "is not SentencePiece's Metaspace");
    try {
        return text::SentencePieceTokenizer::fromSerialized(text::serializeUnigramModel(unigram));
    } catch (const Error &e) {
        throw Error(reader.file().string() + ": its Unigram model does not load: " + e.what());
    }
}

// BPE's model: its vocabulary, merges (the "a b" strings of files written before tokenizers
// 0.20, or ["a", "b"] pairs) and options. Dropout makes ids random, so it is refused.
text::BpeModelSpec readBpeModel(const Reader &reader, const Json &model)
{
    text::BpeModelSpec spec;
    if (const auto dropout = model.find("dropout"); dropout != model.end() && !dropout->is_null()) {
        if (!dropout->is_number() || dropout->get<double>() != 0.0)
            reader.fail("model.dropout", "is " + dropout->dump().substr(0, 40)
                                             + "; BPE dropout gives random ids, which a classifier cannot read");
    }
    spec.unknownToken = reader.optionalText(model, "unk_token", "model");
    spec.continuingSubwordPrefix = reader.optionalText(model, "continuing_subword_prefix", "model", 64).value_or("");
    spec.endOfWordSuffix = reader.optionalText(model, "end_of_word_suffix", "model", 64).value_or("");
    spec.fuseUnknown = reader.flag(model, "fuse_unk", false, "model");
    spec.byteFallback = reader.flag(model, "byte_fallback", false, "model");
    spec.ignoreMerges = reader.flag(model, "ignore_merges", false, "model");

    const auto &vocab = reader.object(model, "vocab", "model");
    if (vocab.empty() || vocab.size() > maxVocabulary)
        reader.fail("model.vocab", "holds no tokens or more than " + std::to_string(maxVocabulary));
    spec.vocab.reserve(vocab.size());
    for (const auto &[token, id] : vocab.items()) {
        const auto where = "model.vocab['" + token.substr(0, 40) + "']";
        spec.vocab.emplace_back(reader.token(Json(token), where), reader.id(id, where));
    }

    const auto merges = model.find("merges");
    if (merges == model.end() || !merges->is_array() || merges->size() > maxMerges)
        reader.fail("model.merges", "is not a list of at most " + std::to_string(maxMerges) + " merges");
    spec.merges.reserve(merges->size());
    for (std::size_t i = 0; i < merges->size(); ++i) {
        const auto &merge = (*merges)[i];
        const auto where = "model.merges[" + std::to_string(i) + "]";
        if (merge.is_array() && merge.size() == 2) {
            spec.merges.emplace_back(reader.token(merge[0], where), reader.token(merge[1], where));
            continue;
        }
        if (!merge.is_string())
            reader.fail(where, "is not a pair of tokens or \"left right\"");
        const auto &line = merge.get_ref<const std::string &>();
        if (line.starts_with("#version"))
            continue; // merges.txt's header, which the library skips here too
        const auto space = line.find(' ');
        if (space == std::string::npos || line.find(' ', space + 1) != std::string::npos)
            reader.fail(where, "is not two tokens split by one space");
        spec.merges.emplace_back(reader.token(Json(line.substr(0, space)), where),
                                 reader.token(Json(line.substr(space + 1)), where));
    }
    return spec;
}

std::vector<text::HfNormalizer> readBpeNormalizers(const Reader &reader, const Json &json)
{
    using text::HfNormalizer;
    const std::vector<std::pair<std::string, HfNormalizer>> known{{"NFC", HfNormalizer::Nfc},
                                                                  {"NFD", HfNormalizer::Nfd},
                                                                  {"NFKC", HfNormalizer::Nfkc},
                                                                  {"NFKD", HfNormalizer::Nfkd},
                                                                  {"Lowercase", HfNormalizer::Lowercase}};
    std::vector<HfNormalizer> normalizers;
    const auto normalizer = json.value("normalizer", Json());
    for (const auto *part : partsOf(reader, normalizer, "normalizers", "normalizer")) {
        const auto type = reader.typeOf(*part, "normalizer");
        const auto found =
            std::find_if(known.begin(), known.end(), [&](const auto &entry) { return entry.first == type; });
        if (found == known.end())
            reader.fail("normalizer", "has a '" + type.substr(0, 40)
                                          + "' part; Glossa reads BPE with NFC, NFD, NFKC, NFKD and Lowercase ones");
        normalizers.push_back(found->second);
    }
    return normalizers;
}

text::HfPreTokenizer readMetaspace(const Reader &reader, const Json &part)
{
    text::HfPreTokenizer step;
    step.kind = text::HfPreTokenizer::Kind::Metaspace;
    const auto replacement = reader.optionalText(part, "replacement", "pre_tokenizer", 4);
    if (!replacement || text::decodeUtf8(*replacement).size() != 1)
        reader.fail("pre_tokenizer.replacement", "is not one character");
    step.replacement = *replacement;
    step.split = reader.flag(part, "split", true, "pre_tokenizer");
    const auto scheme = reader.optionalText(part, "prepend_scheme", "pre_tokenizer");
    if (scheme == "first")
        step.prepend = text::HfPreTokenizer::Prepend::First;
    else if (scheme == "never")
        step.prepend = text::HfPreTokenizer::Prepend::Never;
    else if (scheme && scheme != "always")
        reader.fail("pre_tokenizer.prepend_scheme", "is not always, first or never");
    // Files from before prepend_scheme say add_prefix_space; false there is "never".
    if (!reader.flag(part, "add_prefix_space", true, "pre_tokenizer")) {
        if (scheme && scheme != "never")
            reader.fail("pre_tokenizer.add_prefix_space", "is false, but prepend_scheme is " + *scheme);
        step.prepend = text::HfPreTokenizer::Prepend::Never;
    }
    return step;
}

std::vector<text::HfPreTokenizer> readBpePreTokenizers(const Reader &reader, const Json &json)
{
    using Kind = text::HfPreTokenizer::Kind;
    std::vector<text::HfPreTokenizer> steps;
    const auto preTokenizer = json.value("pre_tokenizer", Json());
    for (const auto *part : partsOf(reader, preTokenizer, "pretokenizers", "pre_tokenizer")) {
        const auto type = reader.typeOf(*part, "pre_tokenizer");
        text::HfPreTokenizer step;
        if (type == "ByteLevel") {
            step.kind = Kind::ByteLevel;
            step.addPrefixSpace = reader.flag(*part, "add_prefix_space", true, "pre_tokenizer");
            step.useRegex = reader.flag(*part, "use_regex", true, "pre_tokenizer");
        } else if (type == "Whitespace") {
            step.kind = Kind::Whitespace;
        } else if (type == "WhitespaceSplit") {
            step.kind = Kind::WhitespaceSplit;
        } else if (type == "Metaspace") {
            step = readMetaspace(reader, *part);
        } else {
            reader.fail("pre_tokenizer", "has a '" + type.substr(0, 40)
                                             + "' part; Glossa reads BPE with ByteLevel, Whitespace, WhitespaceSplit "
                                               "and Metaspace ones");
        }
        steps.push_back(std::move(step));
    }
    return steps;
}

std::vector<text::BpeAddedToken> readAddedTokens(const Reader &reader, const Json &json)
{
    std::vector<text::BpeAddedToken> tokens;
    const auto list = json.find("added_tokens");
    if (list == json.end() || list->is_null())
        return tokens;
    if (!list->is_array() || list->size() > maxAddedTokens)
        reader.fail("added_tokens", "is not a list of at most " + std::to_string(maxAddedTokens) + " tokens");
    for (std::size_t i = 0; i < list->size(); ++i) {
        const auto &entry = (*list)[i];
        const auto where = "added_tokens[" + std::to_string(i) + "]";
        if (!entry.is_object())
            reader.fail(where, "is not an object");
        text::BpeAddedToken token;
        token.id = reader.id(entry.value("id", Json()), where + ".id");
        const auto content = reader.optionalText(entry, "content", where);
        if (!content)
            reader.fail(where + ".content", "is missing");
        token.content = *content;
        token.special = reader.flag(entry, "special", false, where);
        token.singleWord = reader.flag(entry, "single_word", false, where);
        token.leftStrip = reader.flag(entry, "lstrip", false, where);
        token.rightStrip = reader.flag(entry, "rstrip", false, where);
        token.normalized = reader.flag(entry, "normalized", !token.special, where);
        tokens.push_back(std::move(token));
    }
    return tokens;
}

// RobertaProcessing's and BertProcessing's [token, id] pairs.
std::pair<std::string, int> readProcessorToken(const Reader &reader, const Json &processor, const char *field)
{
    const auto where = std::string("post_processor.") + field;
    const auto found = processor.find(field);
    if (found == processor.end() || !found->is_array() || found->size() != 2)
        reader.fail(where, "is not a [token, id] pair");
    return {reader.token((*found)[0], where), reader.id((*found)[1], where)};
}

// TemplateProcessing's single-sequence template: special tokens around $A, each the ids
// special_tokens gives it.
void readTemplate(const Reader &reader, const Json &processor, text::BpeSpec &spec)
{
    const auto single = processor.find("single");
    if (single == processor.end() || !single->is_array())
        reader.fail("post_processor.single", "is not a template");
    const auto specials = processor.value("special_tokens", Json::object());
    if (!specials.is_object())
        reader.fail("post_processor.special_tokens", "is not an object");
    bool sequence = false;
    for (const auto &item : *single) {
        if (item.is_object() && item.contains("Sequence")) {
            if (sequence || item["Sequence"].value("id", Json()) != Json("A"))
                reader.fail("post_processor.single", "does not hold the text ($A) once");
            sequence = true;
            continue;
        }
        const auto inner = item.is_object() ? item.find("SpecialToken") : item.end();
        if (!item.is_object() || inner == item.end() || !inner->is_object())
            reader.fail("post_processor.single", "has a piece that is neither $A nor a special token");
        const auto name = reader.token(inner->value("id", Json()), "post_processor.single");
        const auto found = specials.find(name);
        const auto where = "post_processor.special_tokens['" + name.substr(0, 40) + "']";
        if (found == specials.end() || !found->is_object() || !found->value("ids", Json()).is_array()
            || found->value("ids", Json()).size() > 16)
            reader.fail(where, "is missing or has no ids");
        const auto ids = found->value("ids", Json());
        const auto tokens = found->value("tokens", Json());
        for (std::size_t i = 0; i < ids.size(); ++i) {
            const auto token = tokens.is_array() && i < tokens.size() ? reader.token(tokens[i], where) : name;
            (sequence ? spec.suffix : spec.prefix).emplace_back(token, reader.id(ids[i], where + ".ids"));
        }
    }
    if (!sequence)
        reader.fail("post_processor.single", "does not hold the text ($A)");
}

// The ids the post-processor puts around a text; ByteLevel's part only trims offsets.
void readBpePostProcessor(const Reader &reader, const Json &json, text::BpeSpec &spec)
{
    const auto post = json.value("post_processor", Json());
    bool read = false;
    for (const auto *part : partsOf(reader, post, "processors", "post_processor")) {
        const auto type = reader.typeOf(*part, "post_processor");
        if (type == "ByteLevel")
            continue;
        if (read)
            reader.fail("post_processor", "has two parts that add tokens");
        read = true;
        if (type == "RobertaProcessing" || type == "BertProcessing") {
            spec.prefix = {readProcessorToken(reader, *part, "cls")};
            spec.suffix = {readProcessorToken(reader, *part, "sep")};
        } else if (type == "TemplateProcessing") {
            readTemplate(reader, *part, spec);
        } else {
            reader.fail("post_processor", "is '" + type.substr(0, 40)
                                              + "'; Glossa reads RobertaProcessing, BertProcessing, TemplateProcessing "
                                                "and ByteLevel");
        }
    }
}

text::RunTokenizer readBpe(const Reader &reader, const Json &json, const Json &model, std::string source)
{
    text::BpeSpec spec;
    spec.model = readBpeModel(reader, model);
    spec.normalizers = readBpeNormalizers(reader, json);
    spec.preTokenizers = readBpePreTokenizers(reader, json);
    spec.addedTokens = readAddedTokens(reader, json);
    readBpePostProcessor(reader, json, spec);
    spec.tokenizerJson = std::move(source);
    try {
        return text::BpeTokenizer::fromSpec(std::move(spec));
    } catch (const Error &e) {
        throw Error(reader.file().string() + ": " + e.what());
    }
}

text::RunTokenizer readTokenizerJsonObject(const std::filesystem::path &file)
{
    auto source = readBoundedFile(file, maxTokenizerJsonBytes, "tokenizer.json");
    const auto json = parseJsonObject(file, source, maxTokenizerJsonDepth, "tokenizer.json");
    const Reader reader(file);
    const auto &model = reader.object(json, "model", "");
    const auto type = reader.typeOf(model, "model");
    if (type == "WordPiece")
        return readWordPiece(reader, json, model);
    if (type == "Unigram")
        return readXlmrUnigram(reader, json, model);
    if (type == "BPE")
        return readBpe(reader, json, model, std::move(source));
    reader.fail("model.type", "is '" + type.substr(0, 40)
                                  + "'; Glossa reads WordPiece (BERT), BPE (RoBERTa and others) and XLM-R's Unigram "
                                    "tokenizer.json files");
}

} // namespace

text::RunTokenizer readTokenizerJson(const std::filesystem::path &file)
{
    try {
        return readTokenizerJsonObject(file);
    } catch (const nlohmann::json::exception &e) { // a field of an unexpected type deep inside
        throw Error(file.string() + ": not a tokenizer.json Glossa can read: " + e.what());
    }
}

} // namespace glossa::core::model
