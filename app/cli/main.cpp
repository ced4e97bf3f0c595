// glossa-cli: the headless face of the engine (import, export, datasets, stats, training,
// evaluation, prediction, label errors). Every subcommand takes --json for machine-readable
// output; failures exit non-zero with one line on stderr.
//
// Built twice: as glossa-cli, which runs the commands that need no LibTorch and hands the
// others to glossa-cli-engine (built with GLOSSA_CLI_ENGINE), so `datasets` starts in
// milliseconds instead of a second.

#include "boundedlines.h"
#include "commands.h"
#include "doctorcommand.h"
#include "duplicatescommand.h"
#include "hfcommands.h"
#include "retrievecommand.h"
#include "runcommands.h"
#include "splitcommands.h"
#include "tokenizerahead.h"
#include "traincommands.h"
#include "trainevents.h"
#include "transfercommand.h"
#include "warningsahead.h"
#ifndef GLOSSA_CLI_ENGINE
#include "engineforward.h"
#else
#include <c10/util/Exception.h>
#endif

#include "util/closestname.h"
#include "util/error.h"
#include "util/names.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <charconv>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string_view>

using namespace glossa::cli;

namespace {

// CLI11 converts integers with strtoull/strtoll and base 0, so "99999999999999999999999"
// became 2^64-1 (stored as -1), "-1" a huge unsigned seed and "010" eight. This checks the
// text is a decimal whole number in [minimum, maximum] and hands CLI11 its canonical digits.
CLI::Validator wholeNumber(std::int64_t minimum, std::int64_t maximum)
{
    const auto range = "a whole number from " + std::to_string(minimum) + " to " + std::to_string(maximum);
    return CLI::Validator(
        [minimum, maximum, range](std::string &value) -> std::string {
            std::int64_t number = 0;
            const char *end = value.data() + value.size();
            const auto [stop, error] = std::from_chars(value.data(), end, number);
            if (value.empty() || stop != end || error == std::errc::invalid_argument)
                return "'" + value + "' is not " + range;
            if (error == std::errc::result_out_of_range || number < minimum || number > maximum)
                return value + " is out of range: give " + range;
            value = std::to_string(number);
            return {};
        },
        "INT in [" + std::to_string(minimum) + ", " + std::to_string(maximum) + "]");
}

// A name the command would store (a run's): refused by CLI11 before anything starts, with
// the same words the stores use (RunStore checks it again for every other caller).
CLI::Validator cleanName(const char *what)
{
    return CLI::Validator(
        [what](std::string &value) -> std::string {
            if (const auto problem = glossa::core::nameProblem(value))
                return std::string(what) + " '" + glossa::core::escapeForTerminal(value) + "' " + *problem
                       + "; choose one without control characters";
            return {};
        },
        "NAME");
}

// Seeds are stored as SQLite integers (signed 64 bits): larger ones would come back negative.
constexpr std::int64_t largestSeed = INT64_MAX;
constexpr std::int64_t largestCount = INT32_MAX;

void addMaxTextBytes(CLI::App *command, std::size_t &bytes, const char *what)
{
    command
        ->add_option("--max-text-bytes", bytes,
                     std::string("Longest text accepted, in bytes (") + what + "; default 1 MiB, at most 64 MiB)")
        ->transform(wholeNumber(1, std::int64_t(64) << 20))
        ->capture_default_str();
}

void addCommon(CLI::App *command, CommonOptions &options)
{
    command->add_option("--project,-p", options.project, "Project file (*.glossa)")->required();
    command->add_flag("--json", options.json, "Machine-readable output");
}

// retrieve --stream, judged from the words alone, for the same reason.
bool asksForRetrieveStream(int argc, char **argv)
{
    bool retrieve = false;
    bool stream = false;
    for (int i = 1; i < argc; ++i) {
        const std::string_view word = argv[i];
        retrieve = retrieve || word == "retrieve";
        stream = stream || word == "--stream";
    }
    return retrieve && stream;
}

void printRetrieveFailed(const std::string &message)
{
    std::cout << nlohmann::json{{"failed", message}}.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
              << std::endl;
}

// A train or errors command with --events, judged from the words alone: when parsing fails,
// the GUI reading the events still needs to hear why.
bool asksForEvents(int argc, char **argv)
{
    bool train = false;
    bool events = false;
    for (int i = 1; i < argc; ++i) {
        const std::string_view word = argv[i];
        train = train || word == "train" || word == "errors";
        events = events || word == "--events";
    }
    return train && events;
}

#ifdef GLOSSA_CLI_ENGINE
// Every project, job and model is closed by the time a command returns; what is left are
// LibTorch's static destructors, which deregister thousands of operators and take about
// 0.2 s of a short training run. Nothing of ours is in them, so skip them.
int leaveWithoutStaticDestructors(int exitCode)
{
    finishTokenizerAhead();
    finishWarningsAhead();
    std::cout.flush();
    std::cerr.flush();
    std::fflush(nullptr); // the C streams under std::cout, which _Exit would not flush
    std::_Exit(exitCode);
}
#endif

// Every subcommand's options, filled by CLI11, and the subcommand itself, to ask which ran.
struct Commands
{
    std::size_t maxText = defaultMaxTextBytes;
    InitCommand init;
    CLI::App *initCommand = nullptr;
    ImportCommand import;
    CLI::App *importCommand = nullptr;
    ExportCommand exportArgs;
    CLI::App *exportCommand = nullptr;
    CommonOptions datasets;
    CLI::App *datasetsCommand = nullptr;
    StatsCommand stats;
    CLI::App *statsCommand = nullptr;
    DuplicatesCommand duplicates;
    CLI::App *duplicatesCommand = nullptr;
    SplitCommand split;
    CLI::App *splitCommand = nullptr;
    DoctorCommand doctor;
    CLI::App *doctorCommand = nullptr;
    TrainCommand train;
    CLI::App *trainCommand = nullptr;
    TransferCommand transfer;
    CLI::App *transferCommand = nullptr;
    EvalCommand eval;
    CLI::App *evalCommand = nullptr;
    PredictCommand predict;
    CLI::App *predictCommand = nullptr;
    RunsCommand runsOptions;
    CLI::App *runsCommand = nullptr;
    CompareCommand compare;
    CLI::App *compareCommand = nullptr;
    ErrorsCommand errors;
    CLI::App *errorsCommand = nullptr;
    EmbedCommand embed;
    CLI::App *embedCommand = nullptr;
    RetrieveCommand retrieve;
    CLI::App *retrieveCommand = nullptr;
    CommonOptions settings;
    CLI::App *settingsCommand = nullptr;
};

// The commands on a project's data, which need no LibTorch.
void addDataCommands(CLI::App &app, Commands &c)
{
    c.initCommand = app.add_subcommand("init", "Create a new, empty project");
    addCommon(c.initCommand, c.init.common);
    c.initCommand->add_flag("--demo", c.init.demo, "Fill it with the bundled multilingual demo dataset");

    c.importCommand = app.add_subcommand("import", "Import a CSV, TSV or JSONL file (creates the project if needed)");
    addCommon(c.importCommand, c.import.common);
    c.importCommand->add_option("--dataset,-d", c.import.dataset, "Dataset to create or add to")->required();
    c.importCommand
        ->add_option("--input,-i", c.import.input,
                     "File to import (a regular file; - reads stdin when it is a file, not a pipe)")
        ->required();
    c.importCommand->add_option("--format", c.import.format, "csv, tsv or jsonl (default: from the file)");
    c.importCommand->add_option(
        "--map", c.import.map,
        "Columns: text=COL,label=COL,lang=COL,split=COL,id=COL,group=COL (each field at most once)");
    c.importCommand->add_option("--seed", c.import.seed, "Seed of the split for rows without one")
        ->transform(wholeNumber(0, largestSeed))
        ->capture_default_str();
    c.importCommand->add_option("--split", c.import.splitRatios, "train/dev/test percentages for rows without a split")
        ->capture_default_str();
    c.importCommand->add_flag("--progress", c.import.progress, "Print progress lines on stderr");
    c.importCommand->add_flag("--skip-invalid", c.import.skipInvalid,
                              "Import the rows that can be and list the others, with line and reason, in a CSV "
                              "report beside the project (default: a bad row refuses the whole file)");
    addMaxTextBytes(c.importCommand, c.maxText, "per text field");

    c.exportCommand = app.add_subcommand(
        "export", "Export a dataset with its current labels, a run's predictions, or a run's model as a folder");
    addCommon(c.exportCommand, c.exportArgs.common);
    auto *exportDataset = c.exportCommand->add_option("--dataset,-d", c.exportArgs.dataset, "Dataset to export");
    auto *exportRun = c.exportCommand->add_option(
        "--run,-r", c.exportArgs.run,
        "Run name or id: its model as a folder (--output DIR), or with --predictions its stored predictions");
    exportDataset->excludes(exportRun);
    auto *exportOutput = c.exportCommand->add_option(
        "--output,-o", c.exportArgs.output,
        "With --dataset, the file to write (.csv, .tsv or .jsonl); with --run, the model folder to write");
    auto *exportPredictions = c.exportCommand->add_option(
        "--predictions", c.exportArgs.predictions,
        "With --run, the file for the run's predictions (.csv, .tsv or .jsonl): id, text, lang, split, label, "
        "predicted, confidence, margin, correct");
    exportPredictions->excludes(exportOutput)->excludes(exportDataset);
    c.exportCommand->add_option("--format", c.exportArgs.format,
                                "csv, tsv or jsonl (the extension decides; this must agree with it); for a model: "
                                "glossa (a bag or transformer run, the default) or hf (a pretrained run, the default)");
    c.exportCommand->add_flag("--lora-adapters", c.exportArgs.loraAdapters,
                              "With hf, a LoRA run as peft adapter files instead of merged weights");

    c.datasetsCommand = app.add_subcommand("datasets", "List the datasets of a project");
    addCommon(c.datasetsCommand, c.datasets);

    c.statsCommand = app.add_subcommand("stats", "Count examples per split, language and label");
    addCommon(c.statsCommand, c.stats.common);
    c.statsCommand->add_option("--dataset,-d", c.stats.dataset, "Dataset")->required();
    c.statsCommand->add_flag("--cells", c.stats.cells, "Also list the count of every label x language x split");

    c.duplicatesCommand = app.add_subcommand(
        "duplicates",
        "Texts that repeat (after NFKC, case and whitespace) or nearly repeat: conflicting labels first, then "
        "those across splits");
    addCommon(c.duplicatesCommand, c.duplicates.common);
    c.duplicatesCommand->add_option("--dataset,-d", c.duplicates.dataset, "Dataset")->required();
    c.duplicatesCommand
        ->add_option("--near-threshold", c.duplicates.nearThreshold,
                     "Share of character 5-grams two texts must have in common (Jaccard) to be near-duplicates")
        ->check(CLI::Range(0.05, 1.0))
        ->capture_default_str();
    c.duplicatesCommand->add_flag("--exact-only", c.duplicates.exactOnly, "Only texts equal after normalisation");
    c.duplicatesCommand->add_option("--limit", c.duplicates.limit, "Clusters listed without --json (0: all)")
        ->transform(wholeNumber(0, largestCount))
        ->capture_default_str();

    c.splitCommand = app.add_subcommand(
        "split", "Split a dataset's rows into train/dev/test again (by group: translations stay together)");
    addCommon(c.splitCommand, c.split.common);
    c.splitCommand->add_option("--dataset,-d", c.split.dataset, "Dataset")->required();
    c.splitCommand->add_option("--ratios", c.split.ratios, "train/dev/test percentages")->capture_default_str();
    c.splitCommand->add_option("--seed", c.split.seed, "Seed of the split")
        ->transform(wholeNumber(0, largestSeed))
        ->capture_default_str();
    c.splitCommand->add_option("--by", c.split.by, "group (rows of a group share a split) or row")
        ->capture_default_str();
    c.splitCommand->add_flag("--dry-run", c.split.dryRun, "Show what the split would be without writing it");
    c.splitCommand->add_flag("--undo", c.split.undo, "Put back the splits from before the latest re-split");

    c.doctorCommand = app.add_subcommand(
        "doctor",
        "Examine a project file without trusting it: schema, damage, artefacts; --fix removes what is foreign");
    addCommon(c.doctorCommand, c.doctor.common);
    c.doctorCommand->add_flag(
        "--fix", c.doctor.fix,
        "Drop schema objects Glossa does not create, restore its own, and remove artefact entries "
        "that point outside the artefacts folder");
}

// Training, evaluating and comparing runs, prediction and the label-error search.
void addRunCommands(CLI::App &app, Commands &c)
{
    c.trainCommand = app.add_subcommand("train", "Train a model on a dataset, or resume a stopped run");
    addCommon(c.trainCommand, c.train.common);
    c.trainCommand->add_option("--dataset,-d", c.train.dataset, "Dataset to train on");
    c.trainCommand->add_option("--set", c.train.assignments,
                               "A setting, key=value (repeatable; glossa-cli settings lists them)");
    c.trainCommand->add_option("--config", c.train.configFile, "JSON file of settings (--set overrides it)");
    c.trainCommand->add_option("--name", c.train.name, "Name of the run (default: model type and number)")
        ->check(cleanName("run name"));
    c.trainCommand->add_option("--resume", c.train.resume, "Go on with a stopped or interrupted run (name or id)");
    c.trainCommand->add_option("--study", c.train.study,
                               "A transfer study's run (id or name of the study; with --source): its dataset and "
                               "settings come from the study");
    c.trainCommand->add_option("--source", c.train.source, "With --study: the source language, or all");
    c.trainCommand->add_flag("--events", c.train.events,
                             "For a GUI: JSON events on stdout, one a line; pause, resume and stop commands on stdin "
                             "(closing stdin stops the run)");

    c.transferCommand = app.add_subcommand(
        "transfer", "Zero-shot transfer across languages: one run per source language (and all together), each "
                    "picking its checkpoint on its source's dev rows and tested on every language");
    addCommon(c.transferCommand, c.transfer.common);
    c.transferCommand->add_option("--dataset,-d", c.transfer.dataset, "Dataset (split by group)");
    c.transferCommand->add_option("--languages", c.transfer.languages,
                                  "Languages, comma-separated (default: every language with labelled train and test "
                                  "rows)");
    c.transferCommand->add_option("--set", c.transfer.assignments,
                                  "A setting every run shares, key=value (repeatable; glossa-cli settings lists them)");
    c.transferCommand->add_option("--config", c.transfer.configFile, "JSON file of settings (--set overrides it)");
    c.transferCommand->add_option("--study", c.transfer.study,
                                  "Go on with this study (id or name): its dataset, languages and settings");

    c.evalCommand = app.add_subcommand("eval", "Score a run's model on a split of the data it trained on");
    addCommon(c.evalCommand, c.eval.common);
    c.evalCommand->add_option("--run,-r", c.eval.run, "Run name or id")->required();
    c.evalCommand->add_option("--split", c.eval.split, "train, dev or test")->capture_default_str();

    c.predictCommand = app.add_subcommand("predict", "Classify texts from stdin, one per line");
    auto *predictProject =
        c.predictCommand->add_option("--project,-p", c.predict.common.project, "Project file (*.glossa), with --run");
    c.predictCommand->add_flag("--json", c.predict.common.json, "Machine-readable output");
    auto *predictRun = c.predictCommand->add_option("--run,-r", c.predict.run, "Run name or id");
    c.predictCommand
        ->add_option("--model,-m", c.predict.model,
                     "Instead of --project and --run: a model folder written by export --run R --output DIR (or a "
                     "Hugging Face folder of a fine-tuned XLM-R classifier)")
        ->excludes(predictProject)
        ->excludes(predictRun);
    c.predictCommand->add_flag("--explain", c.predict.explain,
                               "Token attributions towards the label (in the JSON, or a line of pieces and scores)");
    c.predictCommand->add_option("--input,-i", c.predict.input, "File of texts, one per line (default: stdin)");
    c.predictCommand->add_option("--output,-o", c.predict.output,
                                 "File for the answers, written whole once every line is answered (default: stdout)");
    c.predictCommand
        ->add_option("--top-k", c.predict.topK, "Also give the K most probable labels with their probabilities")
        ->check(CLI::Range(1, 1000));
    c.predictCommand->add_flag("--stream", c.predict.stream,
                               "Answer each line as soon as it is read (for a program writing one line at a time)");
    addMaxTextBytes(c.predictCommand, c.maxText, "per line of input");

    c.runsCommand = app.add_subcommand(
        "runs", "List the training runs of a project: scores, duration and the settings that tell them apart");
    addCommon(c.runsCommand, c.runsOptions.common);
    c.runsCommand->add_option("--dataset,-d", c.runsOptions.dataset, "Only the runs on this dataset");

    c.compareCommand = app.add_subcommand(
        "compare", "Is run B better than run A on their test split? Macro-F1 difference with a paired bootstrap");
    addCommon(c.compareCommand, c.compare.common);
    c.compareCommand->add_option("--run,-r", c.compare.runs, "Run name or id: give --run A --run B")->required();

    c.errorsCommand = app.add_subcommand("errors", "Likely label errors: k-fold predictions that confidently disagree");
    addCommon(c.errorsCommand, c.errors.common);
    c.errorsCommand->add_option("--run,-r", c.errors.run, "Run name or id (its settings and data snapshot)")
        ->required();
    c.errorsCommand->add_option("--folds", c.errors.folds, "Cross-validation folds")
        ->transform(wholeNumber(2, 100))
        ->capture_default_str();
    c.errorsCommand->add_flag("--recompute", c.errors.recompute, "Search again even when the run has results");
    c.errorsCommand->add_option("--limit", c.errors.limit, "Show at most this many (0: all)")
        ->transform(wholeNumber(0, largestCount))
        ->capture_default_str();
    c.errorsCommand
        ->add_option("--max-percent", c.errors.maxPercent,
                     "The queue keeps the best-ranked flags up to this share of the labelled examples")
        ->capture_default_str();
    c.errorsCommand
        ->add_option("--rank", c.errors.rank,
                     "Order of the flags: self-confidence (the given label's probability, lowest first) or margin")
        ->check(CLI::IsMember({"self-confidence", "margin"}))
        ->capture_default_str();
    c.errorsCommand->add_flag("--events", c.errors.events,
                              "For a GUI: search again, with JSON events on stdout, one a line; stop on stdin "
                              "(closing stdin stops the search)");
}

// Hugging Face encoder folders (embed, retrieve) and the settings' list.
void addEncoderCommands(CLI::App &app, Commands &c)
{
    c.embedCommand =
        app.add_subcommand("embed", "Text embeddings from a Hugging Face encoder folder (stdin, one text per line)");
    c.embedCommand
        ->add_option("--model", c.embed.model,
                     "Model folder (config.json, model.safetensors, "
                     "sentencepiece.bpe.model)")
        ->required();
    c.embedCommand->add_option("--pooling", c.embed.pooling, "cls (the first token) or mean (over the tokens)")
        ->capture_default_str();
    c.embedCommand
        ->add_option("--quantize", c.embed.quantize,
                     "none, or int8: the encoder's linear layers in 8-bit integers (faster on a CPU, the vectors a "
                     "little different)")
        ->capture_default_str();
    c.embedCommand->add_flag("--json", c.embed.json, "One JSON object per line: ids and embedding");
    addMaxTextBytes(c.embedCommand, c.maxText, "per line of stdin");

    c.retrieveCommand = app.add_subcommand(
        "retrieve", "Can a model find each text's translation? Precision at 1 and MRR per language pair, by cosine "
                    "similarity of the texts' embeddings");
    c.retrieveCommand->add_option("--project,-p", c.retrieve.project, "Project file (*.glossa)")->required();
    c.retrieveCommand->add_option("--dataset,-d", c.retrieve.dataset, "Dataset whose translation groups are searched")
        ->required();
    auto *retrieveModel =
        c.retrieveCommand->add_option("--model,-m", c.retrieve.model,
                                      "A Hugging Face encoder folder (config.json, model.safetensors, "
                                      "sentencepiece.bpe.model)");
    auto *retrieveRun = c.retrieveCommand->add_option(
        "--run,-r", c.retrieve.run, "Instead of --model: a run's own model (the vector its classifier reads)");
    retrieveModel->excludes(retrieveRun);
    c.retrieveCommand->add_option("--pooling", c.retrieve.pooling,
                                  "With --model: mean (over the tokens, the default) or cls (the first token)");
    c.retrieveCommand->add_option("--quantize", c.retrieve.quantize,
                                  "none or int8 (the encoder's linear layers in 8-bit integers); default: none for "
                                  "--model, the run's model.quantize for --run");
    c.retrieveCommand->add_option("--split", c.retrieve.split, "train, dev or test")->capture_default_str();
    auto *retrieveJson = c.retrieveCommand->add_flag("--json", c.retrieve.json, "Machine-readable output");
    auto *retrieveStream = c.retrieveCommand->add_flag(
        "--stream", c.retrieve.stream,
        "For a GUI: JSON lines (progress, then ready with the scores), then {\"key\": K, \"text\": ...} requests "
        "on stdin answered with each language's nearest texts; stop or the end of stdin ends it");
    retrieveJson->excludes(retrieveStream);
    c.retrieveCommand->add_option("--top-k", c.retrieve.topK, "With --stream: neighbours per language")
        ->transform(wholeNumber(1, 1000))
        ->capture_default_str();

    c.settingsCommand = app.add_subcommand("settings", "List every training setting with its default and range");
    c.settingsCommand->add_flag("--json", c.settings.json, "Machine-readable output");
}

// A command line CLI11 refused: one line on stderr, and for a GUI reading events or a
// retrieve stream, the same as JSON. Returns the exit code.
int reportParseError(const CLI::App &app, const CLI::ParseError &e, int argc, char **argv)
{
    // The message quotes the user's words, which may hold anything. A mistyped command
    // ("glossa-cli trian") gets the one it most likely meant.
    std::string hint = " (see glossa-cli --help)";
    if (argc > 1 && argv[1][0] != '-' && app.get_subcommands().empty()) {
        std::vector<std::string> commands;
        for (const auto *command : app.get_subcommands({}))
            commands.push_back(command->get_name());
        const std::string_view typed = argv[1];
        if (std::find(commands.begin(), commands.end(), typed) == commands.end()) {
            if (const auto suggestion = glossa::core::closestName(typed, commands))
                hint = " (did you mean " + *suggestion + "? see glossa-cli --help)";
            // Every export is one command: hf-export, export-model, export-predictions...
            if (typed.find("export") != std::string_view::npos)
                hint = " (did you mean export? export --run R --output DIR writes a run's model, --run R "
                       "--predictions FILE its predictions; see glossa-cli export --help)";
        }
    }
    std::cerr << "glossa-cli: " << glossa::core::escapeForTerminal(e.what()) << hint << "\n";
    if (asksForEvents(argc, argv))
        printFailedEvent(std::string(e.what()) + hint);
    if (asksForRetrieveStream(argc, argv))
        printRetrieveFailed(std::string(e.what()) + hint);
    return 2;
}

// Runs the command the line named; glossa-cli hands those that need LibTorch to
// glossa-cli-engine. Throws what the command throws.
int runCommand(Commands &c, char **argv)
{
    if (*c.initCommand)
        return runInit(c.init);
    if (*c.importCommand)
        return runImport(c.import);
    if (*c.exportCommand) {
        if (c.exportArgs.dataset.empty() && c.exportArgs.run.empty())
            throw glossa::core::Error("export needs --dataset D --output FILE (examples), --run R --predictions "
                                      "FILE (a run's predictions) or --run R --output DIR (a run's model)");
        if (c.exportArgs.predictions.empty() && c.exportArgs.output.empty())
            throw glossa::core::Error(c.exportArgs.run.empty()
                                          ? "export --dataset needs --output FILE (.csv, .tsv or .jsonl)"
                                          : "export --run needs --output DIR (the model as a folder) or "
                                            "--predictions FILE (its predictions)");
        if (!c.exportArgs.predictions.empty())
            return runExportPredictions(c.exportArgs);
        if (c.exportArgs.run.empty())
            return runExport(c.exportArgs);
    }
    if (*c.datasetsCommand)
        return runDatasets(c.datasets);
    if (*c.statsCommand)
        return runStats(c.stats);
    if (*c.runsCommand)
        return runRuns(c.runsOptions);
    if (*c.splitCommand)
        return runSplit(c.split);
    if (*c.duplicatesCommand)
        return runDuplicates(c.duplicates);
    if (*c.compareCommand)
        return runCompare(c.compare);
    if (*c.doctorCommand)
        return runDoctor(c.doctor);
#ifdef GLOSSA_CLI_ENGINE
    if (*c.trainCommand)
        return leaveWithoutStaticDestructors(runTrain(c.train));
    if (*c.evalCommand)
        return leaveWithoutStaticDestructors(runEval(c.eval));
    if (*c.transferCommand)
        return leaveWithoutStaticDestructors(runTransfer(c.transfer));
    if (*c.predictCommand)
        return leaveWithoutStaticDestructors(runPredict(c.predict));
    if (*c.errorsCommand)
        return leaveWithoutStaticDestructors(runErrors(c.errors));
    if (*c.embedCommand)
        return leaveWithoutStaticDestructors(runEmbed(c.embed));
    if (*c.retrieveCommand)
        return leaveWithoutStaticDestructors(runRetrieve(c.retrieve));
    if (*c.exportCommand)
        return leaveWithoutStaticDestructors(
            runExportModel({c.exportArgs.common.project, c.exportArgs.run, c.exportArgs.output, c.exportArgs.format,
                            c.exportArgs.loraAdapters, c.exportArgs.common.json}));
#else
    if (*c.trainCommand) {
        startWarningsAhead(c.train); // wanted first: before the run's first step
        startTokenizerAhead(c.train);
    }
    if (*c.trainCommand || *c.evalCommand || *c.transferCommand || *c.predictCommand || *c.errorsCommand
        || *c.embedCommand || *c.exportCommand || *c.retrieveCommand) {
        const int exitCode = forwardToEngine(argv); // returns only when the engine could not start
        if ((*c.trainCommand && c.train.events) || (*c.errorsCommand && c.errors.events))
            printFailedEvent("glossa-cli-engine, which trains the models, could not be started (stderr says why)");
        if (*c.retrieveCommand && c.retrieve.stream)
            printRetrieveFailed("glossa-cli-engine, which runs the models, could not be started (stderr says why)");
        return exitCode;
    }
#endif
    if (*c.settingsCommand)
        return runSettings(c.settings);
    return 2;
}

} // namespace

