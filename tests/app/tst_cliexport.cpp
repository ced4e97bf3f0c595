// glossa-cli's exports as a user and a script see them: examples and predictions only under
// the extensions Glossa writes, a run's predictions to join back on, and a bag or transformer
// run as a model folder that `predict --model` reads without the project, predicting what the
// run predicts; a hostile folder is refused with the file named, never with a crash.

#include "app/clirun.h"

#include "jsonfile.h"
#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <filesystem>
#include <utility>

using namespace glossa::test;

namespace {

// clang-format off
// Exit 1 (an error, not a crash or a usage error), nothing on stdout, one line on stderr.
#define VERIFY_ONE_LINE_ERROR(expression)                                                                              \
    do {                                                                                                               \
        const CliRun &checked_ = (expression);                                                                         \
        QVERIFY2(checked_.finished && checked_.exitCode == 1, checked_.describe().constData());                        \
        QVERIFY2(checked_.out.isEmpty(), checked_.describe().constData());                                             \
        QVERIFY2(checked_.err.endsWith('\n') && checked_.err.count('\n') == 1, checked_.describe().constData());       \
    } while (false)
// clang-format on

// Texts in several scripts, one a line, with an empty line and one longer than the models'
// maximum length, so that cutting is compared too.
QByteArray sampleTexts()
{
    QByteArray longText;
    for (int i = 0; i < 60; ++i)
        longText += "my parcel has not arrived and I want my money back ";
    return "Where is my parcel? It has not arrived.\n"
           "Ich möchte meine Bestellung stornieren.\n"
           "我忘记了密码，无法登录我的账户。\n"
           "\n"
           "لم يصل طلبي بعد، أين هو؟\n"
           + longText + "\n";
}

QList<QJsonObject> jsonLines(const QByteArray &out)
{
    QList<QJsonObject> objects;
    for (const auto &line : out.split('\n'))
        if (!line.isEmpty())
            objects << QJsonDocument::fromJson(line).object();
    return objects;
}

QJsonObject readJson(const std::filesystem::path &file)
{
    return QJsonDocument::fromJson(readFile(file)).object();
}

} // namespace

class TestCliExport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void unknownExtensionsAreRefused_data();
    void unknownExtensionsAreRefused();
    void datasetExportsTakeTheKnownExtensions();
    void predictionsExport_data();
    void predictionsExport();
    void modelFolderPredictsWhatTheRunPredicts_data();
    void modelFolderPredictsWhatTheRunPredicts();
    void modelExportsRefuseWhatDoesNotFit();
    void hostileFoldersAreRefused_data();
    void hostileFoldersAreRefused();

private:
    QString path(const QString &name) const { return m_dir.filePath(name); }
    QString train(const QStringList &settings);
    // A fresh copy of the exported folder of the run, to damage.
    std::filesystem::path freshFolder(const QString &run, const QString &name);

    QTemporaryDir m_dir;
    QString m_project;
    QString m_bagRun;
    QString m_transformerRun;
};

QString TestCliExport::train(const QStringList &settings)
{
    QStringList arguments{QStringLiteral("train"),     QStringLiteral("--project"),       m_project,
                          QStringLiteral("--dataset"), QStringLiteral("support-intents"), QStringLiteral("--json")};
    for (const auto &setting : settings)
        arguments << QStringLiteral("--set") << setting;
    const auto trained = runCli(arguments);
    if (trained.exitCode != 0) {
        qWarning("%s", trained.describe().constData());
        return {};
    }
    const auto lines = trained.out.trimmed().split('\n');
    return QString::number(QJsonDocument::fromJson(lines.last()).object().value(QLatin1String("run")).toInteger());
}

