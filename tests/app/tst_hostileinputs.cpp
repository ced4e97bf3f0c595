// Hostile inputs to glossa-cli (issue 16): special files given as import input, headers and
// texts built to exhaust time or memory, unbounded stdin, options that wrap around, and names
// that act on terminals. Every refusal is checked the way a user would notice it: the exit
// status, one line on stderr that names the file (or stdin line) and the problem with no raw
// control character in it, the project unchanged (integrity check, the same `stats --json` and
// `datasets --json`), and nothing written anywhere else (the child's home, temporary folder and
// working folder are inside the test's folder and must stay empty). Blocking is a failure: a
// command that does not finish within its bound is killed and the case fails.

#include "testsupport.h"

#include "boundedlines.h"
#include "store/database.h"
#include "store/project.h"
#include "util/names.h"

#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QTest>

#include <cstring>
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

using namespace glossa;
using namespace glossa::test;

namespace {

// A refused command must finish within this: a blocked open or a read of /dev/zero fails it.
constexpr int refusalBoundMs = 10000;
constexpr int commandBoundMs = 120000;

struct CliRun
{
    int exitCode = -1;
    bool finished = false;
    qint64 milliseconds = 0;
    QByteArray out;
    QByteArray err;

    QByteArray describe() const
    {
        return "exit " + QByteArray::number(exitCode) + (finished ? "" : " (killed: did not finish)") + " after "
               + QByteArray::number(milliseconds) + " ms; stdout: " + out.left(400) + "; stderr: " + err.left(600);
    }
};

// What the child's stdin is: nothing (closed at once), bytes through a pipe, or a file.
struct Stdin
{
    QByteArray bytes;
    QString file;
};

QString s(const char *text)
{
    return QString::fromUtf8(text);
}

QStringList strings(std::initializer_list<const char *> list)
{
    QStringList result;
    for (const char *text : list)
        result << QString::fromUtf8(text);
    return result;
}

bool hasRawControlCharacter(const QByteArray &text)
{
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if ((byte < 0x20 && c != '\n' && c != '\t') || byte == 0x7F) // tabs and line ends lay out the output
            return true;
    }
    // C1 controls and bidirectional overrides, as UTF-8.
    const QString decoded = QString::fromUtf8(text);
    for (const QChar c : decoded) {
        const auto code = c.unicode();
        if ((code >= 0x80 && code <= 0x9F) || (code >= 0x202A && code <= 0x202E) || (code >= 0x2066 && code <= 0x2069))
            return true;
    }
    return false;
}

// One test's folder: the project, the inputs, and the child's home, temporary and working
// folders, which must stay empty.
class Sandbox
{
public:
    Sandbox()
    {
        QVERIFY(m_dir.isValid());
        for (const char *folder : {"home", "tmp", "cwd"})
            QVERIFY(QDir(m_dir.path()).mkpath(QLatin1String(folder)));
        m_project = m_dir.filePath(QStringLiteral("p.glossa"));
    }

    QString path(const QString &name) const { return m_dir.filePath(name); }
    QString root() const { return m_dir.path(); }
    const QString &project() const { return m_project; }

