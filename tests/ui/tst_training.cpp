// The Train and Runs tabs as an analyst uses them: a run started from the settings editor trains
// in a child process while the window stays live; pause, resume and stop work from the buttons;
// the charts receive points; presets round trip through the project; runs are renamed,
// annotated, re-run and deleted from the runs view; and a run left "running" by a killed
// process shows as interrupted and can be resumed.

#include "ui/data/datapage.h"
#include "ui/data/exampletablemodel.h"
#include "ui/runs/runspage.h"
#include "ui/runs/runstablemodel.h"
#include "ui/session/projectsession.h"
#include "ui/session/runlist.h"
#include "ui/session/runreport.h"
#include "ui/session/trainingcontroller.h"
#include "ui/shell/mainwindow.h"
#include "ui/train/configeditor.h"
#include "ui/train/trainingcharts.h"
#include "ui/train/trainpage.h"
#include "ui/widgets/qcustomplotinclude.h"

#include "data/demoproject.h"
#include "store/project.h"
#include "store/runstore.h"
#include "train/reportjson.h"
#include "train/trainconfig.h"

#include <QAction>
#include <QApplication>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QToolButton>
#include <QUndoStack>

#include <algorithm>
#include <chrono>

using namespace glossa;
using State = ui::TrainingController::State;

namespace {

QString settings(std::initializer_list<const char *> assignments)
{
    core::train::TrainConfig config;
    for (const char *assignment : assignments)
        config.setAssignment(assignment);
    return QString::fromStdString(config.toJsonString());
}

// How the first run a spy on TrainingController::runEnded saw ended.
core::store::RunStatus firstEnding(const QSignalSpy &ended)
{
    return ended.first().at(0).value<ui::RunOutcome>().status;
}

bool waitForState(ui::TrainingController *training, State wanted, int timeoutMs = 60000)
{
    QSignalSpy changed(training, &ui::TrainingController::stateChanged);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeoutMs);
    while (training->state() != wanted) {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0 || !changed.wait(static_cast<int>(left.count())))
            return training->state() == wanted;
    }
    return true;
}

// The runs view's actions are on its table (toolbar and context menu).
QAction *actionNamed(ui::RunsPage *page, const QString &text)
{
    for (auto *action : page->table()->actions())
        if (action->text().startsWith(text))
            return action;
    return nullptr;
}

} // namespace

class TestTraining : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void trainsPausesResumesAndStopsFromTheButtons();
    void chartsShowAFinishedRunAndOverlays();
    void everyLanguageHasALineAndNoneIsDroppedSilently();
    void runsQueueBehindTheOneInProgress();
    void aTakenRunNameIsRefused();
    void badSettingsKeepTheStartButtonOff();
    void presetsRoundTripThroughTheProject();
    void runsAreRenamedAnnotatedRerunAndDeleted();
    void aKilledRunShowsAsInterruptedAndResumes();
    void undoOnTheTrainTabUndoesSettingsNotLabels();
    void quittingWhileARunTrainsStopsItResumable();

private:
    QString demoProject(const QString &name);
    void open(ui::MainWindow &window, ui::ProjectSession &session, const QString &path);
    QList<ui::RunRow> runsShown(ui::MainWindow &window);
    bool finishedRuns(ui::MainWindow &window, int count);

    QTemporaryDir m_dir;
};

void TestTraining::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
    // The GUI trains with the glossa-cli built with these tests (unless one is named).
    if (qEnvironmentVariableIsEmpty("GLOSSA_CLI"))
        qputenv("GLOSSA_CLI", GLOSSA_CLI_PATH);
    if (qEnvironmentVariableIsEmpty("GLOSSA_DATA_DIR"))
        qputenv("GLOSSA_DATA_DIR", QFileInfo(QStringLiteral(GLOSSA_DEMO_DIR)).path().toUtf8());
}

QString TestTraining::demoProject(const QString &name)
{
    const QString path = m_dir.filePath(name + QStringLiteral(".glossa"));
    auto project = core::store::Project::create(path.toStdString());
    core::data::importDemoData(project.db(), GLOSSA_DEMO_DIR);
    return path;
}

