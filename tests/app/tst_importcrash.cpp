// A killed import (power cut, OOM killer, a user's kill -9) must leave the project as it was
// before the import started: readable, consistent, with no half-imported dataset, and ready
// for the next import.

#include "testsupport.h"

#include "data/importer.h"
#include "store/database.h"
#include "store/datasetstore.h"
#include "store/labeljournal.h"
#include "store/project.h"

#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <filesystem>
#include <string>
#include <sys/types.h>

using namespace glossa::core;
using namespace glossa::test;

namespace {

constexpr int bigRows = 400000;

// Rows with declared languages and splits, so the child spends its time writing to the
// database (what a crash must not corrupt), not guessing languages.
QByteArray bigJsonl()
{
    QByteArray out;
    out.reserve(bigRows * 150);
    for (int i = 0; i < bigRows; ++i) {
        const QByteArray n = QByteArray::number(i);
        out += "{\"id\": \"big-" + n + "\", \"text\": \"customer message number " + n
               + " about an order that has not arrived yet\", \"label\": \"intent" + QByteArray::number(i % 12)
               + "\", \"lang\": \"en\", \"split\": \"train\", \"group\": \"g" + QByteArray::number(i / 9) + "\"}\n";
    }
    return out;
}

QString integrityCheck(store::Database &db)
{
    auto query = db.prepare("PRAGMA integrity_check");
    QStringList problems;
    while (query.step())
        problems << qs(query.textView(0));
    return problems.join(QLatin1Char('\n'));
}

// The row count of the last complete "progress N rows P%" line, or -1 when there is none.
qint64 lastProgressRows(const QByteArray &errorOutput)
{
    const auto lines = errorOutput.split('\n');
    for (auto it = lines.crbegin() + 1; it < lines.crend(); ++it) // the last piece may be a partial line
        if (it->startsWith("progress "))
            return it->split(' ').value(1).toLongLong();
    return -1;
}

} // namespace

class ImportCrashTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void killedImportLeavesProjectIntact();
};

void ImportCrashTest::killedImportLeavesProjectIntact()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString projectPath = dir.filePath(QStringLiteral("crash.glossa"));

    // A dataset the user already has, with a label correction in the journal.
    QStringList before;
    {
        auto project = store::Project::create(projectPath.toStdString());
        writeFile(dir.filePath(QStringLiteral("keep.jsonl")),
                  R"({"id": "k1", "text": "Where is my parcel?", "label": "track_order", "lang": "en"}
{"id": "k2", "text": "Ich möchte mein Geld zurück", "label": "refund", "lang": "de"}
{"id": "k3", "text": "注文をキャンセルしたい", "label": "refund", "lang": "ja"}
)");
        data::importFile(project.db(), "keep", pathIn(dir, QStringLiteral("keep.jsonl")));
        store::DatasetStore store(project.db());
        const auto keep = store.dataset("keep").id;
        const auto cancel = store.ensureLabel(keep, "cancel");
        store::LabelJournal(project.db())
            .setLabel(keep, {store.exampleByExternalId(keep, "k3")->id}, cancel, store::EditSource::User);
        before = projectFingerprint(project.db());
    }

    const QString bigPath = dir.filePath(QStringLiteral("big.jsonl"));
    writeFile(bigPath, bigJsonl());

    QProcess cli;
    cli.setProgram(QStringLiteral(GLOSSA_CLI_PATH));
    cli.setArguments({QStringLiteral("import"), QStringLiteral("--project"), projectPath, QStringLiteral("--dataset"),
                      QStringLiteral("big"), QStringLiteral("--input"), bigPath, QStringLiteral("--progress")});
    QSignalSpy stderrReady(&cli, &QProcess::readyReadStandardError);
    cli.start();
    QVERIFY2(cli.waitForStarted(), qPrintable(cli.errorString()));
    // A failed check below must not leave the child writing into the deleted folder.
    const auto stopChild = qScopeGuard([&cli] {
        if (cli.state() != QProcess::NotRunning) {
            cli.kill();
            cli.waitForFinished();
        }
    });

    // Wait until the import is well under way: SQLite has spilled uncommitted pages into the
    // WAL file (what recovery must throw away), and many rows are still to come.
    const QString walPath = projectPath + QStringLiteral("-wal");
    QByteArray errorOutput;
    for (;;) {
        errorOutput += cli.readAllStandardError();
        if (lastProgressRows(errorOutput) > 0 && QFileInfo(walPath).size() > 0)
            break;
        QVERIFY2(cli.state() == QProcess::Running,
                 qPrintable(QStringLiteral("glossa-cli ended before uncommitted rows reached the WAL file (a larger "
                                           "input or a smaller SQLite cache would fix the test): ")
                            + QString::fromUtf8(errorOutput)));
        QVERIFY2(stderrReady.wait(60000), "glossa-cli printed no progress for a minute");
    }
    QVERIFY2(lastProgressRows(errorOutput) < bigRows, "the import had already finished");
    qInfo("killing glossa-cli after %lld of %d rows, with %lld bytes in the WAL file", lastProgressRows(errorOutput),
          bigRows, QFileInfo(walPath).size());

    QCOMPARE(::kill(static_cast<pid_t>(cli.processId()), SIGKILL), 0);
    QVERIFY(cli.waitForFinished(30000));
    QCOMPARE(cli.exitStatus(), QProcess::CrashExit);

    {
        auto project = store::Project::open(projectPath.toStdString());
        QCOMPARE(integrityCheck(project.db()), QStringLiteral("ok"));
        QCOMPARE(project.db().queryInt("SELECT count(*) FROM pragma_foreign_key_check"), std::int64_t(0));
        QVERIFY(!store::DatasetStore(project.db()).findDataset("big"));
        // No rows of the killed import anywhere, and the existing dataset exactly as it was.
        QCOMPARE(projectFingerprint(project.db()), before);
    }

    // The project takes the next import as usual, even under the name the killed one used.
    QProcess retry;
    const QString smallPath = dir.filePath(QStringLiteral("small.csv"));
    writeFile(smallPath, "id,text,label,lang\ns1,Where is my order?,track_order,en\ns2,Refund please,refund,en\n");
    retry.start(QStringLiteral(GLOSSA_CLI_PATH),
                {QStringLiteral("import"), QStringLiteral("--project"), projectPath, QStringLiteral("--dataset"),
                 QStringLiteral("big"), QStringLiteral("--input"), smallPath});
    QVERIFY(retry.waitForFinished(60000));
    QVERIFY2(retry.exitStatus() == QProcess::NormalExit && retry.exitCode() == 0,
             retry.readAllStandardError().constData());

    auto project = store::Project::open(projectPath.toStdString());
    store::DatasetStore store(project.db());
    const auto big = store.dataset("big");
    QCOMPARE(big.exampleCount, std::int64_t(2));
    QCOMPARE(store.dataset("keep").exampleCount, std::int64_t(3));
    QCOMPARE(project.db().queryInt("SELECT count(*) FROM imports"), std::int64_t(2));
    QCOMPARE(integrityCheck(project.db()), QStringLiteral("ok"));
}

QTEST_GUILESS_MAIN(ImportCrashTest)
#include "tst_importcrash.moc"
