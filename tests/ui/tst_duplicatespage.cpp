// The Duplicates tab as an analyst meets it: a ticket export where one message was labelled two
// ways and one test message repeats a training one. The Train tab warns before a run, its link
// opens the queue, the conflict comes first with its texts side by side, A gives the cluster
// one label (journalled: Edit ▸ Undo brings the conflict back) and the number keys relabel.

#include "ui/review/duplicatespage.h"
#include "ui/session/projectsession.h"
#include "ui/shell/mainwindow.h"
#include "ui/train/trainpage.h"

#include "data/importer.h"
#include "store/datasetstore.h"
#include "store/project.h"

#include <QFile>
#include <QLabel>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace glossa;

namespace {

std::optional<std::string> labelOf(const QString &project, const char *externalId)
{
    auto db = core::store::Project::connectTo(project.toStdString());
    core::store::DatasetStore store(db);
    return store.exampleByExternalId(store.dataset("tickets").id, externalId)->label;
}

} // namespace

class TestDuplicatesPage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void reviewAndResolveAConflict();

private:
    QTemporaryDir m_dir;
    QString m_project;
};

void TestDuplicatesPage::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
    m_project = m_dir.filePath(QStringLiteral("tickets.glossa"));
    const QString file = m_dir.filePath(QStringLiteral("tickets.csv"));
    QFile csv(file);
    QVERIFY(csv.open(QIODevice::WriteOnly));
    csv.write("id,text,label,lang,split\n"
              "A-1,Where is my parcel? It has been a week since I ordered,track_order,en,train\n"
              "A-2,The charge appears twice on my credit card statement,payment,en,train\n"
              "A-3,WHERE IS MY PARCEL?  It has been a week since I ordered,refund,en,train\n"
              "A-4,Please cancel the order I placed this morning,cancel,en,train\n"
              "A-5,please cancel the order I placed this morning!,cancel,en,test\n"
              "A-6,Do you deliver to the Faroe Islands?,question,en,train\n"
              "A-7,I never received the refund for my returned boots,refund,en,test\n"
              "A-8,Can I change the delivery address after ordering,question,en,dev\n");
    csv.close();
    auto project = core::store::Project::create(m_project.toStdString());
    core::data::importFile(project.db(), "tickets", file.toStdString());
}

void TestDuplicatesPage::reviewAndResolveAConflict()
{
    ui::ProjectSession session;
    ui::MainWindow window(&session);
    window.resize(1400, 900);
    window.show();
    QSignalSpy opened(&session, &ui::ProjectSession::projectOpened);
    window.openProjectFile(m_project);
    QVERIFY(opened.wait(20000));

    // Before any run: a warning line above the settings, not a dialog.
    auto *train = window.trainPage();
    window.tabs()->setCurrentWidget(train);
    QTRY_VERIFY_WITH_TIMEOUT(train->duplicateWarning()->isVisible(), 10000);
    const QString warning = train->duplicateWarning()->text();
    QVERIFY2(warning.contains(QStringLiteral("1 of 2 test rows repeat training rows (exact 0, near 1)")),
             qPrintable(warning));
    QVERIFY2(warning.contains(QStringLiteral("Texts repeated with different labels: 1.")), qPrintable(warning));

    // Its link opens the queue on this dataset.
    auto *page = window.duplicatesPage();
    QSignalSpy searched(page, &ui::DuplicatesPage::searchFinished);
    Q_EMIT train->duplicateWarning()->linkActivated(QStringLiteral("duplicates"));
    QCOMPARE(window.tabs()->currentWidget(), page);
    QCOMPARE(page->dataset(), QStringLiteral("tickets"));
    // The search runs on the session's duplicates thread: the answer comes later, from the
    // event loop, never while the page waits.
    QVERIFY(page->isSearching());
    QCOMPARE(page->review().datasetId, qint64(-1));
    QVERIFY(searched.wait(10000));
    const auto &review = page->review();
    QCOMPARE(review.examples, qint64(8));
    QCOMPARE(review.clusters.size(), 2);
    QCOMPARE(review.test.near, qint64(1));

    // The conflict first, its two texts side by side with split and label.
    auto *clusters = page->clusterTable();
    auto *members = page->memberTable();
    QCOMPARE(clusters->rowCount(), 2);
    QCOMPARE(clusters->item(0, 0)->text(), QStringLiteral("Conflicting labels"));
    QCOMPARE(clusters->item(1, 0)->text(), QStringLiteral("Across splits (near)"));
    QCOMPARE(clusters->currentRow(), 0);
    QCOMPARE(members->rowCount(), 2);
    QCOMPARE(members->item(0, 1)->text(), QStringLiteral("train"));
    QCOMPARE(members->item(0, 2)->text(), QStringLiteral("track_order"));
    QCOMPARE(members->item(1, 2)->text(), QStringLiteral("refund"));
    QVERIFY(members->item(1, 5)->text().startsWith(QStringLiteral("WHERE IS MY PARCEL?")));
    auto *summary = page->findChild<QLabel *>(QStringLiteral("duplicatesSummary"));
    QVERIFY2(summary->text().contains(QStringLiteral("Conflicting labels: 1")), qPrintable(summary->text()));

    // A on the first text: the cluster takes its label, in one journalled edit.
    QSignalSpy edited(&session, &ui::ProjectSession::labelsEdited);
    members->setFocus();
    members->setCurrentCell(0, 5);
    QTest::keyClick(members, Qt::Key_A);
    QVERIFY(edited.wait(10000));
    QCOMPARE(labelOf(m_project, "A-3"), std::optional<std::string>("track_order"));
    QTRY_COMPARE(clusters->item(0, 0)->text(), QStringLiteral("Conflict resolved"));
    QCOMPARE(clusters->currentRow(), 1); // on to the next cluster

    // Edit ▸ Undo takes it back, and the conflict shows again.
    window.undo();
    QVERIFY(edited.wait(10000));
    QCOMPARE(labelOf(m_project, "A-3"), std::optional<std::string>("refund"));
    QTRY_COMPARE(clusters->item(0, 0)->text(), QStringLiteral("Conflicting labels"));

    // A number key labels the selected text with the label it stands for.
    clusters->setCurrentCell(0, 4);
    members->setFocus();
    members->setCurrentCell(1, 5);
    QTest::keyClick(members, Qt::Key_1); // the dataset's first label: track_order
    QVERIFY(edited.wait(10000));
    QCOMPARE(labelOf(m_project, "A-3"), std::optional<std::string>("track_order"));
    QTRY_COMPARE(members->item(1, 2)->text(), QStringLiteral("track_order"));
    QCOMPARE(page->review().clusters.front().members.at(1).label, QStringLiteral("track_order"));
}

QTEST_MAIN(TestDuplicatesPage)
#include "tst_duplicatespage.moc"
