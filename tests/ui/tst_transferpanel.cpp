// The Cross-lingual tab's transfer matrix as an analyst uses it: a study started from the tab
// trains its runs through the training controller and fills the matrix as they end; the matrix
// shows what the runs' test reports say; stopping keeps what trained and Continue finishes the
// rest (a stopped run resumed, not trained again); a cell opens Evaluate on that language.

#include "ui/crosslingual/crosslingualpage.h"
#include "ui/crosslingual/languagematrixview.h"
#include "ui/crosslingual/transferpanel.h"
#include "ui/data/datapage.h"
#include "ui/data/filterbar.h"
#include "ui/evaluate/confusionmatrixchart.h"
#include "ui/evaluate/evaluatepage.h"
#include "ui/runs/runspage.h"
#include "ui/runs/runstablemodel.h"
#include "ui/session/projectsession.h"
#include "ui/session/trainingcontroller.h"
#include "ui/shell/mainwindow.h"

#include "data/demoproject.h"
#include "store/project.h"
#include "store/runstore.h"
#include "store/studystore.h"

#include <QComboBox>
#include <QDir>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

using namespace glossa;

class TestTransferPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void studyFillsTheMatrixAndOpensEvaluate();
    void stoppedStudyGoesOnWhereItStopped();

private:
    void openProject(ui::ProjectSession &session, ui::MainWindow &window);

    QTemporaryDir m_dir;
    QString m_project;
};

void TestTransferPanel::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    if (qEnvironmentVariableIsEmpty("GLOSSA_CLI")) // the runs train in glossa-cli children
        qputenv("GLOSSA_CLI", GLOSSA_CLI_PATH);
    QVERIFY(m_dir.isValid());
    m_project = m_dir.filePath(QStringLiteral("demo.glossa"));
    auto project = core::store::Project::create(m_project.toStdString());
    core::data::importDemoData(project.db(), GLOSSA_DEMO_DIR);
}

void TestTransferPanel::openProject(ui::ProjectSession &session, ui::MainWindow &window)
{
    window.resize(1400, 900);
    window.show();
    QSignalSpy opened(&session, &ui::ProjectSession::projectOpened);
    window.openProjectFile(m_project);
    QVERIFY(opened.wait(20000));
    window.tabs()->setCurrentWidget(window.crossLingualPage());
}

