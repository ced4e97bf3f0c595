// glossa-cli duplicates, and the warnings stats and train give, as an analyst and a script see
// them: a ticket export where a message came in twice (once into test), one came back with a
// few more characters, one was labelled two ways, and a full-width copy landed in dev.

#include "app/clirun.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace glossa::test;

namespace {

QJsonObject row(const char *id, const QString &text, const char *label, const char *split)
{
    return {{QStringLiteral("id"), QLatin1String(id)},
            {QStringLiteral("text"), text},
            {QStringLiteral("label"), QLatin1String(label)},
            {QStringLiteral("lang"), QStringLiteral("en")},
            {QStringLiteral("split"), QLatin1String(split)}};
}

} // namespace

class TestCliDuplicates : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void textListsConflictsFirst();
    void jsonHoldsEveryCluster();
    void exactOnlyLeavesNearOnesOut();
    void statsWarns();
    void trainWarnsBeforeItStarts();
    void cleanDatasetSaysSo();
    void badThresholdIsRefused();

private:
    // A subcommand on the test's project; its options follow.
    QStringList command(const char *name) const
    {
        return {QLatin1String(name), QStringLiteral("--project"), m_project};
    }

    QTemporaryDir m_dir;
    QString m_project;
};

void TestCliDuplicates::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_project = m_dir.filePath(QStringLiteral("tickets.glossa"));
    const QList<QJsonObject> rows = {
        row("T-1", QStringLiteral("Where is my parcel? It has been a week."), "track_order", "train"),
        row("T-2", QStringLiteral("where is my parcel?   It has been a week."), "track_order", "test"),
        row("T-3", QStringLiteral("I want my money back for the broken kettle, please refund me today"), "refund",
            "train"),
        row("T-4", QStringLiteral("I want my money back for the broken kettle, please refund me today!!"), "refund",
            "test"),
        row("T-5", QStringLiteral("Cancel my order number 4411 please"), "cancel", "train"),
        row("T-6", QStringLiteral("CANCEL MY ORDER NUMBER 4411 PLEASE"), "refund", "train"),
        row("T-7", QStringLiteral("Ｐｌｅａｓｅ ｃｈａｎｇｅ ｔｈｅ ｄｅｌｉｖｅｒｙ ａｄｄｒｅｓｓ"), "address",
            "dev"),
        row("T-8", QStringLiteral("please change the delivery address"), "address", "train"),
        row("T-9", QStringLiteral("The invoice shows the wrong company name"), "invoice", "train"),
        row("T-10", QStringLiteral("Do you ship to Norway?"), "question", "train"),
        row("T-11", QStringLiteral("My card was charged twice for one order"), "payment", "train"),
        row("T-12", QStringLiteral("I cannot log in since the last update"), "account", "train"),
        row("T-13", QStringLiteral("Can I return shoes I have worn once?"), "refund", "test"),
        row("T-14", QStringLiteral("Is the blender dishwasher safe?"), "question", "dev"),
    };
    QByteArray jsonl;
    for (const auto &object : rows)
        jsonl += QJsonDocument(object).toJson(QJsonDocument::Compact) + '\n';
    const QString input = m_dir.filePath(QStringLiteral("tickets.jsonl"));
    QFile file(input);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(jsonl);
    file.close();
    const auto imported =
        runCli({QStringLiteral("import"), QStringLiteral("--project"), m_project, QStringLiteral("--dataset"),
                QStringLiteral("tickets"), QStringLiteral("--input"), input, QStringLiteral("--json")});
    QVERIFY2(imported.exitCode == 0, imported.describe().constData());
}