void TestTraining::open(ui::MainWindow &window, ui::ProjectSession &session, const QString &path)
{
    QSignalSpy opened(&session, &ui::ProjectSession::projectOpened);
    QSignalSpy runsRead(session.runs(), &ui::RunList::changed);
    window.openProjectFile(path);
    QVERIFY(opened.wait(20000));
    // The runs are read after the project opened, maybe before a wait() would start: poll the count.
    QTRY_VERIFY_WITH_TIMEOUT(runsRead.count() > 0, 20000);
}

QList<ui::RunRow> TestTraining::runsShown(ui::MainWindow &window)
{
    return window.runsPage()->model()->runs();
}

// The runs list is read again when each run starts and when it ends: a reading taken while the
// last run was under way shows it running.
bool TestTraining::finishedRuns(ui::MainWindow &window, int count)
{
    const auto runs = runsShown(window);
    return runs.size() == count && std::all_of(runs.begin(), runs.end(), [](const ui::RunRow &run) {
               return run.status == core::store::RunStatus::Finished;
           });
}

void TestTraining::trainsPausesResumesAndStopsFromTheButtons()
{
    ui::ProjectSession session;
    ui::MainWindow window(&session);
    window.show();
    open(window, session, demoProject(QStringLiteral("control")));
    auto *page = window.trainPage();
    auto *training = session.training();
    window.tabs()->setCurrentWidget(page);
    // Long enough to pause in the middle: many epochs, no early stop.
    QVERIFY(
        page->editor()->setConfigJson(settings({"optimizer.epochs=60", "eval.patience=0"}), QStringLiteral("test")));
    auto *start = page->findChild<QPushButton *>(QStringLiteral("startRun"));
    auto *pause = page->findChild<QPushButton *>(QStringLiteral("pauseRun"));
    auto *stop = page->findChild<QPushButton *>(QStringLiteral("stopRun"));
    QVERIFY(start && pause && stop);
    QTRY_VERIFY(start->isEnabled());

    QSignalSpy updates(training, &ui::TrainingController::updated);
    QTest::mouseClick(start, Qt::LeftButton);
    QVERIFY(waitForState(training, State::Running));
    QVERIFY(training->runId() > 0);
    // The browser says edits count from the next run.
    QVERIFY2(window.dataPage()->trainingNotice().contains(training->runName()),
             qPrintable(window.dataPage()->trainingNotice()));
    QTRY_VERIFY_WITH_TIMEOUT(page->charts()->trainingPointCount() > 0, 60000);

    // Updates are coalesced: the steps that arrive within one flush interval go out as one
    // update. Steps come faster than that on an ordinary machine, but not always under a
    // sanitizer, so hold the UI thread (as a busy window would), longer each time, until steps
    // pile up meanwhile: they must arrive together. Without the coalescing each step would
    // still be an update of its own, however long the hold.
    const auto largestUpdate = [&updates] {
        qsizetype largest = 0;
        for (const auto &arguments : std::as_const(updates))
            largest = std::max(largest, arguments.at(0).value<QList<ui::TrainPoint>>().size());
        return largest;
    };
    for (int holdMs = 50; largestUpdate() < 2 && holdMs <= 12800; holdMs *= 2) {
        QTest::qSleep(holdMs);
        if (QTest::qWaitFor([&] { return largestUpdate() >= 2; }, 1000))
            break;
    }
    QVERIFY2(largestUpdate() >= 2, qPrintable(QStringLiteral("%1 steps arrived in %2 updates, one at a time")
                                                  .arg(page->charts()->trainingPointCount())
                                                  .arg(updates.count())));

    QVERIFY(pause->isEnabled());
    QTest::mouseClick(pause, Qt::LeftButton);
    QVERIFY(waitForState(training, State::Paused));
    QCOMPARE(pause->text(), QStringLiteral("Resume"));
    // Paused within a step: the step under way when the command came may still report, then
    // nothing more for a second.
    const int pausedAt = page->charts()->trainingPointCount();
    updates.clear();
    updates.wait(1000);
    QVERIFY2(page->charts()->trainingPointCount() <= pausedAt + 1,
             qPrintable(QStringLiteral("%1 steps after pausing at %2")
                            .arg(page->charts()->trainingPointCount() - pausedAt)
                            .arg(pausedAt)));
    const int settled = page->charts()->trainingPointCount();
    updates.wait(1000);
    QCOMPARE(page->charts()->trainingPointCount(), settled);

    QTest::mouseClick(pause, Qt::LeftButton);
    QVERIFY(waitForState(training, State::Running));
    QTRY_VERIFY_WITH_TIMEOUT(page->charts()->trainingPointCount() > pausedAt, 30000);

    QSignalSpy ended(training, &ui::TrainingController::runEnded);
    QTest::mouseClick(stop, Qt::LeftButton);
    QVERIFY(ended.count() > 0 || ended.wait(60000));
    QVERIFY(firstEnding(ended) == core::store::RunStatus::Stopped);
    QVERIFY(waitForState(training, State::Idle));
    QVERIFY(window.dataPage()->trainingNotice().isEmpty());
    // How far the coalescing went at this machine's speed (asserted above without depending on it).
    qInfo("%d steps arrived in %lld updates; the charts replotted %lld times", page->charts()->trainingPointCount(),
          training->updatesSent(), page->charts()->replotCount());

    // The runs view lists it as stopped, and it can be resumed.
    QTRY_VERIFY_WITH_TIMEOUT(
        !runsShown(window).isEmpty() && runsShown(window).front().status == core::store::RunStatus::Stopped, 20000);
    window.tabs()->setCurrentWidget(window.runsPage());
    window.runsPage()->selectRun(runsShown(window).front().id);
    QSignalSpy started(training, &ui::TrainingController::runStarted);
    auto *resume = actionNamed(window.runsPage(), QStringLiteral("Resume"));
    QVERIFY(resume && resume->isEnabled());
    resume->trigger();
    QVERIFY(started.wait(60000));
    QVERIFY(started.first().at(3).toBool()); // resumed
    QCOMPARE(window.tabs()->currentWidget(), page);
    ended.clear();
    training->stop();
    QVERIFY(ended.wait(60000));
}