int main(int argc, char **argv)
{
    CLI::App app{"Glossa command line: manage projects and datasets without the GUI", "glossa-cli"};
    app.require_subcommand(1);
    app.set_version_flag("--version", std::string("glossa-cli ") + GLOSSA_VERSION);
    Commands commands;
    addDataCommands(app, commands);
    addRunCommands(app, commands);
    addEncoderCommands(app, commands);

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp &e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion &e) {
        return app.exit(e);
    } catch (const CLI::ParseError &e) {
        return reportParseError(app, e, argc, argv);
    }
    setMaxTextBytes(commands.maxText);

    try {
        return runCommand(commands, argv);
    }
#ifdef GLOSSA_CLI_ENGINE
    catch (const c10::Error &e) {
        // LibTorch's own message, without the 20 lines of its C++ backtrace.
        std::cerr << "glossa-cli: error: " << glossa::core::escapeForTerminal(e.what_without_backtrace()) << "\n";
        return leaveWithoutStaticDestructors(1);
    }
#endif
    catch (const std::exception &e) {
        // Messages quote names and texts from files and projects: escaped, so none of them
        // can act on the terminal, and the message stays one line.
        std::cerr << "glossa-cli: error: " << glossa::core::escapeForTerminal(e.what()) << "\n";
#ifdef GLOSSA_CLI_ENGINE
        return leaveWithoutStaticDestructors(1);
#else
        return 1;
#endif
    }
}