void TestCliDuplicates::textListsConflictsFirst()
{
    const auto run = runCli(command("duplicates") << QStringLiteral("--dataset") << QStringLiteral("tickets"));
    QVERIFY2(run.finished && run.exitCode == 0 && run.err.isEmpty(), run.describe().constData());
    const QString out = QString::fromUtf8(run.out);
    QVERIFY2(out.startsWith(QStringLiteral("tickets: 14 examples checked in ")), qPrintable(out));
    QVERIFY2(out.contains(QRegularExpression(QStringLiteral("\\n  conflicting labels +1 cluster, 2 rows\\n"))),
             qPrintable(out));
    QVERIFY2(out.contains(QRegularExpression(QStringLiteral("\\n  across splits +3 clusters, 6 rows\\n"))),
             qPrintable(out));
    QVERIFY2(out.contains(QRegularExpression(QStringLiteral("\\n  within a split +0 clusters, 0 rows\\n"))),
             qPrintable(out));
    QVERIFY2(out.contains(QStringLiteral("warning: 2 of 3 test rows duplicate training rows (exact 1, near 1)")),
             qPrintable(out));
    QVERIFY2(out.contains(QStringLiteral("warning: 1 of 2 dev rows duplicates a training row (exact 1, near 0)")),
             qPrintable(out));
    // The conflict comes first, then train/test, then train/dev; members by split, with ids.
    const auto conflict = out.indexOf(QStringLiteral("#1 conflict · exact · 2 rows · train"));
    const auto trainTest = out.indexOf(QStringLiteral("#2 cross-split · exact · 2 rows · train, test"));
    const auto nearOne = out.indexOf(QStringLiteral("#3 cross-split · near · 2 rows · train, test"));
    const auto trainDev = out.indexOf(QStringLiteral("#4 cross-split · exact · 2 rows · train, dev"));
    QVERIFY2(conflict > 0 && conflict < trainTest && trainTest < nearOne && nearOne < trainDev, qPrintable(out));
    QVERIFY2(out.contains(QStringLiteral("T-6")) && out.contains(QStringLiteral("Cancel my order number 4411")),
             qPrintable(out));
    QVERIFY2(out.contains(QStringLiteral("~0.")), qPrintable(out)); // the near member's similarity
}

void TestCliDuplicates::jsonHoldsEveryCluster()
{
    const auto run = runCli(command("duplicates")
                            << QStringLiteral("--dataset") << QStringLiteral("tickets") << QStringLiteral("--json"));
    QVERIFY2(run.finished && run.exitCode == 0 && run.err.isEmpty(), run.describe().constData());
    QCOMPARE(run.out.count('\n'), 1); // one document, not JSON Lines
    const auto json = run.json();
    QCOMPARE(json.value(QLatin1String("examples")).toInteger(), 14);
    QCOMPARE(json.value(QLatin1String("near_threshold")).toDouble(), 0.8);
    const auto summary = json.value(QLatin1String("summary")).toObject();
    QCOMPARE(summary.value(QLatin1String("conflict")).toObject().value(QLatin1String("clusters")).toInteger(), 1);
    QCOMPARE(summary.value(QLatin1String("cross-split")).toObject().value(QLatin1String("rows")).toInteger(), 6);
    QCOMPARE(summary.value(QLatin1String("within-split")).toObject().value(QLatin1String("clusters")).toInteger(), 0);
    const auto test = json.value(QLatin1String("duplicating_train")).toObject().value(QLatin1String("test")).toObject();
    QCOMPARE(test.value(QLatin1String("rows")).toInteger(), 3);
    QCOMPARE(test.value(QLatin1String("exact")).toInteger(), 1);
    QCOMPARE(test.value(QLatin1String("near")).toInteger(), 1);
    const auto clusters = json.value(QLatin1String("clusters")).toArray();
    QCOMPARE(clusters.size(), 4);
    const auto conflict = clusters.at(0).toObject();
    QCOMPARE(conflict.value(QLatin1String("kind")).toString(), QStringLiteral("conflict"));
    QCOMPARE(conflict.value(QLatin1String("labels")).toArray(),
             QJsonArray({QStringLiteral("cancel"), QStringLiteral("refund")}));
    const auto members = conflict.value(QLatin1String("members")).toArray();
    QCOMPARE(members.at(0).toObject().value(QLatin1String("external_id")).toString(), QStringLiteral("T-5"));
    QCOMPARE(members.at(1).toObject().value(QLatin1String("text")).toString(),
             QStringLiteral("CANCEL MY ORDER NUMBER 4411 PLEASE"));
    QCOMPARE(members.at(1).toObject().value(QLatin1String("similarity")).toDouble(), 1.0);
    const auto nearOne = clusters.at(2).toObject();
    QVERIFY(nearOne.value(QLatin1String("near")).toBool());
    const auto nearMember = nearOne.value(QLatin1String("members")).toArray().at(1).toObject();
    QCOMPARE(nearMember.value(QLatin1String("split")).toString(), QStringLiteral("test"));
    QCOMPARE(nearMember.value(QLatin1String("exact_group")).toInteger(), 1);
    const double similarity = nearMember.value(QLatin1String("similarity")).toDouble();
    QVERIFY2(similarity >= 0.8 && similarity < 1.0, qPrintable(QString::number(similarity)));
    const auto devLeak = clusters.at(3).toObject();
    QCOMPARE(devLeak.value(QLatin1String("splits")).toArray(),
             QJsonArray({QStringLiteral("train"), QStringLiteral("dev")}));
}

