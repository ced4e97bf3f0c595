#pragma once

#include "ui/session/consistencytypes.h"
#include "ui/session/reviewtypes.h"
#include "ui/session/runreport.h"
#include "ui/session/runtypes.h"

#include <QCoreApplication>
#include <QStringList>

#include <memory>
#include <optional>

namespace glossa::core::store {
class Database;
class RunStore;
} // namespace glossa::core::store

namespace glossa::ui {

// Lives on its own thread with its own connection (ProjectSession calls it through a
// WorkerThread): reads the runs view's rows, runs' curves and the settings presets, and makes
// the small writes of the Train and Runs tabs (presets, a run's name and notes, deleting a run
// and its files). Every call returns its answer or throws; nothing here is shared.
class RunsWorker
{
    Q_DECLARE_TR_FUNCTIONS(glossa::ui::RunsWorker)

public:
    RunsWorker();
    ~RunsWorker();

    void connectTo(const QString &projectFile);

    // The runs view's rows; runs whose process died are marked interrupted first.
    QList<RunRow> readRuns();
    QList<RunHistory> readHistories(const QList<qint64> &runIds);
    // A run's stored evaluation of a split (test: the best model's final scores).
    // With a language, the test rows of that language only (core::train::languageTestReport,
    // from the run's stored predictions).
    RunReport readReport(qint64 runId, const QString &split, const QString &language = {});
    // How the run trained (its training summary): the settings it picked from its data and
    // resolved, epochs, early stop; none for a run without one or with a damaged one.
    std::optional<RunTrainingSummary> readTrainingSummary(qint64 runId);
    // Whether run b scores better than run a on their shared test examples (a paired bootstrap);
    // a comparison that cannot be made says why in its error, beside the two runs.
    RunPairComparison compareRuns(qint64 runA, qint64 runB);
    // Does the run give a text and its translations the same label? Over the split's groups,
    // from the run's stored predictions and snapshot (core::train::storedConsistency).
    RunConsistency readConsistency(qint64 runId, const QString &split);
    // Writes the run's stored predictions as CSV, TSV or JSON Lines by the file's extension
    // (core::data::exportRunPredictions, which refuses any other); the rows.
    qint64 exportPredictions(qint64 runId, const QString &file);
    // The run's review queues: its likely label errors and the unlabelled examples it is
    // least sure of (at most uncertainLimit).
    RunReview readReview(qint64 runId, int uncertainLimit);
    // A dismissed suggestion stays hidden in every run's queue; restore brings it back.
    void setSuggestionDismissed(qint64 exampleId, const QString &suggestedLabel, bool dismissed);
    QStringList readPresets();
    // The preset's settings as JSON.
    QString loadPreset(const QString &name);
    void savePreset(const QString &name, const QString &configJson);
    void deletePreset(const QString &name);
    void renameRun(qint64 runId, const QString &name);
    void setRunNotes(qint64 runId, const QString &notes);
    void deleteRun(qint64 runId);

private:
    // The open project's connection; throws when none is open.
    core::store::Database &database();
    core::store::RunStore runStore();

    QString m_projectFile;
    std::unique_ptr<core::store::Database> m_db;
};

} // namespace glossa::ui