void TestCliExport::initTestCase()
{
    QVERIFY(m_dir.isValid());
    if (qEnvironmentVariableIsEmpty("GLOSSA_DATA_DIR"))
        qputenv("GLOSSA_DATA_DIR", QFileInfo(QStringLiteral(GLOSSA_DEMO_DIR)).path().toUtf8());
    m_project = path(QStringLiteral("demo.glossa"));
    const auto init =
        runCli({QStringLiteral("init"), QStringLiteral("--project"), m_project, QStringLiteral("--demo")});
    QVERIFY2(init.exitCode == 0, init.describe().constData());
    // Small and quick: what is compared is the folder against the project, not the model.
    m_bagRun = train({QStringLiteral("optimizer.epochs=5"), QStringLiteral("model.hash_buckets=4096"),
                      QStringLiteral("model.embedding_dim=32")});
    QVERIFY(!m_bagRun.isEmpty());
    m_transformerRun = train({QStringLiteral("model.type=transformer"), QStringLiteral("optimizer.epochs=3"),
                              QStringLiteral("model.embedding_dim=16"), QStringLiteral("model.layers=1"),
                              QStringLiteral("model.heads=2"), QStringLiteral("model.ff_dim=32"),
                              QStringLiteral("model.max_length=32"), QStringLiteral("model.pooling=cls")});
    QVERIFY(!m_transformerRun.isEmpty());
}

void TestCliExport::unknownExtensionsAreRefused_data()
{
    QTest::addColumn<QStringList>("arguments"); // {OUT}: the file that must not appear
    QTest::addColumn<QString>("file");
    QTest::addColumn<QByteArrayList>("expected");
    const QStringList dataset{QStringLiteral("export"), QStringLiteral("--dataset"), QStringLiteral("support-intents"),
                              QStringLiteral("--output"), QStringLiteral("{OUT}")};
    const QStringList predictions{QStringLiteral("export"), QStringLiteral("--run"), QStringLiteral("{RUN}"),
                                  QStringLiteral("--predictions"), QStringLiteral("{OUT}")};
    for (const auto &[what, arguments] : {std::pair{"dataset", dataset}, std::pair{"predictions", predictions}}) {
        QTest::addRow("%s as .parquet", what)
            << arguments << QStringLiteral("x.parquet")
            << QByteArrayList{"x.parquet: unknown extension .parquet: use .csv, .tsv or .jsonl"};
        QTest::addRow("%s as .json", what)
            << arguments << QStringLiteral("x.json") << QByteArrayList{"x.json: unknown extension .json", "JSON Lines"};
        QTest::addRow("%s as .txt", what) << arguments << QStringLiteral("x.txt")
                                          << QByteArrayList{"unknown extension .txt: use .csv, .tsv or .jsonl"};
        QTest::addRow("%s without extension", what)
            << arguments << QStringLiteral("x") << QByteArrayList{"x: no extension", ".csv, .tsv or .jsonl"};
        QTest::addRow("%s as .csv with --format tsv", what)
            << (arguments + QStringList{QStringLiteral("--format"), QStringLiteral("tsv")}) << QStringLiteral("x.csv")
            << QByteArrayList{"--format tsv does not match x.csv"};
    }
    QTest::newRow("dataset with --format hf")
        << (dataset + QStringList{QStringLiteral("--format"), QStringLiteral("hf")}) << QStringLiteral("x.csv")
        << QByteArrayList{"unknown format 'hf'", "--run R --output DIR"};
}

void TestCliExport::unknownExtensionsAreRefused()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, file);
    QFETCH(QByteArrayList, expected);
    const QString out = path(file);
    arguments.replaceInStrings(QStringLiteral("{OUT}"), out);
    arguments.replaceInStrings(QStringLiteral("{RUN}"), m_bagRun);
    arguments << QStringLiteral("--project") << m_project;
    const auto run = runCli(arguments);
    VERIFY_ONE_LINE_ERROR(run);
    for (const auto &part : expected)
        QVERIFY2(run.err.contains(part), run.describe().constData());
    // Nothing written, not even a temporary file.
    QVERIFY(!QFileInfo::exists(out));
    QCOMPARE(QDir(m_dir.path())
                 .entryList({QStringLiteral("*") + file + QStringLiteral("*")}, QDir::AllEntries | QDir::Hidden)
                 .size(),
             0);
}

