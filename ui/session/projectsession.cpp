#include "ui/session/projectsession.h"

#include "ui/session/importrunner.h"
#include "ui/session/labelerrorsearch.h"
#include "ui/session/predictionservice.h"
#include "ui/session/queuedcall.h"
#include "ui/session/retrievalservice.h"
#include "ui/session/runlist.h"
#include "ui/session/searchindexer.h"
#include "ui/session/trainingcontroller.h"

#include "store/project.h"

#include <QFileInfo>

#include <utility>

namespace glossa::ui {

ProjectSession::ProjectSession(QObject *parent)
    : QObject(parent)
    , m_indexer(new SearchIndexer)
    , m_runs(new RunList(this))
    , m_training(new TrainingController(this))
    , m_labelErrorSearch(new LabelErrorSearch(this))
    , m_predictions(new PredictionService(this))
    , m_retrieval(new RetrievalService(this))
{
    qRegisterMetaType<glossa::ui::ProjectOverview>();
    qRegisterMetaType<QList<glossa::ui::LabelUpdate>>();
    m_indexThread.setObjectName(QStringLiteral("glossa-index"));
    m_indexer->moveToThread(&m_indexThread);
    connect(&m_indexThread, &QThread::finished, m_indexer, &QObject::deleteLater);
    connect(m_indexer, &SearchIndexer::progress, this, &ProjectSession::searchIndexProgress);
    // A run that ends changes the runs list, the dock and the browser's run choice.
    connect(m_training, &TrainingController::runStarted, this, [this] { readRuns(); });
    connect(m_training, &TrainingController::runEnded, this, [this] {
        readRuns();
        refresh();
    });
    connect(m_training, &TrainingController::runFailed, this, [this] {
        readRuns();
        refresh();
    });

    m_refreshAfterEdits.setSingleShot(true);
    m_refreshAfterEdits.setInterval(300);
    connect(&m_refreshAfterEdits, &QTimer::timeout, this, &ProjectSession::refresh);
    m_indexThread.start();
}

ProjectSession::~ProjectSession()
{
    delete m_training; // stops a run in progress cleanly (resumable) before the threads go
    m_training = nullptr;
    postTo(m_indexer, [indexer = m_indexer] { indexer->stop(); });
    m_indexThread.quit();
    m_indexThread.wait();
}

void ProjectSession::openProject(const QString &filePath)
{
    open(filePath, ProjectWorker::OpenMode::Existing, tr("Opening %1…").arg(QFileInfo(filePath).fileName()));
}

void ProjectSession::createProject(const QString &filePath)
{
    open(filePath, ProjectWorker::OpenMode::New, tr("Creating %1…").arg(QFileInfo(filePath).fileName()));
}

void ProjectSession::openDemoProject(const QString &filePath)
{
    open(filePath, ProjectWorker::OpenMode::Demo, tr("Opening the demo project…"));
}

void ProjectSession::open(const QString &filePath, ProjectWorker::OpenMode mode, const QString &what)
{
    setBusy(true, what);
    // Called on the project thread. The session outlives that thread (its WorkerThread is a
    // member, joined before the QObject goes, which drops what is still queued), so this may
    // be posted to as it is; a QPointer read there would race with the UI thread (TSan).
    auto say = [this](const QString &doing) { postTo(this, [this, doing] { setBusy(true, doing); }); };
    whenDone(
        m_project.call([=](ProjectWorker &worker) { return worker.open(filePath, mode, say); }), this,
        [this](const ProjectOverview &overview) { opened(overview); },
        [this](const QString &message) {
            setBusy(false);
            Q_EMIT openFailed(message);
        });
}

void ProjectSession::opened(const ProjectOverview &overview)
{
    m_overview = overview;
    // Queued before anything the window asks of the browser or the runs, so they are
    // connected first; a failure here shows in the first request that needs them.
    const QString file = overview.filePath;
    m_browse.call([file](BrowseWorker &worker) { worker.connectTo(file); });
    m_runsThread.call([file](RunsWorker &worker) { worker.connectTo(file); });
    m_duplicates.call([file](DuplicatesWorker &worker) { worker.connectTo(file); });
    m_studies.call([file](StudiesWorker &worker) { worker.connectTo(file); });
    m_predictions->setProject(file);
    m_retrieval->setProject(file);
    readRuns();
    setBusy(false);
    Q_EMIT projectOpened(overview);
    indexForSearch();
}

void ProjectSession::refresh()
{
    if (!isOpen())
        return;
    whenDone(
        m_project.call([](ProjectWorker &worker) { return worker.readOverview(); }), this,
        [this](const ProjectOverview &overview) {
            m_overview = overview;
            setBusy(false);
            Q_EMIT overviewChanged(overview);
            indexForSearch(); // an import may have brought texts
        },
        [this](const QString &message) {
            setBusy(false);
            Q_EMIT refreshFailed(message);
        });
}

const DatasetSummary *ProjectSession::dataset(const QString &name) const
{
    for (const auto &dataset : m_overview.datasets) {
        if (dataset.name == name)
            return &dataset;
    }
    return nullptr;
}

void ProjectSession::indexForSearch()
{
    postTo(m_indexer, [indexer = m_indexer, file = m_overview.filePath] { indexer->indexProject(file); });
}

void ProjectSession::setBusy(bool busy, const QString &what)
{
    m_busy = busy;
    Q_EMIT busyChanged(busy, what);
}

// ---- label edits

QFuture<void> ProjectSession::edit(QFuture<EditOutcome> outcome)
{
    return continueLater(std::move(outcome), this, [this](const EditOutcome &result) { announce(result); });
}

void ProjectSession::announce(const EditOutcome &outcome)
{
    if (outcome.addedExampleId >= 0)
        Q_EMIT exampleAdded(outcome.datasetId, outcome.addedExampleId);
    if (!outcome.updates.isEmpty()) {
        m_refreshAfterEdits.start();
        Q_EMIT labelsEdited(outcome.datasetId, outcome.updates);
    }
    const auto &undo = outcome.undo;
    Q_EMIT undoStateChanged(undo.datasetId, undo.canUndo, undo.undoText, undo.canRedo, undo.redoText);
    if (outcome.labelSetChanged)
        refresh();
}

QFuture<void> ProjectSession::setLabel(qint64 datasetId, const QList<qint64> &exampleIds, qint64 labelId,
                                       const QString &description)
{
    return edit(m_project.call(
        [=](ProjectWorker &worker) { return worker.setLabel(datasetId, exampleIds, labelId, description); }));
}

QFuture<qint64> ProjectSession::addExample(qint64 datasetId, const QString &text, const QString &lang, qint64 labelId,
                                           const QString &split, const QString &description)
{
    return continueLater(m_project.call([=](ProjectWorker &worker) {
        return worker.addExample(datasetId, text, lang, labelId, split, description);
    }),
                         this, [this](const EditOutcome &result) {
                             announce(result);
                             return result.addedExampleId;
                         });
}

QFuture<void> ProjectSession::undo(qint64 datasetId)
{
    return edit(m_project.call([=](ProjectWorker &worker) { return worker.undo(datasetId); }));
}

QFuture<void> ProjectSession::redo(qint64 datasetId)
{
    return edit(m_project.call([=](ProjectWorker &worker) { return worker.redo(datasetId); }));
}

QFuture<void> ProjectSession::readUndoState(qint64 datasetId)
{
    return continueLater(m_project.call([=](ProjectWorker &worker) { return worker.readUndoState(datasetId); }), this,
                         [this](const UndoState &undo) {
                             Q_EMIT undoStateChanged(undo.datasetId, undo.canUndo, undo.undoText, undo.canRedo,
                                                     undo.redoText);
                         });
}

QFuture<void> ProjectSession::addLabel(qint64 datasetId, const QString &name)
{
    return edit(m_project.call([=](ProjectWorker &worker) { return worker.addLabel(datasetId, name); }));
}

QFuture<void> ProjectSession::renameLabel(qint64 datasetId, qint64 labelId, const QString &name)
{
    return edit(m_project.call([=](ProjectWorker &worker) { return worker.renameLabel(datasetId, labelId, name); }));
}

QFuture<void> ProjectSession::mergeLabels(qint64 datasetId, qint64 fromLabelId, qint64 intoLabelId)
{
    return edit(
        m_project.call([=](ProjectWorker &worker) { return worker.mergeLabels(datasetId, fromLabelId, intoLabelId); }));
}

// ---- the browser's reads

QFuture<BrowseQueryResult> ProjectSession::queryExamples(qint64 datasetId, const BrowseFilter &filter,
                                                         const BrowseSort &sort, std::stop_token stop)
{
    return m_browse.call([=](BrowseWorker &worker) { return worker.runQuery(datasetId, filter, sort, stop); });
}

QFuture<QList<ExampleRowData>> ProjectSession::exampleRows(const std::vector<std::int64_t> &ids, qint64 runId)
{
    return m_browse.call([=](BrowseWorker &worker) { return worker.fetchRows(ids, runId); });
}

QFuture<ExampleDetail> ProjectSession::exampleDetail(qint64 exampleId, qint64 runId)
{
    return m_browse.call([=](BrowseWorker &worker) { return worker.fetchDetail(exampleId, runId); });
}

QFuture<QStringList> ProjectSession::languages(qint64 datasetId)
{
    return m_browse.call([=](BrowseWorker &worker) { return worker.fetchLanguages(datasetId); });
}

QFuture<ExampleGroup> ProjectSession::exampleGroup(qint64 datasetId, const QString &groupId)
{
    return m_browse.call([=](BrowseWorker &worker) { return worker.fetchGroup(datasetId, groupId); });
}

QFuture<QStringList> ProjectSession::groupIds(qint64 datasetId)
{
    return m_browse.call([=](BrowseWorker &worker) { return worker.fetchGroupIds(datasetId); });
}

// ---- runs

void ProjectSession::readRuns()
{
    if (!isOpen())
        return;
    whenDone(
        m_runsThread.call([](RunsWorker &worker) { return worker.readRuns(); }), this,
        [this](const QList<RunRow> &rows) { m_runs->setRows(rows); },
        [this](const QString &message) { Q_EMIT m_runs->readFailed(message); });
}

QFuture<QList<RunHistory>> ProjectSession::runHistories(const QList<qint64> &runIds)
{
    return m_runsThread.call([=](RunsWorker &worker) { return worker.readHistories(runIds); });
}

QFuture<RunReport> ProjectSession::runReport(qint64 runId, const QString &split, const QString &language)
{
    return m_runsThread.call([=](RunsWorker &worker) { return worker.readReport(runId, split, language); });
}

QFuture<std::optional<RunTrainingSummary>> ProjectSession::runTrainingSummary(qint64 runId)
{
    return m_runsThread.call([=](RunsWorker &worker) { return worker.readTrainingSummary(runId); });
}

QFuture<RunPairComparison> ProjectSession::compareRuns(qint64 runA, qint64 runB)
{
    return m_runsThread.call([=](RunsWorker &worker) { return worker.compareRuns(runA, runB); });
}

QFuture<RunConsistency> ProjectSession::runConsistency(qint64 runId, const QString &split)
{
    return m_runsThread.call([=](RunsWorker &worker) { return worker.readConsistency(runId, split); });
}

QFuture<qint64> ProjectSession::exportPredictions(qint64 runId, const QString &file)
{
    return m_runsThread.call([=](RunsWorker &worker) { return worker.exportPredictions(runId, file); });
}

QFuture<RunReview> ProjectSession::runReview(qint64 runId, int uncertainLimit)
{
    return m_runsThread.call([=](RunsWorker &worker) { return worker.readReview(runId, uncertainLimit); });
}

QFuture<void> ProjectSession::setSuggestionDismissed(qint64 exampleId, const QString &suggestedLabel, bool dismissed)
{
    return m_runsThread.call(
        [=](RunsWorker &worker) { worker.setSuggestionDismissed(exampleId, suggestedLabel, dismissed); });
}

template <typename Work> QFuture<void> ProjectSession::changeRuns(Work &&work)
{
    // One chain: a QFuture keeps only one continuation, so the caller continues this one. A
    // change that failed changed nothing, so only a change that took reads the runs again.
    return continueLater(m_runsThread.call(std::forward<Work>(work)), this, [this] { readRuns(); });
}

QFuture<void> ProjectSession::renameRun(qint64 runId, const QString &name)
{
    return changeRuns([=](RunsWorker &worker) { worker.renameRun(runId, name); });
}

QFuture<void> ProjectSession::setRunNotes(qint64 runId, const QString &notes)
{
    return changeRuns([=](RunsWorker &worker) { worker.setRunNotes(runId, notes); });
}

QFuture<void> ProjectSession::deleteRun(qint64 runId)
{
    return continueLater(changeRuns([=](RunsWorker &worker) { worker.deleteRun(runId); }), this, [this] {
        refresh(); // the dock and the browser's run choice
    });
}

// ---- re-splits

QFuture<DuplicateReview> ProjectSession::findDuplicates(const QString &dataset, double nearThreshold,
                                                        std::stop_token stop)
{
    return m_duplicates.call([=](DuplicatesWorker &worker) { return worker.find(dataset, nearThreshold, stop); });
}

QFuture<core::data::ResplitPlan> ProjectSession::planResplit(qint64 datasetId,
                                                             const core::data::ResplitOptions &options)
{
    return m_browse.call([=](BrowseWorker &worker) { return worker.planResplit(datasetId, options); });
}

QFuture<core::data::ResplitPlan> ProjectSession::applyResplit(qint64 datasetId,
                                                              const core::data::ResplitOptions &options)
{
    return continueLater(m_project.call([=](ProjectWorker &worker) { return worker.applyResplit(datasetId, options); }),
                         this, [this](const core::data::ResplitPlan &plan) {
                             refresh();
                             return plan;
                         });
}

QFuture<std::optional<qint64>> ProjectSession::undoResplit(qint64 datasetId)
{
    return continueLater(m_project.call([=](ProjectWorker &worker) { return worker.undoResplit(datasetId); }), this,
                         [this](std::optional<qint64> changed) {
                             refresh();
                             return changed;
                         });
}

// ---- imports

ImportRunner *ProjectSession::newImportRunner(QObject *parent)
{
    const std::filesystem::path file = m_overview.filePath.toStdString();
    return new ImportRunner(m_overview.filePath, [file] { return core::store::Project::connectTo(file); }, parent);
}

// ---- presets

QFuture<QList<TransferLanguageCount>> ProjectSession::transferLanguageCounts(qint64 datasetId)
{
    return m_studies.call([=](StudiesWorker &worker) { return worker.languageCounts(datasetId); });
}

QFuture<QList<StudySummary>> ProjectSession::studies(qint64 datasetId)
{
    return m_studies.call([=](StudiesWorker &worker) { return worker.studies(datasetId); });
}

QFuture<TransferStudyData> ProjectSession::transferStudy(qint64 studyId)
{
    return m_studies.call([=](StudiesWorker &worker) { return worker.study(studyId); });
}

QFuture<qint64> ProjectSession::createTransferStudy(qint64 datasetId, const QStringList &languages,
                                                    const QString &configJson)
{
    const QString file = m_overview.filePath;
    return m_studies.call(
        [=](StudiesWorker &worker) { return worker.createTransferStudy(datasetId, languages, configJson, file); });
}

QFuture<QList<StudyStepData>> ProjectSession::studySteps(qint64 studyId)
{
    return m_studies.call([=](StudiesWorker &worker) { return worker.steps(studyId); });
}

QFuture<QStringList> ProjectSession::presetNames()
{
    return m_runsThread.call([](RunsWorker &worker) { return worker.readPresets(); });
}

QFuture<QString> ProjectSession::loadPreset(const QString &name)
{
    return m_runsThread.call([=](RunsWorker &worker) { return worker.loadPreset(name); });
}

QFuture<QStringList> ProjectSession::savePreset(const QString &name, const QString &configJson)
{
    return m_runsThread.call([=](RunsWorker &worker) {
        worker.savePreset(name, configJson);
        return worker.readPresets();
    });
}

QFuture<QStringList> ProjectSession::deletePreset(const QString &name)
{
    return m_runsThread.call([=](RunsWorker &worker) {
        worker.deletePreset(name);
        return worker.readPresets();
    });
}

} // namespace glossa::ui
