// The Data tab as an analyst uses it: a 100,000-row dataset pages and filters without the UI
// waiting, keys 1-9 label and move on, Ctrl+Z / Ctrl+Shift+Z undo and redo (also after the
// project was closed and opened again), and switching the UI to Chinese changes what it shows.

#include "ui/data/datapage.h"
#include "ui/data/examplepanel.h"
#include "ui/data/exampletablemodel.h"
#include "ui/data/filterbar.h"
#include "ui/data/labelpicker.h"
#include "ui/session/projectsession.h"
#include "ui/shell/mainwindow.h"
#include "ui/shell/shortcutoverlay.h"
#include "ui/shell/workbench.h"

#include "data/importer.h"
#include "store/datasetstore.h"
#include "store/project.h"
#include "store/runstore.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QScrollBar>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

using namespace glossa;

namespace {

constexpr int bigRows = 100000;
const char *const languages[] = {"en", "de", "zh", "ar"};
const char *const labels[] = {"billing", "shipping", "refund"};

// The text of row i: searchable words, one language in four is Chinese, one in four Arabic.
QByteArray rowText(int i)
{
    switch (i % 4) {
    case 2: return "我想申请退款 订单 " + QByteArray::number(i);
    case 3: return "أريد استرداد المبلغ رقم " + QByteArray::number(i);
    default: return (i % 10 == 0 ? "parcel missing, order " : "invoice question, order ") + QByteArray::number(i);
    }
}

int columnOf(const ui::ExampleTableModel *model, ui::BrowseColumn kind)
{
    for (int column = 0; column < model->columnCount(); ++column) {
        if (model->columnKind(column) == kind)
            return column;
    }
    return -1;
}

} // namespace

class TestDataBrowser : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void pagesAndFiltersAHundredThousandRows();
    void keysLabelAndUndoRedo();
    void undoWorksAfterReopening();
    void showsAndFiltersARunsPredictions();
    void showsAndFiltersTheSourceFilesOtherColumns();
    void addsRenamesAndMergesLabels();
    void switchingToChineseChangesVisibleText();

private:
    QString writeProject(const QString &name, int rows);
    void openIn(ui::MainWindow &window, ui::ProjectSession &session, const QString &path);
    static std::optional<std::string> labelOf(const QString &projectPath, const std::string &externalId);

    QTemporaryDir m_dir;
    QString m_bigProject;
};

void TestDataBrowser::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
    m_bigProject = writeProject(QStringLiteral("big"), bigRows);
    QVERIFY(!m_bigProject.isEmpty());
}

QString TestDataBrowser::writeProject(const QString &name, int rows)
{
    const QString csv = m_dir.filePath(name + QStringLiteral(".csv"));
    QFile file(csv);
    if (!file.open(QIODevice::WriteOnly))
        return {};
    file.write("id,text,label,lang\n");
    for (int i = 0; i < rows; ++i) {
        // Every seventh row has no label.
        const QByteArray label = i % 7 == 0 ? QByteArray() : QByteArray(labels[i % 3]);
        file.write("r" + QByteArray::number(i) + ",\"" + rowText(i) + "\"," + label + "," + languages[i % 4] + "\n");
    }
    file.close();
    const QString path = m_dir.filePath(name + QStringLiteral(".glossa"));
    auto project = core::store::Project::create(path.toStdString());
    core::data::importFile(project.db(), "tickets", csv.toStdString());
    return path;
}

void TestDataBrowser::openIn(ui::MainWindow &window, ui::ProjectSession &session, const QString &path)
{
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    QSignalSpy opened(&session, &ui::ProjectSession::projectOpened);
    window.openProjectFile(path);
    QVERIFY(opened.wait(20000));
    QTRY_VERIFY_WITH_TIMEOUT(window.dataPage()->model()->rowCount() > 0, 20000);
}

std::optional<std::string> TestDataBrowser::labelOf(const QString &projectPath, const std::string &externalId)
{
    auto db = core::store::Project::connectTo(projectPath.toStdString());
    core::store::DatasetStore store(db);
    const auto dataset = store.dataset("tickets");
    return store.exampleByExternalId(dataset.id, externalId)->label;
}

