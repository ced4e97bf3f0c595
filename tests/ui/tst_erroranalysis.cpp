// The error-analysis loop as an analyst uses it, on a small real run of the demo: the Compare
// tab (texts side by side, classified as they are typed, an item's translations filled in),
// and the Review tab (likely label errors accepted, undone and dismissed; the most uncertain
// unlabelled examples; both opened in the Data tab; a retrain in one click).

#include "ui/compare/comparecolumn.h"
#include "ui/compare/comparepage.h"
#include "ui/data/datapage.h"
#include "ui/data/exampletablemodel.h"
#include "ui/data/filterbar.h"
#include "ui/review/reviewpage.h"
#include "ui/session/predictionservice.h"
#include "ui/session/projectsession.h"
#include "ui/session/trainingcontroller.h"
#include "ui/shell/mainwindow.h"
#include "ui/train/trainpage.h"
#include "ui/widgets/attributiontext.h"

#include "data/demoproject.h"
#include "store/database.h"
#include "store/datasetstore.h"
#include "store/examplegroups.h"
#include "store/labeljournal.h"
#include "store/project.h"
#include "store/reviewstore.h"
#include "store/runstore.h"

#include <QComboBox>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using namespace glossa;

namespace {

QString cliPath()
{
    return qEnvironmentVariableIsEmpty("GLOSSA_CLI") ? QStringLiteral(GLOSSA_CLI_PATH)
                                                     : qEnvironmentVariable("GLOSSA_CLI");
}

// Runs glossa-cli to the end; returns its standard output.
QByteArray runCli(const QStringList &arguments, const QByteArray &input = {})
{
    QProcess cli;
    cli.start(cliPath(), arguments);
    cli.write(input);
    cli.closeWriteChannel();
    if (!cli.waitForFinished(300000) || cli.exitCode() != 0)
        qWarning("glossa-cli %s: %s", qPrintable(arguments.join(QLatin1Char(' '))),
                 cli.readAllStandardError().constData());
    return cli.exitCode() == 0 ? cli.readAllStandardOutput() : QByteArray();
}

} // namespace

class TestErrorAnalysis : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void compareShowsTheLabelTheCliGives();
    void compareLeavesOutTheModelsOwnTokens();
    void groupFillLoadsTheTranslations();
    void acceptingASuggestionIsUndoable();
    void dismissalsAreRememberedAndQueuesOpenInTheBrowser();
    void retrainIsOneAction();

private:
    std::optional<QString> currentLabel(qint64 exampleId);
    void openProject();

    QTemporaryDir m_dir;
    QString m_project;
    qint64 m_datasetId = 0;
    std::unique_ptr<ui::ProjectSession> m_session;
    std::unique_ptr<ui::MainWindow> m_window;
};

void TestErrorAnalysis::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
    if (qEnvironmentVariableIsEmpty("GLOSSA_DATA_DIR"))
        qputenv("GLOSSA_DATA_DIR", QFileInfo(QStringLiteral(GLOSSA_DEMO_DIR)).path().toUtf8());
    if (qEnvironmentVariableIsEmpty("GLOSSA_CLI")) // the app's children: predictions, searches, runs
        qputenv("GLOSSA_CLI", GLOSSA_CLI_PATH);
    m_project = m_dir.filePath(QStringLiteral("review.glossa"));
    {
        auto project = core::store::Project::create(m_project.toStdString());
        core::data::importDemoData(project.db(), GLOSSA_DEMO_DIR);
        // Every 40th example unlabelled: the run predicts them, the review ranks them.
        core::store::DatasetStore datasets(project.db());
        m_datasetId = datasets.dataset(core::data::demoDatasetName).id;
        std::vector<std::int64_t> unlabel;
        std::int64_t seen = 0;
        datasets.forEachExample(m_datasetId, [&](const core::store::Example &example) {
            if (seen++ % 40 == 0)
                unlabel.push_back(example.id);
        });
        core::store::LabelJournal(project.db())
            .setLabel(m_datasetId, unlabel, std::nullopt, core::store::EditSource::Bulk, "unlabel");
    }
    QVERIFY(!runCli({QStringLiteral("train"), QStringLiteral("--project"), m_project, QStringLiteral("--dataset"),
                     QString::fromLatin1(core::data::demoDatasetName), QStringLiteral("--set"),
                     QStringLiteral("optimizer.epochs=3"), QStringLiteral("--json")})
                 .isEmpty());
    QVERIFY(!runCli({QStringLiteral("errors"), QStringLiteral("--project"), m_project, QStringLiteral("--run"),
                     QStringLiteral("1"), QStringLiteral("--folds"), QStringLiteral("3"), QStringLiteral("--json")})
                 .isEmpty());
}

