// Bad input files: every one must be refused with an ImportError that names the file, the
// line and the field a user has to fix, and must leave the project exactly as it was.

#include "testsupport.h"

#include "data/columnmapping.h"
#include "data/importer.h"
#include "data/importerror.h"
#include "store/database.h"
#include "store/datasetstore.h"
#include "store/project.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <filesystem>
#include <stop_token>
#include <string>
#include <string_view>
#include <sys/stat.h>

using namespace glossa::core;
using namespace glossa::test;
using namespace std::string_view_literals;

namespace {

constexpr std::string_view goodDataset = "good";
constexpr std::string_view freshDataset = "fresh";

// One malformed input and the diagnostic the user should get for it.
struct BadInput
{
    const char *name;
    const char *file;
    std::string_view content;
    qint64 line;               // 0: the problem is with the whole file
    const char *field;         // "" when the problem is not with one field
    const char *fragment;      // words of the problem that what() must contain
    const char *mapping = "";  // a --map style column mapping
    qint64 maxRecordBytes = 0; // 0: the default limit
    const char *dataset = "fresh";
    const char *kind = "file";  // "file"; "folder", "fifo", "missing" or a device path for inputs that are no file
    QByteArray bigContent = {}; // for inputs too large for a literal
};

// A project that already holds a labelled dataset, so a failed import has something to damage.
store::Project makeProjectWithGoodDataset(const QTemporaryDir &dir)
{
    auto project = store::Project::create(pathIn(dir, QStringLiteral("errors.glossa")));
    const auto input = pathIn(dir, QStringLiteral("good.jsonl"));
    writeFile(input, R"({"id": "g1", "text": "Where is my parcel?", "label": "track_order", "lang": "en"}
{"id": "g2", "text": "Ich möchte mein Geld zurück.", "label": "refund", "lang": "de"}
{"id": "g3", "text": "Bonjour", "lang": "fr", "split": "test"}
)");
    data::importFile(project.db(), goodDataset, input);
    return project;
}

QByteArray bytes(std::string_view text)
{
    return QByteArray(text.data(), static_cast<qsizetype>(text.size()));
}

// A CSV whose second row holds a text field of the given size.
QByteArray csvWithLongRecord(qsizetype textBytes)
{
    return "id,text,label\n1,short,greet\n2," + QByteArray(textBytes, 'x') + ",greet\n";
}

// A quote that never closes, followed by more text than the importer reads at once: the
// reader must give up at the size limit instead of reading the whole file as one field.
QByteArray csvWithRunawayQuote(qsizetype totalBytes)
{
    QByteArray content = "id,text,label\n1,\"opened here,greet\n";
    while (content.size() < totalBytes)
        content += "2,a perfectly ordinary row that is swallowed by the open quote,greet\n";
    return content;
}

QByteArray wideHeader(int columns)
{
    QByteArray header = "text";
    for (int k = 1; k < columns; ++k)
        header += ",c" + QByteArray::number(k);
    return header + "\nhello" + QByteArray(columns - 1, ',') + "\n";
}

QByteArray jsonlWithLongLine(qsizetype textBytes)
{
    return R"({"text": "short"})"
           "\n"
           R"({"text": ")"
           + QByteArray(textBytes, 'x') + "\"}\n";
}

} // namespace

class ImportErrorsTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rejectsMalformedInput_data();
    void rejectsMalformedInput();
    void goodRowsAfterABadOneAreNotImported();
    void failedImportIntoExistingDatasetKeepsItsRows();
    void cancelledImportLeavesNothingBehind();
    void refusedFilesAreClosed();
};

