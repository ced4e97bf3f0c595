#pragma once

#include "ui/session/browseworker.h"
#include "ui/session/duplicatesworker.h"
#include "ui/session/studiesworker.h"
#include "ui/session/projectoverview.h"
#include "ui/session/projectworker.h"
#include "ui/session/reviewtypes.h"
#include "ui/session/runreport.h"
#include "ui/session/runsworker.h"
#include "ui/session/runtypes.h"
#include "ui/session/workerthread.h"

#include <QFuture>
#include <QObject>
#include <QThread>
#include <QTimer>

#include <stop_token>

namespace glossa::ui {

class ImportRunner;
class LabelErrorSearch;
class PredictionService;
class RetrievalService;
class RunList;
class SearchIndexer;
class TrainingController;

// The open project as the workbench sees it, and the only way pages reach the disk or the
// engine. It owns the threads and their workers: the project thread (every write), the browse
// thread (the dataset browser's reads, on a connection of its own), the runs thread (runs,
// curves, reports, presets) and the search indexer; and the engine's child processes
// (training, the label-error search, predictions), which outlive windows (a language switch
// rebuilds them). Every request answers with a future of its own, so each result and each
// failure reaches whoever asked (see whenDone); what several pages show (the overview, the
// runs list, label edits, the journal's state) is kept here and announced by signal.
class ProjectSession : public QObject
{
    Q_OBJECT

public:
    explicit ProjectSession(QObject *parent = nullptr);
    ~ProjectSession() override;

    // Answered by projectOpened or openFailed.
    void openProject(const QString &filePath);
    void createProject(const QString &filePath);
    // Opens the demo project at filePath, creating it from the bundled data on first use.
    void openDemoProject(const QString &filePath);
    // Reads the overview again; answered by overviewChanged or refreshFailed.
    void refresh();

    bool isOpen() const { return !m_overview.filePath.isEmpty(); }
    bool isBusy() const { return m_busy; }
    const ProjectOverview &overview() const { return m_overview; }
    const DatasetSummary *dataset(const QString &name) const;

    // Journalled label edits; what they change is also announced by labelsEdited and
    // undoStateChanged. description is kept in the journal and shown in Edit ▸ Undo and the
    // history.
    QFuture<void> setLabel(qint64 datasetId, const QList<qint64> &exampleIds, qint64 labelId,
                           const QString &description);
    QFuture<void> undo(qint64 datasetId);
    QFuture<void> redo(qint64 datasetId);
    QFuture<void> readUndoState(qint64 datasetId);
    QFuture<void> addLabel(qint64 datasetId, const QString &name);
    QFuture<void> renameLabel(qint64 datasetId, qint64 labelId, const QString &name);
    QFuture<void> mergeLabels(qint64 datasetId, qint64 fromLabelId, qint64 intoLabelId);
    // A typed text as a new labelled example; its id (also announced by exampleAdded).
    QFuture<qint64> addExample(qint64 datasetId, const QString &text, const QString &lang, qint64 labelId,
                               const QString &split, const QString &description);

    // The dataset browser's reads. stop ends a query a newer one made useless.
    QFuture<BrowseQueryResult> queryExamples(qint64 datasetId, const BrowseFilter &filter, const BrowseSort &sort,
                                             std::stop_token stop);
    QFuture<QList<ExampleRowData>> exampleRows(const std::vector<std::int64_t> &ids, qint64 runId);
    QFuture<ExampleDetail> exampleDetail(qint64 exampleId, qint64 runId);
    QFuture<QStringList> languages(qint64 datasetId);
    // An item's translations; an empty groupId picks a group at random.
    QFuture<ExampleGroup> exampleGroup(qint64 datasetId, const QString &groupId);
    QFuture<QStringList> groupIds(qint64 datasetId);

    // The dataset's exact and near-duplicate texts (and the dev and test rows that repeat
    // training rows), found on a thread of their own: seconds on a large dataset. stop ends a
    // search a newer one made useless; its answer is then marked stopped.
    QFuture<DuplicateReview> findDuplicates(const QString &dataset, double nearThreshold, std::stop_token stop);

    // The runs, read again after anything that changes them; readRuns asks now.
    RunList *runs() const { return m_runs; }
    void readRuns();
    QFuture<QList<RunHistory>> runHistories(const QList<qint64> &runIds);
    // A run's stored evaluation of a split (test: the best model's final scores).
    // With a language: the test rows of that language only.
    QFuture<RunReport> runReport(qint64 runId, const QString &split, const QString &language = {});
    // How a run trained, without its reports (RunsWorker::readTrainingSummary).
    QFuture<std::optional<RunTrainingSummary>> runTrainingSummary(qint64 runId);
    QFuture<RunPairComparison> compareRuns(qint64 runA, qint64 runB);
    // Consistency across translations of a run's split (RunsWorker::readConsistency).
    QFuture<RunConsistency> runConsistency(qint64 runId, const QString &split);
    // The rows written.
    QFuture<qint64> exportPredictions(qint64 runId, const QString &file);
    QFuture<RunReview> runReview(qint64 runId, int uncertainLimit);
    QFuture<void> setSuggestionDismissed(qint64 exampleId, const QString &suggestedLabel, bool dismissed);
    QFuture<void> renameRun(qint64 runId, const QString &name);
    QFuture<void> setRunNotes(qint64 runId, const QString &notes);
    QFuture<void> deleteRun(qint64 runId);