void TestErrorAnalysis::init()
{
    m_session = std::make_unique<ui::ProjectSession>();
    m_window = std::make_unique<ui::MainWindow>(m_session.get());
    m_window->resize(1500, 900);
    m_window->show();
    openProject();
}

void TestErrorAnalysis::cleanup()
{
    m_window.reset();
    m_session.reset();
}

void TestErrorAnalysis::openProject()
{
    QSignalSpy opened(m_session.get(), &ui::ProjectSession::projectOpened);
    m_window->openProjectFile(m_project);
    QVERIFY(opened.wait(20000));
}

std::optional<QString> TestErrorAnalysis::currentLabel(qint64 exampleId)
{
    auto db = core::store::Project::connectTo(m_project.toStdString());
    const auto example = core::store::DatasetStore(db).example(exampleId);
    if (!example || !example->label)
        return std::nullopt;
    return QString::fromStdString(*example->label);
}

// Typed texts in several scripts get the label `glossa-cli predict` gives them, with bars and
// coloured pieces; Arabic is laid out right to left.
void TestErrorAnalysis::compareShowsTheLabelTheCliGives()
{
    auto *page = m_window->comparePage();
    m_window->tabs()->setCurrentWidget(page);
    QTRY_COMPARE_WITH_TIMEOUT(page->runsCompared(), QList<qint64>{1}, 20000); // the newest run, by default
    const QStringList texts{QStringLiteral("Where is my parcel? The tracking has not moved for a week."),
                            QStringLiteral("我想取消订单，还没发货吧？"),
                            QStringLiteral("أريد استرداد أموالي، المنتج وصل مكسورا")};
    page->setColumnCount(3);
    QCOMPARE(page->columns().size(), 3);
    // Typed (ASCII: QTest types no other keys) or pasted, as an analyst would: the settle timer
    // runs, not a direct call.
    page->columns()[0]->editor()->setFocus();
    QTest::keyClicks(page->columns()[0]->editor(), texts[0]);
    for (int i = 1; i < texts.size(); ++i)
        page->columns()[i]->editor()->insertPlainText(texts[i]);
    for (auto *column : page->columns())
        QTRY_VERIFY_WITH_TIMEOUT(!column->topLabel(1).isEmpty(), 60000);
    QTRY_COMPARE_WITH_TIMEOUT(page->pendingPredictions(), 0, 20000);

    const auto output = runCli({QStringLiteral("predict"), QStringLiteral("--project"), m_project,
                                QStringLiteral("--run"), QStringLiteral("1"), QStringLiteral("--json")},
                               texts.join(QLatin1Char('\n')).toUtf8() + '\n');
    const auto lines = output.trimmed().split('\n');
    QCOMPARE(lines.size(), texts.size());
    for (int i = 0; i < texts.size(); ++i) {
        const auto answer = QJsonDocument::fromJson(lines[i]).object();
        QCOMPARE(answer.value(QLatin1String("text")).toString(), texts[i]);
        QCOMPARE(page->columns()[i]->topLabel(1), answer.value(QLatin1String("label")).toString());
        QVERIFY(page->columns()[i]->attributionHtml(1).contains(QLatin1String("background-color")));
    }
    QCOMPARE(page->columns()[1]->language(), QStringLiteral("zh"));
    QCOMPARE(page->columns()[2]->language(), QStringLiteral("ar"));
    QVERIFY(page->columns()[2]->isRightToLeft());
    QVERIFY(page->columns()[2]->attributionHtml(1).contains(QLatin1String("dir=\"rtl\"")));
    QVERIFY(!page->columns()[0]->isRightToLeft());

    // A column whose label is not the others' stands out; typing the same text clears it.
    const QString label0 = page->columns()[0]->topLabel(1);
    int differing = 0;
    for (auto *column : page->columns())
        differing += column->differsFromOthers() ? 1 : 0;
    const auto columns = page->columns();
    const bool allSame =
        std::all_of(columns.begin(), columns.end(), [&](auto *column) { return column->topLabel(1) == label0; });
    QCOMPARE(differing > 0, !allSame);
    page->columns()[1]->setText(texts[0]);
    page->columns()[2]->setText(texts[0]);
    QTRY_VERIFY_WITH_TIMEOUT(page->pendingPredictions() == 0 && page->columns()[2]->topLabel(1) == label0, 30000);
    for (auto *column : page->columns())
        QVERIFY(!column->differsFromOthers());

    // A typed text joins the dataset, labelled.
    QSignalSpy added(m_session.get(), &ui::ProjectSession::exampleAdded);
    m_session->addExample(m_datasetId, texts[1], QStringLiteral("zh"), 1, QStringLiteral("train"),
                          QStringLiteral("Add typed example"));
    QVERIFY(added.wait(10000));
    QVERIFY(currentLabel(added.first().at(1).toLongLong()).has_value());
}

