// The Evaluate tab as an analyst uses it: a trained run's test scores, its confusion matrix
// (counts and row percentages), F1 per language × class, and a click on a cell that opens the
// Data tab on exactly that cell's examples.

#include "ui/compare/comparepage.h"
#include "ui/data/datapage.h"
#include "ui/data/exampletablemodel.h"
#include "ui/evaluate/confusionmatrixchart.h"
#include "ui/evaluate/evaluatepage.h"
#include "ui/review/reviewpage.h"
#include "ui/runs/runspage.h"
#include "ui/runs/runstablemodel.h"
#include "ui/session/projectsession.h"
#include "ui/session/runlist.h"
#include "ui/session/runreport.h"
#include "ui/shell/mainwindow.h"
#include "ui/shell/projectdock.h"
#include "ui/train/trainpage.h"
#include "ui/widgets/qcustomplotinclude.h"

#include "data/demoproject.h"
#include "data/importer.h"
#include "store/project.h"
#include "store/runstore.h"
#include "train/trainingsummary.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace glossa;

class TestEvaluate : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void readsTheEnginesReport();
    void showsARunsScoresAndOpensACell();
    void exportsTheReportAndThePredictions();
    void reportSaysTheSettingsUsed();
    void followsTheSelection();

private:
    QTemporaryDir m_dir;
    QString m_project;
};

void TestEvaluate::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
    if (qEnvironmentVariableIsEmpty("GLOSSA_DATA_DIR"))
        qputenv("GLOSSA_DATA_DIR", QFileInfo(QStringLiteral(GLOSSA_DEMO_DIR)).path().toUtf8());
    m_project = m_dir.filePath(QStringLiteral("evaluate.glossa"));
    {
        auto project = core::store::Project::create(m_project.toStdString());
        core::data::importDemoData(project.db(), GLOSSA_DEMO_DIR);
    }
    // Two short real runs, trained the way the Train tab trains, and a second dataset.
    for (const QString &epochs : {QStringLiteral("3"), QStringLiteral("1")}) {
        QProcess cli;
        cli.start(qEnvironmentVariableIsEmpty("GLOSSA_CLI") ? QStringLiteral(GLOSSA_CLI_PATH)
                                                            : qEnvironmentVariable("GLOSSA_CLI"),
                  {QStringLiteral("train"), QStringLiteral("--project"), m_project, QStringLiteral("--dataset"),
                   QString::fromLatin1(core::data::demoDatasetName), QStringLiteral("--set"),
                   QStringLiteral("optimizer.epochs=") + epochs, QStringLiteral("--json")});
        QVERIFY(cli.waitForFinished(180000));
        QVERIFY2(cli.exitCode() == 0, cli.readAllStandardError().constData());
    }
    const QString other = m_dir.filePath(QStringLiteral("other.csv"));
    QFile file(other);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("text,label\nwhere is my parcel,track\nrefund please,refund\n");
    file.close();
    auto project = core::store::Project::open(m_project.toStdString());
    core::data::importFile(project.db(), "other", other.toStdString());
}

