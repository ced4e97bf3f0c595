// The import dialog and its runner: a bad file shows its line and cannot be imported, a good
// one shows its rows as the importer reads them, the mapping changes what is read, an import
// lands in the project off the UI thread, and a cancelled one leaves nothing behind.

#include "ui/data/importdialog.h"
#include "ui/session/importrunner.h"

#include "testsupport.h"

#include "store/datasetstore.h"
#include "store/project.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFileInfo>
#include <QDir>
#include <QHeaderView>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSemaphore>
#include <QSignalSpy>
#include <QStandardItemModel>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <optional>

using namespace glossa;
using namespace glossa::test;

namespace {

const QString sampleFile = QStringLiteral(GLOSSA_TEST_DATA_DIR "/import_cjk_rtl.csv");
constexpr int sampleRows = 11;
constexpr int timeoutMs = 30000;

QString headerText(const QTableView *table, int column)
{
    return table->model()->headerData(column, Qt::Horizontal, Qt::DisplayRole).toString();
}

// Picks an entry the way a user does: the combo changes and says it was activated.
void choose(QComboBox *combo, const QString &text)
{
    const int index = combo->findText(text);
    QVERIFY2(index >= 0, qPrintable(text));
    combo->setCurrentIndex(index);
    Q_EMIT combo->activated(index);
}

} // namespace

class ImportDialogTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void malformedFileShowsItsLineAndCannotBeImported();
    void goodFileShowsRowsAndFormat();
    void changingTheLabelColumnUpdatesThePreview();
    void problemFarDownIsFoundBeforeImport();
    void runnerImportsIntoTheProject();
    void dialogImportsAndSaysSo();
    void skippingRowsImportsTheRestAndListsThem();
    void cancelledRunnerImportLeavesNothing();
    void cancelInTheDialogLeavesNothing();

private:
    QString write(const QString &name, const QByteArray &content);
    QString largeFile();
    std::unique_ptr<ui::ImportDialog> openDialog(const QString &file);

    QTemporaryDir m_dir;
    std::optional<core::store::Project> m_project;
    QString m_projectFile;
    int m_projects = 0;
};

void ImportDialogTest::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
    QVERIFY(QFile::exists(sampleFile));
}

void ImportDialogTest::init()
{
    m_project.reset();
    m_projectFile = m_dir.filePath(QStringLiteral("p%1.glossa").arg(++m_projects));
    m_project.emplace(core::store::Project::create(m_projectFile.toStdString()));
}

QString ImportDialogTest::write(const QString &name, const QByteArray &content)
{
    const QString path = m_dir.filePath(name);
    writeFile(path, content);
    return path;
}

// 300,000 rows, about 12 MB: long enough to cancel while it imports.
QString ImportDialogTest::largeFile()
{
    const QString path = m_dir.filePath(QStringLiteral("large.csv"));
    if (QFile::exists(path))
        return path;
    QByteArray content = "id,text,label,lang\n";
    content.reserve(14 << 20);
    for (int i = 0; i < 300000; ++i)
        content += "r" + QByteArray::number(i) + ",message number " + QByteArray::number(i) + " about an order,"
                   + (i % 3 == 0 ? "refund" : "track") + ",en\n";
    writeFile(path, content);
    return path;
}

std::unique_ptr<ui::ImportDialog> ImportDialogTest::openDialog(const QString &file)
{
    auto dialog = std::make_unique<ui::ImportDialog>(QStringList{QStringLiteral("existing")});
    dialog->setImportRunner(new ui::ImportRunner(m_projectFile, [project = &*m_project] { return project->connect(); }));
    dialog->show();
    dialog->setFile(file);
    return dialog;
}

