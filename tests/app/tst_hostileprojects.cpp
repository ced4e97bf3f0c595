// Hostile project files, artefact folders and model folders (issue 16): a project file is
// untrusted input, mailed from one analyst to another. Each case tampers with a copy of a real
// project (a planted trigger, an artefact that points out of the project, a link where a
// folder should be, a model folder built to exhaust memory...) and runs glossa-cli on it, as a
// user would. Every case checks what the user would notice: the exit status (never an abort),
// a message that names the file and what is wrong, the project unchanged (its bytes, or its
// integrity check and statistics where a command may write), and nothing outside the case's
// project touched: a canary folder beside it keeps its files, their bytes and their times.

#include "testsupport.h"

#include "util/hash.h"

#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QTest>

#include <filesystem>

#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace glossa;
using namespace glossa::test;
namespace fs = std::filesystem;

namespace {

constexpr int boundMs = 120000;

struct Cli
{
    int exitCode = -1;
    bool finished = false;
    QByteArray out;
    QByteArray err;

    QByteArray describe() const
    {
        return "exit " + QByteArray::number(exitCode) + (finished ? "" : " (did not finish)")
               + "; stdout: " + out.left(400) + "; stderr: " + err.left(900);
    }
};

Cli runProgram(const QString &program, const QStringList &arguments, const QString &cwd, int bound = boundMs)
{
    QProcess process;
    process.setProgram(program);
    process.setArguments(arguments);
    process.setWorkingDirectory(cwd);
    auto environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("HOME"), cwd);
    environment.insert(QStringLiteral("TMPDIR"), cwd);
    process.setProcessEnvironment(environment);
    process.start();
    Cli run;
    if (process.waitForStarted(10000)) {
        process.closeWriteChannel();
        run.finished = process.waitForFinished(bound);
    }
    if (!run.finished) {
        process.kill();
        process.waitForFinished(5000);
    }
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : 128 + 9;
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}

Cli cli(const QStringList &arguments, const QString &cwd, int bound = boundMs)
{
    return runProgram(QStringLiteral(GLOSSA_CLI_PATH), arguments, cwd, bound);
}

// Runs glossa-cli as an unprivileged user (root writes through any permission).
Cli cliAsNobody(const QStringList &arguments, const QString &cwd)
{
    if (::geteuid() != 0)
        return cli(arguments, cwd);
    return runProgram(QStringLiteral("setpriv"),
                      QStringList{QStringLiteral("--reuid=65534"), QStringLiteral("--regid=65534"),
                                  QStringLiteral("--clear-groups"), QStringLiteral(GLOSSA_CLI_PATH)}
                          + arguments,
                      cwd);
}

QString sqlite(const QString &file, const QString &sql)
{
    QProcess process;
    process.start(QStringLiteral("sqlite3"), {file, sql});
    process.waitForFinished(30000);
    return QString::fromUtf8(process.readAllStandardOutput() + process.readAllStandardError()).trimmed();
}

// Every file under a folder with its size, bytes' hash and modification time.
QStringList inventory(const QString &folder)
{
    QStringList lines;
    QDirIterator it(folder, QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot | QDir::System,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const auto path = it.next();
        const QFileInfo info(path);
        QString line = path + QLatin1Char(' ') + QString::number(info.lastModified().toMSecsSinceEpoch());
        if (info.isFile() && !info.isSymLink())
            line += QLatin1Char(' ') + qs(core::sha256File(path.toStdString()));
        lines << line;
    }
    lines.sort();
    return lines;
}

QByteArray safetensorsBytes(const QByteArray &header, qint64 dataBytes)
{
    QByteArray bytes(8, '\0');
    for (int i = 0; i < 8; ++i)
        bytes[i] = char((quint64(header.size()) >> (8 * i)) & 0xFF);
    return bytes + header + QByteArray(dataBytes, '\0');
}

// One case's folder: a copy of the trained project ("p.glossa" and "p.artefacts"), and beside
// it "outside/", which nothing may touch.
class Workspace
{
public:
    Workspace(const QString &baseProject)
    {
        QVERIFY(m_dir.isValid());
        QVERIFY(QFile::copy(baseProject, project()));
        fs::copy(fs::path(baseProject.toStdString()).replace_extension(".artefacts"), artefacts().toStdString(),
                 fs::copy_options::recursive);
        QVERIFY(QDir(m_dir.path()).mkpath(QStringLiteral("outside/sub")));
        writeFile(outside(QStringLiteral("secret.txt")), QByteArray("the analyst's own file\n"));
        writeFile(outside(QStringLiteral("sub/notes.txt")), QByteArray("notes\n"));
        ::chmod(m_dir.path().toLocal8Bit().constData(), 0755);
    }