void TestCliDuplicates::exactOnlyLeavesNearOnesOut()
{
    const auto run = runCli(command("duplicates") << QStringLiteral("--dataset") << QStringLiteral("tickets")
                                                  << QStringLiteral("--exact-only") << QStringLiteral("--json"));
    QVERIFY2(run.finished && run.exitCode == 0, run.describe().constData());
    const auto json = run.json();
    QVERIFY(json.value(QLatin1String("near_threshold")).isNull());
    QCOMPARE(json.value(QLatin1String("clusters")).toArray().size(), 3);
    const auto test = json.value(QLatin1String("duplicating_train")).toObject().value(QLatin1String("test")).toObject();
    QCOMPARE(test.value(QLatin1String("near")).toInteger(), 0);
}

void TestCliDuplicates::statsWarns()
{
    const auto text = runCli(command("stats") << QStringLiteral("--dataset") << QStringLiteral("tickets"));
    QVERIFY2(text.finished && text.exitCode == 0, text.describe().constData());
    const QString out = QString::fromUtf8(text.out);
    QVERIFY2(out.contains(QStringLiteral("warning: 2 of 3 test rows duplicate training rows (exact 1, near 1); "
                                         "glossa-cli duplicates --project ")),
             qPrintable(out));
    QVERIFY2(out.contains(QStringLiteral("note: 1 text appears with different labels (2 rows)")), qPrintable(out));

    const auto json = runCli(command("stats")
                             << QStringLiteral("--dataset") << QStringLiteral("tickets") << QStringLiteral("--json"));
    QVERIFY2(json.finished && json.exitCode == 0, json.describe().constData());
    const auto object = json.json();
    const auto dev = object.value(QLatin1String("duplicating_train")).toObject().value(QLatin1String("dev")).toObject();
    QCOMPARE(dev.value(QLatin1String("exact")).toInteger(), 1);
    QCOMPARE(object.value(QLatin1String("conflicting_duplicates")).toInteger(), 1);
    QCOMPARE(object.value(QLatin1String("warnings")).toArray().size(), 2);
}

