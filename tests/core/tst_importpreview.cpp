// The import preview: the first rows of a file as the importer reads them, its format and
// encoding, where each field comes from, and the first problem with the line the import
// would name, in the import's own words.

#include "testsupport.h"

#include "data/columnmapping.h"
#include "data/importer.h"
#include "data/importpreview.h"
#include "store/project.h"

#include <QTemporaryDir>
#include <QTest>

#include <filesystem>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>

using namespace glossa::core;
using namespace glossa::test;

namespace {

QByteArray utf16(const QString &text, bool bigEndian)
{
    QByteArray out(bigEndian ? "\xFE\xFF" : "\xFF\xFE", 2);
    for (const QChar c : text) {
        const char high = static_cast<char>(c.unicode() >> 8);
        const char low = static_cast<char>(c.unicode() & 0xFF);
        out += bigEndian ? QByteArray{&high, 1} + QByteArray{&low, 1} : QByteArray{&low, 1} + QByteArray{&high, 1};
    }
    return out;
}

// rows lines of "id,text,label,lang" after the header; line numbers are 2..rows+1.
QByteArray generatedCsv(int rows, int badLine = 0, const QByteArray &badRow = {})
{
    QByteArray content = "id,text,label,lang\n";
    for (int line = 2; line < rows + 2; ++line) {
        if (line == badLine)
            content += badRow + '\n';
        else
            content += QByteArray::number(line) + ",row number " + QByteArray::number(line) + ",greet,en\n";
    }
    return content;
}

std::optional<std::string> fieldOf(const data::PreviewRow &row, data::Field field)
{
    return row.fields[static_cast<size_t>(field)];
}

QString columnOf(const data::FilePreview &preview, data::Field field)
{
    const auto index = preview.columnOf[static_cast<size_t>(field)];
    return index ? qs(preview.columns[*index]) : QStringLiteral("(none)");
}

} // namespace

class ImportPreviewTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void csvWithQuotesAndLineBreaks();
    void tsvByExtension();
    void jsonlKeysAliasesAndNumbers();
    void encodings_data();
    void encodings();
    void reportsTheImportersProblem_data();
    void reportsTheImportersProblem();
    void mapsRenamedColumns();
    void missingTextColumnStillShowsTheColumns();
    void formatOverride();
    void validatesTheWholeFile();
    void validationStopsOnRequest();

private:
    std::filesystem::path write(const QString &name, const QByteArray &content);
    // The message importFile gives for the file in a fresh project, or "" when it imports.
    QString importMessage(const std::filesystem::path &file, const data::ImportOptions &options);

    std::optional<QTemporaryDir> m_dir;
};

void ImportPreviewTest::init()
{
    m_dir.emplace();
    QVERIFY(m_dir->isValid());
}

std::filesystem::path ImportPreviewTest::write(const QString &name, const QByteArray &content)
{
    const auto path = pathIn(*m_dir, name);
    writeFile(path, content);
    return path;
}

QString ImportPreviewTest::importMessage(const std::filesystem::path &file, const data::ImportOptions &options)
{
    static int projects = 0;
    auto project = store::Project::create(pathIn(*m_dir, QStringLiteral("p%1.glossa").arg(++projects)));
    return errorFrom([&] { data::importFile(project.db(), "check", file, options); }).value_or(QString());
}

void ImportPreviewTest::csvWithQuotesAndLineBreaks()
{
    const auto file = write(QStringLiteral("quotes.csv"), "text,label,lang\n"
                                                          "\"She said \"\"hi\"\"\",greet,en\n"
                                                          "\"two\nlines, one record\",multi,en\n"
                                                          "\n"
                                                          "plain,bye,de\n");
    const auto preview = data::previewFile(file, {});
    QCOMPARE(qs(data::toString(preview.format)), QStringLiteral("csv"));
    QCOMPARE(qs(preview.encoding.describe()), QStringLiteral("UTF-8"));
    QVERIFY2(!preview.error, preview.error ? preview.error->message.c_str() : "");
    QVERIFY(preview.complete);
    QCOMPARE(preview.columns, (std::vector<std::string>{"text", "label", "lang"}));
    QCOMPARE(columnOf(preview, data::Field::Text), QStringLiteral("text"));
    QCOMPARE(columnOf(preview, data::Field::Lang), QStringLiteral("lang"));
    QCOMPARE(columnOf(preview, data::Field::Id), QStringLiteral("(none)"));

    QCOMPARE(preview.rows.size(), size_t(3));
    QCOMPARE(preview.rows[0].line, 2);
    QCOMPARE(preview.rows[0].cells[0], std::string("She said \"hi\""));
    QCOMPARE(preview.rows[1].line, 3);
    QCOMPARE(preview.rows[1].cells[0], std::string("two\nlines, one record"));
    QCOMPARE(fieldOf(preview.rows[1], data::Field::Label), std::optional<std::string>("multi"));
    // The record spanning lines 3-4 and the blank line 5 push the last row to line 6.
    QCOMPARE(preview.rows[2].line, 6);
    QCOMPARE(fieldOf(preview.rows[2], data::Field::Text), std::optional<std::string>("plain"));
    QCOMPARE(fieldOf(preview.rows[2], data::Field::Id), std::optional<std::string>());
}

