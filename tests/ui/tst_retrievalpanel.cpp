// Cross-lingual retrieval as the analyst sees it, against a fake `glossa-cli retrieve --stream`
// (tests/data/fake_retrieve.py, set as $GLOSSA_CLI) that speaks the engine's protocol: the
// language matrix view (values, diagonal, activation, twenty languages), the service (progress,
// the result, newest answer per asker, a bad request, cancel, a failure) and the panel (the P@1
// and MRR matrices and the means, neighbours per language after typing, a picked text's own
// translations marked, cancel, a failure said). A last case renders the panel with the UDHR's 17
// languages to a PNG to look at.

#include "ui/crosslingual/languagematrixview.h"
#include "ui/crosslingual/retrievalpanel.h"
#include "ui/session/projectsession.h"
#include "ui/session/retrievalservice.h"
#include "ui/session/runlist.h"
#include "ui/widgets/languagename.h"

#include "data/demoproject.h"
#include "data/importer.h"
#include "store/project.h"

#include <QAbstractItemModel>
#include <QCompleter>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QScopeGuard>
#include <QScrollBar>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QTreeWidget>

#include <cmath>
#include <limits>

using namespace glossa;

namespace {

const QString fakeEngine = QStringLiteral(GLOSSA_TEST_DATA_DIR "/fake_retrieve.py");
constexpr int wait = 20000;

} // namespace

class TestRetrievalPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void matrixViewShowsValuesAndTheDiagonal();
    void matrixViewActivatesByMouseAndKeyboard();
    void matrixViewScrollsThroughTwentyLanguages();
    void resultIsReadAndCheckedFromJson();
    void serviceMeasuresAndAnswersTheNewestRequest();
    void panelShowsTheMatricesAndTheNeighbours();
    void cancelStopsTheChild();
    void failureIsShown();
    void rendersSeventeenLanguages();

private:
    QStringList logLines() const;
    void openProject(ui::ProjectSession &session, const QString &path);

    QTemporaryDir m_dir;
    QString m_project;
    QString m_log;
};

void TestRetrievalPanel::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); // the names tests compare
    QVERIFY(m_dir.isValid());
    QVERIFY2(QFileInfo(fakeEngine).isExecutable(), qPrintable(fakeEngine));
    qputenv("GLOSSA_CLI", fakeEngine.toUtf8());
    m_log = m_dir.filePath(QStringLiteral("engine.log"));
    qputenv("GLOSSA_FAKE_LOG", m_log.toUtf8());
    m_project = m_dir.filePath(QStringLiteral("retrieval.glossa"));
    auto project = core::store::Project::create(m_project.toStdString());
    core::data::importDemoData(project.db(), GLOSSA_DEMO_DIR);
}

QStringList TestRetrievalPanel::logLines() const
{
    QFile file(m_log);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
}

void TestRetrievalPanel::openProject(ui::ProjectSession &session, const QString &path)
{
    QSignalSpy opened(&session, &ui::ProjectSession::projectOpened);
    session.openProject(path);
    QVERIFY(opened.wait(wait));
}

namespace {

ui::LanguageMatrix squareMatrix(const QStringList &codes)
{
    ui::LanguageMatrix matrix;
    matrix.rows = codes;
    matrix.columns = codes;
    for (int row = 0; row < codes.size(); ++row) {
        QList<double> values;
        QList<int> counts;
        QList<QPair<double, double>> intervals;
        for (int column = 0; column < codes.size(); ++column) {
            const double value = (row * 7 + column * 3) % 100 / 100.0;
            values.append(value);
            counts.append(100);
            intervals.append({std::max(0.0, value - 0.1), std::min(1.0, value + 0.1)});
        }
        matrix.values.append(values);
        matrix.counts.append(counts);
        matrix.intervals.append(intervals);
    }
    return matrix;
}

} // namespace

