// What the Train and Runs tabs do to a project besides training: presets of settings kept in
// the project, renaming runs, notes, deleting a run with the files only it used, and the run
// list with the figures to compare runs by. Runs are made without training, through RunStore.

#include "testsupport.h"

#include "data/importer.h"
#include "store/database.h"
#include "store/datasetstore.h"
#include "store/presetstore.h"
#include "store/project.h"
#include "store/runstore.h"
#include "train/trainconfig.h"
#include "util/clock.h"
#include "util/error.h"

#include <QTemporaryDir>
#include <QTest>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

using namespace glossa::core;
using namespace glossa::test;
namespace fs = std::filesystem;

namespace {

std::string configWithEpochs(std::int64_t epochs)
{
    train::TrainConfig config;
    config.set("optimizer.epochs", epochs);
    return config.toJsonString();
}

std::int64_t rowsOf(store::Database &db, const char *table, std::int64_t runId)
{
    auto query = db.prepare(std::string("SELECT count(*) FROM ") + table + " WHERE run_id = ?1");
    query.bind(1, runId);
    return query.step() ? query.int64(0) : -1;
}

std::int64_t artefactRows(store::Database &db, std::int64_t artefactId)
{
    auto query = db.prepare("SELECT count(*) FROM artefacts WHERE id = ?1");
    query.bind(1, artefactId);
    return query.step() ? query.int64(0) : -1;
}

QStringList toQt(const std::vector<std::string> &names)
{
    QStringList list;
    for (const auto &name : names)
        list << qs(name);
    return list;
}

} // namespace

class TestRunManagement : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void presetsSaveListLoadAndRemove();
    void presetsSurviveReopening();
    void presetsRefuseBadInput_data();
    void presetsRefuseBadInput();

    void renameKeepsNamesUnambiguous();
    void renameRefuses_data();
    void renameRefuses();
    void notesAreKept();

    void deleteRemovesTheRunAndWhatOnlyItUsed();
    void deleteRefusesARunUnderWay_data();
    void deleteRefusesARunUnderWay();

    void summariesCarryTheFiguresNewestFirst();

private:
    // A run with a file of the given content stored as an artefact and linked under role.
    std::int64_t linkFile(std::int64_t runId, const char *kind, const char *role, const QByteArray &content);
    std::optional<std::int64_t> runIdOf(std::string_view name);

    std::optional<QTemporaryDir> m_dir;
    std::optional<store::Project> m_project;
    std::optional<store::RunStore> m_runs;
    std::int64_t m_datasetId = 0;
    std::int64_t m_otherDatasetId = 0;
    std::int64_t m_fileCount = 0;
};

void TestRunManagement::init()
{
    m_dir.emplace();
    QVERIFY(m_dir->isValid());
    m_project.emplace(store::Project::create(pathIn(*m_dir, QStringLiteral("runs.glossa"))));
    const auto input = pathIn(*m_dir, QStringLiteral("sample.jsonl"));
    writeFile(input,
              R"({"id": "s1", "text": "Where is my parcel?", "label": "track_order", "lang": "en", "split": "train"}
{"id": "s2", "text": "Ich möchte mein Geld zurück.", "label": "refund", "lang": "de", "split": "dev"}
{"id": "s3", "text": "荷物はどこですか？", "label": "track_order", "lang": "ja", "split": "test"}
)");
    data::importFile(m_project->db(), "support", input);
    store::DatasetStore datasets(m_project->db());
    m_datasetId = datasets.dataset("support").id;
    m_otherDatasetId = datasets.createDataset("other");
    m_runs.emplace(m_project->db(), m_project->artefactDir());
}

void TestRunManagement::cleanup()
{
    m_runs.reset();
    m_project.reset();
    m_dir.reset();
}

std::int64_t TestRunManagement::linkFile(std::int64_t runId, const char *kind, const char *role,
                                         const QByteArray &content)
{
    const auto file = pathIn(*m_dir, QStringLiteral("file%1.bin").arg(++m_fileCount));
    writeFile(file, content);
    const auto stored = m_runs->addArtefact(kind, file, runId);
    m_runs->linkArtefact(runId, role, stored.id);
    return stored.id;
}

