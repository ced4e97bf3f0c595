// The project file: what a user gets when creating, reopening and upgrading a *.glossa file,
// which files Glossa refuses (and leaves untouched), and the artefact folder beside it.

#include "testsupport.h"

#include "data/importer.h"
#include "store/database.h"
#include "store/datasetstore.h"
#include "store/labeljournal.h"
#include "store/presetstore.h"
#include "store/project.h"
#include "store/runstore.h"
#include "store/schema.h"
#include "train/trainconfig.h"
#include "util/error.h"
#include "util/hash.h"

#include <QFile>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

using namespace glossa::core;
using namespace glossa::test;
namespace fs = std::filesystem;

namespace {

std::string pragmaText(store::Database &db, std::string_view pragma)
{
    auto query = db.prepare("PRAGMA " + std::string(pragma));
    return query.step() ? query.text(0) : std::string();
}

fs::path walFile(const fs::path &file)
{
    return fs::path(file.string() + "-wal");
}

fs::path shmFile(const fs::path &file)
{
    return fs::path(file.string() + "-shm");
}

// A small labelled dataset, imported the way a user would import it.
void importSample(store::Project &project, const QTemporaryDir &dir, std::string_view dataset)
{
    const auto input = pathIn(dir, QStringLiteral("sample.jsonl"));
    writeFile(input, R"({"id": "s1", "text": "Where is my parcel?", "label": "track_order", "lang": "en"}
{"id": "s2", "text": "Ich möchte mein Geld zurück.", "label": "refund", "lang": "de"}
{"id": "s3", "text": "荷物はどこですか？", "label": "track_order", "lang": "ja"}
{"id": "s4", "text": "Bonjour", "lang": "fr"}
)");
    data::importFile(project.db(), dataset, input);
}

} // namespace

class TestProject : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void createSetsUpAGlossaFile();
    void createRefusesAnExistingFile();
    void createRefusesAMissingFolder();
    void reopenFindsTheData();
    void openOrCreateCreatesOnceThenOpens();
    void connectionsShareTheProject();
    void migratesSchema1Forward();
    void migratesSchema5Forward();
    void refusesNewerSchema_data();
    void refusesNewerSchema();
    void refusesNewerSchemaWithLeftoverLog();
    void refusesForeignFiles_data();
    void refusesForeignFiles();
    void refusesMissingFileOrFolder();
    void artefactsAreStoredByHashOnce();
    void migrationLinksRunsToTheTokenizerTheyMade();
    void missingArtefactsAreNamedWithTheFix();
};

void TestProject::createSetsUpAGlossaFile()
{
    QTemporaryDir dir;
    const auto file = pathIn(dir, QStringLiteral("new.glossa"));
    auto project = store::Project::create(file);

    QVERIFY(fs::is_regular_file(file));
    QCOMPARE(project.file(), file);
    QCOMPARE(project.schemaVersion(), store::currentSchemaVersion());
    QCOMPARE(project.db().queryInt("PRAGMA user_version"), store::currentSchemaVersion());
    // The application id is what lets Glossa tell its own files from any other SQLite file.
    QCOMPARE(project.db().queryInt("PRAGMA application_id"), store::projectApplicationId);
    // WAL is what lets a training thread write metrics while the UI reads and edits.
    QCOMPARE(qs(pragmaText(project.db(), "journal_mode")), QStringLiteral("wal"));
    QCOMPARE(project.db().queryInt("PRAGMA foreign_keys"), 1);

    // Foreign keys are not just switched on but enforced: an example of a dataset that does
    // not exist is refused instead of becoming an orphan no view can show.
    const auto orphan = errorFrom([&] {
        project.db().exec("INSERT INTO examples (dataset_id, external_id, text, lang, split, created_at, updated_at) "
                          "VALUES (4242, 'x', 'text', 'en', 'train', 0, 0)");
    });
    QVERIFY2(orphan && orphan->contains(QStringLiteral("FOREIGN KEY")), qPrintable(orphan.value_or(QString())));

    // The artefact folder sits beside the project file and is named after it.
    QCOMPARE(project.artefactDir(), file.parent_path() / "new.artefacts");
    QVERIFY(fs::is_directory(project.artefactDir()));
}

