// The workbench read with real labels and scripts: short and numeric labels are not cut to
// "…", a prediction's label stands apart from its probability, languages are named in full and
// in the UI's language, label buttons say their key and name apart, the status bar says what
// undo did, the Train log words the engine's lines in the UI's language, every script the
// demo and common data use has a font, and a text no font can draw is said to be so.

#include "ui/compare/comparecolumn.h"
#include "ui/compare/probabilitybars.h"
#include "ui/data/datapage.h"
#include "ui/data/examplepanel.h"
#include "ui/data/exampletablemodel.h"
#include "ui/runs/runspage.h"
#include "ui/runs/runstablemodel.h"
#include "ui/session/enginelogtext.h"
#include "ui/session/predictionservice.h"
#include "ui/session/projectsession.h"
#include "ui/session/trainingcontroller.h"
#include "ui/shell/mainwindow.h"
#include "ui/widgets/attributiontext.h"
#include "ui/widgets/languagename.h"
#include "ui/widgets/runsettings.h"
#include "ui/widgets/scriptcoverage.h"

#include "data/importer.h"
#include "store/datasetstore.h"
#include "store/project.h"
#include "store/runstore.h"

#include <QComboBox>
#include <QFile>
#include <QHeaderView>
#include <QLabel>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTextDocument>
#include <QToolButton>
#include <QTranslator>

using namespace glossa;

namespace {

// A translation of the engine's log lines that marks what it translated, standing in for the
// Chinese one (the lead translates new strings after merging).
class MarkingTranslator : public QTranslator
{
public:
    QString translate(const char *context, const char *sourceText, const char *, int) const override
    {
        if (qstrcmp(context, "EngineLog") != 0)
            return {};
        return QStringLiteral("译:") + QString::fromUtf8(sourceText);
    }
    bool isEmpty() const override { return false; }
};

QString plainText(const QString &html)
{
    QTextDocument document;
    document.setHtml(html);
    return document.toPlainText();
}

} // namespace

class TestReadability : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void probabilityBarsElideOnlyWhatDoesNotFit();
    void compareHeaderSeparatesLabelAndValue();
    void joiningScriptsAreColouredByWord();
    void languagesAreNamedInFull();
    void labelButtonsShowKeyAndName();
    void scriptsOfCommonDataHaveFonts_data();
    void scriptsOfCommonDataHaveFonts();
    void textNoFontCanDrawIsSaidSo();
    void statusSaysWhatUndoDid();
    void textColumnKeepsItsWidthWithPredictions();
    void runsTableShowsItsRows();
    void engineLogIsWordedInTheUiLanguage();
    void settingsShowTheResolvedLearningRate();

private:
    QString writeProject(const QString &name);

    QTemporaryDir m_dir;
};

void TestReadability::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
}

// Numeric labels and short ones, as ticket systems export them, and one long label.
QString TestReadability::writeProject(const QString &name)
{
    const QString csv = m_dir.filePath(name + QStringLiteral(".csv"));
    QFile file(csv);
    if (!file.open(QIODevice::WriteOnly))
        return {};
    file.write("id,text,label,lang\n");
    const char *const labels[] = {"1", "2", "10", "request_for_a_refund_of_a_duplicate_charge"};
    const char *const texts[] = {"Where is my parcel?", "Wo ist mein Paket?", "我的包裹在哪里？", "កញ្ចប់របស់ខ្ញុំនៅឯណា?"};
    const char *const languages[] = {"en", "de", "zh", "km"};
    for (int i = 0; i < 40; ++i)
        file.write("r" + QByteArray::number(i) + ",\"" + texts[i % 4] + " " + QByteArray::number(i) + "\","
                   + labels[i % 4] + "," + languages[i % 4] + "\n");
    file.close();
    const QString path = m_dir.filePath(name + QStringLiteral(".glossa"));
    auto project = core::store::Project::create(path.toStdString());
    core::data::importFile(project.db(), "tickets", csv.toStdString());
    return path;
}