void TestCliExport::datasetExportsTakeTheKnownExtensions()
{
    // Any case; .ndjson is JSON Lines' other name.
    for (const auto &[name, format] : {std::pair{"rows.TSV", "tsv"}, std::pair{"rows.ndjson", "jsonl"},
                                       std::pair{"rows.Csv", "csv"}, std::pair{"rows.jsonl", "jsonl"}}) {
        const QString out = path(QLatin1String(name));
        const auto run =
            runCli({QStringLiteral("export"), QStringLiteral("--project"), m_project, QStringLiteral("--dataset"),
                    QStringLiteral("support-intents"), QStringLiteral("--output"), out, QStringLiteral("--json")});
        QVERIFY2(run.exitCode == 0, run.describe().constData());
        QCOMPARE(run.json().value(QLatin1String("format")).toString(), QLatin1String(format));
        QVERIFY(QFileInfo(out).size() > 0);
    }
}

void TestCliExport::predictionsExport_data()
{
    QTest::addColumn<QString>("extension");
    QTest::newRow("csv") << QStringLiteral("csv");
    QTest::newRow("tsv") << QStringLiteral("tsv");
    QTest::newRow("jsonl") << QStringLiteral("jsonl");
}

// One row per example of the run's snapshot, under the dataset's own ids, with the gold label,
// the prediction, its probability and margin: what an analyst joins back to the source.
void TestCliExport::predictionsExport()
{
    QFETCH(QString, extension);
    const QString out = path(QStringLiteral("predictions.") + extension);
    const auto run = runCli({QStringLiteral("export"), QStringLiteral("--project"), m_project, QStringLiteral("--run"),
                             m_bagRun, QStringLiteral("--predictions"), out, QStringLiteral("--json")});
    QVERIFY2(run.exitCode == 0 && run.err.isEmpty(), run.describe().constData());
    const auto summary = run.json();
    QCOMPARE(summary.value(QLatin1String("format")).toString(), extension);
    // Every example of the demo, as many as the dataset has.
    const auto datasets =
        runCli({QStringLiteral("datasets"), QStringLiteral("--project"), m_project, QStringLiteral("--json")});
    const qint64 demoExamples = datasets.json()
                                .value(QLatin1String("datasets"))
                                .toArray()
                                .first()
                                .toObject()
                                .value(QLatin1String("examples"))
                                .toInteger();
    QVERIFY(demoExamples > 2000);
    QCOMPARE(summary.value(QLatin1String("rows")).toInteger(), demoExamples);

    // The rows as objects, whatever the format.
    QList<QJsonObject> rows;
    const auto bytes = readFile(out.toStdString());
    if (extension == QLatin1String("jsonl")) {
        rows = jsonLines(bytes);
    } else {
        // The demo's texts hold neither tabs nor line breaks; commas they may, so only the TSV is
        // split here by hand, and the CSV's fields after the text are read from the end.
        const char separator = extension == QLatin1String("tsv") ? '\t' : ',';
        auto lines = bytes.split('\n');
        const auto header = lines.takeFirst().trimmed().split(separator);
        QCOMPARE(header, (QByteArrayList{"id", "text", "lang", "split", "label", "predicted", "confidence", "margin",
                                         "correct"}));
        for (const auto &line : lines) {
            if (line.trimmed().isEmpty())
                continue;
            const auto fields = line.trimmed().split(separator);
            QVERIFY2(fields.size() >= 9, line.constData());
            const auto n = fields.size();
            QJsonObject row{{QStringLiteral("id"), QString::fromUtf8(fields[0])},
                            {QStringLiteral("lang"), QString::fromUtf8(fields[n - 7])},
                            {QStringLiteral("split"), QString::fromUtf8(fields[n - 6])},
                            {QStringLiteral("label"), QString::fromUtf8(fields[n - 5])},
                            {QStringLiteral("predicted"), QString::fromUtf8(fields[n - 4])},
                            {QStringLiteral("confidence"), fields[n - 3].toDouble()},
                            {QStringLiteral("margin"), fields[n - 2].toDouble()},
                            {QStringLiteral("correct"), fields[n - 1] == "true"}};
            if (extension == QLatin1String("tsv"))
                row[QStringLiteral("text")] = QString::fromUtf8(fields[1]);
            rows << row;
        }
    }
    QCOMPARE(qint64(rows.size()), demoExamples);
    QSet<QString> ids;
    for (const auto &row : rows) {
        ids << row.value(QLatin1String("id")).toString();
        const double confidence = row.value(QLatin1String("confidence")).toDouble(-1);
        const double margin = row.value(QLatin1String("margin")).toDouble(-1);
        QVERIFY(confidence > 0 && confidence <= 1);
        QVERIFY(margin >= 0 && margin <= confidence);
        QCOMPARE(row.value(QLatin1String("correct")).toBool(),
                 row.value(QLatin1String("label")) == row.value(QLatin1String("predicted")));
    }
    QCOMPARE(ids.size(), rows.size()); // one row per example, under its own id

    // The dataset's own export has the same ids: the predictions join back on them.
    const QString examples = path(QStringLiteral("examples-") + extension + QStringLiteral(".jsonl"));
    QVERIFY(runCli({QStringLiteral("export"), QStringLiteral("--project"), m_project, QStringLiteral("--dataset"),
                    QStringLiteral("support-intents"), QStringLiteral("--output"), examples})
                .exitCode
            == 0);
    QSet<QString> exampleIds;
    QHash<QString, QString> textOf;
    for (const auto &example : jsonLines(readFile(examples.toStdString()))) {
        exampleIds << example.value(QLatin1String("id")).toString();
        textOf.insert(example.value(QLatin1String("id")).toString(), example.value(QLatin1String("text")).toString());
    }
    QCOMPARE(ids, exampleIds);

    // What the file says the run predicted is what predict says for the same text.
    if (extension == QLatin1String("jsonl")) {
        QByteArray texts;
        for (int i = 0; i < 5; ++i)
            texts += rows[i * 400].value(QLatin1String("text")).toString().toUtf8() + '\n';
        const auto predicted = runCli({QStringLiteral("predict"), QStringLiteral("--project"), m_project,
                                       QStringLiteral("--run"), m_bagRun, QStringLiteral("--json")},
                                      texts);
        QVERIFY2(predicted.exitCode == 0, predicted.describe().constData());
        const auto answers = jsonLines(predicted.out);
        QCOMPARE(answers.size(), 5);
        for (int i = 0; i < 5; ++i) {
            const auto &row = rows[i * 400];
            QCOMPARE(row.value(QLatin1String("text")).toString(),
                     textOf.value(row.value(QLatin1String("id")).toString()));
            QCOMPARE(answers[i].value(QLatin1String("label")), row.value(QLatin1String("predicted")));
            const double probability = answers[i]
                                           .value(QLatin1String("probabilities"))
                                           .toObject()
                                           .value(row.value(QLatin1String("predicted")).toString())
                                           .toDouble();
            QVERIFY2(std::abs(probability - row.value(QLatin1String("confidence")).toDouble()) < 1e-5,
                     qPrintable(QString::number(probability)));
            QVERIFY(std::abs(answers[i].value(QLatin1String("margin")).toDouble()
                             - row.value(QLatin1String("margin")).toDouble())
                    < 1e-5);
        }
    }
}