    CliRun run(const QStringList &arguments, const Stdin &input = {}, int boundMs = commandBoundMs) const
    {
        QProcess process;
        process.setProgram(QStringLiteral(GLOSSA_CLI_PATH));
        process.setArguments(arguments);
        auto environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("HOME"), path(QStringLiteral("home")));
        environment.insert(QStringLiteral("TMPDIR"), path(QStringLiteral("tmp")));
        environment.insert(QStringLiteral("XDG_CONFIG_HOME"), path(QStringLiteral("home/.config")));
        environment.insert(QStringLiteral("XDG_CACHE_HOME"), path(QStringLiteral("home/.cache")));
        environment.insert(QStringLiteral("XDG_DATA_HOME"), path(QStringLiteral("home/.local/share")));
        process.setProcessEnvironment(environment);
        process.setWorkingDirectory(path(QStringLiteral("cwd")));
        if (!input.file.isEmpty())
            process.setStandardInputFile(input.file);
        QElapsedTimer clock;
        clock.start();
        process.start();
        CliRun run;
        if (process.waitForStarted(10000)) {
            if (input.file.isEmpty()) {
                process.write(input.bytes);
                process.closeWriteChannel();
            }
            // A bound, not a pause: waitForFinished returns as soon as the command exits.
            run.finished = process.waitForFinished(boundMs);
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

    // Everything in the folder but the project's own files, with type and size: an input
    // consumed, replaced or written beside, or a file left in home, tmp or cwd, shows here.
    QStringList listing() const
    {
        QStringList lines;
        QDirIterator it(m_dir.path(), QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot,
                        QDirIterator::Subdirectories);
        while (it.hasNext()) {
            it.next();
            const auto info = it.fileInfo();
            const auto relative = QDir(m_dir.path()).relativeFilePath(info.filePath());
            if (relative.startsWith(QLatin1String("p.glossa")))
                continue; // checked through the project itself
            struct stat status;
            if (::lstat(QFile::encodeName(info.filePath()).constData(), &status) != 0)
                continue;
            lines << QStringLiteral("%1 mode %2 size %3")
                         .arg(relative)
                         .arg(status.st_mode, 0, 8)
                         .arg(S_ISREG(status.st_mode) ? qint64(status.st_size) : qint64(0));
        }
        lines.sort();
        return lines;
    }

    // The project as the CLI reports it, and SQLite's own check of the file.
    QStringList projectState() const
    {
        QStringList state;
        {
            core::store::Database db(QFile::encodeName(m_project).toStdString(), core::store::Database::Mode::ReadOnly);
            auto check = db.prepare("PRAGMA integrity_check");
            state << QStringLiteral("integrity_check: ") + (check.step() ? qs(check.text(0)) : QStringLiteral("?"));
        }
        const auto datasets =
            run({QStringLiteral("datasets"), QStringLiteral("--project"), m_project, QStringLiteral("--json")});
        state << QString::fromUtf8(datasets.out);
        const auto stats = run({QStringLiteral("stats"), QStringLiteral("--project"), m_project,
                                QStringLiteral("--dataset"), QStringLiteral("good"), QStringLiteral("--json")});
        state << QString::fromUtf8(stats.out);
        return state;
    }

    // A project with a labelled dataset "good", so a refused import has something to damage.
    void makeProject() const
    {
        const auto input = path(QStringLiteral("good.csv"));
        writeFile(input, "id,text,label,lang\ng1,Where is my parcel?,track_order,en\n"
                         "g2,Ich möchte mein Geld zurück.,refund,de\ng3,Bonjour,,fr\n");
        const auto made =
            run({QStringLiteral("import"), QStringLiteral("--project"), m_project, QStringLiteral("--dataset"),
                 QStringLiteral("good"), QStringLiteral("--input"), input, QStringLiteral("--json")});
        QVERIFY2(made.finished && made.exitCode == 0, made.describe().constData());
    }

private:
    QTemporaryDir m_dir;
    QString m_project;
};

// A header of `columns` distinct names (text among them) and one row.
QByteArray wideCsv(int columns)
{
    QByteArray header = "text";
    QByteArray row = "hello";
    for (int k = 1; k < columns; ++k) {
        header += ",c" + QByteArray::number(k);
        row += ",x";
    }
    return header + '\n' + row + '\n';
}

// The issue's header: 242,000 distinct names of one to three printable characters, so it fits
// the 1 MiB a record may have (about 940 KiB) and reaches the per-column checks.
QByteArray issueHeaderCsv(int columns)
{
    QByteArray alphabet;
    for (char c = 33; c < 127; ++c)
        if (c != ',' && c != '"')
            alphabet += c;
    QByteArray header = "text";
    QByteArray row = "hello";
    int made = 1;
    for (int length = 1; made < columns; ++length) {
        QList<int> digits(length, 0);
        for (bool more = true; more && made < columns; ++made) {
            header += ',';
            for (const int digit : digits)
                header += alphabet[digit];
            row += ",x";
            // The next name of this length, like an odometer.
            more = false;
            for (int k = length - 1; k >= 0 && !more; --k) {
                if (++digits[k] < alphabet.size())
                    more = true;
                else
                    digits[k] = 0;
            }
        }
    }
    return header + '\n' + row + '\n';
}

QByteArray utf16(const QString &text, bool bigEndian)
{
    QByteArray bytes;
    for (const QChar c : text) {
        const auto unit = c.unicode();
        const char high = static_cast<char>(unit >> 8);
        const char low = static_cast<char>(unit & 0xFF);
        bytes += bigEndian ? QByteArray(1, high) + QByteArray(1, low) : QByteArray(1, low) + QByteArray(1, high);
    }
    return bytes;
}

void makeFifo(const QString &path)
{
    QVERIFY2(::mkfifo(QFile::encodeName(path).constData(), 0600) == 0, std::strerror(errno));
}

// A listening Unix socket at path; the descriptor stays open for the test's life.
int makeSocket(const QString &path)
{
    const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    const auto name = QFile::encodeName(path);
    std::strncpy(address.sun_path, name.constData(), sizeof address.sun_path - 1);
    if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0 || ::listen(fd, 1) != 0)
        return -1;
    return fd;
}

QStringList importArgs(const QString &project, const QString &input, const QStringList &extra = {})
{
    return QStringList{QStringLiteral("import"), QStringLiteral("--project"), project, QStringLiteral("--dataset"),
                       QStringLiteral("fresh"),  QStringLiteral("--input"),   input}
           + extra;
}

// The refused command printed nothing on stdout and exactly one escaped line on stderr.
// clang-format off
#define VERIFY_ONE_LINE_REFUSAL(run, expectedExit)                                                                     \
    do {                                                                                                               \
        QVERIFY2((run).finished, (run).describe().constData());                                                        \
        QVERIFY2((run).exitCode == (expectedExit), (run).describe().constData());                                      \
        QVERIFY2((run).out.isEmpty(), (run).describe().constData());                                                   \
        QVERIFY2((run).err.endsWith('\n') && (run).err.count('\n') == 1, (run).describe().constData());                \
        QVERIFY2(!hasRawControlCharacter((run).err), (run).describe().constData());                                    \
    } while (false)
