// Consistency across translations as glossa-cli eval reports it, checked against a count made
// by hand: the demo's test texts exported, classified with `predict --json`, grouped by their
// group ids.

#include "clirun.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

using glossa::test::runCli;

class TestCliConsistency : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void evalCountsWhatPredictSays();
    void evalSaysItInPlainText();

private:
    QTemporaryDir m_dir;
    QString m_project;
    QString m_run;
};

void TestCliConsistency::initTestCase()
{
    QVERIFY2(QFileInfo::exists(QStringLiteral(GLOSSA_CLI_PATH)), GLOSSA_CLI_PATH " was not built");
    QVERIFY(m_dir.isValid());
    if (qEnvironmentVariableIsEmpty("GLOSSA_DATA_DIR"))
        qputenv("GLOSSA_DATA_DIR", QFileInfo(QStringLiteral(GLOSSA_DEMO_DIR)).path().toUtf8());
    m_project = m_dir.filePath(QStringLiteral("demo.glossa"));
    const auto init =
        runCli({QStringLiteral("init"), QStringLiteral("--project"), m_project, QStringLiteral("--demo")});
    QVERIFY2(init.exitCode == 0, init.describe().constData());
    const auto train = runCli({QStringLiteral("train"), QStringLiteral("--project"), m_project,
                               QStringLiteral("--dataset"), QStringLiteral("support-intents"), QStringLiteral("--json"),
                               QStringLiteral("--set"), QStringLiteral("optimizer.epochs=2")});
    QVERIFY2(train.exitCode == 0, train.describe().constData());
    m_run = QString::number(train.json().value(QLatin1String("run")).toInteger());
}

void TestCliConsistency::evalCountsWhatPredictSays()
{
    const auto eval = runCli({QStringLiteral("eval"), QStringLiteral("--project"), m_project, QStringLiteral("--run"),
                              m_run, QStringLiteral("--json")});
    QVERIFY2(eval.exitCode == 0, eval.describe().constData());
    const auto consistency = eval.json().value(QLatin1String("consistency")).toObject();
    QVERIFY2(!consistency.isEmpty(), eval.out.left(400).constData());

    // The test split's grouped texts, labelled or not, from an export of the dataset.
    const QString exported = m_dir.filePath(QStringLiteral("examples.jsonl"));
    const auto exportRun =
        runCli({QStringLiteral("export"), QStringLiteral("--project"), m_project, QStringLiteral("--dataset"),
                QStringLiteral("support-intents"), QStringLiteral("--output"), exported});
    QVERIFY2(exportRun.exitCode == 0, exportRun.describe().constData());
    QFile file(exported);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QStringList groups;
    QStringList languages;
    QByteArray texts;
    while (!file.atEnd()) {
        const auto example = QJsonDocument::fromJson(file.readLine()).object();
        const QString group = example.value(QLatin1String("group")).toString();
        if (example.value(QLatin1String("split")).toString() != QLatin1String("test") || group.isEmpty())
            continue;
        const QString text = example.value(QLatin1String("text")).toString();
        QVERIFY2(!text.contains(QLatin1Char('\n')), qPrintable(text)); // predict reads a text a line
        groups << group;
        languages << example.value(QLatin1String("lang")).toString();
        texts += text.toUtf8() + '\n';
    }
    QVERIFY(groups.size() > 20);

    // Each text's label, as predict gives it.
    const auto predict = runCli({QStringLiteral("predict"), QStringLiteral("--project"), m_project,
                                 QStringLiteral("--run"), m_run, QStringLiteral("--json")},
                                texts);
    QVERIFY2(predict.exitCode == 0, predict.describe().constData());
    const auto lines = predict.out.trimmed().split('\n');
    QCOMPARE(lines.size(), groups.size());

    // group -> (language -> labels): the count made here.
    QMap<QString, QMultiMap<QString, QString>> members;
    for (qsizetype i = 0; i < lines.size(); ++i)
        members[groups[i]].insert(languages[i],
                                  QJsonDocument::fromJson(lines[i]).object().value(QLatin1String("label")).toString());
    qint64 counted = 0;
    qint64 consistent = 0;
    QMap<QString, QPair<qint64, qint64>> pairs; // groups, consistent
    QSet<QString> inconsistent;
    for (auto group = members.cbegin(); group != members.cend(); ++group) {
        if (group->size() < 2)
            continue;
        ++counted;
        const auto labels = QSet<QString>(group->cbegin(), group->cend());
        if (labels.size() == 1)
            ++consistent;
        else
            inconsistent.insert(group.key());
        const auto langs = group->uniqueKeys();
        for (qsizetype a = 0; a < langs.size(); ++a)
            for (qsizetype b = a + 1; b < langs.size(); ++b) {
                QSet<QString> both;
                for (const auto &label : group->values(langs[a]) + group->values(langs[b]))
                    both.insert(label);
                auto &pair = pairs[langs[a] + QLatin1Char('|') + langs[b]];
                ++pair.first;
                pair.second += both.size() == 1 ? 1 : 0;
            }
    }
    QVERIFY(counted > 10);

    QCOMPARE(consistency.value(QLatin1String("groups")).toInteger(), counted);
    QCOMPARE(consistency.value(QLatin1String("consistent")).toInteger(), consistent);
    QCOMPARE(consistency.value(QLatin1String("rate")).toDouble(), double(consistent) / double(counted));
    const auto evalPairs = consistency.value(QLatin1String("pairs")).toObject();
    QCOMPARE(evalPairs.keys(), pairs.keys());
    for (auto pair = pairs.cbegin(); pair != pairs.cend(); ++pair) {
        const auto counts = evalPairs.value(pair.key()).toObject();
        QCOMPARE(counts.value(QLatin1String("groups")).toInteger(), pair->first);
        QCOMPARE(counts.value(QLatin1String("consistent")).toInteger(), pair->second);
    }
    // The inconsistent groups it lists are those counted here (the demo has fewer than its cap).
    QSet<QString> listed;
    for (const auto &group : consistency.value(QLatin1String("inconsistent")).toArray()) {
        listed.insert(group.toObject().value(QLatin1String("group")).toString());
        QVERIFY(group.toObject().value(QLatin1String("members")).toArray().size() >= 2);
    }
    QCOMPARE(listed, inconsistent);
}

void TestCliConsistency::evalSaysItInPlainText()
{
    const auto eval =
        runCli({QStringLiteral("eval"), QStringLiteral("--project"), m_project, QStringLiteral("--run"), m_run});
    QVERIFY2(eval.exitCode == 0, eval.describe().constData());
    QVERIFY2(eval.out.contains("consistency across translations: "), eval.out.constData());
    QVERIFY2(eval.out.contains("groups get one label (rate "), eval.out.constData());
    QVERIFY2(eval.out.contains("pair"), eval.out.constData());
}

QTEST_GUILESS_MAIN(TestCliConsistency)
#include "tst_cliconsistency.moc"