void ImportErrorsTest::rejectsMalformedInput_data()
{
    QTest::addColumn<QString>("fileName");
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("mapping");
    QTest::addColumn<qint64>("maxRecordBytes");
    QTest::addColumn<QString>("dataset");
    QTest::addColumn<qint64>("line");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("fragment");

    constexpr qint64 mebibyte = 1 << 20;
    const BadInput cases[] = {
        // CSV: quoting
        {"csv unterminated quote", "quote.csv", "id,text,label\n1,hello,greet\n2,\"never closed,greet\n3,bye,bye\n", 3,
         "", "closing quote is missing"},
        {"csv unterminated quote opened inside a multi-line record", "multiline.csv",
         "id,text,label\n1,\"first\nsecond\",\"unclosed\nthird\nfourth\n", 3, "", "closing quote is missing"},
        {"csv characters after a closing quote", "afterquote.csv", "id,text,label\n1,\"hello\" world,greet\n", 2, "",
         "' ' follows a closing quote"},
        {"csv tab after a closing quote", "tabquote.csv", "id,text,label\n1,\"hello\"\tworld,greet\n", 2, "",
         "a tab follows a closing quote"},
        {"csv closing quote line counted after a multi-line field", "afterquote2.csv",
         "id,text,label\n1,\"a\nb\",greet\n2,\"c\nd\"x,greet\n", 5, "", "'x' follows a closing quote"},
        // CSV: shape
        {"csv too few fields", "ragged.csv", "id,text,label\n1,hello,greet\n2,bye\n", 3, "",
         "2 fields, but the header has 3"},
        {"csv too many fields", "ragged2.csv", "id,text,label\n1,hello, world,greet\n", 2, "",
         "4 fields, but the header has 3"},
        {"csv unquoted line break", "linebreak.csv", "id,text,label\n1,hello\nworld,greet\n", 2, "",
         "2 fields, but the header has 3"},
        {"csv duplicate header column", "duphead.csv", "id,text,text\n1,a,b\n", 1, "", "names the column 'text' twice"},
        {"csv missing text column", "notext.csv", "id,body,label\n1,hello,greet\n", 1, "", "no 'text' column"},
        {"csv mapped column does not exist", "mapped.csv", "id,text,label\n1,hello,greet\n", 1, "",
         "no column named 'review' for text", "text=review"},
        {"csv mapped label column does not exist", "mapped2.csv", "id,text,label\n1,hello,greet\n", 1, "",
         "no column named 'stars' for label", "label=stars"},
        // CSV: encoding and binary data
        {"csv invalid utf-8 in text", "badutf8.csv", "id,text,label\n1,ok,greet\n2,caf\xC3,greet\n", 3, "text",
         "invalid UTF-8 at byte 4"},
        {"csv invalid utf-8 in label", "badlabel.csv",
         "id,text,label\n1,hello,gr\xFF"
         "eet\n",
         2, "label", "invalid UTF-8 at byte 3"},
        {"csv latin-1 header", "latin1head.csv", "id,text,cat\xE9gorie\n1,hello,greet\n", 1, "",
         "the header is not valid UTF-8"},
        {"csv with nul bytes", "nul.csv", "id,text\n1,hel\0lo\n"sv, 0, "", "is not a text file"},
        {"png renamed to csv", "image.csv", "\x89PNG\r\n\x1A\n\0\0\0\rIHDR\0\0\0\x10"sv, 0, "", "is not a text file"},
        // CSV: empty input
        {"csv empty file", "empty.csv", "", 0, "", "the file is empty"},
        {"csv blank lines only", "blank.csv", "\n\r\n  \n", 0, "", "the file is empty"},
        {"csv header only", "headeronly.csv", "id,text,label\n", 0, "", "has no rows to import"},
        {"csv header and blank lines", "headerblank.csv", "id,text,label\r\n\r\n\r\n", 0, "", "has no rows to import"},
        // CSV: values
        {"csv empty text", "emptytext.csv", "id,text,label\n1,hello,greet\n2,,greet\n", 3, "text", "is empty"},
        // A quoted empty field is an empty text, not a blank line to skip.
        {"csv quoted empty text in a one-column file", "onecolumn.csv", "text\nhello\n\"\"\n", 3, "text", "is empty"},
        // Errors name the user's column, not Glossa's field.
        {"csv empty text in a mapped column", "mappedempty.csv", "id,body,label\n1,hello,greet\n2,,greet\n", 3, "body",
         "is empty", "text=body"},
        {"csv invalid code in an aliased language column", "alias.csv", "text,language\nhello,english\n", 2, "language",
         "'english' is not a language code"},
        {"csv header error after blank lines", "blankfirst.csv", "\n\nid,text,text\n1,a,b\n", 3, "",
         "names the column 'text' twice"},
        {"csv whitespace-only text", "spacetext.csv", "id,text,label\n1,\"  \t \",greet\n", 2, "text", "is empty"},
        {"csv invalid split", "split.csv", "id,text,label,split\n1,hello,greet,holdout\n", 2, "split",
         "'holdout' is not a split"},
        {"csv invalid language code", "lang.csv", "id,text,label,lang\n1,hello,greet,English\n", 2, "lang",
         "'English' is not a language code"},
        {"csv bad lang_guessed", "guessed.csv", "id,text,lang,lang_guessed\n1,hello,en,maybe\n", 2, "lang_guessed",
         "must be true or false"},
        {"csv label longer than the limit", "longlabel.csv",
         "id,text,label\n1,hello,"
         "this label is far too long to be a label: it is more likely a sentence that was put in the "
         "wrong column by mistake\n",
         2, "label", "longer than 100 bytes"},
        {"csv label with a line break", "labelbreak.csv", "id,text,label\n1,hello,\"gre\net\"\n", 2, "label",
         "contains a line break"},
        {"csv duplicate id in the file", "dupid.csv", "id,text,label\n7,hello,greet\n8,bye,bye\n7,again,greet\n", 4,
         "id", "duplicate id '7' (also on line 2)"},
        {"csv id already in the dataset", "again.csv", "id,text,label\nnew1,hello,greet\ng2,bye,bye\n", 3, "id",
         "id 'g2' is already in the dataset", "", 0, "good"},
        {"csv record over the size limit", "long.csv", "", 3, "", "longer than 1 MiB", "", mebibyte, "fresh", "file",
         csvWithLongRecord(mebibyte + mebibyte / 2)},
        {"csv record over a 64 KiB limit", "long64k.csv", "", 3, "", "longer than 64 KiB", "", 64 << 10, "fresh",
         "file", csvWithLongRecord(100 << 10)},
        {"csv unterminated quote in a file larger than the read buffer", "runaway.csv", "", 2, "",
         "longer than 64 KiB (an unterminated quote", "", 64 << 10, "fresh", "file", csvWithRunawayQuote(5 << 20)},
        // TSV
        {"tsv too few fields", "ragged.tsv", "id\ttext\tlabel\n1\thello\tgreet\n2\thello, world\n", 3, "",
         "2 fields, but the header has 3"},
        {"tsv unterminated quote", "quote.tsv", "id\ttext\tlabel\n1\t\"open\tgreet\n", 2, "",
         "closing quote is missing"},
        {"tsv characters after a closing quote", "afterquote.tsv", "id\ttext\tlabel\n1\t\"a\"b\tgreet\n", 2, "",
         "'b' follows a closing quote"},
        {"tsv invalid utf-8 in label", "badutf8.tsv", "id\ttext\tlabel\n1\thello\t\xC0\xAF\n", 2, "label",
         "invalid UTF-8 at byte 1"},
        {"tsv missing text column", "notext.tsv", "id,text,label\n1,hello,greet\n", 1, "", "no 'text' column"},
        // JSONL: syntax
        {"jsonl missing comma", "comma.jsonl", "{\"text\": \"ok\"}\n{\"text\": \"hello\" \"label\": \"greet\"}\n", 2,
         "", "malformed JSON"},
        {"jsonl unclosed string", "string.jsonl", "{\"text\": \"hello}\n", 1, "", "malformed JSON"},
        {"jsonl trailing garbage", "trailing.jsonl", "{\"text\": \"hello\"} extra\n", 1, "", "malformed JSON"},
        {"jsonl bare word", "bare.jsonl", "{\"text\": \"ok\"}\n\n{\"text\": hello}\n", 3, "", "malformed JSON"},
        {"jsonl unquoted true-like word", "atom.jsonl", "{\"text\": \"ok\", \"label\": nope}\n", 1, "",
         "malformed JSON"},
        {"jsonl array line", "array.jsonl", "{\"text\": \"ok\"}\n[\"hello\", \"greet\"]\n", 2, "",
         "expected a JSON object ({\"text\": ...}), got an array"},
        {"jsonl string line", "stringline.jsonl", "\"hello\"\n", 1, "", "got a string"},
        // JSONL: field types
        {"jsonl object label", "objlabel.jsonl", "{\"text\": \"hello\", \"label\": {\"a\": 3}}\n", 1, "label",
         "expected a string, a number or true/false, got an object"},
        {"jsonl object text", "objtext.jsonl", "{\"text\": {\"en\": \"hello\"}}\n", 1, "text",
         "expected a string, got an object"},
        {"jsonl array lang", "arrlang.jsonl", "{\"text\": \"hello\", \"lang\": [\"en\"]}\n", 1, "lang",
         "expected a string, got an array"},
        {"jsonl bool split", "boolsplit.jsonl", "{\"text\": \"hello\", \"split\": true}\n", 1, "split",
         "expected a string, got true/false"},
        {"jsonl fractional id", "floatid.jsonl", "{\"id\": 1.5, \"text\": \"hello\"}\n", 1, "id",
         "expected a string or a whole number, got a number"},
        {"jsonl duplicate key", "dupkey.jsonl", "{\"text\": \"hello\", \"label\": \"a\", \"label\": \"b\"}\n", 1,
         "label", "appears twice in the object"},
        {"jsonl duplicate key after a null", "dupnull.jsonl",
         "{\"text\": \"hello\", \"label\": null, \"label\": \"b\"}\n", 1, "label", "appears twice in the object"},
        {"jsonl escaped NUL character", "nulchar.jsonl", "{\"text\": \"hel\\u0000lo\"}\n", 1, "text",
         "contains a NUL character"},
        // JSONL: missing and empty values
        {"jsonl missing text field", "notext.jsonl", "{\"text\": \"ok\"}\n{\"body\": \"hello\"}\n", 2, "",
         "no \"text\" field"},
        {"jsonl null text", "nulltext.jsonl", "{\"text\": null, \"label\": \"greet\"}\n", 1, "", "no \"text\" field"},
        {"jsonl mapped key missing", "mapped.jsonl", "{\"text\": \"hello\"}\n", 1, "", "no \"body\" field",
         "text=body"},
        {"jsonl mapped label key in no object", "mappedlabel.jsonl",
         "{\"text\": \"hello\", \"intent\": \"greet\"}\n{\"text\": \"bye\", \"intent\": \"bye\"}\n", 0, "",
         "no object has a key named 'intent_name' for label", "label=intent_name"},
        {"jsonl empty text", "emptytext.jsonl", "{\"text\": \"\"}\n", 1, "text", "is empty"},
        {"jsonl whitespace-only text", "spacetext.jsonl", "{\"text\": \" \\n\\t \"}\n", 1, "text", "is empty"},
        // JSONL: encoding and binary data
        {"jsonl invalid utf-8", "badutf8.jsonl", "{\"text\": \"ok\"}\n{\"text\": \"caf\xE9\"}\n", 2, "",
         "invalid UTF-8 at byte 14"},
        {"jsonl png header", "image.jsonl", "\x89PNG\r\n\x1A\n\0\0\0\rIHDR"sv, 0, "", "is not a text file"},
        {"jsonl empty file", "empty.jsonl", "", 0, "", "the file is empty"},
        {"jsonl only blank lines", "blank.jsonl", "\n\n   \n", 0, "", "the file is empty"},
        // JSONL: values
        {"jsonl invalid split", "split.jsonl", "{\"text\": \"hello\", \"split\": \"holdout\"}\n", 1, "split",
         "'holdout' is not a split"},
        {"jsonl invalid language code", "lang.jsonl", "{\"text\": \"hello\", \"lang\": \"fr (France)\"}\n", 1, "lang",
         "'fr (France)' is not a language code"},
        {"jsonl bad lang_guessed", "guessed.jsonl",
         "{\"text\": \"hello\", \"lang\": \"en\", \"lang_guessed\": \"perhaps\"}\n", 1, "lang_guessed",
         "must be true or false"},
        {"jsonl duplicate integer id", "dupid.jsonl",
         "{\"id\": 5, \"text\": \"a\"}\n{\"id\": 6, \"text\": \"b\"}\n{\"id\": \"5\", \"text\": \"c\"}\n", 3, "id",
         "duplicate id '5' (also on line 1)"},
        {"jsonl id already in the dataset", "again.jsonl", "{\"id\": \"g1\", \"text\": \"hello\"}\n", 1, "id",
         "id 'g1' is already in the dataset", "", 0, "good"},
        {"jsonl line over the size limit", "long.jsonl", "", 2, "", "longer than 1 MiB", "", mebibyte, "fresh", "file",
         jsonlWithLongLine(mebibyte + mebibyte / 2)},
        {"jsonl line over a 64 KiB limit", "long64k.jsonl", "", 2, "", "the line is longer than 64 KiB", "", 64 << 10,
         "fresh", "file", jsonlWithLongLine(100 << 10)},
        {"jsonl line over a limit of odd size", "longodd.jsonl", "", 2, "", "the line is longer than 1000 bytes", "",
         1000, "fresh", "file", jsonlWithLongLine(2000)},
        // Hostile files (issue 16)
        {"csv with cr line ends, bad split on line 3", "mac.csv",
         "text,label,split\rhello,greet,train\rbye,greet,holdout\r", 3, "split", "'holdout' is not a split"},
        {"csv header wider than 4096 columns", "wide.csv", "", 1, "", "the header has 5000 columns", "", 0, "fresh",
         "file", wideHeader(5000)},
        {"csv text over the 1 MiB text limit", "bigtext.csv", "", 3, "text",
         "is 1048586 bytes long, more than the limit of 1 MiB per text", "", 0, "fresh", "file",
         csvWithLongRecord(mebibyte + 10)},
        {"csv label with an escape sequence", "esclabel.csv", "text,label\nhello,a\x1b[2Jb\n", 2, "label",
         "'a\\x1b[2Jb' contains the control character U+001B (ESC)"},
        {"jsonl label with a bidi override", "bidilabel.jsonl", "{\"text\": \"hi\", \"label\": \"a\\u202eb\"}\n", 1,
         "label", "contains the bidirectional control U+202E"},
        // Not a file at all
        {"folder instead of a file", "folder.csv", "", 0, "", "is a folder, not a file", "", 0, "fresh", "folder"},
        {"pipe instead of a file", "pipe.csv", "", 0, "", "is a pipe", "", 0, "fresh", "fifo"},
        {"device instead of a file", "zero", "", 0, "", "is a device (/dev/zero)", "", 0, "fresh", "/dev/zero"},
        {"file that does not exist", "missing.jsonl", "", 0, "", "cannot be opened: No such file", "", 0, "fresh",
         "missing"},
    };

    for (const auto &input : cases) {
        QTest::newRow(input.name) << QString::fromUtf8(input.file)
                                  << (input.bigContent.isEmpty() ? bytes(input.content) : input.bigContent)
                                  << QString::fromUtf8(input.kind) << QString::fromUtf8(input.mapping)
                                  << input.maxRecordBytes << QString::fromUtf8(input.dataset) << input.line
                                  << QString::fromUtf8(input.field) << QString::fromUtf8(input.fragment);
    }
}