// Classes absent from a language come back empty, the matrix keeps the engine's label order.
void TestEvaluate::readsTheEnginesReport()
{
    const QByteArray json = R"({"examples": 5, "accuracy": 0.6, "macro_f1": 0.5, "micro_f1": 0.6, "weighted_f1": 0.55,
        "per_class": {"b": {"precision": 1, "recall": 0.5, "f1": 0.6667, "support": 2, "predicted": 1},
                      "a": {"precision": 0.5, "recall": 1, "f1": 0.6667, "support": 2, "predicted": 4}},
        "confusion": {"labels": ["b", "a", "c"], "matrix": [[1, 1, 0], [0, 2, 0], [0, 1, 0]]},
        "per_language": {"en": {"n": 3, "accuracy": 0.6667, "macro_f1": 0.5,
                                "per_class": {"a": {"precision": 1, "recall": 1, "f1": 1, "support": 1, "predicted": 1}}}}})";
    const auto report = ui::parseRunReport(json);
    QCOMPARE(report.labels, (QStringList{QStringLiteral("b"), QStringLiteral("a"), QStringLiteral("c")}));
    QCOMPARE(report.confusion.at(0), (QList<qint64>{1, 1, 0}));
    QCOMPARE(report.confusion.at(2), (QList<qint64>{0, 1, 0}));
    QVERIFY(report.perClass.at(0) && report.perClass.at(0)->support == 2);
    QVERIFY(!report.perClass.at(2)); // c: never gold, never predicted
    QCOMPARE(report.languages.size(), 1);
    QVERIFY(!report.languages.at(0).perClass.at(0)); // no b in English
    QCOMPARE(report.languages.at(0).perClass.at(1)->f1, 1.0);
    QVERIFY(ui::parseRunReport("not json").isEmpty());
    QVERIFY(!report.macroF1Interval); // reports stored before intervals: none shown
    QCOMPARE(report.evaluation, QStringLiteral("test split"));
    const auto withIntervals = ui::parseRunReport(R"({"examples": 18, "n": 18, "accuracy": 0.5, "macro_f1": 0.4,
        "accuracy_ci": [0.3, 0.7], "macro_f1_ci": [0.2, 0.6], "evaluation": "cross-validation", "folds": 5,
        "per_class": {"a": {"precision": 1, "recall": 0.5, "f1": 0.6667, "support": 2, "predicted": 1, "f1_ci": [0, 1]}},
        "confusion": {"labels": ["a", "b"], "matrix": [[1, 1], [0, 2]]},
        "per_language": {"ru": {"n": 1, "accuracy": 1, "macro_f1": 1, "accuracy_ci": [1, 1], "macro_f1_ci": [1, 1],
                                "per_class": {}}}})");
    QVERIFY(withIntervals.crossValidated());
    QCOMPARE(withIntervals.folds, 5);
    QCOMPARE(withIntervals.macroF1Interval->low, 0.2);
    QCOMPARE(withIntervals.perClass.at(0)->f1Interval->high, 1.0);
    QVERIFY(!withIntervals.languages.at(0).reliable()); // one Russian example says little
    QCOMPARE(ui::scoreWithInterval(0.4, withIntervals.macroF1Interval), QStringLiteral("0.400 [0.20, 0.60]"));

    ui::ConfusionMatrixChart chart;
    chart.setMatrix(report.labels, report.confusion);
    QCOMPARE(chart.shownValue(0, 1), 1.0);
    chart.setRowNormalised(true);
    QCOMPARE(chart.shownValue(0, 1), 0.5);
    QCOMPARE(chart.shownValue(2, 1), 1.0);
}

