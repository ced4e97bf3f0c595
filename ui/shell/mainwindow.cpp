#include "ui/shell/mainwindow.h"

#include "ui/compare/comparepage.h"
#include "ui/data/datapage.h"
#include "ui/data/exampletablemodel.h"
#include "ui/data/filterbar.h"
#include "ui/data/importdialog.h"
#include "ui/data/labelactions.h"
#include "ui/data/resplitdialog.h"
#include "ui/evaluate/evaluatepage.h"
#include "ui/crosslingual/crosslingualpage.h"
#include "ui/review/duplicatespage.h"
#include "ui/review/reviewpage.h"
#include "ui/runs/runspage.h"
#include "ui/runs/runstablemodel.h"
#include "ui/session/projectsession.h"
#include "ui/session/runlist.h"
#include "ui/session/trainingcontroller.h"
#include "ui/shell/languages.h"
#include "ui/shell/projectdock.h"
#include "ui/shell/recentprojects.h"
#include "ui/shell/shortcutoverlay.h"
#include "ui/shell/startpage.h"
#include "ui/train/configeditor.h"
#include "ui/train/trainpage.h"
#include "ui/widgets/editfailure.h"
#include "ui/widgets/icons.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QSettings>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QUndoStack>

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
    , m_tabs(new QTabWidget(this))
    , m_dataPage(new DataPage(session, this))
    , m_trainPage(new TrainPage(session, this))
    , m_runsPage(new RunsPage(session, this))
    , m_evaluatePage(new EvaluatePage(session, this))
    , m_reviewPage(new ReviewPage(session, this))
    , m_duplicatesPage(new DuplicatesPage(session, this))
    , m_crossLingualPage(new CrossLingualPage(session, this))
    , m_comparePage(new ComparePage(session, this))
    , m_shortcutOverlay(new ShortcutOverlay(this))
    , m_projectLabel(new QLabel(this))
    , m_indexLabel(new QLabel(this))
    , m_busyIndicator(new QProgressBar(this))
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("Glossa"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/glossa.svg")));
    m_labelActions = new LabelActions(
        session, [this] { return m_dataPage->dataset(); }, this);

    layOutPages();
    setUpStatusBar();
    createActions();
    m_startPage->setRecentProjects(RecentProjects::list());
    connectPages();
    connectUndo();
    connectSession();

    restoreWindowState();
    updateActions();
    // A window made while a project is open (after a language switch) shows it at once.
    if (m_session->isOpen())
        showProject(m_session->overview());
}

// The tabs in the order of the analyst's loop behind the start page, and the project dock.
void MainWindow::layOutPages()
{
    m_tabs->setObjectName(QStringLiteral("centralTabs"));
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(m_dataPage, themedIcon(QStringLiteral("view-filter")), tr("Data"));
    m_tabs->addTab(m_trainPage, themedIcon(QStringLiteral("media-playback-start")), tr("Train"));
    m_tabs->addTab(m_runsPage, themedIcon(QStringLiteral("view-statistics")), tr("Runs"));
    m_tabs->addTab(m_evaluatePage, themedIcon(QStringLiteral("view-statistics")), tr("Evaluate"));
    m_tabs->addTab(m_comparePage, themedIcon(QStringLiteral("view-split-left-right")), tr("Compare"));
    m_tabs->addTab(m_reviewPage, themedIcon(QStringLiteral("dialog-warning")), tr("Review"));
    m_tabs->addTab(m_duplicatesPage, themedIcon(QStringLiteral("edit-copy")), tr("Duplicates"));
    m_tabs->addTab(m_crossLingualPage, themedIcon(QStringLiteral("preferences-desktop-locale")), tr("Cross-lingual"));
    m_pages->addWidget(m_startPage);
    m_pages->addWidget(m_tabs);
    setCentralWidget(m_pages);
    addDockWidget(Qt::LeftDockWidgetArea, m_projectDock);
    m_projectDock->hide();
    m_shortcutOverlay->hide();
}

void MainWindow::setUpStatusBar()
{
    m_busyIndicator->setRange(0, 0);
    m_busyIndicator->setMaximumWidth(120);
    m_busyIndicator->hide();
    statusBar()->addPermanentWidget(m_busyIndicator);
    m_indexLabel->setObjectName(QStringLiteral("searchIndexStatus"));
    m_indexLabel->setToolTip(tr("Search works meanwhile; it reads the texts not yet indexed directly."));
    m_indexLabel->hide();
    statusBar()->addPermanentWidget(m_indexLabel);
    statusBar()->addPermanentWidget(m_projectLabel);
}