    // Splitting a dataset again: previewed on the browse thread, applied and undone on the
    // project thread (the overview is read again after both).
    QFuture<core::data::ResplitPlan> planResplit(qint64 datasetId, const core::data::ResplitOptions &options);
    QFuture<core::data::ResplitPlan> applyResplit(qint64 datasetId, const core::data::ResplitOptions &options);
    // The rows changed back, or nothing when the dataset has no re-split to undo.
    QFuture<std::optional<qint64>> undoResplit(qint64 datasetId);

    // Settings presets; changes answer with the names after them.
    // The Cross-lingual tab's transfer studies (StudiesWorker, on a thread of its own).
    QFuture<QList<TransferLanguageCount>> transferLanguageCounts(qint64 datasetId);
    QFuture<QList<StudySummary>> studies(qint64 datasetId);
    QFuture<TransferStudyData> transferStudy(qint64 studyId);
    // The study of these languages with these settings (existing or new); refused with the
    // reason when the dataset cannot give a sound matrix.
    QFuture<qint64> createTransferStudy(qint64 datasetId, const QStringList &languages, const QString &configJson);
    QFuture<QList<StudyStepData>> studySteps(qint64 studyId);

    QFuture<QStringList> presetNames();
    QFuture<QString> loadPreset(const QString &name);
    QFuture<QStringList> savePreset(const QString &name, const QString &configJson);
    QFuture<QStringList> deletePreset(const QString &name);

    // Trains in a child process; outlives windows (a language switch rebuilds them).
    TrainingController *training() const { return m_training; }
    // The likely-label-error search in its child process.
    LabelErrorSearch *labelErrorSearch() const { return m_labelErrorSearch; }
    // Predictions for typed texts, one `predict --stream` child per run.
    PredictionService *predictions() const { return m_predictions; }
    // Cross-lingual retrieval and "Find translation": one `retrieve --stream` child for the
    // model chosen in the Cross-lingual tab.
    RetrievalService *retrieval() const { return m_retrieval; }
    // An importer into the open project, on a thread and connection of its own, owned by
    // parent (the import dialog, which cancels it when closed).
    ImportRunner *newImportRunner(QObject *parent);

Q_SIGNALS:
    void projectOpened(const glossa::ui::ProjectOverview &overview);
    void overviewChanged(const glossa::ui::ProjectOverview &overview);
    void openFailed(const QString &message);
    // The open project could not be read again; it stays open with its last overview.
    void refreshFailed(const QString &message);
    void busyChanged(bool busy, const QString &what);
    void labelsEdited(qint64 datasetId, const QList<glossa::ui::LabelUpdate> &updates);
    // The texts describe the edit (empty when it has no description).
    void undoStateChanged(qint64 datasetId, bool canUndo, const QString &undoText, bool canRedo,
                          const QString &redoText);
    void exampleAdded(qint64 datasetId, qint64 exampleId);
    // Texts indexed for full-text search so far; indexed == total when done.
    void searchIndexProgress(qint64 indexed, qint64 total);

private:
    void open(const QString &filePath, ProjectWorker::OpenMode mode, const QString &what);
    void opened(const ProjectOverview &overview);
    void setBusy(bool busy, const QString &what = {});
    void indexForSearch();
    // Announces what an edit changed and hands the caller a future of its own.
    QFuture<void> edit(QFuture<EditOutcome> outcome);
    void announce(const EditOutcome &outcome);
    // A change to the runs, then the runs list read again.
    template <typename Work> QFuture<void> changeRuns(Work &&work);

    WorkerThread<ProjectWorker> m_project{QStringLiteral("glossa-project")};
    WorkerThread<BrowseWorker> m_browse{QStringLiteral("glossa-browse")};
    WorkerThread<RunsWorker> m_runsThread{QStringLiteral("glossa-runs")};
    WorkerThread<DuplicatesWorker> m_duplicates{QStringLiteral("glossa-duplicates")};
    WorkerThread<StudiesWorker> m_studies{QStringLiteral("glossa-studies")};
    QThread m_indexThread;
    SearchIndexer *m_indexer = nullptr;
    RunList *m_runs = nullptr;
    TrainingController *m_training = nullptr;
    LabelErrorSearch *m_labelErrorSearch = nullptr;
    PredictionService *m_predictions = nullptr;
    RetrievalService *m_retrieval = nullptr;
    // Counts and charts follow edits, but re-reading them per key press would be wasteful:
    // one refresh after a burst of edits.
    QTimer m_refreshAfterEdits;
    ProjectOverview m_overview;
    bool m_busy = false;
};

} // namespace glossa::ui