std::optional<std::int64_t> TestRunManagement::runIdOf(std::string_view name)
{
    try {
        return m_runs->findRun(name).id;
    } catch (const Error &) {
        return std::nullopt;
    }
}

void TestRunManagement::presetsSaveListLoadAndRemove()
{
    store::PresetStore presets(m_project->db());
    QVERIFY(presets.names().empty());
    const auto three = configWithEpochs(3);
    const auto twenty = configWithEpochs(20);
    presets.save("fast", three);
    presets.save("Baseline", configWithEpochs(10));
    presets.save("accurate", twenty);
    // The order a person expects in a menu, not the byte order that puts capitals first.
    QCOMPARE(toQt(presets.names()),
             QStringList({QStringLiteral("accurate"), QStringLiteral("Baseline"), QStringLiteral("fast")}));
    QCOMPARE(qs(presets.load("fast").value_or("")), qs(three));
    QCOMPARE(train::TrainConfig::fromJsonString(*presets.load("accurate")).integer("optimizer.epochs"), 20);
    QVERIFY(!presets.load("slow"));

    // Saving under a name that exists overwrites it; surrounding blanks do not make a new one.
    presets.save(" fast ", twenty);
    QCOMPARE(presets.names().size(), size_t(3));
    QCOMPARE(qs(presets.load("fast").value_or("")), qs(twenty));

    QVERIFY(presets.remove("fast"));
    QVERIFY(!presets.remove("fast"));
    QVERIFY(!presets.load("fast"));
    QCOMPARE(toQt(presets.names()), QStringList({QStringLiteral("accurate"), QStringLiteral("Baseline")}));
}

void TestRunManagement::presetsSurviveReopening()
{
    const auto file = m_project->file();
    const auto json = configWithEpochs(7);
    store::PresetStore(m_project->db()).save("seven epochs", json);
    m_runs.reset();
    m_project.reset();

    auto reopened = store::Project::open(file);
    store::PresetStore presets(reopened.db());
    QCOMPARE(toQt(presets.names()), QStringList({QStringLiteral("seven epochs")}));
    QCOMPARE(qs(presets.load("seven epochs").value_or("")), qs(json));
}

void TestRunManagement::presetsRefuseBadInput_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("json");
    QTest::addColumn<QStringList>("expected"); // all in the message

    const auto valid = qs(configWithEpochs(3));
    QTest::newRow("empty name") << QString() << valid << QStringList{QStringLiteral("name")};
    QTest::newRow("blank name") << QStringLiteral(" \t ") << valid << QStringList{QStringLiteral("name")};
    QTest::newRow("not JSON") << QStringLiteral("broken") << QStringLiteral("{\"model\": ")
                              << QStringList{QStringLiteral("'broken'"), QStringLiteral("not valid JSON")};
    QTest::newRow("unknown setting") << QStringLiteral("typo") << QStringLiteral(R"({"model": {"nonsense": 1}})")
                                     << QStringList{QStringLiteral("'typo'"), QStringLiteral("model.nonsense")};
    QTest::newRow("out of range") << QStringLiteral("zero batch")
                                  << QStringLiteral(R"({"optimizer": {"batch_size": 0}})")
                                  << QStringList{QStringLiteral("'zero batch'"),
                                                 QStringLiteral("optimizer.batch_size")};
}

void TestRunManagement::presetsRefuseBadInput()
{
    QFETCH(QString, name);
    QFETCH(QString, json);
    QFETCH(QStringList, expected);
    store::PresetStore presets(m_project->db());
    presets.save("kept", configWithEpochs(4));
    const auto error = errorFrom([&] { presets.save(name.toStdString(), json.toStdString()); });
    QVERIFY2(error, "the preset was saved");
    for (const auto &piece : expected)
        QVERIFY2(error->contains(piece), qPrintable(*error));
    // Nothing was written, and the preset that was there is untouched.
    QCOMPARE(toQt(presets.names()), QStringList({QStringLiteral("kept")}));
    QCOMPARE(qs(presets.load("kept").value_or("")), qs(configWithEpochs(4)));
}

