#include "ui/session/runsworker.h"

#include "ui/session/qtcore.h"

#include "data/exporter.h"
#include "store/database.h"
#include "store/presetstore.h"
#include "store/project.h"
#include "store/reviewstore.h"
#include "store/runstore.h"
#include "train/runcomparison.h"
#include "util/error.h"

#include <QJsonDocument>
#include <QJsonObject>

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
    row.status = fromUtf8(run.status);
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
    // Macro-F1 per language, from each evaluation's full report.
    for (const auto &[step, json] : devReports) {
        if (!evaluations.contains(step))
            continue;
        readEvaluationScores(QJsonDocument::fromJson(QByteArray::fromStdString(json)).object(), evaluations[step]);
    }
    history.training = training.values();
    history.evaluations = evaluations.values();
    return history;
}

} // namespace

RunsWorker::RunsWorker()
{
    qRegisterMetaType<QList<glossa::ui::RunRow>>();
    qRegisterMetaType<QList<glossa::ui::RunHistory>>();
    qRegisterMetaType<glossa::ui::RunReport>();
    qRegisterMetaType<glossa::ui::RunPairComparison>();
    qRegisterMetaType<glossa::ui::RunReview>();
}

RunsWorker::~RunsWorker() = default;

template <typename Work> void RunsWorker::guarded(Work &&work)
{
    if (!m_db)
        return;
    try {
        work();
    } catch (const std::exception &e) {
        Q_EMIT failed(fromUtf8(e.what()));
    }
}

core::store::RunStore RunsWorker::runStore()
{
    return core::store::RunStore(*m_db, core::store::Project::artefactDirOf(m_projectFile.toStdString()));
}

void RunsWorker::connectTo(const QString &projectFile)
{
    try {
        m_db = std::make_unique<core::store::Database>(core::store::Project::connectTo(projectFile.toStdString()));
        m_projectFile = projectFile;
    } catch (const std::exception &e) {
        m_db.reset();
        Q_EMIT failed(fromUtf8(e.what()));
    }
}

void RunsWorker::disconnectFromProject()
{
    m_db.reset();
    m_projectFile.clear();
}

void RunsWorker::readRuns()
{
    guarded([&] {
        auto runs = runStore();
        // A run whose process died (killed, crashed, power cut) stops refreshing its heartbeat.
        runs.markInterrupted(core::store::staleRunAfterMs);
        QList<RunRow> rows;
        for (const auto &summary : runs.runSummaries())
            rows.append(rowFrom(summary));
        Q_EMIT runsRead(rows);
    });
}

void RunsWorker::readHistories(const QString &purpose, const QList<qint64> &runIds)
{
    guarded([&] {
        auto runs = runStore();
        QList<RunHistory> histories;
        for (const auto id : runIds)
            if (const auto run = runs.run(id))
                histories.append(historyFrom(*run, runs.metrics(id), runs.reports(id, "dev")));
        Q_EMIT historiesRead(purpose, histories);
    });
}

void RunsWorker::readReport(qint64 runId, const QString &split)
{
    guarded([&] {
        auto runs = runStore();
        const auto run = runs.run(runId);
        if (!run)
            return;
        RunReport report;
        if (const auto json = runs.latestReport(runId, toUtf8(split)))
            report = parseRunReport(QByteArray::fromStdString(*json));
        report.runId = runId;
        report.runName = fromUtf8(run->name);
        report.split = split;
        Q_EMIT reportRead(report);
    });
}

void RunsWorker::compareRuns(qint64 runA, qint64 runB)
{
    RunPairComparison result;
    result.runA = runA;
    result.runB = runB;
    try {
        if (!m_db)
            throw core::Error("no project is open");
        const auto compared = core::train::compareRuns(
            *m_db, core::store::Project::artefactDirOf(m_projectFile.toStdString()), runA, runB);
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
        // The Runs tab says it beside the two runs; it is no failure of anything else.
        result.error = fromUtf8(e.what());
    }
    Q_EMIT runsCompared(result);
}

