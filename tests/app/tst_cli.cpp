// glossa-cli as a user and a script see it: exit codes, the JSON each subcommand prints, the
// numbers in it, and the one-line errors. Every case starts the real executable with QProcess.

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

namespace {

struct CliRun
{
    int exitCode = -1;
    bool finished = false;
    QByteArray out;
    QByteArray err;

    QJsonObject json() const { return QJsonDocument::fromJson(out).object(); }
    // For failure messages: what the command said about itself.
    QByteArray describe() const
    {
        return "exit " + QByteArray::number(exitCode) + "; stdout: " + out.left(400) + "; stderr: " + err.left(400);
    }
};

CliRun runCli(const QStringList &arguments, const QString &workingDir = {})
{
    QProcess process;
    process.setProgram(QStringLiteral(GLOSSA_CLI_PATH));
    process.setArguments(arguments);
    if (!workingDir.isEmpty())
        process.setWorkingDirectory(workingDir);
    process.start();
    CliRun run;
    // A generous bound, not a pause: waitForFinished returns as soon as the command exits.
    run.finished = process.waitForStarted(10000) && process.waitForFinished(120000);
    if (!run.finished) {
        process.kill();
        process.waitForFinished(5000);
    }
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    return run;
}

// Succeeded, said nothing on stderr, and printed exactly one JSON object on stdout. The
// argument is evaluated once, so it may be a runCli(...) call.
// clang-format off
#define VERIFY_JSON_SUCCESS(expression)                                                                                \
    do {                                                                                                               \
        const CliRun &checked_ = (expression);                                                                         \
        QVERIFY2(checked_.finished && checked_.exitCode == 0, checked_.describe().constData());                         \
        QVERIFY2(checked_.err.isEmpty(), checked_.describe().constData());                                             \
        QJsonParseError parseError_;                                                                                   \
        const auto document_ = QJsonDocument::fromJson(checked_.out, &parseError_);                                    \
        QVERIFY2(parseError_.error == QJsonParseError::NoError, qPrintable(parseError_.errorString()));                \
        QVERIFY2(document_.isObject(), checked_.out.constData());                                                      \
        QCOMPARE(checked_.out.count('\n'), 1);                                                                         \
    } while (false)

#define VERIFY_SUCCESS(expression)                                                                                     \
    do {                                                                                                               \
        const CliRun &checked_ = (expression);                                                                         \
        QVERIFY2(checked_.finished && checked_.exitCode == 0 && checked_.err.isEmpty(),                                 \
                 checked_.describe().constData());                                                                     \
    } while (false)

// clang-format on

struct Row
{
    QString id;
    QString text;
    QString label; // empty: unlabelled
    QString lang;  // empty: the importer guesses it
    QString split; // empty: the seeded stratified split assigns it
};

// Seven rows in five languages and three scripts. One has no label, one no language, four no
// split; texts carry quotes, commas and non-ASCII so every format's quoting is exercised.
const QList<Row> fixtureRows = {
    {QStringLiteral("en-1"),
     QStringLiteral("Where is my parcel? It has been a week, and tracking still says \"label created\"."),
     QStringLiteral("track_order"),
     QStringLiteral("en"),
     {}},
    {QStringLiteral("de-1"),
     QStringLiteral("Wo ist mein Paket? Die Sendungsverfolgung zeigt seit Tagen nichts Neues."),
     QStringLiteral("track_order"),
     QStringLiteral("de"),
     {}},
    {QStringLiteral("fr-1"), QStringLiteral("Je voudrais annuler ma commande, s'il vous plaît."),
     QStringLiteral("cancel_order"), QStringLiteral("fr"), QStringLiteral("test")},
    {QStringLiteral("ru-1"),
     QStringLiteral("Хочу вернуть товар: он пришёл сломанным, коробка была мокрой."),
     QStringLiteral("refund"),
     QStringLiteral("ru"),
     {}},
    {QStringLiteral("zh-1"), QStringLiteral("我的包裹在哪里？已经一个星期了。"), QStringLiteral("track_order"),
     QStringLiteral("zh"), QStringLiteral("train")},
    {QStringLiteral("x-1"),
     QStringLiteral("Der Artikel kam leider beschädigt bei mir an und ich möchte bitte mein Geld zurück haben."),
     QStringLiteral("refund"),
     {},
     {}},
    {QStringLiteral("en-2"), QStringLiteral("Please cancel it now"), {}, QStringLiteral("en"), QStringLiteral("dev")},
};
constexpr int fixtureLabelled = 6;
constexpr int fixtureGuessed = 1;
constexpr int fixtureSeeded = 4;

struct Columns
{
    QString id = QStringLiteral("id");
    QString text = QStringLiteral("text");
    QString label = QStringLiteral("label");
    QString lang = QStringLiteral("lang");
    QString split = QStringLiteral("split");
};

// Names no alias would find, so the import only works through --map.
const Columns mappedColumns{QStringLiteral("uid"), QStringLiteral("utterance_body"), QStringLiteral("intent_name"),
                            QStringLiteral("locale"), QStringLiteral("fold")};
const QString mapSpec = QStringLiteral("text=utterance_body,label=intent_name,lang=locale,split=fold,id=uid");

QByteArray delimitedField(const QString &value, char delimiter)
{
    QByteArray bytes = value.toUtf8();
    if (bytes.contains(delimiter) || bytes.contains('"') || bytes.contains('\n')) {
        bytes.replace("\"", "\"\"");
        bytes = '"' + bytes + '"';
    }
    return bytes;
}

QByteArray renderRows(const QList<Row> &rows, const QString &format, const Columns &columns)
{
    QByteArray data;
    if (format == QLatin1String("jsonl")) {
        for (const auto &row : rows) {
            QJsonObject object{{columns.id, row.id}, {columns.text, row.text}};
            if (!row.label.isEmpty())
                object.insert(columns.label, row.label);
            if (!row.lang.isEmpty())
                object.insert(columns.lang, row.lang);
            if (!row.split.isEmpty())
                object.insert(columns.split, row.split);
            data += QJsonDocument(object).toJson(QJsonDocument::Compact) + '\n';
        }
        return data;
    }
    const char delimiter = format == QLatin1String("tsv") ? '\t' : ',';
    auto line = [&](const QStringList &fields) {
        QByteArrayList encoded;
        for (const auto &field : fields)
            encoded << delimitedField(field, delimiter);
        data += encoded.join(delimiter) + '\n';
    };
    line({columns.id, columns.text, columns.label, columns.lang, columns.split});
    for (const auto &row : rows)
        line({row.id, row.text, row.label, row.lang, row.split});
    return data;
}

bool writeFile(const QString &path, const QByteArray &data)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(data) == data.size();
}

