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
    std::cout.flush();
    std::cerr.flush();
    std::fflush(nullptr); // the C streams under std::cout, which _Exit would not flush
    std::_Exit(exitCode);
}
#endif

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
    importCommand
        ->add_option("--input,-i", import.input,
                     "File to import (a regular file; - reads stdin when it is a file, not a pipe)")
        ->required();
    importCommand->add_option("--format", import.format, "csv, tsv or jsonl (default: from the file)");
    importCommand->add_option(
        "--map", import.map,
        "Columns: text=COL,label=COL,lang=COL,split=COL,id=COL,group=COL (each field at most once)");
    importCommand->add_option("--seed", import.seed, "Seed of the split for rows without one")
        ->transform(wholeNumber(0, largestSeed))
        ->capture_default_str();
    importCommand->add_option("--split", import.splitRatios, "train/dev/test percentages for rows without a split")
        ->capture_default_str();
    importCommand->add_flag("--progress", import.progress, "Print progress lines on stderr");
    importCommand->add_flag("--skip-invalid", import.skipInvalid,
                            "Import the rows that can be and list the others, with line and reason, in a CSV "
                            "report beside the project (default: a bad row refuses the whole file)");
    std::size_t maxText = defaultMaxTextBytes;
    addMaxTextBytes(importCommand, maxText, "per text field");

    ExportCommand exportArgs;
    auto *exportCommand = app.add_subcommand(
        "export", "Export a dataset with its current labels, a run's predictions, or a run's model as a folder");
    addCommon(exportCommand, exportArgs.common);
    auto *exportDataset = exportCommand->add_option("--dataset,-d", exportArgs.dataset, "Dataset to export");
    auto *exportRun = exportCommand->add_option(
        "--run,-r", exportArgs.run,
        "Run name or id: its model as a folder (--output DIR), or with --predictions its stored predictions");
    exportDataset->excludes(exportRun);
    auto *exportOutput = exportCommand->add_option(
        "--output,-o", exportArgs.output,
        "With --dataset, the file to write (.csv, .tsv or .jsonl); with --run, the model folder to write");
    auto *exportPredictions = exportCommand->add_option(
        "--predictions", exportArgs.predictions,
        "With --run, the file for the run's predictions (.csv, .tsv or .jsonl): id, text, lang, split, label, "
        "predicted, confidence, margin, correct");
    exportPredictions->excludes(exportOutput)->excludes(exportDataset);
    exportCommand->add_option("--format", exportArgs.format,
                              "csv, tsv or jsonl (the extension decides; this must agree with it); for a model: "
                              "glossa (a bag or transformer run, the default) or hf (a pretrained run, the default)");
    exportCommand->add_flag("--lora-adapters", exportArgs.loraAdapters,
                            "With hf, a LoRA run as peft adapter files instead of merged weights");

    CommonOptions datasets;
    auto *datasetsCommand = app.add_subcommand("datasets", "List the datasets of a project");
    addCommon(datasetsCommand, datasets);

    StatsCommand stats;
    auto *statsCommand = app.add_subcommand("stats", "Count examples per split, language and label");
    addCommon(statsCommand, stats.common);
    statsCommand->add_option("--dataset,-d", stats.dataset, "Dataset")->required();
    statsCommand->add_flag("--cells", stats.cells, "Also list the count of every label x language x split");

    DuplicatesCommand duplicates;
    auto *duplicatesCommand = app.add_subcommand(
        "duplicates",
        "Texts that repeat (after NFKC, case and whitespace) or nearly repeat: conflicting labels first, then "
        "those across splits");
    addCommon(duplicatesCommand, duplicates.common);
    duplicatesCommand->add_option("--dataset,-d", duplicates.dataset, "Dataset")->required();
    duplicatesCommand
        ->add_option("--near-threshold", duplicates.nearThreshold,
                     "Share of character 5-grams two texts must have in common (Jaccard) to be near-duplicates")
        ->check(CLI::Range(0.05, 1.0))
        ->capture_default_str();
    duplicatesCommand->add_flag("--exact-only", duplicates.exactOnly, "Only texts equal after normalisation");
    duplicatesCommand->add_option("--limit", duplicates.limit, "Clusters listed without --json (0: all)")
        ->transform(wholeNumber(0, largestCount))
        ->capture_default_str();

    SplitCommand split;
    auto *splitCommand = app.add_subcommand(
        "split", "Split a dataset's rows into train/dev/test again (by group: translations stay together)");
    addCommon(splitCommand, split.common);
    splitCommand->add_option("--dataset,-d", split.dataset, "Dataset")->required();
    splitCommand->add_option("--ratios", split.ratios, "train/dev/test percentages")->capture_default_str();
    splitCommand->add_option("--seed", split.seed, "Seed of the split")
        ->transform(wholeNumber(0, largestSeed))
        ->capture_default_str();
    splitCommand->add_option("--by", split.by, "group (rows of a group share a split) or row")->capture_default_str();
    splitCommand->add_flag("--dry-run", split.dryRun, "Show what the split would be without writing it");
    splitCommand->add_flag("--undo", split.undo, "Put back the splits from before the latest re-split");

    DoctorCommand doctor;
    auto *doctorCommand = app.add_subcommand(
        "doctor",
        "Examine a project file without trusting it: schema, damage, artefacts; --fix removes what is foreign");
    addCommon(doctorCommand, doctor.common);
    doctorCommand->add_flag("--fix", doctor.fix,
                            "Drop schema objects Glossa does not create, restore its own, and remove artefact entries "
                            "that point outside the artefacts folder");

    TrainCommand train;
    auto *trainCommand = app.add_subcommand("train", "Train a model on a dataset, or resume a stopped run");
    addCommon(trainCommand, train.common);
    trainCommand->add_option("--dataset,-d", train.dataset, "Dataset to train on");
    trainCommand->add_option("--set", train.assignments,
                             "A setting, key=value (repeatable; glossa-cli settings lists them)");
    trainCommand->add_option("--config", train.configFile, "JSON file of settings (--set overrides it)");
    trainCommand->add_option("--name", train.name, "Name of the run (default: model type and number)")
        ->check(cleanName("run name"));
    trainCommand->add_option("--resume", train.resume, "Go on with a stopped or interrupted run (name or id)");
    trainCommand->add_option("--study", train.study,
                             "A transfer study's run (id or name of the study; with --source): its dataset and "
                             "settings come from the study");
    trainCommand->add_option("--source", train.source, "With --study: the source language, or all");
    trainCommand->add_flag("--events", train.events,
                           "For a GUI: JSON events on stdout, one a line; pause, resume and stop commands on stdin "
                           "(closing stdin stops the run)");

    TransferCommand transfer;
    auto *transferCommand = app.add_subcommand(
        "transfer", "Zero-shot transfer across languages: one run per source language (and all together), each "
                    "picking its checkpoint on its source's dev rows and tested on every language");
    addCommon(transferCommand, transfer.common);
    transferCommand->add_option("--dataset,-d", transfer.dataset, "Dataset (split by group)");
    transferCommand->add_option("--languages", transfer.languages,
                                "Languages, comma-separated (default: every language with labelled train and test "
                                "rows)");
    transferCommand->add_option("--set", transfer.assignments,
                                "A setting every run shares, key=value (repeatable; glossa-cli settings lists them)");
    transferCommand->add_option("--config", transfer.configFile, "JSON file of settings (--set overrides it)");
    transferCommand->add_option("--study", transfer.study,
                                "Go on with this study (id or name): its dataset, languages and settings");

    EvalCommand eval;
    auto *evalCommand = app.add_subcommand("eval", "Score a run's model on a split of the data it trained on");
    addCommon(evalCommand, eval.common);
    evalCommand->add_option("--run,-r", eval.run, "Run name or id")->required();
    evalCommand->add_option("--split", eval.split, "train, dev or test")->capture_default_str();

    PredictCommand predict;
    auto *predictCommand = app.add_subcommand("predict", "Classify texts from stdin, one per line");
    auto *predictProject =
        predictCommand->add_option("--project,-p", predict.common.project, "Project file (*.glossa), with --run");
    predictCommand->add_flag("--json", predict.common.json, "Machine-readable output");
    auto *predictRun = predictCommand->add_option("--run,-r", predict.run, "Run name or id");
    predictCommand
        ->add_option("--model,-m", predict.model,
                     "Instead of --project and --run: a model folder written by export --run R --output DIR (or a "
                     "Hugging Face folder of a fine-tuned XLM-R classifier)")
        ->excludes(predictProject)
        ->excludes(predictRun);
    predictCommand->add_flag("--explain", predict.explain,
                             "Token attributions towards the label (in the JSON, or a line of pieces and scores)");
    predictCommand->add_option("--input,-i", predict.input, "File of texts, one per line (default: stdin)");
    predictCommand->add_option("--output,-o", predict.output,
                               "File for the answers, written whole once every line is answered (default: stdout)");
    predictCommand->add_option("--top-k", predict.topK, "Also give the K most probable labels with their probabilities")
        ->check(CLI::Range(1, 1000));
    predictCommand->add_flag("--stream", predict.stream,
                             "Answer each line as soon as it is read (for a program writing one line at a time)");
    addMaxTextBytes(predictCommand, maxText, "per line of input");

    RunsCommand runsOptions;
    auto *runsCommand = app.add_subcommand(
        "runs", "List the training runs of a project: scores, duration and the settings that tell them apart");
    addCommon(runsCommand, runsOptions.common);
    runsCommand->add_option("--dataset,-d", runsOptions.dataset, "Only the runs on this dataset");

    CompareCommand compare;
    auto *compareCommand = app.add_subcommand(
        "compare", "Is run B better than run A on their test split? Macro-F1 difference with a paired bootstrap");
    addCommon(compareCommand, compare.common);
    compareCommand->add_option("--run,-r", compare.runs, "Run name or id: give --run A --run B")->required();

    ErrorsCommand errors;
    auto *errorsCommand =
        app.add_subcommand("errors", "Likely label errors: k-fold predictions that confidently disagree");
    addCommon(errorsCommand, errors.common);
    errorsCommand->add_option("--run,-r", errors.run, "Run name or id (its settings and data snapshot)")->required();
    errorsCommand->add_option("--folds", errors.folds, "Cross-validation folds")
        ->transform(wholeNumber(2, 100))
        ->capture_default_str();
    errorsCommand->add_flag("--recompute", errors.recompute, "Search again even when the run has results");
    errorsCommand->add_option("--limit", errors.limit, "Show at most this many (0: all)")
        ->transform(wholeNumber(0, largestCount))
        ->capture_default_str();
    errorsCommand
        ->add_option("--max-percent", errors.maxPercent,
                     "The queue keeps the best-ranked flags up to this share of the labelled examples")
        ->capture_default_str();
    errorsCommand
        ->add_option("--rank", errors.rank,
                     "Order of the flags: self-confidence (the given label's probability, lowest first) or margin")
        ->check(CLI::IsMember({"self-confidence", "margin"}))
        ->capture_default_str();
    errorsCommand->add_flag("--events", errors.events,
                            "For a GUI: search again, with JSON events on stdout, one a line; stop on stdin "
                            "(closing stdin stops the search)");

    EmbedCommand embed;
    auto *embedCommand =
        app.add_subcommand("embed", "Text embeddings from a Hugging Face encoder folder (stdin, one text per line)");
    embedCommand
        ->add_option("--model", embed.model,
                     "Model folder (config.json, model.safetensors, "
                     "sentencepiece.bpe.model)")
        ->required();
    embedCommand->add_option("--pooling", embed.pooling, "cls (the first token) or mean (over the tokens)")
        ->capture_default_str();
    embedCommand
        ->add_option("--quantize", embed.quantize,
                     "none, or int8: the encoder's linear layers in 8-bit integers (faster on a CPU, the vectors a "
                     "little different)")
        ->capture_default_str();
    embedCommand->add_flag("--json", embed.json, "One JSON object per line: ids and embedding");
    addMaxTextBytes(embedCommand, maxText, "per line of stdin");

    RetrieveCommand retrieve;
    auto *retrieveCommand = app.add_subcommand(
        "retrieve", "Can a model find each text's translation? Precision at 1 and MRR per language pair, by cosine "
                    "similarity of the texts' embeddings");
    retrieveCommand->add_option("--project,-p", retrieve.project, "Project file (*.glossa)")->required();
    retrieveCommand->add_option("--dataset,-d", retrieve.dataset, "Dataset whose translation groups are searched")
        ->required();
    auto *retrieveModel = retrieveCommand->add_option(
        "--model,-m", retrieve.model, "A Hugging Face encoder folder (config.json, model.safetensors, "
                                      "sentencepiece.bpe.model)");
    auto *retrieveRun = retrieveCommand->add_option(
        "--run,-r", retrieve.run, "Instead of --model: a run's own model (the vector its classifier reads)");
    retrieveModel->excludes(retrieveRun);
    retrieveCommand->add_option("--pooling", retrieve.pooling,
                                "With --model: mean (over the tokens, the default) or cls (the first token)");
    retrieveCommand->add_option("--quantize", retrieve.quantize,
                                "none or int8 (the encoder's linear layers in 8-bit integers); default: none for "
                                "--model, the run's model.quantize for --run");
    retrieveCommand->add_option("--split", retrieve.split, "train, dev or test")->capture_default_str();
    auto *retrieveJson = retrieveCommand->add_flag("--json", retrieve.json, "Machine-readable output");
    auto *retrieveStream = retrieveCommand->add_flag(
        "--stream", retrieve.stream,
        "For a GUI: JSON lines (progress, then ready with the scores), then {\"key\": K, \"text\": ...} requests "
        "on stdin answered with each language's nearest texts; stop or the end of stdin ends it");
    retrieveJson->excludes(retrieveStream);
    retrieveCommand->add_option("--top-k", retrieve.topK, "With --stream: neighbours per language")
        ->transform(wholeNumber(1, 1000))
        ->capture_default_str();

    CommonOptions settings;
    auto *settingsCommand = app.add_subcommand("settings", "List every training setting with its default and range");
    settingsCommand->add_flag("--json", settings.json, "Machine-readable output");

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp &e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion &e) {
        return app.exit(e);
    } catch (const CLI::ParseError &e) {
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
    setMaxTextBytes(maxText);

    try {
        if (*initCommand)
            return runInit(init);
        if (*importCommand)
            return runImport(import);
        if (*exportCommand) {
            if (exportArgs.dataset.empty() && exportArgs.run.empty())
                throw glossa::core::Error("export needs --dataset D --output FILE (examples), --run R --predictions "
                                          "FILE (a run's predictions) or --run R --output DIR (a run's model)");
            if (exportArgs.predictions.empty() && exportArgs.output.empty())
                throw glossa::core::Error(exportArgs.run.empty()
                                              ? "export --dataset needs --output FILE (.csv, .tsv or .jsonl)"
                                              : "export --run needs --output DIR (the model as a folder) or "
                                                "--predictions FILE (its predictions)");
            if (!exportArgs.predictions.empty())
                return runExportPredictions(exportArgs);
            if (exportArgs.run.empty())
                return runExport(exportArgs);
        }
        if (*datasetsCommand)
            return runDatasets(datasets);
        if (*statsCommand)
            return runStats(stats);
        if (*runsCommand)
            return runRuns(runsOptions);
        if (*splitCommand)
            return runSplit(split);
        if (*duplicatesCommand)
            return runDuplicates(duplicates);
        if (*compareCommand)
            return runCompare(compare);
        if (*doctorCommand)
            return runDoctor(doctor);
#ifdef GLOSSA_CLI_ENGINE
        if (*trainCommand)
            return leaveWithoutStaticDestructors(runTrain(train));
        if (*evalCommand)
            return leaveWithoutStaticDestructors(runEval(eval));
        if (*transferCommand)
            return leaveWithoutStaticDestructors(runTransfer(transfer));
        if (*predictCommand)
            return leaveWithoutStaticDestructors(runPredict(predict));
        if (*errorsCommand)
            return leaveWithoutStaticDestructors(runErrors(errors));
        if (*embedCommand)
            return leaveWithoutStaticDestructors(runEmbed(embed));
        if (*retrieveCommand)
            return leaveWithoutStaticDestructors(runRetrieve(retrieve));
        if (*exportCommand)
            return leaveWithoutStaticDestructors(
                runExportModel({exportArgs.common.project, exportArgs.run, exportArgs.output, exportArgs.format,
                                exportArgs.loraAdapters, exportArgs.common.json}));
#else
        if (*trainCommand)
            startTokenizerAhead(train);
        if (*trainCommand || *evalCommand || *transferCommand || *predictCommand || *errorsCommand || *embedCommand
            || *exportCommand || *retrieveCommand) {
            const int exitCode = forwardToEngine(argv); // returns only when the engine could not start
            if ((*trainCommand && train.events) || (*errorsCommand && errors.events))
                printFailedEvent("glossa-cli-engine, which trains the models, could not be started (stderr says why)");
            if (*retrieveCommand && retrieve.stream)
                printRetrieveFailed("glossa-cli-engine, which runs the models, could not be started (stderr says why)");
            return exitCode;
        }
#endif
        if (*settingsCommand)
            return runSettings(settings);
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
    return 2;
}