    QString path(const QString &name) const { return m_dir.filePath(name); }
    QString root() const { return m_dir.path(); }
    QString project() const { return path(QStringLiteral("p.glossa")); }
    QString artefacts() const { return path(QStringLiteral("p.artefacts")); }
    QString outside(const QString &name = {}) const
    {
        return name.isEmpty() ? path(QStringLiteral("outside")) : path(QStringLiteral("outside/") + name);
    }

    QStringList outsideInventory() const { return inventory(outside()); }
    QByteArray projectBytesHash() const { return QByteArray::fromStdString(core::sha256File(project().toStdString())); }

private:
    QTemporaryDir m_dir;
};

} // namespace

class HostileProjectsTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    // Schema objects a project file must not carry, and damaged files: refused at open,
    // the file left byte for byte as it was.
    void tamperedProjectsAreRefusedUnchanged_data();
    void tamperedProjectsAreRefusedUnchanged();
    void doctorRemovesWhatIsForeign_data();
    void doctorRemovesWhatIsForeign();
    void doctorCannotRepairAnAlteredTable();

    // Artefacts: every path resolved inside the artefacts folder, no link followed, every
    // file checked against its hash.
    void artefactsOutsideTheProjectAreNeverUsed_data();
    void artefactsOutsideTheProjectAreNeverUsed();
    void doctorRemovesArtefactEntriesThatPointOutside();

    // Files written safely.
    void exportsNeverWriteThroughLinksOrSpecialFiles_data();
    void exportsNeverWriteThroughLinksOrSpecialFiles();
    void aFullDiskFailsTheRunWithAMessage();

    // Read-only projects read, and say why they cannot be written.
    void readOnlyProjectsOpenForReading();

    // Model folders built to block, exhaust memory or train on nothing.
    void hostileModelFoldersAreRefused_data();
    void hostileModelFoldersAreRefused();

    // A killed run is seen at once and resumes.
    void aKilledRunIsInterruptedAtOnceAndResumes();

private:
    QTemporaryDir m_base;
    QString m_baseProject;
    QString m_runId;
};

void HostileProjectsTest::initTestCase()
{
    QVERIFY(m_base.isValid());
    m_baseProject = m_base.filePath(QStringLiteral("base.glossa"));
    const auto made = cli(
        {QStringLiteral("init"), QStringLiteral("--project"), m_baseProject, QStringLiteral("--demo")}, m_base.path());
    QVERIFY2(made.exitCode == 0, made.describe().constData());
    const auto trained = cli({QStringLiteral("train"), QStringLiteral("--project"), m_baseProject,
                              QStringLiteral("--dataset"), QStringLiteral("support-intents"), QStringLiteral("--json"),
                              QStringLiteral("--set"), QStringLiteral("optimizer.epochs=1")},
                             m_base.path());
    QVERIFY2(trained.exitCode == 0, trained.describe().constData());
    const auto result = QJsonDocument::fromJson(trained.out.trimmed().split('\n').last()).object();
    m_runId = QString::number(result.value(QLatin1String("run")).toInteger());
    QVERIFY2(m_runId != QLatin1String("0"), trained.out.constData());
}

void HostileProjectsTest::tamperedProjectsAreRefusedUnchanged_data()
{
    QTest::addColumn<QString>("tamper"); // SQL run by the sqlite3 shell on the copy
    QTest::addColumn<QStringList>("command");
    QTest::addColumn<QStringList>("fragments");
    auto rows = [](const char *name, const char *tamper, QStringList command, QStringList fragments) {
        QTest::newRow(name) << QString::fromUtf8(tamper) << command << fragments;
    };
    const QStringList datasets{QStringLiteral("datasets")};
    const QStringList schema{QStringLiteral("not what Glossa writes"), QStringLiteral("doctor")};
    rows("trigger on examples, import", "CREATE TRIGGER wipe AFTER INSERT ON examples BEGIN DELETE FROM examples; END;",
         {QStringLiteral("import"), QStringLiteral("--dataset"), QStringLiteral("more"), QStringLiteral("--input"),
          QStringLiteral("INPUT")},
         schema + QStringList{QStringLiteral("trigger 'wipe' on examples")});
    rows("trigger on runs, train",
         "CREATE TRIGGER rename AFTER UPDATE ON runs BEGIN UPDATE labels SET name = 'owned' || id; END;",
         {QStringLiteral("train"), QStringLiteral("--dataset"), QStringLiteral("support-intents")},
         schema + QStringList{QStringLiteral("trigger 'rename' on runs")});
    rows("trigger on labels, stats", "CREATE TRIGGER t BEFORE DELETE ON labels BEGIN SELECT 1; END;",
         {QStringLiteral("stats"), QStringLiteral("--dataset"), QStringLiteral("support-intents")},
         schema + QStringList{QStringLiteral("trigger 't' on labels")});
    rows("foreign view", "CREATE VIEW peek AS SELECT text FROM examples;", datasets,
         schema + QStringList{QStringLiteral("view 'peek'")});
    rows("foreign table", "CREATE TABLE stash (x);", datasets, schema + QStringList{QStringLiteral("table 'stash'")});
    rows("foreign index", "CREATE INDEX sneaky ON examples(text);", datasets,
         schema + QStringList{QStringLiteral("index 'sneaky' on examples")});
    rows("Glossa's trigger rewritten",
         "DROP TRIGGER examples_fts_update; CREATE TRIGGER examples_fts_update AFTER UPDATE OF text ON examples BEGIN "
         "DELETE FROM runs; END;",
         datasets, schema + QStringList{QStringLiteral("examples_fts_update"), QStringLiteral("not Glossa's")});
    rows("Glossa's view rewritten",
         "DROP VIEW indexed_examples; CREATE VIEW indexed_examples AS SELECT id, text FROM examples;", datasets,
         schema + QStringList{QStringLiteral("view 'indexed_examples'")});
    rows("index missing", "DROP INDEX examples_by_label;", datasets,
         schema + QStringList{QStringLiteral("index 'examples_by_label' on examples, which is missing")});
    rows("table with an extra column", "ALTER TABLE datasets ADD COLUMN payload TEXT;", datasets,
         schema + QStringList{QStringLiteral("table 'datasets'"), QStringLiteral("tables cannot be repaired")});
    rows("negative schema version", "PRAGMA user_version = -5;", datasets,
         {QStringLiteral("header is damaged"), QStringLiteral("backup")});
    rows("newer schema version", "PRAGMA user_version = 99;", datasets,
         {QStringLiteral("newer version of Glossa"), QStringLiteral("schema 99")});
    rows("another application", "PRAGMA application_id = 42;", datasets, {QStringLiteral("another application")});
    rows("damaged schema text",
         "PRAGMA writable_schema = ON; UPDATE sqlite_schema SET sql = 'CREATE TABLE presets (' WHERE name = 'presets';",
         datasets, {QStringLiteral("damaged"), QStringLiteral("backup")});
}