void TestEvaluate::showsARunsScoresAndOpensACell()
{
    ui::ProjectSession session;
    ui::MainWindow window(&session);
    window.resize(1400, 900);
    window.show();
    QSignalSpy opened(&session, &ui::ProjectSession::projectOpened);
    window.openProjectFile(m_project);
    QVERIFY(opened.wait(20000));
    auto *page = window.evaluatePage();
    window.tabs()->setCurrentWidget(page);
    QTRY_VERIFY_WITH_TIMEOUT(!page->report().isEmpty(), 20000);
    const auto &report = page->report();
    QCOMPARE(report.labels.size(), 9);
    qint64 total = 0;
    for (const auto &row : report.confusion)
        for (const auto count : row)
            total += count;
    QCOMPARE(total, report.examples);
    QCOMPARE(page->languageTable()->rowCount(), 9);
    QCOMPARE(page->classTable()->rowCount(), 9);
    // Every score with its n and its 95% interval, which holds the score.
    const auto summary = page->findChild<QLabel *>(QStringLiteral("evaluateSummary"))->text();
    QVERIFY2(summary.contains(ui::scoreWithInterval(report.macroF1, report.macroF1Interval)), qPrintable(summary));
    QVERIFY2(summary.contains(QStringLiteral("n = %1").arg(report.examples)), qPrintable(summary));
    QVERIFY(report.macroF1Interval && report.macroF1Interval->low <= report.macroF1
            && report.macroF1 <= report.macroF1Interval->high);
    for (const auto &language : report.languages) {
        QVERIFY2(language.macroF1Interval, qPrintable(language.lang));
        QVERIFY(language.macroF1Interval->low <= language.macroF1
                && language.macroF1 <= language.macroF1Interval->high);
    }
    QCOMPARE(page->languageTable()->horizontalHeaderItem(0)->text(), QStringLiteral("n"));
    QVERIFY(page->languageTable()->item(0, 3)->text().contains(QStringLiteral(" – ")));
    // The chart has a bar, a whisker and a labelled tick for every language.
    auto *chart = page->findChild<QCustomPlot *>(QStringLiteral("languageChart"));
    int bars = 0;
    for (int i = 0; i < chart->plottableCount(); ++i)
        if (auto *barPlot = qobject_cast<QCPBars *>(chart->plottable(i)))
            bars += barPlot->dataCount();
    QCOMPARE(bars, 9);

    // The busiest cell off the diagonal (or the diagonal's, if the run made no mistakes).
    int gold = 0;
    int predicted = 0;
    qint64 most = -1;
    for (int g = 0; g < report.labels.size(); ++g)
        for (int p = 0; p < report.labels.size(); ++p)
            if (g != p && report.confusion[g][p] > most) {
                most = report.confusion[g][p];
                gold = g;
                predicted = p;
            }
    if (most <= 0)
        predicted = gold;
    auto *plot = page->confusion()->plot();
    plot->replot();
    const QPoint cell(static_cast<int>(plot->xAxis->coordToPixel(predicted)),
                      static_cast<int>(plot->yAxis->coordToPixel(gold)));
    QCOMPARE(page->confusion()->cellAt(cell), qMakePair(gold, predicted));
    QTest::mouseClick(plot, Qt::LeftButton, Qt::NoModifier, cell);

    // The Data tab shows exactly that cell: its count, all with that gold and predicted label.
    auto *data = window.dataPage();
    QTRY_COMPARE_WITH_TIMEOUT(window.tabs()->currentWidget(), static_cast<QWidget *>(data), 5000);
    QTRY_COMPARE_WITH_TIMEOUT(static_cast<qint64>(data->model()->rowCount()), report.confusion[gold][predicted], 20000);
    for (int row = 0; row < data->model()->rowCount(); ++row) {
        data->table()->scrollTo(data->model()->index(row, 0));
        QTRY_VERIFY_WITH_TIMEOUT(data->model()->loadedRow(row) != nullptr, 20000);
        const auto *example = data->model()->loadedRow(row);
        QCOMPARE(example->label, report.labels[gold]);
        QCOMPARE(example->predictedLabel, report.labels[predicted]);
        QCOMPARE(example->split, QStringLiteral("test"));
    }
}