void TestRetrievalPanel::matrixViewShowsValuesAndTheDiagonal()
{
    ui::LanguageMatrixView view;
    ui::LanguageMatrix matrix;
    matrix.rows = {QStringLiteral("all"), QStringLiteral("de"), QStringLiteral("ar")};
    matrix.columns = {QStringLiteral("de"), QStringLiteral("ar")};
    const double none = std::numeric_limits<double>::quiet_NaN();
    matrix.values = {{0.834, 0.5}, {0.91, 0.256}, {none, 0.7}};
    matrix.counts = {{120, 120}, {60, 4}, {0, 60}};
    matrix.intervals = {{{0.8, 0.87}, {0.4, 0.6}}, {{0.85, 0.95}, {0.1, 0.5}}, {{1, 0}, {0.6, 0.8}}};
    view.setAxisTitles(QStringLiteral("Trained on"), QStringLiteral("Tested on"));
    view.setMatrix(matrix, QStringLiteral("macro-F1"));
    view.setEmphasised({QPoint(0, 1)}, QStringLiteral("Best source for this language."));

    // Values with two decimals, a dash where there is none.
    QCOMPARE(view.cellText(0, 0), QStringLiteral("0.83"));
    QCOMPARE(view.cellText(1, 1), QStringLiteral("0.26"));
    QCOMPARE(view.cellText(2, 0), QStringLiteral("—"));
    // The rows and columns by language name; "all" as all languages.
    auto *model = view.table()->model();
    QCOMPARE(model->headerData(0, Qt::Vertical).toString(), QStringLiteral("All languages"));
    QCOMPARE(model->headerData(1, Qt::Vertical).toString(), QStringLiteral("German (de)"));
    QCOMPARE(model->headerData(1, Qt::Horizontal).toString(), QStringLiteral("Arabic (ar)"));
    // The diagonal: the same language in the row and the column, nowhere else.
    QVERIFY(view.isDiagonal(1, 0));
    QVERIFY(view.isDiagonal(2, 1));
    QVERIFY(!view.isDiagonal(0, 0));
    QVERIFY(!view.isDiagonal(1, 1));
    // Four examples are too few; a missing value is no unreliable value.
    QVERIFY(view.isUnreliable(1, 1));
    QVERIFY(!view.isUnreliable(1, 0));
    QVERIFY(!view.isUnreliable(2, 0));
    QVERIFY(view.isEmphasised(1, 0));
    QVERIFY(!view.isEmphasised(0, 1));
    // The tooltip says the pair, the value with its interval and n, and what is special.
    const QString tip = view.cellToolTip(1, 1);
    QVERIFY2(tip.contains(QStringLiteral("Trained on: German (de)")), qPrintable(tip));
    QVERIFY2(tip.contains(QStringLiteral("Tested on: Arabic (ar)")), qPrintable(tip));
    QVERIFY2(tip.contains(QStringLiteral("macro-F1 0.26 (95% interval 0.10 – 0.50)")), qPrintable(tip));
    QVERIFY2(tip.contains(QStringLiteral("n = 4")), qPrintable(tip));
    QVERIFY2(tip.contains(QStringLiteral("too few")), qPrintable(tip));
    QVERIFY(view.cellToolTip(1, 0).contains(QStringLiteral("Same language")));
    QVERIFY(view.cellToolTip(1, 0).contains(QStringLiteral("Best source")));
    QCOMPARE(model->data(model->index(1, 1), Qt::ToolTipRole).toString(), tip);
    // Dark cells carry white text, light ones black.
    QCOMPARE(ui::LanguageMatrixView::textColourOn(ui::LanguageMatrixView::colourFor(1.0)), QColor(Qt::white));
    QCOMPARE(ui::LanguageMatrixView::textColourOn(ui::LanguageMatrixView::colourFor(0.0)), QColor(Qt::black));
    QVERIFY(ui::LanguageMatrixView::colourFor(0.9).lightness() < ui::LanguageMatrixView::colourFor(0.3).lightness());

    // An empty matrix says so instead of showing an empty grid.
    view.setPlaceholderText(QStringLiteral("Nothing measured"));
    view.setMatrix({}, QStringLiteral("P@1"));
    view.show();
    QVERIFY(!view.table()->isVisible());
    QVERIFY(view.findChild<QLabel *>(QStringLiteral("languageMatrixPlaceholder"))->isVisible());
}

