#include "data/importpreview.h"

#include "data/chunkedinput.h"
#include "data/csvreader.h"
#include "data/csvsource.h"
#include "data/importerror.h"
#include "data/utf8.h"
#include "store/database.h"
#include "store/schema.h"

#include <simdjson.h>

#include <algorithm>
#include <cstring>
#include <unordered_map>

namespace glossa::core::data {
namespace {

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
        ChunkedInput input(file, file.filename().string(), options.limits.recordLimit());
        CsvReader reader(input, delimiter);
        std::vector<std::string_view> fields;
        if (!reader.next(fields))
            return;
        // A header too wide to be one is refused by the source, with its line; the preview
        // shows no columns rather than thousands.
        if (fields.size() > maxHeaderColumns)
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
        ChunkedInput input(file, file.filename().string(), options.limits.recordLimit());
        simdjson::dom::parser parser;
        // Column by key, so objects of many keys cost one lookup per key, not a scan.
        std::unordered_map<std::string, size_t> columnOf;
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
                auto column = columnOf.find(std::string(key));
                if (column == columnOf.end()) {
                    if (preview.columns.size() == maxHeaderColumns)
                        continue; // a table that wide helps nobody choose a column
                    column = columnOf.emplace(std::string(key), preview.columns.size()).first;
                    preview.columns.emplace_back(key);
                    row.cells.emplace_back();
                }
                auto &cell = row.cells[column->second];
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

TextEncoding detectEncoding(const std::filesystem::path &file)
{
    std::string head;
    try {
        // Through the import's own checks: a pipe or device is never opened, let alone read.
        head = readFileHead(file, file.filename().string(), encodingSampleBytes);
    } catch (const Error &) {
        return {Encoding::Unknown, {}};
    }
    return detectTextEncoding(head, head.size() < encodingSampleBytes);
}

FilePreview previewFile(const std::filesystem::path &file, const ImportOptions &options, size_t maxRows)
{
    FilePreview preview;
    std::error_code sizeError;
    preview.fileBytes = std::filesystem::file_size(file, sizeError);
    if (sizeError)
        preview.fileBytes = 0;
    preview.encoding = detectEncoding(file);
    // Detected only when not given: value_or would sniff the file even then.
    try {
        preview.format = options.format ? *options.format : detectFormat(file);
    } catch (const ImportError &e) {
        preview.error = issueFrom(e);
        return preview;
    }

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

    // The source refused the header (no text column, say): the other fields still show where
    // the importer would look for them.
    const auto byMapping =
        options.mapping.resolve(std::vector<std::string_view>(preview.columns.begin(), preview.columns.end()));
    for (size_t k = 0; k < fieldCount; ++k)
        preview.columnOf[k] = source ? columnIndex(source->columnName(static_cast<Field>(k))) : byMapping[k];

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
        const auto format = options.format ? *options.format : detectFormat(file);
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