void TestProject::createRefusesAnExistingFile()
{
    QTemporaryDir dir;
    const auto file = pathIn(dir, QStringLiteral("existing.glossa"));
    {
        auto project = store::Project::create(file);
        importSample(project, dir, "keep-me");
    }
    const auto before = sha256File(file);

    const auto error = errorFrom([&] { store::Project::create(file); });
    QVERIFY2(error, "creating over an existing project must fail");
    QVERIFY2(error->contains(QStringLiteral("already exists")), qPrintable(*error));
    QVERIFY2(error->contains(QString::fromStdString(file.string())), qPrintable(*error));

    // Same for a file that is not a project at all: "New project" must never overwrite it.
    const auto notes = pathIn(dir, QStringLiteral("notes.glossa"));
    writeFile(notes, "my notes, not a project\n");
    QVERIFY(errorFrom([&] { store::Project::create(notes); }));
    QCOMPARE(readFile(notes), QByteArray("my notes, not a project\n"));

    QCOMPARE(sha256File(file), before);
    auto reopened = store::Project::open(file);
    QCOMPARE(store::DatasetStore(reopened.db()).dataset("keep-me").exampleCount, 4);
}

void TestProject::createRefusesAMissingFolder()
{
    QTemporaryDir dir;
    const auto file = pathIn(dir, QStringLiteral("no/such/folder/p.glossa"));
    const auto error = errorFrom([&] { store::Project::create(file); });
    QVERIFY2(error && error->contains(QStringLiteral("does not exist")), qPrintable(error.value_or(QString())));
    QVERIFY(!fs::exists(file.parent_path()));
}

void TestProject::reopenFindsTheData()
{
    QTemporaryDir dir;
    const auto file = pathIn(dir, QStringLiteral("reopen.glossa"));
    std::int64_t runId = 0;
    {
        auto project = store::Project::create(file);
        importSample(project, dir, "support");
        store::DatasetStore datasets(project.db());
        const auto info = datasets.dataset("support");
        const auto refund = *datasets.findLabel(info.id, "refund");
        const auto s4 = datasets.exampleByExternalId(info.id, "s4")->id;
        store::LabelJournal(project.db()).setLabel(info.id, {s4}, refund, store::EditSource::User);
        store::RunStore runs(project.db(), project.artefactDir());
        runId = runs.createRun(info.id, "baseline", R"({"epochs": 3})", "snap");
        runs.appendMetrics(runId, {{1, 0.5, "train", "loss", 1.25}, {2, 1.0, "dev", "macro_f1", 0.5}});
    }
    // A clean close leaves no WAL behind: the project is one file again, safe to copy or mail.
    QVERIFY(!fs::exists(walFile(file)));

    auto project = store::Project::open(file);
    QCOMPARE(project.schemaVersion(), store::currentSchemaVersion());
    store::DatasetStore datasets(project.db());
    const auto info = datasets.dataset("support");
    QCOMPARE(info.exampleCount, 4);
    QCOMPARE(info.labelledCount, 4);
    QCOMPARE(info.labelCount, 2);
    QCOMPARE(info.languageCount, 4);
    const auto s3 = datasets.exampleByExternalId(info.id, "s3");
    QVERIFY(s3);
    QCOMPARE(qs(s3->text), QStringLiteral("荷物はどこですか？"));
    QCOMPARE(qs(s3->label.value_or("")), QStringLiteral("track_order"));
    QCOMPARE(qs(datasets.exampleByExternalId(info.id, "s4")->label.value_or("")), QStringLiteral("refund"));
    // The edit made before closing is still undoable.
    QVERIFY(store::LabelJournal(project.db()).canUndo(info.id));

    store::RunStore runs(project.db(), project.artefactDir());
    const auto run = runs.run(runId);
    QVERIFY(run);
    QCOMPARE(qs(run->name), QStringLiteral("baseline"));
    QCOMPARE(qs(run->status), QStringLiteral("queued"));
    const auto points = runs.metrics(runId);
    QCOMPARE(points.size(), size_t(2));
    QCOMPARE(points[0].value, 1.25);
    QCOMPARE(qs(points[1].name), QStringLiteral("macro_f1"));
}

void TestProject::openOrCreateCreatesOnceThenOpens()
{
    QTemporaryDir dir;
    const auto file = pathIn(dir, QStringLiteral("either.glossa"));
    {
        auto project = store::Project::openOrCreate(file);
        importSample(project, dir, "first");
    }
    auto project = store::Project::openOrCreate(file);
    QCOMPARE(store::DatasetStore(project.db()).datasets().size(), size_t(1));
}