void ImportPreviewTest::tsvByExtension()
{
    const auto file = write(QStringLiteral("intents.tsv"), "sentence\tintent\n"
                                                           "Wo ist mein Paket?\ttrack_order\n"
                                                           "Hello, world\tgreet\n");
    const auto preview = data::previewFile(file, {});
    QCOMPARE(qs(data::toString(preview.format)), QStringLiteral("tsv"));
    QVERIFY(!preview.error);
    // Aliases, as the importer resolves them.
    QCOMPARE(columnOf(preview, data::Field::Text), QStringLiteral("sentence"));
    QCOMPARE(columnOf(preview, data::Field::Label), QStringLiteral("intent"));
    QCOMPARE(preview.rows.size(), size_t(2));
    QCOMPARE(preview.rows[1].cells, (std::vector<std::string>{"Hello, world", "greet"}));
    QCOMPARE(fieldOf(preview.rows[0], data::Field::Label), std::optional<std::string>("track_order"));
}

void ImportPreviewTest::jsonlKeysAliasesAndNumbers()
{
    const auto file = write(QStringLiteral("chat.jsonl"), R"({"text": "hola", "id": 42}
{"text": "bonjour", "intent": "greet", "meta": {"a": [1, 2]}}

{"text": "hello", "intent": null, "id": "x7"}
)");
    const auto preview = data::previewFile(file, {});
    QCOMPARE(qs(data::toString(preview.format)), QStringLiteral("jsonl"));
    QVERIFY2(!preview.error, preview.error ? preview.error->message.c_str() : "");
    // The union of keys, in order of appearance.
    QCOMPARE(preview.columns, (std::vector<std::string>{"text", "id", "intent", "meta"}));
    QCOMPARE(columnOf(preview, data::Field::Label), QStringLiteral("intent"));
    QCOMPARE(preview.rows.size(), size_t(3));
    QCOMPARE(preview.rows[0].cells, (std::vector<std::string>{"hola", "42", "", ""}));
    QCOMPARE(preview.rows[1].cells[3], std::string(R"({"a":[1,2]})"));
    QCOMPARE(fieldOf(preview.rows[0], data::Field::Id), std::optional<std::string>("42"));
    QCOMPARE(fieldOf(preview.rows[1], data::Field::Label), std::optional<std::string>("greet"));
    QCOMPARE(preview.rows[2].line, 4);
    QCOMPARE(fieldOf(preview.rows[2], data::Field::Label), std::optional<std::string>());
}