void HostileProjectsTest::tamperedProjectsAreRefusedUnchanged()
{
    QFETCH(QString, tamper);
    QFETCH(QStringList, command);
    QFETCH(QStringList, fragments);
    Workspace space(m_baseProject);
    QCOMPARE(sqlite(space.project(), tamper), QString());
    writeFile(space.path(QStringLiteral("input.csv")), QByteArray("text,label\nhello there,greet\nbye now,leave\n"));
    command.replaceInStrings(QStringLiteral("INPUT"), space.path(QStringLiteral("input.csv")));
    const auto before = space.projectBytesHash();
    const auto outside = space.outsideInventory();
    const auto siblings = QDir(space.root()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden);

    const auto run = cli(command + QStringList{QStringLiteral("--project"), space.project()}, space.root());
    QVERIFY2(run.finished && run.exitCode == 1, run.describe().constData());
    QVERIFY2(run.err.contains("p.glossa"), run.describe().constData());
    for (const auto &fragment : fragments)
        QVERIFY2(run.err.contains(fragment.toUtf8()),
                 qPrintable(fragment + QStringLiteral(": ") + QString::fromUtf8(run.describe())));
    QCOMPARE(space.projectBytesHash(), before);
    QCOMPARE(space.outsideInventory(), outside);
    // No -wal, -shm or anything else left beside it.
    QCOMPARE(QDir(space.root()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden), siblings);
}

void HostileProjectsTest::doctorRemovesWhatIsForeign_data()
{
    QTest::addColumn<QString>("tamper");
    QTest::newRow("planted trigger") << QStringLiteral(
        "CREATE TRIGGER wipe AFTER INSERT ON examples BEGIN DELETE FROM examples; END;");
    QTest::newRow("view, table and index") << QStringLiteral(
        "CREATE VIEW peek AS SELECT 1; CREATE TABLE stash (x); CREATE INDEX sneaky ON examples(text);");
    QTest::newRow("Glossa's trigger rewritten and an index dropped")
        << QStringLiteral("DROP TRIGGER examples_fts_delete; CREATE TRIGGER examples_fts_delete AFTER DELETE ON "
                          "examples BEGIN DELETE FROM runs; END; DROP INDEX examples_by_label;");
}