QString grouped(qint64 value)
{
    // The CLI's human output groups thousands with commas ("2,142").
    QString digits = QString::number(value);
    for (int i = digits.size() - 3; i > 0; i -= 3)
        digits.insert(i, QLatin1Char(','));
    return digits;
}

qint64 sumOf(const QJsonObject &counts)
{
    qint64 sum = 0;
    for (auto it = counts.begin(); it != counts.end(); ++it)
        sum += it.value().toInteger();
    return sum;
}

} // namespace

class TestCli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();

    void initCreatesEmptyProject();
    void demoProject();
    void import_data();
    void import();
    void importAddsToExistingDataset();
    void datasetsListsEveryDataset();
    void roundTrip_data();
    void roundTrip();
    void humanReadableOutput();
    void statsIsATableSortedByCount();
    void failures_data();
    void failures();
    void failedImportChangesNothing();
    void failedImportCreatesNoProject();
    void splitKeepsTranslationsTogether();

private:
    QString path(const QString &name) const { return m_dir->filePath(name); }
    QString fixtureFile(const QString &format, const QString &name = {}, const Columns &columns = {});
    QJsonObject stats(const QString &project, const QString &dataset);

    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestCli::initTestCase()
{
    QVERIFY2(QFileInfo::exists(QStringLiteral(GLOSSA_CLI_PATH)), GLOSSA_CLI_PATH " was not built");
    // CTest sets GLOSSA_DATA_DIR; run by hand, point the CLI at the demo in the source tree.
    if (qEnvironmentVariableIsEmpty("GLOSSA_DATA_DIR"))
        qputenv("GLOSSA_DATA_DIR", QFileInfo(QStringLiteral(GLOSSA_DEMO_DIR)).path().toUtf8());
}