void TestProject::connectionsShareTheProject()
{
    QTemporaryDir dir;
    auto project = store::Project::create(pathIn(dir, QStringLiteral("shared.glossa")));
    auto other = project.connect();
    // A second connection (a training thread's) is configured like the first...
    QCOMPARE(other.queryInt("PRAGMA foreign_keys"), 1);
    QCOMPARE(qs(pragmaText(other, "journal_mode")), QStringLiteral("wal"));
    // ...and sees what the first commits, without reopening.
    store::DatasetStore(project.db()).createDataset("seen-by-both");
    QVERIFY(store::DatasetStore(other).findDataset("seen-by-both"));
}

void TestProject::migratesSchema1Forward()
{
    QTemporaryDir dir;
    const auto file = pathIn(dir, QStringLiteral("legacy.glossa"));
    std::int64_t datasetId = 0;
    std::int64_t refund = 0;
    std::int64_t track = 0;
    std::int64_t firstExample = 0;
    // Build the file as the first Glossa release (schema 1) wrote it: no runs, metrics or
    // artefacts tables yet, but datasets, examples and a label journal with an undoable edit.
    {
        store::Database db(file, store::Database::Mode::ReadWriteCreate);
        db.exec("PRAGMA journal_mode = WAL");
        db.exec("PRAGMA foreign_keys = ON");
        store::migrate(db, 1);
        QCOMPARE(db.queryInt("PRAGMA user_version"), 1);
        QCOMPARE(db.queryInt("SELECT count(*) FROM sqlite_schema WHERE name = 'runs'"), 0);

        store::DatasetStore datasets(db);
        datasetId = datasets.createDataset("legacy", "written by schema 1");
        refund = datasets.ensureLabel(datasetId, "refund");
        track = datasets.ensureLabel(datasetId, "track_order");
        auto insert = db.prepare(R"sql(
INSERT INTO examples (dataset_id, external_id, text, lang, split, label_id, created_at, updated_at)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1, 1))sql");
        const std::vector<std::vector<std::string>> rows = {
            {"l1", "Where is my order?", "en", "train"},
            {"l2", "Je veux être remboursé.", "fr", "dev"},
            {"l3", "我的包裹在哪里？", "zh", "test"},
        };
        for (const auto &row : rows) {
            insert.bind(1, datasetId).bind(2, row[0]).bind(3, row[1]).bind(4, row[2]).bind(5, row[3]).bind(6, track);
            insert.run();
            if (!firstExample)
                firstExample = db.lastInsertId();
        }
        store::LabelJournal(db).setLabel(datasetId, {firstExample + 1}, refund, store::EditSource::User,
                                         "label 1 example 'refund'");
    }

    auto project = store::Project::open(file);
    QCOMPARE(project.schemaVersion(), store::currentSchemaVersion());
    QCOMPARE(project.db().queryInt("PRAGMA application_id"), store::projectApplicationId);

    // The data written by the old version is all there.
    store::DatasetStore datasets(project.db());
    const auto info = datasets.dataset("legacy");
    QCOMPARE(info.id, datasetId);
    QCOMPARE(qs(info.description), QStringLiteral("written by schema 1"));
    QCOMPARE(info.exampleCount, 3);
    QCOMPARE(info.labelCount, 2);
    QCOMPARE(qs(datasets.example(firstExample + 2)->text), QStringLiteral("我的包裹在哪里？"));
    QCOMPARE(qs(datasets.example(firstExample + 1)->label.value_or("")), QStringLiteral("refund"));

    // So is the journal: the edit made before the upgrade is still the one undo reverts.
    store::LabelJournal journal(project.db());
    QCOMPARE(qs(journal.undoDescription(datasetId).value_or("")), QStringLiteral("label 1 example 'refund'"));
    QCOMPARE(journal.undo(datasetId).size(), size_t(1));
    QCOMPARE(qs(datasets.example(firstExample + 1)->label.value_or("")), QStringLiteral("track_order"));

    // And the tables the upgrade added work: a training run with metrics and an artefact.
    store::RunStore runs(project.db(), project.artefactDir());
    const auto runId = runs.createRun(datasetId, "after upgrade", "{}", "snap");
    runs.markStarted(runId, "cpu");
    runs.appendMetrics(runId, {{1, 0.1, "train", "loss", 2.0}, {2, 0.2, "train", "loss", 1.5}});
    runs.setStatus(runId, runStatus("finished"));
    QCOMPARE(runs.metrics(runId, "loss").size(), size_t(2));
    QCOMPARE(qs(runs.run(runId)->status), QStringLiteral("finished"));
    QVERIFY(runs.run(runId)->finishedAt);
    const auto model = pathIn(dir, QStringLiteral("model.bin"));
    writeFile(model, "weights");
    QCOMPARE(runs.addArtefact("checkpoint", model, runId).runId, std::optional<std::int64_t>(runId));

    // Opening again is a no-op: the upgrade happened once.
    project = store::Project::open(file);
    QCOMPARE(project.schemaVersion(), store::currentSchemaVersion());
    QCOMPARE(store::RunStore(project.db(), project.artefactDir()).runs().size(), size_t(1));
}