void ImportErrorsTest::rejectsMalformedInput()
{
    QFETCH(QString, fileName);
    QFETCH(QByteArray, content);
    QFETCH(QString, kind);
    QFETCH(QString, mapping);
    QFETCH(qint64, maxRecordBytes);
    QFETCH(QString, dataset);
    QFETCH(qint64, line);
    QFETCH(QString, field);
    QFETCH(QString, fragment);

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto project = makeProjectWithGoodDataset(dir);
    const auto before = projectFingerprint(project.db());

    auto input = pathIn(dir, fileName);
    if (kind == QLatin1String("folder"))
        QVERIFY(QDir(dir.path()).mkdir(fileName));
    else if (kind == QLatin1String("file"))
        writeFile(input, content);
    else if (kind == QLatin1String("fifo")) // opened for reading, it would wait for a writer forever
        QVERIFY(::mkfifo(input.c_str(), 0600) == 0);
    else if (kind.startsWith(QLatin1Char('/')))
        input = kind.toStdString();

    data::ImportOptions options;
    options.mapping = data::ColumnMapping::parse(mapping.toStdString());
    if (maxRecordBytes > 0)
        options.limits.maxRecordBytes = static_cast<size_t>(maxRecordBytes);

    try {
        data::importFile(project.db(), dataset.toStdString(), input, options);
        QFAIL("the import succeeded; it should have been refused");
    } catch (const data::ImportError &error) {
        const QString message = QString::fromUtf8(error.what());
        QCOMPARE(QString::fromStdString(error.file()), fileName);
        QCOMPARE(qint64(error.line()), line);
        QCOMPARE(QString::fromStdString(error.field()), field);
        QVERIFY2(message.contains(fragment), qPrintable(message));
        // The message starts like a compiler diagnostic, so a user can jump to the spot.
        const QString location =
            line > 0 ? QString(fileName + QLatin1Char(':') + QString::number(line) + QLatin1String(": "))
                     : QString(fileName + QLatin1String(": "));
        QVERIFY2(message.startsWith(location), qPrintable(message));
        if (!field.isEmpty())
            QVERIFY2(message.contains(QStringLiteral("field \"%1\"").arg(field)), qPrintable(message));
    } catch (const std::exception &error) {
        QFAIL(qPrintable(QStringLiteral("expected an ImportError, got: ") + QString::fromUtf8(error.what())));
    }

    QCOMPARE(projectFingerprint(project.db()), before);
    if (dataset == qs(freshDataset))
        QVERIFY(!store::DatasetStore(project.db()).findDataset(freshDataset));
}