void TestCliExport::modelFolderPredictsWhatTheRunPredicts_data()
{
    QTest::addColumn<QString>("type");
    QTest::newRow("bag") << QStringLiteral("bag");
    QTest::newRow("transformer") << QStringLiteral("transformer");
}

void TestCliExport::modelFolderPredictsWhatTheRunPredicts()
{
    QFETCH(QString, type);
    const QString run = type == QLatin1String("bag") ? m_bagRun : m_transformerRun;
    const QString folder = path(QStringLiteral("model-") + type);
    const auto exported =
        runCli({QStringLiteral("export"), QStringLiteral("--project"), m_project, QStringLiteral("--run"), run,
                QStringLiteral("--output"), folder, QStringLiteral("--json")});
    QVERIFY2(exported.exitCode == 0 && exported.err.isEmpty(), exported.describe().constData());
    QCOMPARE(exported.json().value(QLatin1String("format")).toString(), QStringLiteral("glossa"));
    QCOMPARE(exported.json().value(QLatin1String("model_type")).toString(), type);

    // Exactly the documented files; config.json says what the model is.
    auto files = QDir(folder).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden);
    files.sort();
    QCOMPARE(files, (QStringList{QStringLiteral("config.json"), QStringLiteral("model.safetensors"),
                                 QStringLiteral("tokenizer.model")}));
    const auto config = readJson(std::filesystem::path(folder.toStdString()) / "config.json");
    QCOMPARE(config.value(QLatin1String("format")).toString(), QStringLiteral("glossa-model"));
    QCOMPARE(config.value(QLatin1String("format_version")).toInt(), 1);
    QCOMPARE(config.value(QLatin1String("model_type")).toString(), type);
    QCOMPARE(config.value(QLatin1String("labels")).toArray().size(), 9);
    QVERIFY(config.value(QLatin1String("tokenizer")).toObject().value(QLatin1String("vocab_size")).toInt() > 100);
    QVERIFY(!config.value(QLatin1String("glossa_version")).toString().isEmpty());
    const auto architecture = config.value(type).toObject();
    if (type == QLatin1String("bag")) {
        QCOMPARE(architecture.value(QLatin1String("hash_buckets")).toInt(), 4096);
        QCOMPARE(architecture.value(QLatin1String("dimension")).toInt(), 32);
        QCOMPARE(architecture.value(QLatin1String("ngram_order")).toInt(), 2);
    } else {
        QCOMPARE(architecture.value(QLatin1String("layers")).toInt(), 1);
        QCOMPARE(architecture.value(QLatin1String("pooling")).toString(), QStringLiteral("cls"));
        QCOMPARE(config.value(QLatin1String("tokenizer")).toObject().value(QLatin1String("max_length")).toInt(), 32);
    }

    const auto texts = sampleTexts();
    const auto inProject = runCli({QStringLiteral("predict"), QStringLiteral("--project"), m_project,
                                   QStringLiteral("--run"), run, QStringLiteral("--json"), QStringLiteral("--explain")},
                                  texts);
    QVERIFY2(inProject.exitCode == 0, inProject.describe().constData());

    // Without the project: moved away while the folder predicts.
    const QString moved = m_project + QStringLiteral(".away");
    QVERIFY(QFile::rename(m_project, moved));
    const auto fromFolder = runCli({QStringLiteral("predict"), QStringLiteral("--model"), folder,
                                    QStringLiteral("--json"), QStringLiteral("--explain")},
                                   texts);
    QVERIFY(QFile::rename(moved, m_project));
    QVERIFY2(fromFolder.exitCode == 0 && fromFolder.err.isEmpty(), fromFolder.describe().constData());

    const auto expected = jsonLines(inProject.out);
    const auto actual = jsonLines(fromFolder.out);
    QCOMPARE(actual.size(), expected.size());
    QCOMPARE(actual.size(), 6);
    for (qsizetype i = 0; i < actual.size(); ++i) {
        QCOMPARE(actual[i].value(QLatin1String("label")), expected[i].value(QLatin1String("label")));
        const auto want = expected[i].value(QLatin1String("probabilities")).toObject();
        const auto got = actual[i].value(QLatin1String("probabilities")).toObject();
        QCOMPARE(got.keys(), want.keys());
        for (const auto &label : want.keys()) {
            const double difference = std::abs(got.value(label).toDouble() - want.value(label).toDouble());
            QVERIFY2(difference <= 1e-5, qPrintable(QStringLiteral("%1, %2: %3").arg(i).arg(label).arg(difference)));
        }
        // The same pieces explain it.
        QCOMPARE(
            actual[i].value(QLatin1String("attributions")).toObject().value(QLatin1String("tokens")).toArray().size(),
            expected[i]
                .value(QLatin1String("attributions"))
                .toObject()
                .value(QLatin1String("tokens"))
                .toArray()
                .size());
    }

    // The text output works the same way (a shell reading the folder).
    const auto text = runCli(
        {QStringLiteral("predict"), QStringLiteral("-m"), folder, QStringLiteral("--top-k"), QStringLiteral("2")},
        "Where is my parcel?\n");
    QVERIFY2(text.exitCode == 0, text.describe().constData());
    QCOMPARE(text.out.split('\t').size(), 5);
}