// Schema 6 added presets. A project with runs written by the release before keeps them, and
// gains presets, on its first open.
void TestProject::migratesSchema5Forward()
{
    QTemporaryDir dir;
    const auto file = pathIn(dir, QStringLiteral("v5.glossa"));
    std::int64_t runId = 0;
    {
        store::Database db(file, store::Database::Mode::ReadWriteCreate);
        db.exec("PRAGMA journal_mode = WAL");
        db.exec("PRAGMA foreign_keys = ON");
        store::migrate(db, 5);
        QCOMPARE(db.queryInt("PRAGMA user_version"), 5);
        QCOMPARE(db.queryInt("SELECT count(*) FROM sqlite_schema WHERE name = 'presets'"), 0);
        const auto datasetId = store::DatasetStore(db).createDataset("before", "written by schema 5");
        store::RunStore runs(db, file.parent_path() / "v5.artefacts");
        runId = runs.createRun(datasetId, "old run", R"({"optimizer": {"epochs": 3}})", "snap");
        runs.markStarted(runId, "cpu");
        runs.appendMetrics(runId, {{10, 1, "dev", "macro_f1", 0.5}, {10, 1, "test", "macro_f1", 0.45}});
        runs.setStatus(runId, runStatus("finished"));
    }

    auto project = store::Project::open(file);
    QCOMPARE(project.schemaVersion(), store::currentSchemaVersion());
    QVERIFY(store::currentSchemaVersion() >= 6);

    store::RunStore runs(project.db(), project.artefactDir());
    const auto summaries = runs.runSummaries();
    QCOMPARE(summaries.size(), size_t(1));
    QCOMPARE(summaries[0].run.id, runId);
    QCOMPARE(qs(summaries[0].run.name), QStringLiteral("old run"));
    QCOMPARE(qs(summaries[0].run.status), QStringLiteral("finished"));
    QCOMPARE(qs(summaries[0].datasetName), QStringLiteral("before"));
    QCOMPARE(summaries[0].testMacroF1, std::optional<double>(0.45));

    // The new table works, and a preset can be made from the old run's settings.
    store::PresetStore presets(project.db());
    QVERIFY(presets.names().empty());
    presets.save("from old run", summaries[0].run.configJson);
    QCOMPARE(train::TrainConfig::fromJsonString(*presets.load("from old run")).integer("optimizer.epochs"), 3);

    project = store::Project::open(file);
    QCOMPARE(project.schemaVersion(), store::currentSchemaVersion());
    QCOMPARE(store::PresetStore(project.db()).names().size(), size_t(1));
}

void TestProject::refusesNewerSchema_data()
{
    QTest::addColumn<bool>("viaOpenOrCreate");
    QTest::newRow("open") << false;
    QTest::newRow("openOrCreate") << true;
}