void TestEvaluate::exportsTheReportAndThePredictions()
{
    ui::ProjectSession session;
    ui::MainWindow window(&session);
    QSignalSpy opened(&session, &ui::ProjectSession::projectOpened);
    window.openProjectFile(m_project);
    QVERIFY(opened.wait(20000));
    auto *page = window.evaluatePage();
    QTRY_VERIFY_WITH_TIMEOUT(!page->report().isEmpty(), 20000);

    // The PDF report: written off the UI thread, a real PDF of some pages.
    const QString pdf = m_dir.filePath(QStringLiteral("report.pdf"));
    QSignalSpy reported(page, &ui::EvaluatePage::reportExported);
    page->exportReport(pdf);
    QTRY_VERIFY_WITH_TIMEOUT(reported.count() == 1, 30000);
    QVERIFY(reported.first().at(1).toBool());
    QFile report(pdf);
    QVERIFY(report.open(QIODevice::ReadOnly));
    const QByteArray bytes = report.readAll();
    QVERIFY(bytes.startsWith("%PDF"));
    QVERIFY2(bytes.size() > 20000, qPrintable(QString::number(bytes.size()))); // text, tables and three pictures
    QVERIFY(bytes.count("/Type /Page") >= 3 || bytes.count("/Type/Page") >= 3);

    // Predictions as CSV: one row per example the run predicted, right and wrong marked.
    const QString csv = m_dir.filePath(QStringLiteral("predictions.csv"));
    QSignalSpy said(page, &ui::EvaluatePage::statusMessage);
    page->exportPredictions(csv);
    QTRY_VERIFY_WITH_TIMEOUT(said.count() == 1, 20000);
    QVERIFY2(said.first().at(0).toString().startsWith(QLatin1String("Saved")),
             qPrintable(said.first().at(0).toString()));
    QFile predictions(csv);
    QVERIFY(predictions.open(QIODevice::ReadOnly | QIODevice::Text));
    const auto header = predictions.readLine().trimmed();
    QCOMPARE(header, QByteArray("id,text,lang,split,label,predicted,confidence,margin,correct"));
    qint64 rows = 0;
    qint64 wrongInTest = 0;
    while (!predictions.atEnd()) {
        // The text may hold commas; the seven fields after it never do.
        const auto fields = predictions.readLine().trimmed().split(',');
        ++rows;
        QVERIFY(fields.size() >= 9);
        if (fields[fields.size() - 6] == "test" && fields.last() == "false")
            ++wrongInTest;
    }
    // What the status bar says was saved is what the file holds.
    QVERIFY2(said.first().at(0).toString().contains(QStringLiteral("Saved %1 prediction").arg(rows)),
             qPrintable(said.first().at(0).toString()));
    QCOMPARE(rows, qint64(2152)); // the demo: every example of the snapshot
    // The test split's mistakes are the confusion matrix off its diagonal.
    qint64 offDiagonal = 0;
    const auto &matrix = page->report().confusion;
    for (int g = 0; g < matrix.size(); ++g)
        for (int p = 0; p < matrix[g].size(); ++p)
            if (g != p)
                offDiagonal += matrix[g][p];
    QCOMPARE(wrongInTest, offDiagonal);

    // The extension decides the format, as in glossa-cli export; any other is refused with
    // nothing written.
    said.clear();
    const QString jsonl = m_dir.filePath(QStringLiteral("predictions.jsonl"));
    page->exportRun(jsonl);
    QTRY_VERIFY_WITH_TIMEOUT(said.count() == 1, 20000);
    QVERIFY2(said.first().at(0).toString().startsWith(QLatin1String("Saved")),
             qPrintable(said.first().at(0).toString()));
    QFile lines(jsonl);
    QVERIFY(lines.open(QIODevice::ReadOnly | QIODevice::Text));
    const auto first = QJsonDocument::fromJson(lines.readLine()).object();
    QVERIFY(first.contains(QLatin1String("predicted")) && first.contains(QLatin1String("margin")));
    said.clear();
    const QString parquet = m_dir.filePath(QStringLiteral("predictions.parquet"));
    page->exportRun(parquet);
    QCOMPARE(said.count(), 1);
    QVERIFY2(said.first().at(0).toString().contains(QLatin1String("predictions.parquet")),
             qPrintable(said.first().at(0).toString()));
    QVERIFY(!QFileInfo::exists(parquet));
}

