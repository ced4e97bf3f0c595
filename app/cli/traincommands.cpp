#include "traincommands.h"

#include "boundedlines.h"
#include "duplicatescommand.h"
#include "interrupt.h"
#include "output.h"
#include "texttable.h"
#include "tokenizerahead.h"
#include "trainevents.h"
#include "trainsettings.h"
#include "transfercommand.h"
#include "warningsahead.h"

#include "data/chunkedinput.h"
#include "data/snapshot.h"
#include "data/snapshotfile.h"
#include "engine/train/featurerun.h"
#include "engine/train/featurevectors.h"
#include "engine/train/labelerrors.h"
#include "engine/train/modelinput.h"
#include "engine/train/predictor.h"
#include "engine/train/trainingjob.h"
#include "store/project.h"
#include "store/runstore.h"
#include "store/studystore.h"
#include "text/languageguesser.h"
#include "text/sentencepiecetokenizer.h"
#include "train/consistency.h"
#include "train/reportjson.h"
#include "train/runconsistency.h"
#include "train/runtokenizerartefact.h"
#include "train/trainsettings.h"
#include "util/atomicfile.h"
#include "util/error.h"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <memory>
#include <mutex>
#include <optional>
#include <sstream>
#include <thread>
#include <unistd.h>

namespace glossa::cli {

using nlohmann::ordered_json;
using namespace glossa::core;
namespace events = glossa::core::train::events;

namespace {

// Progress on stderr, so stdout stays the result (one JSON object with --json): a step line
// at most once a second, every evaluation, and the engine's log lines.
class ProgressPrinter final : public train::TrainingObserver
{
public:
    void progress(const train::TrainingProgress &progress) override
    {
        const auto now = std::chrono::steady_clock::now();
        if (now - m_lastLine < std::chrono::seconds(1) && progress.step != progress.totalSteps)
            return;
        m_lastLine = now;
        std::ostringstream line;
        line << std::fixed << "step " << progress.step << "/" << progress.totalSteps << "  epoch "
             << std::setprecision(2) << progress.epoch << "  loss " << std::setprecision(4) << progress.loss << "  lr "
             << std::scientific << std::setprecision(2) << progress.learningRate << std::fixed << "  "
             << groupDigits(static_cast<long long>(progress.examplesPerSecond)) << " ex/s  ETA "
             << static_cast<long long>(progress.etaSeconds) << " s";
        std::cerr << line.str() << std::endl;
    }
    void evaluated(const train::TrainingEvaluation &evaluation) override
    {
        std::ostringstream line;
        line << std::fixed << std::setprecision(4) << "dev at step " << evaluation.step << " (epoch "
             << std::setprecision(2) << evaluation.epoch << std::setprecision(4) << "): macro-F1 "
             << evaluation.report.overall.macroF1 << "  accuracy " << evaluation.report.overall.accuracy << "  loss "
             << evaluation.loss << (evaluation.best ? "  (best so far)" : "");
        std::cerr << line.str() << std::endl;
    }
    void log(std::string_view line) override { std::cerr << line << std::endl; }

private:
    std::chrono::steady_clock::time_point m_lastLine;
};

// --events: every callback as one JSON line on stdout (progress unthrottled: the GUI coalesces),
// and the human lines on stderr as without it.
class EventPrinter final : public train::TrainingObserver
{
public:
    void progress(const train::TrainingProgress &progress) override
    {
        m_human.progress(progress);
        printEvent(events::Progress{progress.step, progress.totalSteps, progress.epoch, progress.loss,
                                    progress.learningRate, progress.examplesPerSecond, progress.etaSeconds});
    }
    void evaluated(const train::TrainingEvaluation &evaluation) override
    {
        m_human.evaluated(evaluation);
        const auto &overall = evaluation.report.overall;
        events::Evaluation event{evaluation.step,         evaluation.epoch, evaluation.loss,
                                 evaluation.best,         overall.accuracy, overall.macroF1,
                                 overall.macroF1Interval, overall.microF1,  {}};
        for (const auto &[language, scores] : evaluation.report.perLanguage)
            event.perLanguage.push_back(
                {language, scores.macroF1, scores.macroF1Interval, scores.accuracy, scores.examples});
        printEvent(event);
    }
    void log(std::string_view line) override
    {
        m_human.log(line);
        printEvent(events::Log{std::string(line), std::nullopt});
    }
    void message(const train::LogMessage &message) override
    {
        const auto line = train::englishText(message);
        m_human.log(line);
        printEvent(events::Log{line, message});
    }
    void resumed(std::int64_t step) override { printEvent(events::Resumed{step}); }

private:
    ProgressPrinter m_human;
};

// What the stdin reader may reach of a training run or a label-error search. The reader is a
// detached thread (it blocks in read(2) and is never joined; the engine leaves through _Exit),
// so it holds this by shared_ptr, and the command disconnects it before the job and the stop
// source go away.
struct CommandTarget
{
    std::mutex mutex;
    train::TrainingJob *job = nullptr;    // null for a search, which cannot pause
    InterruptToStop *interrupt = nullptr; // null once the command is over: commands are ignored
    bool stopping = false;