// What the start page, the dock and the tabs ask of each other.
void MainWindow::connectPages()
{
    connect(m_startPage, &StartPage::newProjectRequested, this, &MainWindow::newProject);
    connect(m_startPage, &StartPage::openProjectRequested, this, &MainWindow::openProject);
    connect(m_startPage, &StartPage::demoProjectRequested, this, &MainWindow::openDemoProject);
    connect(m_startPage, &StartPage::recentProjectRequested, this, &MainWindow::openProjectFile);
    connect(m_projectDock, &ProjectDock::datasetSelected, this, &MainWindow::showDataset);
    connect(m_projectDock, &ProjectDock::runSelected, this, &MainWindow::followRun);
    connect(m_runsPage, &RunsPage::runSelected, this, &MainWindow::followRun);
    auto showMessage = [this](const QString &message) { statusBar()->showMessage(message, 4000); };
    connect(m_dataPage, &DataPage::statusMessage, this, showMessage);
    connect(m_dataPage, &DataPage::resplitRequested, this, &MainWindow::openResplit);
    connect(m_trainPage, &TrainPage::statusMessage, this, showMessage);
    connect(m_runsPage, &RunsPage::statusMessage, this, showMessage);
    connect(m_evaluatePage, &EvaluatePage::statusMessage, this, showMessage);
    connect(m_runsPage, &RunsPage::rerunRequested, this, &MainWindow::rerun);
    connect(m_runsPage, &RunsPage::resumeRequested, this, [this](qint64 runId) {
        m_tabs->setCurrentWidget(m_trainPage);
        m_trainPage->resumeRun(runId);
    });
    connect(m_runsPage, &RunsPage::evaluateRequested, this, [this](qint64 runId) {
        m_evaluatePage->showRun(runId);
        m_tabs->setCurrentWidget(m_evaluatePage);
    });
    connect(m_evaluatePage, &EvaluatePage::cellRequested, this, &MainWindow::showConfusionCell);
    m_crossLingualPage->setSettingsSource([this] { return m_trainPage->editor()->configJson(); });
    connect(m_crossLingualPage, &CrossLingualPage::statusMessage, this, showMessage);
    connect(m_crossLingualPage, &CrossLingualPage::evaluationRequested, this,
            [this](qint64 runId, const QString &language) {
                m_evaluatePage->showRun(runId, language);
                m_tabs->setCurrentWidget(m_evaluatePage);
            });
    // An inconsistent group: its translations side by side, scored by the run first.
    connect(m_evaluatePage, &EvaluatePage::groupRequested, this, [this](qint64 runId, const QString &groupId) {
        followRun(runId);
        m_comparePage->fillFromGroup(groupId);
        m_tabs->setCurrentWidget(m_comparePage);
    });
    connect(m_reviewPage, &ReviewPage::statusMessage, this, showMessage);
    connect(m_comparePage, &ComparePage::statusMessage, this, showMessage);
    connect(m_session, &ProjectSession::exampleAdded, this, [this](qint64 datasetId) {
        if (datasetId == m_dataPage->datasetId())
            m_dataPage->model()->refresh(); // the new example joins the list if the filter takes it
    });
    connect(m_reviewPage, &ReviewPage::browserRequested, this, &MainWindow::showReviewQueue);
    connect(m_reviewPage, &ReviewPage::retrainRequested, this, &MainWindow::rerun);
    connect(m_dataPage->filterBar(), &FilterBar::retrainRequested, this, [this](qint64 runId) {
        if (const auto *run = m_session->runs()->find(runId))
            rerun(*run);
    });
    const auto followEdits = [this](const QString &dataset) {
        // Edit ▸ Undo takes back the edits of the dataset the Data tab shows: make it this one.
        if (m_dataPage->dataset().name != dataset) {
            m_projectDock->selectDataset(dataset);
            showDataset(dataset);
        }
    };
    connect(m_reviewPage, &ReviewPage::editingDataset, this, followEdits);
    connect(m_duplicatesPage, &DuplicatesPage::editingDataset, this, followEdits);
    connect(m_duplicatesPage, &DuplicatesPage::statusMessage, this, showMessage);
    connect(m_duplicatesPage, &DuplicatesPage::exampleRequested, this,
            [this](const QString &dataset, qint64 exampleId) {
                showReviewQueue(-1, dataset, BrowseReview::None, exampleId);
            });
    connect(m_trainPage, &TrainPage::duplicatesRequested, this, [this](const QString &dataset) {
        m_duplicatesPage->setDataset(dataset);
        m_tabs->setCurrentWidget(m_duplicatesPage);
    });
}

