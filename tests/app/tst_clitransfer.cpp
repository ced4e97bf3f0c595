// glossa-cli transfer: the transfer matrix a user reads is what eval gives for the same runs,
// its runs never learn from another language's dev rows, a study goes on where it stopped,
// and data whose translations straddle splits is refused with the fix.

#include "app/clirun.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

using glossa::test::CliRun;
using glossa::test::runCli;

namespace {

QString projectIn(const QTemporaryDir &dir, const QString &name = QStringLiteral("p"))
{
    return dir.filePath(name + QStringLiteral(".glossa"));
}

// The demo's rows as JSON objects (its export: id, text, label, lang, split, group...).
QList<QJsonObject> demoRows(const QTemporaryDir &dir)
{
    const auto project = projectIn(dir, QStringLiteral("demo"));
    if (!QFile::exists(project))
        runCli({QStringLiteral("init"), QStringLiteral("--project"), project, QStringLiteral("--demo")});
    const auto file = dir.filePath(QStringLiteral("demo.jsonl"));
    runCli({QStringLiteral("export"), QStringLiteral("--project"), project, QStringLiteral("--dataset"),
            QStringLiteral("support-intents"), QStringLiteral("--output"), file});
    QFile input(file);
    QList<QJsonObject> rows;
    if (!input.open(QIODevice::ReadOnly))
        return rows;
    for (const auto &line : input.readAll().split('\n'))
        if (!line.isEmpty())
            rows.append(QJsonDocument::fromJson(line).object());
    return rows;
}

// A project of these rows, as dataset "d".
QString projectOf(const QTemporaryDir &dir, const QString &name, const QList<QJsonObject> &rows)
{
    const auto file = dir.filePath(name + QStringLiteral(".jsonl"));
    QFile output(file);
    if (!output.open(QIODevice::WriteOnly))
        return {};
    for (const auto &row : rows)
        output.write(QJsonDocument(row).toJson(QJsonDocument::Compact) + '\n');
    output.close();
    const auto project = projectIn(dir, name);
    const auto imported = runCli({QStringLiteral("import"), QStringLiteral("--project"), project,
                                  QStringLiteral("--dataset"), QStringLiteral("d"), QStringLiteral("--input"), file});
    return imported.exitCode == 0 ? project : QString();
}

// A label other than this one, from the demo's intents.
QString anotherLabel(const QString &label)
{
    return label == QStringLiteral("track_order") ? QStringLiteral("cancel_order") : QStringLiteral("track_order");
}

// train --json restricted to German: its best dev score and its test report.
QJsonObject trainGerman(const QString &project)
{
    const auto run = runCli({QStringLiteral("train"), QStringLiteral("--project"), project, QStringLiteral("--dataset"),
                             QStringLiteral("d"), QStringLiteral("--set"), QStringLiteral("eval.source_languages=de"),
                             QStringLiteral("--json")});
    return run.exitCode == 0 ? run.json() : QJsonObject{{QStringLiteral("error"), QString::fromUtf8(run.err)}};
}

} // namespace

class CliTransferTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void matrixIsWhatEvalGivesForEachRun();
    void sameCommandGoesOnWithTheStudy();
    void sourceRunsNeverReadOtherLanguagesDevRows();
    void refusesGroupsThatStraddleSplits();
    void studyRunsNeedAKnownSource();

private:
    QTemporaryDir m_dir;
    QJsonObject m_matrix; // the first transfer's answer, for the tests after it
    QStringList transferArguments() const
    {
        return {QStringLiteral("transfer"), QStringLiteral("--project"), projectIn(m_dir, QStringLiteral("demo")),
                QStringLiteral("--dataset"), QStringLiteral("support-intents"), QStringLiteral("--languages"),
                QStringLiteral("en,de,ja"), QStringLiteral("--json")};
    }
};