// A pretrained model's answer marks the tokens it adds to every text (<s>, </s>); the pieces
// shown are the text's own, coloured on the scale of the text's own scores.
void TestErrorAnalysis::compareLeavesOutTheModelsOwnTokens()
{
    const QByteArray answer = R"({"label": "track_order", "probabilities": {"track_order": 0.9,
        "cancel_order": 0.1}, "margin": 0.8, "attributions": {"method": "gradient x input", "tokens": [
        {"piece": "<s>", "score": 9.0, "special": true}, {"piece": "▁where", "score": 0.5},
        {"piece": "▁parcel", "score": 1.0}, {"piece": "</s>", "score": -4.0, "special": true}]}})";
    const auto prediction = ui::TextPrediction::fromJson(answer);
    QCOMPARE(prediction.tokens.size(), 2);
    QCOMPARE(ui::piecesAsText(prediction.tokens), QStringLiteral("where parcel"));
    const QString html = ui::attributionHtml(prediction.tokens, false, QColor(Qt::white));
    QVERIFY(!html.contains(QLatin1String("&lt;s&gt;")));
    // The strongest of the text's pieces gets the full tint (60% green on white).
    QVERIFY2(html.contains(QLatin1String("#82c68e")), qPrintable(html));
}

// An item's translations fill the columns, six at most, in the languages the columns show.
void TestErrorAnalysis::groupFillLoadsTheTranslations()
{
    auto *page = m_window->comparePage();
    m_window->tabs()->setCurrentWidget(page);
    QTRY_VERIFY_WITH_TIMEOUT(!page->runsCompared().isEmpty(), 20000);
    QSignalSpy filled(page, &ui::ComparePage::groupFilled);
    page->fillFromGroup(QStringLiteral("g003"));
    QVERIFY(filled.wait(10000));
    std::vector<core::store::GroupMember> members;
    {
        auto db = core::store::Project::connectTo(m_project.toStdString());
        members = core::store::ExampleGroups(db).members(m_datasetId, "g003");
    }
    QCOMPARE(filled.first().at(1).toInt(), static_cast<int>(members.size()));
    QCOMPARE(members.size(), size_t(9));
    QCOMPARE(page->columns().size(), ui::ComparePage::maxColumns);
    for (int i = 0; i < page->columns().size(); ++i) {
        QCOMPARE(page->columns()[i]->text(), QString::fromStdString(members[i].text));
        QCOMPARE(page->columns()[i]->language(), QString::fromStdString(members[i].lang));
    }
    for (auto *column : page->columns())
        QTRY_VERIFY_WITH_TIMEOUT(!column->topLabel(1).isEmpty(), 60000);

    // The analyst wants Japanese in the first column: the next item keeps it there.
    auto *language = page->columns()[0]->languageBox();
    language->setCurrentIndex(language->findData(QStringLiteral("ja")));
    QVERIFY(language->currentIndex() > 0);
    filled.clear();
    page->fillFromGroup(QStringLiteral("g020"));
    QVERIFY(filled.wait(10000));
    QCOMPARE(page->columns()[0]->language(), QStringLiteral("ja"));
    {
        auto db = core::store::Project::connectTo(m_project.toStdString());
        const auto next = core::store::ExampleGroups(db).members(m_datasetId, "g020");
        const auto japanese = std::find_if(next.begin(), next.end(), [](const auto &m) { return m.lang == "ja"; });
        QVERIFY(japanese != next.end());
        QCOMPARE(page->columns()[0]->text(), QString::fromStdString(japanese->text));
    }

    // A group that is not there says so and changes nothing.
    QSignalSpy said(page, &ui::ComparePage::statusMessage);
    page->fillFromGroup(QStringLiteral("no-such-group"));
    QVERIFY(said.wait(10000));
    QVERIFY(said.first().at(0).toString().contains(QLatin1String("no-such-group")));
    QCOMPARE(page->shownGroup(), QStringLiteral("g020"));
    QCOMPARE(page->columns()[0]->language(), QStringLiteral("ja"));
}