void TestCli::init()
{
    // A fresh folder per case (and per data row), so no case sees another's project.
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

QString TestCli::fixtureFile(const QString &format, const QString &name, const Columns &columns)
{
    const QString file = path(name.isEmpty() ? QStringLiteral("intents.") + format : name);
    if (!writeFile(file, renderRows(fixtureRows, format, columns)))
        qWarning("cannot write %s", qPrintable(file));
    return file;
}

QJsonObject TestCli::stats(const QString &project, const QString &dataset)
{
    const auto run = runCli({QStringLiteral("stats"), QStringLiteral("--project"), project, QStringLiteral("--dataset"),
                             dataset, QStringLiteral("--json")});
    if (run.exitCode != 0)
        qWarning("stats failed: %s", run.describe().constData());
    return run.json();
}

void TestCli::initCreatesEmptyProject()
{
    const QString project = path(QStringLiteral("empty.glossa"));
    const auto run = runCli({QStringLiteral("init"), QStringLiteral("--project"), project, QStringLiteral("--json")});
    VERIFY_JSON_SUCCESS(run);
    const auto json = run.json();
    QCOMPARE(json.value(QLatin1String("project")).toString(), project);
    QVERIFY(json.value(QLatin1String("schema")).toInt() >= 1);
    QCOMPARE(json.value(QLatin1String("datasets")).toInteger(), 0);
    QVERIFY(QFileInfo(project).isFile());

    const auto list =
        runCli({QStringLiteral("datasets"), QStringLiteral("--project"), project, QStringLiteral("--json")});
    VERIFY_JSON_SUCCESS(list);
    QCOMPARE(list.json().value(QLatin1String("project")).toString(), project);
    QVERIFY(list.json().value(QLatin1String("datasets")).isArray());
    QCOMPARE(list.json().value(QLatin1String("datasets")).toArray().size(), 0);
}

void TestCli::demoProject()
{
    const QString project = path(QStringLiteral("demo.glossa"));
    const auto init = runCli({QStringLiteral("init"), QStringLiteral("--project"), project, QStringLiteral("--demo"),
                              QStringLiteral("--json")});
    VERIFY_JSON_SUCCESS(init);
    QCOMPARE(init.json().value(QLatin1String("datasets")).toInteger(), 1);

    const auto list =
        runCli({QStringLiteral("datasets"), QStringLiteral("--project"), project, QStringLiteral("--json")});
    VERIFY_JSON_SUCCESS(list);
    const auto datasets = list.json().value(QLatin1String("datasets")).toArray();
    QCOMPARE(datasets.size(), 1);
    const auto demo = datasets.first().toObject();
    const QString name = demo.value(QLatin1String("name")).toString();
    QVERIFY(!name.isEmpty());
    const qint64 examples = demo.value(QLatin1String("examples")).toInteger();
    QVERIFY2(examples >= 2000, qPrintable(QString::number(examples)));
    QCOMPARE(demo.value(QLatin1String("languages")).toInteger(), 9);
    QVERIFY(demo.value(QLatin1String("labels")).toInteger() >= 2);
    QVERIFY(demo.value(QLatin1String("labelled")).toInteger() > 0);
    QVERIFY(demo.value(QLatin1String("created_at")).toInteger() > 0);

    const auto counts = stats(project, name);
    QCOMPARE(counts.value(QLatin1String("dataset")).toString(), name);
    QCOMPARE(counts.value(QLatin1String("total")).toInteger(), examples);
    QCOMPARE(counts.value(QLatin1String("labelled")).toInteger(), demo.value(QLatin1String("labelled")).toInteger());
    const auto byLang = counts.value(QLatin1String("by_lang")).toObject();
    QCOMPARE(byLang.keys(), QStringList({QStringLiteral("ar"), QStringLiteral("de"), QStringLiteral("en"),
                                         QStringLiteral("es"), QStringLiteral("fr"), QStringLiteral("hi"),
                                         QStringLiteral("ja"), QStringLiteral("ru"), QStringLiteral("zh")}));
    QCOMPARE(sumOf(byLang), examples);
    QCOMPARE(sumOf(counts.value(QLatin1String("by_label")).toObject()), examples);
    const auto bySplit = counts.value(QLatin1String("by_split")).toObject();
    QCOMPARE(sumOf(bySplit), examples);
    for (const char *split : {"train", "dev", "test"})
        QVERIFY2(bySplit.value(QLatin1String(split)).toInteger() > 0, split);
    // The cells are the label x language x split breakdown the three groups are sums of.
    qint64 cellTotal = 0;
    for (const auto &cell : counts.value(QLatin1String("cells")).toArray()) {
        const auto object = cell.toObject();
        QVERIFY(object.contains(QLatin1String("label")));
        QVERIFY(byLang.contains(object.value(QLatin1String("lang")).toString()));
        QVERIFY(bySplit.contains(object.value(QLatin1String("split")).toString()));
        QVERIFY(object.value(QLatin1String("count")).toInteger() > 0);
        cellTotal += object.value(QLatin1String("count")).toInteger();
    }
    QCOMPARE(cellTotal, examples);
}

void TestCli::import_data()
{
    QTest::addColumn<QString>("extension");
    QTest::addColumn<QString>("formatOption"); // --format, or empty to detect it
    QTest::addColumn<bool>("mapped");          // unusual column names plus --map
    QTest::addColumn<QString>("expectedFormat");

    QTest::newRow("csv by extension") << "csv" << QString() << false << "csv";
    QTest::newRow("tsv by extension") << "tsv" << QString() << false << "tsv";
    QTest::newRow("jsonl by extension") << "jsonl" << QString() << false << "jsonl";
    QTest::newRow("jsonl named .txt, --format jsonl") << "txt"
                                                      << "jsonl" << false << "jsonl";
    QTest::newRow("tsv named .csv, --format tsv") << "csv"
                                                  << "tsv" << false << "tsv";
    QTest::newRow("csv with --map") << "csv" << QString() << true << "csv";
    QTest::newRow("tsv with --map") << "tsv" << QString() << true << "tsv";
    QTest::newRow("jsonl with --map") << "jsonl" << QString() << true << "jsonl";
}

void TestCli::import()
{
    QFETCH(QString, extension);
    QFETCH(QString, formatOption);
    QFETCH(bool, mapped);
    QFETCH(QString, expectedFormat);

    // The content follows the real format; the name may say otherwise when --format overrides it.
    const QString input = path(QStringLiteral("intents.") + extension);
    QVERIFY(writeFile(input, renderRows(fixtureRows, expectedFormat, mapped ? mappedColumns : Columns{})));
    const QString project = path(QStringLiteral("p.glossa"));
    QStringList arguments = {
        QStringLiteral("import"),  QStringLiteral("--project"), project, QStringLiteral("--dataset"),
        QStringLiteral("intents"), QStringLiteral("--input"),   input,   QStringLiteral("--json")};
    if (!formatOption.isEmpty())
        arguments << QStringLiteral("--format") << formatOption;
    if (mapped)
        arguments << QStringLiteral("--map") << mapSpec;

    const auto run = runCli(arguments);
    VERIFY_JSON_SUCCESS(run);
    const auto summary = run.json();
    QVERIFY2(QFileInfo(project).isFile(), "import creates a missing project");
    QCOMPARE(summary.value(QLatin1String("project")).toString(), project);
    QCOMPARE(summary.value(QLatin1String("dataset")).toString(), QStringLiteral("intents"));
    QCOMPARE(summary.value(QLatin1String("created_dataset")).toBool(), true);
    QCOMPARE(summary.value(QLatin1String("format")).toString(), expectedFormat);
    QCOMPARE(summary.value(QLatin1String("rows")).toInteger(), fixtureRows.size());
    QCOMPARE(summary.value(QLatin1String("labelled")).toInteger(), fixtureLabelled);
    QCOMPARE(summary.value(QLatin1String("guessed_languages")).toInteger(), fixtureGuessed);
    QCOMPARE(summary.value(QLatin1String("seeded_splits")).toInteger(), fixtureSeeded);
    QCOMPARE(summary.value(QLatin1String("new_labels")).toArray().toVariantList(),
             QVariantList({QStringLiteral("track_order"), QStringLiteral("cancel_order"), QStringLiteral("refund")}));
    QVERIFY(summary.value(QLatin1String("seconds")).isDouble());
    QVERIFY(summary.value(QLatin1String("rows_per_second")).isDouble());
    const QString mapping = summary.value(QLatin1String("mapping")).toString();
    const Columns &columns = mapped ? mappedColumns : Columns{};
    const QStringList pairs = {QStringLiteral("text=") + columns.text, QStringLiteral("label=") + columns.label,
                               QStringLiteral("lang=") + columns.lang, QStringLiteral("split=") + columns.split,
                               QStringLiteral("id=") + columns.id};
    for (const auto &pair : pairs)
        QVERIFY2(mapping.contains(pair), qPrintable(mapping + QStringLiteral(" lacks ") + pair));

    // What landed in the project, counted by the stats command.
    const auto counts = stats(project, QStringLiteral("intents"));
    QCOMPARE(counts.value(QLatin1String("total")).toInteger(), fixtureRows.size());
    QCOMPARE(counts.value(QLatin1String("labelled")).toInteger(), fixtureLabelled);
    QCOMPARE(counts.value(QLatin1String("by_label")).toObject(), QJsonObject({{QStringLiteral("track_order"), 3},
                                                                              {QStringLiteral("cancel_order"), 1},
                                                                              {QStringLiteral("refund"), 2},
                                                                              {QStringLiteral("(unlabelled)"), 1}}));
    // The unlabelled German row's language is guessed: two German rows in all.
    QCOMPARE(counts.value(QLatin1String("by_lang")).toObject(), QJsonObject({{QStringLiteral("de"), 2},
                                                                             {QStringLiteral("en"), 2},
                                                                             {QStringLiteral("fr"), 1},
                                                                             {QStringLiteral("ru"), 1},
                                                                             {QStringLiteral("zh"), 1}}));
    const auto bySplit = counts.value(QLatin1String("by_split")).toObject();
    QCOMPARE(sumOf(bySplit), fixtureRows.size());
    // Three rows name their split; the seeded split places the other four, so each split
    // holds at least its named row.
    for (const char *split : {"train", "dev", "test"})
        QVERIFY2(bySplit.value(QLatin1String(split)).toInteger() >= 1, split);
    // A split named in the file is kept, not redrawn: the French row asked for test, the
    // unlabelled row for dev.
    bool sawFrench = false;
    for (const auto &cell : counts.value(QLatin1String("cells")).toArray()) {
        const auto object = cell.toObject();
        if (object.value(QLatin1String("lang")).toString() == QLatin1String("fr")) {
            QCOMPARE(object.value(QLatin1String("split")).toString(), QStringLiteral("test"));
            QCOMPARE(object.value(QLatin1String("label")).toString(), QStringLiteral("cancel_order"));
            sawFrench = true;
        }
        if (object.value(QLatin1String("label")).isNull())
            QCOMPARE(object.value(QLatin1String("split")).toString(), QStringLiteral("dev"));
    }
    QVERIFY(sawFrench);
}

void TestCli::importAddsToExistingDataset()
{
    const QString project = path(QStringLiteral("p.glossa"));
    const auto first = runCli({QStringLiteral("import"), QStringLiteral("-p"), project, QStringLiteral("-d"),
                               QStringLiteral("intents"), QStringLiteral("-i"), fixtureFile(QStringLiteral("jsonl")),
                               QStringLiteral("--json")});
    VERIFY_JSON_SUCCESS(first);

    // The same texts under new ids: a second import adds to the dataset instead of replacing it.
    QList<Row> more = fixtureRows;
    for (auto &row : more)
        row.id += QStringLiteral("-b");
    const QString second = path(QStringLiteral("more.csv"));
    QVERIFY(writeFile(second, renderRows(more, QStringLiteral("csv"), {})));
    const auto run = runCli({QStringLiteral("import"), QStringLiteral("-p"), project, QStringLiteral("-d"),
                             QStringLiteral("intents"), QStringLiteral("-i"), second, QStringLiteral("--json")});
    VERIFY_JSON_SUCCESS(run);
    QCOMPARE(run.json().value(QLatin1String("created_dataset")).toBool(), false);
    QCOMPARE(run.json().value(QLatin1String("rows")).toInteger(), fixtureRows.size());
    QCOMPARE(run.json().value(QLatin1String("new_labels")).toArray().size(), 0);

    const auto counts = stats(project, QStringLiteral("intents"));
    QCOMPARE(counts.value(QLatin1String("total")).toInteger(), 2 * fixtureRows.size());
    QCOMPARE(counts.value(QLatin1String("labelled")).toInteger(), 2 * fixtureLabelled);
    QCOMPARE(counts.value(QLatin1String("by_label")).toObject().value(QLatin1String("track_order")).toInteger(), 6);

    // The same file again collides on its ids, and says which.
    const auto again = runCli({QStringLiteral("import"), QStringLiteral("-p"), project, QStringLiteral("-d"),
                               QStringLiteral("intents"), QStringLiteral("-i"), second});
    QVERIFY2(again.exitCode != 0, again.describe().constData());
    QVERIFY2(again.err.contains("more.csv:2:") && again.err.contains("en-1-b"), again.err.constData());
    QCOMPARE(stats(project, QStringLiteral("intents")).value(QLatin1String("total")).toInteger(),
             2 * fixtureRows.size());
}

void TestCli::datasetsListsEveryDataset()
{
    const QString project = path(QStringLiteral("p.glossa"));
    const auto small = runCli({QStringLiteral("import"), QStringLiteral("-p"), project, QStringLiteral("-d"),
                               QStringLiteral("zeta"), QStringLiteral("-i"), fixtureFile(QStringLiteral("csv"))});
    VERIFY_SUCCESS(small);
    // A second dataset of the first two rows: one English, one German, both track_order.
    const QString two = path(QStringLiteral("two.jsonl"));
    QVERIFY(writeFile(two, renderRows(fixtureRows.mid(0, 2), QStringLiteral("jsonl"), {})));
    VERIFY_SUCCESS(runCli({QStringLiteral("import"), QStringLiteral("-p"), project, QStringLiteral("-d"),
                           QStringLiteral("alpha"), QStringLiteral("-i"), two}));

    const auto run =
        runCli({QStringLiteral("datasets"), QStringLiteral("--project"), project, QStringLiteral("--json")});
    VERIFY_JSON_SUCCESS(run);
    const auto list = run.json().value(QLatin1String("datasets")).toArray();
    QCOMPARE(list.size(), 2);
    // Listed by name.
    const auto alpha = list.at(0).toObject();
    const auto zeta = list.at(1).toObject();
    QCOMPARE(alpha.value(QLatin1String("name")).toString(), QStringLiteral("alpha"));
    QCOMPARE(alpha.value(QLatin1String("examples")).toInteger(), 2);
    QCOMPARE(alpha.value(QLatin1String("labelled")).toInteger(), 2);
    QCOMPARE(alpha.value(QLatin1String("languages")).toInteger(), 2);
    QCOMPARE(alpha.value(QLatin1String("labels")).toInteger(), 1);
    QCOMPARE(zeta.value(QLatin1String("name")).toString(), QStringLiteral("zeta"));
    QCOMPARE(zeta.value(QLatin1String("examples")).toInteger(), fixtureRows.size());
    QCOMPARE(zeta.value(QLatin1String("labelled")).toInteger(), fixtureLabelled);
    QCOMPARE(zeta.value(QLatin1String("languages")).toInteger(), 5);
    QCOMPARE(zeta.value(QLatin1String("labels")).toInteger(), 3);
}

void TestCli::roundTrip_data()
{
    QTest::addColumn<bool>("demo");
    QTest::addColumn<QString>("format");
    for (const bool demo : {false, true}) {
        for (const char *format : {"csv", "tsv", "jsonl"}) {
            const QByteArray name = QByteArray(demo ? "demo" : "fixture") + " via " + format;
            QTest::newRow(name.constData()) << demo << QString::fromLatin1(format);
        }
    }
}

void TestCli::roundTrip()
{
    QFETCH(bool, demo);
    QFETCH(QString, format);

    const QString original = path(QStringLiteral("original.glossa"));
    QString dataset = QStringLiteral("intents");
    if (demo) {
        VERIFY_SUCCESS(runCli({QStringLiteral("init"), QStringLiteral("-p"), original, QStringLiteral("--demo")}));
        const auto list =
            runCli({QStringLiteral("datasets"), QStringLiteral("-p"), original, QStringLiteral("--json")});
        VERIFY_JSON_SUCCESS(list);
        dataset = list.json()
                      .value(QLatin1String("datasets"))
                      .toArray()
                      .first()
                      .toObject()
                      .value(QLatin1String("name"))
                      .toString();
    } else {
        VERIFY_SUCCESS(runCli({QStringLiteral("import"), QStringLiteral("-p"), original, QStringLiteral("-d"), dataset,
                               QStringLiteral("-i"), fixtureFile(QStringLiteral("jsonl"))}));
    }
    const auto before = stats(original, dataset);
    QVERIFY(before.value(QLatin1String("total")).toInteger() > 0);

    const QString exported = path(QStringLiteral("exported.") + format);
    const auto exportRun =
        runCli({QStringLiteral("export"), QStringLiteral("--project"), original, QStringLiteral("--dataset"), dataset,
                QStringLiteral("--output"), exported, QStringLiteral("--json")});
    VERIFY_JSON_SUCCESS(exportRun);
    QCOMPARE(exportRun.json().value(QLatin1String("dataset")).toString(), dataset);
    QCOMPARE(exportRun.json().value(QLatin1String("output")).toString(), exported);
    QCOMPARE(exportRun.json().value(QLatin1String("format")).toString(), format);
    QCOMPARE(exportRun.json().value(QLatin1String("rows")).toInteger(),
             before.value(QLatin1String("total")).toInteger());
    QVERIFY(QFileInfo(exported).size() > 0);
    QVERIFY2(!QFileInfo::exists(exported + QStringLiteral(".part")), "the temporary file is renamed into place");

    const QString copy = path(QStringLiteral("copy.glossa"));
    const auto importRun = runCli({QStringLiteral("import"), QStringLiteral("-p"), copy, QStringLiteral("-d"), dataset,
                                   QStringLiteral("-i"), exported, QStringLiteral("--json")});
    VERIFY_JSON_SUCCESS(importRun);
    // Exported rows carry their language and split, so nothing is guessed or drawn again.
    QCOMPARE(importRun.json().value(QLatin1String("guessed_languages")).toInteger(), 0);
    QCOMPARE(importRun.json().value(QLatin1String("seeded_splits")).toInteger(), 0);

    // Every count per label x language x split survives the trip.
    QCOMPARE(stats(copy, dataset), before);
}

void TestCli::humanReadableOutput()
{
    const QString project = path(QStringLiteral("p.glossa"));
    const auto import = runCli({QStringLiteral("import"), QStringLiteral("-p"), project, QStringLiteral("-d"),
                                QStringLiteral("intents"), QStringLiteral("-i"), fixtureFile(QStringLiteral("csv"))});
    VERIFY_SUCCESS(import);
    QVERIFY2(import.out.contains("Imported 7 rows into 'intents'"), import.out.constData());
    QVERIFY2(import.out.contains("track_order"), "new labels are listed");

    const auto list = runCli({QStringLiteral("datasets"), QStringLiteral("-p"), project});
    VERIFY_SUCCESS(list);
    QVERIFY2(list.out.contains("intents") && list.out.contains("7 examples") && list.out.contains("6 labelled"),
             list.out.constData());

    const auto counts = runCli(
        {QStringLiteral("stats"), QStringLiteral("-p"), project, QStringLiteral("-d"), QStringLiteral("intents")});
    VERIFY_SUCCESS(counts);
    QVERIFY2(counts.out.contains("7 examples, 6 labelled"), counts.out.constData());
    QVERIFY2(counts.out.contains("(unlabelled)"), counts.out.constData());

    const QString exported = path(QStringLiteral("out.tsv"));
    const auto exportRun = runCli({QStringLiteral("export"), QStringLiteral("-p"), project, QStringLiteral("-d"),
                                   QStringLiteral("intents"), QStringLiteral("-o"), exported});
    VERIFY_SUCCESS(exportRun);
    QVERIFY2(exportRun.out.contains("Exported 7 rows"), exportRun.out.constData());

    // Large counts are grouped by thousands, as the demo shows.
    const QString demo = path(QStringLiteral("demo.glossa"));
    const auto init = runCli({QStringLiteral("init"), QStringLiteral("-p"), demo, QStringLiteral("--demo")});
    VERIFY_SUCCESS(init);
    QVERIFY2(init.out.contains("Created"), init.out.constData());
    const auto demoList = runCli({QStringLiteral("datasets"), QStringLiteral("-p"), demo, QStringLiteral("--json")});
    const auto info = demoList.json().value(QLatin1String("datasets")).toArray().first().toObject();
    const auto demoStats = runCli({QStringLiteral("stats"), QStringLiteral("-p"), demo, QStringLiteral("-d"),
                                   info.value(QLatin1String("name")).toString()});
    VERIFY_SUCCESS(demoStats);
    const QString total = grouped(info.value(QLatin1String("examples")).toInteger()) + QStringLiteral(" examples");
    QVERIFY2(QString::fromUtf8(demoStats.out).contains(total), qPrintable(total));
}

// Numeric labels sort by how many examples they have, not as text ("10" before "2"), in a
// table whose counts line up, whatever the width of the names; unlabelled examples come last.
void TestCli::statsIsATableSortedByCount()
{
    QByteArray csv = "id,text,label,lang,customer\n";
    int row = 0;
    const auto add = [&](const QByteArray &label, int count, const QByteArray &lang) {
        for (int i = 0; i < count; ++i, ++row)
            csv += "r" + QByteArray::number(row) + ",text number " + QByteArray::number(row) + "," + label + "," + lang
                   + ",c" + QByteArray::number(row % 2) + "\n";
    };
    add("10", 3, "en");
    add("2", 5, "de");
    add("退款申请", 4, "zh");
    add("", 2, "en");
    const QString file = path(QStringLiteral("numeric.csv"));
    QVERIFY(writeFile(file, csv));
    const QString project = path(QStringLiteral("numeric.glossa"));
    const auto import = runCli({QStringLiteral("import"), QStringLiteral("-p"), project, QStringLiteral("-d"),
                                QStringLiteral("d"), QStringLiteral("-i"), file});
    VERIFY_SUCCESS(import);
    QVERIFY2(import.out.contains("kept as metadata: customer"), import.out.constData());
    // The file has no split or group column: the summary does not mention one.
    QVERIFY2(!import.out.contains("split=") && !import.out.contains("group="), import.out.constData());

    const auto counts =
        runCli({QStringLiteral("stats"), QStringLiteral("-p"), project, QStringLiteral("-d"), QStringLiteral("d")});
    VERIFY_SUCCESS(counts);
    const auto text = QString::fromUtf8(counts.out);
    QVERIFY2(text.startsWith(QStringLiteral("d: 14 examples, 12 labelled, 3 languages, 3 labels\n")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("metadata columns: customer")), qPrintable(text));
    const auto lines = text.split(QLatin1Char('\n'));
    const auto lineOf = [&](const QString &start) {
        for (int i = 0; i < lines.size(); ++i)
            if (lines[i].startsWith(start))
                return i;
        return -1;
    };
    const int header = lineOf(QStringLiteral("  label "));
    QVERIFY2(header >= 0, qPrintable(text));
    QVERIFY2(lines[header].contains(QRegularExpression(QStringLiteral("label +examples +share +train +dev +test"))),
             qPrintable(lines[header]));
    QVERIFY2(lines[header + 1].startsWith(QStringLiteral("  2 ")), qPrintable(text));
    QVERIFY2(lines[header + 2].startsWith(QStringLiteral("  退款申请 ")), qPrintable(text));
    QVERIFY2(lines[header + 3].startsWith(QStringLiteral("  10 ")), qPrintable(text));
    QVERIFY2(lines[header + 4].startsWith(QStringLiteral("  (unlabelled) ")), qPrintable(text));
    // The examples column ends at the same place on every line (a Chinese character takes two
    // cells of a terminal).
    const auto cellsBefore = [](const QString &line, const QString &number) {
        const int at = line.indexOf(QLatin1Char(' ') + number + QLatin1Char(' ')) + 1 + number.size();
        int cells = 0;
        for (int i = 0; i < at; ++i)
            cells += line[i].unicode() >= 0x3000 ? 2 : 1;
        return cells;
    };
    const int end = cellsBefore(lines[header], QStringLiteral("examples"));
    QCOMPARE(cellsBefore(lines[header + 1], QStringLiteral("5")), end);
    QCOMPARE(cellsBefore(lines[header + 2], QStringLiteral("4")), end);
    QCOMPARE(cellsBefore(lines[header + 3], QStringLiteral("3")), end);
    QCOMPARE(cellsBefore(lines[header + 4], QStringLiteral("2")), end);
}

void TestCli::failures_data()
{
    // {P}: a project holding dataset "intents" (made before the command unless the row says
    // otherwise); {D}: the case's folder; {F}: the file the row writes.
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("fileName");
    QTest::addColumn<QByteArray>("fileContent");
    QTest::addColumn<QByteArrayList>("expected"); // all must appear on the one stderr line

    const QByteArray none;
    const QStringList importInto = {QStringLiteral("import"), QStringLiteral("-p"),  QStringLiteral("{P}"),
                                    QStringLiteral("-d"),     QStringLiteral("new"), QStringLiteral("-i"),
                                    QStringLiteral("{F}")};

    QTest::newRow("import: CSV row with an extra field")
        << importInto << "bad.csv" << QByteArray("id,text,label\n1,fine,a\n2,too,many,fields\n")
        << QByteArrayList{"bad.csv:3:", "4 fields"};
    QTest::newRow("import: CSV quote never closed")
        << importInto << "quote.csv" << QByteArray("id,text\n1,fine\n2,\"open\n3,rest\n")
        << QByteArrayList{"quote.csv:3:", "closing quote"};
    QTest::newRow("import: malformed JSON line")
        << importInto << "bad.jsonl" << QByteArray("{\"text\": \"fine\"}\n{\"text\": \"broken\"\n")
        << QByteArrayList{"bad.jsonl:2:", "malformed JSON"};
    QTest::newRow("import: JSON line not an object")
        << importInto << "array.jsonl" << QByteArray("{\"text\": \"fine\"}\n\n[\"text\"]\n")
        << QByteArrayList{"array.jsonl:3:", "object"};
    QTest::newRow("import: unknown split in the file")
        << importInto << "split.csv" << QByteArray("text,split\nhello there,train\nhi again,holdout\n")
        << QByteArrayList{"split.csv:3:", "\"split\"", "holdout"};
    QTest::newRow("import: duplicate id") << importInto << "dup.jsonl"
                                          << QByteArray("{\"id\": \"a\", \"text\": \"one\"}\n{\"id\": \"b\", \"text\": "
                                                        "\"two\"}\n{\"id\": \"a\", \"text\": \"three\"}\n")
                                          << QByteArrayList{"dup.jsonl:3:", "duplicate id 'a'", "line 1"};
    QTest::newRow("import: empty text") << importInto << "blank.tsv" << QByteArray("text\tlabel\nfine\tok\n   \tok\n")
                                        << QByteArrayList{"blank.tsv:3:", "\"text\"", "empty"};
    QTest::newRow("import: invalid UTF-8") << importInto << "latin1.csv" << QByteArray("text\nfine\ncaf\xE9 au lait\n")
                                           << QByteArrayList{"latin1.csv:3:", "UTF-8"};
    QTest::newRow("import: empty file") << importInto << "empty.csv" << QByteArray("")
                                        << QByteArrayList{"empty.csv", "empty"};
    QTest::newRow("import: missing input file")
        << importInto << QString() << none << QByteArrayList{"missing.csv", "cannot be opened"};
    QTest::newRow("import: unknown format")
        << (importInto + QStringList{QStringLiteral("--format"), QStringLiteral("xml")}) << "good.csv"
        << QByteArray("text\nfine\n") << QByteArrayList{"unknown format 'xml'"};
    QTest::newRow("import: --map without =")
        << (importInto + QStringList{QStringLiteral("--map"), QStringLiteral("text")}) << "good.csv"
        << QByteArray("text\nfine\n") << QByteArrayList{"'text'", "field=COLUMN"};
    QTest::newRow("import: --map of an unknown field")
        << (importInto + QStringList{QStringLiteral("--map"), QStringLiteral("colour=text")}) << "good.csv"
        << QByteArray("text\nfine\n") << QByteArrayList{"unknown field 'colour'"};
    QTest::newRow("import: --map to a missing column")
        << (importInto + QStringList{QStringLiteral("--map"), QStringLiteral("text=body")}) << "good.csv"
        << QByteArray("text\nfine\n") << QByteArrayList{"good.csv:1:", "no column named 'body'"};
    QTest::newRow("import: --split of two numbers")
        << (importInto + QStringList{QStringLiteral("--split"), QStringLiteral("80/20")}) << "good.csv"
        << QByteArray("text\nfine\n") << QByteArrayList{"--split", "80/20"};
    QTest::newRow("import: --split not adding up to 100")
        << (importInto + QStringList{QStringLiteral("--split"), QStringLiteral("50/30/30")}) << "good.csv"
        << QByteArray("text\nfine\n") << QByteArrayList{"100", "50/30/30"};
    QTest::newRow("import: no --dataset")
        << QStringList{QStringLiteral("import"), QStringLiteral("-p"), QStringLiteral("{P}"), QStringLiteral("-i"),
                       QStringLiteral("{F}")}
        << "good.csv" << QByteArray("text\nfine\n") << QByteArrayList{"--dataset"};
    QTest::newRow("import: project in a missing folder")
        << QStringList{QStringLiteral("import"), QStringLiteral("-p"), QStringLiteral("{D}/no/such/p.glossa"),
                       QStringLiteral("-d"),     QStringLiteral("x"),  QStringLiteral("-i"),
                       QStringLiteral("{F}")}
        << "good.csv" << QByteArray("text\nfine\n") << QByteArrayList{"{D}/no/such/p.glossa"};

    const QStringList statsOf = {QStringLiteral("stats"), QStringLiteral("-p"), QStringLiteral("{P}"),
                                 QStringLiteral("-d")};
    QTest::newRow("stats: missing dataset") << (statsOf + QStringList{QStringLiteral("nope")}) << QString() << none
                                            << QByteArrayList{"no dataset named 'nope'", "intents"};
    QTest::newRow("export: missing dataset")
        << QStringList{QStringLiteral("export"),     QStringLiteral("-p"),   QStringLiteral("{P}"),
                       QStringLiteral("-d"),         QStringLiteral("nope"), QStringLiteral("-o"),
                       QStringLiteral("{D}/out.csv")}
        << QString() << none << QByteArrayList{"no dataset named 'nope'"};
    QTest::newRow("export: unknown format")
        << QStringList{QStringLiteral("export"),      QStringLiteral("-p"),       QStringLiteral("{P}"),
                       QStringLiteral("-d"),          QStringLiteral("intents"),  QStringLiteral("-o"),
                       QStringLiteral("{D}/out.csv"), QStringLiteral("--format"), QStringLiteral("parquet")}
        << QString() << none << QByteArrayList{"unknown format 'parquet'"};
    QTest::newRow("export: folder missing")
        << QStringList{QStringLiteral("export"),
                       QStringLiteral("-p"),
                       QStringLiteral("{P}"),
                       QStringLiteral("-d"),
                       QStringLiteral("intents"),
                       QStringLiteral("-o"),
                       QStringLiteral("{D}/no/such/out.csv")}
        << QString() << none << QByteArrayList{"{D}/no/such/out.csv", "cannot be written"};

    const QString missing = QStringLiteral("{D}/missing.glossa");
    QTest::newRow("stats: missing project") << QStringList{QStringLiteral("stats"), QStringLiteral("-p"), missing,
                                                           QStringLiteral("-d"), QStringLiteral("intents")}
                                            << QString() << none << QByteArrayList{"missing.glossa", "no such project"};
    QTest::newRow("datasets: missing project")
        << QStringList{QStringLiteral("datasets"), QStringLiteral("-p"), missing} << QString() << none
        << QByteArrayList{"missing.glossa", "no such project"};
    QTest::newRow("export: missing project")
        << QStringList{QStringLiteral("export"),     QStringLiteral("-p"),      missing,
                       QStringLiteral("-d"),         QStringLiteral("intents"), QStringLiteral("-o"),
                       QStringLiteral("{D}/out.csv")}
        << QString() << none << QByteArrayList{"missing.glossa", "no such project"};
    QTest::newRow("datasets: not a project")
        << QStringList{QStringLiteral("datasets"), QStringLiteral("-p"), QStringLiteral("{F}")} << "notes.txt"
        << QByteArray("just some notes\n") << QByteArrayList{"notes.txt", "not a Glossa project"};
    QTest::newRow("init: project exists")
        << QStringList{QStringLiteral("init"), QStringLiteral("-p"), QStringLiteral("{P}")} << QString() << none
        << QByteArrayList{"already exists"};
    QTest::newRow("unknown subcommand") << QStringList{QStringLiteral("frobnicate"), QStringLiteral("-p"),
                                                       QStringLiteral("{P}")}
                                        << QString() << none << QByteArrayList{"subcommand"};
}

void TestCli::failures()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, fileName);
    QFETCH(QByteArray, fileContent);
    QFETCH(QByteArrayList, expected);

    const QString project = path(QStringLiteral("p.glossa"));
    VERIFY_SUCCESS(runCli({QStringLiteral("import"), QStringLiteral("-p"), project, QStringLiteral("-d"),
                           QStringLiteral("intents"), QStringLiteral("-i"), fixtureFile(QStringLiteral("jsonl"))}));
    const QString file = path(fileName.isEmpty() ? QStringLiteral("missing.csv") : fileName);
    if (!fileName.isEmpty())
        QVERIFY(writeFile(file, fileContent));
    auto expand = [&](QString text) {
        return text.replace(QLatin1String("{P}"), project)
            .replace(QLatin1String("{F}"), file)
            .replace(QLatin1String("{D}"), m_dir->path());
    };
    for (auto &argument : arguments)
        argument = expand(argument);

    // The contract holds whether or not a script asked for JSON.
    for (const bool json : {false, true}) {
        const QStringList withJson = json ? arguments + QStringList{QStringLiteral("--json")} : arguments;
        const auto run = runCli(withJson, m_dir->path());
        const QByteArray context = (json ? "with --json: " : "") + run.describe();
        QVERIFY2(run.finished, context.constData());
        QVERIFY2(run.exitCode > 0, context.constData());
        QVERIFY2(run.out.isEmpty(), context.constData());
        QVERIFY2(run.err.endsWith('\n') && run.err.count('\n') == 1, context.constData());
        for (const auto &piece : expected) {
            const QByteArray wanted = expand(QString::fromUtf8(piece)).toUtf8();
            QVERIFY2(run.err.contains(wanted), QByteArray(context + " lacks " + wanted).constData());
        }
    }
    // Whatever failed, the project's dataset is as it was.
    QCOMPARE(stats(project, QStringLiteral("intents")).value(QLatin1String("total")).toInteger(), fixtureRows.size());
}