void ImportDialogTest::malformedFileShowsItsLineAndCannotBeImported()
{
    const QString file = write(QStringLiteral("broken.csv"), "text,label\n"
                                                             "\"first\nspans two lines\",a\n"
                                                             "fine,b\n"
                                                             "one,field,too many\n"
                                                             "after,c\n");
    auto dialog = openDialog(file);
    auto *error = dialog->findChild<QLabel *>(QStringLiteral("errorLabel"));
    auto *importButton = dialog->findChild<QPushButton *>(QStringLiteral("importButton"));
    auto *table = dialog->findChild<QTableView *>(QStringLiteral("previewTable"));
    QVERIFY(error && importButton && table);

    QTRY_VERIFY_WITH_TIMEOUT(error->isVisible(), timeoutMs);
    QVERIFY2(error->text().startsWith(QStringLiteral("Line 5:")), qPrintable(error->text()));
    QVERIFY(error->text().contains(QStringLiteral("3 fields, but the header has 2")));
    QVERIFY(!importButton->isEnabled());
    // The rows before it are shown, with their lines.
    QVERIFY(table->model()->rowCount() >= 2);
    QCOMPARE(table->model()->headerData(1, Qt::Vertical).toLongLong(), 4);

    // Clicking does nothing while the problem is there.
    QTest::mouseClick(importButton, Qt::LeftButton);
    QVERIFY(core::store::DatasetStore(m_project->db()).datasets().empty());
}

void ImportDialogTest::goodFileShowsRowsAndFormat()
{
    auto dialog = openDialog(sampleFile);
    auto *table = dialog->findChild<QTableView *>(QStringLiteral("previewTable"));
    auto *format = dialog->findChild<QComboBox *>(QStringLiteral("formatCombo"));
    auto *encoding = dialog->findChild<QLabel *>(QStringLiteral("encodingLabel"));
    auto *error = dialog->findChild<QLabel *>(QStringLiteral("errorLabel"));
    auto *importButton = dialog->findChild<QPushButton *>(QStringLiteral("importButton"));
    auto *dataset = dialog->findChild<QComboBox *>(QStringLiteral("datasetCombo"));

    QTRY_COMPARE_WITH_TIMEOUT(table->model()->rowCount(), sampleRows, timeoutMs);
    QTRY_VERIFY(importButton->isEnabled());
    QVERIFY(error->isHidden());
    QCOMPARE(format->itemText(0), QStringLiteral("Detected: CSV"));
    QCOMPARE(encoding->text(), QStringLiteral("UTF-8"));
    QCOMPARE(dataset->currentText(), QStringLiteral("import_cjk_rtl"));
    QCOMPARE(table->model()->columnCount(), 5);
    QCOMPARE(headerText(table, 1), QStringLiteral("text → Text"));
    QCOMPARE(headerText(table, 4), QStringLiteral("备注（客服人员填写的补充说明，通常很长）"));
    // The quoted line break is one record: the next row starts two lines further.
    QCOMPARE(table->model()->headerData(2, Qt::Vertical).toLongLong(), 4);
    QCOMPARE(table->model()->headerData(3, Qt::Vertical).toLongLong(), 6);
    QCOMPARE(table->model()->index(3, 1).data().toString(), QStringLiteral("أين طلبي؟ لقد انتظرت أسبوعين كاملين"));
    QVERIFY(table->model()->index(2, 1).data().toString().contains(QStringLiteral(" ↵ ")));

    const QString shot = qEnvironmentVariable("GLOSSA_IMPORT_SCREENSHOT");
    if (!shot.isEmpty()) {
        dialog->resize(900, 640);
        QVERIFY(dialog->grab().save(shot));
    }
    // Everything fits the dialog's default size, long Chinese column names and all.
    const QSize minimum = dialog->minimumSizeHint();
    QVERIFY2(minimum.width() <= 900 && minimum.height() <= 640,
             qPrintable(QStringLiteral("%1 x %2").arg(minimum.width()).arg(minimum.height())));
}

