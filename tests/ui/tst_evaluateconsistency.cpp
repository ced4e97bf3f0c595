// Consistency across translations on the Evaluate tab: the rate with its n, the per-pair table
// and the inconsistent groups are what `glossa-cli eval --json` says of the same run, and
// activating a group opens the Compare tab with its translations, scored by that run.

#include "ui/compare/comparecolumn.h"
#include "ui/compare/comparepage.h"
#include "ui/evaluate/consistencyview.h"
#include "ui/evaluate/evaluatepage.h"
#include "ui/session/projectsession.h"
#include "ui/shell/mainwindow.h"
#include "ui/widgets/languagename.h"

#include "data/demoproject.h"
#include "store/datasetstore.h"
#include "store/examplegroups.h"
#include "store/project.h"

#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLocale>
#include <QProcess>
#include <QSet>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

#include <algorithm>

using namespace glossa;

namespace {

QString cliPath()
{
    return qEnvironmentVariableIsEmpty("GLOSSA_CLI") ? QStringLiteral(GLOSSA_CLI_PATH)
                                                     : qEnvironmentVariable("GLOSSA_CLI");
}

} // namespace

class TestEvaluateConsistency : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void showsWhatEvalSays();
    void opensAnInconsistentGroupInCompare();

private:
    // The project open in the window, Evaluate showing the run with its consistency read;
    // null when it did not come.
    ui::ConsistencyView *showRun(ui::ProjectSession &session, ui::MainWindow &window);

    QTemporaryDir m_dir;
    QString m_project;
    qint64 m_run = -1;
    QJsonObject m_evalConsistency;
};

void TestEvaluateConsistency::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
    if (qEnvironmentVariableIsEmpty("GLOSSA_DATA_DIR"))
        qputenv("GLOSSA_DATA_DIR", QFileInfo(QStringLiteral(GLOSSA_DEMO_DIR)).path().toUtf8());
    qputenv("GLOSSA_CLI", cliPath().toUtf8()); // the Compare tab classifies through it
    m_project = m_dir.filePath(QStringLiteral("consistency.glossa"));
    {
        auto project = core::store::Project::create(m_project.toStdString());
        core::data::importDemoData(project.db(), GLOSSA_DEMO_DIR);
    }
    // One short run: a model this young labels some translations apart.
    QProcess train;
    train.start(cliPath(), {QStringLiteral("train"), QStringLiteral("--project"), m_project,
                            QStringLiteral("--dataset"), QString::fromLatin1(core::data::demoDatasetName),
                            QStringLiteral("--set"), QStringLiteral("optimizer.epochs=1"), QStringLiteral("--json")});
    QVERIFY(train.waitForFinished(180000));
    QVERIFY2(train.exitCode() == 0, train.readAllStandardError().constData());
    m_run = QJsonDocument::fromJson(train.readAllStandardOutput()).object().value(QLatin1String("run")).toInteger();
    QProcess eval;
    eval.start(cliPath(), {QStringLiteral("eval"), QStringLiteral("--project"), m_project, QStringLiteral("--run"),
                           QString::number(m_run), QStringLiteral("--json")});
    QVERIFY(eval.waitForFinished(180000));
    QVERIFY2(eval.exitCode() == 0, eval.readAllStandardError().constData());
    m_evalConsistency =
        QJsonDocument::fromJson(eval.readAllStandardOutput()).object().value(QLatin1String("consistency")).toObject();
    QVERIFY(m_evalConsistency.value(QLatin1String("groups")).toInteger() > 0);
}

ui::ConsistencyView *TestEvaluateConsistency::showRun(ui::ProjectSession &session, ui::MainWindow &window)
{
    window.resize(1400, 900);
    window.show();
    QSignalSpy opened(&session, &ui::ProjectSession::projectOpened);
    window.openProjectFile(m_project);
    if (!opened.wait(20000))
        return nullptr;
    auto *page = window.evaluatePage();
    window.tabs()->setCurrentWidget(page);
    page->showRun(m_run);
    auto *view = page->consistency();
    return QTest::qWaitFor([&] { return view->consistency().runId == m_run; }, 20000) ? view : nullptr;
}