void ImportPreviewTest::encodings_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<int>("encoding");
    QTest::addColumn<QString>("charset");   // read as, when converted
    QTest::addColumn<QString>("secondText"); // of the second row, as imported
    QTest::addColumn<QString>("problem");    // "" when the file imports
    QTest::addColumn<int>("rows");

    const QString text = QStringLiteral("text,label\nGrüße,greet\n你好,greet\n");
    const auto converted = int(data::Encoding::Converted);
    QTest::newRow("utf-8") << "plain.csv" << text.toUtf8() << int(data::Encoding::Utf8) << "" << "你好" << "" << 2;
    QTest::newRow("utf-8 bom") << "bom.csv" << QByteArray("\xEF\xBB\xBF") + text.toUtf8()
                               << int(data::Encoding::Utf8WithBom) << "" << "你好" << "" << 2;
    QTest::newRow("utf-16 le") << "le.csv" << utf16(text, false) << converted << "UTF-16LE" << "你好" << "" << 2;
    QTest::newRow("utf-16 be") << "be.csv" << utf16(text, true) << converted << "UTF-16BE" << "你好" << "" << 2;
    QTest::newRow("utf-16 le, no bom") << "nobom.csv" << utf16(text, false).mid(2) << converted << "UTF-16LE"
                                       << "你好" << "" << 2;
    // Exports from Windows tools: German in Windows-1252, Japanese in Shift_JIS, Chinese in
    // GB18030, Russian in Windows-1251; a sentence or two is enough for the detector.
    QTest::newRow("windows-1252")
        << "latin1.csv"
        << QByteArray("text,label\n\"Gr\xFC\xDF\x65 aus M\xFCnchen, sch\xF6ne Gr\xFC\xDF\x65\",greet\n"
                      "\"Die B\xE4ren \xE4rgern sich \xFC\x62\x65r die gro\xDF\x65n Stra\xDF\x65n\",complaint\n")
        << converted << "" << "Die Bären ärgern sich über die großen Straßen" << "" << 2;
    QTest::newRow("shift_jis") << "sjis.csv" << QByteArray("text,label\n\x92\x8D\x95\xB6\x82\xF0\x83L\x83\x83\x83\x93\x83Z\x83\x8B\x82\xB5\x82\xBD\x82\xA2\x82\xC5\x82\xB7\x81" "B\x82\xC5\x82\xAB\x82\xE9\x82\xBE\x82\xAF\x91\x81\x82\xAD\x82\xA8\x8A\xE8\x82\xA2\x82\xB5\x82\xDC\x82\xB7,cancel\n\x89\xD7\x95\xA8\x82\xCD\x82\xC7\x82\xB1\x82\xC9\x82\xA0\x82\xE8\x82\xDC\x82\xB7\x82\xA9\x81H\x82\xDC\x82\xBE\x93\xCD\x82\xA2\x82\xC4\x82\xA2\x82\xDC\x82\xB9\x82\xF1,track\n") << converted << "SHIFT_JIS"
                               << "荷物はどこにありますか？まだ届いていません" << "" << 2;
    QTest::newRow("gb18030") << "gb.csv" << QByteArray("text,label\n\xCE\xD2\xCF\xEB\xC8\xA1\xCF\xFB\xCE\xD2\xB5\xC4\xB6\xA9\xB5\xA5\xA3\xAC\xC7\xEB\xBE\xA1\xBF\xEC\xB4\xA6\xC0\xED,cancel\n\xCE\xD2\xB5\xC4\xB0\xFC\xB9\xFC\xD4\xDA\xC4\xC4\xC0\xEF\xA3\xBF\xBB\xB9\xC3\xBB\xD3\xD0\xCA\xD5\xB5\xBD,track\n") << converted << ""
                             << "我的包裹在哪里？还没有收到" << "" << 2;
    QTest::newRow("windows-1251") << "ru.csv" << QByteArray("text,label\n\"\xC7\xE4\xF0\xE0\xE2\xF1\xF2\xE2\xF3\xE9\xF2\xE5, \xFF \xF5\xEE\xF7\xF3 \xEE\xF2\xEC\xE5\xED\xE8\xF2\xFC \xE7\xE0\xEA\xE0\xE7\",cancel\n\xC3\xE4\xE5 \xEC\xEE\xFF \xEF\xEE\xF1\xFB\xEB\xEA\xE0? \xCE\xED\xE0 \xE5\xF9\xB8 \xED\xE5 \xEF\xF0\xE8\xF8\xEB\xE0,track\n") << converted << ""
                                  << "Где моя посылка? Она ещё не пришла" << "" << 2;
    QTest::newRow("binary") << "image.csv" << QByteArray("\x89PNG\r\n\x1A\n\0\0\0\rIHDR\0\0\0\x10", 20)
                            << int(data::Encoding::Binary) << "" << "" << "not a text file" << 0;
}

void ImportPreviewTest::encodings()
{
    QFETCH(QString, name);
    QFETCH(QByteArray, content);
    QFETCH(int, encoding);
    QFETCH(QString, charset);
    QFETCH(QString, secondText);
    QFETCH(QString, problem);
    QFETCH(int, rows);

    const auto file = write(name, content);
    const auto preview = data::previewFile(file, {});
    QCOMPARE(int(preview.encoding.encoding), encoding);
    QCOMPARE(int(data::detectEncoding(file).encoding), encoding);
    if (!charset.isEmpty())
        QCOMPARE(qs(preview.encoding.charset), charset);
    QCOMPARE(preview.rows.size(), size_t(rows));
    QCOMPARE(preview.fileBytes, std::uint64_t(content.size()));
    const QString imported = importMessage(file, {});
    if (problem.isEmpty()) {
        QVERIFY2(!preview.error, preview.error ? preview.error->message.c_str() : "");
        QCOMPARE(imported, QString());
        QCOMPARE(qs(preview.rows[1].cells[0]), secondText);
    } else {
        QVERIFY(preview.error);
        QVERIFY2(qs(preview.error->message).contains(problem), preview.error->message.c_str());
        QCOMPARE(qs(preview.error->message), imported);
    }
}