void TestRetrievalPanel::matrixViewActivatesByMouseAndKeyboard()
{
    ui::LanguageMatrixView view;
    view.setMatrix(squareMatrix({QStringLiteral("de"), QStringLiteral("fr"), QStringLiteral("ja")}),
                   QStringLiteral("P@1"));
    view.resize(700, 500);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QSignalSpy activated(&view, &ui::LanguageMatrixView::cellActivated);
    auto *table = view.table();
    const QRect cell = table->visualRect(table->model()->index(2, 1));
    QTest::mouseClick(table->viewport(), Qt::LeftButton, Qt::NoModifier, cell.center());
    QCOMPARE(activated.count(), 1);
    QCOMPARE(activated.at(0).at(0).toInt(), 2);
    QCOMPARE(activated.at(0).at(1).toInt(), 1);
    // The keyboard: arrows move, Enter activates.
    table->setFocus();
    table->setCurrentIndex(table->model()->index(0, 0));
    QTest::keyClick(table, Qt::Key_Right);
    QTest::keyClick(table, Qt::Key_Down);
    QTest::keyClick(table, Qt::Key_Return);
    QCOMPARE(activated.count(), 2);
    QCOMPARE(activated.at(1).at(0).toInt(), 1);
    QCOMPARE(activated.at(1).at(1).toInt(), 1);
}

void TestRetrievalPanel::matrixViewScrollsThroughTwentyLanguages()
{
    const QStringList codes{QStringLiteral("am"), QStringLiteral("ar"), QStringLiteral("bn"), QStringLiteral("de"),
                            QStringLiteral("el"), QStringLiteral("en"), QStringLiteral("fa"), QStringLiteral("he"),
                            QStringLiteral("hi"), QStringLiteral("hy"), QStringLiteral("ja"), QStringLiteral("ka"),
                            QStringLiteral("km"), QStringLiteral("ko"), QStringLiteral("ru"), QStringLiteral("ta"),
                            QStringLiteral("th"), QStringLiteral("zh"), QStringLiteral("sw"), QStringLiteral("yo")};
    ui::LanguageMatrixView view;
    view.setMatrix(squareMatrix(codes), QStringLiteral("P@1"));
    view.resize(600, 450);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    auto *table = view.table();
    QCOMPARE(table->model()->rowCount(), 20);
    QCOMPARE(table->model()->columnCount(), 20);
    // It does not fit: it scrolls, and the last cell can be reached and read.
    QVERIFY(table->horizontalScrollBar()->maximum() > 0);
    QVERIFY(table->verticalScrollBar()->maximum() > 0);
    const QModelIndex last = table->model()->index(19, 19);
    table->scrollTo(last);
    QVERIFY(table->viewport()->rect().intersects(table->visualRect(last)));
    QCOMPARE(view.cellText(19, 19), QString::number((19 * 7 + 19 * 3) % 100 / 100.0, 'f', 2));
    QVERIFY(view.isDiagonal(19, 19));
    // Every column header is whole: its section is as tall as its name is long.
    QFontMetrics metrics(table->horizontalHeader()->font());
    QVERIFY(table->horizontalHeader()->height()
            >= metrics.horizontalAdvance(table->model()->headerData(14, Qt::Horizontal).toString()));
}

