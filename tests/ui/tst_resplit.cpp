// Data ▸ Re-split as an analyst meets it: a dataset whose translations straddle splits says so
// in the Data tab, the notice's link opens the dialog, its preview counts what the re-split then
// writes, and Data ▸ Undo Re-split puts the earlier splits back.

#include "ui/data/datapage.h"
#include "ui/shell/mainwindow.h"
#include "ui/session/projectsession.h"
#include "ui/data/resplitdialog.h"

#include "data/importer.h"
#include "data/resplit.h"
#include "store/datasetstore.h"
#include "store/project.h"

#include <QAction>
#include <QFile>
#include <QLabel>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

#include <map>

using namespace glossa;

namespace {

std::map<std::int64_t, std::string> splits(const QString &project)
{
    auto db = core::store::Project::connectTo(project.toStdString());
    std::map<std::int64_t, std::string> result;
    auto query = db.prepare("SELECT id, split FROM examples");
    while (query.step())
        result[query.int64(0)] = query.text(1);
    return result;
}

std::int64_t groupsAcrossSplits(const QString &project)
{
    auto db = core::store::Project::connectTo(project.toStdString());
    core::store::DatasetStore store(db);
    return store.groupsAcrossSplits(store.dataset("tickets").id);
}

} // namespace

class TestResplit : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void resplitFromTheNoticeAndUndo();

private:
    QTemporaryDir m_dir;
    QString m_project;
};

void TestResplit::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
    m_project = m_dir.filePath(QStringLiteral("leaky.glossa"));
    // A ticket export whose splits were made row by row: translations in different splits.
    const QString file = m_dir.filePath(QStringLiteral("tickets.csv"));
    QFile csv(file);
    QVERIFY(csv.open(QIODevice::WriteOnly));
    csv.write("id,text,label,lang,group,split\n");
    const char *splitNames[] = {"train", "dev", "train", "test", "train", "train"};
    int row = 0;
    for (int item = 0; item < 40; ++item)
        for (const char *lang : {"en", "de", "ja", "ar"}) {
            ++row;
            csv.write(QByteArray::number(row) + ",ticket " + QByteArray::number(row) + ",topic"
                      + QByteArray::number(item % 4) + "," + lang + ",item" + QByteArray::number(item) + ","
                      + splitNames[row % 6] + "\n");
        }
    csv.close();
    auto project = core::store::Project::create(m_project.toStdString());
    core::data::importFile(project.db(), "tickets", file.toStdString());
}

void TestResplit::resplitFromTheNoticeAndUndo()
{
    const auto before = splits(m_project);
    const auto leaked = groupsAcrossSplits(m_project);
    QVERIFY(leaked > 20);

    ui::ProjectSession session;
    ui::MainWindow window(&session);
    window.show();
    QSignalSpy opened(&session, &ui::ProjectSession::projectOpened);
    window.openProjectFile(m_project);
    QVERIFY(opened.wait(20000));
    auto *notice = window.dataPage()->findChild<QLabel *>(QStringLiteral("splitNotice"));
    QTRY_VERIFY_WITH_TIMEOUT(notice->isVisible(), 10000);
    QVERIFY2(notice->text().contains(QString::number(leaked)), qPrintable(notice->text()));

    // The fix is one click away: the notice's link opens the dialog on this dataset.
    Q_EMIT notice->linkActivated(QStringLiteral("resplit"));
    ui::ResplitDialog *dialog = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT((dialog = window.findChild<ui::ResplitDialog *>()) != nullptr, 5000);
    QSignalSpy previewed(dialog, &ui::ResplitDialog::previewShown);
    QVERIFY(previewed.wait(10000));
    const auto preview = dialog->preview();
    QCOMPARE(preview.rows, std::int64_t(160));
    QCOMPARE(preview.before.groupsAcrossSplits, leaked);
    QCOMPARE(preview.after.groupsAcrossSplits, std::int64_t(0));
    QCOMPARE(dialog->languageTable()->rowCount(), 4);
    QCOMPARE(dialog->labelTable()->rowCount(), 4);
    // The table shows what the preview counted: English test rows, for one.
    QCOMPARE(dialog->languageTable()->item(2, 2)->text().toLongLong(), preview.after.perLanguage.at("en")[2]);
    QCOMPARE(splits(m_project), before); // a preview writes nothing

    QSignalSpy done(dialog, &ui::ResplitDialog::resplit);
    dialog->accept();
    QVERIFY(done.wait(10000));
    QCOMPARE(groupsAcrossSplits(m_project), std::int64_t(0));
    {
        auto db = core::store::Project::connectTo(m_project.toStdString());
        core::store::DatasetStore store(db);
        std::array<std::int64_t, 3> total{};
        for (const auto &cell : store.stats(store.dataset("tickets").id))
            total[cell.split == "train" ? 0 : cell.split == "dev" ? 1 : 2] += cell.count;
        QCOMPARE(total, preview.after.total); // what it wrote is what it showed
    }
    QTRY_VERIFY_WITH_TIMEOUT(!notice->isVisible(), 10000);

    auto *undo = window.findChild<QAction *>(QStringLiteral("undoResplitAction"));
    QTRY_VERIFY_WITH_TIMEOUT(undo->isEnabled(), 10000);
    undo->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(splits(m_project), before, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(notice->isVisible(), 10000);
    QTRY_VERIFY_WITH_TIMEOUT(!undo->isEnabled(), 10000);
}

QTEST_MAIN(TestResplit)
#include "tst_resplit.moc"