void ImportDialogTest::changingTheLabelColumnUpdatesThePreview()
{
    const QString file = write(QStringLiteral("intents.tsv"), "sentence\tintent\tcategory\n"
                                                              "Where is my parcel?\ttrack_order\tshipping\n"
                                                              "Cancel it please\tcancel_order\torders\n");
    auto dialog = openDialog(file);
    auto *table = dialog->findChild<QTableView *>(QStringLiteral("previewTable"));
    auto *label = dialog->findChild<QComboBox *>(QStringLiteral("labelColumn"));
    auto *text = dialog->findChild<QComboBox *>(QStringLiteral("textColumn"));
    auto *format = dialog->findChild<QComboBox *>(QStringLiteral("formatCombo"));
    QVERIFY(label && text);

    // Aliases as the importer resolves them: sentence is the text, intent the label.
    QTRY_COMPARE_WITH_TIMEOUT(label->currentText(), QStringLiteral("intent"), timeoutMs);
    QCOMPARE(format->itemText(0), QStringLiteral("Detected: TSV"));
    QCOMPARE(text->currentText(), QStringLiteral("sentence"));
    QCOMPARE(headerText(table, 1), QStringLiteral("intent → Label"));
    QCOMPARE(headerText(table, 2), QStringLiteral("category"));
    // "intent" is read as the label unless the label is mapped elsewhere.
    auto *items = qobject_cast<QStandardItemModel *>(label->model());
    QVERIFY(items && !items->item(0)->isEnabled());

    choose(label, QStringLiteral("category"));
    QTRY_COMPARE(headerText(table, 2), QStringLiteral("category → Label"));
    QCOMPARE(headerText(table, 1), QStringLiteral("intent"));
    QCOMPARE(label->currentText(), QStringLiteral("category"));

    // One column may feed two fields; the header says so.
    choose(label, QStringLiteral("sentence"));
    auto *error = dialog->findChild<QLabel *>(QStringLiteral("errorLabel"));
    QTRY_COMPARE(headerText(table, 0), QStringLiteral("sentence → Text, Label"));
    auto *importButton = dialog->findChild<QPushButton *>(QStringLiteral("importButton"));
    QVERIFY(importButton->isEnabled());
    QVERIFY(error->isHidden());
}

void ImportDialogTest::problemFarDownIsFoundBeforeImport()
{
    QByteArray content = "text,label,split\n";
    for (int line = 2; line <= 40000; ++line)
        content += line == 35000 ? QByteArray("bad row,x,train,extra\n") : QByteArray("some text,x,train\n");
    const QString file = write(QStringLiteral("far.csv"), content);
    auto dialog = openDialog(file);
    auto *error = dialog->findChild<QLabel *>(QStringLiteral("errorLabel"));
    auto *importButton = dialog->findChild<QPushButton *>(QStringLiteral("importButton"));
    QTRY_VERIFY_WITH_TIMEOUT(error->isVisible(), timeoutMs);
    QVERIFY2(error->text().startsWith(QStringLiteral("Line 35000:")), qPrintable(error->text()));
    QVERIFY(!importButton->isEnabled());
}

void ImportDialogTest::runnerImportsIntoTheProject()
{
    ui::ImportRunner runner(m_projectFile, [project = &*m_project] { return project->connect(); });
    QSignalSpy finished(&runner, &ui::ImportRunner::finished);
    QSignalSpy failed(&runner, &ui::ImportRunner::failed);
    ui::ImportRequest request;
    request.filePath = sampleFile;
    request.dataset = QStringLiteral("客服");
    QVERIFY(runner.start(request));
    QVERIFY(runner.isRunning());
    QVERIFY(!runner.start(request)); // one at a time
    QVERIFY2(finished.wait(timeoutMs), failed.isEmpty() ? "" : qPrintable(failed.first().first().toString()));
    QVERIFY(!runner.isRunning());

    const auto result = finished.first().first().value<ui::ImportResult>();
    QCOMPARE(result.dataset, QStringLiteral("客服"));
    QVERIFY(result.createdDataset);
    QCOMPARE(result.rows, sampleRows);
    QCOMPARE(result.labelled, sampleRows - 1);
    QCOMPARE(result.newLabels,
             (QStringList{QStringLiteral("查询订单"), QStringLiteral("取消订单"), QStringLiteral("退款")}));
    QVERIFY(result.toString().startsWith(QStringLiteral("Imported 11 rows into “客服”")));

    core::store::DatasetStore store(m_project->db());
    const auto dataset = store.findDataset("客服");
    QVERIFY(dataset);
    QCOMPARE(dataset->exampleCount, sampleRows);
    const auto example = store.exampleByExternalId(dataset->id, "c3");
    QVERIFY(example);
    QVERIFY(qs(example->text).contains(QLatin1Char('\n')));
    QCOMPARE(example->sourceLine, std::optional<std::int64_t>(4));
}