void CliTransferTest::matrixIsWhatEvalGivesForEachRun()
{
    QVERIFY(!demoRows(m_dir).isEmpty());
    const auto transfer = runCli(transferArguments());
    QVERIFY2(transfer.exitCode == 0, transfer.describe());
    m_matrix = transfer.json();
    const QStringList languages{QStringLiteral("en"), QStringLiteral("de"), QStringLiteral("ja")};
    QCOMPARE(m_matrix.value(QStringLiteral("languages")).toArray().toVariantList(),
             QVariantList({QStringLiteral("en"), QStringLiteral("de"), QStringLiteral("ja")}));
    const auto runs = m_matrix.value(QStringLiteral("runs")).toObject();
    QCOMPARE(runs.keys().size(), 4); // each language, and all
    QVERIFY(runs.contains(QStringLiteral("all")));
    const auto matrix = m_matrix.value(QStringLiteral("matrix")).toObject();
    for (const auto &source : runs.keys()) {
        const auto eval = runCli({QStringLiteral("eval"), QStringLiteral("--project"),
                                  projectIn(m_dir, QStringLiteral("demo")), QStringLiteral("--run"),
                                  QString::number(runs.value(source).toInteger()), QStringLiteral("--json")});
        QVERIFY2(eval.exitCode == 0, eval.describe());
        const auto perLanguage = eval.json().value(QStringLiteral("per_language")).toObject();
        for (const auto &target : languages) {
            const auto cell = matrix.value(source).toObject().value(target).toObject();
            const auto scored = perLanguage.value(target).toObject();
            QVERIFY2(!cell.isEmpty(), qPrintable(source + QStringLiteral(" -> ") + target));
            QCOMPARE(cell.value(QStringLiteral("n")).toInteger(), scored.value(QStringLiteral("n")).toInteger());
            QVERIFY2(qAbs(cell.value(QStringLiteral("macro_f1")).toDouble()
                          - scored.value(QStringLiteral("macro_f1")).toDouble())
                         < 1e-9,
                     qPrintable(source + QStringLiteral(" -> ") + target));
            QVERIFY(qAbs(cell.value(QStringLiteral("accuracy")).toDouble()
                         - scored.value(QStringLiteral("accuracy")).toDouble())
                    < 1e-9);
            QCOMPARE(cell.value(QStringLiteral("macro_f1_ci")).toArray().size(), 2);
        }
    }
    // A language scored by its own labels beats what another language's labels give it (the
    // demo's bag model learns words, which barely carry over).
    const auto targets = m_matrix.value(QStringLiteral("targets")).toObject();
    for (const auto &target : languages) {
        const auto summary = targets.value(target).toObject();
        QVERIFY(languages.contains(summary.value(QStringLiteral("best_source")).toString()));
        QVERIFY(summary.value(QStringLiteral("best_source")).toString() != target);
        QVERIFY2(summary.value(QStringLiteral("gain_from_own")).toDouble() > 0, qPrintable(target));
    }
}

void CliTransferTest::sameCommandGoesOnWithTheStudy()
{
    QVERIFY(!m_matrix.isEmpty());
    const auto again = runCli(transferArguments());
    QVERIFY2(again.exitCode == 0, again.describe());
    // Nothing trained again: the same study, the same runs, the same matrix.
    QCOMPARE(again.json().value(QStringLiteral("study")), m_matrix.value(QStringLiteral("study")));
    QCOMPARE(again.json().value(QStringLiteral("runs")), m_matrix.value(QStringLiteral("runs")));
    QCOMPARE(again.json().value(QStringLiteral("matrix")), m_matrix.value(QStringLiteral("matrix")));
    QVERIFY2(again.err.contains("has finished"), again.err);
    const auto runs = runCli({QStringLiteral("runs"), QStringLiteral("--project"),
                              projectIn(m_dir, QStringLiteral("demo")), QStringLiteral("--json")});
    QVERIFY2(runs.exitCode == 0, runs.describe());
    QCOMPARE(QJsonDocument::fromJson(runs.out).array().size(), 4);
}

