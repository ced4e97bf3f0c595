#pragma once

#include "ui/session/reviewtypes.h"
#include "ui/session/runreport.h"
#include "ui/session/runtypes.h"

#include <QObject>
#include <QStringList>

#include <memory>

namespace glossa::core::store {
class Database;
class RunStore;
} // namespace glossa::core::store

namespace glossa::ui {

// Lives on its own thread with its own connection: reads the runs view's rows, runs' curves
// and the settings presets, and makes the small writes of the Train and Runs tabs (presets,
// a run's name and notes, deleting a run and its files). The UI talks to it by queued calls.
class RunsWorker : public QObject
{
    Q_OBJECT

public:
    RunsWorker();
    ~RunsWorker() override;

public Q_SLOTS:
    void connectTo(const QString &projectFile);
    void disconnectFromProject();

    void readRuns();
    // purpose tags the answer, so two views asking at once each take their own.
    void readHistories(const QString &purpose, const QList<qint64> &runIds);
    // A run's stored evaluation of a split (test: the best model's final scores).
    void readReport(qint64 runId, const QString &split);
    // Whether run b scores better than run a on their shared test examples (a paired bootstrap).
    void compareRuns(qint64 runA, qint64 runB);
    // Writes the run's stored predictions as CSV (core::data::exportRunPredictions).
    void exportPredictions(qint64 runId, const QString &file);
    // The run's review queues: its likely label errors and the unlabelled examples it is
    // least sure of (at most uncertainLimit).
    void readReview(qint64 runId, int uncertainLimit);
    // A dismissed suggestion stays hidden in every run's queue; restore brings it back.
    void setSuggestionDismissed(qint64 runId, qint64 exampleId, const QString &suggestedLabel, bool dismissed);
    void readPresets();
    void loadPreset(const QString &name);
    void savePreset(const QString &name, const QString &configJson);
    void deletePreset(const QString &name);
    void renameRun(qint64 runId, const QString &name);
    void setRunNotes(qint64 runId, const QString &notes);
    void deleteRun(qint64 runId);

Q_SIGNALS:
    void runsRead(const QList<glossa::ui::RunRow> &runs);
    void historiesRead(const QString &purpose, const QList<glossa::ui::RunHistory> &histories);
    void reportRead(const glossa::ui::RunReport &report);
    void runsCompared(const glossa::ui::RunPairComparison &comparison);
    void predictionsExported(const QString &file, qint64 rows);
    void reviewRead(const glossa::ui::RunReview &review);
    void presetsRead(const QStringList &names);
    void presetLoaded(const QString &name, const QString &configJson);
    void failed(const QString &message);

private:
    template <typename Work> void guarded(Work &&work);
    // The open project's runs, through this worker's connection (call inside guarded).
    core::store::RunStore runStore();

    QString m_projectFile;
    int m_uncertainLimit = 200; // the review's last request, for reading it again after a write
    std::unique_ptr<core::store::Database> m_db;
};

} // namespace glossa::ui