void TestDataBrowser::pagesAndFiltersAHundredThousandRows()
{
    ui::ProjectSession session;
    ui::MainWindow window(&session);
    window.show();
    // The texts are indexed for search in the background, a chunk at a time.
    QSignalSpy indexing(&session, &ui::ProjectSession::searchIndexProgress);
    openIn(window, session, m_bigProject);
    auto *page = window.dataPage();
    auto *model = page->model();
    auto *table = page->table();
    QCOMPARE(model->rowCount(), bigRows);
    auto *count = page->findChild<QLabel *>(QStringLiteral("matchCount"));
    QCOMPARE(count->text(), QStringLiteral("100,000 examples"));

    // Jumping to the end loads the last page; the rows are the last ones, in id order.
    table->scrollToBottom();
    const QModelIndex last = model->index(bigRows - 1, 0);
    QTRY_VERIFY(model->data(last, ui::ExampleTableModel::LoadedRole).toBool());
    QCOMPARE(last.data().toString(), QStringLiteral("r99999"));
    QCOMPARE(model->index(bigRows - 1, columnOf(model, ui::BrowseColumn::Text)).data().toString(),
             QString::fromUtf8(rowText(99999)));

    // Scrolling through a hundred places keeps only a bounded number of pages.
    for (int step = 0; step < 100; ++step) {
        const int row = step * (bigRows / 100);
        table->scrollTo(model->index(row, 0));
        QTRY_VERIFY(model->data(model->index(row, 0), ui::ExampleTableModel::LoadedRole).toBool());
    }
    int loadedPages = 0;
    for (int row = 0; row < bigRows; row += ui::ExampleTableModel::pageSize)
        loadedPages += model->loadedRow(row) ? 1 : 0;
    QVERIFY2(loadedPages <= ui::ExampleTableModel::maxCachedPages, qPrintable(QString::number(loadedPages)));

    // Language filter: a quarter of the rows are Chinese.
    auto *language = page->findChild<QComboBox *>(QStringLiteral("languageFilter"));
    QTRY_VERIFY(language->count() == 5); // all + 4 languages
    QSignalSpy finished(model, &ui::ExampleTableModel::queryFinished);
    language->setCurrentIndex(language->findData(QStringLiteral("zh")));
    QVERIFY(finished.wait(20000));
    QCOMPARE(model->rowCount(), bigRows / 4);
    QCOMPARE(count->text(), QStringLiteral("25,000 of 100,000 examples"));
    QTRY_VERIFY(model->data(model->index(0, 1), ui::ExampleTableModel::LoadedRole).toBool());
    QCOMPARE(model->index(0, columnOf(model, ui::BrowseColumn::Lang)).data().toString(), QStringLiteral("zh"));

    // Full-text search, CJK included, on top of the language filter: 退款 is in every Chinese row.
    auto *search = page->findChild<QLineEdit *>(QStringLiteral("searchField"));
    finished.clear();
    search->setText(QStringLiteral("退款")); // an input method's commit, not key presses
    QTest::keyClick(search, Qt::Key_Return);
    QVERIFY(finished.wait(20000));
    QTRY_COMPARE(model->rowCount(), bigRows / 4);
    // A Latin phrase in all languages: "parcel" is in one row in ten of the en/de rows.
    language->setCurrentIndex(0);
    search->clear();
    finished.clear();
    QTest::keyClicks(search, QStringLiteral("parcel"));
    QTest::keyClick(search, Qt::Key_Return);
    QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty() && !model->isQueryRunning(), 20000);
    int expected = 0;
    for (int i = 0; i < bigRows; ++i)
        expected += (i % 4 < 2 && i % 10 == 0) ? 1 : 0;
    QTRY_COMPARE(model->rowCount(), expected);

    // Once the index is complete the same search gives the same rows.
    const auto indexComplete = [&indexing] {
        return !indexing.isEmpty() && indexing.last().at(0).toLongLong() == indexing.last().at(1).toLongLong();
    };
    QTRY_VERIFY_WITH_TIMEOUT(indexComplete(), 120000);
    QCOMPARE(indexing.last().at(1).toLongLong(), qint64(bigRows));
    finished.clear();
    QTest::keyClick(search, Qt::Key_Return);
    QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty() && !model->isQueryRunning(), 20000);
    QCOMPARE(model->rowCount(), expected);

    // Unlabelled only: one row in seven.
    search->clear();
    QTest::keyClick(search, Qt::Key_Return);
    auto *unlabelled = page->findChild<QCheckBox *>(QStringLiteral("unlabelledFilter"));
    unlabelled->setChecked(true);
    QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), (bigRows + 6) / 7, 20000);
}