void TestReadability::probabilityBarsElideOnlyWhatDoesNotFit()
{
    ui::ProbabilityBars bars;
    bars.resize(260, 100);
    bars.setProbabilities({{QStringLiteral("1"), 0.5}, {QStringLiteral("2"), 0.3}, {QStringLiteral("10"), 0.2}},
                          Qt::blue);
    // Every numeric label whole (it was "…" for each).
    QCOMPARE(bars.labelShownAt(0), QStringLiteral("1"));
    QCOMPARE(bars.labelShownAt(1), QStringLiteral("2"));
    QCOMPARE(bars.labelShownAt(2), QStringLiteral("10"));
    bars.setProbabilities({{QStringLiteral("billing"), 0.6}, {QStringLiteral("cancel_order"), 0.4}}, Qt::blue);
    QCOMPARE(bars.labelShownAt(1), QStringLiteral("cancel_order"));
    // A label longer than 45% of the width is elided, and only that one.
    const QString longLabel = QStringLiteral("request_for_a_refund_of_a_duplicate_charge");
    bars.setProbabilities({{longLabel, 0.7}, {QStringLiteral("2"), 0.3}}, Qt::blue);
    QVERIFY(bars.labelShownAt(0).endsWith(QChar(0x2026)));
    QCOMPARE(bars.labelShownAt(1), QStringLiteral("2"));
}

void TestReadability::compareHeaderSeparatesLabelAndValue()
{
    ui::CompareColumn column;
    ui::RunRow run;
    run.id = 1;
    run.name = QStringLiteral("bag-1");
    column.setRuns({run});
    ui::TextPrediction prediction;
    prediction.label = QStringLiteral("26");
    prediction.probabilities = {{QStringLiteral("26"), 0.06}, {QStringLiteral("3"), 0.05}};
    column.showPrediction(1, prediction);
    auto *header = column.findChild<QLabel *>(QStringLiteral("compareRunHeader"));
    QVERIFY(header);
    const QString text = plainText(header->text());
    QVERIFY2(text.contains(QStringLiteral("26 (6%)")), qPrintable(text));
    QVERIFY2(!text.contains(QStringLiteral("26 6%")), qPrintable(text));
}

// Arabic letters join and Bengali vowel signs attach: a colour change inside a word would draw
// them apart, so their words are coloured whole; Latin words keep a colour per piece.
void TestReadability::joiningScriptsAreColouredByWord()
{
    const QList<ui::TextPrediction::Token> arabic = {
        {QStringLiteral("▁ال"), 0.5}, {QStringLiteral("ناس"), 1.0}, {QStringLiteral("▁أحرار"), -0.2}};
    const QString html = ui::attributionHtml(arabic, true, QColor(Qt::white));
    QVERIFY2(html.contains(QStringLiteral(">الناس</span>")), qPrintable(html));
    QCOMPARE(html.count(QStringLiteral("<span")), 2);
    const QList<ui::TextPrediction::Token> english = {
        {QStringLiteral("▁un"), 0.5}, {QStringLiteral("believ"), 1.0}, {QStringLiteral("able"), -0.2}};
    QCOMPARE(ui::attributionHtml(english, false, QColor(Qt::white)).count(QStringLiteral("<span")), 3);
}

void TestReadability::languagesAreNamedInFull()
{
    QCOMPARE(ui::languageDisplayName(QStringLiteral("pl")), QStringLiteral("Polish"));
    QCOMPARE(ui::languageNameWithCode(QStringLiteral("km")), QStringLiteral("Khmer (km)"));
    QCOMPARE(ui::languageDisplayName(QStringLiteral("qqq")), QStringLiteral("qqq")); // no such language
    // In the Chinese UI, in Chinese.
    QLocale::setDefault(QLocale(QLocale::Chinese, QLocale::China));
    const QString polish = ui::languageDisplayName(QStringLiteral("pl"));
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    QCOMPARE(polish, QStringLiteral("波兰语"));

    // The Compare tab's language box says the detected language by its name.
    ui::CompareColumn column;
    column.setText(QStringLiteral("Wszyscy ludzie rodzą się wolni i równi pod względem swej godności i swych praw. "
                                  "Są oni obdarzeni rozumem i sumieniem."),
                   QString());
    auto *box = column.findChild<QComboBox *>(QStringLiteral("compareLanguage"));
    QVERIFY(box);
    QCOMPARE(box->itemText(0), QStringLiteral("Detected: Polish"));
}

