// The driver of the engine's child processes, against the real glossa-cli: the label-error
// search reports its folds as they start, finishes, and stops when cancelled; a child that
// cannot start or fails says why.

#include "ui/session/cliprocess.h"
#include "ui/session/labelerrorsearch.h"

#include "data/demoproject.h"
#include "store/project.h"

#include <QFileInfo>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace glossa;

namespace {

QString cliPath()
{
    return qEnvironmentVariableIsEmpty("GLOSSA_CLI") ? QStringLiteral(GLOSSA_CLI_PATH)
                                                     : qEnvironmentVariable("GLOSSA_CLI");
}

} // namespace

class TestCliProcess : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void searchReportsEachFoldAndFinishes();
    void cancelStopsTheSearch();
    void aFailedSearchSaysWhy();
    void aMissingExecutableIsAFailure();

private:
    QTemporaryDir m_dir;
    QString m_project;
};

void TestCliProcess::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
    if (qEnvironmentVariableIsEmpty("GLOSSA_DATA_DIR"))
        qputenv("GLOSSA_DATA_DIR", QFileInfo(QStringLiteral(GLOSSA_DEMO_DIR)).path().toUtf8());
    qputenv("GLOSSA_CLI", cliPath().toUtf8());
    m_project = m_dir.filePath(QStringLiteral("search.glossa"));
    {
        auto project = core::store::Project::create(m_project.toStdString());
        core::data::importDemoData(project.db(), GLOSSA_DEMO_DIR);
    }
    // Each fold of a search trains as long as its run did: run 1 (one epoch) is searched to
    // the end, run 2 (many) is cancelled in its first fold.
    for (const char *epochs : {"optimizer.epochs=1", "optimizer.epochs=40"}) {
        QProcess train;
        train.start(cliPath(), {QStringLiteral("train"), QStringLiteral("--project"), m_project,
                                QStringLiteral("--dataset"), QString::fromLatin1(core::data::demoDatasetName),
                                QStringLiteral("--set"), QString::fromLatin1(epochs), QStringLiteral("--json")});
        QVERIFY(train.waitForFinished(300000));
        QVERIFY2(train.exitCode() == 0, train.readAllStandardError().constData());
    }
}

void TestCliProcess::searchReportsEachFoldAndFinishes()
{
    ui::LabelErrorSearch search;
    QSignalSpy progress(&search, &ui::LabelErrorSearch::progress);
    QSignalSpy finished(&search, &ui::LabelErrorSearch::searchFinished);
    QSignalSpy failed(&search, &ui::LabelErrorSearch::searchFailed);
    search.start(m_project, 1, 3);
    QVERIFY(search.isRunning());
    QVERIFY2(finished.wait(300000), failed.isEmpty() ? "" : qPrintable(failed.first().at(1).toString()));
    QCOMPARE(finished.first().at(0).toLongLong(), 1);
    QVERIFY(!search.isRunning());
    // 0 of 3 done as it starts, then again as fold 1 starts, then 1 and 2 as folds 2 and 3 do.
    QList<int> done;
    for (const auto &arguments : progress) {
        QCOMPARE(arguments.at(0).toLongLong(), 1);
        QCOMPARE(arguments.at(2).toInt(), 3);
        done.append(arguments.at(1).toInt());
    }
    QCOMPARE(done, (QList<int>{0, 0, 1, 2}));
}

void TestCliProcess::cancelStopsTheSearch()
{
    ui::LabelErrorSearch search;
    QSignalSpy progress(&search, &ui::LabelErrorSearch::progress);
    QSignalSpy cancelled(&search, &ui::LabelErrorSearch::searchCancelled);
    QSignalSpy finished(&search, &ui::LabelErrorSearch::searchFinished);
    search.start(m_project, 2, 3);
    // The first fold under way: the engine has loaded and is training.
    QTRY_VERIFY_WITH_TIMEOUT(progress.count() >= 2, 120000);
    search.cancel();
    QVERIFY(cancelled.wait(60000));
    QVERIFY(!search.isRunning());
    QVERIFY(finished.isEmpty());
    QVERIFY(progress.count() < 4); // it stopped in a fold, before the last
}

void TestCliProcess::aFailedSearchSaysWhy()
{
    ui::LabelErrorSearch search;
    QSignalSpy failed(&search, &ui::LabelErrorSearch::searchFailed);
    search.start(m_project, 99, 3);
    QVERIFY(failed.wait(60000));
    QCOMPARE(failed.first().at(0).toLongLong(), 99);
    const auto message = failed.first().at(1).toString();
    QVERIFY2(message.contains(QStringLiteral("99")), qPrintable(message)); // "no run named or numbered 99"
}

void TestCliProcess::aMissingExecutableIsAFailure()
{
    const auto cli = qgetenv("GLOSSA_CLI");
    qputenv("GLOSSA_CLI", m_dir.filePath(QStringLiteral("no-such-glossa-cli")).toUtf8());
    ui::CliProcess process(ui::CliProcess::Output::Lines);
    QSignalSpy ended(&process, &ui::CliProcess::ended);
    process.start({QStringLiteral("--version")});
    QVERIFY(ended.wait(10000));
    QCOMPARE(ended.first().at(0).toInt(), -1);
    QVERIFY(!ended.first().at(1).toString().isEmpty());
    QVERIFY(!process.isRunning());
    qputenv("GLOSSA_CLI", cli);

    // A child that runs and fails: the exit code and the engine's last word.
    ui::CliProcess failing(ui::CliProcess::Output::Lines);
    QSignalSpy failingEnded(&failing, &ui::CliProcess::ended);
    failing.start({QStringLiteral("runs"), QStringLiteral("--project"), m_dir.filePath(QStringLiteral("none.glossa"))});
    QVERIFY(failingEnded.wait(30000));
    QVERIFY(failingEnded.first().at(0).toInt() != 0);
    QVERIFY2(failingEnded.first().at(1).toString().contains(QStringLiteral("glossa-cli: error")),
             qPrintable(failingEnded.first().at(1).toString()));
}

QTEST_GUILESS_MAIN(TestCliProcess)
#include "tst_cliprocess.moc"