// Edit ▸ Undo follows the tab: the settings editor's stack on Train, the journal elsewhere.
void MainWindow::connectUndo()
{
    connect(m_tabs, &QTabWidget::currentChanged, this, &MainWindow::updateUndoActions);
    // The settings editor's stack only matters to the Edit menu while its tab is up.
    auto *settingsUndo = m_trainPage->editor()->undoStack();
    const auto settingsChanged = [this] {
        if (trainTabActive())
            updateUndoActions();
    };
    for (auto signal : {&QUndoStack::canUndoChanged, &QUndoStack::canRedoChanged})
        connect(settingsUndo, signal, this, settingsChanged);
    connect(settingsUndo, &QUndoStack::indexChanged, this, settingsChanged);
}

// The open project, its training and the journal, as the session announces them.
void MainWindow::connectSession()
{
    auto *training = m_session->training();
    connect(training, &TrainingController::stateChanged, this, &MainWindow::showTrainingNotice);
    connect(m_session, &ProjectSession::projectOpened, this, &MainWindow::showProject);
    connect(m_session, &ProjectSession::overviewChanged, this, &MainWindow::showOverview);
    connect(m_session, &ProjectSession::openFailed, this, &MainWindow::showOpenFailure);
    connect(m_session, &ProjectSession::refreshFailed, this,
            [this](const QString &message) { statusBar()->showMessage(tr("Could not refresh: %1").arg(message)); });
    connect(m_session, &ProjectSession::undoStateChanged, this,
            [this](qint64 datasetId, bool canUndo, const QString &undoText, bool canRedo, const QString &redoText) {
                if (datasetId != m_dataPage->datasetId() || trainTabActive())
                    return;
                m_journalUndoText = canUndo ? undoText : QString();
                m_journalRedoText = canRedo ? redoText : QString();
                m_undoAction->setEnabled(canUndo);
                m_undoAction->setText(canUndo && !undoText.isEmpty() ? tr("&Undo: %1").arg(undoText) : tr("&Undo"));
                m_redoAction->setEnabled(canRedo);
                m_redoAction->setText(canRedo && !redoText.isEmpty() ? tr("&Redo: %1").arg(redoText) : tr("&Redo"));
            });
    connect(m_session, &ProjectSession::searchIndexProgress, this, [this](qint64 indexed, qint64 total) {
        m_indexLabel->setVisible(indexed < total);
        if (total > 0)
            m_indexLabel->setText(tr("Indexing texts for search: %1%").arg(indexed * 100 / total));
    });
    connect(m_session, &ProjectSession::busyChanged, this, [this](bool busy, const QString &what) {
        m_busyIndicator->setVisible(busy);
        if (busy)
            statusBar()->showMessage(what);
        else
            statusBar()->clearMessage();
    });
}

void MainWindow::rerun(const RunRow &run)
{
    m_tabs->setCurrentWidget(m_trainPage);
    m_trainPage->rerun(run);
}