void TestReadability::labelButtonsShowKeyAndName()
{
    ui::ExamplePanel panel;
    const QString longLabel = QStringLiteral("request_for_a_refund_of_a_duplicate_charge_on_the_card");
    panel.setLabels({{1, QStringLiteral("1"), 0},
                     {2, QStringLiteral("2"), 0},
                     {3, QStringLiteral("10"), 0},
                     {4, QStringLiteral("R&D"), 0},
                     {5, longLabel, 0}});
    QStringList texts;
    QString longTip;
    for (auto *button : panel.findChildren<QToolButton *>()) {
        texts.append(button->text());
        if (button->toolTip().contains(longLabel))
            longTip = button->text();
    }
    // The key apart from the name: "[1] 1", never "1  1".
    QVERIFY2(texts.contains(QStringLiteral("[1] 1")), qPrintable(texts.join(QLatin1Char('|'))));
    QVERIFY(texts.contains(QStringLiteral("[2] 2")));
    QVERIFY(texts.contains(QStringLiteral("[3] 10")));
    QVERIFY(texts.contains(QStringLiteral("[4] R&&D"))); // shown as "R&D", not a mnemonic
    // A long name is elided on its button, whole in its tooltip.
    QVERIFY2(longTip.startsWith(QStringLiteral("[5] ")) && longTip.contains(QChar(0x2026)), qPrintable(longTip));
}

// One sentence in every script of the demo and the common data: each has a font, so none is
// drawn as boxes (scripts/packages.txt installs fonts-noto-core and the CJK fallback).
void TestReadability::scriptsOfCommonDataHaveFonts_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("Latin") << QStringLiteral("Toute personne a droit à l'éducation.");
    QTest::newRow("Cyrillic") << QStringLiteral("Все люди рождаются свободными.");
    QTest::newRow("Greek") << QStringLiteral("Όλοι οι άνθρωποι γεννιούνται ελεύθεροι.");
    QTest::newRow("Arabic") << QStringLiteral("يولد جميع الناس أحراراً متساوين في الكرامة والحقوق.");
    QTest::newRow("Hebrew") << QStringLiteral("כל בני האדם נולדו בני חורין ושווים בערכם ובזכויותיהם.");
    QTest::newRow("Devanagari") << QStringLiteral("सभी मनुष्यों को गौरव और अधिकारों के मामले में जन्मजात स्वतन्त्रता प्राप्त है।");
    QTest::newRow("Bengali") << QStringLiteral("সমস্ত মানুষ স্বাধীনভাবে সমান মর্যাদা এবং অধিকার নিয়ে জন্মগ্রহণ করে।");
    QTest::newRow("Tamil") << QStringLiteral("மனிதப் பிறிவியினர் சகலரும் சுதந்திரமாகவே பிறக்கின்றனர்.");
    QTest::newRow("Thai") << QStringLiteral("มนุษย์ทั้งหลายเกิดมามีอิสระและเสมอภาคกัน");
    QTest::newRow("Khmer") << QStringLiteral("មនុស្សទាំងអស់ កើតមកមានសេរីភាព និងសមភាព ក្នុងផ្នែកសេចក្ដីថ្លៃថ្នូរ និងសិទ្ធិ។");
    QTest::newRow("Myanmar") << QStringLiteral("လူတိုင်းသည် တူညီ လွတ်လပ်သော ဂုဏ်သိက္ခါ ဖြင့်လည်းကောင်း၊");
    QTest::newRow("Ethiopic") << QStringLiteral("የሰው ልጅ ሁሉ ሲወለድ ነጻና በክብርና በመብትም እኩልነት ያለው ነው።");
    QTest::newRow("Georgian") << QStringLiteral("ყველა ადამიანი იბადება თავისუფალი და თანასწორი.");
    QTest::newRow("Armenian") << QStringLiteral("Բոլոր մարդիկ ծնվում են ազատ ու հավասար.");
    QTest::newRow("Hangul") << QStringLiteral("모든 인간은 태어날 때부터 자유로우며 그 존엄과 권리에 있어 동등하다.");
    QTest::newRow("Han") << QStringLiteral("人人生而自由，在尊严和权利上一律平等。");
    QTest::newRow("Japanese") << QStringLiteral("すべての人間は、生まれながらにして自由であり、");
}