void ImportErrorsTest::goodRowsAfterABadOneAreNotImported()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto project = makeProjectWithGoodDataset(dir);
    const auto before = projectFingerprint(project.db());

    // A bad row in the middle: neither the rows before it nor the rows after it may land.
    QByteArray content = "id,text,label,split\n";
    for (int i = 1; i <= 50; ++i)
        content += QByteArray::number(i) + ",good row " + QByteArray::number(i) + ",greet,train\n";
    content += "51,bad row,greet,holdout\n";
    for (int i = 52; i <= 100; ++i)
        content += QByteArray::number(i) + ",good row " + QByteArray::number(i) + ",greet,train\n";
    const auto input = pathIn(dir, QStringLiteral("middle.csv"));
    writeFile(input, content);

    try {
        data::importFile(project.db(), freshDataset, input);
        QFAIL("the import succeeded; the bad row should have stopped it");
    } catch (const data::ImportError &error) {
        QCOMPARE(qint64(error.line()), qint64(52));
        QCOMPARE(QString::fromStdString(error.field()), QStringLiteral("split"));
    }
    QCOMPARE(projectFingerprint(project.db()), before);
    QVERIFY(!store::DatasetStore(project.db()).findDataset(freshDataset));
}

void ImportErrorsTest::failedImportIntoExistingDatasetKeepsItsRows()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto project = makeProjectWithGoodDataset(dir);
    const auto before = projectFingerprint(project.db());

    // New rows with a new label, then a broken line: the new label must not appear either.
    const auto input = pathIn(dir, QStringLiteral("more.jsonl"));
    writeFile(input, R"({"id": "m1", "text": "Cancel my subscription", "label": "cancel", "lang": "en"}
{"id": "m2", "text": "Stornieren Sie bitte mein Abo", "label": "cancel", "lang": "de"}
{"id": "m3", "text": "Annulez", "label": "cancel", "lang": "fr"
)");
    QVERIFY_THROWS_EXCEPTION(data::ImportError, data::importFile(project.db(), goodDataset, input));

    QCOMPARE(projectFingerprint(project.db()), before);
    store::DatasetStore store(project.db());
    const auto good = store.dataset(goodDataset);
    QCOMPARE(qint64(good.exampleCount), qint64(3));
    QVERIFY(!store.findLabel(good.id, "cancel"));
    QVERIFY(!store.exampleByExternalId(good.id, "m1"));
}