void HostileProjectsTest::doctorRemovesWhatIsForeign()
{
    QFETCH(QString, tamper);
    Workspace space(m_baseProject);
    QCOMPARE(sqlite(space.project(), tamper), QString());
    const auto outside = space.outsideInventory();
    const QStringList project{QStringLiteral("--project"), space.project()};

    const auto report = cli(QStringList{QStringLiteral("doctor"), QStringLiteral("--json")} + project, space.root());
    QCOMPARE(report.exitCode, 1);
    const auto found = QJsonDocument::fromJson(report.out).object();
    QVERIFY2(!found.value(QLatin1String("healthy")).toBool(), report.describe().constData());
    QVERIFY(!found.value(QLatin1String("problems")).toArray().isEmpty());

    const auto fixed =
        cli(QStringList{QStringLiteral("doctor"), QStringLiteral("--fix"), QStringLiteral("--json")} + project,
            space.root());
    QVERIFY2(fixed.exitCode == 0, fixed.describe().constData());
    const auto repaired = QJsonDocument::fromJson(fixed.out).object();
    QVERIFY(repaired.value(QLatin1String("healthy")).toBool());
    QVERIFY(!repaired.value(QLatin1String("repaired")).toArray().isEmpty());

    // The project is Glossa's again: it opens, its data is whole, deleting still keeps the
    // search index right (Glossa's own triggers are back).
    const auto stats = cli(QStringList{QStringLiteral("stats"), QStringLiteral("--dataset"),
                                       QStringLiteral("support-intents"), QStringLiteral("--json")}
                               + project,
                           space.root());
    QVERIFY2(stats.exitCode == 0, stats.describe().constData());
    QCOMPARE(sqlite(space.project(), QStringLiteral("PRAGMA integrity_check;")), QStringLiteral("ok"));
    QCOMPARE(
        sqlite(space.project(), QStringLiteral("INSERT INTO examples_fts(examples_fts) VALUES('integrity-check');")),
        QString());
    QCOMPARE(space.outsideInventory(), outside);
}

void HostileProjectsTest::doctorCannotRepairAnAlteredTable()
{
    Workspace space(m_baseProject);
    QCOMPARE(sqlite(space.project(), QStringLiteral("ALTER TABLE datasets ADD COLUMN payload TEXT;")), QString());
    const auto before = space.projectBytesHash();
    const auto run =
        cli({QStringLiteral("doctor"), QStringLiteral("--fix"), QStringLiteral("--project"), space.project()},
            space.root());
    QVERIFY2(run.exitCode == 1, run.describe().constData());
    QVERIFY2(run.out.contains("table 'datasets'") && run.out.contains("backup"), run.describe().constData());
    QCOMPARE(space.projectBytesHash(), before);
}

void HostileProjectsTest::artefactsOutsideTheProjectAreNeverUsed_data()
{
    QTest::addColumn<QString>("tamper"); // SQL; OUTSIDE is the canary file's absolute path
    QTest::addColumn<QString>("layout"); // a change to the artefacts folder
    QTest::addColumn<QStringList>("command");
    QTest::addColumn<QString>("fragment");
    const QStringList predict{QStringLiteral("predict"), QStringLiteral("--run"), QStringLiteral("RUN")};
    const QStringList eval{QStringLiteral("eval"), QStringLiteral("--run"), QStringLiteral("RUN")};
    const QStringList train{QStringLiteral("train"), QStringLiteral("--dataset"), QStringLiteral("support-intents"),
                            QStringLiteral("--set"), QStringLiteral("optimizer.epochs=1")};
    const QStringList compare{QStringLiteral("compare"), QStringLiteral("--run"), QStringLiteral("RUN"),
                              QStringLiteral("--run"), QStringLiteral("RUN")};
    const QString none;
    QTest::newRow("tokenizer path absolute")
        << QStringLiteral("UPDATE artefacts SET path = 'OUTSIDE' WHERE kind = 'tokenizer';") << none << predict
        << QStringLiteral("not a file Glossa keeps");
    QTest::newRow("tokenizer path climbs out, train reuses it")
        << QStringLiteral("UPDATE artefacts SET path = 'tokenizer/../../outside/secret.txt' WHERE kind = 'tokenizer';")
        << none << train << QStringLiteral("not a file Glossa keeps");
    QTest::newRow("model path climbs out")
        << QStringLiteral("UPDATE artefacts SET path = '../outside/secret.txt' WHERE kind = 'model';") << none << eval
        << QStringLiteral("not a file Glossa keeps");
    QTest::newRow("snapshot bytes changed")
        << none << QStringLiteral("append:snapshot") << eval << QStringLiteral("SHA-256 differs");
    QTest::newRow("model bytes changed") << none << QStringLiteral("append:model") << predict
                                         << QStringLiteral("SHA-256 differs");
    QTest::newRow("tokenizer file is a link out")
        << none << QStringLiteral("link-file:tokenizer") << predict << QStringLiteral("symbolic link");
    QTest::newRow("tokenizer folder is a link out")
        << none << QStringLiteral("link-folder:tokenizer") << predict << QStringLiteral("symbolic link");
    QTest::newRow("artefacts folder is a link out")
        << none << QStringLiteral("link-folder:.") << train << QStringLiteral("symbolic link");
    QTest::newRow("runs folder is a link out")
        << none << QStringLiteral("link-folder:runs") << train << QStringLiteral("symbolic link");
    QTest::newRow("snapshot path absolute, compare")
        << QStringLiteral("UPDATE artefacts SET path = 'OUTSIDE' WHERE kind = 'snapshot';") << none << compare
        << QStringLiteral("not a file Glossa keeps");
    QTest::newRow("snapshot bytes changed, compare")
        << none << QStringLiteral("append:snapshot") << compare << QStringLiteral("SHA-256 differs");
}