void TestDataBrowser::keysLabelAndUndoRedo()
{
    const QString path = writeProject(QStringLiteral("keys"), 50);
    ui::ProjectSession session;
    ui::MainWindow window(&session);
    window.show();
    openIn(window, session, path);
    auto *page = window.dataPage();
    auto *table = page->table();
    QTRY_VERIFY(page->model()->data(page->model()->index(0, 0), ui::ExampleTableModel::LoadedRole).toBool());
    // Rows are in id order: r0 (unlabelled), r1 shipping, r2 refund, r3 billing, ...; the label set
    // is in order of first appearance, so keys 1, 2, 3 are shipping, refund, billing.
    QCOMPARE(page->dataset().labelSet.size(), 3);
    QCOMPARE(page->dataset().labelSet[0].name, QStringLiteral("shipping"));
    table->setFocus();
    table->setCurrentIndex(page->model()->index(0, 0));

    // "2" labels r0 refund and moves to r1; j moves on to r2; "3" labels r2 billing.
    QTest::keyClick(table, Qt::Key_2);
    QCOMPARE(table->currentIndex().row(), 1);
    QTest::keyClick(table, Qt::Key_J);
    QCOMPARE(table->currentIndex().row(), 2);
    QTest::keyClick(table, Qt::Key_3);
    QCOMPARE(table->currentIndex().row(), 3);
    QTRY_COMPARE(labelOf(path, "r0"), std::optional<std::string>("refund"));
    QTRY_COMPARE(labelOf(path, "r2"), std::optional<std::string>("billing"));
    // The table shows the new label at once.
    QCOMPARE(page->model()->index(0, columnOf(page->model(), ui::BrowseColumn::Label)).data().toString(),
             QStringLiteral("refund"));

    // Ctrl+Z undoes the last edit (r2), then the one before (r0); Ctrl+Shift+Z redoes r0's.
    auto *undo = window.findChild<QAction *>(QStringLiteral("undoAction"));
    QTRY_VERIFY(undo->isEnabled());
    QTest::keyClick(table, Qt::Key_Z, Qt::ControlModifier);
    QTRY_COMPARE(labelOf(path, "r2"), std::optional<std::string>("refund"));
    QTRY_COMPARE(page->model()->index(2, columnOf(page->model(), ui::BrowseColumn::Label)).data().toString(),
                 QStringLiteral("refund"));
    QTRY_VERIFY(undo->isEnabled());
    QTest::keyClick(table, Qt::Key_Z, Qt::ControlModifier);
    QTRY_COMPARE(labelOf(path, "r0"), std::nullopt);
    // The shortcut acts once the window knows there is something to redo (the journal's state
    // comes back from the project thread).
    auto *redo = window.findChild<QAction *>(QStringLiteral("redoAction"));
    QTRY_VERIFY(redo->isEnabled());
    QTest::keyClick(table, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
    QTRY_COMPARE(labelOf(path, "r0"), std::optional<std::string>("refund"));

    // The side panel's history of r0 reads: the edit, its undo and its redo (r0 was imported
    // without a label, so there is no import line).
    table->setCurrentIndex(page->model()->index(0, 0));
    auto *history = page->panel()->findChild<QTreeWidget *>(QStringLiteral("historyView"));
    QTRY_COMPARE(history->topLevelItemCount(), 3);
    QCOMPARE(history->topLevelItem(0)->text(1), QStringLiteral("(none) → refund"));
    QVERIFY(history->topLevelItem(1)->text(1).contains(QStringLiteral("(undo)")));
    QVERIFY(history->topLevelItem(2)->text(1).contains(QStringLiteral("(redo)")));

    // A selection is relabelled at once and the cursor stays.
    table->setCurrentIndex(page->model()->index(10, 0));
    table->selectionModel()->select(QItemSelection(page->model()->index(10, 0), page->model()->index(14, 0)),
                                    QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    QTest::keyClick(table, Qt::Key_1);
    for (int i = 10; i < 15; ++i)
        QTRY_COMPARE(labelOf(path, "r" + std::to_string(i)), std::optional<std::string>("shipping"));
    // Delete clears the label of the current row.
    table->clearSelection();
    table->setCurrentIndex(page->model()->index(20, 0));
    QTest::keyClick(table, Qt::Key_Delete);
    QTRY_COMPARE(labelOf(path, "r20"), std::nullopt);

    // L opens the picker: typing part of a name and Enter labels the row.
    table->setCurrentIndex(page->model()->index(21, 0));
    QTest::keyClick(table, Qt::Key_L);
    auto *picker = window.findChild<ui::LabelPicker *>();
    QTRY_VERIFY(picker->isVisible());
    QTest::keyClicks(QApplication::focusWidget(), QStringLiteral("fun"));
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Return);
    QTRY_COMPARE(labelOf(path, "r21"), std::optional<std::string>("refund"));

    // F1 shows the shortcuts over the window; Esc hides them again. The picker was a window of
    // its own, and a window shortcut only fires in QApplication's active window: wait until the
    // window is that again. Waiting with qWaitForWindowActive instead lost F1 once under
    // AddressSanitizer's load: that wait checks the window's own state, not the shortcut map's.
    auto *overlay = window.findChild<ui::ShortcutOverlay *>();
    QVERIFY(!overlay->isVisible());
    QTRY_VERIFY(!picker->isVisible());
    window.activateWindow();
    QTRY_VERIFY(QApplication::activeWindow() == &window);
    QTest::keyClick(table, Qt::Key_F1);
    QTRY_VERIFY(overlay->isVisible());
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Escape);
    QTRY_VERIFY(!overlay->isVisible());
}

