#include "runcommands.h"

#include "output.h"

#include "store/project.h"
#include "store/runstore.h"
#include "train/trainconfig.h"

#include <iomanip>
#include <iostream>

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

} // namespace

int runRuns(const CommonOptions &command)
{
    auto project = store::Project::open(command.project);
    store::RunStore runs(project.db(), project.artefactDir());
    const auto all = runs.runs();
    if (command.json) {
        auto list = ordered_json::array();
        for (const auto &run : all)
            list.push_back({{"id", run.id},
                            {"name", run.name},
                            {"dataset_id", run.datasetId},
                            {"status", run.status},
                            {"device", run.device ? ordered_json(*run.device) : ordered_json(nullptr)},
                            {"snapshot", run.snapshotHash ? ordered_json(*run.snapshotHash) : ordered_json(nullptr)},
                            {"created_at", run.createdAt},
                            {"started_at", run.startedAt ? ordered_json(*run.startedAt) : ordered_json(nullptr)},
                            {"finished_at", run.finishedAt ? ordered_json(*run.finishedAt) : ordered_json(nullptr)},
                            {"error", run.errorMessage ? ordered_json(*run.errorMessage) : ordered_json(nullptr)},
                            {"test_macro_f1", storedMetric(runs, run.id, "test", "macro_f1")},
                            {"test_accuracy", storedMetric(runs, run.id, "test", "accuracy")},
                            {"config", nlohmann::json::parse(run.configJson)}});
        printJson(list);
        return 0;
    }
    if (all.empty())
        std::cout << "No runs yet; start one with: glossa-cli train --project " << command.project
                  << " --dataset NAME\n";
    for (const auto &run : all) {
        std::cout << std::setw(4) << run.id << "  " << std::left << std::setw(20) << run.name << std::right << "  "
                  << std::left << std::setw(11) << run.status << std::right;
        const auto f1 = storedMetric(runs, run.id, "test", "macro_f1");
        if (!f1.is_null())
            std::cout << "  test macro-F1 " << std::fixed << std::setprecision(4) << f1.get<double>();
        if (run.device)
            std::cout << "  " << *run.device;
        if (run.errorMessage)
            std::cout << "  (" << *run.errorMessage << ")";
        std::cout << "\n";
    }
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