void TestProject::refusesNewerSchema()
{
    QFETCH(bool, viaOpenOrCreate);
    QTemporaryDir dir;
    const auto file = pathIn(dir, QStringLiteral("future.glossa"));
    {
        auto project = store::Project::create(file);
        importSample(project, dir, "from-the-future");
        // What a later Glossa with one more migration would leave behind.
        project.db().exec("PRAGMA user_version = " + std::to_string(store::currentSchemaVersion() + 1));
    }
    QVERIFY(!fs::exists(walFile(file)));
    const auto before = sha256File(file);

    const auto error =
        errorFrom([&] { viaOpenOrCreate ? store::Project::openOrCreate(file) : store::Project::open(file); });
    QVERIFY2(error, "a project from a newer Glossa must be refused");
    QVERIFY2(error->contains(QStringLiteral("newer version of Glossa")), qPrintable(*error));
    QVERIFY2(error->contains(QString::fromStdString(file.string())), qPrintable(*error));
    QVERIFY2(error->contains(QString::number(store::currentSchemaVersion() + 1)), qPrintable(*error));

    // Refusing must not upgrade, migrate down or even checkpoint the file: the newer Glossa
    // has to find it exactly as it left it.
    QCOMPARE(sha256File(file), before);
    QVERIFY(!fs::exists(walFile(file)));
    QVERIFY(!fs::exists(shmFile(file)));
}

// The newer Glossa crashed: its last commits are still in the write-ahead log. Refusing the file
// must leave the log alone too, or those commits would be folded into a file we do not read.
void TestProject::refusesNewerSchemaWithLeftoverLog()
{
    QTemporaryDir dir;
    const auto live = pathIn(dir, QStringLiteral("live.glossa"));
    const auto crashed = pathIn(dir, QStringLiteral("crashed.glossa"));
    {
        auto project = store::Project::create(live);
        importSample(project, dir, "from-the-future");
        store::Database writer(live, store::Database::Mode::ReadWrite);
        writer.exec("PRAGMA wal_autocheckpoint = 0");
        writer.exec("PRAGMA user_version = " + std::to_string(store::currentSchemaVersion() + 1));
        // A copy of the file and its log taken while they are open is what a crash leaves.
        fs::copy_file(live, crashed);
        fs::copy_file(walFile(live), walFile(crashed));
    }
    QVERIFY(fs::file_size(walFile(crashed)) > 0);
    const auto fileBefore = sha256File(crashed);
    const auto logBefore = sha256File(walFile(crashed));

    const auto error = errorFrom([&] { store::Project::open(crashed); });
    QVERIFY2(error && error->contains(QStringLiteral("newer version of Glossa")),
             qPrintable(error.value_or(QString())));
    QCOMPARE(sha256File(crashed), fileBefore);
    QVERIFY(fs::exists(walFile(crashed)));
    QCOMPARE(sha256File(walFile(crashed)), logBefore);
}

void TestProject::refusesForeignFiles_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("expected");

    // Each is a file a user could pick by mistake in the Open dialog.
    QTest::newRow("sqlite of another application") << "other-app"
                                                   << "SQLite database of another application";
    QTest::newRow("sqlite without application id") << "plain-sqlite"
                                                   << "SQLite database of another application";
    QTest::newRow("random bytes") << "random"
                                  << "not an SQLite database";
    QTest::newRow("text file") << "text"
                               << "not an SQLite database";
    QTest::newRow("empty file") << "empty"
                                << "empty file";
}

void TestProject::refusesForeignFiles()
{
    QFETCH(QString, kind);
    QFETCH(QString, expected);
    QTemporaryDir dir;
    const auto file = pathIn(dir, QStringLiteral("picked.glossa"));
    if (kind == QLatin1String("other-app") || kind == QLatin1String("plain-sqlite")) {
        store::Database db(file, store::Database::Mode::ReadWriteCreate);
        db.exec("CREATE TABLE contacts (name TEXT, phone TEXT)");
        db.exec("INSERT INTO contacts VALUES ('Ada', '123')");
        if (kind == QLatin1String("other-app"))
            db.exec("PRAGMA application_id = 1234567");
    } else if (kind == QLatin1String("random")) {
        QByteArray noise(8192, Qt::Uninitialized);
        QRandomGenerator generator(42);
        for (auto &byte : noise)
            byte = static_cast<char>(generator.bounded(256));
        writeFile(file, noise);
    } else if (kind == QLatin1String("text")) {
        writeFile(file, "id,text,label\n1,Where is my parcel?,track_order\n");
    } else {
        writeFile(file, {});
    }
    const auto before = readFile(file);

    for (const bool viaOpenOrCreate : {false, true}) {
        const auto error =
            errorFrom([&] { viaOpenOrCreate ? store::Project::openOrCreate(file) : store::Project::open(file); });
        QVERIFY2(error, "a file that is not a Glossa project must be refused");
        QVERIFY2(error->contains(QString::fromStdString(file.string())), qPrintable(*error));
        QVERIFY2(error->contains(QStringLiteral("not a Glossa project")), qPrintable(*error));
        QVERIFY2(error->contains(expected), qPrintable(*error));
    }

    // The other application's file is left exactly as it was: no Glossa tables, no WAL switch.
    QCOMPARE(readFile(file), before);
    QVERIFY(!fs::exists(walFile(file)));
}