// clang-format on

} // namespace

class HostileInputsTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void refusedCommands_data();
    void refusedCommands();

    void stdinFileImports();
    void crOnlyLineEndsImport_data();
    void crOnlyLineEndsImport();
    void largerTextLimitImports();
    void oneColumnMayFeedTwoFields();
    void seedIsReadAsDecimal();
    void wideHeaderIsRefusedFast();
    void namesFromAnOlderProjectPrintEscaped();

    void predictLinesAreBounded();
    void predictPrintsTextsEscaped();

    void boundedLineReader_data();
    void boundedLineReader();
    void boundedLineReaderEndsOnDevZero();
    void nameChecks_data();
    void nameChecks();

private:
    QTemporaryDir m_trained;
    QString m_trainedProject;
    QString m_runId;
};

// One project with a trained run, for the predict cases: the demo, one epoch.
void HostileInputsTest::initTestCase()
{
    QVERIFY(m_trained.isValid());
    m_trainedProject = m_trained.filePath(QStringLiteral("trained.glossa"));
    Sandbox runner;
    auto made =
        runner.run({QStringLiteral("init"), QStringLiteral("--project"), m_trainedProject, QStringLiteral("--demo")});
    QVERIFY2(made.exitCode == 0, made.describe().constData());
    const auto trained =
        runner.run({QStringLiteral("train"), QStringLiteral("--project"), m_trainedProject, QStringLiteral("--dataset"),
                    QStringLiteral("support-intents"), QStringLiteral("--json"), QStringLiteral("--set"),
                    QStringLiteral("optimizer.epochs=1")});
    QVERIFY2(trained.exitCode == 0, trained.describe().constData());
    const auto result = QJsonDocument::fromJson(trained.out.trimmed().split('\n').last()).object();
    m_runId = QString::number(result.value(QLatin1String("run")).toInteger());
    QVERIFY2(m_runId != QLatin1String("0"), trained.out.constData());
}