void HostileProjectsTest::artefactsOutsideTheProjectAreNeverUsed()
{
    QFETCH(QString, tamper);
    QFETCH(QString, layout);
    QFETCH(QStringList, command);
    QFETCH(QString, fragment);
    Workspace space(m_baseProject);
    const auto secret = space.outside(QStringLiteral("secret.txt"));
    if (!tamper.isEmpty())
        QCOMPARE(sqlite(space.project(), QString(tamper).replace(QStringLiteral("OUTSIDE"), secret)), QString());
    const auto artefacts = fs::path(space.artefacts().toStdString());
    auto firstFileIn = [&](const char *kind) {
        for (const auto &entry : fs::directory_iterator(artefacts / kind))
            return entry.path();
        return fs::path();
    };
    if (layout.startsWith(QLatin1String("append:"))) {
        QFile file(QString::fromStdString(firstFileIn(layout.mid(7).toUtf8().constData()).string()));
        QVERIFY(file.open(QIODevice::Append));
        file.write("tampered");
    } else if (layout.startsWith(QLatin1String("link-file:"))) {
        const auto file = firstFileIn(layout.mid(10).toUtf8().constData());
        fs::copy_file(file, space.outside(QStringLiteral("copy.model")).toStdString());
        fs::remove(file);
        fs::create_symlink(space.outside(QStringLiteral("copy.model")).toStdString(), file);
    } else if (layout.startsWith(QLatin1String("link-folder:"))) {
        const auto name = layout.mid(12).toStdString();
        const auto folder = name == "." ? artefacts : artefacts / name;
        const auto moved = fs::path(space.outside(QStringLiteral("moved")).toStdString());
        fs::rename(folder, moved);
        fs::create_symlink(moved, folder);
    }
    command.replaceInStrings(QStringLiteral("RUN"), m_runId);
    const auto outside = space.outsideInventory();
    const auto statsBefore =
        cli({QStringLiteral("stats"), QStringLiteral("--dataset"), QStringLiteral("support-intents"),
             QStringLiteral("--json"), QStringLiteral("--project"), space.project()},
            space.root());

    const auto run = cli(command + QStringList{QStringLiteral("--project"), space.project()}, space.root());
    QVERIFY2(run.finished && run.exitCode == 1, run.describe().constData());
    QVERIFY2(run.err.contains(fragment.toUtf8()), run.describe().constData());
    QVERIFY2(run.err.contains("p.artefacts") || run.err.contains("p.glossa") || run.err.contains("run '"),
             run.describe().constData());
    QCOMPARE(space.outsideInventory(), outside);
    QVERIFY(!QFileInfo::exists(space.path(QStringLiteral("exported"))));
    QCOMPARE(sqlite(space.project(), QStringLiteral("PRAGMA integrity_check;")), QStringLiteral("ok"));
    const auto statsAfter =
        cli({QStringLiteral("stats"), QStringLiteral("--dataset"), QStringLiteral("support-intents"),
             QStringLiteral("--json"), QStringLiteral("--project"), space.project()},
            space.root());
    QCOMPARE(statsAfter.out, statsBefore.out);
}

void HostileProjectsTest::doctorRemovesArtefactEntriesThatPointOutside()
{
    Workspace space(m_baseProject);
    const auto secret = space.outside(QStringLiteral("secret.txt"));
    QCOMPARE(sqlite(space.project(),
                    QStringLiteral("INSERT INTO artefacts (kind, path, sha256, size_bytes, created_at) VALUES "
                                   "('model', '%1', '%2', 1, 1);")
                        .arg(secret, QString(64, QLatin1Char('a')))),
             QString());
    const auto outside = space.outsideInventory();
    const QStringList project{QStringLiteral("--project"), space.project()};
    const auto report = cli(QStringList{QStringLiteral("doctor")} + project, space.root());
    QVERIFY2(report.exitCode == 1 && report.out.contains(secret.toUtf8()), report.describe().constData());
    const auto fixed = cli(QStringList{QStringLiteral("doctor"), QStringLiteral("--fix")} + project, space.root());
    QVERIFY2(fixed.exitCode == 0 && fixed.out.contains("removed the entry"), fixed.describe().constData());
    QCOMPARE(space.outsideInventory(), outside);
    QVERIFY(QFileInfo::exists(secret));
}

void HostileProjectsTest::exportsNeverWriteThroughLinksOrSpecialFiles_data()
{
    QTest::addColumn<QString>("target"); // link, fifo, folder, device
    QTest::addColumn<QString>("fragment");
    QTest::newRow("link to the analyst's file") << QStringLiteral("link") << QStringLiteral("symbolic link");
    QTest::newRow("pipe") << QStringLiteral("fifo") << QStringLiteral("a pipe");
    QTest::newRow("folder") << QStringLiteral("folder") << QStringLiteral("a folder");
    QTest::newRow("device") << QStringLiteral("device") << QStringLiteral("a device");
}