// The PDF's settings are those the run used: the learning rate the engine chose for 0
// ("automatic"), not 0; it says how many epochs ran and whether early stopping ended the run,
// and its tables break label names between their words only.
void TestEvaluate::reportSaysTheSettingsUsed()
{
    ui::ProjectSession session;
    ui::MainWindow window(&session);
    QSignalSpy opened(&session, &ui::ProjectSession::projectOpened);
    window.openProjectFile(m_project);
    QVERIFY(opened.wait(20000));
    auto *page = window.evaluatePage();
    QTRY_VERIFY_WITH_TIMEOUT(!page->report().isEmpty(), 20000);
    // Run 1 trained 3 epochs (the demo is too small to stop early before eval.min_epochs, 5).
    page->showRun(1);
    QTRY_VERIFY_WITH_TIMEOUT(page->report().runId == 1 && !page->report().isEmpty(), 20000);
    QVERIFY(page->report().training); // the engine stored how it trained
    QCOMPARE(page->report().training->settingsUsed.value(QStringLiteral("optimizer.learning_rate")),
             QStringLiteral("0.02")); // the bag's rate, for a learning rate of 0
    auto text = page->reportText();
    QVERIFY2(text.settings.contains(QStringLiteral("<td>0.02</td><td>automatic</td>")), qPrintable(text.settings));
    QVERIFY2(text.heading.contains(QStringLiteral("Trained 3 of 3 epochs")), qPrintable(text.heading));
    QVERIFY2(text.heading.contains(QStringLiteral("Early stopping did not end the run.")), qPrintable(text.heading));
    // Label names may break after their underscores only.
    for (const auto &label : page->report().labels)
        if (label.contains(QLatin1Char('_'))) {
            QString breakable = label;
            breakable.replace(QLatin1Char('_'), QStringLiteral("_") + QChar(0x200B));
            QVERIFY2(text.classes.contains(breakable), qPrintable(label));
        }

    // A run that early stopping ended says so, with the epoch of the model it kept.
    {
        auto project = core::store::Project::open(m_project.toStdString());
        core::train::TrainingSummary summary;
        summary.settingsUsed = {{"optimizer.learning_rate", "0.02"}};
        summary.epochs = 2.5;
        summary.steps = 1000000;
        summary.earlyStopped = true;
        summary.bestEpoch = 1;
        core::store::RunStore(project.db(), project.artefactDir())
            .addReport(1, summary.steps, summary.epochs, core::train::trainingSummarySplit,
                       core::train::trainingSummaryToJson(summary));
    }
    page->showRun(2);
    QTRY_VERIFY_WITH_TIMEOUT(page->report().runId == 2, 20000);
    page->showRun(1);
    QTRY_VERIFY_WITH_TIMEOUT(
        page->report().runId == 1 && page->report().training && page->report().training->earlyStopped, 20000);
    text = page->reportText();
    QVERIFY2(text.heading.contains(QStringLiteral("Trained 2.5 of 3 epochs")), qPrintable(text.heading));
    QVERIFY2(text.heading.contains(QStringLiteral("Early stopping ended the run, keeping the model of epoch 1.")),
             qPrintable(text.heading));
}

// The dataset chosen in the project dock is the one a new run trains on; the run chosen in the
// Runs tab is the one Evaluate, Review and Compare open on; two ticked runs are compared.
void TestEvaluate::followsTheSelection()
{
    ui::ProjectSession session;
    ui::MainWindow window(&session);
    window.resize(1400, 900);
    window.show();
    QSignalSpy opened(&session, &ui::ProjectSession::projectOpened);
    window.openProjectFile(m_project);
    QVERIFY(opened.wait(20000));
    auto *runs = window.runsPage();
    QTRY_COMPARE_WITH_TIMEOUT(runs->model()->rowCount(), 2, 20000);
    QTRY_VERIFY_WITH_TIMEOUT(window.comparePage()->runsCompared().size() >= 1, 20000);
    for (const qint64 run : {qint64(1), qint64(2), qint64(1)}) {
        runs->selectRun(run);
        QTRY_COMPARE_WITH_TIMEOUT(window.evaluatePage()->runId(), run, 5000);
        QCOMPARE(window.reviewPage()->runId(), run);
        QCOMPARE(window.comparePage()->runsCompared().value(0), run);
    }

    auto *dock = window.findChild<ui::ProjectDock *>();
    QVERIFY(dock);
    dock->selectDataset(QStringLiteral("other"));
    QTRY_COMPARE_WITH_TIMEOUT(window.trainPage()->dataset(), QStringLiteral("other"), 5000);
    dock->selectDataset(QString::fromLatin1(core::data::demoDatasetName));
    QTRY_COMPARE_WITH_TIMEOUT(window.trainPage()->dataset(), QString::fromLatin1(core::data::demoDatasetName), 5000);

    // Tick both runs: the Runs tab says whether their test scores differ by more than chance.
    auto *comparison = runs->findChild<QLabel *>(QStringLiteral("runComparison"));
    runs->model()->setOverlaid(1, true);
    runs->model()->setOverlaid(2, true);
    QTRY_VERIFY_WITH_TIMEOUT(comparison->text().contains(QStringLiteral("paired bootstrap")), 20000);
    QVERIFY2(comparison->text().contains(QStringLiteral("95% interval")), qPrintable(comparison->text()));
}

QTEST_MAIN(TestEvaluate)
#include "tst_evaluate.moc"
