#include "data/importpreview.h"

#include "data/chunkedinput.h"
#include "data/csvreader.h"
#include "data/importerror.h"
#include "data/utf8.h"
#include "store/database.h"
#include "store/schema.h"

#include <simdjson.h>

#include <algorithm>
#include <cstring>
#include <fstream>

namespace glossa::core::data {
namespace {

constexpr size_t sniffBytes = 64 << 10;
// The scratch import that checks the previewed rows stops here (the importer looks at its
// stop token every 8192 rows), and never grows its in-memory database past this.
constexpr std::int64_t scratchMaxPages = 16384; // 64 MiB of 4 KiB pages
constexpr std::int64_t validateStopInterval = 1024;
constexpr std::int64_t validateProgressInterval = 8192;

ImportIssue issueFrom(const ImportError &error)
{
    return {error.what(), error.line(), error.field(), error.problem()};
}

ImportIssue issueFrom(const std::exception &error)
{
    return {error.what(), 0, {}, error.what()};
}

// A UTF-16 file without a byte order mark is mostly NULs in every other byte.
std::optional<Encoding> utf16ByNuls(std::string_view head)
{
    size_t even = 0;
    size_t odd = 0;
    for (size_t i = 0; i < head.size(); ++i)
        if (head[i] == '\0')
            ++(i % 2 == 0 ? even : odd);
    const size_t pairs = head.size() / 2;
    if (pairs == 0)
        return std::nullopt;
    if (odd * 10 >= pairs * 3 && even * 20 <= pairs)
        return Encoding::Utf16Le;
    if (even * 10 >= pairs * 3 && odd * 20 <= pairs)
        return Encoding::Utf16Be;
    return std::nullopt;
}

struct RawRow
{
    std::int64_t line = 0;
    std::vector<std::string> cells;
};

// The header and the first records as CsvReader, the importer's reader, splits them. A
// problem ends the reading quietly: the importer's source reports it with its line.
void readCsvCells(const std::filesystem::path &file, char delimiter, const ImportOptions &options, size_t maxRows,
                  FilePreview &preview, std::vector<RawRow> &rows)
{
    try {
        ChunkedInput input(file, file.filename().string(), options.limits.maxRecordBytes);
        CsvReader reader(input, delimiter);
        std::vector<std::string_view> fields;
        if (!reader.next(fields))
            return;
        for (const auto field : fields)
            preview.columns.emplace_back(trimmed(field));
        while (rows.size() < maxRows && reader.next(fields))
            rows.push_back({reader.recordLine(), std::vector<std::string>(fields.begin(), fields.end())});
    } catch (const Error &) {
    }
}

// The first objects' keys and values, line by line as JsonlSource reads them.
void readJsonlObjects(const std::filesystem::path &file, const ImportOptions &options, size_t maxRows,
                      FilePreview &preview, std::vector<RawRow> &rows)
{
    try {
        ChunkedInput input(file, file.filename().string(), options.limits.maxRecordBytes);
        simdjson::dom::parser parser;
        std::int64_t line = 0;
        while (rows.size() < maxRows) {
            auto window = input.window();
            auto *newline = static_cast<const char *>(std::memchr(window.data(), '\n', window.size()));
            while (!newline && !input.atEof()) {
                if (window.size() >= input.maxRecordBytes())
                    return;
                input.refill();
                window = input.window();
                newline = static_cast<const char *>(std::memchr(window.data(), '\n', window.size()));
            }
            if (window.empty())
                return;
            const size_t length = newline ? static_cast<size_t>(newline - window.data()) : window.size();
            std::string_view text = window.substr(0, length);
            input.consume(newline ? length + 1 : length);
            ++line;
            if (text.size() > input.maxRecordBytes())
                return;
            if (!text.empty() && text.back() == '\r')
                text.remove_suffix(1);
            if (trimmed(text).empty())
                continue;
            simdjson::dom::element document;
            simdjson::dom::object object;
            // ChunkedInput keeps the padding simdjson reads past the end of any line.
            if (parser.parse(text.data(), text.size(), false).get(document) || document.get(object))
                return;
            RawRow row{line, std::vector<std::string>(preview.columns.size())};
            for (auto [key, value] : object) {
                auto column = std::find(preview.columns.begin(), preview.columns.end(), key);
                if (column == preview.columns.end()) {
                    preview.columns.emplace_back(key);
                    row.cells.emplace_back();
                    column = preview.columns.end() - 1;
                }
                auto &cell = row.cells[static_cast<size_t>(column - preview.columns.begin())];
                if (value.type() == simdjson::dom::element_type::STRING)
                    cell = value.get_string().value_unsafe();
                else
                    cell = simdjson::to_string(value);
            }
            rows.push_back(std::move(row));
        }
    } catch (const Error &) {
    }
}

void readJsonlCells(const std::filesystem::path &file, const ImportOptions &options, size_t maxRows,
                    FilePreview &preview, std::vector<RawRow> &rows)
{
    readJsonlObjects(file, options, maxRows, preview, rows);
    // Objects read before a key first appeared get an empty cell for it.
    for (auto &row : rows)
        row.cells.resize(preview.columns.size());
}

// Runs the real importer over the first rows into a throwaway in-memory project, so the
// preview reports exactly what an import would: its row checks live in the importer alone.
// The stop token is set from the start; the importer honours it after 8192 rows.
std::optional<ImportIssue> checkWithImporter(const std::filesystem::path &file, Format format,
                                             const ImportOptions &options)
{
    try {
        store::Database db(":memory:", store::Database::Mode::ReadWriteCreate);
        store::migrate(db, store::currentSchemaVersion());
        db.exec("PRAGMA max_page_count = " + std::to_string(scratchMaxPages));
        ImportOptions scratch = options;
        scratch.format = format;
        scratch.progress = nullptr;
        std::stop_source stop;
        stop.request_stop();
        scratch.stop = stop.get_token();
        importFile(db, "preview", file, scratch);
    } catch (const ImportCancelled &) {
    } catch (const ImportError &e) {
        return issueFrom(e);
    } catch (const Error &) {
        // The scratch database is full: the rows checked so far passed.
    }
    return std::nullopt;
}

} // namespace

std::string_view toString(Encoding encoding)
{
    switch (encoding) {
    case Encoding::Utf8: return "UTF-8";
    case Encoding::Utf8WithBom: return "UTF-8 with BOM";
    case Encoding::Utf16Le: return "UTF-16 LE";
    case Encoding::Utf16Be: return "UTF-16 BE";
    case Encoding::NotUtf8: return "not UTF-8";
    case Encoding::Binary: return "binary";
    case Encoding::Unknown: return "unknown";
    }
    return "unknown";
}

Encoding detectEncoding(const std::filesystem::path &file)
{
    std::error_code error;
    if (std::filesystem::is_directory(file, error))
        return Encoding::Unknown;
    std::ifstream in(file, std::ios::binary);
    if (!in)
        return Encoding::Unknown;
    std::string head(sniffBytes, '\0');
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    head.resize(static_cast<size_t>(in.gcount()));
    const bool truncated = head.size() == sniffBytes;

    if (head.starts_with("\xFF\xFE"))
        return Encoding::Utf16Le;
    if (head.starts_with("\xFE\xFF"))
        return Encoding::Utf16Be;
    const bool bom = head.starts_with("\xEF\xBB\xBF");
    const std::string_view text = std::string_view(head).substr(bom ? 3 : 0);
    if (text.find('\0') != std::string_view::npos)
        return utf16ByNuls(text).value_or(Encoding::Binary);
    if (bom)
        return Encoding::Utf8WithBom;
    // A multi-byte character cut by the end of the sample is not a fault of the file.
    if (auto bad = firstInvalidUtf8(text); bad && !(truncated && *bad + 4 > text.size()))
        return Encoding::NotUtf8;
    return Encoding::Utf8;
}

FilePreview previewFile(const std::filesystem::path &file, const ImportOptions &options, size_t maxRows)
{
    FilePreview preview;
    std::error_code sizeError;
    preview.fileBytes = std::filesystem::file_size(file, sizeError);
    if (sizeError)
        preview.fileBytes = 0;
    preview.encoding = detectEncoding(file);
    preview.format = options.format.value_or(detectFormat(file));

    std::vector<RawRow> raw;
    if (preview.format == Format::Jsonl)
        readJsonlCells(file, options, maxRows, preview, raw);
    else
        readCsvCells(file, preview.format == Format::Tsv ? '\t' : ',', options, maxRows, preview, raw);

    auto columnIndex = [&](std::string_view name) -> std::optional<size_t> {
        const auto it = std::find(preview.columns.begin(), preview.columns.end(), name);
        if (it == preview.columns.end())
            return std::nullopt;
        return static_cast<size_t>(it - preview.columns.begin());
    };

    // The importer's own source gives the mapped fields, the aliases it settled on and the
    // first problem a reader finds.
    std::optional<ImportIssue> sourceError;
    std::vector<PreviewRow> mapped;
    std::unique_ptr<RecordSource> source;
    try {
        source = openSource(file, preview.format, options.mapping, options.limits);
        SourceRow row;
        bool more = true;
        while (mapped.size() < maxRows && (more = source->next(row))) {
            PreviewRow out;
            out.line = row.line;
            for (size_t k = 0; k < fieldCount; ++k)
                if (row.fields[k])
                    out.fields[k] = std::string(*row.fields[k]);
            mapped.push_back(std::move(out));
        }
        preview.complete = !more || !source->next(row);
    } catch (const ImportError &e) {
        sourceError = issueFrom(e);
    } catch (const std::exception &e) {
        sourceError = issueFrom(e);
    }

    for (size_t k = 0; k < fieldCount; ++k) {
        const auto field = static_cast<Field>(k);
        if (source) {
            preview.columnOf[k] = columnIndex(source->columnName(field));
        } else {
            // The source refused the header (no text column, say): the other fields still
            // show where the importer would look for them.
            for (const auto &candidate : options.mapping.candidates(field))
                if ((preview.columnOf[k] = columnIndex(candidate)))
                    break;
        }
    }

    // Rows as the reader split them, with what the source read from each (rows after a bad
    // one have no fields: the importer stops there).
    size_t next = 0;
    for (auto &rawRow : raw) {
        PreviewRow row;
        row.line = rawRow.line;
        row.cells = std::move(rawRow.cells);
        while (next < mapped.size() && mapped[next].line < row.line)
            ++next;
        if (next < mapped.size() && mapped[next].line == row.line)
            row.fields = std::move(mapped[next].fields);
        preview.rows.push_back(std::move(row));
    }

    try {
        StratifiedSplitter checkRatios(options.splitSeed, options.splitRatios);
    } catch (const Error &e) {
        preview.error = issueFrom(e);
        return preview;
    }
    if (source) {
        source.reset();
        preview.error = checkWithImporter(file, preview.format, options);
    }
    if (!preview.error)
        preview.error = sourceError;
    return preview;
}

FileValidation validateFile(const std::filesystem::path &file, const ImportOptions &options,
                            const std::stop_token &stop, const std::function<void(const ImportProgress &)> &progress)
{
    FileValidation result;
    try {
        const auto format = options.format.value_or(detectFormat(file));
        auto source = openSource(file, format, options.mapping, options.limits);
        SourceRow row;
        while (source->next(row)) {
            ++result.rows;
            if (result.rows % validateStopInterval == 0) {
                if (stop.stop_requested()) {
                    result.stopped = true;
                    return result;
                }
                if (progress && result.rows % validateProgressInterval == 0)
                    progress({result.rows, source->bytesRead(), source->totalBytes()});
            }
        }
        if (progress)
            progress({result.rows, source->totalBytes(), source->totalBytes()});
    } catch (const ImportError &e) {
        result.error = issueFrom(e);
    } catch (const std::exception &e) {
        result.error = issueFrom(e);
    }
    return result;
}

} // namespace glossa::core::data