void TestTraining::chartsShowAFinishedRunAndOverlays()
{
    ui::ProjectSession session;
    ui::MainWindow window(&session);
    window.show();
    open(window, session, demoProject(QStringLiteral("charts")));
    auto *page = window.trainPage();
    auto *training = session.training();
    QVERIFY(page->editor()->setConfigJson(settings({"optimizer.epochs=3"}), QStringLiteral("test")));
    QSignalSpy ended(training, &ui::TrainingController::runEnded);
    page->startRun();
    QVERIFY(ended.wait(120000));
    QVERIFY(firstEnding(ended) == core::store::RunStatus::Finished);
    QVERIFY(ended.first().at(0).value<ui::RunOutcome>().testMacroF1.value_or(-1) >= 0);
    auto *charts = page->charts();
    QTRY_VERIFY(charts->evaluationPointCount() >= 1);
    QVERIFY(charts->trainingPointCount() > 10);
    // Nine languages in the demo: a macro-F1 line each, switched off and on from the legend.
    QCOMPARE(charts->languages().size(), 9);
    QVERIFY(charts->isLanguageVisible(QStringLiteral("zh")));
    charts->setLanguageVisible(QStringLiteral("zh"), false);
    QVERIFY(!charts->isLanguageVisible(QStringLiteral("zh")));

    // A second run, with the first overlaid from the runs view.
    ended.clear();
    QVERIFY(page->editor()->setConfigJson(settings({"optimizer.epochs=2", "model.embedding_dim=32"}),
                                          QStringLiteral("test")));
    page->startRun();
    QVERIFY(ended.wait(120000));
    QTRY_VERIFY_WITH_TIMEOUT(finishedRuns(window, 2), 20000);
    auto *runs = window.runsPage();
    const qint64 first = runsShown(window).back().id;
    const qint64 second = runsShown(window).front().id;
    runs->selectRun(second);
    runs->model()->setOverlaid(first, true);
    // Both at once: the selected run drawn, the other behind it.
    QTRY_VERIFY_WITH_TIMEOUT(runs->charts()->runId() == second && runs->charts()->trainingPointCount() > 0
                                 && runs->charts()->overlaidRuns() == QList<qint64>{first},
                             20000);
    // Read back from the project, a run has its lines per language too.
    QCOMPARE(runs->charts()->languages().size(), 9);
    // Its settings, as its training summary tells them: the vocabulary it picked from the demo's
    // texts reads as automatic, not as changed from the defaults.
    const auto *settingsPanel = runs->findChild<QPlainTextEdit *>(QStringLiteral("runSettings"));
    QVERIFY(settingsPanel);
    QTRY_VERIFY_WITH_TIMEOUT(
        settingsPanel->toPlainText().contains(QStringLiteral("tokenizer.vocab_size = 4000 (automatic)")), 20000);
    // The best dev and test macro-F1 are filled in for finished runs.
    for (const auto &run : runsShown(window)) {
        QVERIFY(run.bestDevMacroF1 > 0);
        QVERIFY(run.testMacroF1 > 0);
    }

    // Export: PNG, PDF and CSV files with content.
    for (const char *suffix : {"png", "pdf", "csv"}) {
        const QString file = m_dir.filePath(QStringLiteral("charts.") + QLatin1String(suffix));
        const bool saved = QLatin1String(suffix) == QLatin1String("png")   ? runs->charts()->exportPng(file)
                           : QLatin1String(suffix) == QLatin1String("pdf") ? runs->charts()->exportPdf(file)
                                                                           : runs->charts()->exportCsv(file);
        QVERIFY2(saved, suffix);
        QVERIFY2(QFileInfo(file).size() > 1000, suffix);
    }
    QFile csv(m_dir.filePath(QStringLiteral("charts.csv")));
    QVERIFY(csv.open(QIODevice::ReadOnly));
    const QByteArray points = csv.readAll();
    QVERIFY(points.contains("dev_macro_f1"));
    QVERIFY(points.contains(runsShown(window).back().name.toUtf8())); // the overlaid run too
}

