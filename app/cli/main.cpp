// glossa-cli: the headless face of the engine (import, export, datasets, stats; training and
// prediction join later). Every subcommand takes --json for machine-readable output; failures
// exit non-zero with one line on stderr.

#include "commands.h"

#include "util/error.h"

#include <CLI/CLI.hpp>

#include <iostream>

using namespace glossa::cli;

namespace {

void addCommon(CLI::App *command, CommonOptions &options)
{
    command->add_option("--project,-p", options.project, "Project file (*.glossa)")->required();
    command->add_flag("--json", options.json, "Machine-readable output");
}

} // namespace

int main(int argc, char **argv)
{
    CLI::App app{"Glossa command line: manage projects and datasets without the GUI", "glossa-cli"};
    app.require_subcommand(1);
    app.set_version_flag("--version", std::string("glossa-cli ") + GLOSSA_VERSION);

    InitCommand init;
    auto *initCommand = app.add_subcommand("init", "Create a new, empty project");
    addCommon(initCommand, init.common);
    initCommand->add_flag("--demo", init.demo, "Fill it with the bundled multilingual demo dataset");

    ImportCommand import;
    auto *importCommand =
        app.add_subcommand("import", "Import a CSV, TSV or JSONL file (creates the project if needed)");
    addCommon(importCommand, import.common);
    importCommand->add_option("--dataset,-d", import.dataset, "Dataset to create or add to")->required();
    importCommand->add_option("--input,-i", import.input, "File to import")->required();
    importCommand->add_option("--format", import.format, "csv, tsv or jsonl (default: from the file)");
    importCommand->add_option("--map", import.map, "Columns: text=COL,label=COL,lang=COL,split=COL,id=COL,group=COL");
    importCommand->add_option("--seed", import.seed, "Seed of the split for rows without one")->capture_default_str();
    importCommand->add_option("--split", import.splitRatios, "train/dev/test percentages for rows without a split")
        ->capture_default_str();
    importCommand->add_flag("--progress", import.progress, "Print progress lines on stderr");

    ExportCommand exportArgs;
    auto *exportCommand = app.add_subcommand("export", "Export a dataset with its current labels");
    addCommon(exportCommand, exportArgs.common);
    exportCommand->add_option("--dataset,-d", exportArgs.dataset, "Dataset to export")->required();
    exportCommand->add_option("--output,-o", exportArgs.output, "File to write")->required();
    exportCommand->add_option("--format", exportArgs.format, "csv, tsv or jsonl (default: from the file name)");

    CommonOptions datasets;
    auto *datasetsCommand = app.add_subcommand("datasets", "List the datasets of a project");
    addCommon(datasetsCommand, datasets);

    StatsCommand stats;
    auto *statsCommand = app.add_subcommand("stats", "Count examples per label x language x split");
    addCommon(statsCommand, stats.common);
    statsCommand->add_option("--dataset,-d", stats.dataset, "Dataset")->required();

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp &e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion &e) {
        return app.exit(e);
    } catch (const CLI::ParseError &e) {
        std::cerr << "glossa-cli: " << e.what() << " (see glossa-cli --help)\n";
        return 2;
    }

    try {
        if (*initCommand)
            return runInit(init);
        if (*importCommand)
            return runImport(import);
        if (*exportCommand)
            return runExport(exportArgs);
        if (*datasetsCommand)
            return runDatasets(datasets);
        if (*statsCommand)
            return runStats(stats);
    } catch (const std::exception &e) {
        std::cerr << "glossa-cli: error: " << e.what() << "\n";
        return 1;
    }
    return 2;
}