void HostileInputsTest::refusedCommands_data()
{
    QTest::addColumn<QString>("setup");       // how the input named "input" is made
    QTest::addColumn<QString>("input");       // its name in the test folder, or a path outside it
    QTest::addColumn<QByteArray>("content");  // for setup "file" and "stdin"
    QTest::addColumn<QStringList>("command"); // empty: import --input INPUT; else the arguments after --project P
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QStringList>("fragments"); // words the one stderr line must contain

    const auto csv = [](const char *text) { return QByteArray(text); };
    const QStringList none;

    // 1. Inputs that are no regular file, refused before anything could block on them.
    QTest::newRow("fifo with --format") << s("fifo") << s("data.csv") << QByteArray() << strings({"--format", "csv"})
                                        << 1 << strings({"data.csv: is a pipe", "save the data to a file first"});
    QTest::newRow("fifo, format sniffed") << s("fifo") << s("data") << QByteArray() << none << 1
                                          << strings({"data: is a pipe", "save the data to a file first"});
    QTest::newRow("fifo, jsonl") << s("fifo") << s("data.jsonl") << QByteArray() << strings({"--format", "jsonl"}) << 1
                                 << strings({"data.jsonl: is a pipe"});
    QTest::newRow("symlink to a fifo") << s("fifo-link") << s("link.csv") << QByteArray() << none << 1
                                       << strings({"link.csv: is a pipe"});
    QTest::newRow("- with stdin a pipe") << s("stdin") << s("-") << csv("text\nhello\n") << none << 1
                                         << strings({"stdin: is a pipe", "save the data to a file first"});
    QTest::newRow("/dev/stdin a pipe") << s("stdin") << s("/dev/stdin") << csv("text\nhello\n")
                                       << strings({"--format", "csv"}) << 1 << strings({"stdin: is a pipe"});
    QTest::newRow("/dev/zero") << s("outside") << s("/dev/zero") << QByteArray() << strings({"--format", "csv"}) << 1
                               << strings({"zero: is a device (/dev/zero), not a file"});
    QTest::newRow("/dev/null") << s("outside") << s("/dev/null") << QByteArray() << none << 1
                               << strings({"null: is a device (/dev/null)"});
    QTest::newRow("socket") << s("socket") << s("s.sock") << QByteArray() << none << 1
                            << strings({"s.sock: is a socket"});
    QTest::newRow("folder") << s("folder") << s("folder.csv") << QByteArray() << none << 1
                            << strings({"folder.csv: is a folder, not a file"});
    QTest::newRow("missing file") << s("none") << s("missing.csv") << QByteArray() << none << 1
                                  << strings({"missing.csv: cannot be opened: No such file"});

    // 2. Headers: quadratic checks and huge widths.
    QTest::newRow("duplicate column far right")
        << s("file") << s("dup.csv") << (wideCsv(3000).replace(",c2999", ",c5")) << none << 1
        << strings({"dup.csv:1: the header names the column 'c5' twice", "columns 6 and 3000"});
    QTest::newRow("header too wide") << s("file") << s("wide.csv") << wideCsv(5000) << none << 1
                                     << strings({"wide.csv:1: the header has 5000 columns, more than the 4096"});
    QTest::newRow("header too long") << s("file") << s("longhead.csv")
                                     << ("text," + QByteArray(300 << 10, 'h') + "\nhello,x\n") << none << 1
                                     << strings({"longhead.csv:1: the header is longer than 256 KiB"});

    // 3. Texts above the limit.
    QTest::newRow("csv text over 1 MiB") << s("file") << s("big.csv")
                                         << ("id,text\n1,short\n2," + QByteArray((1 << 20) + 10, 'x') + "\n") << none
                                         << 1
                                         << strings({"big.csv:3: field \"text\": is 1048586 bytes long",
                                                     "limit of 1 MiB per text", "--max-text-bytes"});
    QTest::newRow("jsonl text over --max-text-bytes")
        << s("file") << s("big.jsonl") << ("{\"body\": \"ok\"}\n{\"body\": \"" + QByteArray(2000, 'y') + "\"}\n")
        << strings({"--max-text-bytes", "1000", "--map", "text=body"}) << 1
        << strings({"big.jsonl:2: field \"body\": is 2000 bytes long", "limit of 1000 bytes per text"});
    QTest::newRow("jsonl line over the record limit")
        << s("file") << s("huge.jsonl") << ("{\"text\": \"" + QByteArray(4 << 20, 'z') + "\"}\n") << none << 1
        << strings({"huge.jsonl:1: the line is longer than 3 MiB", "--max-text-bytes"});
    QTest::newRow("--max-text-bytes 0") << s("file") << s("ok.csv") << csv("text\nhello\n")
                                        << strings({"--max-text-bytes", "0"}) << 2
                                        << strings({"--max-text-bytes", "0 is out of range"});

    // 4. Encodings and line ends named for what they are. UTF-16 is converted; a broken one
    // (a lone surrogate on its third line) is refused with the line.
    QTest::newRow("utf-16le with a lone surrogate")
        << s("file") << s("u16bad.csv")
        << utf16(QStringLiteral("text,label\nhello,greet\n"), false) + QByteArray("\x00\xD8", 2)
               + utf16(QStringLiteral("x,greet\n"), false)
        << none << 1 << strings({"u16bad.csv:3:", "not UTF-16LE text", "save the file as UTF-8"});
    QTest::newRow("cr-only csv, bad split on line 3")
        << s("file") << s("mac.csv") << csv("text,label,split\rhello,greet,train\rbye,greet,holdout\r") << none << 1
        << strings({"mac.csv:3: field \"split\": 'holdout' is not a split"});

    // 5. Options that were read wrong silently.
    QTest::newRow("--map target twice") << s("file") << s("map.csv") << csv("a,b\nhello,world\n")
                                        << strings({"--map", "text=a,text=b"}) << 1
                                        << strings({"gives text twice ('a' and 'b')"});
    QTest::newRow("import --seed too large")
        << s("file") << s("ok.csv") << csv("text\nhello\n") << strings({"--seed", "99999999999999999999999"}) << 2
        << strings({"--seed", "99999999999999999999999 is out of range", "0 to 9223372036854775807"});
    QTest::newRow("import --seed negative") << s("file") << s("ok.csv") << csv("text\nhello\n")
                                            << strings({"--seed=-1"}) << 2 << strings({"--seed", "-1 is out of range"});
    QTest::newRow("import --seed not a number")
        << s("file") << s("ok.csv") << csv("text\nhello\n") << strings({"--seed", "0x10"}) << 2
        << strings({"'0x10' is not a whole number"});
    QTest::newRow("split --seed too large") << s("none") << s("") << QByteArray()
                                            << strings({"split", "--dataset", "good", "--seed", "18446744073709551616"})
                                            << 2 << strings({"--seed", "18446744073709551616 is out of range"});
    QTest::newRow("errors --folds 1") << s("none") << s("") << QByteArray()
                                      << strings({"errors", "--run", "1", "--folds", "1"}) << 2
                                      << strings({"--folds", "1 is out of range", "from 2 to 100"});
    QTest::newRow("errors --limit negative")
        << s("none") << s("") << QByteArray() << strings({"errors", "--run", "1", "--limit=-5"}) << 2
        << strings({"--limit", "-5 is out of range"});
    QTest::newRow("errors --folds wraps an int")
        << s("none") << s("") << QByteArray() << strings({"errors", "--run", "1", "--folds", "4294967298"}) << 2
        << strings({"--folds", "4294967298 is out of range"});

    // 6. Names that would act on a terminal.
    QTest::newRow("dataset name with ESC")
        << s("file") << s("ok.csv") << csv("text\nhello\n") << strings({"--dataset", "bad\x1b[31mname"}) << 1
        << strings({"dataset name 'bad\\x1b[31mname' contains the control character U+001B (ESC)"});
    QTest::newRow("dataset name with a bidi override")
        << s("file") << s("ok.csv") << csv("text\nhello\n") << strings({"--dataset", "test\u202Etxt.exe"}) << 1
        << strings({"dataset name 'test\\u202etxt.exe' contains the bidirectional control U+202E"});
    QTest::newRow("dataset name with a line break")
        << s("file") << s("ok.csv") << csv("text\nhello\n") << strings({"--dataset", "two\nlines"}) << 1
        << strings({"dataset name 'two\\nlines' contains a line break"});
    QTest::newRow("run name with ESC")
        << s("none") << s("") << QByteArray()
        << strings({"train", "--dataset", "good", "--name", "run\x1b]0;owned\x07"}) << 2
        << strings({"--name: run name 'run\\x1b]0;owned\\x07' contains the control character U+001B (ESC)"});
    QTest::newRow("label with ESC") << s("file") << s("esc.csv") << csv("text,label\nhello,greet\nbye,a\x1b[2Jb\n")
                                    << none << 1
                                    << strings({"esc.csv:3: field \"label\": 'a\\x1b[2Jb' contains the control "
                                                "character U+001B (ESC)"});
    QTest::newRow("label with a bidi isolate")
        << s("file") << s("bidi.jsonl") << QByteArray("{\"text\": \"hello\", \"intent\": \"x\\u2067y\"}\n") << none << 1
        << strings({"bidi.jsonl:1: field \"intent\": 'x\\u2067y' contains the bidirectional control U+2067"});
    QTest::newRow("label with a C1 control")
        << s("file") << s("c1.csv") << QByteArray("text,label\nhello,a\xC2\x85z\n") << none << 1
        << strings({"c1.csv:2: field \"label\": 'a\\u0085z' contains the control "
                    "character U+0085"});
    QTest::newRow("label with DEL") << s("file") << s("del.csv") << QByteArray("text,label\nhello,a\x7fz\n") << none
                                    << 1 << strings({"del.csv:2: field \"label\"", "U+007F (DEL)"});
}

