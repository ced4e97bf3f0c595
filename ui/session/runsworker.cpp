#include "ui/session/runsworker.h"

#include "ui/session/qtcore.h"
#include "ui/session/workerthread.h"

#include "data/exporter.h"
#include "store/database.h"
#include "store/presetstore.h"
#include "store/project.h"
#include "store/reviewstore.h"
#include "store/runstore.h"
#include "store/studystore.h"
#include "train/languagereport.h"
#include "train/reportjson.h"
#include "train/runcomparison.h"
#include "train/runconsistency.h"
#include "train/trainingsummary.h"
#include "util/error.h"

#include <exception>

namespace glossa::ui {

namespace {

QDateTime timeOf(std::int64_t ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms);
}

RunRow rowFrom(const core::store::RunSummary &summary)
{
    const auto &run = summary.run;
    RunRow row;
    row.id = run.id;
    row.name = fromUtf8(run.name);
    row.datasetId = run.datasetId;
    row.dataset = fromUtf8(summary.datasetName);
    row.status = run.status;
    row.device = fromUtf8(run.device.value_or(std::string()));
    row.notes = fromUtf8(run.notes);
    row.configJson = fromUtf8(run.configJson);
    row.snapshotHash = fromUtf8(run.snapshotHash.value_or(std::string()));
    row.errorMessage = fromUtf8(run.errorMessage.value_or(std::string()));
    row.createdAt = timeOf(run.createdAt);
    if (run.startedAt)
        row.startedAt = timeOf(*run.startedAt);
    row.durationSeconds = summary.durationSeconds.value_or(-1);
    row.bestDevMacroF1 = summary.bestDevMacroF1.value_or(-1);
    row.testMacroF1 = summary.testMacroF1.value_or(-1);
    if (summary.testMacroF1Interval) {
        row.testLow = summary.testMacroF1Interval->first;
        row.testHigh = summary.testMacroF1Interval->second;
    }
    row.testExamples = summary.testExamples.value_or(0);
    row.testEvaluation = fromUtf8(summary.testEvaluation);
    return row;
}

// A run's curves from its stored metrics: training loss and learning rate per recorded step
// (averaged over a window by the recorder), and the dev scores per evaluation.
RunHistory historyFrom(const core::store::RunInfo &run, const std::vector<core::store::MetricPoint> &points,
                       const std::vector<std::pair<std::int64_t, std::string>> &devReports)
{
    RunHistory history;
    history.runId = run.id;
    history.name = fromUtf8(run.name);
    QMap<qint64, TrainPoint> training;
    QMap<qint64, EvalPoint> evaluations;
    for (const auto &point : points) {
        if (point.split == "train") {
            auto &entry = training[point.step];
            entry.step = point.step;
            entry.epoch = point.epoch;
            if (point.name == "loss")
                entry.loss = point.value;
            else if (point.name == "lr")
                entry.learningRate = point.value;
        } else if (point.split == "dev") {
            auto &entry = evaluations[point.step];
            entry.step = point.step;
            entry.epoch = point.epoch;
            if (point.name == "loss")
                entry.loss = point.value;
            else if (point.name == "macro_f1")
                entry.macroF1 = point.value;
            else if (point.name == "micro_f1")
                entry.microF1 = point.value;
            else if (point.name == "accuracy")
                entry.accuracy = point.value;
        }
    }
    // Macro-F1 per language, from each evaluation's full report; a damaged one leaves the
    // chart's language lines without that point rather than hiding the whole run.
    for (const auto &[step, json] : devReports) {
        if (!evaluations.contains(step))
            continue;
        if (const auto report = core::train::reportFromJson(json))
            readEvaluationScores(report->scores, evaluations[step]);
    }
    history.training = training.values();
    history.evaluations = evaluations.values();
    return history;
}

} // namespace

RunsWorker::RunsWorker() = default;

RunsWorker::~RunsWorker() = default;

core::store::Database &RunsWorker::database()
{
    if (!m_db)
        throw RequestFailed{tr("No project is open.")};
    return *m_db;
}

core::store::RunStore RunsWorker::runStore()
{
    return core::store::RunStore(database(), core::store::Project::artefactDirOf(m_projectFile.toStdString()));
}