void TestCliExport::modelExportsRefuseWhatDoesNotFit()
{
    const QString folder = path(QStringLiteral("refused-model"));
    // A bag has no Hugging Face form.
    const auto hf =
        runCli({QStringLiteral("export"), QStringLiteral("--project"), m_project, QStringLiteral("--run"), m_bagRun,
                QStringLiteral("--output"), folder, QStringLiteral("--format"), QStringLiteral("hf")});
    VERIFY_ONE_LINE_ERROR(hf);
    QVERIFY2(hf.err.contains("no Hugging Face form"), hf.err.constData());
    QVERIFY(!QFileInfo::exists(folder));
    // An export replaces its folder whole: never one that holds anything else.
    const QString notes = path(QStringLiteral("analyst-notes"));
    QVERIFY(QDir().mkpath(notes));
    writeFile(notes + QStringLiteral("/notes.txt"), "mine\n");
    const auto over = runCli({QStringLiteral("export"), QStringLiteral("--project"), m_project, QStringLiteral("--run"),
                              m_bagRun, QStringLiteral("--output"), notes});
    VERIFY_ONE_LINE_ERROR(over);
    QVERIFY2(over.err.contains("notes.txt") && over.err.contains("new or empty folder"), over.describe().constData());
    QCOMPARE(readFile(QString(notes + QStringLiteral("/notes.txt")).toStdString()), QByteArray("mine\n"));
    // An exported model folder is replaced by a new export of it.
    const QString twice = path(QStringLiteral("exported-twice"));
    for (int i = 0; i < 2; ++i)
        QVERIFY(runCli({QStringLiteral("export"), QStringLiteral("--project"), m_project, QStringLiteral("--run"),
                        m_transformerRun, QStringLiteral("--output"), twice})
                    .exitCode
                == 0);
    QCOMPARE(readJson(std::filesystem::path(twice.toStdString()) / "config.json")
                 .value(QLatin1String("model_type"))
                 .toString(),
             QStringLiteral("transformer"));

    // --model is instead of a project's run, not beside it.
    const auto both = runCli({QStringLiteral("predict"), QStringLiteral("--project"), m_project,
                              QStringLiteral("--run"), m_bagRun, QStringLiteral("--model"), folder});
    QVERIFY(both.exitCode != 0);
    QVERIFY2(both.err.contains("--model"), both.err.constData());
    const auto neither = runCli({QStringLiteral("predict")});
    VERIFY_ONE_LINE_ERROR(neither);
    QVERIFY2(neither.err.contains("--model DIR"), neither.err.constData());
    // The names a user may try for it lead to export.
    for (const auto &command : {QStringLiteral("hf-export"), QStringLiteral("export-model")}) {
        const auto typed = runCli({command, QStringLiteral("--project"), m_project});
        QVERIFY(typed.exitCode != 0);
        QVERIFY2(typed.err.contains("did you mean export?"), typed.err.constData());
    }
}