void HostileProjectsTest::exportsNeverWriteThroughLinksOrSpecialFiles()
{
    QFETCH(QString, target);
    QFETCH(QString, fragment);
    Workspace space(m_baseProject);
    const auto output = space.path(QStringLiteral("out.csv"));
    const auto secret = space.outside(QStringLiteral("secret.txt"));
    if (target == QLatin1String("link"))
        fs::create_symlink(secret.toStdString(), output.toStdString());
    else if (target == QLatin1String("fifo"))
        QCOMPARE(::mkfifo(output.toLocal8Bit().constData(), 0644), 0);
    else if (target == QLatin1String("folder"))
        QVERIFY(QDir(space.root()).mkdir(QStringLiteral("out.csv")));
    // A device: /dev/null itself, which an export as root once replaced with a regular file.
    const auto outside = space.outsideInventory();
    const auto before = space.projectBytesHash();
    auto run =
        cli({QStringLiteral("export"), QStringLiteral("--dataset"), QStringLiteral("support-intents"),
             QStringLiteral("--output"), target == QLatin1String("device") ? QStringLiteral("/dev/null") : output,
             QStringLiteral("--project"), space.project()},
            space.root(), 20000);
    QVERIFY2(run.finished && run.exitCode == 1, run.describe().constData());
    QVERIFY2(run.err.contains(fragment.toUtf8()), run.describe().constData());
    QCOMPARE(space.outsideInventory(), outside);
    QCOMPARE(space.projectBytesHash(), before);
    // Nothing left behind: no temporary file beside the target.
    const auto left = QDir(space.root()).entryList({QStringLiteral("*.part")}, QDir::Files | QDir::Hidden);
    QVERIFY2(left.isEmpty(), qPrintable(left.join(QLatin1Char(' '))));
    QVERIFY(!QFileInfo(QStringLiteral("/dev/null")).isFile());
}