// A, on a likely label error, gives the example the suggested label; Edit ▸ Undo takes it back.
void TestErrorAnalysis::acceptingASuggestionIsUndoable()
{
    auto *page = m_window->reviewPage();
    m_window->tabs()->setCurrentWidget(page);
    QTRY_VERIFY_WITH_TIMEOUT(page->review().searched && page->errorTable()->rowCount() > 0, 20000);
    // The queue says how many it flagged of how many, its cap, and how good the folds were.
    const auto &review = page->review();
    QVERIFY(review.searchedExamples > 0 && review.flagged >= review.labelErrors.size());
    QVERIFY(review.labelErrors.size() <= review.cap);
    QCOMPARE(review.folds, 3);
    QVERIFY(review.foldAccuracy > 0 && review.foldAccuracy <= 1);
    const auto summary = page->findChild<QLabel *>(QStringLiteral("labelErrorSummary"))->text();
    QVERIFY2(
        summary.contains(QStringLiteral("of %1 labelled examples").arg(QLocale().toString(review.searchedExamples))),
        qPrintable(summary));
    QCOMPARE(summary.contains(QStringLiteral("too low for this queue")), review.accuracyTooLow);
    auto *table = page->errorTable();
    table->setFocus();
    table->setCurrentCell(0, 1);
    const auto candidate = page->review().labelErrors.front(); // the highest score, the first row
    QVERIFY(!candidate.accepted());
    QCOMPARE(currentLabel(candidate.exampleId).value_or(QString()), candidate.givenLabel);
    QTest::keyClick(table, Qt::Key_A);
    QTRY_COMPARE_WITH_TIMEOUT(currentLabel(candidate.exampleId).value_or(QString()), candidate.suggestedLabel, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(page->review().labelErrors.front().accepted(), 10000);
    QCOMPARE(table->item(0, 5)->text(), QStringLiteral("Accepted"));
    QCOMPARE(table->currentRow(), 1); // on to the next

    m_window->undo();
    QTRY_COMPARE_WITH_TIMEOUT(currentLabel(candidate.exampleId).value_or(QString()), candidate.givenLabel, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(!page->review().labelErrors.front().accepted(), 10000);

    // An edit made while the page is hidden shows when it opens again.
    m_window->tabs()->setCurrentWidget(m_window->dataPage());
    m_window->redo();
    QTRY_COMPARE_WITH_TIMEOUT(currentLabel(candidate.exampleId).value_or(QString()), candidate.suggestedLabel, 10000);
    m_window->tabs()->setCurrentWidget(page);
    QTRY_VERIFY_WITH_TIMEOUT(page->review().labelErrors.front().accepted(), 10000);
    QCOMPARE(table->item(0, 5)->text(), QStringLiteral("Accepted"));
    m_window->undo();
    QTRY_VERIFY_WITH_TIMEOUT(!page->review().labelErrors.front().accepted(), 10000);
}

// D hides a suggestion for good (also after reopening, and in the browser's queue); both
// queues open in the Data tab at the example that was selected, in their order.
void TestErrorAnalysis::dismissalsAreRememberedAndQueuesOpenInTheBrowser()
{
    auto *page = m_window->reviewPage();
    m_window->tabs()->setCurrentWidget(page);
    QTRY_VERIFY_WITH_TIMEOUT(page->errorTable()->rowCount() > 2, 20000);
    auto *table = page->errorTable();
    const int rows = table->rowCount();
    table->setFocus();
    table->setCurrentCell(1, 1);
    const auto dismissed = page->review().labelErrors.at(1);
    QTest::keyClick(table, Qt::Key_D);
    QTRY_COMPARE_WITH_TIMEOUT(table->rowCount(), rows - 1, 10000);
    {
        auto db = core::store::Project::connectTo(m_project.toStdString());
        const auto listed = core::store::ReviewStore(db).likelyLabelErrors(1);
        QVERIFY(std::any_of(listed.begin(), listed.end(),
                            [&](const auto &e) { return e.exampleId == dismissed.exampleId && e.dismissed; }));
    }

    // The likely label errors in the browser: in score order, without the dismissed one, the
    // cursor on the example selected here.
    table->setCurrentCell(2, 1);
    const qint64 selected = page->review().labelErrors.at(3).exampleId; // row 2 now that row 1 is hidden
    QTest::keyClick(table, Qt::Key_Return);
    auto *data = m_window->dataPage();
    QTRY_COMPARE_WITH_TIMEOUT(m_window->tabs()->currentWidget(), static_cast<QWidget *>(data), 5000);
    QTRY_COMPARE_WITH_TIMEOUT(data->model()->rowCount(), rows - 1, 20000);
    QCOMPARE(data->model()->filter().review, ui::BrowseReview::LikelyLabelErrors);
    QCOMPARE(data->model()->exampleIdAt(0), page->review().labelErrors.at(0).exampleId);
    QCOMPARE(data->model()->rowOfExample(dismissed.exampleId), -1);
    QTRY_COMPARE_WITH_TIMEOUT(data->model()->exampleIdAt(data->table()->currentIndex().row()), selected, 5000);

    // The most uncertain unlabelled: unlabelled all, the smallest margin first, and the same
    // queue in the browser, ready to label.
    m_window->tabs()->setCurrentWidget(page);
    const auto &uncertain = page->review().uncertain;
    QVERIFY(uncertain.size() > 10);
    for (int i = 1; i < uncertain.size(); ++i)
        QVERIFY(uncertain[i - 1].margin <= uncertain[i].margin);
    for (const auto &example : uncertain)
        QVERIFY(!currentLabel(example.exampleId));
    page->uncertainTable()->setCurrentCell(0, 1);
    page->openCurrentInBrowser(ui::BrowseReview::MostUncertain);
    QTRY_COMPARE_WITH_TIMEOUT(data->model()->filter().review, ui::BrowseReview::MostUncertain, 5000);
    QTRY_VERIFY_WITH_TIMEOUT(!data->model()->isQueryRunning() && data->model()->rowCount() >= uncertain.size(), 20000);
    for (int i = 0; i < uncertain.size(); ++i)
        QCOMPARE(data->model()->exampleIdAt(i), uncertain[i].exampleId);
    // From the queue, a retrain is one click away.
    QVERIFY(data->filterBar()->findChild<QPushButton *>(QStringLiteral("reviewRetrain"))->isVisible());

    // Reopened, the dismissal holds.
    cleanup();
    init();
    page = m_window->reviewPage();
    QTRY_VERIFY_WITH_TIMEOUT(page->review().searched && page->errorTable()->rowCount() > 0, 20000);
    QCOMPARE(page->errorTable()->rowCount(), rows - 1);
}

// "Retrain with these labels" starts a run with the reviewed run's settings.
void TestErrorAnalysis::retrainIsOneAction()
{
    auto *page = m_window->reviewPage();
    m_window->tabs()->setCurrentWidget(page);
    QTRY_VERIFY_WITH_TIMEOUT(page->runId() == 1, 20000);
    QSignalSpy ended(m_session->training(), &ui::TrainingController::runEnded);
    page->findChild<QPushButton *>(QStringLiteral("retrain"))->click();
    QCOMPARE(m_window->tabs()->currentWidget(), static_cast<QWidget *>(m_window->trainPage()));
    QTRY_VERIFY_WITH_TIMEOUT(ended.count() == 1, 120000);
    const qint64 runId = ended.first().at(0).value<ui::RunOutcome>().runId;
    QVERIFY(runId > 1);
    auto db = core::store::Project::connectTo(m_project.toStdString());
    core::store::RunStore runs(db, core::store::Project::artefactDirOf(m_project.toStdString()));
    QCOMPARE(QString::fromStdString(runs.run(runId)->configJson), QString::fromStdString(runs.run(1)->configJson));
    QVERIFY(runs.run(runId)->status == core::store::RunStatus::Finished);
}

QTEST_MAIN(TestErrorAnalysis)
#include "tst_erroranalysis.moc"