MainWindow::~MainWindow()
{
    // The pages go before this class's members do; their stacks and tabs signal on the way out.
    m_trainPage->editor()->undoStack()->disconnect(this);
    m_tabs->disconnect(this);
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
    auto *newAction = fileMenu->addAction(themedIcon(QStringLiteral("document-new")), tr("&New Project…"), this,
                                          &MainWindow::newProject);
    newAction->setShortcut(QKeySequence::New);
    auto *openAction = fileMenu->addAction(themedIcon(QStringLiteral("document-open")), tr("&Open Project…"), this,
                                           &MainWindow::openProject);
    openAction->setShortcut(QKeySequence::Open);
    m_recentMenu = fileMenu->addMenu(themedIcon(QStringLiteral("document-open-recent")), tr("Open &Recent"));
    rebuildRecentMenu();
    fileMenu->addAction(tr("Open the &Demo Project"), this, &MainWindow::openDemoProject);
    fileMenu->addSeparator();
    m_importAction = fileMenu->addAction(themedIcon(QStringLiteral("document-import")), tr("&Import Examples…"), this,
                                         [this] { importFile(); });
    m_importAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_I));
    fileMenu->addSeparator();
    auto *quitAction =
        fileMenu->addAction(themedIcon(QStringLiteral("application-exit")), tr("&Quit"), this, &QWidget::close);
    quitAction->setShortcut(QKeySequence::Quit);
    quitAction->setMenuRole(QAction::QuitRole);

    QMenu *editMenu = menuBar()->addMenu(tr("&Edit"));
    m_undoAction = editMenu->addAction(themedIcon(QStringLiteral("edit-undo")), tr("&Undo"), this, &MainWindow::undo);
    m_undoAction->setObjectName(QStringLiteral("undoAction"));
    m_undoAction->setShortcut(QKeySequence::Undo);
    m_redoAction = editMenu->addAction(themedIcon(QStringLiteral("edit-redo")), tr("&Redo"), this, &MainWindow::redo);
    m_redoAction->setObjectName(QStringLiteral("redoAction"));
    m_redoAction->setShortcuts({QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z), QKeySequence(Qt::CTRL | Qt::Key_Y)});
    editMenu->addSeparator();
    m_findAction = editMenu->addAction(themedIcon(QStringLiteral("edit-find")), tr("&Find…"), this,
                                       [this] { m_dataPage->focusSearch(); });
    m_findAction->setShortcut(QKeySequence::Find);
    editMenu->addAction(themedIcon(QStringLiteral("view-filter")), tr("&Clear Filters"), this,
                        [this] { m_dataPage->filterBar()->clearFilters(); });
    editMenu->addSeparator();
    m_labelMenu = m_labelActions->menu();
    editMenu->addMenu(m_labelMenu);

    createDataMenu(menuBar()->addMenu(tr("&Data")));

    QMenu *viewMenu = menuBar()->addMenu(tr("&View"));
    auto *dockToggle = m_projectDock->toggleViewAction();
    dockToggle->setText(tr("&Project Panel"));
    dockToggle->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_1));
    viewMenu->addAction(dockToggle);
    auto *chartToggle = viewMenu->addAction(themedIcon(QStringLiteral("view-statistics")), tr("Label &Distribution"));
    chartToggle->setCheckable(true);
    chartToggle->setChecked(QSettings().value(QStringLiteral("data/chartVisible"), true).toBool());
    chartToggle->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_2));
    m_dataPage->setChartVisible(chartToggle->isChecked());
    connect(chartToggle, &QAction::toggled, this, [this](bool on) {
        m_dataPage->setChartVisible(on);
        QSettings().setValue(QStringLiteral("data/chartVisible"), on);
    });
    viewMenu->addSeparator();
    createLanguageMenu(viewMenu);

    QMenu *helpMenu = menuBar()->addMenu(tr("&Help"));
    auto *shortcutsAction = helpMenu->addAction(themedIcon(QStringLiteral("help-keyboard-shortcuts")),
                                                tr("&Keyboard Shortcuts"), this, &MainWindow::showShortcuts);
    shortcutsAction->setShortcuts({QKeySequence(Qt::Key_F1), QKeySequence(QStringLiteral("?"))});
    helpMenu->addAction(tr("&About Glossa"), this, [this] {
        QMessageBox::about(this, tr("About Glossa"),
                           tr("<h3>Glossa %1</h3><p>A workbench for labelling, training and inspecting "
                              "multilingual text classifiers.</p>")
                               .arg(QApplication::applicationVersion()));
    });

    m_shortcutOverlay->setShortcuts({
        {tr("Navigation"), QStringLiteral("↓  /  J"), tr("Next example")},
        {tr("Navigation"), QStringLiteral("↑  /  K"), tr("Previous example")},
        {tr("Navigation"), QStringLiteral("Shift+↓  /  Shift+↑"), tr("Extend the selection")},
        {tr("Navigation"), QStringLiteral("/  ·  Ctrl+F"), tr("Search the texts")},
        {tr("Navigation"), QStringLiteral("Esc"), tr("Back to the table from the search field")},
        {tr("Labelling"), QStringLiteral("1 … 9"),
         tr("Give the selection the label with that number, then go to the next row")},
        {tr("Labelling"), QStringLiteral("L"), tr("Pick any label by typing part of its name")},
        {tr("Labelling"), QStringLiteral("Delete  /  0"), tr("Remove the label")},
        {tr("Review"), QStringLiteral("A"), tr("Accept the suggested label of a likely label error")},
        {tr("Review"), QStringLiteral("D"), tr("Dismiss the suggestion (or restore a dismissed one)")},
        {tr("Review"), QStringLiteral("Enter"), tr("Open the queue in the Data tab at this example")},
        {tr("Editing"), QKeySequence(QKeySequence::Undo).toString(QKeySequence::NativeText),
         tr("Undo the last label change")},
        {tr("Editing"), QStringLiteral("Ctrl+Shift+Z  /  Ctrl+Y"), tr("Redo")},
        {tr("Editing"), QStringLiteral("Ctrl+I"), tr("Import examples from a file")},
        {tr("Views"), QStringLiteral("Ctrl+1"), tr("Show or hide the project panel")},
        {tr("Views"), QStringLiteral("Ctrl+2"), tr("Show or hide the label distribution")},
        {tr("Views"), QStringLiteral("F1  /  ?"), tr("Show this list of shortcuts")},
    });
}