void ImportDialogTest::dialogImportsAndSaysSo()
{
    auto dialog = openDialog(sampleFile);
    auto *importButton = dialog->findChild<QPushButton *>(QStringLiteral("importButton"));
    auto *status = dialog->findChild<QLabel *>(QStringLiteral("statusLabel"));
    auto *progress = dialog->findChild<QProgressBar *>(QStringLiteral("importProgress"));
    auto *dataset = dialog->findChild<QComboBox *>(QStringLiteral("datasetCombo"));
    dataset->setEditText(QStringLiteral("tickets"));
    QSignalSpy imported(dialog.get(), &ui::ImportDialog::imported);
    QTRY_VERIFY_WITH_TIMEOUT(importButton->isEnabled(), timeoutMs);
    QTest::mouseClick(importButton, Qt::LeftButton);
    QVERIFY(imported.wait(timeoutMs));
    QCOMPARE(imported.first().first().toString(), QStringLiteral("tickets"));
    QVERIFY2(status->text().startsWith(QStringLiteral("Imported 11 rows")), qPrintable(status->text()));
    QCOMPARE(progress->value(), progress->maximum());
    // The same rows twice would only fail: Import waits for a change.
    QVERIFY(!importButton->isEnabled());
    QCOMPARE(core::store::DatasetStore(m_project->db()).dataset("tickets").exampleCount, sampleRows);
}

// A ticket export with one empty message: refused as it is, imported without that row once
// "Skip rows with problems" is ticked, and the row is listed beside the project.
void ImportDialogTest::skippingRowsImportsTheRestAndListsThem()
{
    const QString file = write(QStringLiteral("tickets.csv"), "ticket_id,text,intent,customer\n"
                                                              "T-1,Where is my parcel?,track,ACME\n"
                                                              "T-2,,cancel,Globex\n"
                                                              "T-3,Cancel my order,cancel,Initech\n");
    auto dialog = openDialog(file);
    auto *importButton = dialog->findChild<QPushButton *>(QStringLiteral("importButton"));
    auto *skip = dialog->findChild<QCheckBox *>(QStringLiteral("skipInvalidBox"));
    auto *error = dialog->findChild<QLabel *>(QStringLiteral("errorLabel"));
    auto *status = dialog->findChild<QLabel *>(QStringLiteral("statusLabel"));
    QVERIFY(importButton && skip && error && status);
    QTRY_VERIFY_WITH_TIMEOUT(error->isVisible(), timeoutMs);
    QVERIFY2(error->text().startsWith(QStringLiteral("Line 3: text: is empty")), qPrintable(error->text()));
    QVERIFY(!importButton->isEnabled());
    QVERIFY(importButton->toolTip().contains(QStringLiteral("skip rows with problems")));

    skip->setChecked(true);
    QVERIFY(importButton->isEnabled());
    QVERIFY2(error->text().contains(QStringLiteral("will be skipped")), qPrintable(error->text()));
    QSignalSpy imported(dialog.get(), &ui::ImportDialog::imported);
    QTest::mouseClick(importButton, Qt::LeftButton);
    QVERIFY(imported.wait(timeoutMs));
    QVERIFY2(status->text().contains(QStringLiteral("1 row with a problem was skipped; each is listed")), qPrintable(status->text()));
    // The column Glossa has no field for is kept, and the summary says so.
    QVERIFY2(status->text().contains(QStringLiteral("Kept as metadata: customer.")), qPrintable(status->text()));

    core::store::DatasetStore store(m_project->db());
    const auto dataset = store.dataset("tickets");
    QCOMPARE(dataset.exampleCount, std::int64_t(2));
    QVERIFY(store.exampleByExternalId(dataset.id, "T-3")); // the file's own ids
    const QStringList reports = QDir(QFileInfo(m_projectFile).absolutePath())
                                    .entryList({QFileInfo(m_projectFile).completeBaseName() + QStringLiteral(".tickets.skipped-*.csv")});
    QCOMPARE(reports.size(), 1);
    QVERIFY(status->text().contains(reports.first()));
    QFile report(QFileInfo(m_projectFile).absoluteDir().filePath(reports.first()));
    QVERIFY(report.open(QIODevice::ReadOnly));
    QCOMPARE(report.readAll(), QByteArray("line,column,problem\r\n3,text,is empty\r\n"));
    QVERIFY(store.exampleByExternalId(dataset.id, "T-3")->metadata.find("Initech") != std::string::npos);
}

