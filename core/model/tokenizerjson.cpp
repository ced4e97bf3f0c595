#include "model/tokenizerjson.h"

#include "model/jsonobjectfile.h"
#include "text/unigrammodelproto.h"
#include "util/error.h"

#include <nlohmann/json.hpp>
#include <openssl/evp.h>

#include <cmath>
#include <limits>

namespace glossa::core::model {
namespace {

constexpr std::size_t maxTokenizerJsonBytes = std::size_t(64) << 20;
constexpr int maxTokenizerJsonDepth = 64;
constexpr std::size_t maxVocabulary = 4'000'000;
constexpr std::size_t longestToken = 1024;

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
        } else if (type == "Replace" && part->value("content", Json()) == Json(" ")
                   && part->value("pattern", Json()) == Json{{"Regex", " {2,}"}}) {
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

text::RunTokenizer readTokenizerJsonObject(const std::filesystem::path &file)
{
    const auto json = readJsonObjectFile(file, maxTokenizerJsonBytes, maxTokenizerJsonDepth, "tokenizer.json");
    const Reader reader(file);
    const auto &model = reader.object(json, "model", "");
    const auto type = reader.typeOf(model, "model");
    if (type == "WordPiece")
        return readWordPiece(reader, json, model);
    if (type == "Unigram")
        return readXlmrUnigram(reader, json, model);
    reader.fail("model.type", "is '" + type.substr(0, 40)
                                  + "'; Glossa reads WordPiece (BERT) and XLM-R's Unigram tokenizer.json files, not "
                                    "BPE yet");
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
