#include "runcommands.h"

#include "output.h"

#include "store/datasetstore.h"
#include "store/project.h"
#include "store/runstore.h"
#include "train/configdiff.h"
#include "train/runcomparison.h"
#include "train/trainconfig.h"
#include "util/error.h"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <iostream>
#include <sstream>

namespace glossa::cli {

using nlohmann::ordered_json;
using namespace glossa::core;

namespace {

// "bag|transformer"
std::string joinedAlternatives(const std::vector<std::string> &values)
{
    std::string joined;
    for (const auto &value : values)
        joined += (joined.empty() ? "" : "|") + value;
    return joined;
}

// A stored report's summary number, or null when the run has none.
ordered_json storedMetric(store::RunStore &runs, std::int64_t runId, const char *split, const char *name)
{
    for (const auto &point : runs.metrics(runId, name))
        if (point.split == split)
            return point.value;
    return nullptr;
}

// "42 s", "3 min 5 s", "1 h 2 min".
std::string durationText(double seconds)
{
    const auto whole = std::llround(seconds);
    std::ostringstream text;
    if (whole < 60)
        text << std::fixed << std::setprecision(seconds < 10 ? 1 : 0) << seconds << " s";
    else if (whole < 3600)
        text << whole / 60 << " min " << whole % 60 << " s";
    else
        text << whole / 3600 << " h " << (whole % 3600) / 60 << " min";
    return text.str();
}

} // namespace

int runRuns(const RunsCommand &command)
{
    auto project = store::Project::open(command.common.project);
    store::RunStore runs(project.db(), project.artefactDir());
    std::optional<std::int64_t> datasetId;
    if (!command.dataset.empty())
        datasetId = store::DatasetStore(project.db()).dataset(command.dataset).id;
    auto summaries = runs.runSummaries(datasetId);
    std::reverse(summaries.begin(), summaries.end()); // oldest first, as they were made
    std::vector<train::TrainConfig> configs;
    for (const auto &summary : summaries) {
        try {
            configs.push_back(train::TrainConfig::fromJsonString(summary.run.configJson));
        } catch (const std::exception &) {
            configs.emplace_back(); // settings this version cannot read: shown as the defaults
        }
    }
    const auto differing = train::distinguishingSettings(configs);
    auto optional = [](const std::optional<double> &value) { return value ? ordered_json(*value) : ordered_json(); };

    if (command.common.json) {
        auto list = ordered_json::array();
        for (std::size_t i = 0; i < summaries.size(); ++i) {
            const auto &run = summaries[i].run;
            auto settings = ordered_json::object();
            for (const auto &setting : differing[i])
                settings[setting.key] = setting.value;
            list.push_back(
                {{"id", run.id},
                 {"name", run.name},
                 {"dataset", summaries[i].datasetName},
                 {"dataset_id", run.datasetId},
                 {"status", core::store::toString(run.status)},
                 {"epochs", optional(summaries[i].epochs)},
                 {"best_dev_macro_f1", optional(summaries[i].bestDevMacroF1)},
                 {"test_macro_f1", optional(summaries[i].testMacroF1)},
                 {"test_macro_f1_ci", summaries[i].testMacroF1Interval
                                          ? ordered_json::array({summaries[i].testMacroF1Interval->first,
                                                                 summaries[i].testMacroF1Interval->second})
                                          : ordered_json()},
                 {"test_n", summaries[i].testExamples ? ordered_json(*summaries[i].testExamples) : ordered_json()},
                 {"evaluation",
                  summaries[i].testEvaluation.empty() ? ordered_json() : ordered_json(summaries[i].testEvaluation)},
                 {"test_accuracy", storedMetric(runs, run.id, "test", "accuracy")},
                 {"duration_s", optional(summaries[i].durationSeconds)},
                 {"settings_differing", settings},
                 {"device", run.device ? ordered_json(*run.device) : ordered_json(nullptr)},
                 {"snapshot", run.snapshotHash ? ordered_json(*run.snapshotHash) : ordered_json(nullptr)},
                 {"created_at", run.createdAt},
                 {"started_at", run.startedAt ? ordered_json(*run.startedAt) : ordered_json(nullptr)},
                 {"finished_at", run.finishedAt ? ordered_json(*run.finishedAt) : ordered_json(nullptr)},
                 {"error", run.errorMessage ? ordered_json(*run.errorMessage) : ordered_json(nullptr)},
                 {"config", nlohmann::json::parse(run.configJson)}});
        }
        printJson(list);
        return 0;
    }
    if (summaries.empty()) {
        std::cout << "No runs" << (datasetId ? " on dataset '" + printable(command.dataset) + "'" : std::string())
                  << " yet; start one with: glossa-cli train --project " << command.common.project
                  << " --dataset NAME\n";
        return 0;
    }
    auto score = [](const std::optional<double> &value) {
        std::ostringstream text;
        if (value)
            text << std::fixed << std::setprecision(3) << *value;
        else
            text << "-";
        return text.str();
    };
    // Names as printed (escaped), so the columns line up with what the terminal shows.
    std::vector<std::string> names;
    std::vector<std::string> datasetNames;
    std::size_t nameWidth = 4;
    std::size_t datasetWidth = 7;
    for (const auto &summary : summaries) {
        names.push_back(printable(summary.run.name));
        datasetNames.push_back(printable(summary.datasetName));
        nameWidth = std::max(nameWidth, names.back().size());
        datasetWidth = std::max(datasetWidth, datasetNames.back().size());
    }
    std::cout << std::left << "  id  " << std::setw(static_cast<int>(nameWidth)) << "name"
              << "  " << std::setw(static_cast<int>(datasetWidth)) << "dataset"
              << "  status       epochs  dev F1  test F1  duration  settings that differ\n";
    for (std::size_t i = 0; i < summaries.size(); ++i) {
        const auto &summary = summaries[i];
        const auto &run = summary.run;
        std::ostringstream epochs;
        if (summary.epochs)
            epochs << std::fixed << std::setprecision(1) << *summary.epochs;
        std::string settings;
        for (const auto &setting : differing[i])
            settings += (settings.empty() ? "" : " ") + setting.key + "=" + setting.value;
        std::cout << std::right << std::setw(4) << run.id << "  " << std::left << std::setw(static_cast<int>(nameWidth))
                  << names[i] << "  " << std::setw(static_cast<int>(datasetWidth)) << datasetNames[i] << "  "
                  << std::setw(11) << core::store::toString(run.status) << std::right << std::setw(8)
                  << (summary.epochs ? epochs.str() : std::string("-")) << std::setw(8) << score(summary.bestDevMacroF1)
                  << std::setw(9) << score(summary.testMacroF1) << std::setw(10)
                  << (summary.durationSeconds ? durationText(*summary.durationSeconds) : std::string("-")) << "  "
                  << (settings.empty() ? std::string("(defaults)") : printable(settings)) << "\n";
        if (run.errorMessage)
            std::cout << "      " << printable(*run.errorMessage) << "\n";
    }
    return 0;
}

int runCompare(const CompareCommand &command)
{
    if (command.runs.size() != 2)
        throw Error("compare takes two runs: --run A --run B (got " + std::to_string(command.runs.size()) + ")");
    auto project = store::Project::open(command.common.project);
    store::RunStore runs(project.db(), project.artefactDir());
    const auto a = runs.findRun(command.runs[0]);
    const auto b = runs.findRun(command.runs[1]);
    const auto comparison = train::compareRuns(project.db(), project.artefactDir(), a.id, b.id);
    const auto &difference = comparison.difference;
    if (command.common.json) {
        printJson({{"dataset", comparison.dataset},
                   {"split", "test"},
                   {"run_a", {{"id", a.id}, {"name", a.name}, {"macro_f1", difference.macroF1A}}},
                   {"run_b", {{"id", b.id}, {"name", b.name}, {"macro_f1", difference.macroF1B}}},
                   {"n", difference.examples},
                   {"left_out", comparison.leftOut},
                   {"macro_f1_difference", difference.difference},
                   {"macro_f1_difference_ci", {difference.interval.low, difference.interval.high}},
                   {"excludes_zero", difference.excludesZero},
                   {"resamples", difference.resamples},
                   {"method", "paired percentile bootstrap, 95%"}});
        return 0;
    }
    std::cout << std::fixed << std::setprecision(3) << printable(comparison.dataset)
              << ", test split: " << groupDigits(difference.examples) << " examples scored by both runs";
    if (comparison.leftOut > 0)
        std::cout << " (" << groupDigits(comparison.leftOut)
                  << " left out: in one run's test split only, or relabelled between them)";
    std::cout << "\n  A " << printable(a.name) << ": macro-F1 " << difference.macroF1A << "\n  B " << printable(b.name)
              << ": macro-F1 " << difference.macroF1B << "\n  B - A: " << std::showpos << difference.difference
              << ", 95% interval [" << difference.interval.low << ", " << difference.interval.high << "]"
              << std::noshowpos << " (paired bootstrap, " << groupDigits(difference.resamples) << " resamples)\n  ";
    if (!difference.excludesZero)
        std::cout << "The interval includes 0: this test set cannot tell the two runs apart.\n";
    else
        std::cout << (difference.difference > 0 ? "B" : "A") << " is better: the interval excludes 0.\n";
    return 0;
}

int runSettings(const CommonOptions &command)
{
    const auto defaults = train::TrainConfig();
    if (command.json) {
        auto list = ordered_json::array();
        for (const auto &field : train::TrainConfig::schema()) {
            ordered_json item{{"key", field.key},
                              {"group", field.group},
                              {"label", field.label},
                              {"description", field.description},
                              {"default", train::describe(field.defaultValue)}};
            if (field.kind == train::ValueKind::Integer || field.kind == train::ValueKind::Real)
                item["range"] = {field.minimum, field.maximum};
            if (!field.choices.empty())
                item["choices"] = field.choices;
            if (!field.unit.empty())
                item["unit"] = field.unit;
            if (!field.modelTypes.empty())
                item["model_types"] = field.modelTypes;
            for (const auto &condition : field.conditions) // "when": {"finetune.strategy": ["lora"]}
                item["when"][condition.key] = condition.values;
            item["advanced"] = field.advanced;
            list.push_back(std::move(item));
        }
        printJson(list);
        return 0;
    }
    std::string group;
    for (const auto &field : train::TrainConfig::schema()) {
        if (field.group != group) {
            group = field.group;
            std::cout << "\n" << group << "\n";
        }
        const auto setting = field.key + "=" + train::describe(defaults.value(field.key));
        std::cout << "  " << setting << std::string(setting.size() < 34 ? 34 - setting.size() : 2, ' ')
                  << field.description;
        if (!field.choices.empty()) {
            std::cout << " (";
            for (size_t i = 0; i < field.choices.size(); ++i)
                std::cout << (i ? ", " : "") << field.choices[i];
            std::cout << ")";
        } else if (field.kind == train::ValueKind::Integer || field.kind == train::ValueKind::Real) {
            std::cout << std::setprecision(10) << " [" << field.minimum << " to " << field.maximum
                      << (field.unit.empty() ? "" : " " + field.unit) << "]";
        }
        // Where it applies: "; only model.type=pretrained, finetune.strategy=lora"
        std::vector<std::string> needs;
        if (!field.modelTypes.empty())
            needs.push_back("model.type=" + joinedAlternatives(field.modelTypes));
        for (const auto &condition : field.conditions)
            needs.push_back(condition.key + "=" + joinedAlternatives(condition.values));
        for (std::size_t i = 0; i < needs.size(); ++i)
            std::cout << (i ? ", " : "; only ") << needs[i];
        std::cout << "\n";
    }
    return 0;
}

} // namespace glossa::cli