void HostileProjectsTest::aFullDiskFailsTheRunWithAMessage()
{
    if (::geteuid() != 0)
        QSKIP("mounting a small file system needs root");
    QTemporaryDir small;
    if (::mount("tmpfs", small.path().toLocal8Bit().constData(), "tmpfs", 0, "size=3m") != 0)
        QSKIP("this machine does not let the test mount a small file system");
    struct Unmount
    {
        QString path;
        ~Unmount() { ::umount2(path.toLocal8Bit().constData(), MNT_DETACH); }
    } unmount{small.path()};
    const auto project = small.filePath(QStringLiteral("full.glossa"));
    const auto made =
        cli({QStringLiteral("init"), QStringLiteral("--project"), project, QStringLiteral("--demo")}, small.path());
    QVERIFY2(made.exitCode == 0, made.describe().constData());
    const auto run =
        cli({QStringLiteral("train"), QStringLiteral("--dataset"), QStringLiteral("support-intents"),
             QStringLiteral("--set"), QStringLiteral("optimizer.epochs=1"), QStringLiteral("--project"), project},
            small.path());
    // Not an abort (134): a message that says what happened and what to do.
    QVERIFY2(run.finished && run.exitCode == 1, run.describe().constData());
    QVERIFY2(run.err.contains("disk is full") && run.err.contains("free some space"), run.describe().constData());
    QDirIterator it(small.path(), {QStringLiteral("*.part")}, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    QVERIFY2(!it.hasNext(), qPrintable(it.hasNext() ? it.next() : QString()));
    const auto runs =
        cli({QStringLiteral("runs"), QStringLiteral("--json"), QStringLiteral("--project"), project}, small.path());
    QVERIFY2(runs.exitCode == 0 && runs.out.contains("\"failed\""), runs.describe().constData());
}

void HostileProjectsTest::readOnlyProjectsOpenForReading()
{
    Workspace space(m_baseProject);
    const QStringList project{QStringLiteral("--project"), space.project()};
    const auto before = space.projectBytesHash();
    // A read-only file in a folder others may not write either.
    ::chmod(space.project().toLocal8Bit().constData(), 0444);
    ::chmod(space.root().toLocal8Bit().constData(), 0555);
    const auto listed = cliAsNobody(QStringList{QStringLiteral("datasets")} + project, QStringLiteral("/"));
    const auto stats = cliAsNobody(
        QStringList{QStringLiteral("stats"), QStringLiteral("--dataset"), QStringLiteral("support-intents")} + project,
        QStringLiteral("/"));
    const auto runs = cliAsNobody(QStringList{QStringLiteral("runs")} + project, QStringLiteral("/"));
    writeFile(space.path(QStringLiteral("more.csv")), QByteArray("text,label\nhello there,greet\n"));
    const auto import =
        cliAsNobody(QStringList{QStringLiteral("import"), QStringLiteral("--dataset"), QStringLiteral("more"),
                                QStringLiteral("--input"), space.path(QStringLiteral("more.csv"))}
                        + project,
                    QStringLiteral("/"));
    ::chmod(space.root().toLocal8Bit().constData(), 0755);
    QVERIFY2(listed.exitCode == 0 && listed.out.contains("support-intents"), listed.describe().constData());
    QVERIFY2(stats.exitCode == 0, stats.describe().constData());
    QVERIFY2(runs.exitCode == 0 && runs.out.contains("bag-1"), runs.describe().constData());
    QVERIFY2(import.exitCode == 1, import.describe().constData());
    QVERIFY2(import.err.contains("p.glossa") && import.err.contains("read-only")
                 && import.err.contains("folder you can write to"),
             import.describe().constData());
    QCOMPARE(space.projectBytesHash(), before);
}

void HostileProjectsTest::hostileModelFoldersAreRefused_data()
{
    QTest::addColumn<QString>("build");
    QTest::addColumn<QString>("fragment");
    QTest::newRow("config.json is a pipe") << QStringLiteral("config-fifo") << QStringLiteral("pipe");
    QTest::newRow("config.json is 2 MiB") << QStringLiteral("config-huge") << QStringLiteral("more than the 1 MiB");
    QTest::newRow("config.json nests 100,000 deep") << QStringLiteral("config-deep") << QStringLiteral("nests deeper");
    QTest::newRow("a million layers") << QStringLiteral("config-layers") << QStringLiteral("num_hidden_layers");
    QTest::newRow("a 25-million-word vocabulary") << QStringLiteral("config-vocab") << QStringLiteral("vocab_size");
    QTest::newRow("model.safetensors is a pipe")
        << QStringLiteral("weights-fifo") << QStringLiteral("not a regular file");
    QTest::newRow("safetensors header nests deep") << QStringLiteral("weights-deep") << QStringLiteral("nests deeper");
    QTest::newRow("checkpoint without the encoder")
        << QStringLiteral("weights-none") << QStringLiteral("no word embeddings");
    QTest::newRow("config.json claims more layers than the checkpoint")
        << QStringLiteral("weights-fewer-layers") << QStringLiteral("num_hidden_layers is 2");
    QTest::newRow("vocabulary is a pipe") << QStringLiteral("vocab-fifo") << QStringLiteral("pipe");
    QTest::newRow("vocabulary is /dev/zero") << QStringLiteral("vocab-zero") << QStringLiteral("device");
    QTest::newRow("vocabulary of 300 MB") << QStringLiteral("vocab-huge") << QStringLiteral("more than the 256 MiB");
}

void HostileProjectsTest::hostileModelFoldersAreRefused()
{
    QFETCH(QString, build);
    QFETCH(QString, fragment);
    Workspace space(m_baseProject);
    const auto folder = space.path(QStringLiteral("model"));
    QVERIFY(QDir().mkpath(folder));
    const auto file = [&](const char *name) -> QString { return folder + QLatin1Char('/') + QLatin1String(name); };
    const QByteArray config = R"({"model_type": "bert", "vocab_size": 8, "hidden_size": 4, "num_hidden_layers": 2,
        "num_attention_heads": 2, "intermediate_size": 8, "max_position_embeddings": 512})";
    // Word embeddings and one layer's query weights: enough for the size checks to read.
    const QByteArray header = R"({"bert.embeddings.word_embeddings.weight": {"dtype": "F32", "shape": [8, 4],
        "data_offsets": [0, 128]}, "bert.encoder.layer.0.attention.self.query.weight": {"dtype": "F32",
        "shape": [4, 4], "data_offsets": [128, 192]}})";
    writeFile(file("config.json"), config);
    writeFile(file("model.safetensors"), safetensorsBytes(header, 192));
    // A real vocabulary (the trained run's), so that the weights are what is read next.
    for (const auto &entry : fs::directory_iterator(fs::path(space.artefacts().toStdString()) / "tokenizer"))
        fs::copy_file(entry.path(), file("sentencepiece.bpe.model").toStdString(),
                      fs::copy_options::overwrite_existing);
    if (build == QLatin1String("config-fifo")) {
        QFile::remove(file("config.json"));
        QCOMPARE(::mkfifo(file("config.json").toLocal8Bit().constData(), 0644), 0);
    } else if (build == QLatin1String("config-huge")) {
        writeFile(file("config.json"),
                  config.left(config.size() - 1) + ", \"pad\": \"" + QByteArray(2 << 20, 'x') + "\"}");
    } else if (build == QLatin1String("config-deep")) {
        writeFile(file("config.json"), QByteArray(100000, '[') + QByteArray(100000, ']'));
    } else if (build == QLatin1String("config-layers")) {
        writeFile(file("config.json"),
                  QByteArray(config).replace("\"num_hidden_layers\": 2", "\"num_hidden_layers\": 1000000"));
    } else if (build == QLatin1String("config-vocab")) {
        writeFile(file("config.json"), QByteArray(config).replace("\"vocab_size\": 8", "\"vocab_size\": 25000000"));
    } else if (build == QLatin1String("weights-fifo")) {
        QFile::remove(file("model.safetensors"));
        QCOMPARE(::mkfifo(file("model.safetensors").toLocal8Bit().constData(), 0644), 0);
    } else if (build == QLatin1String("weights-deep")) {
        writeFile(file("model.safetensors"), safetensorsBytes(QByteArray(50000, '[') + QByteArray(50000, ']'), 0));
    } else if (build == QLatin1String("weights-none")) {
        writeFile(file("model.safetensors"),
                  safetensorsBytes(R"({"something.else": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]}})", 8));
    } else if (build == QLatin1String("vocab-fifo")) {
        QFile::remove(file("sentencepiece.bpe.model"));
        QCOMPARE(::mkfifo(file("sentencepiece.bpe.model").toLocal8Bit().constData(), 0644), 0);
    } else if (build == QLatin1String("vocab-huge")) {
        QFile vocabulary(file("sentencepiece.bpe.model"));
        QVERIFY(vocabulary.resize(300 << 20)); // sparse: no disk used
    } else if (build == QLatin1String("vocab-zero")) {
        QFile::remove(file("sentencepiece.bpe.model"));
        fs::create_symlink("/dev/zero", file("sentencepiece.bpe.model").toStdString());
    }
    if (build == QLatin1String("weights-fewer-layers"))
        ; // the header above holds layer 0 only, config.json says 2
    else if (build.startsWith(QLatin1String("vocab-")))
        // Valid weights, so that the vocabulary is what is read next.
        writeFile(file("model.safetensors"), safetensorsBytes(QByteArray(header).replace("layer.0", "layer.1"), 192));

    const auto outside = space.outsideInventory();
    const auto run = cli({QStringLiteral("train"), QStringLiteral("--dataset"), QStringLiteral("support-intents"),
                          QStringLiteral("--set"), QStringLiteral("model.type=pretrained"), QStringLiteral("--set"),
                          QStringLiteral("model.path=") + folder, QStringLiteral("--set"),
                          QStringLiteral("optimizer.epochs=1"), QStringLiteral("--project"), space.project()},
                         space.root(), 30000);
    QVERIFY2(run.finished && run.exitCode != 0 && run.exitCode < 128, run.describe().constData());
    QVERIFY2(run.err.contains(fragment.toUtf8()), run.describe().constData());
    QVERIFY2(run.err.contains("model"), run.describe().constData());
    QCOMPARE(space.outsideInventory(), outside);
    QCOMPARE(sqlite(space.project(), QStringLiteral("PRAGMA integrity_check;")), QStringLiteral("ok"));
}

