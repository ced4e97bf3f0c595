// The main window shell: opens a project off the UI thread and shows what it holds; a file
// that is not a project gives a readable message and leaves the window usable.

#include "ui/data/datapage.h"
#include "ui/data/exampletablemodel.h"
#include "ui/shell/mainwindow.h"
#include "ui/shell/projectdock.h"
#include "ui/session/projectsession.h"

#include "data/importer.h"
#include "store/project.h"

#include <QFile>
#include <QLabel>
#include <QMessageBox>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

using namespace glossa;

class TestMainWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void opensProjectAndShowsDatasets();
    void refusesFileThatIsNotAProject();
    void createsDemoProjectOnFirstUse();
    void createsEmptyProjectAndRefusesToOverwrite();
    void failedOpenKeepsTheOpenProject();

private:
    QString writeProject(const QString &name);

    QTemporaryDir m_dir;
};

void TestMainWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
}

// A project with one small two-language dataset, written through the core as glossa-cli would.
QString TestMainWindow::writeProject(const QString &name)
{
    const QString csv = m_dir.filePath(name + QStringLiteral(".csv"));
    QFile file(csv);
    if (!file.open(QIODevice::WriteOnly))
        return {};
    file.write("text,label,lang\n"
               "Where is my parcel?,track_order,en\n"
               "Wo ist mein Paket?,track_order,de\n"
               "Please cancel my order,cancel_order,en\n"
               "Bitte stornieren Sie meine Bestellung,cancel_order,de\n"
               "I want my money back,,en\n");
    file.close();
    const QString path = m_dir.filePath(name + QStringLiteral(".glossa"));
    auto project = core::store::Project::create(path.toStdString());
    core::data::importFile(project.db(), "reviews", csv.toStdString());
    return path;
}

void TestMainWindow::opensProjectAndShowsDatasets()
{
    const QString path = writeProject(QStringLiteral("shell"));
    QVERIFY(!path.isEmpty());
    ui::ProjectSession session;
    ui::MainWindow window(&session);
    window.show();
    QSignalSpy opened(&session, &ui::ProjectSession::projectOpened);
    window.openProjectFile(path);
    QVERIFY(opened.wait(10000));

    QVERIFY(window.windowTitle().startsWith(QStringLiteral("shell")));
    auto *dock = window.findChild<ui::ProjectDock *>();
    QVERIFY(dock && dock->isVisible());
    QCOMPARE(dock->currentDataset(), QStringLiteral("reviews"));

    // The Data tab shows the dataset's rows and counts them; its chart has one series per label.
    auto *page = window.dataPage();
    QVERIFY(page->isVisible());
    QTRY_COMPARE(page->model()->rowCount(), 5);
    auto *count = page->findChild<QLabel *>(QStringLiteral("matchCount"));
    QVERIFY(count);
    QCOMPARE(count->text(), QStringLiteral("5 examples"));
    QCOMPARE(page->dataset().labelSet.size(), 2);
    QCOMPARE(page->dataset().labelSet.first().name, QStringLiteral("track_order"));
}

void TestMainWindow::refusesFileThatIsNotAProject()
{
    const QString path = m_dir.filePath(QStringLiteral("notes.glossa"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("these are my notes, not a database\n");
    file.close();

    ui::ProjectSession session;
    ui::MainWindow window(&session);
    window.show();
    QSignalSpy failed(&session, &ui::ProjectSession::openFailed);
    window.openProjectFile(path);
    QVERIFY(failed.wait(10000));
    const QString message = failed.first().first().toString();
    QVERIFY2(message.contains(QStringLiteral("notes.glossa"))
                 && message.contains(QStringLiteral("not a Glossa project")),
             qPrintable(message));
    auto *box = window.findChild<QMessageBox *>(QStringLiteral("openFailureMessage"));
    QVERIFY(box);
    QCOMPARE(box->text(), message);
    // The start page repeats the message and the file is untouched.
    auto *startMessage = window.findChild<QLabel *>(QStringLiteral("startMessage"));
    QVERIFY(startMessage && startMessage->isVisible());
    QCOMPARE(startMessage->text(), message);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), QByteArray("these are my notes, not a database\n"));
}

void TestMainWindow::createsDemoProjectOnFirstUse()
{
    const QString path = m_dir.filePath(QStringLiteral("demo.glossa"));
    ui::ProjectSession session;
    QSignalSpy opened(&session, &ui::ProjectSession::projectOpened);
    session.openDemoProject(path);
    QVERIFY(opened.wait(60000));
    const auto overview = opened.first().first().value<ui::ProjectOverview>();
    QCOMPARE(overview.datasets.size(), 1);
    QVERIFY(overview.datasets.first().examples >= 2000);
    QCOMPARE(overview.datasets.first().languages, 9);
    QVERIFY(QFile::exists(path));
}

void TestMainWindow::createsEmptyProjectAndRefusesToOverwrite()
{
    const QString path = m_dir.filePath(QStringLiteral("fresh.glossa"));
    ui::ProjectSession session;
    ui::MainWindow window(&session);
    window.show();
    QSignalSpy opened(&session, &ui::ProjectSession::projectOpened);
    session.createProject(path);
    QVERIFY(opened.wait(10000));
    QVERIFY(QFile::exists(path));
    QVERIFY(opened.first().first().value<ui::ProjectOverview>().datasets.isEmpty());
    // An empty project says so on the start page instead of showing an empty table.
    auto *startMessage = window.findChild<QLabel *>(QStringLiteral("startMessage"));
    QVERIFY(startMessage && startMessage->isVisible());
    QVERIFY2(startMessage->text().contains(QStringLiteral("no datasets yet")), qPrintable(startMessage->text()));

    // Creating it again must not replace the project that is there.
    QSignalSpy failed(&session, &ui::ProjectSession::openFailed);
    session.createProject(path);
    QVERIFY(failed.wait(10000));
    QVERIFY2(failed.first().first().toString().contains(QStringLiteral("already exists")),
             qPrintable(failed.first().first().toString()));
}

void TestMainWindow::failedOpenKeepsTheOpenProject()
{
    const QString good = writeProject(QStringLiteral("keeper"));
    const QString bad = m_dir.filePath(QStringLiteral("broken.glossa"));
    QFile file(bad);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("not a project");
    file.close();

    ui::ProjectSession session;
    ui::MainWindow window(&session);
    QSignalSpy opened(&session, &ui::ProjectSession::projectOpened);
    QSignalSpy failed(&session, &ui::ProjectSession::openFailed);
    window.openProjectFile(good);
    QVERIFY(opened.wait(10000));
    window.openProjectFile(bad);
    QVERIFY(failed.wait(10000));
    // Still the project the analyst had: its title, its datasets, and it still refreshes.
    QVERIFY(session.isOpen());
    QVERIFY(window.windowTitle().startsWith(QStringLiteral("keeper")));
    QCOMPARE(window.findChild<ui::ProjectDock *>()->currentDataset(), QStringLiteral("reviews"));
    QSignalSpy refreshed(&session, &ui::ProjectSession::overviewChanged);
    session.refresh();
    QVERIFY(refreshed.wait(10000));
    QVERIFY(refreshed.first().first().value<ui::ProjectOverview>().filePath.endsWith(QStringLiteral("keeper.glossa")));
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