void TestCli::failedImportChangesNothing()
{
    const QString project = path(QStringLiteral("p.glossa"));
    VERIFY_SUCCESS(runCli({QStringLiteral("import"), QStringLiteral("-p"), project, QStringLiteral("-d"),
                           QStringLiteral("intents"), QStringLiteral("-i"), fixtureFile(QStringLiteral("csv"))}));
    const auto before = stats(project, QStringLiteral("intents"));

    // Good rows first, then a bad one: all or nothing, into an existing and into a new dataset.
    QList<Row> rows = fixtureRows;
    for (auto &row : rows)
        row.id += QStringLiteral("-new");
    QByteArray data = renderRows(rows, QStringLiteral("jsonl"), {});
    data += "{\"id\": \"late\", \"text\": 42}\n";
    const QString bad = path(QStringLiteral("late.jsonl"));
    QVERIFY(writeFile(bad, data));
    for (const char *dataset : {"intents", "fresh"}) {
        const auto run = runCli({QStringLiteral("import"), QStringLiteral("-p"), project, QStringLiteral("-d"),
                                 QString::fromLatin1(dataset), QStringLiteral("-i"), bad});
        QVERIFY2(run.exitCode != 0, run.describe().constData());
        QVERIFY2(run.err.contains("late.jsonl:8:") && run.err.contains("\"text\""), run.err.constData());
    }
    QCOMPARE(stats(project, QStringLiteral("intents")), before);
    const auto list = runCli({QStringLiteral("datasets"), QStringLiteral("-p"), project, QStringLiteral("--json")});
    VERIFY_JSON_SUCCESS(list);
    QCOMPARE(list.json().value(QLatin1String("datasets")).toArray().size(), 1);
}