void TestDataBrowser::undoWorksAfterReopening()
{
    const QString path = writeProject(QStringLiteral("reopen"), 20);
    {
        ui::ProjectSession session;
        ui::MainWindow window(&session);
        window.show();
        openIn(window, session, path);
        auto *table = window.dataPage()->table();
        table->setFocus();
        table->setCurrentIndex(window.dataPage()->model()->index(1, 0));
        QTest::keyClick(table, Qt::Key_2); // r1: shipping -> refund
        QTRY_COMPARE(labelOf(path, "r1"), std::optional<std::string>("refund"));
    }
    ui::ProjectSession session;
    ui::MainWindow window(&session);
    window.show();
    openIn(window, session, path);
    auto *undo = window.findChild<QAction *>(QStringLiteral("undoAction"));
    QTRY_VERIFY(undo->isEnabled());
    QVERIFY2(undo->text().contains(QStringLiteral("Undo")), qPrintable(undo->text()));
    QTest::keyClick(window.dataPage()->table(), Qt::Key_Z, Qt::ControlModifier);
    QTRY_COMPARE(labelOf(path, "r1"), std::optional<std::string>("shipping"));
    QTRY_VERIFY(!undo->isEnabled());
}

// A finished run's predictions: its columns appear when it is chosen, and the disagreement and
// low-confidence filters keep exactly the rows they should.
void TestDataBrowser::showsAndFiltersARunsPredictions()
{
    const QString path = writeProject(QStringLiteral("predictions"), 60);
    int disagreements = 0;
    int lowConfidence = 0;
    {
        auto db = core::store::Project::connectTo(path.toStdString());
        core::store::DatasetStore store(db);
        const auto dataset = store.dataset("tickets");
        core::store::RunStore runs(db, m_dir.filePath(QStringLiteral("predictions.artefacts")).toStdString());
        const auto runId = runs.createRun(dataset.id, "bag-1", "{}", "hash");
        runs.setStatus(runId, core::store::RunStatus::Finished);
        // Every example predicted "billing"; every fifth one with low confidence.
        const auto billing = *store.findLabel(dataset.id, "billing");
        std::vector<core::store::PredictionRow> rows;
        for (int i = 0; i < 60; ++i) {
            const auto example = store.exampleByExternalId(dataset.id, "r" + std::to_string(i));
            const double confidence = i % 5 == 0 ? 0.4 : 0.9;
            rows.push_back({example->id, billing, confidence});
            disagreements += example->labelId && *example->labelId != billing ? 1 : 0;
            lowConfidence += confidence < ui::lowConfidenceThreshold ? 1 : 0;
        }
        runs.replacePredictions(runId, rows);
    }
    ui::ProjectSession session;
    ui::MainWindow window(&session);
    window.show();
    openIn(window, session, path);
    auto *page = window.dataPage();
    auto *model = page->model();
    QCOMPARE(columnOf(model, ui::BrowseColumn::Predicted), -1);
    // Its file had no columns besides Glossa's: no metadata filter, no metadata in the panel.
    QVERIFY(!page->findChild<QComboBox *>(QStringLiteral("metadataColumnFilter"))->isVisible());
    auto *run = page->findChild<QComboBox *>(QStringLiteral("runFilter"));
    QTRY_COMPARE(run->count(), 2);
    QSignalSpy finished(model, &ui::ExampleTableModel::queryFinished);
    run->setCurrentIndex(1);
    QVERIFY(finished.wait(10000));
    const int predicted = columnOf(model, ui::BrowseColumn::Predicted);
    QVERIFY(predicted >= 0);
    QTRY_COMPARE(model->index(1, predicted).data().toString(), QStringLiteral("billing"));
    // r1 is "shipping": wrong, marked so.
    QCOMPARE(model->index(1, columnOf(model, ui::BrowseColumn::Correct)).data(ui::ExampleTableModel::CorrectRole),
             QVariant(false));

    page->findChild<QCheckBox *>(QStringLiteral("disagreementFilter"))->setChecked(true);
    QTRY_COMPARE(model->rowCount(), disagreements);
    page->findChild<QCheckBox *>(QStringLiteral("disagreementFilter"))->setChecked(false);
    page->findChild<QCheckBox *>(QStringLiteral("lowConfidenceFilter"))->setChecked(true);
    QTRY_COMPARE(model->rowCount(), lowConfidence);
}