void ImportPreviewTest::reportsTheImportersProblem_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("mapping");
    QTest::addColumn<qint64>("line");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("fragment");

    // Reader problems (the source) and row checks (the importer's alone) alike.
    QTest::newRow("extra field after a multi-line record")
        << "extra.csv" << QByteArray("text,label\n\"a\nb\",x\nfine,x\nsplit,by,comma\nlater,x\n") << "" << qint64(5)
        << ""
        << "3 fields, but the header has 2";
    QTest::newRow("unterminated quote") << "quote.csv" << QByteArray("text,label\nok,x\n\"never closed,x\nmore,x\n")
                                        << "" << qint64(3) << ""
                                        << "closing quote is missing";
    QTest::newRow("empty text") << "empty.csv" << QByteArray("text,label\nok,x\n  ,x\n") << "" << qint64(3) << "text"
                                << "is empty";
    QTest::newRow("not a split") << "split.csv" << QByteArray("text,split\na,train\nb,holdout\n") << "" << qint64(3)
                                 << "split"
                                 << "is not a split";
    QTest::newRow("not a language, renamed column") << "lang.csv" << QByteArray("body,sprache\nhallo,de\nhi,english\n")
                                                    << "text=body,lang=sprache" << qint64(3) << "sprache"
                                                    << "is not a language code";
    QTest::newRow("duplicate id") << "dup.jsonl"
                                  << QByteArray("{\"id\": 1, \"text\": \"a\"}\n{\"id\": 2, \"text\": \"b\"}\n"
                                                "{\"id\": 1, \"text\": \"c\"}\n")
                                  << "" << qint64(3) << "id"
                                  << "duplicate id '1' (also on line 1)";
    QTest::newRow("malformed json") << "bad.jsonl" << QByteArray("{\"text\": \"a\"}\n{\"text\": \"b\",}\n") << ""
                                    << qint64(2) << ""
                                    << "malformed JSON";
    QTest::newRow("header only") << "header.csv" << QByteArray("text,label\n") << "" << qint64(0) << ""
                                 << "has no rows to import";
    QTest::newRow("mapped column missing")
        << "missing.csv" << QByteArray("text,label\na,b\n") << "label=tag" << qint64(1) << ""
        << "no column named 'tag' for label";
    // Beyond the rows shown, within the rows the importer checks for the preview.
    QTest::newRow("extra field on line 700")
        << "far.csv" << generatedCsv(900, 700, "700,text,greet,en,extra") << "" << qint64(700) << ""
        << "5 fields";
    QTest::newRow("empty text on line 800")
        << "farempty.csv" << generatedCsv(900, 800, "800,  ,greet,en") << "" << qint64(800) << "text"
        << "is empty";
}

void ImportPreviewTest::reportsTheImportersProblem()
{
    QFETCH(QString, name);
    QFETCH(QByteArray, content);
    QFETCH(QString, mapping);
    QFETCH(qint64, line);
    QFETCH(QString, field);
    QFETCH(QString, fragment);

    const auto file = write(name, content);
    data::ImportOptions options;
    options.mapping = data::ColumnMapping::parse(mapping.toStdString());
    const auto preview = data::previewFile(file, options, 20);
    QVERIFY(preview.error);
    QCOMPARE(preview.error->line, line);
    QCOMPARE(qs(preview.error->field), field);
    QVERIFY2(qs(preview.error->problem).contains(fragment), preview.error->message.c_str());
    // Word for word what the import says.
    QCOMPARE(qs(preview.error->message), importMessage(file, options));
    // The rows before the bad one are still there to look at.
    if (line > 2)
        QVERIFY(!preview.rows.empty());
}

