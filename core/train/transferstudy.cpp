#include "train/transferstudy.h"

#include "data/snapshot.h"
#include "store/runstore.h"
#include "store/studystore.h"
#include "train/reportjson.h"
#include "util/error.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>

namespace glossa::core::train {
namespace {

std::string splitName(data::Split split)
{
    switch (split) {
    case data::Split::Train:
        return "train";
    case data::Split::Dev:
        return "dev";
    case data::Split::Test:
        return "test";
    }
    return "?";
}

// Groups with members in more than one split: how many, and the first one met as an example.
void requireGroupedSplits(const data::DatasetSnapshot &snapshot, std::string_view projectFile)
{
    std::map<std::string, data::Split> splitOf;
    std::set<std::string> straddling;
    std::string example;
    for (const auto &row : snapshot.examples) {
        if (!row.group)
            continue;
        const auto [at, inserted] = splitOf.emplace(*row.group, row.split);
        if (!inserted && at->second != row.split && straddling.insert(*row.group).second && example.empty())
            example = "group '" + *row.group + "' has rows in " + splitName(at->second) + " and " + splitName(row.split);
    }
    if (straddling.empty())
        return;
    throw Error(std::to_string(straddling.size()) + " groups of dataset '" + snapshot.datasetName
                + "' have translations in more than one split (" + example
                + "), so a test row's translation would be learnt in training and count as transfer. Split it "
                  "again by group first: glossa-cli split --project "
                + std::string(projectFile) + " --dataset " + snapshot.datasetName
                + " --by group (in the workbench: Data, Re-split, by group)");
}

} // namespace

std::vector<std::string> transferLanguages(const data::DatasetSnapshot &snapshot)
{
    std::map<std::string, std::pair<std::size_t, std::size_t>> counts; // train, test
    std::map<std::string, std::size_t> labelled;
    for (const auto &row : snapshot.examples) {
        if (row.label < 0 || row.lang.empty())
            continue;
        ++labelled[row.lang];
        if (row.split == data::Split::Train)
            ++counts[row.lang].first;
        else if (row.split == data::Split::Test)
            ++counts[row.lang].second;
    }
    std::vector<std::string> languages;
    for (const auto &[language, count] : counts)
        if (count.first > 0 && count.second > 0)
            languages.push_back(language);
    std::stable_sort(languages.begin(), languages.end(),
                     [&](const auto &a, const auto &b) { return labelled[a] > labelled[b]; });
    return languages;
}

std::vector<std::string> transferSources(const std::vector<std::string> &languages)
{
    auto sources = languages;
    if (languages.size() > 1)
        sources.emplace_back(allLanguagesSource);
    return sources;
}

std::string sourceLanguagesSetting(std::string_view source, const std::vector<std::string> &languages)
{
    if (source != allLanguagesSource)
        return std::string(source);
    std::string joined;
    for (const auto &language : languages)
        joined += (joined.empty() ? "" : ",") + language;
    return joined;
}

void requireTransferData(const data::DatasetSnapshot &snapshot, const std::vector<std::string> &languages,
                         std::string_view projectFile)
{
    const auto name = "dataset '" + snapshot.datasetName + "'";
    if (languages.size() < 2)
        throw Error("a transfer study needs two or more languages with labelled train and test rows; " + name
                    + " has " + std::to_string(languages.size()));
    std::map<std::string, std::pair<std::size_t, std::size_t>> counts;
    for (const auto &row : snapshot.examples) {
        if (row.label < 0)
            continue;
        if (row.split == data::Split::Train)
            ++counts[row.lang].first;
        else if (row.split == data::Split::Test)
            ++counts[row.lang].second;
    }
    for (const auto &language : languages) {
        if (language == allLanguagesSource)
            throw Error("'all' names the run on every language of a study, not a language");
        const auto &[train, test] = counts[language];
        if (train == 0 || test == 0) {
            std::string message = name + " has " + std::to_string(train) + " labelled training rows and ";
            message += std::to_string(test) + " labelled test rows in language '" + language;
            message += "'; a transfer study needs both in every language it names";
            throw Error(message);
        }
    }
    requireGroupedSplits(snapshot, projectFile);
}

std::vector<StudyStep> planStudySteps(const std::vector<std::string> &sources,
                                      const std::vector<store::StudyRun> &linked,
                                      const std::function<std::optional<store::RunStatus>(std::int64_t)> &statusOf)
{
    std::vector<StudyStep> steps;
    for (const auto &source : sources) {
        StudyStep step{source, StudyStep::Action::Train, 0};
        const auto run = std::find_if(linked.begin(), linked.end(), [&](const auto &r) { return r.source == source; });
        if (run != linked.end()) {
            if (const auto status = statusOf(run->runId)) {
                step.runId = run->runId;
                if (*status == store::RunStatus::Finished)
                    step.action = StudyStep::Action::Done;
                else if (store::isResumable(*status))
                    step.action = StudyStep::Action::Resume;
                else if (store::isActive(*status))
                    step.action = StudyStep::Action::Busy;
                else
                    step.runId = 0; // failed: train it again
            }
        }
        steps.push_back(step);
    }
    return steps;
}

std::vector<StudyStep> readStudySteps(store::Database &db, const store::StudyInfo &study)
{
    store::RunStore runs(db, {});
    return planStudySteps(transferSources(study.languages), store::StudyStore(db).runs(study.id),
                          [&](std::int64_t id) {
                              const auto run = runs.run(id);
                              return run ? std::optional(run->status) : std::nullopt;
                          });
}

const TransferCell *TransferMatrix::cell(const std::string &source, const std::string &target) const
{
    const auto row = cells.find(source);
    if (row == cells.end())
        return nullptr;
    const auto found = row->second.find(target);
    return found == row->second.end() ? nullptr : &found->second;
}

TransferMatrix transferMatrix(const std::vector<std::string> &languages,
                              const std::map<std::string, std::pair<std::int64_t, EvaluationReport>> &reports)
{
    TransferMatrix matrix;
    matrix.languages = languages;
    matrix.sources = transferSources(languages);
    for (const auto &source : matrix.sources) {
        const auto found = reports.find(source);
        if (found == reports.end())
            continue;
        matrix.runs[source] = found->second.first;
        auto &row = matrix.cells[source];
        for (const auto &[language, scores] : found->second.second.perLanguage)
            if (std::find(languages.begin(), languages.end(), language) != languages.end())
                row[language] = {scores.macroF1, scores.macroF1Interval, scores.accuracy, scores.examples};
    }
    for (const auto &target : languages) {
        TransferTarget summary;
        summary.language = target;
        if (const auto *own = matrix.cell(target, target))
            summary.own = own->macroF1;
        double sum = 0;
        int others = 0;
        for (const auto &source : languages) {
            const auto *transfer = source == target ? nullptr : matrix.cell(source, target);
            if (!transfer)
                continue;
            sum += transfer->macroF1;
            ++others;
            if (!summary.bestTransfer || transfer->macroF1 > *summary.bestTransfer) {
                summary.bestTransfer = transfer->macroF1;
                summary.bestSource = source;
            }
        }
        if (others > 0)
            summary.meanTransfer = sum / others;
        if (summary.own && summary.meanTransfer)
            summary.gap = *summary.own - *summary.meanTransfer;
        if (summary.own && summary.bestTransfer)
            summary.gainFromOwn = *summary.own - *summary.bestTransfer;
        matrix.targets.push_back(summary);
    }
    return matrix;
}

TransferMatrix readTransferMatrix(store::Database &db, const store::StudyInfo &study)
{
    store::StudyStore studies(db);
    store::RunStore runs(db, {});
    std::map<std::string, std::pair<std::int64_t, EvaluationReport>> reports;
    for (const auto &link : studies.runs(study.id)) {
        const auto run = runs.run(link.runId);
        if (!run || run->status != store::RunStatus::Finished)
            continue;
        const auto json = runs.latestReport(link.runId, "test");
        if (!json)
            continue;
        if (auto report = reportFromJson(*json))
            reports[link.source] = {link.runId, std::move(report->scores)};
    }
    return transferMatrix(study.languages, reports);
}

nlohmann::ordered_json transferMatrixToJson(const TransferMatrix &matrix)
{
    using nlohmann::ordered_json;
    const auto orNull = [](const auto &value) { return value ? ordered_json(*value) : ordered_json(nullptr); };
    ordered_json json;
    json["languages"] = matrix.languages;
    json["sources"] = matrix.sources;
    json["runs"] = ordered_json::object();
    for (const auto &source : matrix.sources)
        if (const auto run = matrix.runs.find(source); run != matrix.runs.end())
            json["runs"][source] = run->second;
    json["matrix"] = ordered_json::object();
    for (const auto &source : matrix.sources) {
        const auto row = matrix.cells.find(source);
        if (row == matrix.cells.end())
            continue;
        auto &out = json["matrix"][source];
        out = ordered_json::object();
        for (const auto &target : matrix.languages) {
            const auto *cell = matrix.cell(source, target);
            if (!cell)
                continue;
            ordered_json scores;
            scores["macro_f1"] = cell->macroF1;
            scores["macro_f1_ci"] = cell->macroF1Interval
                                        ? ordered_json::array({cell->macroF1Interval->low, cell->macroF1Interval->high})
                                        : ordered_json(nullptr);
            scores["accuracy"] = cell->accuracy;
            scores["n"] = cell->examples;
            out[target] = scores;
        }
    }
    json["targets"] = ordered_json::object();
    for (const auto &target : matrix.targets)
        json["targets"][target.language] = {{"best_source", orNull(target.bestSource)},
                                            {"best_transfer", orNull(target.bestTransfer)},
                                            {"own", orNull(target.own)},
                                            {"mean_transfer", orNull(target.meanTransfer)},
                                            {"gap", orNull(target.gap)},
                                            {"gain_from_own", orNull(target.gainFromOwn)}};
    return json;
}

} // namespace glossa::core::train