void TestProject::refusesMissingFileOrFolder()
{
    QTemporaryDir dir;
    const auto missing = pathIn(dir, QStringLiteral("gone.glossa"));
    const auto error = errorFrom([&] { store::Project::open(missing); });
    QVERIFY2(error && error->contains(QStringLiteral("no such project file")), qPrintable(error.value_or(QString())));
    QVERIFY2(error->contains(QString::fromStdString(missing.string())), qPrintable(*error));
    // Opening must not create the file it failed to find.
    QVERIFY(!fs::exists(missing));

    const auto folder = pathIn(dir, QStringLiteral("folder.glossa"));
    fs::create_directory(folder);
    const auto folderError = errorFrom([&] { store::Project::open(folder); });
    QVERIFY2(folderError && folderError->contains(QStringLiteral("is a folder")),
             qPrintable(folderError.value_or(QString())));
}

void TestProject::artefactsAreStoredByHashOnce()
{
    QTemporaryDir dir;
    const auto file = pathIn(dir, QStringLiteral("artefacts.glossa"));
    // A NUL byte inside: artefacts are binary files and must be stored byte for byte.
    static constexpr char rawModel[] = "a tokenizer model\0with a NUL byte";
    const QByteArray modelBytes(rawModel, sizeof(rawModel) - 1);
    const auto expectedHash = sha256Hex(std::string_view(modelBytes.constData(), size_t(modelBytes.size())));
    fs::path storedPath;
    std::int64_t storedId = 0;
    {
        auto project = store::Project::create(file);
        store::DatasetStore(project.db()).createDataset("d");
        store::RunStore runs(project.db(), project.artefactDir());
        const auto runId = runs.createRun(1, "r", "{}", "snap");

        const auto first = pathIn(dir, QStringLiteral("tokenizer.model"));
        writeFile(first, modelBytes);
        const auto stored = runs.addArtefact("tokenizer", first, runId);
        storedPath = stored.path;
        storedId = stored.id;
        QCOMPARE(qs(stored.sha256), qs(expectedHash));
        QCOMPARE(stored.sizeBytes, modelBytes.size());
        QCOMPARE(stored.path, project.artefactDir() / "tokenizer" / (expectedHash + ".model"));
        QCOMPARE(readFile(stored.path), modelBytes);
        // The file was moved in, not left behind as a second copy.
        QVERIFY(!fs::exists(first));

        // The same content again (a retrained but identical tokenizer) is stored once.
        const auto second = pathIn(dir, QStringLiteral("again.model"));
        writeFile(second, modelBytes);
        const auto again = runs.addArtefact("tokenizer", second, std::nullopt, "settings with seed 5");
        QCOMPARE(again.id, stored.id);
        // ... and answers to what made it this time too, as well as to what made it first.
        writeFile(second, modelBytes);
        runs.addArtefact("tokenizer", second, std::nullopt, "settings with seed 7");
        QCOMPARE(runs.findArtefactBySource("tokenizer", "settings with seed 5")->id, stored.id);
        QCOMPARE(runs.findArtefactBySource("tokenizer", "settings with seed 7")->id, stored.id);
        QVERIFY(!runs.findArtefactBySource("tokenizer", "settings with seed 9"));
        QCOMPARE(again.path, stored.path);
        QVERIFY(!fs::exists(second));
        QCOMPARE(project.db().queryInt("SELECT count(*) FROM artefacts"), 1);
        size_t filesInFolder = 0;
        for ([[maybe_unused]] const auto &entry : fs::recursive_directory_iterator(project.artefactDir()))
            filesInFolder += entry.is_regular_file() ? 1 : 0;
        QCOMPARE(filesInFolder, size_t(1));

        // Different content is a different artefact.
        const auto third = pathIn(dir, QStringLiteral("other.model"));
        writeFile(third, "another tokenizer");
        const auto other = runs.addArtefact("tokenizer", third);
        QVERIFY(other.id != stored.id);
        QVERIFY(other.path != stored.path);
        QCOMPARE(readFile(stored.path), modelBytes);
        QCOMPARE(project.db().queryInt("SELECT count(*) FROM artefacts"), 2);
    }

    // The database names artefacts relative to the folder, so they are found after reopening.
    auto project = store::Project::open(file);
    const auto found = store::RunStore(project.db(), project.artefactDir()).findArtefact("tokenizer", expectedHash);
    QVERIFY(found);
    QCOMPARE(found->id, storedId);
    QCOMPARE(found->path, storedPath);
    QCOMPARE(readFile(found->path), modelBytes);
    QVERIFY(!store::RunStore(project.db(), project.artefactDir()).findArtefact("checkpoint", expectedHash));
}

