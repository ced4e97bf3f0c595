#pragma once

#include "ui/session/browsetypes.h"
#include "ui/session/projectoverview.h"

#include <QObject>
#include <QThread>
#include <QTimer>

namespace glossa::ui {

class BrowseWorker;
class LabelErrorSearch;
class ProjectWorker;
class RunsWorker;
class SearchIndexer;
class TrainingController;

// The open project as the UI sees it: owns the project thread and its worker (every write),
// and the browse thread and its worker (the dataset browser's reads), forwards requests to
// them and keeps the latest overview. Holds no widgets and no SQL.
class ProjectSession : public QObject
{
    Q_OBJECT

public:
    explicit ProjectSession(QObject *parent = nullptr);
    ~ProjectSession() override;

    void openProject(const QString &filePath);
    void createProject(const QString &filePath);
    // Opens the demo project at filePath, creating it from the bundled data on first use.
    void openDemoProject(const QString &filePath);
    void refresh();

    // Journalled label edits; answered by labelsEdited and undoStateChanged.
    // description is kept in the journal and shown in Edit ▸ Undo and the history.
    void setLabel(qint64 datasetId, const QList<qint64> &exampleIds, qint64 labelId, const QString &description);
    void undo(qint64 datasetId);
    void redo(qint64 datasetId);
    void readUndoState(qint64 datasetId);
    void addLabel(qint64 datasetId, const QString &name);
    void renameLabel(qint64 datasetId, qint64 labelId, const QString &name);
    void mergeLabels(qint64 datasetId, qint64 fromLabelId, qint64 intoLabelId);
    // A typed text as a new labelled example; answered by exampleAdded (or editFailed).
    void addExample(qint64 datasetId, const QString &text, const QString &lang, qint64 labelId, const QString &split,
                    const QString &description);

    // The dataset browser's reader; lives on its own thread.
    BrowseWorker *browseWorker() const { return m_browseWorker; }
    // Runs, their curves and presets; lives on its own thread. Call it with invokeMethod.
    RunsWorker *runsWorker() const { return m_runsWorker; }
    // Trains in a child process; outlives windows (a language switch rebuilds them).
    TrainingController *training() const { return m_training; }
    // The likely-label-error search in its child process; outlives windows too.
    LabelErrorSearch *labelErrorSearch() const { return m_labelErrorSearch; }
    // Asks the runs worker to read the runs again (after a run ended, or on demand).
    void readRuns();
    const DatasetSummary *dataset(const QString &name) const;

    bool isOpen() const { return !m_overview.filePath.isEmpty(); }
    bool isBusy() const { return m_busy; }
    const ProjectOverview &overview() const { return m_overview; }

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
    void editFailed(const QString &message);
    void exampleAdded(qint64 datasetId, qint64 exampleId);
    // Texts indexed for full-text search so far; indexed == total when done.
    void searchIndexProgress(qint64 indexed, qint64 total);

private:
    void setBusy(bool busy, const QString &what = {});
    void indexForSearch();
    template <typename Call> void post(Call &&call);

    QThread m_thread;
    ProjectWorker *m_worker = nullptr;
    QThread m_browseThread;
    BrowseWorker *m_browseWorker = nullptr;
    QThread m_indexThread;
    SearchIndexer *m_indexer = nullptr;
    QThread m_runsThread;
    RunsWorker *m_runsWorker = nullptr;
    TrainingController *m_training = nullptr;
    LabelErrorSearch *m_labelErrorSearch = nullptr;
    // Counts and charts follow edits, but re-reading them per key press would be wasteful:
    // one refresh after a burst of edits.
    QTimer m_refreshAfterEdits;
    ProjectOverview m_overview;
    bool m_busy = false;
};

} // namespace glossa::ui