void ImportErrorsTest::cancelledImportLeavesNothingBehind()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto project = makeProjectWithGoodDataset(dir);
    const auto before = projectFingerprint(project.db());

    // Enough rows for several progress reports, so the cancel arrives mid-import.
    QByteArray content;
    for (int i = 0; i < 20000; ++i)
        content += R"({"id": "c)" + QByteArray::number(i) + R"(", "text": "row number )" + QByteArray::number(i)
                   + R"(", "label": "l)" + QByteArray::number(i % 5) + R"(", "lang": "en"})" + '\n';
    const auto input = pathIn(dir, QStringLiteral("cancel.jsonl"));
    writeFile(input, content);

    std::stop_source stop;
    std::int64_t rowsWhenCancelled = 0;
    data::ImportOptions options;
    options.stop = stop.get_token();
    options.progress = [&](const data::ImportProgress &progress) {
        if (rowsWhenCancelled == 0) {
            rowsWhenCancelled = progress.rows;
            stop.request_stop();
        }
    };
    QVERIFY_THROWS_EXCEPTION(data::ImportCancelled, data::importFile(project.db(), freshDataset, input, options));

    QVERIFY(rowsWhenCancelled > 0);
    QVERIFY(rowsWhenCancelled < 20000);
    QCOMPARE(projectFingerprint(project.db()), before);
    QVERIFY(!store::DatasetStore(project.db()).findDataset(freshDataset));

    // The cancel left no lock or open transaction: the same file imports fine right after.
    const auto summary = data::importFile(project.db(), freshDataset, input);
    QCOMPARE(qint64(summary.rows), qint64(20000));
}

// The GUI refuses files all day; each refusal must close its file.
void ImportErrorsTest::refusedFilesAreClosed()
{
    QTemporaryDir dir;
    auto project = makeProjectWithGoodDataset(dir);
    const auto binary = pathIn(dir, QStringLiteral("picture.csv"));
    writeFile(binary, QByteArray("\x89PNG\r\n\x1A\n\0\0\0\rIHDR", 16));
    const auto openFiles = [] { return QDir(QStringLiteral("/proc/self/fd")).count(); };
    const auto before = openFiles();
    for (int attempt = 0; attempt < 50; ++attempt)
        QVERIFY_THROWS_EXCEPTION(data::ImportError, data::importFile(project.db(), "pictures", binary));
    // A leak shows as one file per refusal (50); the project's own background connection may
    // open once meanwhile.
    QVERIFY2(openFiles() <= before + 2, qPrintable(QStringLiteral("%1 -> %2 open files").arg(before).arg(openFiles())));
}

QTEST_GUILESS_MAIN(ImportErrorsTest)
#include "tst_importerrors.moc"