void TestCli::failedImportCreatesNoProject()
{
    // import creates a missing project; a failed one must not leave an empty project behind,
    // or the user's next `init` of that name is refused.
    const QString project = path(QStringLiteral("new.glossa"));
    const QString bad = path(QStringLiteral("bad.csv"));
    QVERIFY(writeFile(bad, "id,text\n1,fine\n2,\"open\n"));
    for (const QString &input : {bad, path(QStringLiteral("typo.csv"))}) {
        const auto run = runCli({QStringLiteral("import"), QStringLiteral("-p"), project, QStringLiteral("-d"),
                                 QStringLiteral("intents"), QStringLiteral("-i"), input});
        QVERIFY2(run.exitCode != 0 && run.err.count('\n') == 1, run.describe().constData());
        QVERIFY2(!QFileInfo::exists(project), qPrintable(input));
        QVERIFY(!QFileInfo::exists(project + QStringLiteral("-wal")));
    }
    VERIFY_SUCCESS(runCli({QStringLiteral("init"), QStringLiteral("-p"), project}));
}

// A file whose splits leak translations across train and test: stats says so and names the
// fix; split previews, applies and undoes, and the counts it prints are the dataset's.
void TestCli::splitKeepsTranslationsTogether()
{
    QByteArray csv("id,text,label,lang,group,split\n");
    const char *splits[] = {"train", "test", "train", "dev", "train", "train", "test"};
    int row = 0;
    for (int item = 0; item < 30; ++item)
        for (const char *lang : {"en", "de", "zh"}) {
            ++row;
            csv += QByteArray::number(row) + ",message " + QByteArray::number(row) + ",intent"
                   + QByteArray::number(item % 3) + "," + lang + ",item" + QByteArray::number(item) + ","
                   + splits[row % 7] + "\n";
        }
    const QString file = path(QStringLiteral("leaky.csv"));
    QVERIFY(writeFile(file, csv));
    const QString project = path(QStringLiteral("p.glossa"));
    VERIFY_SUCCESS(runCli({QStringLiteral("import"), QStringLiteral("-p"), project, QStringLiteral("-d"),
                           QStringLiteral("leaky"), QStringLiteral("-i"), file}));
    const auto leaked = stats(project, QStringLiteral("leaky"));
    QVERIFY(leaked.value(QLatin1String("groups_across_splits")).toInt() > 10);
    const auto warned =
        runCli({QStringLiteral("stats"), QStringLiteral("-p"), project, QStringLiteral("-d"), QStringLiteral("leaky")});
    QVERIFY2(warned.out.contains("groups have rows in more than one split") && warned.out.contains("glossa-cli split"),
             warned.out.constData());

    const QStringList split = {QStringLiteral("split"), QStringLiteral("-p"),    project,
                               QStringLiteral("-d"),    QStringLiteral("leaky"), QStringLiteral("--json")};
    const auto preview = runCli(split + QStringList{QStringLiteral("--dry-run")});
    VERIFY_JSON_SUCCESS(preview);
    QCOMPARE(preview.json().value(QLatin1String("applied")).toBool(), false);
    QCOMPARE(preview.json().value(QLatin1String("groups_across_splits")).toInt(), 0);
    QCOMPARE(stats(project, QStringLiteral("leaky")), leaked); // a dry run writes nothing

    const auto applied = runCli(split);
    VERIFY_JSON_SUCCESS(applied);
    QCOMPARE(applied.json().value(QLatin1String("total")), preview.json().value(QLatin1String("total")));
    const auto after = stats(project, QStringLiteral("leaky"));
    QCOMPARE(after.value(QLatin1String("groups_across_splits")).toInt(), 0);
    QCOMPARE(after.value(QLatin1String("by_split")).toObject(),
             applied.json().value(QLatin1String("total")).toObject());
    const auto perLanguage = applied.json().value(QLatin1String("per_language")).toObject();
    QCOMPARE(perLanguage.value(QLatin1String("en")), perLanguage.value(QLatin1String("zh")));

    const auto undone = runCli(split + QStringList{QStringLiteral("--undo")});
    VERIFY_JSON_SUCCESS(undone);
    QCOMPARE(stats(project, QStringLiteral("leaky")), leaked);
    const auto nothingLeft = runCli(split + QStringList{QStringLiteral("--undo")});
    QCOMPARE(nothingLeft.exitCode, 1);
    QVERIFY2(nothingLeft.err.contains("no re-split to undo"), nothingLeft.describe().constData());
    const auto badRatios = runCli(split + QStringList{QStringLiteral("--ratios"), QStringLiteral("80/30/10")});
    QCOMPARE(badRatios.exitCode, 1);
    QVERIFY2(badRatios.err.contains("add up to 100"), badRatios.describe().constData());
    QCOMPARE(stats(project, QStringLiteral("leaky")), leaked);
}

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
