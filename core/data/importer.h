#pragma once

#include "data/columnmapping.h"
#include "data/recordsource.h"
#include "data/splitter.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

namespace glossa::core::store {
class Database;
}

namespace glossa::core::data {

struct ImportProgress
{
    std::int64_t rows = 0;
    std::uint64_t bytesRead = 0;
    std::uint64_t totalBytes = 0;
};

struct ImportOptions
{
    // Detected from the extension and content when not set.
    std::optional<Format> format;
    ColumnMapping mapping;
    // Seed and ratios of the stratified split given to rows without one.
    std::uint64_t splitSeed = 13;
    SplitRatios splitRatios;
    SourceLimits limits;
    // Called every few thousand rows from the importing thread.
    std::function<void(const ImportProgress &)> progress;
    // A stop request rolls the import back and throws ImportCancelled.
    std::stop_token stop;
    // Imports the rows that can be, and lists the others in ImportSummary::skipped, instead
    // of refusing the whole file for one bad row. A problem with the whole file (its encoding,
    // its header) or a row the reader cannot get past still refuses it.
    bool skipInvalid = false;
};

// A row left out by ImportOptions::skipInvalid, and why.
struct SkippedRow
{
    std::int64_t line = 0;
    std::string column; // as the file names it; empty when not about one column
    std::string problem;
};

struct ImportSummary
{
    std::int64_t datasetId = 0;
    std::int64_t importId = 0;
    std::string dataset;
    bool createdDataset = false;
    Format format = Format::Csv;
    std::string encoding; // what the text was read as: "UTF-8", "UTF-16LE (converted to UTF-8)"
    std::string mapping;
    std::int64_t rows = 0;
    std::int64_t labelled = 0;
    std::int64_t guessedLanguages = 0;
    std::int64_t seededSplits = 0;
    std::vector<std::string> newLabels;
    // The file's columns (JSONL: keys) that no field reads, kept with each example as metadata,
    // in the file's order; and those left out beyond store::maxMetadataColumns.
    std::vector<std::string> metadataColumns;
    std::vector<std::string> droppedColumns;
    double seconds = 0;
    // With skipInvalid: every row left out (at most maxListedSkips listed, the rest counted).
    std::vector<SkippedRow> skipped;
    std::int64_t skippedRows = 0;
    static constexpr std::size_t maxListedSkips = 100000;
};

// Writes the skipped rows of an import as CSV (line, column, problem; a last row counting any
// not listed) to `report`, atomically and never through a link. Throws Error when it cannot.
void writeSkippedRowsReport(const std::filesystem::path &report, const ImportSummary &summary);
// Where that report goes: beside the project, named after the project, the file and the time
// ("shop.glossa" and "tickets.csv" give "shop.tickets.skipped-20261206-101500.csv").
std::filesystem::path skippedRowsReportPath(const std::filesystem::path &project, const std::filesystem::path &file);

// Imports a CSV, TSV or JSONL file into a dataset (created when it does not exist), all or
// nothing: one transaction, so a bad row (unless skipInvalid), a cancel or a killed process
// leaves the project as it was. Bad input throws ImportError naming file, line and field.
ImportSummary importFile(store::Database &db, std::string_view datasetName, const std::filesystem::path &file,
                         const ImportOptions &options = {});

} // namespace glossa::core::data
