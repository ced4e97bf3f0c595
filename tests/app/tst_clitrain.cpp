// glossa-cli's training commands as a user and a script see them: train, runs, eval, predict
// and errors on the demo project; Ctrl-C and --resume; and the one-line errors of settings and
// data that cannot train. Every case starts the real executable with QProcess.

#include "testsupport.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <memory>
#include <optional>

#include <signal.h>

using namespace glossa::test;

namespace {

struct CliRun
{
    int exitCode = -1;
    bool finished = false;
    qint64 milliseconds = 0;
    QByteArray out;
    QByteArray err;

    // The last line of stdout: with --json, the result (a run's progress goes to stderr).
    QJsonDocument lastLine() const
    {
        const auto lines = out.trimmed().split('\n');
        return QJsonDocument::fromJson(lines.last());
    }
    QJsonObject json() const { return lastLine().object(); }
    QByteArray describe() const
    {
        return "exit " + QByteArray::number(exitCode) + "; stdout: " + out.left(600) + "; stderr: " + err.right(600);
    }
};

const QString cli = QStringLiteral(GLOSSA_CLI_PATH);

CliRun runCli(const QStringList &arguments, const QByteArray &input = {})
{
    QProcess process;
    process.setProgram(cli);
    process.setArguments(arguments);
    QElapsedTimer clock;
    clock.start();
    process.start();
    CliRun run;
    if (process.waitForStarted(10000)) {
        process.write(input);
        process.closeWriteChannel();
        // A generous bound, not a pause: waitForFinished returns as soon as the command exits.
        run.finished = process.waitForFinished(180000);
    }
    if (!run.finished) {
        process.kill();
        process.waitForFinished(5000);
    }
    run.milliseconds = clock.elapsed();
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    return run;
}

// Exit 0 and a JSON object as the last line of stdout, and nothing else there.
// clang-format off
#define VERIFY_JSON_RESULT(expression)                                                                                 \
    do {                                                                                                               \
        const CliRun &checked_ = (expression);                                                                         \
        QVERIFY2(checked_.finished && checked_.exitCode == 0, checked_.describe().constData());                         \
        QVERIFY2(checked_.out.endsWith('\n') && checked_.out.count('\n') == 1, checked_.describe().constData());       \
        QVERIFY2(checked_.lastLine().isObject(), checked_.describe().constData());                                     \
    } while (false)

// Failed with a non-zero exit, printed nothing on stdout and one line on stderr.
#define VERIFY_ONE_LINE_ERROR(expression)                                                                              \
    do {                                                                                                               \
        const CliRun &checked_ = (expression);                                                                         \
        QVERIFY2(checked_.finished && checked_.exitCode > 0, checked_.describe().constData());                         \
        QVERIFY2(checked_.out.isEmpty(), checked_.describe().constData());                                             \
        QVERIFY2(checked_.err.endsWith('\n') && checked_.err.count('\n') == 1, checked_.describe().constData());       \
    } while (false)
// clang-format on

double number(const QJsonObject &object, const char *key)
{
    return object.value(QLatin1String(key)).toDouble(std::nan(""));
}

bool closeTo(double a, double b)
{
    return std::abs(a - b) <= 1e-9;
}

const QRegularExpression stepLine(QStringLiteral("^step \\d+/\\d+ "), QRegularExpression::MultilineOption);

QString kind(const QJsonObject &event)
{
    return event.value(QLatin1String("event")).toString();
}

// `train --events` driven the way the GUI drives it: stdout read one event a line as it comes,
// commands written to stdin, which stays open until closeInput().
class EventStream
{
public:
    explicit EventStream(const QStringList &arguments)
    {
        m_process.setProgram(cli);
        m_process.setArguments(arguments);
        m_process.start();
        m_started = m_process.waitForStarted(10000);
    }
    ~EventStream()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished(5000);
        }
    }
    EventStream(const EventStream &) = delete;
    EventStream &operator=(const EventStream &) = delete;

    bool started() const { return m_started; }
    bool running() const { return m_process.state() != QProcess::NotRunning; }
    // The next event, waiting at most timeoutMs for it: nullopt when none came in that time or
    // the process ended. Every line is kept; one that is not a JSON object goes to nonJson.
    std::optional<QJsonObject> next(int timeoutMs)
    {
        const QDeadlineTimer deadline(timeoutMs);
        for (;;) {
            while (m_process.canReadLine()) {
                const auto line = m_process.readLine();
                lines << line;
                QJsonParseError error;
                const auto document = QJsonDocument::fromJson(line, &error);
                if (error.error != QJsonParseError::NoError || !document.isObject() || !line.endsWith('\n')) {
                    nonJson << line;
                    continue;
                }
                events << document.object();
                return document.object();
            }
            if (m_process.state() == QProcess::NotRunning || deadline.hasExpired()
                || !m_process.waitForReadyRead(static_cast<int>(deadline.remainingTime()))) {
                // The last bytes of a process that ended are read here, not by waitForReadyRead.
                if (m_process.canReadLine())
                    continue;
                return std::nullopt;
            }
        }
    }
    // The next event of the kind, skipping others; nullopt when none came in time.
    std::optional<QJsonObject> nextOf(const QString &wanted, int timeoutMs = 60000)
    {
        const QDeadlineTimer deadline(timeoutMs);
        while (auto event = next(static_cast<int>(deadline.remainingTime())))
            if (kind(*event) == wanted)
                return event;
        return std::nullopt;
    }
    void send(const QByteArray &command)
    {
        m_process.write(command);
        m_process.waitForBytesWritten(5000);
    }
    void closeInput() { m_process.closeWriteChannel(); }
    // Reads the remaining events until the process exits; false when it did not in time.
    bool finish(int timeoutMs = 120000)
    {
        const QDeadlineTimer deadline(timeoutMs);
        while (next(static_cast<int>(deadline.remainingTime()))) {
        }
        if (m_process.state() != QProcess::NotRunning
            && !m_process.waitForFinished(static_cast<int>(deadline.remainingTime())))
            return false;
        while (next(0)) {
        }
        err += m_process.readAllStandardError();
        // A partial last line (no newline) would be a broken protocol too.
        const auto rest = m_process.readAllStandardOutput();
        if (!rest.isEmpty())
            nonJson << rest;
        return true;
    }
    int exitCode() const { return m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : -1; }
    QByteArray describe()
    {
        err += m_process.readAllStandardError();
        return "exit " + QByteArray::number(exitCode()) + "; last lines: " + lines.mid(lines.size() - 4).join()
               + "; stderr: " + err.right(600);
    }

    QList<QJsonObject> events;
    QByteArrayList lines;
    QByteArrayList nonJson;
    QByteArray err;

private:
    QProcess m_process;
    bool m_started = false;
};

} // namespace

class TestCliTrain : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void trainPrintsOneJsonResult();
    void trainShowsProgressOnStderr();
    void runsListsTheFinishedRun();
    void runsShowWhatTellsRunsApartAndCompareThem();
    void evalScoresTheSameAsTraining_data();
    void evalScoresTheSameAsTraining();
    void evalOtherSplit();
    void predictClassifiesStdin();
    void predictReadsAFileAndWritesOne();
    void ctrlCStopsAndResumeFinishes();
    void labelErrorsAreFoundOnceAndKept();
    void badRequestsCreateNoRun_data();
    void badRequestsCreateNoRun();
    void singleLabelDatasetFailsTheRun();
    void smallDataIsCrossValidated();
    void unsplitDataSaysHowToFixIt();
    void eventsReportARunLineByLine();
    void eventsPauseResumeAndStop();
    void eventsClosingStdinStopsTheRun();
    void eventsSurviveAGuiThatCrashed();
    void eventsReportFailures();