// Before schema 8 an artefact kept only the first source key that made it, so a run whose
// tokenizer came out byte for byte like an earlier one (another seed) was never linked to it
// and ended "finished" without being able to predict. The upgrade links such a run to the
// tokenizer of a run on the same snapshot with the same tokenizer settings, and marks a
// finished run it cannot mend as failed with a message that says what to do.
void TestProject::migrationLinksRunsToTheTokenizerTheyMade()
{
    QTemporaryDir dir;
    const auto file = pathIn(dir, QStringLiteral("v7.glossa"));
    const auto artefactDir = file.parent_path() / "v7.artefacts";
    const std::string settings = R"({"model": {"type": "bag"}, "tokenizer": {"vocab_size": 2000}, "run": {"seed": %}})";
    auto withSeed = [&](int seed) {
        auto text = settings;
        return text.replace(text.find('%'), 1, std::to_string(seed));
    };
    std::int64_t first = 0, seed5 = 0, otherSnapshot = 0, otherSettings = 0, stoppedOrphan = 0, pretrained = 0,
                 ancient = 0;
    {
        store::Database db(file, store::Database::Mode::ReadWriteCreate);
        db.exec("PRAGMA journal_mode = WAL");
        db.exec("PRAGMA foreign_keys = ON");
        store::migrate(db, 7);
        const auto datasetId = store::DatasetStore(db).createDataset("d");
        store::RunStore runs(db, artefactDir);
        fs::create_directories(artefactDir / "tokenizer");
        const auto tokenizerHash = sha256Hex("pieces");
        writeFile(artefactDir / "tokenizer" / (tokenizerHash + ".model"), "pieces");
        db.exec("INSERT INTO artefacts (id, kind, path, sha256, size_bytes, created_at, source_key) VALUES (7, "
                "'tokenizer', 'tokenizer/"
                + tokenizerHash + ".model', '" + tokenizerHash + "', 6, 1, 'first key')");
        // Each run stored its model (it ended), as schema 7 wrote it: with the raw tables.
        auto run = [&](std::string_view name, const std::string &config, std::string_view snapshot,
                       std::string_view status) {
            const auto id = runs.createRun(datasetId, name, config, snapshot);
            runs.setStatus(id, runStatus(status));
            const auto model = std::to_string(100 + id);
            const auto modelHash = std::string(64, 'b').replace(0, 3, model);
            db.exec("INSERT INTO artefacts (id, kind, path, sha256, size_bytes, created_at) VALUES (" + model
                    + ", 'model', 'model/" + modelHash + ".pt', '" + modelHash + "', 1, 1)");
            db.exec("INSERT INTO run_artefacts (run_id, role, artefact_id) VALUES (" + std::to_string(id)
                    + ", 'model', " + model + ")");
            return id;
        };
        first = run("first", withSeed(1), "snap-a", "finished");
        seed5 = run("seed5", withSeed(5), "snap-a", "finished");
        otherSnapshot = run("relabelled", withSeed(5), "snap-b", "finished");
        otherSettings =
            run("bigger", R"({"model": {"type": "bag"}, "tokenizer": {"vocab_size": 4000}})", "snap-a", "finished");
        stoppedOrphan = run("stopped", withSeed(9), "snap-b", "stopped");
        pretrained = run("xlmr", R"({"model": {"type": "pretrained"}})", "snap-a", "finished");
        // A run from before schema 4 has no files linked at all: it is left as it was.
        ancient = runs.createRun(datasetId, "ancient", withSeed(3), "snap-c");
        runs.setStatus(ancient, runStatus("finished"));
        db.exec("INSERT INTO run_artefacts (run_id, role, artefact_id) VALUES (" + std::to_string(first)
                + ", 'tokenizer', 7)");
    }

    auto project = store::Project::open(file);
    store::RunStore runs(project.db(), project.artefactDir());
    auto tokenizerOf = [&](std::int64_t runId) {
        const auto stored = runs.runArtefact(runId, "tokenizer");
        return stored ? stored->id : std::int64_t(0);
    };
    // The key the artefact had is kept; the run with another seed now has the tokenizer.
    QCOMPARE(runs.findArtefactBySource("tokenizer", "first key")->id, std::int64_t(7));
    QCOMPARE(tokenizerOf(seed5), std::int64_t(7));
    QCOMPARE(qs(runs.run(seed5)->status), QStringLiteral("finished"));
    // Other training texts or other tokenizer settings make other pieces: nothing to link.
    for (const auto runId : {otherSnapshot, otherSettings}) {
        QCOMPARE(tokenizerOf(runId), std::int64_t(0));
        const auto info = *runs.run(runId);
        QCOMPARE(qs(info.status), QStringLiteral("failed"));
        QVERIFY2(info.errorMessage && info.errorMessage->find("train it again") != std::string::npos,
                 info.errorMessage.value_or("").c_str());
    }
    // A stopped run trains its tokenizer again when it resumes; a pretrained run brings its own.
    QCOMPARE(qs(runs.run(stoppedOrphan)->status), QStringLiteral("stopped"));
    QCOMPARE(qs(runs.run(pretrained)->status), QStringLiteral("finished"));
    QCOMPARE(qs(runs.run(first)->status), QStringLiteral("finished"));
    QCOMPARE(qs(runs.run(ancient)->status), QStringLiteral("finished"));
}