void ImportDialogTest::cancelledRunnerImportLeavesNothing()
{
    const QString file = largeFile();
    ui::ImportRunner runner(m_projectFile, [project = &*m_project] { return project->connect(); });
    QSignalSpy cancelled(&runner, &ui::ImportRunner::cancelled);
    QSignalSpy finished(&runner, &ui::ImportRunner::finished);
    int progressCalls = 0;
    // Direct: on the import thread, so the cancel is in before the importer looks again.
    connect(
        &runner, &ui::ImportRunner::progress, &runner,
        [&](qint64, quint64, quint64) {
            if (++progressCalls == 1)
                runner.cancel();
        },
        Qt::DirectConnection);
    ui::ImportRequest request;
    request.filePath = file;
    request.dataset = QStringLiteral("large");
    QVERIFY(runner.start(request));
    QVERIFY(cancelled.wait(timeoutMs));
    QVERIFY(finished.isEmpty());
    QVERIFY(progressCalls >= 1);
    QVERIFY(core::store::DatasetStore(m_project->db()).datasets().empty());
    QCOMPARE(m_project->db().queryInt("SELECT count(*) FROM examples"), 0);
    QCOMPARE(m_project->db().queryInt("SELECT count(*) FROM imports"), 0);
}

void ImportDialogTest::cancelInTheDialogLeavesNothing()
{
    auto dialog = openDialog(largeFile());
    auto *importButton = dialog->findChild<QPushButton *>(QStringLiteral("importButton"));
    auto *closeButton = dialog->findChild<QPushButton *>(QStringLiteral("closeButton"));
    auto *status = dialog->findChild<QLabel *>(QStringLiteral("statusLabel"));
    auto *runner = dialog->findChild<ui::ImportRunner *>();
    QVERIFY(runner);
    // The import thread waits at its first progress report until the user has pressed Cancel,
    // so the import cannot finish first.
    QSemaphore cancelPressed;
    connect(
        runner, &ui::ImportRunner::progress, runner,
        [&](qint64 rows, quint64, quint64) {
            if (rows <= 8192)
                cancelPressed.acquire();
        },
        Qt::DirectConnection);

    QTRY_VERIFY_WITH_TIMEOUT(importButton->isEnabled(), timeoutMs);
    QTest::mouseClick(importButton, Qt::LeftButton);
    QCOMPARE(closeButton->text(), QStringLiteral("Cancel"));
    QVERIFY(!importButton->isEnabled());
    QTest::mouseClick(closeButton, Qt::LeftButton);
    cancelPressed.release();
    QTRY_VERIFY_WITH_TIMEOUT(status->text().contains(QStringLiteral("cancelled")), timeoutMs);
    QVERIFY(dialog->isVisible()); // Cancel stops the import, not the dialog
    QCOMPARE(closeButton->text(), QStringLiteral("Close"));
    QVERIFY(importButton->isEnabled());
    QVERIFY(core::store::DatasetStore(m_project->db()).datasets().empty());
    QCOMPARE(m_project->db().queryInt("SELECT count(*) FROM examples"), 0);
}

QTEST_MAIN(ImportDialogTest)
#include "tst_importdialog.moc"