private:
    QStringList longRun(const QString &name) const;
    QString oneLabelProject(const QString &name);
    QString path(const QString &name) const { return QString::fromStdString(pathIn(m_dir, name).string()); }
    QJsonArray runs(const QString &project);
    QJsonObject runWithId(const QString &project, qint64 id);

    QTemporaryDir m_dir;
    QString m_project; // the demo, with one finished 2-epoch run
    CliRun m_train;
    QJsonObject m_result; // that run's train --json
    QString m_runId;
    QString m_runName;
    // The demo's nine intents, sorted.
    const QStringList m_labels = {
        QStringLiteral("account_access"),   QStringLiteral("cancel_order"),    QStringLiteral("change_address"),
        QStringLiteral("damaged_item"),     QStringLiteral("invoice_request"), QStringLiteral("payment_issue"),
        QStringLiteral("product_question"), QStringLiteral("refund_request"),  QStringLiteral("track_order")};
    QJsonArray m_runsBeforeBadRequests;
};

void TestCliTrain::initTestCase()
{
    QVERIFY2(QFileInfo::exists(cli), GLOSSA_CLI_PATH " was not built");
    QVERIFY(m_dir.isValid());
    // CTest sets GLOSSA_DATA_DIR; run by hand, point the CLI at the demo in the source tree.
    if (qEnvironmentVariableIsEmpty("GLOSSA_DATA_DIR"))
        qputenv("GLOSSA_DATA_DIR", QFileInfo(QStringLiteral(GLOSSA_DEMO_DIR)).path().toUtf8());

    m_project = path(QStringLiteral("demo.glossa"));
    const auto init =
        runCli({QStringLiteral("init"), QStringLiteral("--project"), m_project, QStringLiteral("--demo")});
    QVERIFY2(init.exitCode == 0, init.describe().constData());

    m_train = runCli({QStringLiteral("train"), QStringLiteral("--project"), m_project, QStringLiteral("--dataset"),
                      QStringLiteral("support-intents"), QStringLiteral("--json"), QStringLiteral("--set"),
                      QStringLiteral("optimizer.epochs=2")});
    QVERIFY2(m_train.exitCode == 0, m_train.describe().constData());
    m_result = m_train.json();
    m_runId = QString::number(m_result.value(QLatin1String("run")).toInteger());
    m_runName = m_result.value(QLatin1String("name")).toString();
    qInfo("trained run %s '%s' in %lld ms", qPrintable(m_runId), qPrintable(m_runName), m_train.milliseconds);
}

QJsonArray TestCliTrain::runs(const QString &project)
{
    const auto list = runCli({QStringLiteral("runs"), QStringLiteral("--project"), project, QStringLiteral("--json")});
    if (list.exitCode != 0 || !list.lastLine().isArray())
        qWarning("runs failed: %s", list.describe().constData());
    return list.lastLine().array();
}

QJsonObject TestCliTrain::runWithId(const QString &project, qint64 id)
{
    for (const auto &run : runs(project))
        if (run.toObject().value(QLatin1String("id")).toInteger() == id)
            return run.toObject();
    return {};
}

void TestCliTrain::trainPrintsOneJsonResult()
{
    VERIFY_JSON_RESULT(m_train);
    const auto &result = m_result;
    QVERIFY(result.value(QLatin1String("run")).isDouble());
    QVERIFY(result.value(QLatin1String("run")).toInteger() > 0);
    QVERIFY(!m_runName.isEmpty());
    QCOMPARE(result.value(QLatin1String("status")).toString(), QStringLiteral("finished"));
    QVERIFY2(number(result, "epochs") > 0 && number(result, "epochs") <= 2, m_train.out.constData());
    QVERIFY(number(result, "train_seconds") > 0);
    QVERIFY(number(result, "examples_per_second") > 0);
    // run.device is "auto": the CPU on a machine without a GPU.
    const QString device = result.value(QLatin1String("device")).toString();
    QVERIFY2(QRegularExpression(QStringLiteral("^(cpu|cuda:\\d+)$")).match(device).hasMatch(), qPrintable(device));
    QVERIFY(result.value(QLatin1String("resumed_from_step")).isNull());

    // A fresh project: glossa-cli trained the tokenizer while the engine started, and stored
    // it once; the engine used that one rather than training its own.
    const auto tokenizer = result.value(QLatin1String("tokenizer")).toObject();
    QVERIFY2(tokenizer.value(QLatin1String("trained_while_starting")).toBool(), m_train.out.constData());
    QVERIFY(!tokenizer.value(QLatin1String("reused")).toBool());
    QVERIFY(number(tokenizer, "seconds") > 0);
    QVERIFY(m_train.err.contains("while the engine started"));
    const QDir tokenizers(path(QStringLiteral("demo.artefacts/tokenizer")));
    QCOMPARE(tokenizers.entryList(QDir::Files).size(), 1);

    const auto test = result.value(QLatin1String("test")).toObject();
    for (const char *key : {"accuracy", "macro_f1", "micro_f1"})
        QVERIFY2(number(test, key) >= 0 && number(test, key) <= 1, key);
    // Nine balanced classes: chance is about 0.11.
    QVERIFY2(number(test, "macro_f1") > 0.2, qPrintable(QString::number(number(test, "macro_f1"))));
    QVERIFY(number(test, "accuracy") > 0.2);
    const qint64 examples = test.value(QLatin1String("examples")).toInteger();
    QVERIFY(examples > 0);

    const auto languages = test.value(QLatin1String("per_language")).toObject();
    QCOMPARE(languages.keys(), QStringList({QStringLiteral("ar"), QStringLiteral("de"), QStringLiteral("en"),
                                            QStringLiteral("es"), QStringLiteral("fr"), QStringLiteral("hi"),
                                            QStringLiteral("ja"), QStringLiteral("ru"), QStringLiteral("zh")}));
    qint64 sum = 0;
    for (const auto &language : languages.keys()) {
        const auto scores = languages.value(language).toObject();
        QVERIFY2(scores.value(QLatin1String("n")).toInteger() > 0, qPrintable(language));
        QVERIFY2(number(scores, "macro_f1") >= 0 && number(scores, "macro_f1") <= 1, qPrintable(language));
        QVERIFY2(number(scores, "accuracy") >= 0 && number(scores, "accuracy") <= 1, qPrintable(language));
        sum += scores.value(QLatin1String("n")).toInteger();
    }
    QCOMPARE(sum, examples);

    auto reported =
        test.value(QLatin1String("confusion")).toObject().value(QLatin1String("labels")).toVariant().toStringList();
    reported.sort();
    QCOMPARE(reported, m_labels);
}

void TestCliTrain::trainShowsProgressOnStderr()
{
    // stdout is the result alone (checked above); the progress a person watches is on stderr.
    QVERIFY2(stepLine.match(QString::fromUtf8(m_train.err)).hasMatch(), m_train.err.constData());
    QVERIFY2(m_train.err.contains("dev at step"), m_train.err.constData());
    QVERIFY2(m_train.err.contains(QByteArray("--resume " + m_runId.toUtf8())), m_train.err.constData());
    QVERIFY(!m_train.out.contains("step "));
}

void TestCliTrain::runsListsTheFinishedRun()
{
    const auto run = runWithId(m_project, m_runId.toLongLong());
    QVERIFY2(!run.isEmpty(), "train's run is not in runs --json");
    QCOMPARE(run.value(QLatin1String("name")).toString(), m_runName);
    QCOMPARE(run.value(QLatin1String("status")).toString(), QStringLiteral("finished"));
    QVERIFY(run.value(QLatin1String("error")).isNull());
    QCOMPARE(run.value(QLatin1String("device")).toString(), m_result.value(QLatin1String("device")).toString());
    const auto test = m_result.value(QLatin1String("test")).toObject();
    QVERIFY(closeTo(number(run, "test_macro_f1"), number(test, "macro_f1")));
    QVERIFY(closeTo(number(run, "test_accuracy"), number(test, "accuracy")));
    QCOMPARE(run.value(QLatin1String("config"))
                 .toObject()
                 .value(QLatin1String("optimizer"))
                 .toObject()
                 .value(QLatin1String("epochs")),
             QJsonValue(2));
}

