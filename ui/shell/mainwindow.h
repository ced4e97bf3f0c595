#pragma once

#include "ui/session/browsetypes.h"
#include "ui/session/projectoverview.h"
#include "ui/session/runtypes.h"

#include <QMainWindow>

class QAction;
class QLabel;
class QMenu;
class QProgressBar;
class QStackedWidget;
class QTabWidget;

namespace glossa::ui {

class ComparePage;
class DataPage;
class CrossLingualPage;
class DuplicatesPage;
class EvaluatePage;
class LabelActions;
class ProjectDock;
class ProjectSession;
class ReviewPage;
class RunsPage;
class TrainPage;
class ShortcutOverlay;
class StartPage;

// The shell: menus, docks, the central pages and the status bar. Project state lives in
// ProjectSession, the dataset browser in DataPage; this class only wires them to widgets.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(ProjectSession *session, QWidget *parent = nullptr);
    ~MainWindow() override;

    // Where the demo project lives: the per-user application data folder.
    static QString demoProjectPath();

    DataPage *dataPage() const { return m_dataPage; }
    TrainPage *trainPage() const { return m_trainPage; }
    RunsPage *runsPage() const { return m_runsPage; }
    EvaluatePage *evaluatePage() const { return m_evaluatePage; }
    ReviewPage *reviewPage() const { return m_reviewPage; }
    DuplicatesPage *duplicatesPage() const { return m_duplicatesPage; }
    CrossLingualPage *crossLingualPage() const { return m_crossLingualPage; }
    ComparePage *comparePage() const { return m_comparePage; }
    // The Data tab showing exactly one confusion-matrix cell of a run's test split.
    // language: only that language's examples; empty: all.
    void showConfusionCell(qint64 runId, const QString &dataset, const QString &goldLabel, const QString &predictedLabel,
                           const QString &language = {});
    // The Data tab showing a run's review queue, at one of its examples.
    void showReviewQueue(qint64 runId, const QString &dataset, glossa::ui::BrowseReview review, qint64 exampleId);
    QTabWidget *tabs() const { return m_tabs; }
    void saveWindowState();
    // Data ▸ Re-split… for a dataset (a dialog with its preview).
    void openResplit(const QString &datasetName);

public Q_SLOTS:
    void newProject();
    void openProject();
    void openProjectFile(const QString &filePath);
    void openDemoProject();
    void importFile(const QString &filePath = {});
    void showShortcuts();
    void undo();
    void redo();

Q_SIGNALS:
    // The user chose another UI language (a code such as "zh_CN", or empty for the system's).
    void languageChosen(const QString &code);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void showUndoneMessage(const QString &pattern, const QString &what);
    void layOutPages();
    void setUpStatusBar();
    void connectPages();
    void connectUndo();
    void connectSession();
    // Train again with a run's settings, on the Train tab.
    void rerun(const RunRow &run);
    void createActions();
    void createDataMenu(QMenu *dataMenu);
    void createLanguageMenu(QMenu *viewMenu);
    void rebuildRecentMenu();
    void showProject(const ProjectOverview &overview);
    void showOverview(const ProjectOverview &overview);
    void showOpenFailure(const QString &message);
    void showDataset(const QString &name);
    void followRun(qint64 runId);
    void undoResplit();
    QString currentDatasetName() const;
    void restoreWindowState();
    void updateActions();
    void updateUndoActions();
    void showTrainingNotice();
    bool trainTabActive() const;

    ProjectSession *m_session;
    ProjectDock *m_projectDock = nullptr;
    QStackedWidget *m_pages = nullptr;
    StartPage *m_startPage = nullptr;
    QTabWidget *m_tabs = nullptr;
    DataPage *m_dataPage = nullptr;
    TrainPage *m_trainPage = nullptr;
    RunsPage *m_runsPage = nullptr;
    EvaluatePage *m_evaluatePage = nullptr;
    ReviewPage *m_reviewPage = nullptr;
    DuplicatesPage *m_duplicatesPage = nullptr;
    CrossLingualPage *m_crossLingualPage = nullptr;
    ComparePage *m_comparePage = nullptr;
    LabelActions *m_labelActions = nullptr;
    ShortcutOverlay *m_shortcutOverlay = nullptr;
    QMenu *m_recentMenu = nullptr;
    QAction *m_resplitAction = nullptr;
    QAction *m_undoResplitAction = nullptr;
    QAction *m_importAction = nullptr;
    QAction *m_undoAction = nullptr;
    QString m_journalUndoText; // what Edit ▸ Undo takes back in the label journal
    QString m_journalRedoText;
    QAction *m_redoAction = nullptr;
    QAction *m_findAction = nullptr;
    QMenu *m_labelMenu = nullptr;
    QLabel *m_projectLabel = nullptr;
    QLabel *m_indexLabel = nullptr;
    QProgressBar *m_busyIndicator = nullptr;
    QString m_pendingPath;
    QString m_pendingDataset; // shown once the overview that has it arrives (after an import)
};

} // namespace glossa::ui
