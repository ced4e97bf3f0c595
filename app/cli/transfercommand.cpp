#include "transfercommand.h"

#include "interrupt.h"
#include "output.h"
#include "trainsettings.h"

#include "data/snapshot.h"
#include "engine/train/trainingjob.h"
#include "store/datasetstore.h"
#include "store/project.h"
#include "store/runstore.h"
#include "store/studystore.h"
#include "train/reportjson.h"
#include "train/sourcelanguages.h"
#include "train/transferstudy.h"
#include "util/error.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <iomanip>
#include <iostream>
#include <sstream>

namespace glossa::cli {

using namespace glossa::core;
using nlohmann::ordered_json;

namespace {

// One line per evaluation and a step line at most every 10 s, each naming the source: a
// study is many runs, and its log should read as one.
class StudyProgress final : public train::TrainingObserver
{
public:
    explicit StudyProgress(std::string prefix)
        : m_prefix(std::move(prefix))
    {
    }
    void progress(const train::TrainingProgress &progress) override
    {
        const auto now = std::chrono::steady_clock::now();
        if (now - m_lastLine < std::chrono::seconds(10))
            return;
        m_lastLine = now;
        std::cerr << m_prefix << "step " << progress.step << "/" << progress.totalSteps << ", ETA "
                  << static_cast<long long>(progress.etaSeconds) << " s" << std::endl;
    }
    void evaluated(const train::TrainingEvaluation &evaluation) override
    {
        std::cerr << m_prefix << std::fixed << std::setprecision(4) << "dev macro-F1 "
                  << evaluation.report.overall.macroF1 << " at epoch " << std::setprecision(2) << evaluation.epoch
                  << (evaluation.best ? " (best so far)" : "") << std::endl;
    }
    void log(std::string_view line) override { std::cerr << m_prefix << line << std::endl; }

private:
    std::string m_prefix;
    std::chrono::steady_clock::time_point m_lastLine;
};

std::vector<std::string> languagesFrom(const TransferCommand &command, const data::DatasetSnapshot &snapshot)
{
    if (command.languages.empty())
        return train::transferLanguages(snapshot);
    auto languages = train::parseSourceLanguages(command.languages);
    if (languages.empty())
        throw Error("--languages names no language; give codes such as de,fr,ja (or leave it out for all)");
    return languages;
}

// The study asked for: the named one, or the one with these languages and settings (so that the
// same command run again goes on with it), or a new one.
store::StudyInfo studyFor(const TransferCommand &command, store::Database &db, store::StudyStore &studies)
{
    if (!command.study.empty()) {
        if (!command.dataset.empty() || !command.languages.empty() || !command.assignments.empty()
            || !command.configFile.empty())
            throw Error("--study goes on with the study's own dataset, languages and settings; drop --dataset, "
                        "--languages, --set and --config");
        return studies.findStudy(command.study);
    }
    if (command.dataset.empty())
        throw Error("transfer needs --dataset NAME (or --study S to go on with a study)");
    const auto snapshot = data::takeSnapshot(db, command.dataset);
    const auto languages = languagesFrom(command, snapshot);
    train::requireTransferData(snapshot, languages, command.common.project);
    TrainCommand settings;
    settings.assignments = command.assignments;
    settings.configFile = command.configFile;
    const auto config = configFrom(settings);
    config.requireValid();
    if (!config.text("eval.source_languages").empty())
        throw Error("a transfer study sets eval.source_languages for each of its runs; leave it out of --set");
    const auto configJson = config.toJsonString();
    if (auto same = studies.findSame(snapshot.datasetId, languages, configJson))
        return *same;
    const auto id = studies.createTransferStudy(snapshot.datasetId, studies.nextName(), languages, configJson);
    return *studies.study(id);
}

// Trains, resumes or skips each source's run; false when a stop came first.
bool runSteps(store::Project &project, const store::StudyInfo &study, const TransferCommand &command)
{
    store::StudyStore studies(project.db());
    const auto steps = train::readStudySteps(project.db(), study);
    InterruptToStop interrupt;
    for (std::size_t i = 0; i < steps.size(); ++i) {
        const auto &step = steps[i];
        const auto prefix = study.name + " " + step.source + " (" + std::to_string(i + 1) + " of "
                            + std::to_string(steps.size()) + "): ";
        if (step.action == train::StudyStep::Action::Done) {
            std::cerr << prefix << "run " << step.runId << " has finished" << std::endl;
            continue;
        }
        if (step.action == train::StudyStep::Action::Busy) {
            std::cerr << prefix << "run " << step.runId << " is training in another process; left to it" << std::endl;
            continue;
        }
        StudyProgress progress(prefix);
        train::TrainingJob job(project, progress);
        if (step.action == train::StudyStep::Action::Resume) {
            std::cerr << prefix << "resuming run " << step.runId << std::endl;
            job.prepareResume(std::to_string(step.runId));
        } else {
            const auto request = studyRunRequest(project.db(), std::to_string(study.id), step.source);
            const auto runId = job.create(request.datasetName, request.config, request.runName);
            studies.setRun(study.id, step.source, runId);
            std::cerr << prefix << "run " << runId << " '" << printable(request.runName) << "'" << std::endl;
        }
        const auto outcome = job.run(interrupt.token());
        if (outcome.run.status == store::RunStatus::Stopped) {
            std::cerr << study.name << " stopped; go on with: glossa-cli transfer --project " << command.common.project
                      << " --study " << study.id << std::endl;
            return false;
        }
        if (outcome.run.status != store::RunStatus::Finished)
            throw Error("run " + std::to_string(outcome.run.id) + " of " + study.name + " (" + step.source
                        + ") ended " + std::string(store::toString(outcome.run.status))
                        + (outcome.run.errorMessage ? ": " + *outcome.run.errorMessage : std::string()));
    }
    return true;
}

std::string cellText(const train::TransferCell *cell)
{
    if (!cell)
        return "-";
    std::ostringstream text;
    text << std::fixed << std::setprecision(3) << cell->macroF1;
    return text.str();
}

void printMatrix(const train::TransferMatrix &matrix, const store::StudyInfo &study)
{
    std::cout << study.name << ": test macro-F1 by source (rows: trained on) and target (columns: tested on)\n";
    std::cout << std::left << std::setw(8) << "source";
    for (const auto &target : matrix.languages)
        std::cout << std::right << std::setw(7) << target;
    std::cout << "\n";
    for (const auto &source : matrix.sources) {
        std::cout << std::left << std::setw(8) << source;
        for (const auto &target : matrix.languages)
            std::cout << std::right << std::setw(7) << cellText(matrix.cell(source, target));
        std::cout << "\n";
    }
    std::cout << std::left << std::setw(8) << "n";
    for (const auto &target : matrix.languages) {
        const auto *cell = matrix.cell(matrix.sources.back(), target);
        std::cout << std::right << std::setw(7) << (cell ? std::to_string(cell->examples) : "-");
    }
    std::cout << "\n\nper target: the single language that transfers best, and what its own labels add\n";
    for (const auto &target : matrix.targets) {
        std::cout << "  " << std::left << std::setw(8) << target.language;
        if (target.bestSource)
            std::cout << "best from " << *target.bestSource << " " << std::fixed << std::setprecision(3)
                      << *target.bestTransfer;
        if (target.own)
            std::cout << ", own labels " << std::fixed << std::setprecision(3) << *target.own;
        if (target.gainFromOwn)
            std::cout << " (" << std::showpos << std::setprecision(3) << *target.gainFromOwn << std::noshowpos << ")";
        std::cout << "\n";
    }
}

} // namespace

StudyRunRequest studyRunRequest(store::Database &db, const std::string &studyName, const std::string &source)
{
    store::StudyStore studies(db);
    const auto study = studies.findStudy(studyName);
    const auto sources = train::transferSources(study.languages);
    if (std::find(sources.begin(), sources.end(), source) == sources.end()) {
        std::string known;
        for (const auto &each : sources)
            known += (known.empty() ? "" : ", ") + each;
        throw Error("study '" + study.name + "' has no source '" + source + "' (its sources: " + known + ")");
    }
    StudyRunRequest request;
    request.studyId = study.id;
    request.datasetName = store::DatasetStore(db).datasetName(study.datasetId);
    request.runName = study.name + " " + source;
    request.config = train::TrainConfig::fromJsonString(study.configJson);
    request.config.set("eval.source_languages", train::sourceLanguagesSetting(source, study.languages));
    request.config.requireValid();
    return request;
}

int runTransfer(const TransferCommand &command)
{
    auto project = store::Project::open(command.common.project);
    store::StudyStore studies(project.db());
    const auto study = studyFor(command, project.db(), studies);
    std::cerr << study.name << " (study " << study.id << "): " << train::transferSources(study.languages).size()
              << " runs, one per source; Ctrl-C stops, the same command goes on" << std::endl;
    const bool complete = runSteps(project, study, command);
    const auto matrix = train::readTransferMatrix(project.db(), study);
    if (command.common.json) {
        auto json = train::transferMatrixToJson(matrix);
        json["study"] = study.id;
        json["name"] = study.name;
        json["complete"] = complete;
        printJson(json);
    } else {
        printMatrix(matrix, study);
    }
    return complete ? 0 : 130;
}

} // namespace glossa::cli