void HostileInputsTest::refusedCommands()
{
    QFETCH(QString, setup);
    QFETCH(QString, input);
    QFETCH(QByteArray, content);
    QFETCH(QStringList, command);
    QFETCH(int, exitCode);
    QFETCH(QStringList, fragments);

    Sandbox box;
    box.makeProject();
    if (QTest::currentTestFailed())
        return;

    QString inputPath = input;
    Stdin stdinData;
    int socket = -1;
    if (setup == QLatin1String("file")) {
        inputPath = box.path(input);
        writeFile(inputPath, content);
    } else if (setup == QLatin1String("fifo")) {
        inputPath = box.path(input);
        makeFifo(inputPath);
    } else if (setup == QLatin1String("fifo-link")) {
        makeFifo(box.path(QStringLiteral("real.fifo")));
        inputPath = box.path(input);
        QVERIFY(QFile::link(box.path(QStringLiteral("real.fifo")), inputPath));
    } else if (setup == QLatin1String("stdin")) {
        stdinData.bytes = content;
    } else if (setup == QLatin1String("socket")) {
        inputPath = box.path(input);
        socket = makeSocket(inputPath);
        QVERIFY(socket >= 0);
    } else if (setup == QLatin1String("folder")) {
        inputPath = box.path(input);
        QVERIFY(QDir(box.root()).mkdir(input));
    } else if (setup == QLatin1String("none")) {
        inputPath = box.path(input);
    }

    const bool isImport = command.isEmpty() || command.first().startsWith(QLatin1Char('-'));
    QStringList arguments =
        isImport ? importArgs(box.project(), inputPath, command)
                 : QStringList{command.first(), QStringLiteral("--project"), box.project()} + command.mid(1);
    // A case that names its own dataset replaces "fresh" (CLI11 refuses an option given twice).
    if (isImport && command.contains(QStringLiteral("--dataset")))
        arguments.remove(3, 2);
    const auto stateBefore = box.projectState();
    const auto listingBefore = box.listing();

    const auto run = box.run(arguments, stdinData, refusalBoundMs);
    if (socket >= 0)
        ::close(socket);

    VERIFY_ONE_LINE_REFUSAL(run, exitCode);
    const QString message = QString::fromUtf8(run.err);
    for (const auto &fragment : fragments)
        QVERIFY2(message.contains(fragment), qPrintable(QStringLiteral("missing '%1' in: %2").arg(fragment, message)));
    QCOMPARE(box.projectState(), stateBefore);
    QCOMPARE(box.listing(), listingBefore);
}

// `--input -` reads stdin when it is a file (`< data.csv`), in one go, and imports its rows.
void HostileInputsTest::stdinFileImports()
{
    Sandbox box;
    box.makeProject();
    const auto file = box.path(QStringLiteral("piped.csv"));
    writeFile(file, "text,label\nhello,greet\nbye,farewell\n");
    const auto run =
        box.run(importArgs(box.project(), QStringLiteral("-"), {QStringLiteral("--json")}), {{}, file}, refusalBoundMs);
    QVERIFY2(run.finished && run.exitCode == 0, run.describe().constData());
    const auto summary = QJsonDocument::fromJson(run.out).object();
    QCOMPARE(summary.value(QLatin1String("rows")).toInt(), 2);
    QCOMPARE(summary.value(QLatin1String("labelled")).toInt(), 2);
}