// The UDHR's 17 languages: the 12 with the most dev examples start shown; the other five are
// named beside the chart and one click shows any of them, with its n in the legend.
void TestTraining::everyLanguageHasALineAndNoneIsDroppedSilently()
{
    ui::TrainingCharts charts;
    const QStringList languages = {
        QStringLiteral("am"), QStringLiteral("ar"), QStringLiteral("de"), QStringLiteral("el"), QStringLiteral("en"),
        QStringLiteral("es"), QStringLiteral("fr"), QStringLiteral("he"), QStringLiteral("hi"), QStringLiteral("ja"),
        QStringLiteral("ko"), QStringLiteral("ru"), QStringLiteral("sw"), QStringLiteral("th"), QStringLiteral("tr"),
        QStringLiteral("vi"), QStringLiteral("zh")};
    ui::EvalPoint point;
    point.step = 10;
    for (int i = 0; i < languages.size(); ++i) {
        point.languageMacroF1.insert(languages[i], 0.5);
        // ja and zh (and three more) have the fewest dev examples.
        point.languageExamples.insert(
            languages[i], languages[i] == QLatin1String("ja") || languages[i] == QLatin1String("zh") ? 1 : 20 + i);
    }
    // Read as the runs worker and the training controller read an evaluation's report.
    ui::EvalPoint parsed;
    const auto devReport = core::train::reportFromJson(R"({"macro_f1": 0.5, "macro_f1_ci": [0.4, 0.6],
        "confusion": {"labels": ["a", "b"], "matrix": [[1, 0], [0, 0]]},
        "per_language": {"ja": {"n": 1, "macro_f1": 1, "macro_f1_ci": [1, 1]}}})");
    QVERIFY(devReport);
    ui::readEvaluationScores(devReport->scores, parsed);
    QCOMPARE(parsed.macroF1Interval->first, 0.4);
    QCOMPARE(parsed.languageIntervals.value(QStringLiteral("ja")).second, 1.0);
    QCOMPARE(parsed.languageExamples.value(QStringLiteral("ja")), qint64(1));
    point.macroF1 = 0.5;
    point.macroF1Interval = qMakePair(0.4, 0.6);
    charts.append({}, {point});
    QCOMPARE(charts.languages().size(), 17);
    // The overall dev macro-F1 carries its interval as a whisker.
    QCPErrorBars *whiskers = nullptr;
    for (int i = 0; i < charts.scorePlot()->plottableCount(); ++i)
        if (auto *found = qobject_cast<QCPErrorBars *>(charts.scorePlot()->plottable(i)))
            whiskers = found;
    QVERIFY(whiskers && whiskers->dataCount() == 1);
    QCOMPARE(whiskers->data()->at(0).errorMinus, 0.1);
    int shown = 0;
    for (const auto &lang : languages)
        shown += charts.isLanguageVisible(lang) ? 1 : 0;
    QCOMPARE(shown, 12);
    QVERIFY(!charts.isLanguageVisible(QStringLiteral("ja")));
    auto *button = charts.findChild<QToolButton *>(QStringLiteral("languageLines"));
    QVERIFY2(button->text().contains(QStringLiteral("12 of 17")) && button->text().contains(QStringLiteral("ja"))
                 && button->text().contains(QStringLiteral("zh")),
             qPrintable(button->text()));
    QCOMPARE(button->menu()->actions().size(), 17);
    charts.setLanguageVisible(QStringLiteral("ja"), true);
    QVERIFY(charts.isLanguageVisible(QStringLiteral("ja")));
    bool listed = false;
    for (int i = 0; i < charts.scorePlot()->legend->itemCount(); ++i)
        if (auto *item = qobject_cast<QCPPlottableLegendItem *>(charts.scorePlot()->legend->item(i)))
            listed = listed || item->plottable()->name() == QStringLiteral("Macro-F1 ja (n 1)");
    QVERIFY(listed);
    QVERIFY2(button->text().contains(QStringLiteral("13 of 17")), qPrintable(button->text()));
}