void TestRunManagement::renameKeepsNamesUnambiguous()
{
    const auto first = m_runs->createRun(m_datasetId, "bag-1", "{}", "snap");
    const auto second = m_runs->createRun(m_datasetId, "bag-2", "{}", "snap");
    m_runs->renameRun(first, "  baseline  ");
    QCOMPARE(qs(m_runs->run(first)->name), QStringLiteral("baseline"));
    QCOMPARE(runIdOf("baseline"), std::optional<std::int64_t>(first));
    QVERIFY(!runIdOf("bag-1"));
    // Keeping its own name, or taking a name another run gave up, is fine.
    m_runs->renameRun(first, "baseline");
    m_runs->renameRun(second, "bag-1");
    QCOMPARE(runIdOf("bag-1"), std::optional<std::int64_t>(second));
    // Digits inside a name are fine; only a name of digits alone reads as an id.
    m_runs->renameRun(second, "bag 2024");
    QCOMPARE(runIdOf("bag 2024"), std::optional<std::int64_t>(second));
}

void TestRunManagement::renameRefuses_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("expected");
    QTest::newRow("another run's name") << QStringLiteral("taken") << QStringLiteral("already called 'taken'");
    QTest::newRow("empty") << QString() << QStringLiteral("empty");
    QTest::newRow("blank") << QStringLiteral("   ") << QStringLiteral("empty");
    QTest::newRow("digits only") << QStringLiteral("42") << QStringLiteral("run id");
}

void TestRunManagement::renameRefuses()
{
    QFETCH(QString, name);
    QFETCH(QString, expected);
    const auto run = m_runs->createRun(m_datasetId, "mine", "{}", "snap");
    const auto other = m_runs->createRun(m_datasetId, "taken", "{}", "snap");
    const auto error = errorFrom([&] { m_runs->renameRun(run, name.toStdString()); });
    QVERIFY2(error, "the rename went through");
    QVERIFY2(error->contains(expected), qPrintable(*error));
    // The message names the run it refused to rename.
    QVERIFY2(error->contains(QStringLiteral("Run %1 'mine'").arg(run)), qPrintable(*error));
    QCOMPARE(qs(m_runs->run(run)->name), QStringLiteral("mine"));
    QCOMPARE(runIdOf("taken"), std::optional<std::int64_t>(other));
}

void TestRunManagement::notesAreKept()
{
    const auto run = m_runs->createRun(m_datasetId, "noted", "{}", "snap");
    QCOMPARE(qs(m_runs->run(run)->notes), QString());
    m_runs->setNotes(run, "lr 3e-4 overfits after epoch 4\nnext: more dropout");
    QCOMPARE(qs(m_runs->run(run)->notes), QStringLiteral("lr 3e-4 overfits after epoch 4\nnext: more dropout"));
    m_runs->setNotes(run, "");
    QCOMPARE(qs(m_runs->run(run)->notes), QString());
    const auto missing = errorFrom([&] { m_runs->setNotes(run + 100, "lost"); });
    QVERIFY2(missing && missing->contains(QString::number(run + 100)), qPrintable(missing.value_or(QString())));
}