void TestReadability::scriptsOfCommonDataHaveFonts()
{
    QFETCH(QString, text);
    const auto missing = ui::scriptsWithoutFont(text, QFont());
    QVERIFY2(missing.isEmpty(), qPrintable(ui::missingFontNotice(missing)));
}

void TestReadability::textNoFontCanDrawIsSaidSo()
{
    ui::ExamplePanel panel;
    ui::ExampleDetail detail;
    detail.row.id = 7;
    detail.row.externalId = QStringLiteral("r7");
    detail.row.lang = QStringLiteral("km");
    detail.row.text = QStringLiteral("មនុស្សទាំងអស់ កើតមកមានសេរីភាព");
    panel.showDetail(detail);
    QCOMPARE(panel.fontNotice(), QString()); // Khmer has its font: nothing to say
    // A private-use character: no installed font has it, and the panel says so.
    detail.row.text = QStringLiteral("Order ") + QChar(0xE000) + QChar(0xE001) + QStringLiteral(" arrived");
    panel.showDetail(detail);
    QVERIFY2(panel.fontNotice().contains(QStringLiteral("cannot be drawn")), qPrintable(panel.fontNotice()));
    // The notice names the script and the package to install when a script is known.
    const QString notice = ui::missingFontNotice({{QStringLiteral("Khmer"), QStringLiteral("fonts-noto-core")}});
    QCOMPARE(notice, QStringLiteral("Some characters of this text (Khmer) cannot be drawn: install fonts-noto-core."));
    // The guessed language reads as such, by its name.
    detail.row.langGuessed = true;
    panel.showDetail(detail);
    auto *fields = panel.findChild<QLabel *>(QStringLiteral("exampleFields"));
    QVERIFY2(plainText(fields->text()).contains(QStringLiteral("Khmer (km) (guessed from the text)")),
             qPrintable(fields->text()));
}

