#include "commands.h"

#include "boundedlines.h"
#include "duplicatescommand.h"
#include "output.h"
#include "texttable.h"

#include "data/chunkedinput.h"
#include "data/demoproject.h"
#include "data/duplicates.h"
#include "data/exporter.h"
#include "data/importer.h"
#include "data/importerror.h"
#include "data/snapshot.h"
#include "store/datasetstore.h"
#include "store/examplemetadata.h"
#include "store/project.h"
#include "store/runstore.h"
#include "util/atomicfile.h"
#include "util/error.h"
#include "util/names.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <unistd.h>

namespace glossa::cli {

using nlohmann::ordered_json;
using namespace glossa::core;

namespace {

data::SplitRatios parseRatios(const std::string &text)
{
    if (auto ratios = data::SplitRatios::parse(text))
        return *ratios;
    throw Error("--split takes train/dev/test percentages that add up to 100, such as 80/10/10 (got '" + text + "')");
}

data::Format formatFor(const std::string &given, const std::filesystem::path &file)
{
    if (given.empty())
        return data::detectFormat(file);
    if (auto format = data::formatFromString(given))
        return *format;
    throw Error("unknown format '" + given + "' (csv, tsv or jsonl)");
}

// The format of an export: the file's extension decides (data::exportFormatFor refuses any
// other); a --format given must say the same, so that no file is named for one format and
// holds another.
data::Format exportFormat(const std::string &given, const std::filesystem::path &file)
{
    // What is there first: a link, pipe, folder or device is refused for what it is, whatever
    // its name says.
    requireReplaceableFile(file);
    const auto format = data::exportFormatFor(file);
    if (!given.empty()) {
        const auto asked = data::formatFromString(given);
        if (!asked)
            throw Error("unknown format '" + given + "' for examples or predictions: use csv, tsv or jsonl"
                        + (given == "hf" || given == "glossa"
                               ? " (" + given + " is a model's format: --run R --output DIR)"
                               : std::string()));
        if (*asked != format)
            throw Error("--format " + given + " does not match " + file.filename().string() + ", which names "
                        + std::string(data::toString(format)) + ": leave out --format or change the extension");
    }
    return format;
}

// Undoes the creation of a project by a command that then failed. The Project must be closed.
void removeProjectFiles(const std::filesystem::path &file)
{
    std::error_code ignored;
    for (const char *suffix : {"", "-wal", "-shm"})
        std::filesystem::remove(file.string() + suffix, ignored);
}

ordered_json summaryJson(const data::ImportSummary &summary, const std::filesystem::path &project)
{
    return ordered_json{
        {"project", project.string()},
        {"dataset", summary.dataset},
        {"created_dataset", summary.createdDataset},
        {"format", data::toString(summary.format)},
        {"encoding", summary.encoding},
        {"mapping", summary.mapping},
        {"rows", summary.rows},
        {"labelled", summary.labelled},
        {"guessed_languages", summary.guessedLanguages},
        {"seeded_splits", summary.seededSplits},
        {"new_labels", summary.newLabels},
        {"metadata_columns", summary.metadataColumns},
        {"dropped_columns", summary.droppedColumns},
        {"seconds", summary.seconds},
        {"rows_per_second", summary.seconds > 0 ? summary.rows / summary.seconds : 0.0},
    };
}

} // namespace

int runInit(const InitCommand &command)
{
    std::optional<std::filesystem::path> demoDir;
    if (command.demo) {
        // Looked for first, so a missing demo does not leave an empty project that the retry
        // would refuse to overwrite.
        demoDir = data::findDemoDataDir();
        if (!demoDir)
            throw Error("the demo data was not found (set GLOSSA_DATA_DIR to the folder that holds demo/)");
    }
    // Throws when the file exists, before there is anything of ours to undo.
    std::optional<store::Project> project(store::Project::create(command.common.project));
    if (demoDir) {
        try {
            data::importDemoData(project->db(), *demoDir);
        } catch (...) {
            project.reset(); // closes the file before it is removed
            removeProjectFiles(command.common.project);
            throw;
        }
    }
    if (command.common.json) {
        printJson({{"project", command.common.project},
                   {"schema", project->schemaVersion()},
                   {"datasets", store::DatasetStore(project->db()).datasets().size()}});
    } else {
        std::cout << "Created " << command.common.project << (command.demo ? " with the demo dataset" : "") << "\n";
    }
    return 0;
}

int runImport(const ImportCommand &command)
{
    // "-" is stdin: read when it is a file (< data.csv), refused when it is a pipe, since an
    // import reads its input more than once.
    const std::filesystem::path input = command.input == "-" ? "/dev/stdin" : command.input;
    // Checked before anything is read or created: a pipe, device or folder is refused without
    // being opened (opening a pipe waits for a writer), and a bad name leaves no project file.
    data::requireRegularFile(input, input.filename().string());
    requireCleanName("dataset name", command.dataset);
    data::ImportOptions options;
    options.format = formatFor(command.format, input);
    options.mapping = data::ColumnMapping::parse(command.map);
    options.splitSeed = command.seed;
    options.splitRatios = parseRatios(command.splitRatios);
    options.limits.maxTextBytes = maxTextBytes();
    options.limits.raiseHint = maxTextBytesHint();
    options.skipInvalid = command.skipInvalid;
    const bool showProgress = command.progress || (!command.common.json && isatty(STDERR_FILENO));
    if (showProgress) {
        options.progress = [](const data::ImportProgress &progress) {
            const double percent = progress.totalBytes ? 100.0 * progress.bytesRead / progress.totalBytes : 100.0;
            std::cerr << "progress " << progress.rows << " rows " << static_cast<int>(percent) << "%\n";
        };
    }
    // A failed import leaves the project as it was; when this command created the project,
    // "as it was" means no file at all, or the next attempt would find an empty project.
    const std::filesystem::path projectFile = command.common.project;
    const bool projectExisted = std::filesystem::exists(projectFile);
    data::ImportSummary summary;
    try {
        auto project = store::Project::openOrCreate(projectFile);
        summary = data::importFile(project.db(), command.dataset, input, options);
    } catch (const data::ImportError &e) {
        if (!projectExisted)
            removeProjectFiles(projectFile);
        // A bad row refuses the file; the way to take the rest is one flag away.
        if (!e.aboutWholeFile() && !command.skipInvalid)
            throw Error(std::string(e.what()) + " (nothing was imported; --skip-invalid imports the other rows)");
        throw;
    } catch (...) {
        if (!projectExisted)
            removeProjectFiles(projectFile);
        throw;
    }
    std::optional<std::filesystem::path> report;
    if (summary.skippedRows > 0) {
        // The rows are in the project by now: a report that cannot be written is a warning.
        try {
            report = data::skippedRowsReportPath(projectFile, input);
            data::writeSkippedRowsReport(*report, summary);
        } catch (const Error &e) {
            report.reset();
            std::cerr << "warning: the list of skipped rows could not be written: " << e.what() << "\n";
        }
    }
    if (command.common.json) {
        auto json = summaryJson(summary, command.common.project);
        json["skipped"] = summary.skippedRows;
        json["skipped_report"] = report ? ordered_json(report->string()) : ordered_json();
        printJson(json);
        return 0;
    }
    std::cout << "Imported " << groupDigits(summary.rows) << " rows into '" << printable(summary.dataset) << "'"
              << (summary.createdDataset ? " (new dataset)" : "") << " in " << summary.seconds << " s\n"
              << "  format " << data::toString(summary.format) << ", " << summary.encoding << "; columns "
              << printable(summary.mapping) << "\n"
              << "  labelled " << groupDigits(summary.labelled) << ", languages guessed for "
              << groupDigits(summary.guessedLanguages) << ", splits assigned to " << groupDigits(summary.seededSplits)
              << " (seed " << command.seed << ", " << options.splitRatios.toString() << ")\n";
    if (summary.skippedRows > 0)
        std::cout << "  skipped " << groupDigits(summary.skippedRows) << (summary.skippedRows == 1 ? " row" : " rows")
                  << " with problems"
                  << (report ? "; each, with its line and reason, is in " + printable(report->string()) : std::string())
                  << "\n";
    if (!summary.metadataColumns.empty()) {
        std::cout << "  kept as metadata:";
        for (const auto &column : summary.metadataColumns)
            std::cout << (&column == &summary.metadataColumns.front() ? " " : ", ") << printable(column);
        std::cout << "\n";
    }
    if (!summary.droppedColumns.empty())
        std::cout << "  not kept (more than " << store::maxMetadataColumns << " other columns): "
                  << groupDigits(static_cast<long long>(summary.droppedColumns.size())) << " columns, from "
                  << printable(summary.droppedColumns.front()) << "\n";
    if (!summary.newLabels.empty()) {
        std::cout << "  new labels:";
        for (const auto &label : summary.newLabels)
            std::cout << ' ' << printable(label);
        std::cout << '\n';
    }
    return 0;
}

int runExport(const ExportCommand &command)
{
    // Checked before the project is opened: a refused name leaves nothing behind.
    const auto format = exportFormat(command.format, command.output);
    auto project = store::Project::open(command.common.project);
    const auto rows = data::exportDataset(project.db(), command.dataset, command.output, format);
    if (command.common.json)
        printJson({{"dataset", command.dataset},
                   {"output", command.output},
                   {"format", data::toString(format)},
                   {"rows", rows}});
    else
        std::cout << "Exported " << groupDigits(rows) << " rows of '" << printable(command.dataset) << "' to "
                  << printable(command.output) << "\n";
    return 0;
}

int runDatasets(const CommonOptions &command)
{
    auto project = store::Project::open(command.project);
    const auto datasets = store::DatasetStore(project.db()).datasets();
    if (command.json) {
        auto list = ordered_json::array();
        for (const auto &dataset : datasets)
            list.push_back({{"name", dataset.name},
                            {"examples", dataset.exampleCount},
                            {"labelled", dataset.labelledCount},
                            {"languages", dataset.languageCount},
                            {"labels", dataset.labelCount},
                            {"created_at", dataset.createdAt}});
        printJson({{"project", command.project}, {"datasets", list}});
        return 0;
    }
    if (datasets.empty())
        std::cout << "No datasets yet; add one with: glossa-cli import --project " << command.project
                  << " --dataset NAME --input FILE\n";
    for (const auto &dataset : datasets)
        std::cout << printable(dataset.name) << "  " << groupDigits(dataset.exampleCount) << " examples, "
                  << groupDigits(dataset.labelledCount) << " labelled, " << dataset.labelCount << " labels, "
                  << dataset.languageCount << " languages\n";
    return 0;
}

namespace {

// The splits, then the languages and labels as tables sorted by how many examples they have
// (the largest first), each with its count per split, so a skewed or thin class stands out.
void printStatsTables(const std::vector<store::StatsCell> &cells, std::int64_t total)
{
    constexpr std::array<std::string_view, 3> splits = {"train", "dev", "test"};
    struct Counts
    {
        std::int64_t all = 0;
        std::array<std::int64_t, 3> bySplit{};
    };
    std::map<std::string, Counts> byLabel, byLang;
    Counts overall;
    for (const auto &cell : cells) {
        const auto split = static_cast<size_t>(std::find(splits.begin(), splits.end(), cell.split) - splits.begin());
        for (auto *counts : {&byLabel[cell.label], &byLang[cell.lang], &overall}) {
            counts->all += cell.count;
            if (split < splits.size())
                counts->bySplit[split] += cell.count;
        }
    }
    const auto share = [&](std::int64_t count) {
        char text[16];
        std::snprintf(text, sizeof text, "%.1f%%", total > 0 ? 100.0 * static_cast<double>(count) / total : 0.0);
        return std::string(text);
    };
    const auto printTable = [&](const char *title, const char *name, const std::map<std::string, Counts> &counts) {
        std::vector<std::pair<std::string, Counts>> sorted(counts.begin(), counts.end());
        // Unlabelled examples (the empty label) last; the rest by count, then by name.
        std::stable_sort(sorted.begin(), sorted.end(), [](const auto &a, const auto &b) {
            if (a.first.empty() != b.first.empty())
                return b.first.empty();
            return a.second.all > b.second.all;
        });
        std::cout << "\n" << title << ":\n";
        TextTable table({name, "examples", "share", "train", "dev", "test"});
        for (const auto &[key, count] : sorted)
            table.addRow({key.empty() ? "(unlabelled)" : printable(key), groupDigits(count.all), share(count.all),
                          groupDigits(count.bySplit[0]), groupDigits(count.bySplit[1]), groupDigits(count.bySplit[2])});
        table.print(std::cout);
    };
    std::cout << "\nsplits:\n";
    TextTable splitTable({"split", "examples", "share"});
    for (size_t k = 0; k < splits.size(); ++k)
        splitTable.addRow({std::string(splits[k]), groupDigits(overall.bySplit[k]), share(overall.bySplit[k])});
    splitTable.print(std::cout);
    printTable("languages", "language", byLang);
    printTable("labels", "label", byLabel);
}

} // namespace

int runStats(const StatsCommand &command)
{
    auto project = store::Project::open(command.common.project);
    store::DatasetStore store(project.db());
    const auto dataset = store.dataset(command.dataset);
    const auto cells = store.stats(dataset.id);
    const auto groupsAcrossSplits = store.groupsAcrossSplits(dataset.id);

    // Rows of dev and test that a model saw in training (or nearly): their scores flatter it.
    const auto duplicates = data::findDuplicates(data::takeSnapshot(project.db(), dataset.name));
    const auto leakage = data::leakageSentences(duplicates);

    std::map<std::string, std::int64_t> byLabel, byLang, bySplit;
    std::int64_t total = 0;
    for (const auto &cell : cells) {
        byLabel[cell.label.empty() ? "(unlabelled)" : cell.label] += cell.count;
        byLang[cell.lang] += cell.count;
        bySplit[cell.split] += cell.count;
        total += cell.count;
    }
    if (command.common.json) {
        auto list = ordered_json::array();
        for (const auto &cell : cells)
            list.push_back({{"label", cell.label.empty() ? ordered_json(nullptr) : ordered_json(cell.label)},
                            {"lang", cell.lang},
                            {"split", cell.split},
                            {"count", cell.count}});
        printJson(
            {{"dataset", dataset.name},
             {"total", total},
             {"labelled", dataset.labelledCount},
             {"groups_across_splits", groupsAcrossSplits},
             {"duplicating_train",
              {{"test",
                {{"rows", duplicates.test.rows}, {"exact", duplicates.test.exact}, {"near", duplicates.test.near}}},
               {"dev",
                {{"rows", duplicates.dev.rows}, {"exact", duplicates.dev.exact}, {"near", duplicates.dev.near}}}}},
             {"conflicting_duplicates", duplicates.clusterCount(data::DuplicateKind::Conflict)},
             {"warnings", leakage},
             {"by_label", byLabel},
             {"by_lang", byLang},
             {"by_split", bySplit},
             {"cells", list}});
        return 0;
    }
    const auto metadataColumns = store.metadataColumns(dataset.id);
    std::cout << printable(dataset.name) << ": " << groupDigits(total) << " examples, "
              << groupDigits(dataset.labelledCount) << " labelled, " << byLang.size()
              << (byLang.size() == 1 ? " language, " : " languages, ") << dataset.labelCount
              << (dataset.labelCount == 1 ? " label\n" : " labels\n");
    if (!metadataColumns.empty()) {
        std::cout << "metadata columns:";
        for (const auto &column : metadataColumns)
            std::cout << (&column == &metadataColumns.front() ? " " : ", ") << printable(column);
        std::cout << "\n";
    }
    if (groupsAcrossSplits > 0)
        std::cout << "warning: " << groupDigits(groupsAcrossSplits)
                  << " groups have rows in more than one split, so test scores count translations seen in "
                     "training; glossa-cli split --project P --dataset "
                  << printable(dataset.name) << " splits them by group\n";
    for (const auto &sentence : leakage)
        std::cout << "warning: " << sentence << "; glossa-cli duplicates --project "
                  << printable(command.common.project) << " --dataset " << printable(dataset.name) << " lists them\n";
    if (const auto conflicts = duplicates.clusterCount(data::DuplicateKind::Conflict); conflicts > 0)
        std::cout << "note: " << groupDigits(conflicts) << (conflicts == 1 ? " text appears" : " texts appear")
                  << " with different labels (" << groupDigits(duplicates.rowCount(data::DuplicateKind::Conflict))
                  << " rows); glossa-cli duplicates lists them\n";
    printStatsTables(cells, total);
    if (command.cells) {
        std::cout << "\nlabel x language x split:\n";
        TextTable table({"label", "language", "split", "examples"});
        for (const auto &cell : cells)
            table.addRow({cell.label.empty() ? "(unlabelled)" : printable(cell.label), printable(cell.lang),
                          printable(cell.split), groupDigits(cell.count)});
        table.print(std::cout);
    }
    return 0;
}

int runExportPredictions(const ExportCommand &command)
{
    const auto format = exportFormat(command.format, command.predictions);
    auto project = store::Project::open(command.common.project);
    const auto run = store::RunStore(project.db(), project.artefactDir()).findRun(command.run);
    const auto rows = data::exportRunPredictions(project.db(), run.id, command.predictions);
    if (command.common.json)
        printJson({{"run", run.id},
                   {"name", run.name},
                   {"output", command.predictions},
                   {"format", data::toString(format)},
                   {"rows", rows}});
    else
        std::cout << "Exported " << groupDigits(rows) << " predictions of run '" << printable(run.name) << "' to "
                  << printable(command.predictions) << "\n";
    return 0;
}

} // namespace glossa::cli