// The warning comes before the run, whatever the run then does with so little data.
void TestCliDuplicates::trainWarnsBeforeItStarts()
{
    const auto run =
        runCli(command("train") << QStringLiteral("--dataset") << QStringLiteral("tickets") << QStringLiteral("--set")
                                << QStringLiteral("optimizer.epochs=1") << QStringLiteral("--events"));
    QVERIFY2(run.finished, run.describe().constData());
    // On stderr just after the line that names the run, before the run's progress.
    const QString err = QString::fromUtf8(run.err);
    const auto started = err.indexOf(QStringLiteral("run "));
    const auto warning =
        err.indexOf(QStringLiteral("warning: 2 of 3 test rows duplicate training rows (exact 1, near 1)"));
    QVERIFY2(started >= 0 && warning > started, run.describe().constData());
    const auto progress = err.indexOf(QStringLiteral("epoch"));
    QVERIFY2(progress < 0 || progress > warning, run.describe().constData());
    // A GUI reading the events hears it too: as a log line right after the run's first event
    // (the protocol opens with the run), before any progress.
    QList<QJsonObject> events;
    for (const auto &line : run.out.split('\n'))
        if (!line.isEmpty())
            events.append(QJsonDocument::fromJson(line).object());
    QVERIFY2(events.size() >= 3, run.describe().constData());
    QCOMPARE(events.at(0).value(QLatin1String("event")).toString(), QStringLiteral("run"));
    QCOMPARE(events.at(1).value(QLatin1String("event")).toString(), QStringLiteral("log"));
    QVERIFY2(events.at(1)
                 .value(QLatin1String("line"))
                 .toString()
                 .startsWith(QStringLiteral("warning: 2 of 3 test rows duplicate training rows (exact 1, near 1)")),
             run.describe().constData());

    // glossa-cli looks for them in a child while the engine starts; the engine started on its
    // own (no such child) looks itself, and says the same.
    const QString engine = QFileInfo(QStringLiteral(GLOSSA_CLI_PATH)).dir().filePath(QStringLiteral("glossa-cli-engine"));
    const auto alone = runCli(command("train") << QStringLiteral("--dataset") << QStringLiteral("tickets")
                                               << QStringLiteral("--set") << QStringLiteral("optimizer.epochs=1"),
                              {}, engine);
    QVERIFY2(alone.finished, alone.describe().constData());
    auto warnings = [](const QByteArray &err) {
        QStringList lines;
        for (const auto &line : QString::fromUtf8(err).split(QLatin1Char('\n')))
            if (line.startsWith(QStringLiteral("warning: ")))
                lines.append(line);
        return lines;
    };
    QCOMPARE(warnings(alone.err), warnings(run.err));
    QVERIFY2(warnings(alone.err).join(QLatin1Char('\n')).contains(QStringLiteral("2 of 3 test rows duplicate")),
             alone.describe().constData());
}

void TestCliDuplicates::cleanDatasetSaysSo()
{
    const QString input = m_dir.filePath(QStringLiteral("clean.jsonl"));
    QFile file(input);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(
        QJsonDocument(row("C-1", QStringLiteral("one message"), "a", "train")).toJson(QJsonDocument::Compact) + "\n"
        + QJsonDocument(row("C-2", QStringLiteral("a different one"), "b", "test")).toJson(QJsonDocument::Compact)
        + "\n");
    file.close();
    QCOMPARE(runCli(command("import") << QStringLiteral("--dataset") << QStringLiteral("clean")
                                      << QStringLiteral("--input") << input)
                 .exitCode,
             0);
    const auto run = runCli(command("duplicates") << QStringLiteral("--dataset") << QStringLiteral("clean"));
    QVERIFY2(run.exitCode == 0, run.describe().constData());
    QVERIFY2(run.out.contains("No duplicates"), run.describe().constData());
    const auto stats = runCli(command("stats") << QStringLiteral("--dataset") << QStringLiteral("clean"));
    QVERIFY2(!stats.out.contains("warning: "), stats.describe().constData());
}

void TestCliDuplicates::badThresholdIsRefused()
{
    const auto run = runCli(command("duplicates") << QStringLiteral("--dataset") << QStringLiteral("tickets")
                                                  << QStringLiteral("--near-threshold") << QStringLiteral("1.5"));
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains("--near-threshold"), run.describe().constData());
    QVERIFY(run.out.isEmpty());
}

QTEST_GUILESS_MAIN(TestCliDuplicates)
#include "tst_cliduplicates.moc"