void CliTransferTest::sourceRunsNeverReadOtherLanguagesDevRows()
{
    const auto rows = demoRows(m_dir);
    QVERIFY(!rows.isEmpty());
    // The same data with every other language's dev rows relabelled and rewritten...
    auto othersChanged = rows;
    // ...and, as the control that shows the comparison can fail, with German's own dev labels changed.
    auto germanChanged = rows;
    int changedOthers = 0;
    for (qsizetype i = 0; i < rows.size(); ++i) {
        if (rows[i].value(QStringLiteral("split")).toString() != QStringLiteral("dev"))
            continue;
        const auto label = anotherLabel(rows[i].value(QStringLiteral("label")).toString());
        if (rows[i].value(QStringLiteral("lang")).toString() == QStringLiteral("de")) {
            germanChanged[i][QStringLiteral("label")] = label;
        } else {
            othersChanged[i][QStringLiteral("label")] = label;
            othersChanged[i][QStringLiteral("text")] = QString(QStringLiteral("zzz qqq ") + QString::number(i));
            ++changedOthers;
        }
    }
    QVERIFY(changedOthers > 100);
    const auto original = trainGerman(projectOf(m_dir, QStringLiteral("original"), rows));
    const auto others = trainGerman(projectOf(m_dir, QStringLiteral("others"), othersChanged));
    const auto german = trainGerman(projectOf(m_dir, QStringLiteral("german"), germanChanged));
    QVERIFY2(original.contains(QStringLiteral("best_dev")), qPrintable(original.value(QStringLiteral("error")).toString()));
    QVERIFY(others.contains(QStringLiteral("best_dev")));
    QVERIFY(german.contains(QStringLiteral("best_dev")));
    // Other languages' dev rows changed nothing: the same checkpoint, the same test scores.
    QCOMPARE(others.value(QStringLiteral("best_dev")), original.value(QStringLiteral("best_dev")));
    QCOMPARE(others.value(QStringLiteral("test")), original.value(QStringLiteral("test")));
    // German's own dev rows pick its checkpoint, so changing them shows.
    QVERIFY(german.value(QStringLiteral("best_dev")).toObject().value(QStringLiteral("macro_f1"))
            != original.value(QStringLiteral("best_dev")).toObject().value(QStringLiteral("macro_f1")));
}

void CliTransferTest::refusesGroupsThatStraddleSplits()
{
    auto rows = demoRows(m_dir);
    QVERIFY(!rows.isEmpty());
    // One translation of a test group moved to train.
    for (auto &row : rows)
        if (row.value(QStringLiteral("split")).toString() == QStringLiteral("test")
            && row.value(QStringLiteral("lang")).toString() == QStringLiteral("fr")) {
            row[QStringLiteral("split")] = QStringLiteral("train");
            break;
        }
    const auto project = projectOf(m_dir, QStringLiteral("straddling"), rows);
    QVERIFY(!project.isEmpty());
    const auto transfer = runCli({QStringLiteral("transfer"), QStringLiteral("--project"), project,
                                  QStringLiteral("--dataset"), QStringLiteral("d")});
    QCOMPARE(transfer.exitCode, 1);
    QVERIFY2(transfer.err.contains("1 groups of dataset 'd' have translations in more than one split"),
             transfer.err);
    const QByteArray fix = "glossa-cli split --project " + project.toUtf8() + " --dataset d --by group";
    QVERIFY2(transfer.err.contains(fix), transfer.err);
    // Refused before any run was made.
    const auto runs = runCli({QStringLiteral("runs"), QStringLiteral("--project"), project, QStringLiteral("--json")});
    QVERIFY2(runs.exitCode == 0, runs.describe());
    QCOMPARE(QJsonDocument::fromJson(runs.out).array().size(), 0);
}

void CliTransferTest::studyRunsNeedAKnownSource()
{
    QVERIFY(!m_matrix.isEmpty());
    const auto train = runCli({QStringLiteral("train"), QStringLiteral("--project"),
                               projectIn(m_dir, QStringLiteral("demo")), QStringLiteral("--study"),
                               QString::number(m_matrix.value(QStringLiteral("study")).toInteger()),
                               QStringLiteral("--source"), QStringLiteral("fr")});
    QCOMPARE(train.exitCode, 1);
    QVERIFY2(train.err.contains("has no source 'fr' (its sources: en, de, ja, all)"), train.err);
}

QTEST_GUILESS_MAIN(CliTransferTest)
#include "tst_clitransfer.moc"