// Two runs that differ only in early stopping: runs says so (and nothing else), and compare
// tells whether their test scores differ by more than noise.
void TestCliTrain::runsShowWhatTellsRunsApartAndCompareThem()
{
    const QString project = path(QStringLiteral("apart.glossa"));
    QVERIFY(runCli({QStringLiteral("init"), QStringLiteral("--project"), project, QStringLiteral("--demo")}).exitCode
            == 0);
    for (const QString &patience : {QStringLiteral("1"), QStringLiteral("0")}) {
        const auto trained =
            runCli({QStringLiteral("train"), QStringLiteral("--project"), project, QStringLiteral("--dataset"),
                    QStringLiteral("support-intents"), QStringLiteral("--set"), QStringLiteral("optimizer.epochs=3"),
                    QStringLiteral("--set"), QStringLiteral("eval.min_epochs=1"), QStringLiteral("--set"),
                    QStringLiteral("eval.patience=") + patience, QStringLiteral("--json")});
        QVERIFY2(trained.exitCode == 0, trained.describe().constData());
    }
    const auto list = runs(project);
    QCOMPARE(list.size(), 2);
    for (const auto &item : list) {
        const auto run = item.toObject();
        QCOMPARE(run.value(QLatin1String("dataset")).toString(), QStringLiteral("support-intents"));
        QVERIFY(run.value(QLatin1String("epochs")).toDouble() >= 1);
        QVERIFY(run.value(QLatin1String("best_dev_macro_f1")).toDouble() > 0);
        QVERIFY(run.value(QLatin1String("duration_s")).toDouble() > 0);
        const auto differing = run.value(QLatin1String("settings_differing")).toObject();
        // Patience differs between them; min_epochs differs from its default. Epochs, like the
        // vocabulary and hash buckets the runs picked from the data, are the same in both.
        QCOMPARE(differing.keys(), (QStringList{QStringLiteral("eval.min_epochs"), QStringLiteral("eval.patience")}));
    }
    const auto table = runCli({QStringLiteral("runs"), QStringLiteral("--project"), project});
    QVERIFY2(table.out.contains("eval.patience=0") && table.out.contains("eval.patience=1"), table.out.constData());
    const auto none = runCli({QStringLiteral("runs"), QStringLiteral("--project"), project, QStringLiteral("--dataset"),
                              QStringLiteral("no-such-dataset")});
    QVERIFY(none.exitCode != 0);

    const auto compared =
        runCli({QStringLiteral("compare"), QStringLiteral("--project"), project, QStringLiteral("--run"),
                QStringLiteral("1"), QStringLiteral("--run"), QStringLiteral("2"), QStringLiteral("--json")});
    QVERIFY2(compared.exitCode == 0, compared.describe().constData());
    const auto result = compared.json();
    QCOMPARE(result.value(QLatin1String("n")).toInt(),
             m_result.value(QLatin1String("test")).toObject().value(QLatin1String("n")).toInt());
    const double difference = result.value(QLatin1String("macro_f1_difference")).toDouble();
    const auto interval = result.value(QLatin1String("macro_f1_difference_ci")).toArray();
    QVERIFY(interval.at(0).toDouble() <= difference && difference <= interval.at(1).toDouble());
    QCOMPARE(result.value(QLatin1String("excludes_zero")).toBool(),
             interval.at(0).toDouble() > 0 || interval.at(1).toDouble() < 0);
    QVERIFY(closeTo(difference,
                    result.value(QLatin1String("run_b")).toObject().value(QLatin1String("macro_f1")).toDouble()
                        - result.value(QLatin1String("run_a")).toObject().value(QLatin1String("macro_f1")).toDouble()));
    const auto one = runCli({QStringLiteral("compare"), QStringLiteral("--project"), project, QStringLiteral("--run"),
                             QStringLiteral("1")});
    QVERIFY2(one.exitCode != 0 && one.err.contains("two runs"), one.describe().constData());
}

void TestCliTrain::evalScoresTheSameAsTraining_data()
{
    QTest::addColumn<bool>("byName");
    QTest::newRow("--run NAME") << true;
    QTest::newRow("--run ID") << false;
}

void TestCliTrain::evalScoresTheSameAsTraining()
{
    QFETCH(bool, byName);
    const auto eval = runCli({QStringLiteral("eval"), QStringLiteral("--project"), m_project, QStringLiteral("--run"),
                              byName ? m_runName : m_runId, QStringLiteral("--json")});
    VERIFY_JSON_RESULT(eval);
    QVERIFY2(eval.err.isEmpty(), eval.err.constData());
    const auto json = eval.json();
    QCOMPARE(json.value(QLatin1String("run")).toInteger(), m_runId.toLongLong());
    QCOMPARE(json.value(QLatin1String("split")).toString(), QStringLiteral("test"));
    // The same model on the same test split scores what training reported.
    const auto test = m_result.value(QLatin1String("test")).toObject();
    for (const char *key : {"macro_f1", "accuracy", "micro_f1"})
        QVERIFY2(closeTo(number(json, key), number(test, key)), qPrintable(QStringLiteral("%1: eval %2, train %3")
                                                                               .arg(QLatin1String(key))
                                                                               .arg(number(json, key))
                                                                               .arg(number(test, key))));
    QCOMPARE(json.value(QLatin1String("examples")).toInteger(), test.value(QLatin1String("examples")).toInteger());
    QCOMPARE(json.value(QLatin1String("per_language")).toObject().keys(),
             test.value(QLatin1String("per_language")).toObject().keys());
}

void TestCliTrain::evalOtherSplit()
{
    const auto eval = runCli({QStringLiteral("eval"), QStringLiteral("--project"), m_project, QStringLiteral("--run"),
                              m_runId, QStringLiteral("--split"), QStringLiteral("dev"), QStringLiteral("--json")});
    VERIFY_JSON_RESULT(eval);
    const auto json = eval.json();
    QCOMPARE(json.value(QLatin1String("split")).toString(), QStringLiteral("dev"));
    QVERIFY(json.value(QLatin1String("examples")).toInteger() > 0);
    QVERIFY(number(json, "macro_f1") > 0.2 && number(json, "macro_f1") <= 1);
    // The dev split is its own set of examples, not the test split again.
    const auto best = m_result.value(QLatin1String("best_dev")).toObject();
    QVERIFY2(closeTo(number(json, "macro_f1"), number(best, "macro_f1")),
             qPrintable(QStringLiteral("eval dev %1, train's best_dev %2")
                            .arg(number(json, "macro_f1"))
                            .arg(number(best, "macro_f1"))));
}

