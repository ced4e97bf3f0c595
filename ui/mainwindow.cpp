#include "mainwindow.h"

#include "datasetoverview.h"
#include "projectdock.h"
#include "projectsession.h"
#include "recentprojects.h"
#include "startpage.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QSettings>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QStatusBar>

namespace glossa::ui {

namespace {

QString projectFilter()
{
    return MainWindow::tr("Glossa projects (*.glossa);;All files (*)");
}

} // namespace

MainWindow::MainWindow(ProjectSession *session, QWidget *parent)
    : QMainWindow(parent)
    , m_session(session)
    , m_projectDock(new ProjectDock(this))
    , m_pages(new QStackedWidget(this))
    , m_startPage(new StartPage(this))
    , m_datasetOverview(new DatasetOverview(this))
    , m_projectLabel(new QLabel(this))
    , m_busyIndicator(new QProgressBar(this))
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("Glossa"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/glossa.svg")));

    m_pages->addWidget(m_startPage);
    m_pages->addWidget(m_datasetOverview);
    setCentralWidget(m_pages);
    addDockWidget(Qt::LeftDockWidgetArea, m_projectDock);
    m_projectDock->hide();

    m_busyIndicator->setRange(0, 0);
    m_busyIndicator->setMaximumWidth(120);
    m_busyIndicator->hide();
    statusBar()->addPermanentWidget(m_busyIndicator);
    statusBar()->addPermanentWidget(m_projectLabel);

    createActions();
    m_startPage->setRecentProjects(RecentProjects::list());

    connect(m_startPage, &StartPage::newProjectRequested, this, &MainWindow::newProject);
    connect(m_startPage, &StartPage::openProjectRequested, this, &MainWindow::openProject);
    connect(m_startPage, &StartPage::demoProjectRequested, this, &MainWindow::openDemoProject);
    connect(m_startPage, &StartPage::recentProjectRequested, this, &MainWindow::openProjectFile);
    connect(m_projectDock, &ProjectDock::datasetSelected, this, &MainWindow::showDataset);
    connect(m_session, &ProjectSession::projectOpened, this, &MainWindow::showProject);
    connect(m_session, &ProjectSession::overviewChanged, this, [this](const ProjectOverview &overview) {
        m_projectDock->showOverview(overview);
        showDataset(m_projectDock->currentDataset());
    });
    connect(m_session, &ProjectSession::openFailed, this, &MainWindow::showOpenFailure);
    connect(m_session, &ProjectSession::refreshFailed, this,
            [this](const QString &message) { statusBar()->showMessage(tr("Could not refresh: %1").arg(message)); });
    connect(m_session, &ProjectSession::busyChanged, this, [this](bool busy, const QString &what) {
        m_busyIndicator->setVisible(busy);
        if (busy)
            statusBar()->showMessage(what);
        else
            statusBar()->clearMessage();
    });

    restoreWindowState();
}

QString MainWindow::demoProjectPath()
{
    // Only a path: the project thread creates the folder when it creates the demo.
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
        .filePath(QStringLiteral("demo.glossa"));
}

void MainWindow::createActions()
{
    QMenu *fileMenu = menuBar()->addMenu(tr("&File"));
    auto *newAction = fileMenu->addAction(QIcon::fromTheme(QStringLiteral("document-new")), tr("&New Project…"), this,
                                          &MainWindow::newProject);
    newAction->setShortcut(QKeySequence::New);
    auto *openAction = fileMenu->addAction(QIcon::fromTheme(QStringLiteral("document-open")), tr("&Open Project…"),
                                           this, &MainWindow::openProject);
    openAction->setShortcut(QKeySequence::Open);
    m_recentMenu = fileMenu->addMenu(QIcon::fromTheme(QStringLiteral("document-open-recent")), tr("Open &Recent"));
    rebuildRecentMenu();
    fileMenu->addAction(tr("Open the &Demo Project"), this, &MainWindow::openDemoProject);
    fileMenu->addSeparator();
    auto *quitAction =
        fileMenu->addAction(QIcon::fromTheme(QStringLiteral("application-exit")), tr("&Quit"), this, &QWidget::close);
    quitAction->setShortcut(QKeySequence::Quit);
    quitAction->setMenuRole(QAction::QuitRole);

    QMenu *viewMenu = menuBar()->addMenu(tr("&View"));
    auto *dockToggle = m_projectDock->toggleViewAction();
    dockToggle->setText(tr("&Project Panel"));
    dockToggle->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_1));
    viewMenu->addAction(dockToggle);

    QMenu *helpMenu = menuBar()->addMenu(tr("&Help"));
    helpMenu->addAction(tr("&About Glossa"), this, [this] {
        QMessageBox::about(this, tr("About Glossa"),
                           tr("<h3>Glossa %1</h3><p>A workbench for labelling, training and inspecting "
                              "multilingual text classifiers.</p>")
                               .arg(QApplication::applicationVersion()));
    });
}