void TestRetrievalPanel::resultIsReadAndCheckedFromJson()
{
    const auto read = [](const QByteArray &json, QString *problem = nullptr) {
        return ui::RetrievalResult::fromJson(QJsonDocument::fromJson(json).object(), problem);
    };
    const auto result = read(R"({"split": "test", "pairs": {"de|fr": {"p_at_1": 0.8, "mrr": 0.85, "n": 100},
        "fr|de": {"p_at_1": 0.7, "mrr": 0.75, "n": 90}}, "mean_p_at_1": 0.75, "mean_mrr": 0.8,
        "languages": ["de", "fr", "ja"], "texts": 300, "model": "xlmr", "pooling": "mean"})");
    QVERIFY(result);
    QCOMPARE(result->pairs.size(), 2);
    QCOMPARE(result->pair(QStringLiteral("de"), QStringLiteral("fr"))->precisionAt1, 0.8);
    QCOMPARE(result->pair(QStringLiteral("fr"), QStringLiteral("de"))->queries, 90);
    QVERIFY(!result->pair(QStringLiteral("de"), QStringLiteral("ja")));
    QCOMPARE(result->queries(), 190);
    QCOMPARE(result->meanReciprocalRank, 0.8);
    QCOMPARE(result->languages.size(), 3);
    // No pair at all is a result (nothing to measure), with no means.
    const auto empty = read(R"({"pairs": {}, "mean_p_at_1": null, "mean_mrr": null, "languages": ["de"]})");
    QVERIFY(empty && empty->pairs.isEmpty() && std::isnan(empty->meanPrecisionAt1));
    // Damaged results are refused, saying what is wrong.
    QString problem;
    QVERIFY(!read(R"({"pairs": {"de": {"p_at_1": 0.8, "mrr": 0.9, "n": 3}}})", &problem));
    QVERIFY2(problem.contains(QStringLiteral("query|candidate")), qPrintable(problem));
    QVERIFY(!read(R"({"pairs": {"de|fr": {"p_at_1": 1.8, "mrr": 0.9, "n": 3}}})", &problem));
    QVERIFY2(problem.contains(QStringLiteral("de|fr")), qPrintable(problem));
    QVERIFY(!read(R"({"pairs": {"de|fr": {"p_at_1": 0.8, "mrr": "x", "n": 3}}})", &problem));
    QVERIFY(!read(R"({"split": "test"})", &problem));
}

void TestRetrievalPanel::serviceMeasuresAndAnswersTheNewestRequest()
{
    QFile::remove(m_log);
    ui::ProjectSession session;
    openProject(session, m_project);
    auto *service = session.retrieval();
    QSignalSpy progress(service, &ui::RetrievalService::progress);
    QSignalSpy measured(service, &ui::RetrievalService::measured);
    QSignalSpy found(service, &ui::RetrievalService::translationsFound);
    QSignalSpy refused(service, &ui::RetrievalService::translationFailed);

    ui::RetrievalChoice choice;
    choice.dataset = QString::fromLatin1(core::data::demoDatasetName);
    choice.runId = 7;
    choice.split = QStringLiteral("dev");
    service->measure(choice);
    QCOMPARE(service->state(), ui::RetrievalService::State::Measuring);
    // A question asked while measuring waits for the result.
    service->findTranslation(1, QStringLiteral("Where is my parcel?"));
    QVERIFY(measured.wait(wait));
    QCOMPARE(service->state(), ui::RetrievalService::State::Ready);
    QVERIFY(progress.count() >= 3);
    QCOMPARE(progress.constLast().at(0).toLongLong(), progress.constLast().at(1).toLongLong());
    // A run is asked for with its own pooling: no --pooling.
    const QString start = logLines().value(0);
    QVERIFY2(start.contains(QStringLiteral("--run 7")) && start.contains(QStringLiteral("--split dev"))
                 && start.contains(QStringLiteral("--stream")) && !start.contains(QStringLiteral("--pooling")),
             qPrintable(start));
    const auto &result = service->result();
    QCOMPARE(result.split, QStringLiteral("dev"));
    QCOMPARE(result.languages.size(), 9);
    QCOMPARE(result.pairs.size(), 9 * 8);
    QVERIFY(result.meanPrecisionAt1 > 0 && result.meanPrecisionAt1 < 1);
    QTRY_COMPARE_WITH_TIMEOUT(found.count(), 1, wait);
    auto matches = found.constLast().at(1).value<ui::TranslationMatches>();
    QCOMPARE(matches.query, QStringLiteral("Where is my parcel?"));
    QCOMPARE(matches.languages.size(), 9);
    QCOMPARE(matches.languages.at(0).code, result.languages.at(0));
    QCOMPARE(matches.languages.at(0).neighbours.size(), 5);
    QVERIFY(matches.languages.at(0).neighbours.at(0).similarity >= matches.languages.at(0).neighbours.at(4).similarity);

    // Two questions in a row from one asker: only the second is answered; another asker's too.
    found.clear();
    service->findTranslation(1, QStringLiteral("refund"));
    service->findTranslation(2, QStringLiteral("password"));
    service->findTranslation(1, QStringLiteral("refund please"));
    QTRY_COMPARE_WITH_TIMEOUT(found.count(), 2, wait);
    QTest::qWait(200); // nothing more comes
    QCOMPARE(found.count(), 2);
    QCOMPARE(found.at(0).at(0).toULongLong(), 2u);
    QCOMPARE(found.at(1).at(0).toULongLong(), 1u);
    QCOMPARE(found.at(1).at(1).value<ui::TranslationMatches>().query, QStringLiteral("refund please"));
    // A request the engine refuses is said to its asker; the child goes on answering.
    service->findTranslation(3, QStringLiteral("bad"));
    QTRY_COMPARE_WITH_TIMEOUT(refused.count(), 1, wait);
    QCOMPARE(refused.at(0).at(0).toULongLong(), 3u);
    QVERIFY(refused.at(0).at(1).toString().contains(QStringLiteral("normalised")));
    service->findTranslation(3, QStringLiteral("good morning"));
    QTRY_COMPARE_WITH_TIMEOUT(found.count(), 3, wait);
    QCOMPARE(service->state(), ui::RetrievalService::State::Ready);

    // The same choice again keeps the child; another choice replaces it.
    service->measure(choice);
    QCOMPARE(service->state(), ui::RetrievalService::State::Ready);
    choice.runId = 8;
    service->measure(choice);
    QCOMPARE(service->state(), ui::RetrievalService::State::Measuring);
    QVERIFY(measured.wait(wait));
    QTRY_VERIFY_WITH_TIMEOUT(logLines().contains(QStringLiteral("ended")), wait); // the first child went
    QCOMPARE(logLines().filter(QStringLiteral("start")).size(), 2);
}