// A shell pipeline's use: texts from a file, answers to a file, the three likeliest labels,
// the language of each text, and the pieces that decided it without --json.
void TestCliTrain::predictReadsAFileAndWritesOne()
{
    const QString input = path(QStringLiteral("texts.txt"));
    writeFile(input, "Where is my parcel? It has not arrived.\nIch möchte meine Bestellung stornieren.\n");
    const QString output = path(QStringLiteral("answers.jsonl"));
    const auto json = runCli({QStringLiteral("predict"), QStringLiteral("--project"), m_project, QStringLiteral("--run"),
                              m_runId, QStringLiteral("--input"), input, QStringLiteral("--output"), output,
                              QStringLiteral("--top-k"), QStringLiteral("3"), QStringLiteral("--json")});
    QVERIFY2(json.finished && json.exitCode == 0, json.describe().constData());
    QVERIFY(json.out.isEmpty()); // the answers went to the file
    const auto lines = readFile(output.toStdString()).trimmed().split('\n');
    QCOMPARE(lines.size(), 2);
    const auto first = QJsonDocument::fromJson(lines[0]).object();
    QCOMPARE(first.value(QLatin1String("lang")).toString(), QStringLiteral("en"));
    QCOMPARE(QJsonDocument::fromJson(lines[1]).object().value(QLatin1String("lang")).toString(), QStringLiteral("de"));
    const auto top = first.value(QLatin1String("top")).toArray();
    QCOMPARE(top.size(), 3);
    QCOMPARE(top[0].toObject().value(QLatin1String("label")).toString(), first.value(QLatin1String("label")).toString());
    QVERIFY(top[0].toObject().value(QLatin1String("probability")).toDouble()
            >= top[1].toObject().value(QLatin1String("probability")).toDouble());

    const auto text = runCli({QStringLiteral("predict"), QStringLiteral("--project"), m_project, QStringLiteral("--run"),
                              m_runId, QStringLiteral("--input"), input, QStringLiteral("--top-k"), QStringLiteral("2"),
                              QStringLiteral("--explain")});
    QVERIFY2(text.finished && text.exitCode == 0, text.describe().constData());
    const auto rows = text.out.trimmed().split('\n');
    QCOMPARE(rows.size(), 4); // each answer, then its pieces
    const auto columns = rows[0].split('\t');
    QCOMPARE(columns.size(), 5); // label, probability, language, the runner-up, text
    QCOMPARE(columns[2], QByteArray("en"));
    QVERIFY2(columns[3].contains(':'), rows[0].constData());
    QVERIFY2(rows[1].startsWith('\t') && rows[1].contains("parcel"), rows[1].constData());

    // A missing input is named; no answers file is left behind.
    const QString none = path(QStringLiteral("none.jsonl"));
    const auto missing = runCli({QStringLiteral("predict"), QStringLiteral("--project"), m_project,
                                 QStringLiteral("--run"), m_runId, QStringLiteral("--input"),
                                 path(QStringLiteral("missing.txt")), QStringLiteral("--output"), none});
    QVERIFY(missing.exitCode != 0);
    QVERIFY2(missing.err.contains("missing.txt"), missing.err.constData());
    QVERIFY(!QFile::exists(none));
}

void TestCliTrain::predictClassifiesStdin()
{
    // The last line has no newline and still counts.
    const QStringList texts = {
        QStringLiteral("I sent the jacket back two weeks ago and I still have not got my money back."),
        QStringLiteral("Wann wird mein Paket geliefert? Die Sendung ist immer noch nicht angekommen."),
        QStringLiteral("我忘记了密码，无法登录我的账户，请帮我重置。"),
    };
    const auto predict =
        runCli({QStringLiteral("predict"), QStringLiteral("--project"), m_project, QStringLiteral("--run"), m_runId,
                QStringLiteral("--json"), QStringLiteral("--explain")},
               texts.join(QLatin1Char('\n')).toUtf8());
    QVERIFY2(predict.finished && predict.exitCode == 0, predict.describe().constData());
    QVERIFY2(predict.err.isEmpty(), predict.err.constData());
    const auto lines = predict.out.trimmed().split('\n');
    QCOMPARE(lines.size(), texts.size());
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const auto &line = lines[i];
        QJsonParseError error;
        const auto json = QJsonDocument::fromJson(line, &error).object();
        QVERIFY2(error.error == QJsonParseError::NoError, line.constData());
        QCOMPARE(json.value(QLatin1String("text")).toString(), texts[i]);
        const QString label = json.value(QLatin1String("label")).toString();
        QVERIFY2(m_labels.contains(label), line.constData());

        const auto probabilities = json.value(QLatin1String("probabilities")).toObject();
        auto keys = probabilities.keys();
        keys.sort();
        QCOMPARE(keys, m_labels);
        double sum = 0;
        QString argmax;
        double top = -1;
        for (const auto &key : keys) {
            const double p = probabilities.value(key).toDouble(-1);
            QVERIFY2(p >= 0 && p <= 1, qPrintable(key));
            sum += p;
            if (p > top) {
                top = p;
                argmax = key;
            }
        }
        QVERIFY2(std::abs(sum - 1.0) <= 1e-4, qPrintable(QString::number(sum, 'g', 10)));
        QCOMPARE(label, argmax);
        QVERIFY2(number(json, "entropy") >= 0, line.constData());
        QVERIFY2(number(json, "margin") >= 0 && number(json, "margin") <= 1, line.constData());

        // --explain: which pieces of the text pushed towards the label.
        const auto attributions = json.value(QLatin1String("attributions")).toObject();
        QVERIFY2(!attributions.value(QLatin1String("method")).toString().isEmpty(), line.constData());
        const auto tokens = attributions.value(QLatin1String("tokens")).toArray();
        QVERIFY2(!tokens.isEmpty(), line.constData());
        for (const auto &token : tokens) {
            const auto object = token.toObject();
            QVERIFY2(!object.value(QLatin1String("piece")).toString().isEmpty(), line.constData());
            QVERIFY2(object.value(QLatin1String("score")).isDouble(), line.constData());
        }
    }
}

