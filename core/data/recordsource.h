#pragma once

#include "data/columnmapping.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace glossa::core::data {

enum class Format { Csv, Tsv, Jsonl };
std::string_view toString(Format format);
std::optional<Format> formatFromString(std::string_view name);
// From the extension (.csv, .tsv/.tab, .jsonl/.ndjson/.json), else from the first bytes.
Format detectFormat(const std::filesystem::path &file);

// A column (CSV, TSV) or key (JSONL) that no field reads, with the row's value: kept with the
// example as metadata (store/examplemetadata.h). Views valid until the next row.
struct SourceExtra
{
    std::string_view column;
    std::string_view value;
};

// One input row with its fields located; values are views valid until the next row.
struct SourceRow
{
    std::int64_t line = 0;
    std::array<std::optional<std::string_view>, fieldCount> fields{};
    // The row's other columns with a value, in the file's order (empty values are left out).
    std::vector<SourceExtra> extras;

    const std::optional<std::string_view> &operator[](Field field) const { return fields[static_cast<size_t>(field)]; }
    std::optional<std::string_view> &operator[](Field field) { return fields[static_cast<size_t>(field)]; }
};

struct SourceLimits
{
    // A longer text (the text field of a row) is an error naming its line and column.
    size_t maxTextBytes = 1 << 20;
    // A longer line (JSONL) or record (CSV) is an error, which also bounds import memory.
    // 0: room for a text at maxTextBytes even when JSON escapes triple it, and the row's other
    // fields (at least 64 KiB).
    size_t maxRecordBytes = 0;
    // How the user of this program raises maxTextBytes, added to the messages about it (the
    // command line: "raise the limit with --max-text-bytes"); empty when there is no way.
    std::string raiseHint;

    size_t recordLimit() const
    {
        return maxRecordBytes ? maxRecordBytes : std::max<size_t>(3 * maxTextBytes, 64 << 10);
    }
};

// Rows of one input file, whatever its format. Errors are ImportErrors naming file and line.
class RecordSource
{
public:
    virtual ~RecordSource() = default;
    virtual bool next(SourceRow &row) = 0;
    virtual std::uint64_t bytesRead() const = 0;
    virtual std::uint64_t totalBytes() const = 0;
    // The file's columns or keys that feed each field, for the import summary.
    virtual std::string describeMapping() const = 0;
    // The column or key a field is read from, as the file names it.
    virtual std::string columnName(Field field) const = 0;
    // What the file's text was read as ("UTF-8", "WINDOWS-1252 (converted to UTF-8)").
    virtual std::string encoding() const = 0;
    // The columns or keys kept as metadata, in the file's order (JSONL: as first seen), at most
    // store::maxMetadataColumns; and the names of the ones left out beyond that.
    virtual std::vector<std::string> extraColumns() const = 0;
    virtual std::vector<std::string> droppedColumns() const = 0;
};

std::unique_ptr<RecordSource> openSource(const std::filesystem::path &file, Format format, const ColumnMapping &mapping,
                                         const SourceLimits &limits = {});

} // namespace glossa::core::data