void ImportPreviewTest::mapsRenamedColumns()
{
    const auto file = write(QStringLiteral("renamed.csv"), "review,stars,language,label\n"
                                                           "Great phone,5,en,spam\n"
                                                           "Schlecht,1,de,ham\n");
    data::ImportOptions options;
    options.mapping.set(data::Field::Text, "review");
    options.mapping.set(data::Field::Label, "stars");
    const auto preview = data::previewFile(file, options);
    QVERIFY(!preview.error);
    QCOMPARE(columnOf(preview, data::Field::Text), QStringLiteral("review"));
    QCOMPARE(columnOf(preview, data::Field::Label), QStringLiteral("stars"));
    QCOMPARE(columnOf(preview, data::Field::Lang), QStringLiteral("language"));
    QCOMPARE(fieldOf(preview.rows[1], data::Field::Text), std::optional<std::string>("Schlecht"));
    QCOMPARE(fieldOf(preview.rows[1], data::Field::Label), std::optional<std::string>("1"));
    QCOMPARE(fieldOf(preview.rows[1], data::Field::Lang), std::optional<std::string>("de"));

    // Without the mapping the "label" column is the label.
    const auto unmapped = data::previewFile(file, {});
    QCOMPARE(columnOf(unmapped, data::Field::Label), QStringLiteral("label"));
    QVERIFY(unmapped.error);
    QVERIFY(qs(unmapped.error->message).contains(QStringLiteral("no 'text' column")));
}

void ImportPreviewTest::missingTextColumnStillShowsTheColumns()
{
    const auto file = write(QStringLiteral("notext.csv"), "body,intent\nhello,greet\nbye,farewell\n");
    const auto preview = data::previewFile(file, {});
    QVERIFY(preview.error);
    QCOMPARE(preview.error->line, 1);
    QCOMPARE(preview.columns, (std::vector<std::string>{"body", "intent"}));
    QCOMPARE(columnOf(preview, data::Field::Text), QStringLiteral("(none)"));
    QCOMPARE(columnOf(preview, data::Field::Label), QStringLiteral("intent"));
    QCOMPARE(preview.rows.size(), size_t(2));
    QCOMPARE(preview.rows[0].cells[0], std::string("hello"));
    QVERIFY(!fieldOf(preview.rows[0], data::Field::Text));
}

void ImportPreviewTest::formatOverride()
{
    // A .txt file: the content says TSV; forced to CSV it is one column with no text field.
    const auto file = write(QStringLiteral("export.txt"), "text\tlabel\nhello\tgreet\n");
    QCOMPARE(qs(data::toString(data::previewFile(file, {}).format)), QStringLiteral("tsv"));
    data::ImportOptions options;
    options.format = data::Format::Csv;
    const auto forced = data::previewFile(file, options);
    QCOMPARE(qs(data::toString(forced.format)), QStringLiteral("csv"));
    QCOMPARE(forced.columns, (std::vector<std::string>{"text\tlabel"}));
    QVERIFY(forced.error);
    QCOMPARE(qs(forced.error->message), importMessage(file, options));
}

void ImportPreviewTest::validatesTheWholeFile()
{
    const auto file = write(QStringLiteral("big.csv"), generatedCsv(20000, 15000, "15000,\"unclosed,greet,en"));
    // Past the rows the preview reads and checks: the preview has no problem yet.
    const auto preview = data::previewFile(file, {}, 50);
    QVERIFY2(!preview.error, preview.error ? preview.error->message.c_str() : "");
    QVERIFY(!preview.complete);
    QCOMPARE(preview.rows.size(), size_t(50));

    int calls = 0;
    data::ImportProgress last;
    const auto validation = data::validateFile(file, {}, {}, [&](const data::ImportProgress &progress) {
        ++calls;
        last = progress;
    });
    QVERIFY(validation.error);
    QCOMPARE(validation.error->line, 15000);
    QCOMPARE(qs(validation.error->message), importMessage(file, {}));
    QCOMPARE(validation.rows, 14998); // lines 2..14999
    QVERIFY(calls >= 1);
    QVERIFY(last.bytesRead > 0 && last.bytesRead < last.totalBytes);

    const auto good = write(QStringLiteral("good.csv"), generatedCsv(20000));
    calls = 0;
    const auto clean = data::validateFile(good, {}, {}, [&](const data::ImportProgress &progress) {
        ++calls;
        last = progress;
    });
    QVERIFY(!clean.error);
    QVERIFY(!clean.stopped);
    QCOMPARE(clean.rows, 20000);
    QCOMPARE(last.bytesRead, last.totalBytes);
    QCOMPARE(last.rows, 20000);
}

void ImportPreviewTest::validationStopsOnRequest()
{
    const auto file = write(QStringLiteral("stop.csv"), generatedCsv(5000));
    std::stop_source stop;
    stop.request_stop();
    const auto validation = data::validateFile(file, {}, stop.get_token());
    QVERIFY(validation.stopped);
    QVERIFY(!validation.error);
    QVERIFY(validation.rows < 5000);
}

QTEST_GUILESS_MAIN(ImportPreviewTest)
#include "tst_importpreview.moc"