// A ticket export's other columns: the side panel lists them under their own names, and the
// filter bar narrows the list to a column's value.
void TestDataBrowser::showsAndFiltersTheSourceFilesOtherColumns()
{
    const QString csv = m_dir.filePath(QStringLiteral("tickets-meta.csv"));
    QFile file(csv);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("ticket_id,created,intent,body,customer\n"
               "T-1,2024-01-02,refund,I want my money back,ACME Corp\n"
               "T-2,2024-01-03,shipping,Where is my parcel?,Globex\n"
               "T-3,2024-01-04,refund,Money back please,acme corp\n");
    file.close();
    const QString path = m_dir.filePath(QStringLiteral("tickets-meta.glossa"));
    {
        auto project = core::store::Project::create(path.toStdString());
        core::data::ImportOptions options;
        options.mapping = core::data::ColumnMapping::parse("text=body");
        core::data::importFile(project.db(), "tickets", csv.toStdString(), options);
    }
    ui::ProjectSession session;
    ui::MainWindow window(&session);
    window.show();
    openIn(window, session, path);
    auto *page = window.dataPage();
    auto *model = page->model();
    QTRY_COMPARE(model->rowCount(), 3);

    page->table()->setCurrentIndex(model->index(0, 0));
    auto *metadata = page->findChild<QTreeWidget *>(QStringLiteral("exampleMetadata"));
    QTRY_COMPARE(metadata->topLevelItemCount(), 2);
    QVERIFY(metadata->isVisible());
    QCOMPARE(metadata->topLevelItem(0)->text(0), QStringLiteral("created"));
    QCOMPARE(metadata->topLevelItem(0)->text(1), QStringLiteral("2024-01-02"));
    QCOMPARE(metadata->topLevelItem(1)->text(0), QStringLiteral("customer"));
    QCOMPARE(metadata->topLevelItem(1)->text(1), QStringLiteral("ACME Corp"));

    auto *column = page->findChild<QComboBox *>(QStringLiteral("metadataColumnFilter"));
    auto *value = page->findChild<QLineEdit *>(QStringLiteral("metadataValueFilter"));
    QVERIFY(column->isVisible());
    QCOMPARE(column->count(), 3); // any column, created, customer
    QVERIFY(!value->isEnabled());
    column->setCurrentIndex(column->findData(QStringLiteral("customer")));
    QVERIFY(value->isEnabled());
    QTest::keyClicks(value, QStringLiteral("acme"));
    QTRY_COMPARE(model->rowCount(), 2);
    value->clear();
    QTest::keyClicks(value, QStringLiteral("globex"));
    QTRY_COMPARE(model->rowCount(), 1);
    column->setCurrentIndex(0);
    QTRY_COMPARE(model->rowCount(), 3);
}