void TestCliTrain::ctrlCStopsAndResumeFinishes()
{
    QProcess process;
    process.setProgram(cli);
    // The first step line comes at step 1; the rest of the run takes seconds, so the stop
    // lands early and the resumed part is quick.
    process.setArguments({QStringLiteral("train"), QStringLiteral("--project"), m_project, QStringLiteral("--dataset"),
                          QStringLiteral("support-intents"), QStringLiteral("--json"), QStringLiteral("--set"),
                          QStringLiteral("optimizer.epochs=2"), QStringLiteral("--set"),
                          QStringLiteral("run.device=cpu"), QStringLiteral("--name"), QStringLiteral("interrupted")});
    process.setReadChannel(QProcess::StandardError);
    process.start();
    QVERIFY(process.waitForStarted(10000));
    QByteArray err;
    while (!stepLine.match(QString::fromUtf8(err)).hasMatch()) {
        if (!process.waitForReadyRead(60000)) {
            process.kill();
            process.waitForFinished(5000);
            QFAIL(QByteArray("no step line on stderr before the run ended: " + err).constData());
        }
        err += process.readAllStandardError();
    }
    QCOMPARE(::kill(static_cast<pid_t>(process.processId()), SIGINT), 0);
    QVERIFY(process.waitForFinished(60000));
    err += process.readAllStandardError();
    const CliRun stop{process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1, true, 0,
                      process.readAllStandardOutput(), err};
    QVERIFY2(stop.exitCode == 130, stop.describe().constData());
    QVERIFY2(stop.out.count('\n') == 1 && stop.lastLine().isObject(), stop.describe().constData());
    const auto stopped = stop.json();
    QCOMPARE(stopped.value(QLatin1String("status")).toString(), QStringLiteral("stopped"));
    QCOMPARE(stopped.value(QLatin1String("device")).toString(), QStringLiteral("cpu"));
    const qint64 id = stopped.value(QLatin1String("run")).toInteger();
    const qint64 stoppedAt = stopped.value(QLatin1String("steps")).toInteger();
    QVERIFY2(stoppedAt > 0, stop.out.constData());
    QVERIFY2(stop.err.contains(QByteArray("--resume " + QByteArray::number(id))), stop.err.constData());
    QCOMPARE(runWithId(m_project, id).value(QLatin1String("status")).toString(), QStringLiteral("stopped"));

    const auto resumed = runCli({QStringLiteral("train"), QStringLiteral("--project"), m_project,
                                 QStringLiteral("--resume"), QString::number(id), QStringLiteral("--json")});
    VERIFY_JSON_RESULT(resumed);
    qInfo("resumed run %lld at step %lld; it finished in %lld ms", id, stoppedAt, resumed.milliseconds);
    const auto finished = resumed.json();
    QCOMPARE(finished.value(QLatin1String("run")).toInteger(), id);
    QCOMPARE(finished.value(QLatin1String("name")).toString(), QStringLiteral("interrupted"));
    QCOMPARE(finished.value(QLatin1String("status")).toString(), QStringLiteral("finished"));
    QVERIFY2(finished.value(QLatin1String("resumed_from_step")).isDouble(), resumed.out.constData());
    QCOMPARE(finished.value(QLatin1String("resumed_from_step")).toInteger(), stoppedAt);
    QVERIFY(finished.value(QLatin1String("steps")).toInteger() > stoppedAt);
    const double resumedF1 = number(finished.value(QLatin1String("test")).toObject(), "macro_f1");
    QVERIFY(resumedF1 > 0.2);
    // Resumed, a run goes on as if it had never stopped: with the main run's settings on the
    // same device and seed, it ends with the same model.
    if (m_result.value(QLatin1String("device")).toString() == QLatin1String("cpu")) {
        const double uninterruptedF1 = number(m_result.value(QLatin1String("test")).toObject(), "macro_f1");
        QVERIFY2(closeTo(resumedF1, uninterruptedF1),
                 qPrintable(QStringLiteral("test macro-F1 %1 after a stop at step %2, %3 without a stop")
                                .arg(resumedF1)
                                .arg(stoppedAt)
                                .arg(uninterruptedF1)));
    }
    const auto run = runWithId(m_project, id);
    QCOMPARE(run.value(QLatin1String("status")).toString(), QStringLiteral("finished"));
    QVERIFY(
        closeTo(number(run, "test_macro_f1"), number(finished.value(QLatin1String("test")).toObject(), "macro_f1")));

    // A finished run does not resume again.
    const auto again = runCli({QStringLiteral("train"), QStringLiteral("--project"), m_project,
                               QStringLiteral("--resume"), QString::number(id)});
    VERIFY_ONE_LINE_ERROR(again);
    QVERIFY2(again.err.contains("finished"), again.err.constData());
}

void TestCliTrain::labelErrorsAreFoundOnceAndKept()
{
    const QStringList arguments = {
        QStringLiteral("errors"), QStringLiteral("--project"), m_project,          QStringLiteral("--run"), m_runId,
        QStringLiteral("--json"), QStringLiteral("--folds"),   QStringLiteral("3")};
    const auto first = runCli(arguments);
    VERIFY_JSON_RESULT(first);
    QVERIFY2(first.err.contains("3-fold"), first.err.constData());
    const auto candidates = first.json().value(QLatin1String("candidates")).toArray();
    QVERIFY2(!candidates.isEmpty(), first.out.constData());
    double previous = 2;
    for (const auto &value : candidates) {
        const auto candidate = value.toObject();
        const QByteArray context = QJsonDocument(candidate).toJson(QJsonDocument::Compact);
        QVERIFY2(candidate.value(QLatin1String("example_id")).toInteger() > 0, context.constData());
        QVERIFY2(!candidate.value(QLatin1String("text")).toString().isEmpty(), context.constData());
        QVERIFY2(!candidate.value(QLatin1String("lang")).toString().isEmpty(), context.constData());
        const QString given = candidate.value(QLatin1String("given_label")).toString();
        const QString suggested = candidate.value(QLatin1String("suggested_label")).toString();
        QVERIFY2(m_labels.contains(given) && m_labels.contains(suggested), context.constData());
        QVERIFY2(given != suggested, context.constData());
        const double score = number(candidate, "score");
        QVERIFY2(score > 0 && score <= 1, context.constData());
        QVERIFY2(score <= previous, "candidates are not sorted by score, highest first");
        previous = score;
    }

    // The search is kept with the run: asking again shows the same list at once.
    const auto second = runCli(arguments);
    VERIFY_JSON_RESULT(second);
    QVERIFY2(second.err.isEmpty(), second.err.constData());
    QCOMPARE(second.json().value(QLatin1String("candidates")).toArray(), candidates);
    QVERIFY2(second.milliseconds < first.milliseconds,
             qPrintable(QStringLiteral("first %1 ms, second %2 ms").arg(first.milliseconds).arg(second.milliseconds)));
    qInfo("errors: %lld candidates; searched in %lld ms, listed again in %lld ms", qint64(candidates.size()),
          first.milliseconds, second.milliseconds);
}

void TestCliTrain::badRequestsCreateNoRun_data()
{
    QTest::addColumn<QStringList>("arguments");   // after --project P
    QTest::addColumn<QByteArrayList>("expected"); // all on the one stderr line
    QTest::addColumn<bool>("trains");             // a train command, which must not leave a run behind

    const QStringList train = {QStringLiteral("train"), QStringLiteral("--dataset"), QStringLiteral("support-intents"),
                               QStringLiteral("--json")};
    QTest::newRow("train: unknown setting")
        << (train + QStringList{QStringLiteral("--set"), QStringLiteral("model.nonsense=1")})
        << QByteArrayList{"model.nonsense"} << true;
    QTest::newRow("train: setting out of range")
        << (train + QStringList{QStringLiteral("--set"), QStringLiteral("optimizer.batch_size=0")})
        << QByteArrayList{"optimizer.batch_size", "(got 0)"} << true;
    QTest::newRow("train: unknown dataset") << QStringList{QStringLiteral("train"), QStringLiteral("--dataset"),
                                                           QStringLiteral("no-such-data"), QStringLiteral("--json")}
                                            << QByteArrayList{"no-such-data"} << true;
    QTest::newRow("eval: unknown run") << QStringList{QStringLiteral("eval"), QStringLiteral("--run"),
                                                      QStringLiteral("nope"), QStringLiteral("--json")}
                                       << QByteArrayList{"'nope'"} << false;
    QTest::newRow("eval: unknown split") << QStringList{QStringLiteral("eval"),     QStringLiteral("--run"),
                                                        QStringLiteral("{RUN}"),    QStringLiteral("--split"),
                                                        QStringLiteral("nonsense"), QStringLiteral("--json")}
                                         << QByteArrayList{"--split", "nonsense"} << false;
}

void TestCliTrain::badRequestsCreateNoRun()
{
    QFETCH(QStringList, arguments);
    QFETCH(QByteArrayList, expected);
    QFETCH(bool, trains);
    // One listing before the first case: every `runs` call starts LibTorch, about a second.
    if (m_runsBeforeBadRequests.isEmpty())
        m_runsBeforeBadRequests = runs(m_project);
    QVERIFY(!m_runsBeforeBadRequests.isEmpty());
    arguments.replaceInStrings(QStringLiteral("{RUN}"), m_runId);
    arguments.insert(1, QStringLiteral("--project"));
    arguments.insert(2, m_project);
    const auto run = runCli(arguments);
    if (trains)
        QCOMPARE(runs(m_project), m_runsBeforeBadRequests);
    VERIFY_ONE_LINE_ERROR(run);
    for (const auto &piece : expected)
        QVERIFY2(run.err.contains(piece), QByteArray(run.describe() + " lacks " + piece).constData());
}