void TestRetrievalPanel::panelShowsTheMatricesAndTheNeighbours()
{
    QFile::remove(m_log);
    ui::ProjectSession session;
    openProject(session, m_project);
    ui::RetrievalPanel panel(&session);
    panel.resize(1400, 800);
    panel.show();
    QCOMPARE(panel.dataset(), QString::fromLatin1(core::data::demoDatasetName));
    // A finished run of the dataset is offered (the list as the Runs tab reads it).
    ui::RunRow run;
    run.id = 42;
    run.name = QStringLiteral("xlmr-base");
    run.dataset = panel.dataset();
    run.status = core::store::RunStatus::Finished;
    session.runs()->setRows({run});
    auto *measure = panel.findChild<QPushButton *>(QStringLiteral("retrievalMeasure"));
    QVERIFY(measure->isEnabled());
    QCOMPARE(panel.choice().runId, 42);

    // A model folder with its pooling, measured from the button.
    panel.chooseModelFolder(QStringLiteral("/models/few-xlmr"), QStringLiteral("cls"));
    QTRY_VERIFY_WITH_TIMEOUT(!panel.splitTexts().isEmpty(), wait);
    QTest::mouseClick(measure, Qt::LeftButton);
    QVERIFY(!measure->isEnabled());
    auto *service = session.retrieval();
    QTRY_COMPARE_WITH_TIMEOUT(service->state(), ui::RetrievalService::State::Ready, wait);
    QVERIFY(logLines().value(0).contains(QStringLiteral("--model /models/few-xlmr --pooling cls")));

    // The P@1 matrix: the nine languages, each pair's value, the diagonal without one.
    auto *view = panel.matrixView();
    const auto &matrix = view->matrix();
    QCOMPARE(matrix.rows.size(), 9);
    const auto &result = service->result();
    const auto *pair = result.pair(matrix.rows.at(1), matrix.columns.at(2));
    QVERIFY(pair);
    QCOMPARE(view->cellText(1, 2), QString::number(pair->precisionAt1, 'f', 2));
    QCOMPARE(view->cellText(3, 3), QStringLiteral("—"));
    QVERIFY(view->isDiagonal(3, 3));
    QVERIFY(view->cellToolTip(1, 2).contains(QStringLiteral("n = %1").arg(pair->queries)));
    // The pair from four queries is marked as too few.
    const auto *few = result.pair(matrix.rows.at(0), matrix.columns.at(1));
    QCOMPARE(few->queries, 4);
    QVERIFY(view->isUnreliable(0, 1));
    // The means with n.
    const QString summary = panel.findChild<QLabel *>(QStringLiteral("retrievalSummary"))->text();
    QVERIFY2(summary.contains(QString::number(result.meanPrecisionAt1, 'f', 2)), qPrintable(summary));
    QVERIFY2(summary.contains(QString::number(result.meanReciprocalRank, 'f', 2)), qPrintable(summary));
    QVERIFY2(summary.contains(QStringLiteral("72 language pairs")), qPrintable(summary));
    QVERIFY2(summary.contains(QStringLiteral("n = %1").arg(QLocale().toString(result.queries()))), qPrintable(summary));
    // A window rebuilt (a language switch) shows what the session's service already measured.
    {
        ui::RetrievalPanel rebuilt(&session);
        QCOMPARE(rebuilt.matrixView()->matrix().rows, matrix.rows);
        QCOMPARE(rebuilt.matrixView()->cellText(1, 2), view->cellText(1, 2));
    }
    // MRR one click away.
    QTest::mouseClick(panel.findChild<QToolButton *>(QStringLiteral("retrievalShowMrr")), Qt::LeftButton);
    QVERIFY(!panel.showsPrecision());
    QCOMPARE(view->cellText(1, 2), QString::number(pair->meanReciprocalRank, 'f', 2));
    QVERIFY(view->cellToolTip(1, 2).contains(QStringLiteral("MRR")));

    // Typing: the nearest texts in every language, asked once typing pauses.
    auto *query = panel.findChild<QLineEdit *>(QStringLiteral("retrievalQuery"));
    auto *neighbours = panel.findChild<QTreeWidget *>(QStringLiteral("retrievalNeighbours"));
    QVERIFY(query->isEnabled());
    query->setFocus();
    QTest::keyClicks(query, QStringLiteral("my order never arrived"));
    QTRY_COMPARE_WITH_TIMEOUT(neighbours->topLevelItemCount(), 9, wait);
    QCOMPARE(neighbours->topLevelItem(0)->text(0), ui::languageNameWithCode(result.languages.at(0)));
    QCOMPARE(neighbours->topLevelItem(0)->childCount(), 5);
    const QString similarity = neighbours->topLevelItem(0)->child(0)->text(0);
    QVERIFY2(similarity.contains(QLatin1Char('.')), qPrintable(similarity));

    // A picked text of the split: its own translations in the other languages are marked.
    const auto picked = panel.splitTexts().constFirst();
    QVERIFY(!picked.group.isEmpty());
    panel.findTranslation(picked.text); // typed exactly: not known to be that example
    QTRY_VERIFY_WITH_TIMEOUT(
        neighbours->topLevelItemCount() == 9 && neighbours->topLevelItem(0)->child(0)->toolTip(1) != QString(), wait);
    // Pick it as the completer does.
    query->clear();
    auto *completer = query->completer();
    completer->setCompletionPrefix(picked.text);
    QVERIFY(completer->completionCount() >= 1);
    Q_EMIT completer->activated(picked.text);
    int marked = 0;
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            marked = 0;
            for (int i = 0; i < neighbours->topLevelItemCount(); ++i)
                for (int j = 0; j < neighbours->topLevelItem(i)->childCount(); ++j)
                    marked += neighbours->topLevelItem(i)->child(j)->data(1, Qt::UserRole).toBool() ? 1 : 0;
            return marked > 0;
        }(),
        wait);
    int groupSize = 0;
    for (const auto &row : panel.splitTexts())
        groupSize += row.group == picked.group && row.id != picked.id ? 1 : 0;
    QCOMPARE(marked, groupSize);
    for (int i = 0; i < neighbours->topLevelItemCount(); ++i)
        for (int j = 0; j < neighbours->topLevelItem(i)->childCount(); ++j) {
            auto *item = neighbours->topLevelItem(i)->child(j);
            if (item->data(1, Qt::UserRole).toBool()) {
                QVERIFY(item->text(1).startsWith(QStringLiteral("✓ ")));
                QVERIFY(item->font(1).bold());
            }
        }

    // A cell of the matrix asks with a text of its row's language.
    view->table()->setFocus();
    view->table()->setCurrentIndex(view->table()->model()->index(2, 5));
    QTest::keyClick(view->table(), Qt::Key_Enter);
    QTRY_VERIFY_WITH_TIMEOUT(!query->text().isEmpty(), wait);
    const QString rowLanguage = matrix.rows.at(2);
    bool fromRow = false;
    for (const auto &row : panel.splitTexts())
        fromRow = fromRow || (row.text == query->text() && row.lang == rowLanguage);
    QVERIFY(fromRow);
    if (!qEnvironmentVariableIsEmpty("GLOSSA_SCREENSHOT_DIR")) {
        QTRY_VERIFY_WITH_TIMEOUT(neighbours->topLevelItemCount() == 9, wait);
        panel.grab().save(
            QDir(qEnvironmentVariable("GLOSSA_SCREENSHOT_DIR")).filePath(QStringLiteral("retrieval-demo.png")));
    }
}