void HostileInputsTest::crOnlyLineEndsImport_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<int>("rows");

    QTest::newRow("csv") << s("mac.csv") << QByteArray("text,label\rhello,greet\r\"two\rlines\",greet\rbye,farewell\r")
                         << 3;
    QTest::newRow("tsv without a last line end")
        << s("mac.tsv") << QByteArray("text\tlabel\rhello\tgreet\rbye\tfarewell") << 2;
    QTest::newRow("jsonl") << s("mac.jsonl")
                           << QByteArray("{\"text\": \"hello\", \"label\": \"greet\"}\r\r{\"text\": \"bye\", "
                                         "\"label\": \"farewell\"}\r")
                           << 2;
}

// Classic Mac OS line ends (CR alone) read as line ends: the right rows, labels and lines.
void HostileInputsTest::crOnlyLineEndsImport()
{
    QFETCH(QString, name);
    QFETCH(QByteArray, content);
    QFETCH(int, rows);

    Sandbox box;
    const auto file = box.path(name);
    writeFile(file, content);
    const auto run = box.run(importArgs(box.project(), file, {QStringLiteral("--json")}));
    QVERIFY2(run.finished && run.exitCode == 0, run.describe().constData());
    const auto summary = QJsonDocument::fromJson(run.out).object();
    QCOMPARE(summary.value(QLatin1String("rows")).toInt(), rows);
    const auto stats = box.run({QStringLiteral("stats"), QStringLiteral("--project"), box.project(),
                                QStringLiteral("--dataset"), QStringLiteral("fresh"), QStringLiteral("--json")});
    const auto byLabel = QJsonDocument::fromJson(stats.out).object().value(QLatin1String("by_label")).toObject();
    QCOMPARE(byLabel.keys(), (QStringList{QStringLiteral("farewell"), QStringLiteral("greet")}));
}

void HostileInputsTest::largerTextLimitImports()
{
    Sandbox box;
    const auto file = box.path(QStringLiteral("big.csv"));
    writeFile(file, "id,text\n1,short\n2," + QByteArray(3 << 19, 'x') + "\n");
    const auto run =
        box.run(importArgs(box.project(), file,
                           {QStringLiteral("--max-text-bytes"), QStringLiteral("2097152"), QStringLiteral("--json")}));
    QVERIFY2(run.finished && run.exitCode == 0, run.describe().constData());
    QCOMPARE(QJsonDocument::fromJson(run.out).object().value(QLatin1String("rows")).toInt(), 2);
}

// A field is mapped once, but a column may feed two fields, as in the import dialog.
void HostileInputsTest::oneColumnMayFeedTwoFields()
{
    Sandbox box;
    const auto file = box.path(QStringLiteral("two.csv"));
    writeFile(file, "a,b\nhello,greet\nbye,farewell\n");
    const auto run = box.run(
        importArgs(box.project(), file,
                   {QStringLiteral("--map"), QStringLiteral("text=a,label=b,group=b"), QStringLiteral("--json")}));
    QVERIFY2(run.finished && run.exitCode == 0, run.describe().constData());
    const auto summary = QJsonDocument::fromJson(run.out).object();
    QCOMPARE(summary.value(QLatin1String("labelled")).toInt(), 2);
    QVERIFY2(summary.value(QLatin1String("mapping")).toString().contains(QStringLiteral("group=b")),
             run.out.constData());
}

// CLI11 alone reads "010" as octal 8; the seed is the decimal number the user wrote.
void HostileInputsTest::seedIsReadAsDecimal()
{
    Sandbox box;
    const auto file = box.path(QStringLiteral("ok.csv"));
    writeFile(file, "text\nhello\n");
    const auto run = box.run(importArgs(box.project(), file, {QStringLiteral("--seed"), QStringLiteral("010")}));
    QVERIFY2(run.finished && run.exitCode == 0, run.describe().constData());
    QVERIFY2(run.out.contains("(seed 10, "), run.out.constData());
}

// The issue's 242,000 distinct column names took 59 s (a quadratic duplicate check); the width
// is now refused at once, and a header at the limit is checked in linear time.
void HostileInputsTest::wideHeaderIsRefusedFast()
{
    Sandbox box;
    const auto wide = box.path(QStringLiteral("wide.csv"));
    const auto content = issueHeaderCsv(242000);
    QVERIFY(content.indexOf('\n') < (1 << 20));
    writeFile(wide, content);
    auto run = box.run(importArgs(box.project(), wide), {}, refusalBoundMs);
    VERIFY_ONE_LINE_REFUSAL(run, 1);
    QVERIFY2(run.err.contains("the header has 242000 columns"), run.err.constData());
    qInfo("242,000-column header refused in %lld ms", run.milliseconds);

    const auto atLimit = box.path(QStringLiteral("atlimit.csv"));
    writeFile(atLimit, wideCsv(4096));
    run = box.run(importArgs(box.project(), atLimit, {QStringLiteral("--json")}), {}, refusalBoundMs);
    QVERIFY2(run.finished && run.exitCode == 0, run.describe().constData());
    qInfo("4,096-column header imported in %lld ms", run.milliseconds);
}