void TestRunManagement::deleteRemovesTheRunAndWhatOnlyItUsed()
{
    auto &db = m_project->db();
    store::DatasetStore datasets(db);
    const auto s1 = datasets.exampleByExternalId(m_datasetId, "s1")->id;
    const auto refund = *datasets.findLabel(m_datasetId, "refund");

    const auto doomed = m_runs->createRun(m_datasetId, "doomed", "{}", "snap");
    const auto kept = m_runs->createRun(m_datasetId, "kept", "{}", "snap");
    for (const auto id : {doomed, kept}) {
        m_runs->markStarted(id, "cpu");
        m_runs->appendMetrics(id, {{1, 0.5, "train", "loss", 1.5}, {2, 1.0, "dev", "macro_f1", 0.5}});
        m_runs->addReport(id, 2, 1.0, "dev", R"({"macro_f1": 0.5})");
    }
    // Both trained from the same snapshot and tokenizer (the same content is stored once).
    const auto snapshot = linkFile(doomed, "snapshot", "snapshot", "snapshot bytes");
    const auto tokenizer = linkFile(doomed, "tokenizer", "tokenizer", "tokenizer bytes");
    QCOMPARE(linkFile(kept, "snapshot", "snapshot", "snapshot bytes"), snapshot);
    QCOMPARE(linkFile(kept, "tokenizer", "tokenizer", "tokenizer bytes"), tokenizer);
    const auto doomedModel = linkFile(doomed, "model", "model", "doomed weights");
    const auto keptModel = linkFile(kept, "model", "model", "kept weights");
    m_runs->replacePredictions(doomed, {{s1, refund, 0.9}});
    m_runs->replaceLabelErrors(doomed, {{s1, "track_order", "refund", 0.1, 0.9, 0.8, {}, {}}});
    const auto doomedDir = m_runs->runDir(doomed);
    fs::create_directories(doomedDir);
    writeFile(doomedDir / "state.pt", "resumable state");
    m_runs->setStatus(doomed, runStatus("stopped"));
    m_runs->setStatus(kept, runStatus("finished"));
    const auto doomedModelFile = m_runs->runArtefact(doomed, "model")->path;
    const auto tokenizerFile = m_runs->runArtefact(doomed, "tokenizer")->path;
    QVERIFY(fs::exists(doomedModelFile) && fs::exists(tokenizerFile) && fs::exists(doomedDir / "state.pt"));

    m_runs->deleteRun(doomed);

    QVERIFY(!m_runs->run(doomed));
    for (const char *table : {"metrics", "reports", "predictions", "label_error_candidates", "run_artefacts"})
        QVERIFY2(rowsOf(db, table, doomed) == 0, table);
    QVERIFY2(rowsOf(db, "artefacts", doomed) == 0, "an artefact still names the deleted run");
    // Its own model is gone, file and row; its working folder too.
    QVERIFY(!fs::exists(doomedModelFile));
    QCOMPARE(artefactRows(db, doomedModel), 0);
    QVERIFY(!fs::exists(doomedDir));
    // What the other run still links stays, and that run is whole.
    QVERIFY(fs::exists(tokenizerFile));
    QCOMPARE(artefactRows(db, tokenizer), 1);
    QCOMPARE(m_runs->runArtefact(kept, "tokenizer")->id, tokenizer);
    QCOMPARE(m_runs->runArtefact(kept, "snapshot")->id, snapshot);
    QVERIFY(fs::exists(m_runs->runArtefact(kept, "model")->path));
    QCOMPARE(m_runs->metrics(kept).size(), size_t(2));
    QVERIFY(m_runs->latestReport(kept, "dev"));

    // Once no run links the tokenizer, deleting the last one takes it along.
    m_runs->deleteRun(kept);
    QVERIFY(m_runs->runs().empty());
    QVERIFY(!fs::exists(tokenizerFile));
    for (const auto id : {snapshot, tokenizer, keptModel})
        QCOMPARE(artefactRows(db, id), 0);
    QCOMPARE(db.queryInt("SELECT count(*) FROM artefacts"), 0);

    const auto missing = errorFrom([&] { m_runs->deleteRun(doomed); });
    QVERIFY2(missing && missing->contains(QString::number(doomed)), qPrintable(missing.value_or(QString())));
}

void TestRunManagement::deleteRefusesARunUnderWay_data()
{
    QTest::addColumn<QString>("status");
    QTest::newRow("queued") << QStringLiteral("queued");
    QTest::newRow("running") << QStringLiteral("running");
    QTest::newRow("paused") << QStringLiteral("paused");
}