// Edit ▸ Labels: a new label gets the next key, a rename shows in the table at once, a merge
// moves the examples and removes the label, and one undo brings both back.
void TestDataBrowser::addsRenamesAndMergesLabels()
{
    const QString path = writeProject(QStringLiteral("labelset"), 30);
    ui::ProjectSession session;
    ui::MainWindow window(&session);
    window.show();
    openIn(window, session, path);
    auto *page = window.dataPage();
    const auto labelNames = [page] {
        QStringList names;
        for (const auto &label : page->dataset().labelSet)
            names.append(label.name);
        return names;
    };
    QCOMPARE(labelNames(),
             (QStringList{QStringLiteral("shipping"), QStringLiteral("refund"), QStringLiteral("billing")}));

    session.addLabel(page->datasetId(), QStringLiteral("complaint"));
    QTRY_COMPARE(labelNames().size(), 4);
    QCOMPARE(labelNames().last(), QStringLiteral("complaint"));

    const qint64 shipping = page->dataset().labelSet[0].id;
    session.renameLabel(page->datasetId(), shipping, QStringLiteral("delivery"));
    QTRY_COMPARE(labelNames().first(), QStringLiteral("delivery"));
    const int labelColumn = columnOf(page->model(), ui::BrowseColumn::Label);
    QTRY_COMPARE(page->model()->index(1, labelColumn).data().toString(), QStringLiteral("delivery"));

    // Merge delivery into billing: r1 (was shipping) becomes billing, and delivery is gone.
    const qint64 billing = page->dataset().labelSet[2].id;
    session.mergeLabels(page->datasetId(), shipping, billing);
    QTRY_COMPARE(labelNames(),
                 (QStringList{QStringLiteral("refund"), QStringLiteral("billing"), QStringLiteral("complaint")}));
    QTRY_COMPARE(labelOf(path, "r1"), std::optional<std::string>("billing"));
    QTRY_COMPARE(page->model()->index(1, labelColumn).data().toString(), QStringLiteral("billing"));

    auto *undo = window.findChild<QAction *>(QStringLiteral("undoAction"));
    QTRY_VERIFY(undo->isEnabled());
    undo->trigger();
    QTRY_COMPARE(labelOf(path, "r1"), std::optional<std::string>("delivery"));
    QTRY_VERIFY(labelNames().contains(QStringLiteral("delivery")));
}

void TestDataBrowser::switchingToChineseChangesVisibleText()
{
    const QString path = writeProject(QStringLiteral("language"), 10);
    ui::ProjectSession session;
    ui::Workbench workbench(&session);
    workbench.window()->show();
    openIn(*workbench.window(), session, path);
    const auto menuTitles = [&workbench] {
        QStringList titles;
        for (auto *action : workbench.window()->menuBar()->actions())
            titles.append(action->text());
        return titles;
    };
    QCOMPARE(menuTitles().first(), QStringLiteral("&File"));
    QCOMPARE(workbench.window()->tabs()->tabText(0), QStringLiteral("Data"));

    workbench.switchLanguage(QStringLiteral("zh_CN"));
    QVERIFY(workbench.window()->isVisible());
    QVERIFY2(menuTitles().first().contains(QStringLiteral("文件")), qPrintable(menuTitles().join(u',')));
    QCOMPARE(workbench.window()->tabs()->tabText(0), QStringLiteral("数据"));
    // The open project carries over: the new window shows its rows.
    QTRY_COMPARE(workbench.window()->dataPage()->model()->rowCount(), 10);
    auto *count = workbench.window()->dataPage()->findChild<QLabel *>(QStringLiteral("matchCount"));
    QTRY_VERIFY2(count->text().contains(QStringLiteral("个样本")) || count->text().contains(QStringLiteral("条")),
                 qPrintable(count->text()));

    workbench.switchLanguage(QStringLiteral("en"));
    QCOMPARE(menuTitles().first(), QStringLiteral("&File"));
}

QTEST_MAIN(TestDataBrowser)
#include "tst_databrowser.moc"
