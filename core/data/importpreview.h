#pragma once

#include "data/importer.h"
#include "data/textencoding.h"

#include <array>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

namespace glossa::core::data {

// The file's encoding from its first bytes (encodingSampleBytes); Unknown when it cannot be read.
TextEncoding detectEncoding(const std::filesystem::path &file);

// An ImportError as a value: what the real import would report for this file.
struct ImportIssue
{
    std::string message;   // ImportError::what(): "reviews.csv:17: field "label": ..."
    std::int64_t line = 0; // 0: the problem is with the whole file
    std::string field;     // the file's column or key, empty when not about one field
    std::string problem;
};

struct PreviewRow
{
    std::int64_t line = 0;
    // One cell per FilePreview::columns entry, as the file holds it (JSON values other than
    // strings as JSON text); empty where a JSONL object lacks the key.
    std::vector<std::string> cells;
    // What the importer reads for each Field, indexed like the Field enum.
    std::array<std::optional<std::string>, fieldCount> fields{};
};

struct FilePreview
{
    Format format = Format::Csv;
    TextEncoding encoding;
    std::uint64_t fileBytes = 0;
    // CSV/TSV: the header; JSONL: the keys of the previewed objects, in order of appearance.
    std::vector<std::string> columns;
    // The column each Field is read from (an index into columns), aliases resolved.
    std::array<std::optional<size_t>, fieldCount> columnOf{};
    std::vector<PreviewRow> rows;
    // The first problem the import would report in the previewed part of the file.
    std::optional<ImportIssue> error;
    // True when the preview reached the end of the file, so rows are all there is.
    bool complete = false;
};

// The first maxRows rows of a file as the importer reads them, with options.format,
// options.mapping, options.limits and the split settings. Never throws for a bad file: the
// problem is in error. The importer itself runs over the first 8192 rows (or 64 MiB) into a
// scratch in-memory project, so its row checks (an empty text, a split that is not one, a
// duplicate id) are in the preview too, word for word.
FilePreview previewFile(const std::filesystem::path &file, const ImportOptions &options, size_t maxRows = 100);

struct FileValidation
{
    std::optional<ImportIssue> error;
    std::int64_t rows = 0; // rows read before the end, the error or the stop
    bool stopped = false;
};

// Reads the whole file through the importer's source (RecordSource), writing nothing: the
// reader's problems (quoting, field counts, UTF-8, JSON, a mapped key no object has) with
// their lines, before an import is attempted. The importer's row checks are not repeated
// here; previewFile runs them over the first rows and the import over all of them.
FileValidation validateFile(const std::filesystem::path &file, const ImportOptions &options,
                            const std::stop_token &stop = {},
                            const std::function<void(const ImportProgress &)> &progress = {});

} // namespace glossa::core::data