void TestRunManagement::deleteRefusesARunUnderWay()
{
    QFETCH(QString, status);
    const auto run = m_runs->createRun(m_datasetId, "busy", "{}", "snap");
    if (status != QLatin1String("queued"))
        m_runs->markStarted(run, "cpu");
    m_runs->setStatus(run, runStatus(status.toStdString()));
    m_runs->appendMetrics(run, {{1, 0.1, "train", "loss", 2.0}});
    linkFile(run, "tokenizer", "tokenizer", "busy tokenizer");
    const auto tokenizerFile = m_runs->runArtefact(run, "tokenizer")->path;
    fs::create_directories(m_runs->runDir(run));
    writeFile(m_runs->runDir(run) / "state.pt", "state");

    const auto error = errorFrom([&] { m_runs->deleteRun(run); });
    QVERIFY2(error, "a run under way was deleted");
    QVERIFY2(error->contains(QStringLiteral("Run %1 'busy' is %2").arg(run).arg(status)), qPrintable(*error));
    QVERIFY2(error->contains(QStringLiteral("stop it first")), qPrintable(*error));
    // Untouched: the run, its metrics and its files.
    QCOMPARE(qs(m_runs->run(run)->status), status);
    QCOMPARE(m_runs->metrics(run).size(), size_t(1));
    QVERIFY(fs::exists(tokenizerFile));
    QVERIFY(fs::exists(m_runs->runDir(run) / "state.pt"));
}

void TestRunManagement::summariesCarryTheFiguresNewestFirst()
{
    auto &db = m_project->db();
    const auto done = m_runs->createRun(m_datasetId, "done", "{}", "snap");
    m_runs->markStarted(done, "cpu");
    // The best dev score is the highest of the evaluations, not the last one.
    m_runs->appendMetrics(done, {{10, 1, "dev", "macro_f1", 0.4},
                                 {20, 2, "dev", "macro_f1", 0.7},
                                 {30, 3, "dev", "macro_f1", 0.6},
                                 {30, 3, "dev", "accuracy", 0.95},
                                 {30, 3, "train", "macro_f1", 0.99},
                                 {30, 3, "test", "accuracy", 0.8},
                                 {30, 3, "test", "macro_f1", 0.65}});
    m_runs->setStatus(done, runStatus("finished"));
    db.exec("UPDATE runs SET started_at = 1000000, finished_at = 1092500 WHERE id = " + std::to_string(done));

    const auto live = m_runs->createRun(m_otherDatasetId, "live", "{}", "snap");
    m_runs->markStarted(live, "cpu");
    m_runs->appendMetrics(live, {{5, 0.5, "dev", "macro_f1", 0.3}});
    const auto startedAgo = nowMs() - 5000;
    db.exec("UPDATE runs SET started_at = " + std::to_string(startedAgo) + " WHERE id = " + std::to_string(live));

    const auto waiting = m_runs->createRun(m_datasetId, "waiting", "{}", "snap");

    const auto all = m_runs->runSummaries();
    QCOMPARE(all.size(), size_t(3));
    QCOMPARE(all[0].run.id, waiting);
    QCOMPARE(all[1].run.id, live);
    QCOMPARE(all[2].run.id, done);

    const auto &finished = all[2];
    QCOMPARE(qs(finished.run.name), QStringLiteral("done"));
    QCOMPARE(qs(finished.run.status), QStringLiteral("finished"));
    QCOMPARE(qs(finished.datasetName), QStringLiteral("support"));
    QCOMPARE(finished.bestDevMacroF1, std::optional<double>(0.7));
    QCOMPARE(finished.testMacroF1, std::optional<double>(0.65));
    QCOMPARE(finished.durationSeconds, std::optional<double>(92.5));

    // Under way: no test score yet, and the time so far.
    const auto &running = all[1];
    QCOMPARE(qs(running.datasetName), QStringLiteral("other"));
    QCOMPARE(running.bestDevMacroF1, std::optional<double>(0.3));
    QVERIFY(!running.testMacroF1);
    QVERIFY(running.durationSeconds);
    QVERIFY2(*running.durationSeconds >= 5 && *running.durationSeconds < 120,
             qPrintable(QString::number(*running.durationSeconds)));

    // Never started: nothing to show yet.
    const auto &queued = all[0];
    QVERIFY(!queued.bestDevMacroF1 && !queued.testMacroF1 && !queued.durationSeconds);

    const auto ofSupport = m_runs->runSummaries(m_datasetId);
    QCOMPARE(ofSupport.size(), size_t(2));
    QCOMPARE(ofSupport[0].run.id, waiting);
    QCOMPARE(ofSupport[1].run.id, done);
    QCOMPARE(m_runs->runSummaries(m_otherDatasetId).size(), size_t(1));
}

QTEST_GUILESS_MAIN(TestRunManagement)
#include "tst_runmanagement.moc"