void HostileProjectsTest::aKilledRunIsInterruptedAtOnceAndResumes()
{
    Workspace space(m_baseProject);
    QProcess training;
    training.setProgram(QStringLiteral(GLOSSA_CLI_PATH));
    training.setArguments({QStringLiteral("train"), QStringLiteral("--dataset"), QStringLiteral("support-intents"),
                           QStringLiteral("--set"), QStringLiteral("model.type=transformer"), QStringLiteral("--set"),
                           QStringLiteral("optimizer.epochs=3"), QStringLiteral("--events"),
                           QStringLiteral("--project"), space.project()});
    training.start();
    QVERIFY(training.waitForStarted(10000));
    // Killed as soon as it reports its first step: long before its first checkpoint (30 s).
    QByteArray events;
    while (!events.contains("\"step\"") && training.state() == QProcess::Running) {
        training.waitForReadyRead(1000);
        events += training.readAllStandardOutput();
    }
    QVERIFY2(events.contains("\"step\""), events.constData());
    training.kill();
    QVERIFY(training.waitForFinished(10000));

    const QStringList project{QStringLiteral("--project"), space.project()};
    const auto listed = cli(QStringList{QStringLiteral("runs"), QStringLiteral("--json")} + project, space.root());
    QVERIFY2(listed.exitCode == 0, listed.describe().constData());
    const auto runs = QJsonDocument::fromJson(listed.out).array();
    QJsonObject killed;
    for (const auto &run : runs)
        if (run.toObject().value(QLatin1String("id")).toInteger() != m_runId.toLongLong())
            killed = run.toObject();
    QCOMPARE(killed.value(QLatin1String("status")).toString(), QStringLiteral("interrupted"));
    const auto resumed =
        cli(QStringList{QStringLiteral("train"), QStringLiteral("--resume"),
                        QString::number(killed.value(QLatin1String("id")).toInteger()), QStringLiteral("--json")}
                + project,
            space.root());
    QVERIFY2(resumed.exitCode == 0, resumed.describe().constData());
    QVERIFY2(resumed.out.contains("\"finished\""), resumed.describe().constData());
}

QTEST_GUILESS_MAIN(HostileProjectsTest)
#include "tst_hostileprojects.moc"