    // One command line, or std::nullopt for the end of stdin.
    void apply(const std::optional<std::string> &command)
    {
        const std::lock_guard lock(mutex);
        if (interrupt == nullptr)
            return;
        if (!command && stopping)
            return;
        if (!command || *command == "stop") {
            if (!command)
                printEvent(events::Log{job ? "stdin was closed: stopping the run (it can resume)"
                                           : "stdin was closed: stopping",
                                       std::nullopt});
            stopping = true;
            interrupt->requestStop();
            printEvent(events::State{events::State::Kind::Stopping});
        } else if ((*command == "pause" || *command == "resume") && (stopping || job == nullptr)) {
            printEvent(
                events::Log{"'" + *command + "' ignored: " + (job ? "the run is stopping" : "a search cannot pause"),
                            std::nullopt});
        } else if (*command == "pause") {
            job->pause();
            printEvent(events::State{events::State::Kind::Paused});
        } else if (*command == "resume") {
            job->resume();
            printEvent(events::State{events::State::Kind::Running});
        } else {
            printEvent(events::Log{"unknown command '" + *command + "' on stdin (expected pause, resume or stop)",
                                   std::nullopt});
        }
    }
};

std::string_view trimmedLine(std::string_view line)
{
    constexpr std::string_view blanks = " \t\r\n";
    const auto first = line.find_first_not_of(blanks);
    if (first == std::string_view::npos)
        return {};
    return line.substr(first, line.find_last_not_of(blanks) - first + 1);
}

// Reads commands, one a line, until stdin ends (the GUI quit or crashed), which stops the run.
void readCommands(const std::shared_ptr<CommandTarget> &target)
{
    std::string pending;
    char buffer[256];
    for (;;) {
        const auto count = ::read(STDIN_FILENO, buffer, sizeof buffer);
        if (count < 0 && errno == EINTR)
            continue;
        if (count <= 0)
            break;
        pending.append(buffer, static_cast<std::size_t>(count));
        for (auto end = pending.find('\n'); end != std::string::npos; end = pending.find('\n')) {
            const auto line = std::string(trimmedLine(std::string_view(pending).substr(0, end)));
            pending.erase(0, end + 1);
            if (!line.empty())
                target->apply(line);
        }
    }
    target->apply(std::nullopt);
}

// Connects the stdin reader to a run or a search for as long as it lives (also when it throws).
class CommandReader
{
public:
    CommandReader(train::TrainingJob *job, InterruptToStop &interrupt)
        : m_target(std::make_shared<CommandTarget>())
    {
        m_target->job = job;
        m_target->interrupt = &interrupt;
        std::thread([target = m_target] {
            try {
                readCommands(target);
            } catch (...) { // a failed write on stdout: the reader of the events is gone anyway
            }
        }).detach();
    }
    ~CommandReader()
    {
        const std::lock_guard lock(m_target->mutex);
        m_target->job = nullptr;
        m_target->interrupt = nullptr;
    }
    CommandReader(const CommandReader &) = delete;
    CommandReader &operator=(const CommandReader &) = delete;

private:
    std::shared_ptr<CommandTarget> m_target;
};

// The device the run will train on, for the run event; what the config asks for when that
// cannot be had (the run then fails with the reason).
std::string deviceFor(const train::TrainConfig &config)
{
    try {
        return train::resolveDevice(config);
    } catch (const std::exception &) {
        return train::TrainSettings::from(config).run.device; // as asked, when it cannot be had
    }
}

// " [0.41, 0.55]" when the score's interval is known.
std::string intervalText(const std::optional<train::Interval> &interval)
{
    if (!interval)
        return {};
    std::ostringstream text;
    text << std::fixed << std::setprecision(2) << " [" << interval->low << ", " << interval->high << "]";
    return text.str();
}

// Scores from fewer examples than this are marked: one example more or less moves them a lot.
constexpr std::int64_t reliableExamples = 10;

void printMetrics(std::ostream &out, const train::EvaluationReport &report, const std::string &title)
{
    const auto &overall = report.overall;
    out << std::fixed << std::setprecision(4) << title << ": accuracy " << overall.accuracy
        << intervalText(overall.accuracyInterval) << "  macro-F1 " << overall.macroF1
        << intervalText(overall.macroF1Interval) << "  micro-F1 " << overall.microF1
        << "  (n = " << groupDigits(overall.examples) << " examples; [95% bootstrap interval])\n";
    if (report.perLanguage.size() > 1) {
        bool fewMarked = false;
        // As wide as the longest code ("rm-surmiran", "sr-Latn-ME"), at least "language".
        auto shown = [](const std::string &language) { return language.empty() ? "und" : printable(language); };
        int width = 8;
        for (const auto &entry : report.perLanguage)
            width = std::max(width, terminalWidth(shown(entry.first)));
        out << "  " << std::left << std::setw(width) << "language" << std::right
            << "         n  accuracy                  macro-F1\n";
        for (const auto &[language, scores] : report.perLanguage) {
            const bool few = scores.examples < reliableExamples;
            fewMarked = fewMarked || few;
            out << "  " << std::left << std::setw(width) << shown(language) << std::right
                << std::setw(9) << scores.examples << (few ? "*" : " ") << " " << std::setprecision(4)
                << scores.accuracy << std::left << std::setw(16) << intervalText(scores.accuracyInterval) << std::right
                << scores.macroF1 << intervalText(scores.macroF1Interval) << "\n";
        }
        if (fewMarked)
            out << "  * fewer than " << reliableExamples << " examples: too few to rely on\n";
    }
}

std::string secondsText(double seconds)
{
    std::ostringstream text;
    text << std::fixed << std::setprecision(1) << seconds << " s";
    return text.str();
}

// eval --json lists this many inconsistent groups at most, with their members; the counts
// cover them all.
constexpr std::size_t maxInconsistentListed = 100;

// Consistency across translations of the split: every grouped example of it, labelled or not,
// predicted by the run's model (the GUI reads the same from the predictions the run stored).
train::TranslationConsistency consistencyOf(const train::Predictor &predictor, const data::DatasetSnapshot &snapshot,
                                            data::Split split)
{
    const auto grouped = train::groupedInSplit(snapshot, split);
    if (grouped.empty())
        return {};
    std::vector<std::string> texts;
    texts.reserve(grouped.size());
    for (const auto *example : grouped)
        texts.push_back(example->text);
    const auto predictions = predictor.predict(texts);
    std::vector<train::ConsistencyExample> examples;
    examples.reserve(grouped.size());
    for (std::size_t i = 0; i < grouped.size(); ++i)
        examples.push_back(train::consistencyExample(
            snapshot, *grouped[i], predictor.labels().at(static_cast<std::size_t>(predictions[i].label))));
    return train::measureConsistency(examples);
}

std::string rateText(const train::ConsistencyCount &count)
{
    std::ostringstream text;
    text << std::fixed << std::setprecision(3) << count.rate().value_or(0);
    return text.str();
}

// A short section under eval's scores: the overall rate, each language pair's, and the first
// inconsistent groups by id (eval --json lists them with their members).
void printConsistency(std::ostream &out, const train::TranslationConsistency &consistency)
{
    const auto &overall = consistency.overall;
    if (overall.groups == 0) {
        out << "consistency across translations: no group has two or more examples in this split\n";
        return;
    }
    out << "consistency across translations: " << groupDigits(overall.consistent) << " of "
        << groupDigits(overall.groups) << " groups get one label (rate " << rateText(overall) << ")\n";
    if (!consistency.pairs.empty()) {
        TextTable table({"pair", "groups", "consistent", "rate"});
        for (const auto &[pair, count] : consistency.pairs)
            table.addRow({printable(pair), groupDigits(count.groups), groupDigits(count.consistent), rateText(count)});
        table.print(out);
    }
    if (!consistency.inconsistent.empty()) {
        constexpr std::size_t shown = 10;
        out << "  inconsistent groups:";
        for (std::size_t i = 0; i < std::min(shown, consistency.inconsistent.size()); ++i)
            out << (i ? ", " : " ") << printable(consistency.inconsistent[i].group);
        if (consistency.inconsistent.size() > shown)
            out << " and " << groupDigits(static_cast<long long>(consistency.inconsistent.size() - shown)) << " more";
        out << "\n";
    }
}

// The outcome as `train --json` prints it; events mode prints the same as the result event.
events::Result resultEvent(const train::TrainingOutcome &outcome, const std::optional<TokenizerAhead> &ahead)
{
    const auto &result = outcome.result;
    const bool trainedAhead = ahead && ahead->trained;
    events::Result event;
    event.run = outcome.run.id;
    event.name = outcome.run.name;
    event.status = outcome.run.status;
    event.epochs = result.epochs;
    event.steps = result.steps;
    event.trainSeconds = result.trainSeconds;
    event.examplesPerSecond = result.examplesPerSecond;
    event.device = result.device;
    if (result.resumedFromStep >= 0)
        event.resumedFromStep = result.resumedFromStep;
    event.tokenizer = {outcome.tokenizerReused && !trainedAhead, trainedAhead,
                       trainedAhead ? ahead->seconds : outcome.tokenizerSeconds};
    if (result.best)
        event.bestDev =
            events::Result::BestDev{result.best->step, result.best->epoch, result.best->report.overall.macroF1,
                                    result.best->report.overall.accuracy};
    event.test = {outcome.labels, result.test, result.evaluation, result.folds};
    return event;
}

// runId is set as soon as the run exists, for the failed event.
int trainRun(const TrainCommand &command, train::TrainingObserver &observer, std::optional<std::int64_t> &runId)
{
    auto project = store::Project::open(command.common.project);
    train::TrainingJob job(project, observer);
    train::TrainConfig config;
    std::vector<std::string> warnings; // dev or test rows that repeat training rows
    if (!command.resume.empty()) {
        if (!command.dataset.empty() || !command.assignments.empty() || !command.configFile.empty())
            throw Error("--resume goes on with the run's own dataset snapshot and settings; drop --dataset, --set "
                        "and --config");
        runId = job.prepareResume(command.resume);
    } else if (!command.study.empty()) {
        if (command.source.empty())
            throw Error("--study needs --source: a language of the study, or all");
        if (!command.assignments.empty() || !command.configFile.empty())
            throw Error("a study's runs share the study's settings; drop --set and --config");
        const auto request = studyRunRequest(project.db(), command.study, command.source);
        if (!command.dataset.empty() && command.dataset != request.datasetName)
            throw Error("study runs on dataset '" + request.datasetName + "', not '" + command.dataset + "'");
        config = request.config;
        runId = job.create(request.datasetName, config, command.name.empty() ? request.runName : command.name);
        store::StudyStore(project.db()).setRun(request.studyId, command.source, *runId);
        warnings = duplicateWarnings(project.db(), request.datasetName, command.common.project);
    } else {
        if (command.dataset.empty())
            throw Error("train needs --dataset NAME (or --resume RUN)");
        config = configFrom(command);
        runId = job.create(command.dataset, config, command.name);
        // Once the request is known to be good (a refused one says only why), and before the
        // run trains, so the analyst can stop it and fix the splits first. glossa-cli looked
        // for them while this process started (warningsahead.h).
        if (auto ahead = awaitWarningsAhead())
            warnings = std::move(*ahead);
        else
            warnings = duplicateWarnings(project.db(), command.dataset, command.common.project);
    }
    std::cerr << (command.resume.empty() ? "run " : "resuming run ") << *runId << " (Ctrl-C stops it; "
              << "glossa-cli train --resume " << *runId << " goes on)" << std::endl;
    for (const auto &line : warnings)
        std::cerr << "warning: " << line << std::endl;
    if (command.events) {
        const auto run = store::RunStore(project.db(), project.artefactDir()).run(*runId);
        if (!command.resume.empty())
            config = train::TrainConfig::fromJsonString(run->configJson);
        printEvent(events::RunStarted{*runId, run->name, !command.resume.empty(), deviceFor(config)});
        // The protocol opens with the run; its warnings follow at once, before any progress.
        for (const auto &line : warnings)
            printEvent(events::Log{"warning: " + line, std::nullopt});
    }

    InterruptToStop interrupt;
    std::optional<CommandReader> commands;
    if (command.events)
        commands.emplace(&job, interrupt);
    const auto ahead = awaitTokenizerAhead();
    if (ahead && ahead->trained) {
        const train::TokenizerReady message{train::TokenizerReady::How::TrainedWhileStarting,
                                            static_cast<std::int64_t>(ahead->pieces),
                                            ahead->seconds,
                                            {}};
        const auto line = train::englishText(message);
        std::cerr << line << std::endl;
        if (command.events)
            printEvent(events::Log{line, message});
    }
    const auto outcome = job.run(interrupt.token());
    // Nothing from stdin after this: the result is the last line.
    commands.reset();
    const auto &result = outcome.result;

    if (command.events)
        printEvent(resultEvent(outcome, ahead));
    else if (command.common.json)
        std::cout << events::encodeResultFields(resultEvent(outcome, ahead)) << std::endl;
    else {
        std::cout << "run " << outcome.run.id << " '" << printable(outcome.run.name) << "' "
                  << core::store::toString(outcome.run.status) << " on " << result.device << " after "
                  << secondsText(result.trainSeconds) << " (" << std::fixed << std::setprecision(2) << result.epochs
                  << " epochs, " << groupDigits(static_cast<long long>(result.examplesPerSecond)) << " examples/s)\n";
        if (result.best)
            std::cout << "best dev macro-F1 " << std::setprecision(4) << result.best->report.overall.macroF1
                      << " at step " << result.best->step << "\n";
        if (result.test.overall.examples > 0) // none when stopped in the cross-validation folds
            printMetrics(std::cout, result.test,
                         result.evaluation == "cross-validation"
                             ? std::to_string(result.folds) + "-fold cross-validation over every labelled example"
                             : std::string("test"));
        if (outcome.run.status == core::store::RunStatus::Stopped)
            std::cout << "resume with: glossa-cli train --project " << command.common.project << " --resume "
                      << outcome.run.id << "\n";
    }
    return outcome.run.status == core::store::RunStatus::Stopped ? 130 : 0;
}

} // namespace

int runTrain(const TrainCommand &command)
{
    std::optional<std::int64_t> runId;
    if (!command.events) {
        ProgressPrinter printer;
        return trainRun(command, printer, runId);
    }
    // A GUI that crashed closes our stdout too: the next event would raise SIGPIPE and kill the
    // process mid-run, leaving the run 'running' until its heartbeat goes stale. Ignored, the
    // write fails quietly and the end of stdin stops the run cleanly, resumable.
    std::signal(SIGPIPE, SIG_IGN);
    EventPrinter printer;
    try {
        return trainRun(command, printer, runId);
    } catch (const std::exception &e) {
        // The stderr line and the exit code stay as without --events (main prints them).
        printFailedEvent(e.what(), runId);
        throw;
    }
}

int runEval(const EvalCommand &command)
{
    auto project = store::Project::open(command.common.project);
    store::RunStore runs(project.db(), project.artefactDir());
    const auto run = runs.findRun(command.run);
    const auto predictor = train::Predictor::load(project.db(), project.artefactDir(), run.id);
    const auto snapshot = data::loadSnapshot(runs.requireRunArtefact(run, "snapshot").path);
    const auto named = train::splitNamed(command.split);
    if (!named)
        throw Error("--split is train, dev or test (got '" + command.split + "')");
    const auto split = *named;
    const auto examples = snapshot.inSplit(split);
    if (examples.empty())
        throw Error("run '" + run.name + "' has no labelled examples in its " + command.split + " split");
    const auto report = predictor.evaluate(examples);
    const auto consistency = consistencyOf(predictor, snapshot, split);
    if (command.common.json) {
        auto json = train::reportToJson(report, predictor.labels());
        json["run"] = run.id;
        json["split"] = command.split;
        json["consistency"] = train::consistencyToJson(consistency, maxInconsistentListed);
        printJson(json);
    } else {
        printMetrics(std::cout, report,
                     "run " + std::to_string(run.id) + " '" + printable(run.name) + "', " + command.split);
        printConsistency(std::cout, consistency);
    }
    return 0;
}

namespace {

// The k most probable labels, most probable first.
std::vector<std::pair<std::string, double>> topLabels(const std::vector<std::string> &labels,
                                                      const std::vector<float> &probabilities, int k)
{
    std::vector<std::pair<std::string, double>> top;
    for (std::size_t c = 0; c < labels.size(); ++c)
        top.emplace_back(labels[c], probabilities[c]);
    const auto kept = std::min<std::size_t>(static_cast<std::size_t>(std::max(k, 0)), top.size());
    std::partial_sort(top.begin(), top.begin() + static_cast<std::ptrdiff_t>(kept), top.end(),
                      [](const auto &a, const auto &b) { return a.second > b.second; });
    top.resize(kept);
    return top;
}

// Where predict reads its texts: stdin, or a regular file (a pipe or device is refused before
// it is opened, as import does).
int openInput(const std::string &input)
{
    if (input == "-")
        return STDIN_FILENO;
    const std::filesystem::path path = input;
    data::requireRegularFile(path, path.filename().string());
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        throw Error(path.filename().string() + ": cannot be opened: " + std::strerror(errno));
    return fd;
}

} // namespace

int runPredict(const PredictCommand &command)
{
    const auto predictor = [&] {
        if (!command.model.empty())
            return train::Predictor::fromFolder(command.model);
        if (command.common.project.empty() || command.run.empty())
            throw Error("predict needs --project P --run R (a run of a project) or --model DIR (an exported model "
                        "folder)");
        auto project = store::Project::open(command.common.project);
        store::RunStore runs(project.db(), project.artefactDir());
        const auto run = runs.findRun(command.run);
        return train::Predictor::load(project.db(), project.artefactDir(), run.id);
    }();
    const auto &labels = predictor.labels();
    // Answers to a file are written whole at the end: a failed line leaves no half file.
    std::optional<AtomicFile> outputFile;
    if (!command.output.empty())
        outputFile.emplace(command.output);
    std::ostream &out = outputFile ? outputFile->stream() : std::cout;
    constexpr std::size_t chunk = 512; // stream: classify while the input is still being read
    std::vector<std::string> lines;
    auto flush = [&] {
        const auto predictions = predictor.predict(lines);
        for (std::size_t i = 0; i < lines.size(); ++i) {
            const auto &prediction = predictions[i];
            const auto &label = labels[static_cast<std::size_t>(prediction.label)];
            const auto language = text::guessLanguage(lines[i]);
            const auto top = command.topK > 0 ? topLabels(labels, prediction.probabilities, command.topK)
                                              : std::vector<std::pair<std::string, double>>();
            std::optional<train::TokenAttribution> attribution;
            if (command.explain)
                attribution = predictor.attribute(lines[i], prediction.label);
            if (command.common.json) {
                events::Prediction answer{lines[i], label, {}, prediction.entropy, prediction.margin, language,
                                          top,      {},    {}};
                for (std::size_t c = 0; c < labels.size(); ++c)
                    answer.probabilities.emplace_back(labels[c], prediction.probabilities[c]);
                if (attribution) {
                    answer.attributionMethod = attribution->method;
                    auto &tokens = answer.tokens.emplace();
                    for (std::size_t t = 0; t < attribution->pieces.size(); ++t)
                        tokens.push_back(
                            {attribution->pieces[t], attribution->scores[t], bool(attribution->special[t])});
                }
                out << events::encodePrediction(answer) << '\n';
                continue;
            }
            // Tab-separated: label, probability, language, [the other top labels,] the text as
            // read, with its tabs and control characters written out, so the columns stay
            // columns and nothing in a text acts on the terminal.
            out << printable(label) << "\t" << std::fixed << std::setprecision(3)
                << prediction.probabilities[static_cast<std::size_t>(prediction.label)] << "\t" << language << "\t";
            if (top.size() > 1) {
                for (std::size_t k = 1; k < top.size(); ++k)
                    out << (k > 1 ? " " : "") << printable(top[k].first) << ":" << top[k].second;
                out << "\t";
            }
            out << printable(lines[i]) << "\n";
            // --explain: the text's own pieces with their share of the label's score.
            if (attribution) {
                out << "\t" << attribution->method << ":";
                for (std::size_t t = 0; t < attribution->pieces.size(); ++t)
                    if (!attribution->special[t])
                        out << " " << printable(attribution->pieces[t]) << std::showpos << std::setprecision(2)
                            << attribution->scores[t] << std::noshowpos << std::setprecision(3);
                out << "\n";
            }
        }
        out.flush();
        lines.clear();
    };
    // Bounded lines: `predict < /dev/zero` ends with an error naming the line, not with the
    // memory full.
    const int fd = openInput(command.input);
    const std::string sourceName =
        command.input == "-" ? std::string("stdin") : std::filesystem::path(command.input).filename().string();
    struct Closer
    {
        int fd;
        ~Closer()
        {
            if (fd != STDIN_FILENO)
                ::close(fd);
        }
    } closer{fd};
    BoundedLineReader input(fd, maxTextBytes(), sourceName);
    std::string line;
    try {
        while (input.next(line)) {
            lines.push_back(line);
            if (lines.size() == chunk || command.stream)
                flush();
        }
    } catch (const Error &) {
        // Every line before the bad one is answered, as --stream would have (on stdout; a file
        // is written only whole).
        if (!lines.empty() && !outputFile)
            flush();
        throw;
    }
    if (!lines.empty())
        flush();
    if (outputFile)
        outputFile->commit();
    return 0;
}

namespace {

// errors --events: the engine's log lines as events beside the human lines on stderr; the
// steps stay on stderr only (the driver shows folds, not steps).
class SearchEventPrinter final : public train::TrainingObserver
{
public:
    void progress(const train::TrainingProgress &progress) override { m_human.progress(progress); }
    void log(std::string_view line) override
    {
        m_human.log(line);
        printEvent(events::Log{std::string(line), std::nullopt});
    }

private:
    ProgressPrinter m_human;
};

// Searches the run's labels again and stores the queue; with --events, the folds as they start
// and the stored search as events, and stdin's "stop" (or its end) stops it.
void searchLabelErrors(const ErrorsCommand &command, store::Database &db, store::RunStore &runs,
                       const store::RunInfo &run)
{
    // The run's own settings and data; no trained model is needed, each fold trains one.
    const auto config = train::TrainConfig::fromJsonString(run.configJson);
    const auto snapshot = data::loadSnapshot(runs.requireRunArtefact(run, "snapshot").path);
    const auto tokenizer = train::loadRunTokenizer(runs, run);
    const auto reading = train::readingTokenizer(config, tokenizer);
    ProgressPrinter printer;
    SearchEventPrinter eventPrinter;
    InterruptToStop interrupt;
    std::optional<CommandReader> commands;
    train::LabelErrorOptions options{command.folds,
                                     runs.runDir(run.id) / "label-errors",
                                     command.maxPercent / 100.0,
                                     command.rank == "margin" ? train::LabelErrorRanking::Margin
                                                              : train::LabelErrorRanking::SelfConfidence,
                                     {}};
    if (command.events) {
        commands.emplace(nullptr, interrupt);
        options.foldStarted = [](int fold, int folds) { printEvent(events::FoldStarted{fold + 1, folds}); };
    }
    std::cerr << "looking for label errors with " << command.folds
              << "-fold cross-validation (one model per fold; Ctrl-C stops)" << std::endl;
    // A features run's folds train heads on its cached vectors (the new texts embedded first).
    std::optional<train::FeatureVectors> features;
    if (train::isFeaturesRun(train::TrainSettings::from(config))) {
        features = train::embedForFeatures(
            db, train::TrainSettings::from(config), train::distinctTexts(snapshot),
            command.events ? static_cast<train::TrainingObserver &>(eventPrinter) : printer, interrupt.token());
        if (!features)
            throw Error("stopped while embedding the texts; what was embedded is kept for the next search");
        options.features = &*features;
    }
    const auto search = train::findLabelErrors(
        snapshot, config, reading ? *reading : tokenizer.pieces(), options,
        command.events ? static_cast<train::TrainingObserver &>(eventPrinter) : printer, interrupt.token());
    commands.reset();
    runs.replaceLabelErrors(run.id, search.candidates, train::labelErrorSummaryToJson(search.summary()));
    if (command.events)
        printEvent(events::LabelErrorsFound{run.id, search.examples, search.flagged,
                                            static_cast<std::int64_t>(search.candidates.size()), search.folds,
                                            search.outOfSampleAccuracy});
}

int listLabelErrors(const ErrorsCommand &command)
{
    if (!(command.maxPercent > 0 && command.maxPercent <= 100))
        throw Error("--max-percent is the queue's share of the examples, above 0 and at most 100");
    auto project = store::Project::open(command.common.project);
    store::RunStore runs(project.db(), project.artefactDir());
    const auto run = runs.findRun(command.run);
    if (command.events) {
        // stdout holds the events only: the queue is read from the project.
        searchLabelErrors(command, project.db(), runs, run);
        return 0;
    }
    if (command.recompute || !runs.hasLabelErrorSearch(run.id))
        searchLabelErrors(command, project.db(), runs, run);
    auto candidates = runs.labelErrors(run.id);
    const auto stored = runs.latestReport(run.id, "label_errors");
    std::string unreadable;
    const auto summary = stored ? train::labelErrorSummaryFromJson(*stored, &unreadable) : std::nullopt;
    if (stored && !summary)
        std::cerr << "warning: the search's stored summary is unreadable (" << unreadable << "); listing its queue\n";
    if (command.limit > 0 && candidates.size() > static_cast<std::size_t>(command.limit))
        candidates.resize(static_cast<std::size_t>(command.limit));
    if (command.common.json) {
        auto list = ordered_json::array();
        for (const auto &candidate : candidates)
            list.push_back({{"example_id", candidate.exampleId},
                            {"text", candidate.text},
                            {"lang", candidate.lang},
                            {"given_label", candidate.givenLabel},
                            {"suggested_label", candidate.suggestedLabel},
                            {"score", candidate.score},
                            {"given_probability", candidate.givenProbability},
                            {"suggested_probability", candidate.suggestedProbability}});
        ordered_json json{{"run", run.id}, {"method", summary ? summary->method : train::LabelErrorSummary{}.method}};
        if (summary) {
            json["examples"] = summary->examples;
            json["flagged"] = summary->flagged;
            json["cap"] = summary->cap;
            json["folds"] = summary->folds;
            json["ranking"] = summary->ranking;
            if (summary->outOfSampleAccuracy)
                json["out_of_sample_accuracy"] = *summary->outOfSampleAccuracy;
            json["accuracy_too_low"] = summary->accuracyTooLow;
        }
        json["candidates"] = list;
        printJson(json);
        return 0;
    }
    if (summary && summary->examples > 0) {
        std::cout << "Confident learning flags " << groupDigits(summary->flagged) << " of "
                  << groupDigits(summary->examples) << " labelled examples in run '" << printable(run.name) << "' ("
                  << summary->folds << "-fold out-of-sample predictions, " << std::fixed << std::setprecision(1)
                  << summary->outOfSampleAccuracy.value_or(0) * 100 << "% accurate); the queue holds the "
                  << groupDigits(static_cast<long long>(runs.labelErrors(run.id).size())) << " ranked first by "
                  << (summary->ranking.empty() ? std::string("margin") : summary->ranking) << " (at most "
                  << groupDigits(summary->cap) << ").\n";
        if (summary->accuracyTooLow)
            std::cout << "warning: the folds' out-of-sample accuracy is below " << std::setprecision(0)
                      << summary->minUsefulAccuracy.value_or(train::minUsefulAccuracy) * 100
                      << "%, so most flags are the model's own mistakes rather than wrong labels: improve the "
                         "model (more labelled data, a pretrained encoder) before trusting this queue.\n";
    }
    if (candidates.empty())
        std::cout << "No likely label errors in run '" << printable(run.name) << "'\n";
    for (const auto &candidate : candidates)
        std::cout << std::fixed << std::setprecision(2) << candidate.score << "  #" << candidate.exampleId << "  "
                  << printable(candidate.lang) << "  " << printable(candidate.givenLabel) << " -> "
                  << printable(candidate.suggestedLabel) << "  " << printable(candidate.text) << "\n";
    return 0;
}

} // namespace

int runErrors(const ErrorsCommand &command)
{
    if (!command.events)
        return listLabelErrors(command);
    std::signal(SIGPIPE, SIG_IGN); // as for train --events: a gone reader must not kill the search
    try {
        return listLabelErrors(command);
    } catch (const std::exception &e) {
        printFailedEvent(e.what());
        throw;
    }
}

} // namespace glossa::cli