// A project whose one dataset has a single label: it imports, but a run of it cannot train.
QString TestCliTrain::oneLabelProject(const QString &name)
{
    const QString project = path(name + QStringLiteral(".glossa"));
    const QString file = path(name + QStringLiteral(".csv"));
    writeFile(file, "text,label,split\n"
                    "I want my money back,refund,train\n"
                    "Please refund the shoes,refund,train\n"
                    "Where is my refund?,refund,train\n"
                    "Refund still missing,refund,train\n"
                    "Refund for order 12 please,refund,dev\n"
                    "My refund never came,refund,test\n");
    if (QTest::currentTestFailed())
        return {};
    const auto import = runCli({QStringLiteral("import"), QStringLiteral("--project"), project,
                                QStringLiteral("--dataset"), QStringLiteral("one"), QStringLiteral("--input"), file});
    if (import.exitCode != 0) {
        qWarning("import failed: %s", import.describe().constData());
        return {};
    }
    return project;
}

void TestCliTrain::singleLabelDatasetFailsTheRun()
{
    const QString project = oneLabelProject(QStringLiteral("one"));
    QVERIFY(!project.isEmpty());

    const auto train = runCli({QStringLiteral("train"), QStringLiteral("--project"), project,
                               QStringLiteral("--dataset"), QStringLiteral("one"), QStringLiteral("--json")});
    QVERIFY2(train.finished && train.exitCode > 0, train.describe().constData());
    QVERIFY2(train.out.isEmpty(), train.describe().constData());
    // Progress lines may come first; the error is the last line and says what is wrong.
    const auto lastLine = train.err.trimmed().split('\n').last();
    QVERIFY2(lastLine.contains("two labels"), train.describe().constData());

    const auto list = runs(project);
    QCOMPARE(list.size(), 1);
    const auto run = list.first().toObject();
    QCOMPARE(run.value(QLatin1String("status")).toString(), QStringLiteral("failed"));
    QVERIFY2(run.value(QLatin1String("error")).toString().contains(QLatin1String("two labels")),
             qPrintable(run.value(QLatin1String("error")).toString()));
    QVERIFY2(lastLine.contains(run.value(QLatin1String("error")).toString().toUtf8()), lastLine.constData());
}

// 18 rows in 3 labels and 3 languages, split 16/0/2 as a small export might be: too few to pick
// a model on dev or score it on test, so the run is scored by cross-validation and says so.
void TestCliTrain::smallDataIsCrossValidated()
{
    const QString project = path(QStringLiteral("small.glossa"));
    const QString file = path(QStringLiteral("small.csv"));
    QByteArray csv("text,label,lang,split\n");
    const char *texts[3][3] = {{"I want my money back", "Quiero mi dinero", "Ich will mein Geld zurück"},
                               {"I cannot log in", "No puedo entrar", "Ich kann mich nicht anmelden"},
                               {"Where is my parcel", "Dónde está mi paquete", "Wo ist mein Paket"}};
    const char *labels[] = {"refund", "login", "delivery"};
    const char *languages[] = {"en", "es", "de"};
    int row = 0;
    for (int label = 0; label < 3; ++label)
        for (int copy = 0; copy < 2; ++copy)
            for (int lang = 0; lang < 3; ++lang)
                csv += QByteArray(texts[label][lang]) + (copy ? " please" : "") + "," + labels[label] + ","
                       + languages[lang] + "," + (++row % 9 == 0 ? "test" : "train") + "\n";
    writeFile(file, csv);
    QVERIFY(runCli({QStringLiteral("import"), QStringLiteral("--project"), project, QStringLiteral("--dataset"),
                    QStringLiteral("small"), QStringLiteral("--input"), file})
                .exitCode
            == 0);
    const auto train = runCli({QStringLiteral("train"), QStringLiteral("--project"), project,
                               QStringLiteral("--dataset"), QStringLiteral("small"), QStringLiteral("--json")});
    QVERIFY2(train.exitCode == 0, train.describe().constData());
    const auto result = train.json();
    QCOMPARE(result.value(QLatin1String("status")).toString(), QStringLiteral("finished"));
    QCOMPARE(result.value(QLatin1String("evaluation")).toString(), QStringLiteral("cross-validation"));
    QCOMPARE(result.value(QLatin1String("folds")).toInt(), 5);
    const auto test = result.value(QLatin1String("test")).toObject();
    QCOMPARE(test.value(QLatin1String("n")).toInt(), 18); // every labelled example, each scored out of fold
    const auto interval = test.value(QLatin1String("macro_f1_ci")).toArray();
    QCOMPARE(interval.size(), 2);
    QVERIFY(interval.at(0).toDouble() <= number(test, "macro_f1")
            && number(test, "macro_f1") <= interval.at(1).toDouble());
    QVERIFY2(train.err.contains("cross-validation: its dev split holds 0 labelled examples"), train.err.constData());
    QVERIFY2(train.err.contains("fold 5 of 5"), train.err.constData());
    // The run is a run like any other: it predicts, and lists its cross-validated score.
    const auto run = runWithId(project, result.value(QLatin1String("run")).toInteger());
    QVERIFY(closeTo(number(run, "test_macro_f1"), number(test, "macro_f1")));
    const auto predicted = runCli({QStringLiteral("predict"), QStringLiteral("--project"), project,
                                   QStringLiteral("--run"), QStringLiteral("1"), QStringLiteral("--json")},
                                  "where is my parcel\n");
    QVERIFY2(predicted.exitCode == 0, predicted.describe().constData());
}

// Too big to cross-validate and not split, or too small to train: no run, and the message
// says what to do.
void TestCliTrain::unsplitDataSaysHowToFixIt()
{
    const QString project = path(QStringLiteral("unsplit.glossa"));
    const QString file = path(QStringLiteral("unsplit.csv"));
    QByteArray csv("text,label,split\n");
    for (int i = 0; i < 5200; ++i)
        csv += "message number " + QByteArray::number(i) + (i % 2 ? ",even" : ",odd") + ",train\n";
    writeFile(file, csv);
    QVERIFY(runCli({QStringLiteral("import"), QStringLiteral("--project"), project, QStringLiteral("--dataset"),
                    QStringLiteral("unsplit"), QStringLiteral("--input"), file})
                .exitCode
            == 0);
    const auto refused = runCli({QStringLiteral("train"), QStringLiteral("--project"), project,
                                 QStringLiteral("--dataset"), QStringLiteral("unsplit")});
    QCOMPARE(refused.exitCode, 1);
    QVERIFY2(refused.err.contains("glossa-cli split --project") && refused.err.contains("--dataset unsplit"),
             refused.describe().constData());
    QCOMPARE(runs(project).size(), 0);

    const QString tiny = path(QStringLiteral("tiny.csv"));
    writeFile(tiny, "text,label\nyes,a\nno,b\nmaybe,a\nnever,b\n");
    QVERIFY(runCli({QStringLiteral("import"), QStringLiteral("--project"), project, QStringLiteral("--dataset"),
                    QStringLiteral("tiny"), QStringLiteral("--input"), tiny})
                .exitCode
            == 0);
    const auto tooFew = runCli({QStringLiteral("train"), QStringLiteral("--project"), project,
                                QStringLiteral("--dataset"), QStringLiteral("tiny")});
    QCOMPARE(tooFew.exitCode, 1);
    QVERIFY2(tooFew.err.contains("label at least 6 more"), tooFew.describe().constData());
    QCOMPARE(runs(project).size(), 0);
}

// A run far longer than any test waits for (about 4 ms a step here, 27 steps an epoch), with
// no early stop: the test stops it.
QStringList TestCliTrain::longRun(const QString &name) const
{
    return {QStringLiteral("train"),
            QStringLiteral("--project"),
            m_project,
            QStringLiteral("--dataset"),
            QStringLiteral("support-intents"),
            QStringLiteral("--events"),
            QStringLiteral("--set"),
            QStringLiteral("optimizer.epochs=1000"),
            QStringLiteral("--set"),
            QStringLiteral("eval.patience=0"),
            QStringLiteral("--set"),
            QStringLiteral("run.device=cpu"),
            QStringLiteral("--name"),
            name};
}