void TestRetrievalPanel::cancelStopsTheChild()
{
    QFile::remove(m_log);
    ui::ProjectSession session;
    openProject(session, m_project);
    ui::RetrievalPanel panel(&session);
    panel.show();
    panel.chooseModelFolder(QStringLiteral("/models/slow-xlmr"));
    QSignalSpy progress(session.retrieval(), &ui::RetrievalService::progress);
    panel.measure();
    QVERIFY(progress.wait(wait));
    auto *cancel = panel.findChild<QPushButton *>(QStringLiteral("retrievalCancel"));
    auto *measure = panel.findChild<QPushButton *>(QStringLiteral("retrievalMeasure"));
    QVERIFY(cancel->isEnabled());
    QVERIFY(!measure->isEnabled());
    QVERIFY(panel.findChild<QWidget *>(QStringLiteral("retrievalProgress"))->isVisible());
    // A question asked while it embeds waits; cancelling says it will not be answered.
    auto *find = panel.findChild<QLabel *>(QStringLiteral("retrievalFindStatus"));
    panel.findTranslation(QStringLiteral("hello"));
    QVERIFY2(find->text().contains(QStringLiteral("once the texts are embedded")), qPrintable(find->text()));
    QTest::mouseClick(cancel, Qt::LeftButton);
    QCOMPARE(session.retrieval()->state(), ui::RetrievalService::State::Idle);
    QVERIFY2(find->text().contains(QStringLiteral("stopped")), qPrintable(find->text()));
    // The child was told to stop and went.
    QTRY_VERIFY_WITH_TIMEOUT(logLines().contains(QStringLiteral("stopped")), wait);
    QVERIFY(!cancel->isEnabled());
    QVERIFY(measure->isEnabled());
    QVERIFY(!panel.findChild<QWidget *>(QStringLiteral("retrievalProgress"))->isVisible());
    QVERIFY(
        panel.findChild<QLabel *>(QStringLiteral("retrievalStatus"))->text().contains(QStringLiteral("Not measured")));
}