// Names made before they were checked (or written by another tool) are escaped wherever the
// CLI prints them, and in its error messages.
void HostileInputsTest::namesFromAnOlderProjectPrintEscaped()
{
    Sandbox box;
    box.makeProject();
    {
        auto project = core::store::Project::open(QFile::encodeName(box.project()).toStdString());
        project.db().exec("UPDATE datasets SET name = 'evil' || char(27) || '[2J' WHERE name = 'good'");
        project.db().exec("UPDATE labels SET name = 'ref' || char(8238) || 'und' WHERE name = 'refund'");
        project.db().exec("INSERT INTO runs (dataset_id, name, config_json, status, error_message, created_at) "
                          "VALUES (1, 'run' || char(7) || char(13), '{}', 'failed', 'boom' || char(10) || 'x', 0)");
    }
    const auto evilName = QStringLiteral("evil\x1b[2J");
    for (const auto &arguments :
         {QStringList{QStringLiteral("datasets")},
          QStringList{QStringLiteral("stats"), QStringLiteral("--dataset"), evilName},
          QStringList{QStringLiteral("runs")},
          QStringList{QStringLiteral("split"), QStringLiteral("--dataset"), evilName, QStringLiteral("--dry-run")}}) {
        const auto run =
            box.run(QStringList{arguments.first(), QStringLiteral("--project"), box.project()} + arguments.mid(1));
        QVERIFY2(run.finished && run.exitCode == 0, run.describe().constData());
        QVERIFY2(!hasRawControlCharacter(run.out), run.describe().constData());
        QVERIFY2(run.out.contains("evil\\x1b[2J"), run.describe().constData());
    }
    const auto stats = box.run(
        {QStringLiteral("stats"), QStringLiteral("--project"), box.project(), QStringLiteral("--dataset"), evilName});
    QVERIFY2(stats.out.contains("ref\\u202eund"), stats.out.constData());
    const auto runs = box.run({QStringLiteral("runs"), QStringLiteral("--project"), box.project()});
    QVERIFY2(runs.out.contains("run\\x07\\r") && runs.out.contains("boom\\nx"), runs.out.constData());

    // The error lists the datasets there are, escaped too.
    const auto missing = box.run({QStringLiteral("stats"), QStringLiteral("--project"), box.project(),
                                  QStringLiteral("--dataset"), QStringLiteral("nope")});
    VERIFY_ONE_LINE_REFUSAL(missing, 1);
    QVERIFY2(missing.err.contains("evil\\x1b[2J"), missing.err.constData());
}

// predict reads at most --max-text-bytes per line: `< /dev/zero` ends at once with the line
// named, and the lines before a long one are answered.
void HostileInputsTest::predictLinesAreBounded()
{
    Sandbox box;
    const auto zero = box.run(
        {QStringLiteral("predict"), QStringLiteral("--project"), m_trainedProject, QStringLiteral("--run"), m_runId},
        {{}, QStringLiteral("/dev/zero")}, refusalBoundMs + 20000);
    VERIFY_ONE_LINE_REFUSAL(zero, 1);
    QVERIFY2(zero.err.contains("stdin line 1 is longer than 1 MiB, the limit per text"), zero.describe().constData());
    QVERIFY2(zero.err.contains("--max-text-bytes"), zero.describe().constData());

    const QByteArray lines = "where is my parcel\nich will mein Geld\n" + QByteArray(2000, 'x') + "\nnever read\n";
    const auto limited =
        box.run({QStringLiteral("predict"), QStringLiteral("--project"), m_trainedProject, QStringLiteral("--run"),
                 m_runId, QStringLiteral("--max-text-bytes"), QStringLiteral("1000")},
                {lines, {}});
    QVERIFY2(limited.finished && limited.exitCode == 1, limited.describe().constData());
    QCOMPARE(limited.out.count('\n'), 2);
    QVERIFY2(limited.err.contains("stdin line 3 is longer than 1000 bytes"), limited.describe().constData());

    const auto bad =
        box.run({QStringLiteral("predict"), QStringLiteral("--project"), m_trainedProject, QStringLiteral("--run"),
                 m_runId, QStringLiteral("--max-text-bytes"), QStringLiteral("-3")});
    VERIFY_ONE_LINE_REFUSAL(bad, 2);
}

void HostileInputsTest::predictPrintsTextsEscaped()
{
    Sandbox box;
    const auto run = box.run(
        {QStringLiteral("predict"), QStringLiteral("--project"), m_trainedProject, QStringLiteral("--run"), m_runId},
        {"where is\x1b[2J my\tparcel\r\n", {}});
    QVERIFY2(run.finished && run.exitCode == 0, run.describe().constData());
    const auto columns = run.out.trimmed().split('\t');
    QCOMPARE(columns.size(), 4); // label, probability, language, text
    QCOMPARE(columns[3], QByteArray("where is\\x1b[2J my\\tparcel"));
    QVERIFY2(!hasRawControlCharacter(run.out), run.out.constData());
}