std::filesystem::path TestCliExport::freshFolder(const QString &run, const QString &name)
{
    const auto folder = pathIn(m_dir, name);
    std::filesystem::remove_all(folder);
    const auto exported =
        runCli({QStringLiteral("export"), QStringLiteral("--project"), m_project, QStringLiteral("--run"), run,
                QStringLiteral("--output"), QString::fromStdString(folder.string())});
    if (exported.exitCode != 0)
        qWarning("%s", exported.describe().constData());
    return folder;
}

void TestCliExport::hostileFoldersAreRefused_data()
{
    QTest::addColumn<QString>("damage");
    QTest::addColumn<bool>("transformer");
    QTest::addColumn<QByteArrayList>("expected");
    QTest::newRow("truncated weights") << QStringLiteral("truncate") << false << QByteArrayList{"model.safetensors"};
    QTest::newRow("weights cut in the header")
        << QStringLiteral("truncate-header") << false << QByteArrayList{"model.safetensors"};
    QTest::newRow("a wider bag in config.json")
        << QStringLiteral("dimension") << false
        << QByteArrayList{"model.safetensors", "embeddings.weight", "config.json", "do not belong together"};
    QTest::newRow("more hash buckets in config.json")
        << QStringLiteral("buckets") << false
        << QByteArrayList{"model.safetensors", "embeddings.weight", "config.json"};
    QTest::newRow("a deeper transformer in config.json")
        << QStringLiteral("layers") << true << QByteArrayList{"model.safetensors", "layers.1.", "config.json"};
    QTest::newRow("a label fewer in config.json")
        << QStringLiteral("labels") << false << QByteArrayList{"model.safetensors", "output.weight"};
    QTest::newRow("tokenizer.model a link out of the folder")
        << QStringLiteral("link") << false << QByteArrayList{"tokenizer.model", "symbolic link"};
    QTest::newRow("config.json a link") << QStringLiteral("config-link") << false
                                        << QByteArrayList{"config.json", "symbolic link"};
    QTest::newRow("oversized config.json")
        << QStringLiteral("oversized") << false << QByteArrayList{"config.json", "MiB"};
    QTest::newRow("deeply nested config.json")
        << QStringLiteral("nested") << false << QByteArrayList{"config.json", "nested deeper"};
    QTest::newRow("config.json not JSON")
        << QStringLiteral("garbage") << false << QByteArrayList{"config.json", "not valid JSON"};
    QTest::newRow("a negative dimension")
        << QStringLiteral("negative") << false << QByteArrayList{"config.json", "bag.dimension must be from 8 to 2048"};
    QTest::newRow("a newer format") << QStringLiteral("version") << false
                                    << QByteArrayList{"config.json", "format_version 2", "newer Glossa"};
    QTest::newRow("a vocabulary the tokenizer does not have")
        << QStringLiteral("vocabulary") << false << QByteArrayList{"tokenizer.model", "pieces", "vocab_size"};
    QTest::newRow("no weights") << QStringLiteral("no-weights") << false
                                << QByteArrayList{"model.safetensors", "missing"};
    QTest::newRow("a folder as the tokenizer")
        << QStringLiteral("tokenizer-folder") << false << QByteArrayList{"tokenizer.model", "folder"};
    QTest::newRow("not a tokenizer") << QStringLiteral("tokenizer-garbage") << false
                                     << QByteArrayList{"tokenizer.model"};
}

