#include "data/recordsource.h"

#include "data/chunkedinput.h"
#include "data/csvsource.h"
#include "data/jsonlsource.h"

#include <algorithm>
#include <cctype>

namespace glossa::core::data {

std::string_view toString(Format format)
{
    switch (format) {
    case Format::Csv: return "csv";
    case Format::Tsv: return "tsv";
    case Format::Jsonl: return "jsonl";
    }
    return "csv";
}

std::optional<Format> formatFromString(std::string_view name)
{
    if (name == "csv")
        return Format::Csv;
    if (name == "tsv" || name == "tab")
        return Format::Tsv;
    if (name == "jsonl" || name == "ndjson" || name == "json")
        return Format::Jsonl;
    return std::nullopt;
}

Format detectFormat(const std::filesystem::path &file)
{
    std::string extension = file.extension().string();
    std::transform(extension.begin(), extension.end(), extension.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (!extension.empty())
        if (auto format = formatFromString(extension.substr(1)))
            return *format;

    // No telling extension: look at the first line. Read through the same checks as the
    // import, so a pipe or a device is refused here instead of being read (and emptied, or
    // waited on) before the import opens it.
    auto head = readFileHead(file, file.filename().string(), 4096);
    if (head.starts_with("\xEF\xBB\xBF"))
        head.erase(0, 3);
    const auto first = head.find_first_not_of(" \t\r\n");
    if (first != std::string::npos && head[first] == '{')
        return Format::Jsonl;
    const auto firstLine = head.substr(0, head.find_first_of("\r\n"));
    const auto tabs = std::count(firstLine.begin(), firstLine.end(), '\t');
    const auto commas = std::count(firstLine.begin(), firstLine.end(), ',');
    return tabs > commas ? Format::Tsv : Format::Csv;
}

std::unique_ptr<RecordSource> openSource(const std::filesystem::path &file, Format format, const ColumnMapping &mapping,
                                         const SourceLimits &limits)
{
    const auto displayName = file.filename().string();
    switch (format) {
    case Format::Csv: return std::make_unique<CsvSource>(file, displayName, ',', mapping, limits);
    case Format::Tsv: return std::make_unique<CsvSource>(file, displayName, '\t', mapping, limits);
    case Format::Jsonl: return std::make_unique<JsonlSource>(file, displayName, mapping, limits);
    }
    return nullptr;
}

} // namespace glossa::core::data
