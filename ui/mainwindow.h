#pragma once

#include "projectoverview.h"

#include <QMainWindow>

class QLabel;
class QMenu;
class QProgressBar;
class QStackedWidget;

namespace glossa::ui {

class DatasetOverview;
class ProjectDock;
class ProjectSession;
class StartPage;

// The shell: menus, docks, the central pages and the status bar. Project state lives in
// ProjectSession; this class only wires it to widgets.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(ProjectSession *session, QWidget *parent = nullptr);

    // Where the demo project lives: the per-user application data folder.
    static QString demoProjectPath();

public Q_SLOTS:
    void newProject();
    void openProject();
    void openProjectFile(const QString &filePath);
    void openDemoProject();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createActions();
    void rebuildRecentMenu();
    void showProject(const ProjectOverview &overview);
    void showOpenFailure(const QString &message);
    void showDataset(const QString &name);
    void restoreWindowState();

    ProjectSession *m_session;
    ProjectDock *m_projectDock = nullptr;
    QStackedWidget *m_pages = nullptr;
    StartPage *m_startPage = nullptr;
    DatasetOverview *m_datasetOverview = nullptr;
    QMenu *m_recentMenu = nullptr;
    QLabel *m_projectLabel = nullptr;
    QProgressBar *m_busyIndicator = nullptr;
    QString m_pendingPath;
};

} // namespace glossa::ui