void MainWindow::rebuildRecentMenu()
{
    m_recentMenu->clear();
    const auto recent = RecentProjects::list();
    for (const auto &path : recent)
        m_recentMenu->addAction(QFileInfo(path).fileName(), this, [this, path] { openProjectFile(path); })
            ->setToolTip(path);
    if (recent.isEmpty())
        m_recentMenu->addAction(tr("No recent projects"))->setEnabled(false);
    m_startPage->setRecentProjects(recent);
}

void MainWindow::newProject()
{
    QString path = QFileDialog::getSaveFileName(this, tr("New Project"), QDir::homePath(), projectFilter());
    if (path.isEmpty())
        return;
    if (!path.endsWith(QLatin1String(".glossa")))
        path += QLatin1String(".glossa");
    if (QFileInfo::exists(path)) {
        QMessageBox::warning(this, tr("New Project"),
                             tr("%1 already exists. Choose another name, or open it with File ▸ Open Project.")
                                 .arg(QDir::toNativeSeparators(path)));
        return;
    }
    m_pendingPath = path;
    m_session->createProject(path);
}

void MainWindow::openProject()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open Project"), QDir::homePath(), projectFilter());
    if (!path.isEmpty())
        openProjectFile(path);
}

void MainWindow::openProjectFile(const QString &filePath)
{
    m_pendingPath = filePath;
    m_session->openProject(filePath);
}

void MainWindow::openDemoProject()
{
    m_pendingPath = demoProjectPath();
    m_session->openDemoProject(m_pendingPath);
}

void MainWindow::showProject(const ProjectOverview &overview)
{
    RecentProjects::add(overview.filePath);
    rebuildRecentMenu();
    QSettings().setValue(QStringLiteral("lastProject"), overview.filePath);
    const QFileInfo file(overview.filePath);
    setWindowTitle(tr("%1 — Glossa").arg(file.completeBaseName()));
    setWindowFilePath(overview.filePath);
    m_projectLabel->setText(QDir::toNativeSeparators(overview.filePath));
    m_projectDock->show();
    m_projectDock->showOverview(overview);
    m_startPage->setMessage({});
    if (overview.datasets.isEmpty()) {
        m_startPage->setMessage(tr("%1 is open and has no datasets yet.").arg(file.fileName()));
        m_pages->setCurrentWidget(m_startPage);
    } else {
        showDataset(m_projectDock->currentDataset());
    }
    statusBar()->showMessage(tr("Opened %1").arg(file.fileName()), 5000);
}

void MainWindow::showOpenFailure(const QString &message)
{
    if (!m_pendingPath.isEmpty() && !QFileInfo::exists(m_pendingPath))
        RecentProjects::remove(m_pendingPath);
    rebuildRecentMenu();
    if (!m_session->isOpen()) {
        m_startPage->setMessage(message);
        m_pages->setCurrentWidget(m_startPage);
    }
    // Not exec(): the UI keeps running while the message is up.
    auto *box = new QMessageBox(QMessageBox::Warning, tr("Cannot open the project"), message, QMessageBox::Ok, this);
    box->setObjectName(QStringLiteral("openFailureMessage"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void MainWindow::showDataset(const QString &name)
{
    for (const auto &dataset : m_session->overview().datasets) {
        if (dataset.name == name) {
            m_datasetOverview->showDataset(dataset);
            m_pages->setCurrentWidget(m_datasetOverview);
            return;
        }
    }
}

void MainWindow::restoreWindowState()
{
    QSettings settings;
    if (!restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray()))
        resize(1280, 800);
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    event->accept();
}

} // namespace glossa::ui