void TestReadability::statusSaysWhatUndoDid()
{
    const QString path = writeProject(QStringLiteral("undo"));
    ui::ProjectSession session;
    ui::MainWindow window(&session);
    window.show();
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    QSignalSpy opened(&session, &ui::ProjectSession::projectOpened);
    window.openProjectFile(path);
    QVERIFY(opened.wait(20000));
    auto *page = window.dataPage();
    QTRY_VERIFY_WITH_TIMEOUT(
        page->model()->rowCount() > 0
            && page->model()->data(page->model()->index(0, 0), ui::ExampleTableModel::LoadedRole).toBool(),
        20000);
    auto *table = page->table();
    table->setFocus();
    table->setCurrentIndex(page->model()->index(0, 0));
    // Key 3 is the label "10" (labels in order of first appearance: 1, 2, 10, …).
    QTest::keyClick(table, Qt::Key_3);
    QCOMPARE(window.statusBar()->currentMessage(), QStringLiteral("Labelled r0 as 10"));
    auto *undo = window.findChild<QAction *>(QStringLiteral("undoAction"));
    QTRY_VERIFY_WITH_TIMEOUT(undo->isEnabled() && undo->text().contains(QStringLiteral("r0")), 20000);
    QTest::keyClick(table, Qt::Key_Z, Qt::ControlModifier);
    QTRY_COMPARE_WITH_TIMEOUT(window.statusBar()->currentMessage(), QStringLiteral("Undid: label r0 as 10"), 20000);
    auto *redo = window.findChild<QAction *>(QStringLiteral("redoAction"));
    QTRY_VERIFY_WITH_TIMEOUT(redo->isEnabled(), 20000);
    QTest::keyClick(table, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
    QTRY_COMPARE_WITH_TIMEOUT(window.statusBar()->currentMessage(), QStringLiteral("Redid: label r0 as 10"), 20000);
}

// A run's three extra columns do not push the text out of sight: it keeps 40% of the table.
void TestReadability::textColumnKeepsItsWidthWithPredictions()
{
    const QString path = writeProject(QStringLiteral("columns"));
    ui::ProjectSession session;
    ui::MainWindow window(&session);
    window.resize(1600, 1000);
    window.show();
    QSignalSpy opened(&session, &ui::ProjectSession::projectOpened);
    window.openProjectFile(path);
    QVERIFY(opened.wait(20000));
    auto *page = window.dataPage();
    auto *model = page->model();
    QTRY_VERIFY_WITH_TIMEOUT(model->rowCount() > 0, 20000);
    ui::BrowseFilter filter = model->filter();
    filter.runId = 1; // no such run: the columns of one, with nothing in them
    QSignalSpy finished(model, &ui::ExampleTableModel::queryFinished);
    model->setQuery(model->datasetId(), filter);
    QVERIFY(finished.wait(20000));
    QCOMPARE(model->columnCount(), 9);
    auto *table = page->table();
    int textColumn = -1;
    for (int column = 0; column < model->columnCount(); ++column)
        if (model->columnKind(column) == ui::BrowseColumn::Text)
            textColumn = column;
    QVERIFY(textColumn >= 0);
    const int viewport = table->viewport()->width();
    const int textLeft = table->horizontalHeader()->sectionViewportPosition(textColumn);
    QStringList widths;
    for (int column = 0; column < model->columnCount(); ++column)
        widths.append(QString::number(table->columnWidth(column)));
    QVERIFY2(viewport - textLeft >= viewport * 2 / 5 - 2,
             qPrintable(QStringLiteral("%1 of %2: %3").arg(viewport - textLeft).arg(viewport).arg(widths.join(u' '))));
    // The long label fits its column up to the cap, the short ones are not padded to it.
    int labelColumn = -1;
    for (int column = 0; column < model->columnCount(); ++column)
        if (model->columnKind(column) == ui::BrowseColumn::Label)
            labelColumn = column;
    QVERIFY(table->columnWidth(labelColumn) <= table->fontMetrics().horizontalAdvance(QLatin1Char('M')) * 14);
}

// The runs table is as tall as its rows (up to ten), not four rows until the splitter is dragged.
void TestReadability::runsTableShowsItsRows()
{
    const QString path = writeProject(QStringLiteral("runs"));
    {
        auto project = core::store::Project::open(path.toStdString());
        core::store::DatasetStore datasets(project.db());
        core::store::RunStore runs(project.db(), project.artefactDir());
        const auto dataset = datasets.dataset("tickets");
        for (int i = 0; i < 8; ++i) {
            const auto id = runs.createRun(dataset.id, "run-" + std::to_string(i), "{}", "0");
            runs.setStatus(id, core::store::RunStatus::Stopped);
        }
    }
    ui::ProjectSession session;
    ui::MainWindow window(&session);
    window.resize(1400, 900);
    window.show();
    QSignalSpy opened(&session, &ui::ProjectSession::projectOpened);
    window.openProjectFile(path);
    QVERIFY(opened.wait(20000));
    auto *runs = window.runsPage();
    window.tabs()->setCurrentWidget(runs);
    QTRY_COMPARE_WITH_TIMEOUT(runs->model()->rowCount(), 8, 20000);
    auto *table = runs->table();
    QTRY_VERIFY(table->viewport()->height() >= 8 * table->verticalHeader()->defaultSectionSize());
}

// The Train log's common lines come from the engine's typed fields, worded with tr() in the
// UI's language (here a marking translation), never as the English text beside them.
void TestReadability::engineLogIsWordedInTheUiLanguage()
{
    const QString script = m_dir.filePath(QStringLiteral("fake-glossa-cli"));
    QFile file(script);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(R"(#!/bin/sh
cat <<'EOF'
{"event":"run","run":1,"name":"bag-1","resumed":false,"device":"cpu"}
{"event":"log","line":"ENGLISH training on","message":{"kind":"data","train":8,"dev":2,"test":3,"classes":4,"model":"bag","device":"cpu"}}
{"event":"log","line":"ENGLISH tokenizer","message":{"kind":"tokenizer","how":"trained","pieces":800,"seconds":1.5,"file":""}}
{"event":"progress","step":1,"total_steps":10,"epoch":0.1,"loss":1.5,"learning_rate":0.02,"examples_per_second":100,"eta_seconds":9}
{"event":"evaluation","step":5,"epoch":1,"loss":0.9,"best":true,"accuracy":0.5,"macro_f1":0.4,"micro_f1":0.5,"per_language":{}}
{"event":"log","line":"ENGLISH early stop","message":{"kind":"early_stop","metric":"macro_f1","patience":3,"best_epoch":1}}
{"event":"log","line":"an untyped line"}
{"event":"result","run":1,"name":"bag-1","status":"finished","epochs":2,"steps":10,"test":{}}
EOF
)");
    file.close();
    QVERIFY(file.setPermissions(file.permissions() | QFileDevice::ExeOwner));
    const QByteArray cli = qgetenv("GLOSSA_CLI");
    qputenv("GLOSSA_CLI", script.toUtf8());
    MarkingTranslator translator;
    QCoreApplication::installTranslator(&translator);

    ui::TrainingController controller;
    QStringList log;
    connect(&controller, &ui::TrainingController::updated, this,
            [&log](const QList<ui::TrainPoint> &, const QList<ui::EvalPoint> &, const ui::TrainingStatus &,
                   const QStringList &lines) { log += lines; });
    QSignalSpy ended(&controller, &ui::TrainingController::runEnded);
    ui::TrainingRequest request;
    request.projectPath = m_dir.filePath(QStringLiteral("none.glossa"));
    request.dataset = QStringLiteral("tickets");
    request.configJson = QStringLiteral("{}");
    controller.submit(request);
    QVERIFY(ended.wait(20000));
    QCoreApplication::removeTranslator(&translator);
    qputenv("GLOSSA_CLI", cli);

    const QString all = log.join(QLatin1Char('\n'));
    QVERIFY2(!all.contains(QStringLiteral("ENGLISH")), qPrintable(all));
    for (const QString &line :
         {QStringLiteral("译:Training on %1 examples (%2 dev, %3 test), %4 classes: %5 model on %6"),
          QStringLiteral("译:Tokenizer: trained %1 pieces in %2"),
          QStringLiteral("译:Step %1 of %2 · epoch %3 · loss %4 · %5 examples/s · %6 left"),
          QStringLiteral("译:Dev at step %1 (epoch %2): macro-F1 %3 · accuracy %4 · loss %5"),
          QStringLiteral("译:Early stop: no better %1 in %2 evaluations after warm-up; keeping the best model, from "
                         "epoch %3")}) {
        const QString start = line.section(QLatin1Char('%'), 0, 0);
        QVERIFY2(all.contains(start), qPrintable(start + QStringLiteral("\n---\n") + all));
    }
    // The values come from the fields: 800 pieces, step 1 of 10, the metric by its name.
    QVERIFY2(all.contains(QStringLiteral("Tokenizer: trained 800 pieces in")), qPrintable(all));
    QVERIFY2(all.contains(QStringLiteral("Step 1 of 10")), qPrintable(all));
    QVERIFY2(all.contains(QStringLiteral("no better 译:macro-F1 in 3 evaluations")), qPrintable(all));
    QVERIFY(log.contains(QStringLiteral("an untyped line"))); // shown as the engine wrote it

    // Without a translation, English from the same fields.
    QCOMPARE(ui::engineLogText(core::train::EarlyStop{"accuracy", 2, 4}),
             QStringLiteral("Early stop: no better accuracy in 2 evaluations after warm-up; keeping the best model, "
                            "from epoch 4"));
    // A features run's embedding says how far it is and how long is left, in the UI's words.
    QCOMPARE(ui::engineLogText(core::train::TextsEmbedded{640, 2152, 50.4, 30}),
             QString::fromUtf8("Features: embedded 640 of 2,152 new texts · 50.4 texts/s · 0:30 left"));
}

// A learning rate of 0 means "the model's default": the settings say which rate that was.
void TestReadability::settingsShowTheResolvedLearningRate()
{
    const auto lines =
        ui::runSettingLines(QStringLiteral(R"({"model":{"type":"bag"}})"), nullptr, QStringLiteral("cpu"));
    bool found = false;
    for (const auto &line : lines)
        if (line.key == QLatin1String("optimizer.learning_rate")) {
            QCOMPARE(line.value, QStringLiteral("0.02"));
            QCOMPARE(line.note, QStringLiteral("automatic"));
            found = true;
        } else if (line.key == QLatin1String("run.device")) {
            QCOMPARE(line.value, QStringLiteral("cpu"));
        }
    QVERIFY(found);
    const QString text = ui::RunsTableModel::settingsText(QStringLiteral(R"({"model":{"type":"transformer"}})"));
    QVERIFY2(text.contains(QStringLiteral("optimizer.learning_rate = 0.0005 (automatic)")), qPrintable(text));
    // The Runs table's key settings say it too, beside a run that set its own rate.
    ui::RunRow automaticRate;
    automaticRate.configJson = QStringLiteral("{}");
    ui::RunRow ownRate;
    ownRate.configJson = QStringLiteral(R"({"optimizer":{"learning_rate":0.01}})");
    const auto keys = ui::RunsTableModel::keySettings({automaticRate, ownRate});
    QCOMPARE(keys.value(0), QStringLiteral("optimizer.learning_rate=auto (0.02)"));
    QCOMPARE(keys.value(1), QStringLiteral("optimizer.learning_rate=0.01"));

    // The vocabulary and epochs a run picked from its data are stored as numbers; its training
    // summary says they were picked, so they read as automatic, not as changed. A number the
    // analyst set reads as changed.
    const QString picked = QStringLiteral(R"({"tokenizer":{"vocab_size":8000},"optimizer":{"epochs":3}})");
    ui::RunTrainingSummary summary;
    summary.settingsUsed.insert(QStringLiteral("tokenizer.vocab_size"), QStringLiteral("8000"));
    for (const auto &line : ui::runSettingLines(picked, &summary, QStringLiteral("cpu"))) {
        if (line.key == QLatin1String("tokenizer.vocab_size")) {
            QCOMPARE(line.value, QStringLiteral("8000"));
            QCOMPARE(line.note, QStringLiteral("automatic"));
            QVERIFY(!line.changed);
        } else if (line.key == QLatin1String("optimizer.epochs")) {
            QCOMPARE(line.value, QStringLiteral("3"));
            QVERIFY(line.note.isEmpty());
            QVERIFY(line.changed);
        }
    }
}

QTEST_MAIN(TestReadability)
#include "tst_readability.moc"
