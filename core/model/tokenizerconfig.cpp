#include "model/tokenizerconfig.h"

#include "model/jsonobjectfile.h"
#include "util/error.h"

#include <nlohmann/json.hpp>

namespace glossa::core::model {
namespace {

constexpr std::size_t maxTokenizerConfigBytes = std::size_t(1) << 20;
constexpr int maxTokenizerConfigDepth = 16;
constexpr std::size_t longestSpecialToken = 256;

} // namespace

text::WordPieceOptions readWordPieceOptions(const std::filesystem::path &folder)
{
    const auto file = folder / "tokenizer_config.json";
    if (!std::filesystem::exists(std::filesystem::symlink_status(file)))
        return {};
    return readWordPieceOptionsFile(file);
}

text::WordPieceOptions readWordPieceOptionsFile(const std::filesystem::path &file)
{
    text::WordPieceOptions options;
    const auto json =
        readJsonObjectFile(file, maxTokenizerConfigBytes, maxTokenizerConfigDepth, "tokenizer_config.json");
    const auto where = [&](const char *field) { return file.string() + ": " + field; };
    auto flag = [&](const char *field, bool &value) {
        const auto found = json.find(field);
        if (found == json.end() || found->is_null())
            return;
        if (!found->is_boolean())
            throw Error(where(field) + " is " + found->dump() + ", not true or false");
        value = found->get<bool>();
    };
    flag("do_lower_case", options.lowerCase);
    flag("tokenize_chinese_chars", options.tokenizeChineseChars);
    if (const auto found = json.find("strip_accents"); found != json.end() && !found->is_null()) {
        if (!found->is_boolean())
            throw Error(where("strip_accents") + " is " + found->dump() + ", not true, false or null");
        options.stripAccents = found->get<bool>();
    }
    auto special = [&](const char *field, std::string &value) {
        const auto found = json.find(field);
        if (found == json.end() || found->is_null())
            return;
        const auto *content = &*found;
        if (found->is_object()) {
            const auto inner = found->find("content");
            if (inner == found->end())
                throw Error(where(field) + " is an object without \"content\"");
            content = &*inner;
        }
        if (!content->is_string() || content->get_ref<const std::string &>().empty()
            || content->get_ref<const std::string &>().size() > longestSpecialToken)
            throw Error(where(field) + " is " + content->dump().substr(0, 80) + ", not a token");
        value = content->get<std::string>();
    };
    special("unk_token", options.unknownToken);
    special("cls_token", options.classToken);
    special("sep_token", options.separatorToken);
    special("pad_token", options.paddingToken);
    special("mask_token", options.maskToken);
    return options;
}

} // namespace glossa::core::model