void TestCliTrain::eventsReportARunLineByLine()
{
    EventStream stream({QStringLiteral("train"), QStringLiteral("--project"), m_project, QStringLiteral("--dataset"),
                        QStringLiteral("support-intents"), QStringLiteral("--events"), QStringLiteral("--set"),
                        QStringLiteral("optimizer.epochs=2"), QStringLiteral("--name"), QStringLiteral("watched")});
    QVERIFY(stream.started());
    QVERIFY2(stream.finish(), stream.describe().constData());
    QVERIFY2(stream.exitCode() == 0, stream.describe().constData());
    // stdout is the protocol and nothing else: every line one JSON object.
    QVERIFY2(stream.nonJson.isEmpty(), stream.nonJson.join().left(600).constData());
    const auto &events = stream.events;
    QVERIFY2(events.size() > 3, stream.describe().constData());

    const auto run = events.first();
    QCOMPARE(kind(run), QStringLiteral("run"));
    const qint64 id = run.value(QLatin1String("run")).toInteger();
    QVERIFY(id > 0);
    QCOMPARE(run.value(QLatin1String("name")).toString(), QStringLiteral("watched"));
    QCOMPARE(run.value(QLatin1String("resumed")), QJsonValue(false));
    const QString device = run.value(QLatin1String("device")).toString();
    QVERIFY2(QRegularExpression(QStringLiteral("^(cpu|cuda:\\d+)$")).match(device).hasMatch(), qPrintable(device));

    qint64 lastStep = 0;
    qint64 totalSteps = -1;
    int progressEvents = 0;
    int evaluations = 0;
    for (const auto &event : events) {
        const QByteArray context = QJsonDocument(event).toJson(QJsonDocument::Compact);
        if (kind(event) == QLatin1String("progress")) {
            // Every step, not one a second as on stderr.
            QCOMPARE(event.value(QLatin1String("step")).toInteger(), lastStep + 1);
            lastStep = event.value(QLatin1String("step")).toInteger();
            if (totalSteps < 0)
                totalSteps = event.value(QLatin1String("total_steps")).toInteger();
            QCOMPARE(event.value(QLatin1String("total_steps")).toInteger(), totalSteps);
            for (const char *key : {"epoch", "loss", "learning_rate", "examples_per_second", "eta_seconds"})
                QVERIFY2(number(event, key) >= 0, context.constData());
            ++progressEvents;
        } else if (kind(event) == QLatin1String("evaluation")) {
            ++evaluations;
            for (const char *key : {"accuracy", "macro_f1", "micro_f1"})
                QVERIFY2(number(event, key) >= 0 && number(event, key) <= 1, context.constData());
            QVERIFY2(event.value(QLatin1String("best")).isBool(), context.constData());
            QVERIFY2(event.value(QLatin1String("step")).toInteger() == lastStep, context.constData());
            const auto languages = event.value(QLatin1String("per_language")).toObject();
            QVERIFY2(languages.contains(QLatin1String("ja")) && languages.size() == 9, context.constData());
            for (const auto &language : languages) {
                const auto scores = language.toObject();
                QVERIFY2(scores.value(QLatin1String("n")).toInteger() > 0, context.constData());
                QVERIFY2(number(scores, "macro_f1") >= 0 && number(scores, "accuracy") <= 1, context.constData());
                // Each language's dev score with its 95% interval, for the charts.
                const auto interval = scores.value(QLatin1String("macro_f1_ci")).toArray();
                QVERIFY2(interval.size() == 2 && interval.at(0).toDouble() <= number(scores, "macro_f1")
                             && number(scores, "macro_f1") <= interval.at(1).toDouble(),
                         context.constData());
            }
            QCOMPARE(event.value(QLatin1String("macro_f1_ci")).toArray().size(), 2);
        } else if (kind(event) == QLatin1String("log")) {
            QVERIFY2(!event.value(QLatin1String("line")).toString().isEmpty(), context.constData());
        }
    }
    QVERIFY2(progressEvents == totalSteps && totalSteps > 10, qPrintable(QString::number(progressEvents)));
    QCOMPARE(evaluations, 2); // once an epoch

    // Last: the result, the same object `train --json` prints.
    const auto result = events.last();
    QCOMPARE(kind(result), QStringLiteral("result"));
    QCOMPARE(result.value(QLatin1String("run")).toInteger(), id);
    QCOMPARE(result.value(QLatin1String("status")).toString(), QStringLiteral("finished"));
    QCOMPARE(result.value(QLatin1String("steps")).toInteger(), lastStep);
    auto keys = result.keys();
    keys.removeOne(QStringLiteral("event"));
    QCOMPARE(keys, m_result.keys());
    QVERIFY(number(result.value(QLatin1String("test")).toObject(), "macro_f1") > 0.2);
    // The human lines stay on stderr.
    QVERIFY2(stepLine.match(QString::fromUtf8(stream.err)).hasMatch(), stream.err.constData());
    QCOMPARE(runWithId(m_project, id).value(QLatin1String("status")).toString(), QStringLiteral("finished"));
}

void TestCliTrain::eventsPauseResumeAndStop()
{
    auto stream = std::make_unique<EventStream>(longRun(QStringLiteral("paused")));
    QVERIFY(stream->started());
    const auto run = stream->nextOf(QStringLiteral("run"));
    QVERIFY2(run, stream->describe().constData());
    const qint64 id = run->value(QLatin1String("run")).toInteger();
    const auto first = stream->nextOf(QStringLiteral("progress"));
    QVERIFY2(first, stream->describe().constData());

    stream->send("pause\n");
    const auto paused = stream->nextOf(QStringLiteral("state"), 10000);
    QVERIFY2(paused, stream->describe().constData());
    QCOMPARE(paused->value(QLatin1String("state")).toString(), QStringLiteral("paused"));
    // The step under way when the command came may still report; then nothing, for a second.
    int progressAfterPause = 0;
    while (const auto event = stream->next(1000)) {
        if (kind(*event) == QLatin1String("progress"))
            ++progressAfterPause;
        QVERIFY2(progressAfterPause <= 1, "training went on while paused");
    }
    QVERIFY2(stream->running(), stream->describe().constData());

    stream->send("resume\n");
    const auto running = stream->nextOf(QStringLiteral("state"), 10000);
    QVERIFY2(running, stream->describe().constData());
    QCOMPARE(running->value(QLatin1String("state")).toString(), QStringLiteral("running"));
    // The last step reported before the run went on (on a loaded machine the step under way
    // at the pause may report more than a second later, still before "running").
    qint64 lastStep = 0;
    for (const auto &event : stream->events) {
        if (kind(event) == QLatin1String("progress"))
            lastStep = event.value(QLatin1String("step")).toInteger();
        if (kind(event) == QLatin1String("state") && event.value(QLatin1String("state")) == QLatin1String("running")
            && lastStep > 0)
            break;
    }
    const auto resumedStep = stream->nextOf(QStringLiteral("progress"), 10000);
    QVERIFY2(resumedStep, "no progress after resume");
    QCOMPARE(resumedStep->value(QLatin1String("step")).toInteger(), lastStep + 1);

    stream->send("dance\n");
    const auto unknown = stream->nextOf(QStringLiteral("log"), 10000);
    QVERIFY2(unknown && unknown->value(QLatin1String("line")).toString().contains(QLatin1String("'dance'")),
             stream->describe().constData());

    stream->send("stop\n");
    const auto stopping = stream->nextOf(QStringLiteral("state"), 10000);
    QVERIFY2(stopping, stream->describe().constData());
    QCOMPARE(stopping->value(QLatin1String("state")).toString(), QStringLiteral("stopping"));
    QVERIFY2(stream->finish(), stream->describe().constData());
    QVERIFY2(stream->nonJson.isEmpty(), stream->nonJson.join().left(600).constData());
    const auto result = stream->events.last();
    QCOMPARE(kind(result), QStringLiteral("result"));
    QCOMPARE(result.value(QLatin1String("status")).toString(), QStringLiteral("stopped"));
    QCOMPARE(stream->exitCode(), 130); // as for Ctrl-C
    const qint64 stoppedAt = result.value(QLatin1String("steps")).toInteger();
    QVERIFY(stoppedAt > lastStep);

    // The stopped run goes on with --resume --events, and reports where it picked up.
    stream = std::make_unique<EventStream>(QStringList{QStringLiteral("train"), QStringLiteral("--project"), m_project,
                                                       QStringLiteral("--resume"), QString::number(id),
                                                       QStringLiteral("--events")});
    QVERIFY(stream->started());
    const auto again = stream->nextOf(QStringLiteral("run"));
    QVERIFY2(again, stream->describe().constData());
    QCOMPARE(again->value(QLatin1String("run")).toInteger(), id);
    QCOMPARE(again->value(QLatin1String("name")).toString(), QStringLiteral("paused"));
    QCOMPARE(again->value(QLatin1String("resumed")), QJsonValue(true));
    QCOMPARE(again->value(QLatin1String("device")).toString(), QStringLiteral("cpu"));
    const auto resumed = stream->nextOf(QStringLiteral("resumed"));
    QVERIFY2(resumed, stream->describe().constData());
    QCOMPARE(resumed->value(QLatin1String("step")).toInteger(), stoppedAt);
    const auto goesOn = stream->nextOf(QStringLiteral("progress"));
    QVERIFY2(goesOn, stream->describe().constData());
    QCOMPARE(goesOn->value(QLatin1String("step")).toInteger(), stoppedAt + 1);
    stream->send("stop\n");
    QVERIFY2(stream->finish(), stream->describe().constData());
    QCOMPARE(kind(stream->events.last()), QStringLiteral("result"));
    QCOMPARE(stream->events.last().value(QLatin1String("resumed_from_step")).toInteger(), stoppedAt);
    QCOMPARE(stream->events.last().value(QLatin1String("status")).toString(), QStringLiteral("stopped"));
}