void TestEvaluateConsistency::showsWhatEvalSays()
{
    ui::ProjectSession session;
    ui::MainWindow window(&session);
    auto *view = showRun(session, window);
    QVERIFY(view);
    const auto &shown = view->consistency();

    // The numbers eval --json prints for the run, from the predictions the run stored.
    QCOMPARE(shown.overall.groups, m_evalConsistency.value(QLatin1String("groups")).toInteger());
    QCOMPARE(shown.overall.consistent, m_evalConsistency.value(QLatin1String("consistent")).toInteger());
    const auto pairs = m_evalConsistency.value(QLatin1String("pairs")).toObject();
    QCOMPARE(shown.pairs.keys(), pairs.keys());
    for (auto pair = shown.pairs.cbegin(); pair != shown.pairs.cend(); ++pair) {
        const auto counts = pairs.value(pair.key()).toObject();
        QCOMPARE(pair->groups, counts.value(QLatin1String("groups")).toInteger());
        QCOMPARE(pair->consistent, counts.value(QLatin1String("consistent")).toInteger());
    }
    QCOMPARE(qint64(shown.inconsistent.size()), shown.overall.groups - shown.overall.consistent);

    // The rate with its n, as the analyst reads it.
    const QString summary = view->summary()->text();
    QVERIFY2(summary.contains(QString::number(shown.overall.rate(), 'f', 3)), qPrintable(summary));
    QVERIFY2(summary.contains(QStringLiteral("n = %1").arg(QLocale().toString(shown.overall.groups))),
             qPrintable(summary));

    // One row per pair, named in words, with its n; worst first, and sortable by any column.
    auto *table = view->pairTable();
    QCOMPARE(table->rowCount(), static_cast<int>(shown.pairs.size()));
    const QString firstKey = table->item(0, 0)->data(Qt::UserRole).toString();
    const auto codes = firstKey.split(QLatin1Char('|'));
    QCOMPARE(table->item(0, 0)->text(),
             QStringLiteral("%1 – %2").arg(ui::languageDisplayName(codes[0]), ui::languageDisplayName(codes[1])));
    QCOMPARE(table->item(0, 1)->text(), QLocale().toString(shown.pairs.value(firstKey).groups));
    for (int row = 1; row < table->rowCount(); ++row)
        QVERIFY(table->item(row - 1, 3)->data(Qt::UserRole).toDouble()
                <= table->item(row, 3)->data(Qt::UserRole).toDouble());
    table->sortByColumn(1, Qt::DescendingOrder);
    for (int row = 1; row < table->rowCount(); ++row)
        QVERIFY(table->item(row - 1, 1)->data(Qt::UserRole).toDouble()
                >= table->item(row, 1)->data(Qt::UserRole).toDouble());

    // Every inconsistent group, with its translations under it.
    auto *groups = view->groupList();
    QCOMPARE(groups->topLevelItemCount(), static_cast<int>(shown.inconsistent.size()));
    QCOMPARE(groups->topLevelItem(0)->text(0), shown.inconsistent.front().groupId);
    QCOMPARE(groups->topLevelItem(0)->childCount(), static_cast<int>(shown.inconsistent.front().members.size()));
}

void TestEvaluateConsistency::opensAnInconsistentGroupInCompare()
{
    ui::ProjectSession session;
    ui::MainWindow window(&session);
    auto *view = showRun(session, window);
    QVERIFY(view);
    QVERIFY2(!view->consistency().inconsistent.isEmpty(), "a one-epoch run labels every translation alike");
    const auto group = view->consistency().inconsistent.front();

    // Enter on a group (as a double-click would) opens Compare on it, the run compared first.
    auto *compare = window.comparePage();
    QSignalSpy filled(compare, &ui::ComparePage::groupFilled);
    auto *list = view->groupList();
    list->setFocus();
    list->setCurrentItem(list->topLevelItem(0));
    QTest::keyClick(list, Qt::Key_Return);
    QTRY_COMPARE_WITH_TIMEOUT(window.tabs()->currentWidget(), static_cast<QWidget *>(compare), 5000);
    QCOMPARE(compare->runsCompared().value(0), m_run);
    QVERIFY(filled.wait(20000));
    QCOMPARE(filled.first().at(0).toString(), group.groupId);
    QCOMPARE(compare->shownGroup(), group.groupId);

    // Its columns hold the group's translations, as many as there are (six at most).
    QSet<QString> texts;
    {
        auto project = core::store::Project::open(m_project.toStdString());
        const auto dataset = core::store::DatasetStore(project.db()).findDataset(core::data::demoDatasetName);
        QVERIFY(dataset);
        for (const auto &member :
             core::store::ExampleGroups(project.db()).members(dataset->id, group.groupId.toStdString()))
            texts.insert(QString::fromStdString(member.text));
    }
    for (const auto &member : group.members)
        QVERIFY2(texts.contains(member.text), qPrintable(member.text));
    QCOMPARE(static_cast<int>(compare->columns().size()),
             std::min(static_cast<int>(texts.size()), int(ui::ComparePage::maxColumns)));
    for (auto *column : compare->columns())
        QVERIFY2(texts.contains(column->text()), qPrintable(column->text()));
    // Each translation of the group there is classified by the run as the Evaluate tab said.
    for (auto *column : compare->columns())
        for (const auto &member : group.members)
            if (member.text == column->text())
                QTRY_COMPARE_WITH_TIMEOUT(column->topLabel(m_run), member.predicted, 30000);
}

QTEST_MAIN(TestEvaluateConsistency)
#include "tst_evaluateconsistency.moc"