void RunsWorker::exportPredictions(qint64 runId, const QString &file)
{
    guarded([&] {
        const auto rows = core::data::exportRunPredictions(*m_db, runId, file.toStdString());
        Q_EMIT predictionsExported(file, rows);
    });
}

void RunsWorker::readReview(qint64 runId, int uncertainLimit)
{
    m_uncertainLimit = uncertainLimit;
    guarded([&] {
        RunReview review;
        review.runId = runId;
        auto runs = runStore();
        review.searched = runs.hasLabelErrorSearch(runId);
        if (const auto stored = runs.latestReport(runId, "label_errors")) {
            const auto summary = QJsonDocument::fromJson(QByteArray::fromStdString(*stored)).object();
            review.searchedExamples = summary.value(QLatin1String("examples")).toInteger();
            review.flagged = summary.value(QLatin1String("flagged")).toInteger();
            review.cap = summary.value(QLatin1String("cap")).toInteger();
            review.folds = summary.value(QLatin1String("folds")).toInt();
            review.foldAccuracy = summary.value(QLatin1String("out_of_sample_accuracy")).toDouble(-1);
            review.accuracyTooLow = summary.value(QLatin1String("accuracy_too_low")).toBool();
            review.ranking = summary.value(QLatin1String("ranking")).toString();
        }
        core::store::ReviewStore store(*m_db);
        for (const auto &error : store.likelyLabelErrors(runId))
            review.labelErrors.append({error.exampleId, fromUtf8(error.text), fromUtf8(error.lang),
                                       fromUtf8(error.givenLabel), fromUtf8(error.suggestedLabel), error.score,
                                       error.suggestedProbability, fromUtf8(error.currentLabel.value_or(std::string())),
                                       error.dismissed});
        for (const auto &example : store.mostUncertainUnlabelled(runId, uncertainLimit))
            review.uncertain.append({example.exampleId, fromUtf8(example.text), fromUtf8(example.lang),
                                     fromUtf8(example.predictedLabel), example.confidence, example.margin});
        Q_EMIT reviewRead(review);
    });
}

void RunsWorker::setSuggestionDismissed(qint64 runId, qint64 exampleId, const QString &suggestedLabel, bool dismissed)
{
    guarded([&] {
        core::store::ReviewStore store(*m_db);
        if (dismissed)
            store.dismiss(exampleId, suggestedLabel.toStdString());
        else
            store.restore(exampleId, suggestedLabel.toStdString());
    });
    readReview(runId, m_uncertainLimit);
}

void RunsWorker::readPresets()
{
    guarded([&] {
        QStringList names;
        for (const auto &name : core::store::PresetStore(*m_db).names())
            names.append(fromUtf8(name));
        Q_EMIT presetsRead(names);
    });
}

void RunsWorker::loadPreset(const QString &name)
{
    guarded([&] {
        if (const auto json = core::store::PresetStore(*m_db).load(toUtf8(name)))
            Q_EMIT presetLoaded(name, fromUtf8(*json));
        else
            Q_EMIT failed(tr("There is no preset called \"%1\" any more.").arg(name));
    });
}

void RunsWorker::savePreset(const QString &name, const QString &configJson)
{
    guarded([&] { core::store::PresetStore(*m_db).save(toUtf8(name), toUtf8(configJson)); });
    readPresets();
}

void RunsWorker::deletePreset(const QString &name)
{
    guarded([&] { core::store::PresetStore(*m_db).remove(toUtf8(name)); });
    readPresets();
}

void RunsWorker::renameRun(qint64 runId, const QString &name)
{
    guarded([&] { runStore().renameRun(runId, toUtf8(name)); });
    readRuns();
}

void RunsWorker::setRunNotes(qint64 runId, const QString &notes)
{
    guarded([&] { runStore().setNotes(runId, toUtf8(notes)); });
    readRuns();
}

void RunsWorker::deleteRun(qint64 runId)
{
    guarded([&] { runStore().deleteRun(runId); });
    readRuns();
}

} // namespace glossa::ui