void TestCliTrain::eventsClosingStdinStopsTheRun()
{
    // The GUI quit: its end of the pipe closes, and the run stops, resumable.
    EventStream stream(longRun(QStringLiteral("closed stdin")));
    QVERIFY(stream.started());
    const auto run = stream.nextOf(QStringLiteral("run"));
    QVERIFY2(run, stream.describe().constData());
    const qint64 id = run->value(QLatin1String("run")).toInteger();
    QVERIFY2(stream.nextOf(QStringLiteral("progress")), stream.describe().constData());
    stream.closeInput();
    QVERIFY2(stream.finish(), stream.describe().constData());
    QCOMPARE(stream.exitCode(), 130);
    QVERIFY2(stream.nonJson.isEmpty(), stream.nonJson.join().left(600).constData());
    const auto result = stream.events.last();
    QCOMPARE(kind(result), QStringLiteral("result"));
    QCOMPARE(result.value(QLatin1String("status")).toString(), QStringLiteral("stopped"));
    QCOMPARE(runWithId(m_project, id).value(QLatin1String("status")).toString(), QStringLiteral("stopped"));
}

void TestCliTrain::eventsSurviveAGuiThatCrashed()
{
    // A GUI that crashed closes both pipes. Its stdout here goes to `true`, which exits at once
    // without reading, so every event hits a closed pipe: that must not kill the run (SIGPIPE),
    // and the end of stdin still stops it cleanly. bash reports the CLI's own exit code.
    QProcess process;
    process.setProgram(QStringLiteral("/bin/bash"));
    process.setArguments(QStringList{QStringLiteral("-c"),
                                     QStringLiteral("\"$@\" | true; echo \"cli exit ${PIPESTATUS[0]}\" >&2"),
                                     QStringLiteral("bash"), cli}
                         + longRun(QStringLiteral("crashed gui")));
    process.setReadChannel(QProcess::StandardError);
    process.start();
    QVERIFY(process.waitForStarted(10000));
    QByteArray err;
    while (!stepLine.match(QString::fromUtf8(err)).hasMatch()) {
        if (!process.waitForReadyRead(60000)) {
            process.kill();
            process.waitForFinished(5000);
            QFAIL(QByteArray("no step line on stderr before the run ended: " + err).constData());
        }
        err += process.readAllStandardError();
    }
    process.closeWriteChannel();
    QVERIFY(process.waitForFinished(60000));
    err += process.readAllStandardError();
    QVERIFY2(err.contains("cli exit 130\n"), err.right(600).constData());
    const auto list = runs(m_project);
    QJsonObject crashed;
    for (const auto &run : list)
        if (run.toObject().value(QLatin1String("name")).toString() == QLatin1String("crashed gui"))
            crashed = run.toObject();
    QCOMPARE(crashed.value(QLatin1String("status")).toString(), QStringLiteral("stopped"));
}

void TestCliTrain::eventsReportFailures()
{
    // Before a run exists: the stderr line and exit code as without --events, and the message
    // on stdout for the GUI.
    const auto before = runs(m_project);
    EventStream bad({QStringLiteral("train"), QStringLiteral("--project"), m_project, QStringLiteral("--dataset"),
                     QStringLiteral("support-intents"), QStringLiteral("--events"), QStringLiteral("--set"),
                     QStringLiteral("optimizer.batch_size=0")});
    QVERIFY(bad.started());
    QVERIFY2(bad.finish(), bad.describe().constData());
    QVERIFY2(bad.exitCode() > 0, bad.describe().constData());
    QVERIFY2(bad.nonJson.isEmpty() && bad.events.size() == 1, bad.describe().constData());
    const auto failed = bad.events.first();
    QCOMPARE(kind(failed), QStringLiteral("failed"));
    QVERIFY(!failed.contains(QLatin1String("run")));
    QVERIFY2(failed.value(QLatin1String("message")).toString().contains(QLatin1String("optimizer.batch_size")),
             bad.describe().constData());
    QVERIFY2(bad.err.endsWith('\n') && bad.err.count('\n') == 1, bad.describe().constData());
    QCOMPARE(runs(m_project), before);

    // A run that fails while training: the failed event names it.
    const QString project = oneLabelProject(QStringLiteral("one-events"));
    QVERIFY(!project.isEmpty());
    EventStream doomed({QStringLiteral("train"), QStringLiteral("--project"), project, QStringLiteral("--dataset"),
                        QStringLiteral("one"), QStringLiteral("--events")});
    QVERIFY(doomed.started());
    QVERIFY2(doomed.finish(), doomed.describe().constData());
    QVERIFY2(doomed.exitCode() > 0, doomed.describe().constData());
    QVERIFY2(doomed.nonJson.isEmpty(), doomed.describe().constData());
    QCOMPARE(kind(doomed.events.first()), QStringLiteral("run"));
    const auto last = doomed.events.last();
    QCOMPARE(kind(last), QStringLiteral("failed"));
    QCOMPARE(last.value(QLatin1String("run")).toInteger(),
             doomed.events.first().value(QLatin1String("run")).toInteger());
    QVERIFY2(last.value(QLatin1String("message")).toString().contains(QLatin1String("two labels")),
             doomed.describe().constData());
}

QTEST_GUILESS_MAIN(TestCliTrain)
#include "tst_clitrain.moc"