void HostileInputsTest::boundedLineReader_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<int>("limit");
    QTest::addColumn<QStringList>("lines");
    QTest::addColumn<QString>("error"); // empty: no error after the lines

    QTest::newRow("lf and crlf") << QByteArray("a\r\nbb\n\nccc") << 10 << strings({"a", "bb", "", "ccc"}) << QString();
    QTest::newRow("empty input") << QByteArray() << 10 << QStringList{} << QString();
    QTest::newRow("a line of exactly the limit, crlf")
        << QByteArray("12345\r\n") << 5 << strings({"12345"}) << QString();
    QTest::newRow("one byte over the limit")
        << QByteArray("ok\n123456\n") << 5 << strings({"ok"}) << QStringLiteral("stdin line 2 is longer than 5 bytes");
    QTest::newRow("over the limit without a line end")
        << QByteArray("123456") << 5 << QStringList{} << QStringLiteral("stdin line 1 is longer than 5 bytes");
    QTest::newRow("a long line across reads") << (QByteArray(200000, 'a') + "\nb\n") << 200000
                                              << QStringList{QString(200000, QLatin1Char('a')), s("b")} << QString();
}

void HostileInputsTest::boundedLineReader()
{
    QFETCH(QByteArray, input);
    QFETCH(int, limit);
    QFETCH(QStringList, lines);
    QFETCH(QString, error);

    QTemporaryDir dir;
    const auto file = dir.filePath(QStringLiteral("lines.txt"));
    writeFile(file, input);
    const int fd = ::open(QFile::encodeName(file).constData(), O_RDONLY);
    QVERIFY(fd >= 0);
    cli::BoundedLineReader reader(fd, static_cast<std::size_t>(limit));
    QStringList read;
    QString message;
    try {
        std::string line;
        while (reader.next(line))
            read << qs(line);
    } catch (const core::Error &e) {
        message = QString::fromUtf8(e.what());
    }
    ::close(fd);
    QCOMPARE(read, lines);
    if (error.isEmpty())
        QVERIFY2(message.isEmpty(), qPrintable(message));
    else
        QVERIFY2(message.startsWith(error), qPrintable(message));
}

void HostileInputsTest::boundedLineReaderEndsOnDevZero()
{
    const int fd = ::open("/dev/zero", O_RDONLY);
    QVERIFY(fd >= 0);
    cli::BoundedLineReader reader(fd, 1 << 20);
    QElapsedTimer clock;
    clock.start();
    std::string line;
    QVERIFY_THROWS_EXCEPTION(core::Error, reader.next(line));
    ::close(fd);
    QVERIFY(line.size() <= (1u << 20) + 1);
    QVERIFY2(clock.elapsed() < 2000, qPrintable(QString::number(clock.elapsed())));
}

void HostileInputsTest::nameChecks_data()
{
    QTest::addColumn<QByteArray>("name");
    QTest::addColumn<QString>("problem"); // empty: accepted
    QTest::addColumn<QString>("escaped");

    QTest::newRow("plain") << QByteArray("track_order") << QString() << s("track_order");
    QTest::newRow("other scripts and emoji")
        << QByteArray("退款 возврат 🙂") << QString() << s("退款 возврат 🙂");
    QTest::newRow("right-to-left text") << QByteArray("استرداد") << QString() << s("استرداد");
    QTest::newRow("backslash kept") << QByteArray("a\\nb") << QString() << s("a\\nb");
    QTest::newRow("tab") << QByteArray("a\tb") << s("contains a tab") << s("a\\tb");
    QTest::newRow("NUL") << QByteArray("a\0b", 3) << s("contains the control character U+0000 (NUL)") << s("a\\x00b");
    QTest::newRow("ESC") << QByteArray("\x1b[31m") << s("contains the control character U+001B (ESC)")
                         << s("\\x1b[31m");
    QTest::newRow("C1 NEL") << QByteArray("a\xC2\x85") << s("contains the control character U+0085") << s("a\\u0085");
    QTest::newRow("RLO") << QByteArray("a\xE2\x80\xAE") << s("contains the bidirectional control U+202E")
                         << s("a\\u202e");
    QTest::newRow("LRI") << QByteArray("\xE2\x81\xA6x") << s("contains the bidirectional control U+2066")
                         << s("\\u2066x");
    QTest::newRow("line separator") << QByteArray("a\xE2\x80\xA8") << s("contains the line separator U+2028")
                                    << s("a\\u2028");
    QTest::newRow("invalid utf-8") << QByteArray("ab\xFF") << s("is not valid UTF-8 at byte 3") << s("ab\\xff");
    QTest::newRow("overlong slash") << QByteArray("\xC0\xAF") << s("is not valid UTF-8 at byte 1") << s("\\xc0\\xaf");
}

void HostileInputsTest::nameChecks()
{
    QFETCH(QByteArray, name);
    QFETCH(QString, problem);
    QFETCH(QString, escaped);

    const std::string_view view(name.constData(), static_cast<size_t>(name.size()));
    const auto found = core::nameProblem(view);
    if (problem.isEmpty())
        QVERIFY2(!found, found ? found->c_str() : "");
    else
        QVERIFY2(found && qs(*found).startsWith(problem), found ? found->c_str() : "accepted");
    QCOMPARE(qs(core::escapeForTerminal(view)), escaped);
    // The escaped form is always a clean name.
    QVERIFY(!core::nameProblem(core::escapeForTerminal(view)));
}

QTEST_GUILESS_MAIN(HostileInputsTest)
#include "tst_hostileinputs.moc"