void TestTraining::runsQueueBehindTheOneInProgress()
{
    ui::ProjectSession session;
    ui::MainWindow window(&session);
    open(window, session, demoProject(QStringLiteral("queue")));
    auto *page = window.trainPage();
    auto *training = session.training();
    auto *start = page->findChild<QPushButton *>(QStringLiteral("startRun"));
    QVERIFY(page->editor()->setConfigJson(settings({"optimizer.epochs=2"}), QStringLiteral("test")));
    QSignalSpy ended(training, &ui::TrainingController::runEnded);
    QSignalSpy started(training, &ui::TrainingController::runStarted);
    page->startRun();
    QVERIFY(training->isBusy());
    QCOMPARE(start->text(), QStringLiteral("Queue run"));
    // Two more while the first trains: they wait their turn, in order.
    QVERIFY(page->editor()->setConfigJson(settings({"optimizer.epochs=1"}), QStringLiteral("test")));
    page->startRun();
    page->startRun();
    QCOMPARE(training->queue().size(), 2);
    QTRY_VERIFY_WITH_TIMEOUT(ended.count() == 3, 180000);
    QCOMPARE(started.count(), 3);
    QVERIFY(training->queue().isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(finishedRuns(window, 3), 20000);
    // Once the last child has exited, the button starts runs again.
    QTRY_COMPARE(start->text(), QStringLiteral("Start run"));
}

// Runs are found by name: a second run may not take the first one's.
void TestTraining::aTakenRunNameIsRefused()
{
    ui::ProjectSession session;
    ui::MainWindow window(&session);
    open(window, session, demoProject(QStringLiteral("names")));
    auto *page = window.trainPage();
    auto *training = session.training();
    auto *name = page->findChild<QLineEdit *>(QStringLiteral("runName"));
    QVERIFY(page->editor()->setConfigJson(settings({"optimizer.epochs=1"}), QStringLiteral("test")));
    QSignalSpy ended(training, &ui::TrainingController::runEnded);
    name->setText(QStringLiteral("baseline"));
    page->startRun();
    QVERIFY(ended.wait(120000));
    QCOMPARE(training->runName(), QStringLiteral("baseline"));

    QSignalSpy failed(training, &ui::TrainingController::runFailed);
    name->setText(QStringLiteral("baseline"));
    page->startRun();
    QVERIFY(failed.wait(60000));
    QVERIFY2(failed.first().at(1).toString().contains(QStringLiteral("already called")),
             qPrintable(failed.first().at(1).toString()));
    QVERIFY(window.findChild<QMessageBox *>(QStringLiteral("runFailedMessage")));
    QTRY_VERIFY_WITH_TIMEOUT(finishedRuns(window, 1), 20000);
}

void TestTraining::badSettingsKeepTheStartButtonOff()
{
    ui::ProjectSession session;
    ui::MainWindow window(&session);
    open(window, session, demoProject(QStringLiteral("bad")));
    auto *page = window.trainPage();
    auto *start = page->findChild<QPushButton *>(QStringLiteral("startRun"));
    QTRY_VERIFY(start->isEnabled());
    // Heads that do not divide the embedding size cannot train.
    QVERIFY(page->editor()->setConfigJson(
        settings({"model.type=transformer", "model.embedding_dim=100", "model.heads=3"}), QStringLiteral("test")));
    QVERIFY(!page->editor()->isValid());
    QVERIFY(!start->isEnabled());
    QVERIFY(start->toolTip().contains(page->editor()->problems().front()));
    page->editor()->undoStack()->undo();
    QVERIFY(start->isEnabled());
}

void TestTraining::presetsRoundTripThroughTheProject()
{
    const QString path = demoProject(QStringLiteral("presets"));
    const QString fast = settings({"optimizer.epochs=4", "model.embedding_dim=48"});
    {
        ui::ProjectSession session;
        ui::MainWindow window(&session);
        open(window, session, path);
        Q_EMIT window.trainPage()->editor()->savePresetRequested(QStringLiteral("fast"), fast);
        // Asked after the save, answered after it (the runs thread takes requests in order).
        QCOMPARE(session.presetNames().result(), QStringList{QStringLiteral("fast")});
    }
    // Kept in the project: another session finds and loads it.
    ui::ProjectSession session;
    ui::MainWindow window(&session);
    open(window, session, path);
    auto *editor = window.trainPage()->editor();
    QVERIFY(core::train::TrainConfig::fromJsonString(editor->configJson().toStdString())
            != core::train::TrainConfig::fromJsonString(fast.toStdString()));
    Q_EMIT editor->loadPresetRequested(QStringLiteral("fast"));
    QTRY_VERIFY_WITH_TIMEOUT(core::train::TrainConfig::fromJsonString(editor->configJson().toStdString())
                                 == core::train::TrainConfig::fromJsonString(fast.toStdString()),
                             20000);
    // Loading is one undoable step.
    editor->undoStack()->undo();
    QVERIFY(core::train::TrainConfig::fromJsonString(editor->configJson().toStdString()) == core::train::TrainConfig());
    Q_EMIT editor->deletePresetRequested(QStringLiteral("fast"));
    QVERIFY(session.presetNames().result().isEmpty());
}

void TestTraining::runsAreRenamedAnnotatedRerunAndDeleted()
{
    ui::ProjectSession session;
    ui::MainWindow window(&session);
    window.show();
    open(window, session, demoProject(QStringLiteral("manage")));
    auto *training = session.training();
    QVERIFY(window.trainPage()->editor()->setConfigJson(settings({"optimizer.epochs=1"}), QStringLiteral("test")));
    QSignalSpy ended(training, &ui::TrainingController::runEnded);
    window.trainPage()->startRun();
    QVERIFY(ended.wait(120000));
    auto *runs = window.runsPage();
    QTRY_VERIFY_WITH_TIMEOUT(finishedRuns(window, 1), 20000);
    const auto run = runsShown(window).front();
    runs->selectRun(run.id);

    runs->askName = [](const ui::RunRow &) { return QStringLiteral("baseline"); };
    auto action = [runs](const QString &text) { return actionNamed(runs, text); };
    action(QStringLiteral("Rename"))->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(runsShown(window).front().name == QLatin1String("baseline"), 20000);
    runs->askNotes = [](const ui::RunRow &) { return std::optional<QString>(QStringLiteral("the default settings")); };
    action(QStringLiteral("Notes"))->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(runsShown(window).front().notes == QLatin1String("the default settings"), 20000);

    // Re-run: the same settings, a new run.
    QSignalSpy started(training, &ui::TrainingController::runStarted);
    ended.clear();
    action(QStringLiteral("Re-run"))->trigger();
    QVERIFY(ended.wait(120000));
    QTRY_VERIFY_WITH_TIMEOUT(finishedRuns(window, 2), 20000);
    QCOMPARE(core::train::TrainConfig::fromJsonString(runsShown(window).front().configJson.toStdString()),
             core::train::TrainConfig::fromJsonString(run.configJson.toStdString()));

    // Delete: asked first; refused means kept.
    runs->selectRun(run.id);
    runs->confirmDelete = [](const ui::RunRow &) { return false; };
    action(QStringLiteral("Delete"))->trigger();
    runs->confirmDelete = [](const ui::RunRow &) { return true; };
    action(QStringLiteral("Delete"))->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(finishedRuns(window, 1), 20000);
    QVERIFY(runsShown(window).front().id != run.id);
}

void TestTraining::aKilledRunShowsAsInterruptedAndResumes()
{
    const QString path = m_dir.filePath(QStringLiteral("killed.glossa"));
    {
        // A run that trained (so it has a checkpoint to resume from), then made to look as a
        // killed process leaves it: running, with a heartbeat long stopped.
        auto project = core::store::Project::create(path.toStdString());
        core::data::importDemoData(project.db(), GLOSSA_DEMO_DIR);
    }
    QProcess cli;
    cli.start(qEnvironmentVariable("GLOSSA_CLI"),
              {QStringLiteral("train"), QStringLiteral("--project"), path, QStringLiteral("--dataset"),
               QString::fromLatin1(core::data::demoDatasetName), QStringLiteral("--events"), QStringLiteral("--set"),
               QStringLiteral("optimizer.epochs=30"), QStringLiteral("--set"), QStringLiteral("eval.patience=0")});
    QVERIFY(cli.waitForStarted());
    // Let it checkpoint once (at the first evaluation's state save or its stop), then stop it.
    QVERIFY(cli.waitForReadyRead(60000));
    while (!cli.readAll().contains("\"evaluation\"") && cli.waitForReadyRead(60000)) {
    }
    cli.write("stop\n");
    QVERIFY(cli.waitForFinished(60000));
    {
        auto db = core::store::Project::connectTo(path.toStdString());
        db.exec("UPDATE runs SET status = 'running', finished_at = NULL, heartbeat_at = 1000");
    }
    ui::ProjectSession session;
    ui::MainWindow window(&session);
    open(window, session, path);
    QTRY_VERIFY_WITH_TIMEOUT(!runsShown(window).isEmpty(), 20000);
    QVERIFY(runsShown(window).front().status == core::store::RunStatus::Interrupted);

    QSignalSpy started(session.training(), &ui::TrainingController::runStarted);
    QSignalSpy ended(session.training(), &ui::TrainingController::runEnded);
    window.runsPage()->selectRun(runsShown(window).front().id);
    auto *resume = actionNamed(window.runsPage(), QStringLiteral("Resume"));
    QVERIFY(resume && resume->isEnabled());
    resume->trigger();
    QVERIFY(started.wait(60000));
    QVERIFY(started.first().at(3).toBool());
    session.training()->stop();
    QVERIFY(ended.wait(60000));
    QVERIFY(firstEnding(ended) == core::store::RunStatus::Stopped);
}

// Edit ▸ Undo follows the tab: on the Train tab it takes back a settings edit and leaves the
// label journal alone; back on the Data tab it takes back the label edit.
void TestTraining::undoOnTheTrainTabUndoesSettingsNotLabels()
{
    ui::ProjectSession session;
    ui::MainWindow window(&session);
    window.show();
    open(window, session, demoProject(QStringLiteral("undo")));
    auto *dataPage = window.dataPage();
    QTRY_VERIFY_WITH_TIMEOUT(dataPage->model()->rowCount() > 0, 20000);
    const qint64 datasetId = dataPage->datasetId();
    const qint64 exampleId = dataPage->model()->exampleIdAt(0);
    // The row's page arrives after the ids; its label is what the edit changes.
    QTRY_VERIFY_WITH_TIMEOUT(dataPage->model()->loadedRow(0) != nullptr, 20000);
    const qint64 before = dataPage->model()->loadedRow(0)->labelId;
    const auto &labels = dataPage->dataset().labelSet;
    QVERIFY(labels.size() >= 2);
    const qint64 other = labels[0].id == before ? labels[1].id : labels[0].id;
    QSignalSpy edited(&session, &ui::ProjectSession::labelsEdited);
    session.setLabel(datasetId, {exampleId}, other, QStringLiteral("test edit"));
    QVERIFY(edited.wait(20000));
    auto labelNow = [&] {
        const int row = dataPage->model()->rowOfExample(exampleId);
        return dataPage->model()
            ->data(dataPage->model()->index(row, 0), ui::ExampleTableModel::LabelIdRole)
            .toLongLong();
    };
    QCOMPARE(labelNow(), other);

    auto *trainPage = window.trainPage();
    window.tabs()->setCurrentWidget(trainPage);
    auto *editor = trainPage->editor();
    const QString defaults = editor->configJson();
    QVERIFY(editor->setConfigJson(settings({"optimizer.epochs=7"}), QStringLiteral("set epochs")));
    QVERIFY(editor->configJson() != defaults);
    auto *undo = window.findChild<QAction *>(QStringLiteral("undoAction"));
    QVERIFY(undo);
    QTRY_VERIFY(undo->isEnabled());
    QVERIFY2(undo->text().contains(QStringLiteral("set epochs")), qPrintable(undo->text()));
    edited.clear();
    undo->trigger();
    QCOMPARE(editor->configJson(), defaults);
    // Nothing reached the journal: the label stays.
    QVERIFY(!edited.wait(500));
    QCOMPARE(labelNow(), other);

    window.tabs()->setCurrentWidget(dataPage);
    QTRY_VERIFY_WITH_TIMEOUT(undo->text().contains(QStringLiteral("test edit")), 20000);
    undo->trigger();
    QVERIFY(edited.wait(20000));
    QCOMPARE(labelNow(), before);
    QCOMPARE(editor->configJson(), defaults);
}

// Closing the window while a run trains asks first, then stops the run so that it can be
// resumed, and waits for that before the window goes.
void TestTraining::quittingWhileARunTrainsStopsItResumable()
{
    const QString path = demoProject(QStringLiteral("quit"));
    qint64 runId = -1;
    {
        ui::ProjectSession session;
        ui::MainWindow window(&session);
        window.show();
        open(window, session, path);
        auto *page = window.trainPage();
        auto *training = session.training();
        window.tabs()->setCurrentWidget(page);
        QVERIFY(page->editor()->setConfigJson(settings({"optimizer.epochs=60", "eval.patience=0"}),
                                              QStringLiteral("test")));
        auto *start = page->findChild<QPushButton *>(QStringLiteral("startRun"));
        QTRY_VERIFY(start->isEnabled());
        QTest::mouseClick(start, Qt::LeftButton);
        QVERIFY(waitForState(training, State::Running));
        runId = training->runId();
        QTRY_VERIFY_WITH_TIMEOUT(page->charts()->trainingPointCount() > 0, 60000);

        // Cancel first: the run goes on.
        bool asked = false;
        auto answer = [&](QMessageBox::StandardButton button) {
            QTimer::singleShot(0, &window, [&, button] {
                auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
                QVERIFY(box);
                asked = true;
                box->button(button)->click();
            });
        };
        answer(QMessageBox::Cancel);
        QVERIFY(!window.close());
        QVERIFY(asked);
        QVERIFY(training->isBusy());

        asked = false;
        answer(QMessageBox::Yes);
        QVERIFY(window.close());
        QVERIFY(asked);
        // Stopped and waited for inside close(): the child is gone.
        QVERIFY(!training->isBusy());
    }
    auto project = core::store::Project::open(path.toStdString());
    const auto run = core::store::RunStore(project.db(), project.artefactDir()).run(runId);
    QVERIFY(run);
    QVERIFY2(run->status == core::store::RunStatus::Stopped, core::store::toString(run->status).data());
    QVERIFY(core::store::isResumable(run->status));
}

QTEST_MAIN(TestTraining)
#include "tst_training.moc"
