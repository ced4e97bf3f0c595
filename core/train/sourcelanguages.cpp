#include "train/sourcelanguages.h"

#include "data/snapshot.h"
#include "util/error.h"

#include <algorithm>

namespace glossa::core::train {
namespace {

constexpr std::size_t longestCode = 35; // BCP 47 tags in practice stay far below
constexpr std::size_t mostCodes = 200;

bool isCodeCharacter(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

std::string_view trimmed(std::string_view text)
{
    while (!text.empty() && text.front() == ' ')
        text.remove_prefix(1);
    while (!text.empty() && text.back() == ' ')
        text.remove_suffix(1);
    return text;
}

} // namespace

std::optional<std::string> sourceLanguagesProblem(std::string_view text)
{
    std::size_t count = 0;
    std::size_t start = 0;
    if (trimmed(text).empty())
        return std::nullopt;
    while (start <= text.size()) {
        const auto comma = std::min(text.find(',', start), text.size());
        const auto code = trimmed(text.substr(start, comma - start));
        if (code.empty())
            return "Source languages are language codes separated by commas (an empty one at position "
                   + std::to_string(count + 1) + ")";
        if (code.size() > longestCode || !std::all_of(code.begin(), code.end(), isCodeCharacter))
            return "Source languages are language codes such as de or pt-BR (letters, digits, - and _; not '"
                   + std::string(code.substr(0, longestCode)) + "')";
        if (++count > mostCodes)
            return "Source languages name at most " + std::to_string(mostCodes) + " languages";
        start = comma + 1;
    }
    return std::nullopt;
}

std::vector<std::string> parseSourceLanguages(std::string_view text)
{
    if (const auto problem = sourceLanguagesProblem(text))
        throw Error(*problem);
    std::vector<std::string> codes;
    if (trimmed(text).empty())
        return codes;
    std::size_t start = 0;
    while (start <= text.size()) {
        const auto comma = std::min(text.find(',', start), text.size());
        const std::string code(trimmed(text.substr(start, comma - start)));
        if (std::find(codes.begin(), codes.end(), code) == codes.end())
            codes.push_back(code);
        start = comma + 1;
    }
    return codes;
}

data::DatasetSnapshot restrictToSources(const data::DatasetSnapshot &snapshot,
                                        const std::vector<std::string> &languages)
{
    data::DatasetSnapshot restricted;
    restricted.datasetId = snapshot.datasetId;
    restricted.datasetName = snapshot.datasetName;
    restricted.labels = snapshot.labels;
    restricted.hash = snapshot.hash;
    for (const auto &example : snapshot.examples) {
        const bool source = std::find(languages.begin(), languages.end(), example.lang) != languages.end();
        if (source || example.split == data::Split::Test)
            restricted.examples.push_back(example);
    }
    return restricted;
}

} // namespace glossa::core::train