void RunsWorker::connectTo(const QString &projectFile)
{
    m_db.reset();
    m_projectFile = projectFile;
    m_db = std::make_unique<core::store::Database>(core::store::Project::connectTo(projectFile.toStdString()));
}

QList<RunRow> RunsWorker::readRuns()
{
    auto runs = runStore();
    // A run whose process died (killed, crashed, power cut) stops refreshing its heartbeat.
    runs.markInterrupted(core::store::staleRunAfterMs);
    const auto studies = core::store::StudyStore(database()).runStudies();
    QList<RunRow> rows;
    for (const auto &summary : runs.runSummaries()) {
        auto row = rowFrom(summary);
        if (const auto study = studies.find(summary.run.id); study != studies.end()) {
            row.study = fromUtf8(study->second.first);
            row.studySource = fromUtf8(study->second.second);
        }
        rows.append(row);
    }
    return rows;
}

QList<RunHistory> RunsWorker::readHistories(const QList<qint64> &runIds)
{
    auto runs = runStore();
    QList<RunHistory> histories;
    for (const auto id : runIds)
        if (const auto run = runs.run(id))
            histories.append(historyFrom(*run, runs.metrics(id), runs.reports(id, "dev")));
    return histories;
}

RunReport RunsWorker::readReport(qint64 runId, const QString &split, const QString &language)
{
    auto runs = runStore();
    RunReport report;
    const auto run = runs.run(runId);
    if (!run)
        throw RequestFailed{tr("Run %1 is no longer in the project.").arg(runId)};
    if (!language.isEmpty()) {
        try {
            report = runReportFrom(core::train::languageTestReport(
                database(), core::store::Project::artefactDirOf(m_projectFile.toStdString()), runId, toUtf8(language)));
        } catch (const core::Error &e) {
            throw RequestFailed{fromUtf8(e.what())};
        }
        report.language = language;
    } else if (const auto json = runs.latestReport(runId, toUtf8(split))) {
        std::string damage;
        const auto stored = core::train::reportFromJson(*json, &damage);
        if (!stored)
            throw RequestFailed{
                tr("The %1 report of run %2 cannot be read: %3").arg(split, fromUtf8(run->name), fromUtf8(damage))};
        report = runReportFrom(*stored);
    }
    if (split == QLatin1String("test"))
        report.training = readTrainingSummary(runId);
    report.runId = runId;
    report.runName = fromUtf8(run->name);
    report.split = split;
    return report;
}

std::optional<RunTrainingSummary> RunsWorker::readTrainingSummary(qint64 runId)
{
    auto runs = runStore();
    // A damaged summary is left out: what shows it reads without it.
    const auto json = runs.latestReport(runId, core::train::trainingSummarySplit);
    const auto summary = json ? core::train::trainingSummaryFromJson(*json) : std::nullopt;
    if (!summary)
        return std::nullopt;
    RunTrainingSummary training;
    for (const auto &[key, value] : summary->settingsUsed)
        training.settingsUsed.insert(fromUtf8(key), fromUtf8(value));
    training.epochs = summary->epochs;
    training.steps = summary->steps;
    training.earlyStopped = summary->earlyStopped;
    training.bestEpoch = summary->bestEpoch;
    return training;
}

RunPairComparison RunsWorker::compareRuns(qint64 runA, qint64 runB)
{
    RunPairComparison result;
    result.runA = runA;
    result.runB = runB;
    try {
        const auto compared = core::train::compareRuns(
            database(), core::store::Project::artefactDirOf(m_projectFile.toStdString()), runA, runB);
        const auto &difference = compared.difference;
        result.examples = difference.examples;
        result.leftOut = compared.leftOut;
        result.macroF1A = difference.macroF1A;
        result.macroF1B = difference.macroF1B;
        result.difference = difference.difference;
        result.low = difference.interval.low;
        result.high = difference.interval.high;
        result.excludesZero = difference.excludesZero;
    } catch (const std::exception &e) {
        // Runs that cannot be compared are an answer, shown beside the two runs.
        result.error = fromUtf8(e.what());
    }
    return result;
}