void TestRetrievalPanel::failureIsShown()
{
    ui::ProjectSession session;
    openProject(session, m_project);
    ui::RetrievalPanel panel(&session);
    panel.show();
    panel.chooseModelFolder(QStringLiteral("/models/fail"));
    QSignalSpy failed(session.retrieval(), &ui::RetrievalService::failed);
    panel.measure();
    QVERIFY(failed.wait(wait));
    QCOMPARE(session.retrieval()->state(), ui::RetrievalService::State::Failed);
    auto *status = panel.findChild<QLabel *>(QStringLiteral("retrievalStatus"));
    QVERIFY(status->isVisible());
    QVERIFY2(status->text().contains(QStringLiteral("no config.json")), qPrintable(status->text()));
    QVERIFY(panel.findChild<QPushButton *>(QStringLiteral("retrievalMeasure"))->isEnabled()); // try again
    QVERIFY(panel.matrixView()->matrix().rows.isEmpty());
    // Finding needs a measured model: said, not silently ignored.
    auto *find = panel.findChild<QLabel *>(QStringLiteral("retrievalFindStatus"));
    panel.findTranslation(QStringLiteral("hello"));
    QTRY_VERIFY_WITH_TIMEOUT(find->text().contains(QStringLiteral("Measure")), wait);
}