void TestCliExport::hostileFoldersAreRefused()
{
    QFETCH(QString, damage);
    QFETCH(bool, transformer);
    QFETCH(QByteArrayList, expected);
    const auto folder = freshFolder(transformer ? m_transformerRun : m_bagRun, QStringLiteral("hostile-") + damage);
    QVERIFY(std::filesystem::exists(folder / "config.json"));
    const auto configFile = folder / "config.json";
    auto config = readJson(configFile);
    auto edit = [&](const QString &group, const QString &key, const QJsonValue &value) {
        auto object = config.value(group).toObject();
        object[key] = value;
        config[group] = object;
        writeJson(configFile, config);
    };
    const auto weights = folder / "model.safetensors";
    if (damage == QLatin1String("truncate")) {
        std::filesystem::resize_file(weights, std::filesystem::file_size(weights) - 100);
    } else if (damage == QLatin1String("truncate-header")) {
        std::filesystem::resize_file(weights, 40);
    } else if (damage == QLatin1String("dimension")) {
        edit(QStringLiteral("bag"), QStringLiteral("dimension"), 64);
    } else if (damage == QLatin1String("buckets")) {
        edit(QStringLiteral("bag"), QStringLiteral("hash_buckets"), 65536);
    } else if (damage == QLatin1String("layers")) {
        edit(QStringLiteral("transformer"), QStringLiteral("layers"), 2);
    } else if (damage == QLatin1String("labels")) {
        auto labels = config.value(QLatin1String("labels")).toArray();
        labels.removeLast();
        config[QStringLiteral("labels")] = labels;
        writeJson(configFile, config);
    } else if (damage == QLatin1String("link")) {
        // A link to a file outside, which is a good tokenizer: refused for being a link.
        const auto outside = pathIn(m_dir, QStringLiteral("outside.model"));
        std::filesystem::copy_file(folder / "tokenizer.model", outside,
                                   std::filesystem::copy_options::overwrite_existing);
        std::filesystem::remove(folder / "tokenizer.model");
        std::filesystem::create_symlink(outside, folder / "tokenizer.model");
    } else if (damage == QLatin1String("config-link")) {
        const auto outside = pathIn(m_dir, QStringLiteral("outside-config.json"));
        std::filesystem::copy_file(configFile, outside, std::filesystem::copy_options::overwrite_existing);
        std::filesystem::remove(configFile);
        std::filesystem::create_symlink(outside, configFile);
    } else if (damage == QLatin1String("oversized")) {
        // Valid JSON, padded to 5 MiB.
        writeFile(configFile, QJsonDocument(config).toJson() + QByteArray(5 << 20, ' '));
    } else if (damage == QLatin1String("nested")) {
        writeFile(configFile, QByteArray(100000, '[') + QByteArray(100000, ']'));
    } else if (damage == QLatin1String("garbage")) {
        writeFile(configFile, "{\"format\": \"glossa-model\", ");
    } else if (damage == QLatin1String("negative")) {
        edit(QStringLiteral("bag"), QStringLiteral("dimension"), -32);
    } else if (damage == QLatin1String("version")) {
        config[QStringLiteral("format_version")] = 2;
        writeJson(configFile, config);
    } else if (damage == QLatin1String("vocabulary")) {
        edit(QStringLiteral("tokenizer"), QStringLiteral("vocab_size"),
             config.value(QLatin1String("tokenizer")).toObject().value(QLatin1String("vocab_size")).toInt() + 1);
    } else if (damage == QLatin1String("no-weights")) {
        std::filesystem::remove(weights);
    } else if (damage == QLatin1String("tokenizer-folder")) {
        std::filesystem::remove(folder / "tokenizer.model");
        std::filesystem::create_directory(folder / "tokenizer.model");
    } else if (damage == QLatin1String("tokenizer-garbage")) {
        writeFile(folder / "tokenizer.model", QByteArray(4096, 'x'));
    }
    const auto run = runCli({QStringLiteral("predict"), QStringLiteral("--model"),
                             QString::fromStdString(folder.string()), QStringLiteral("--json")},
                            "Where is my parcel?\n");
    VERIFY_ONE_LINE_ERROR(run);
    for (const auto &part : expected)
        QVERIFY2(run.err.contains(part), run.describe().constData());
}

QTEST_GUILESS_MAIN(TestCliExport)
#include "tst_cliexport.moc"