// Data ▸ Re-split… and Undo Re-split, for the dataset the Data tab shows.
void MainWindow::createDataMenu(QMenu *dataMenu)
{
    m_resplitAction = dataMenu->addAction(tr("&Re-split…"), this, [this] { openResplit(currentDatasetName()); });
    m_resplitAction->setObjectName(QStringLiteral("resplitAction"));
    m_resplitAction->setToolTip(tr("Split the dataset's rows into train, dev and test again, by group"));
    m_undoResplitAction = dataMenu->addAction(tr("&Undo Re-split"), this, &MainWindow::undoResplit);
    m_undoResplitAction->setObjectName(QStringLiteral("undoResplitAction"));
}

void MainWindow::createLanguageMenu(QMenu *viewMenu)
{
    QMenu *languageMenu = viewMenu->addMenu(tr("&Language"));
    auto *group = new QActionGroup(languageMenu);
    const QString current = QSettings().value(QStringLiteral("language")).toString();
    auto addLanguage = [&](const QString &code, const QString &name) {
        auto *action = languageMenu->addAction(name);
        action->setCheckable(true);
        action->setChecked(code == current);
        action->setData(code);
        group->addAction(action);
        connect(action, &QAction::triggered, this, [this, code] { Q_EMIT languageChosen(code); });
    };
    addLanguage(QString(), tr("System Language"));
    for (const auto &language : availableLanguages())
        addLanguage(language.code, language.nativeName);
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

void MainWindow::importFile(const QString &filePath)
{
    if (!m_session->isOpen())
        return;
    QStringList datasets;
    for (const auto &dataset : m_session->overview().datasets)
        datasets.append(dataset.name);
    auto *dialog = new ImportDialog(datasets, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setImportRunner(m_session->newImportRunner(dialog));
    connect(dialog, &ImportDialog::imported, this, [this](const QString &dataset) {
        statusBar()->showMessage(tr("Imported into %1").arg(dataset), 5000);
        m_pendingDataset = dataset;
        m_session->refresh();
        m_dataPage->model()->refresh();
    });
    if (!filePath.isEmpty())
        dialog->setFile(filePath);
    dialog->open();
}

QString MainWindow::currentDatasetName() const
{
    for (const auto &dataset : m_session->overview().datasets)
        if (dataset.id == m_dataPage->datasetId())
            return dataset.name;
    return {};
}

void MainWindow::openResplit(const QString &datasetName)
{
    const auto *dataset = m_session->dataset(datasetName);
    if (!dataset)
        return;
    auto *dialog = new ResplitDialog(m_session, dataset->name, dataset->id, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &ResplitDialog::resplit, this, [this](const QString &name, qint64 changed) {
        statusBar()->showMessage(tr("Split %1 again: %2 rows changed split").arg(name, QLocale().toString(changed)),
                                 5000);
        m_session->refresh();
        m_dataPage->model()->refresh();
    });
    dialog->open();
}

// Puts back the splits from before the dataset's latest re-split, off the UI thread.
void MainWindow::undoResplit()
{
    const auto *dataset = m_session->dataset(currentDatasetName());
    if (!dataset)
        return;
    whenDone(
        m_session->undoResplit(dataset->id), this,
        [this, name = dataset->name](std::optional<qint64> changed) {
            statusBar()->showMessage(changed ? tr("Undid the re-split of %1: %2 rows have their earlier splits again")
                                                   .arg(name, QLocale().toString(*changed))
                                             : tr("%1 has no re-split to undo").arg(name),
                                     5000);
            m_dataPage->model()->refresh();
        },
        [this](const QString &message) {
            statusBar()->showMessage(tr("Could not undo the re-split: %1").arg(message), 5000);
        });
}

void MainWindow::showShortcuts()
{
    m_shortcutOverlay->showOver(this);
}

// Undo follows the tab: the settings editor's own stack on the Train tab, the label journal
// elsewhere.
bool MainWindow::trainTabActive() const
{
    return m_tabs->currentWidget() == m_trainPage;
}

// The status bar says what undo and redo did, so an earlier "Labelled r12 as …" does not stay
// there as if it still held.
void MainWindow::undo()
{
    if (trainTabActive()) {
        auto *stack = m_trainPage->editor()->undoStack();
        const QString text = stack->undoText();
        if (!stack->canUndo())
            return;
        stack->undo();
        showUndoneMessage(tr("Undid: %1"), text);
    } else if (m_dataPage->datasetId() > 0) {
        whenDone(
            m_session->undo(m_dataPage->datasetId()), this,
            [this, text = m_journalUndoText] { showUndoneMessage(tr("Undid: %1"), text); },
            [this](const QString &message) { showEditFailure(this, message); });
    }
}

void MainWindow::redo()
{
    if (trainTabActive()) {
        auto *stack = m_trainPage->editor()->undoStack();
        const QString text = stack->redoText();
        if (!stack->canRedo())
            return;
        stack->redo();
        showUndoneMessage(tr("Redid: %1"), text);
    } else if (m_dataPage->datasetId() > 0) {
        whenDone(
            m_session->redo(m_dataPage->datasetId()), this,
            [this, text = m_journalRedoText] { showUndoneMessage(tr("Redid: %1"), text); },
            [this](const QString &message) { showEditFailure(this, message); });
    }
}

void MainWindow::showUndoneMessage(const QString &pattern, const QString &what)
{
    statusBar()->showMessage(what.isEmpty() ? pattern.arg(tr("the last change")) : pattern.arg(what), 5000);
}

void MainWindow::updateUndoActions()
{
    if (!trainTabActive()) {
        // The journal's state comes back by undoStateChanged; the actions stay usable meanwhile
        // (undo() looks at the tab when triggered).
        if (m_dataPage->datasetId() > 0) {
            m_session->readUndoState(m_dataPage->datasetId());
        } else {
            m_undoAction->setEnabled(false);
            m_redoAction->setEnabled(false);
        }
        return;
    }
    const auto *stack = m_trainPage->editor()->undoStack();
    m_undoAction->setEnabled(stack->canUndo());
    m_undoAction->setText(stack->canUndo() ? tr("&Undo: %1").arg(stack->undoText()) : tr("&Undo"));
    m_redoAction->setEnabled(stack->canRedo());
    m_redoAction->setText(stack->canRedo() ? tr("&Redo: %1").arg(stack->redoText()) : tr("&Redo"));
}

void MainWindow::showTrainingNotice()
{
    const auto *training = m_session->training();
    const bool trainingNow = training->isBusy() && training->projectPath() == m_session->overview().filePath;
    m_dataPage->setTrainingNotice(
        trainingNow
            ? tr("Run %1 is training on the labels as they were at %2. Edits you make now count from the next run.")
                  .arg(training->runName().isEmpty() ? tr("(starting)") : training->runName(),
                       QLocale().toString(training->startedAt().time(), QLocale::ShortFormat))
            : QString());
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
    m_dataPage->clear();
    m_startPage->setMessage({});
    showOverview(overview);
    statusBar()->showMessage(tr("Opened %1").arg(file.fileName()), 5000);
}

void MainWindow::showOverview(const ProjectOverview &overview)
{
    m_projectDock->showOverview(overview);
    if (!m_pendingDataset.isEmpty()) {
        m_projectDock->selectDataset(m_pendingDataset);
        m_pendingDataset.clear();
    }
    if (overview.datasets.isEmpty()) {
        m_startPage->setMessage(tr("%1 is open and has no datasets yet: File ▸ Import Examples… brings some in.")
                                    .arg(QFileInfo(overview.filePath).fileName()));
        m_pages->setCurrentWidget(m_startPage);
    } else {
        showDataset(m_projectDock->currentDataset());
    }
    updateActions();
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

// The run an analyst chose (in the Runs tab or the dock) is the one the tabs that show one run
// open on; Compare puts it first among the runs it compares.
void MainWindow::followRun(qint64 runId)
{
    m_evaluatePage->showRun(runId);
    m_reviewPage->showRun(runId);
    auto compared = m_comparePage->runsCompared();
    if (compared.value(0, -1) != runId) {
        compared.removeAll(runId);
        compared.prepend(runId);
        m_comparePage->setRunsCompared(compared.mid(0, ComparePage::maxRuns));
    }
}

void MainWindow::showDataset(const QString &name)
{
    if (const auto *dataset = m_session->dataset(name)) {
        m_trainPage->setDataset(name); // the dataset chosen is the one a new run trains on
        m_duplicatesPage->setDataset(name);
        m_dataPage->showDataset(*dataset, m_session->overview().runs);
        m_pages->setCurrentWidget(m_tabs);
    }
    updateActions();
}

void MainWindow::showConfusionCell(qint64 runId, const QString &dataset, const QString &goldLabel,
                                   const QString &predictedLabel, const QString &language)
{
    const auto *summary = m_session->dataset(dataset);
    if (!summary)
        return;
    auto idOf = [summary](const QString &name) -> qint64 {
        for (const auto &label : summary->labelSet)
            if (label.name == name)
                return label.id;
        return -1;
    };
    const qint64 gold = idOf(goldLabel);
    const qint64 predicted = idOf(predictedLabel);
    if (gold < 0 || predicted < 0) {
        statusBar()->showMessage(tr("%1 or %2 is no longer a label of %3").arg(goldLabel, predictedLabel, dataset),
                                 6000);
        return;
    }
    m_projectDock->selectDataset(dataset);
    showDataset(dataset);
    m_dataPage->filterBar()->showConfusionCell(runId, QStringLiteral("test"), gold, predicted, language);
    m_tabs->setCurrentWidget(m_dataPage);
}

void MainWindow::showReviewQueue(qint64 runId, const QString &dataset, BrowseReview review, qint64 exampleId)
{
    if (!m_session->dataset(dataset))
        return;
    m_projectDock->selectDataset(dataset);
    showDataset(dataset);
    m_dataPage->showReviewQueue(runId, review, exampleId);
    m_tabs->setCurrentWidget(m_dataPage);
}

void MainWindow::updateActions()
{
    const bool open = m_session->isOpen();
    const bool hasDataset = m_dataPage->datasetId() > 0;
    m_importAction->setEnabled(open);
    m_findAction->setEnabled(hasDataset);
    m_labelMenu->setEnabled(hasDataset);
    const auto *dataset = m_session->dataset(currentDatasetName());
    m_resplitAction->setEnabled(dataset != nullptr);
    m_undoResplitAction->setEnabled(dataset && dataset->undoableResplits > 0);
    if (!hasDataset) {
        m_undoAction->setEnabled(false);
        m_redoAction->setEnabled(false);
    }
}

void MainWindow::restoreWindowState()
{
    QSettings settings;
    if (!restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray()))
        resize(1400, 860);
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
}

void MainWindow::saveWindowState()
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    m_dataPage->saveLayout();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    auto *training = m_session->training();
    if (training->isBusy()) {
        const auto answer = QMessageBox::question(
            this, tr("A run is training"),
            tr("Run %1 is still training. Stop it and quit? It can be resumed later from its last checkpoint.")
                .arg(training->runName()),
            QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
        if (answer != QMessageBox::Yes) {
            event->ignore();
            return;
        }
        training->stopAndWait(30000);
    }
    saveWindowState();
    event->accept();
}

} // namespace glossa::ui