RunConsistency RunsWorker::readConsistency(qint64 runId, const QString &split)
{
    const auto named = core::train::splitNamed(toUtf8(split));
    if (!named)
        throw RequestFailed{tr("There is no split called \"%1\": a split is train, dev or test.").arg(split)};
    const auto measured = core::train::storedConsistency(
        database(), core::store::Project::artefactDirOf(m_projectFile.toStdString()), runId, *named);
    const auto count = [](const core::train::ConsistencyCount &from) {
        return ConsistencyCountData{from.groups, from.consistent};
    };
    RunConsistency result;
    result.runId = runId;
    result.split = split;
    result.overall = count(measured.overall);
    for (const auto &[pair, counted] : measured.pairs)
        result.pairs.insert(fromUtf8(pair), count(counted));
    for (const auto &group : measured.inconsistent) {
        InconsistentGroupData data;
        data.groupId = fromUtf8(group.group);
        data.labels = static_cast<int>(group.distinctLabels);
        for (const auto &member : group.members)
            data.members.append({member.exampleId, fromUtf8(member.lang), fromUtf8(member.text),
                                 fromUtf8(member.predicted), fromUtf8(member.gold)});
        result.inconsistent.append(data);
    }
    return result;
}

qint64 RunsWorker::exportPredictions(qint64 runId, const QString &file)
{
    return core::data::exportRunPredictions(database(), runId, file.toStdString());
}

RunReview RunsWorker::readReview(qint64 runId, int uncertainLimit)
{
    RunReview review;
    review.runId = runId;
    auto runs = runStore();
    review.searched = runs.hasLabelErrorSearch(runId);
    // A damaged summary leaves the figures unknown; the queue itself is read below.
    if (const auto stored = runs.latestReport(runId, "label_errors"))
        if (const auto summary = core::train::labelErrorSummaryFromJson(*stored)) {
            review.searchedExamples = summary->examples;
            review.flagged = summary->flagged;
            review.cap = summary->cap;
            review.folds = summary->folds;
            review.foldAccuracy = summary->outOfSampleAccuracy.value_or(-1);
            review.accuracyTooLow = summary->accuracyTooLow;
            review.ranking = fromUtf8(summary->ranking);
        }
    core::store::ReviewStore store(database());
    for (const auto &error : store.likelyLabelErrors(runId))
        review.labelErrors.append({error.exampleId, fromUtf8(error.text), fromUtf8(error.lang),
                                   fromUtf8(error.givenLabel), fromUtf8(error.suggestedLabel), error.score,
                                   error.suggestedProbability, fromUtf8(error.currentLabel.value_or(std::string())),
                                   error.dismissed});
    for (const auto &example : store.mostUncertainUnlabelled(runId, uncertainLimit))
        review.uncertain.append({example.exampleId, fromUtf8(example.text), fromUtf8(example.lang),
                                 fromUtf8(example.predictedLabel), example.confidence, example.margin});
    return review;
}

void RunsWorker::setSuggestionDismissed(qint64 exampleId, const QString &suggestedLabel, bool dismissed)
{
    core::store::ReviewStore store(database());
    if (dismissed)
        store.dismiss(exampleId, suggestedLabel.toStdString());
    else
        store.restore(exampleId, suggestedLabel.toStdString());
}

QStringList RunsWorker::readPresets()
{
    QStringList names;
    for (const auto &name : core::store::PresetStore(database()).names())
        names.append(fromUtf8(name));
    return names;
}

QString RunsWorker::loadPreset(const QString &name)
{
    const auto json = core::store::PresetStore(database()).load(toUtf8(name));
    if (!json)
        throw RequestFailed{tr("There is no preset called \"%1\" any more.").arg(name)};
    return fromUtf8(*json);
}

void RunsWorker::savePreset(const QString &name, const QString &configJson)
{
    core::store::PresetStore(database()).save(toUtf8(name), toUtf8(configJson));
}

void RunsWorker::deletePreset(const QString &name)
{
    core::store::PresetStore(database()).remove(toUtf8(name));
}

void RunsWorker::renameRun(qint64 runId, const QString &name)
{
    runStore().renameRun(runId, toUtf8(name));
}

void RunsWorker::setRunNotes(qint64 runId, const QString &notes)
{
    runStore().setNotes(runId, toUtf8(notes));
}

void RunsWorker::deleteRun(qint64 runId)
{
    runStore().deleteRun(runId);
}

} // namespace glossa::ui