void TestTransferPanel::studyFillsTheMatrixAndOpensEvaluate()
{
    ui::ProjectSession session;
    ui::MainWindow window(&session);
    openProject(session, window);
    auto *transfer = window.crossLingualPage()->transfer();
    QTRY_VERIFY(transfer->matrixView()->matrix().rows.isEmpty()); // no study yet

    transfer->startStudy({QStringLiteral("en"), QStringLiteral("de"), QStringLiteral("zh")});
    QTRY_VERIFY_WITH_TIMEOUT(!transfer->study().isEmpty() && transfer->study().finishedRuns() == 4, 240000);
    QTRY_VERIFY_WITH_TIMEOUT(!session.training()->isBusy(), 30000);
    const auto &study = transfer->study();
    QCOMPARE(study.sources, QStringList({QStringLiteral("en"), QStringLiteral("de"), QStringLiteral("zh"),
                                         QStringLiteral("all")}));
    // The matrix is the runs' stored test reports, language by language.
    auto db = core::store::Project::connectTo(m_project.toStdString());
    core::store::RunStore runs(db, {});
    const auto *view = transfer->matrixView();
    for (int row = 0; row < study.sources.size(); ++row) {
        const auto runId = study.runs.value(study.sources[row]);
        const auto report = runs.latestReport(runId, "test");
        QVERIFY(report);
        for (int column = 0; column < study.languages.size(); ++column) {
            const auto *cell = study.cell(study.sources[row], study.languages[column]);
            QVERIFY(cell);
            QCOMPARE(view->cellText(row, column), QString::number(cell->macroF1, 'f', 2));
            QCOMPARE(view->matrix().count(row, column), int(cell->examples));
            QCOMPARE(view->isDiagonal(row, column), study.sources[row] == study.languages[column]);
        }
    }
    // Each target's best other source is framed, and the advice names the language to label next.
    for (int column = 0; column < study.targets.size(); ++column) {
        const int best = static_cast<int>(study.sources.indexOf(study.targets[column].bestSource));
        QVERIFY(best >= 0 && best != column);
        QVERIFY(view->isEmphasised(best, column));
    }
    QVERIFY2(transfer->advice()->text().contains(QStringLiteral("next")), qPrintable(transfer->advice()->text()));
    QCOMPARE(transfer->targetsView()->topLevelItemCount(), 3);
    // The runs belong to the study in the project, and the Runs tab says so.
    core::store::StudyStore studies(db);
    QCOMPARE(studies.runs(study.id).size(), std::size_t(4));
    auto *runsModel = window.runsPage()->model();
    QTRY_VERIFY(runsModel->run(study.runs.value(QStringLiteral("de"))) != nullptr);
    for (int row = 0; row < runsModel->rowCount(); ++row) {
        const auto id = runsModel->index(row, 0).data(ui::RunsTableModel::RunIdRole).toLongLong();
        if (id == study.runs.value(QStringLiteral("de")))
            QCOMPARE(runsModel->index(row, ui::RunsTableModel::Study).data().toString(),
                     study.name + QStringLiteral(" · de"));
    }

    // A cell: the German run on the Chinese test rows, in Evaluate.
    QSignalSpy asked(transfer, &ui::TransferPanel::evaluationRequested);
    const auto index = view->table()->model()->index(1, 2);
    view->table()->setCurrentIndex(index);
    QTest::keyClick(view->table(), Qt::Key_Return);
    QCOMPARE(asked.count(), 1);
    auto *evaluate = window.evaluatePage();
    QCOMPARE(window.tabs()->currentWidget(), evaluate);
    QTRY_COMPARE(evaluate->report().language, QStringLiteral("zh"));
    QCOMPARE(evaluate->report().runId, study.runs.value(QStringLiteral("de")));
    const auto *cell = study.cell(QStringLiteral("de"), QStringLiteral("zh"));
    QCOMPARE(evaluate->report().examples, cell->examples);
    QVERIFY(qAbs(evaluate->report().macroF1 - cell->macroF1) < 1e-9);
    // The interval too: the one the run's test report holds for the language.
    QVERIFY(evaluate->report().macroF1Interval && cell->interval);
    QCOMPARE(evaluate->report().macroF1Interval->low, cell->interval->low);
    QCOMPARE(evaluate->report().macroF1Interval->high, cell->interval->high);
    QCOMPARE(evaluate->languageBox()->currentData().toString(), QStringLiteral("zh"));
    if (!qEnvironmentVariableIsEmpty("GLOSSA_SCREENSHOT_DIR")) // to look at, not an assertion
        window.grab().save(QDir(qEnvironmentVariable("GLOSSA_SCREENSHOT_DIR")).filePath(QStringLiteral("evaluate-zh.png")));
    // A confusion cell of the Chinese report opens the Data tab on Chinese examples only.
    Q_EMIT evaluate->confusion()->cellClicked(0, 0);
    QCOMPARE(window.tabs()->currentWidget(), window.dataPage());
    const auto filter = window.dataPage()->filterBar()->filter();
    QCOMPARE(filter.lang, QStringLiteral("zh"));
    QCOMPARE(filter.runId, study.runs.value(QStringLiteral("de")));
    window.tabs()->setCurrentWidget(evaluate);
    // Back to every language from the box.
    evaluate->languageBox()->setCurrentIndex(0);
    Q_EMIT evaluate->languageBox()->activated(0);
    QTRY_VERIFY(evaluate->report().language.isEmpty() && evaluate->report().languages.size() == 9);
}

void TestTransferPanel::stoppedStudyGoesOnWhereItStopped()
{
    ui::ProjectSession session;
    ui::MainWindow window(&session);
    openProject(session, window);
    auto *transfer = window.crossLingualPage()->transfer();
    auto *training = session.training();
    // Another set of languages: a second study.
    QSignalSpy started(training, &ui::TrainingController::runStarted);
    transfer->startStudy({QStringLiteral("fr"), QStringLiteral("ja")});
    QVERIFY(started.wait(60000));
    const qint64 studyId = training->current().studyId;
    QVERIFY(studyId > 0);
    auto *stop = transfer->findChild<QPushButton *>(QStringLiteral("stopStudyButton"));
    QTRY_VERIFY(stop->isVisible());
    stop->click();
    QTRY_VERIFY_WITH_TIMEOUT(!training->isBusy(), 60000);
    QVERIFY(training->queue().isEmpty());
    QTRY_VERIFY(transfer->study().id == studyId && transfer->study().finishedRuns() < 3);
    auto *continueButton = transfer->findChild<QPushButton *>(QStringLiteral("continueStudyButton"));
    QTRY_VERIFY(continueButton->isVisible());
    const auto linkedBefore = transfer->study().states;

    continueButton->click();
    QTRY_VERIFY_WITH_TIMEOUT(transfer->study().finishedRuns() == 3, 240000);
    QTRY_VERIFY_WITH_TIMEOUT(!training->isBusy(), 30000);
    // A run that existed before (stopped, or finished) is the one that finished: resumed, not
    // replaced by a new run.
    for (const auto &before : linkedBefore)
        if (before.hasRun())
            QCOMPARE(transfer->study().runs.value(before.source), before.runId);
    QVERIFY(!continueButton->isVisible());
}

QTEST_MAIN(TestTransferPanel)
#include "tst_transferpanel.moc"