// Not an assertion of pixels: a PNG to look at (GLOSSA_SCREENSHOT_DIR, else the test's folder),
// with the UDHR's 17 languages in their scripts.
void TestRetrievalPanel::rendersSeventeenLanguages()
{
    const QString udhr = QStringLiteral(GLOSSA_UDHR_FILE);
    if (!QFileInfo::exists(udhr))
        QSKIP("No UDHR test file (scripts/bootstrap.sh writes it)");
    const QString path = m_dir.filePath(QStringLiteral("udhr.glossa"));
    {
        auto project = core::store::Project::create(path.toStdString());
        core::data::importFile(project.db(), "udhr", udhr.toStdString());
    }
    // GLOSSA_SCREENSHOT_LOCALE=zh_CN names the languages as a Chinese UI does.
    const QLocale before;
    if (!qEnvironmentVariableIsEmpty("GLOSSA_SCREENSHOT_LOCALE"))
        QLocale::setDefault(QLocale(qEnvironmentVariable("GLOSSA_SCREENSHOT_LOCALE")));
    const auto restore = qScopeGuard([before] { QLocale::setDefault(before); });
    ui::ProjectSession session;
    openProject(session, path);
    ui::RetrievalPanel panel(&session);
    panel.resize(1600, 900);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    panel.chooseModelFolder(QStringLiteral("/models/xlm-roberta-base"));
    panel.chooseSplit(QStringLiteral("train")); // the UDHR's test split has under 10 groups a pair
    QTRY_VERIFY_WITH_TIMEOUT(!panel.splitTexts().isEmpty(), wait);
    panel.measure();
    QTRY_COMPARE_WITH_TIMEOUT(session.retrieval()->state(), ui::RetrievalService::State::Ready, wait);
    QVERIFY(panel.matrixView()->matrix().rows.size() >= 17);
    panel.matrixView()->setEmphasised({QPoint(2, 0)}, QStringLiteral("Best candidate language."));
    const auto picked = panel.splitTexts().at(panel.splitTexts().size() / 2);
    Q_EMIT panel.findChild<QLineEdit *>(QStringLiteral("retrievalQuery"))->completer()->activated(picked.text);
    auto *neighbours = panel.findChild<QTreeWidget *>(QStringLiteral("retrievalNeighbours"));
    QTRY_VERIFY_WITH_TIMEOUT(neighbours->topLevelItemCount() >= 17, wait);
    const QString folder = qEnvironmentVariableIsEmpty("GLOSSA_SCREENSHOT_DIR")
                               ? m_dir.path()
                               : qEnvironmentVariable("GLOSSA_SCREENSHOT_DIR");
    QDir().mkpath(folder);
    const QString file = QDir(folder).filePath(QStringLiteral("retrieval-panel%1.png")
                                                   .arg(qEnvironmentVariableIsEmpty("GLOSSA_SCREENSHOT_LOCALE")
                                                            ? QString()
                                                            : QLatin1Char('-') + QLocale().name()));
    QVERIFY(panel.grab().save(file));
    qInfo("The panel: %s", qPrintable(file));
}

QTEST_MAIN(TestRetrievalPanel)
#include "tst_retrievalpanel.moc"