// A run that lacks a file says which run, which file, and what to do, by where it stands.
void TestProject::missingArtefactsAreNamedWithTheFix()
{
    QTemporaryDir dir;
    auto project = store::Project::create(pathIn(dir, QStringLiteral("missing.glossa")));
    const auto datasetId = store::DatasetStore(project.db()).createDataset("d");
    store::RunStore runs(project.db(), project.artefactDir());
    auto messageFor = [&](std::string_view status, bool withFile) {
        const auto id = runs.createRun(datasetId, std::string("run-") + std::string(status), "{}", "snap");
        runs.setStatus(id, runStatus(status));
        if (withFile) {
            const auto model = pathIn(dir, QStringLiteral("model.pt"));
            writeFile(model, "weights of " + QByteArray::fromStdString(std::string(status)));
            const auto stored = runs.addArtefact("model", model, id);
            runs.linkArtefact(id, "model", stored.id);
            fs::remove(stored.path);
        }
        try {
            runs.requireRunArtefact(*runs.run(id), "model");
        } catch (const Error &e) {
            return QString::fromUtf8(e.what());
        }
        return QString();
    };
    const auto finished = messageFor("finished", false);
    QVERIFY2(finished.contains(QStringLiteral("run 'run-finished'")), qPrintable(finished));
    QVERIFY2(finished.contains(QStringLiteral("trained model")), qPrintable(finished));
    QVERIFY2(finished.contains(QStringLiteral("train it again")), qPrintable(finished));
    QVERIFY2(!finished.contains(QStringLiteral("only a finished")), qPrintable(finished));
    const auto stopped = messageFor("stopped", false);
    QVERIFY2(stopped.contains(QStringLiteral("glossa-cli train --resume")), qPrintable(stopped));
    const auto running = messageFor("running", false);
    QVERIFY2(running.contains(QStringLiteral("wait for it to end")), qPrintable(running));
    const auto deleted = messageFor("interrupted", true);
    QVERIFY2(deleted.contains(QStringLiteral("is missing from the artefacts folder")), qPrintable(deleted));
    QVERIFY2(deleted.contains(QStringLiteral("resume it")), qPrintable(deleted));
}

QTEST_GUILESS_MAIN(TestProject)
#include "tst_project.moc"
