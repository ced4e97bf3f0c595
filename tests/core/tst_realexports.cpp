// Files exported by the tools analysts really use (a ticket system's CSV, a database dump as
// JSON Lines, a spreadsheet saved on a Mac) import as they are: ids under their own names,
// numeric labels, capitalised headers and old line ends are understood, not refused.

#include "testsupport.h"

#include "data/columnmapping.h"
#include "data/importer.h"
#include "data/importerror.h"
#include "data/importpreview.h"
#include "store/datasetstore.h"
#include "store/project.h"
#include "data/textencoding.h"

#include <QTemporaryDir>
#include <QTest>

#include <string>
#include <vector>

using namespace glossa::core;
using namespace glossa::test;

class TestRealExports : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void idColumnsAreRecognised_data();
    void idColumnsAreRecognised();
    void wordsEndingInIdAreNotIds();
    void capitalisedHeadersAreRead();
    void numbersAndBooleansAreLabels();
    void linesEndingInCarriageReturnsAreRead();
    void otherEncodingsAreConverted_data();
    void otherEncodingsAreConverted();
    void aFewDamagedBytesLeaveAUtf8FileUtf8();
    void badRowsAreSkippedWhenAsked();
    void aSkippedRowLeavesNoTrace();
    void aFileOfOnlyBadRowsIsStillRefused();
    void skippedRowsAreReportedBesideTheProject();

private:
    std::vector<store::Example> importText(const QString &name, const QByteArray &content,
                                           const data::ImportOptions &options = {});
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestRealExports::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
}

std::vector<store::Example> TestRealExports::importText(const QString &name, const QByteArray &content,
                                                        const data::ImportOptions &options)
{
    const auto file = pathIn(*m_dir, name);
    writeFile(file, content);
    auto project = store::Project::create(pathIn(*m_dir, name + QStringLiteral(".glossa")));
    const auto summary = data::importFile(project.db(), "tickets", file, options);
    std::vector<store::Example> examples;
    store::DatasetStore datasets(project.db());
    datasets.forEachExample(summary.datasetId, [&](const store::Example &example) { examples.push_back(example); });
    return examples;
}

void TestRealExports::idColumnsAreRecognised_data()
{
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<QString>("format");
    QTest::newRow("ticket_id") << QByteArray("ticket_id,body,intent") << "csv";
    QTest::newRow("Ticket ID") << QByteArray("Ticket ID,body,intent") << "csv";
    QTest::newRow("TicketId") << QByteArray("TicketId,body,intent") << "csv";
    QTest::newRow("uuid") << QByteArray("uuid,body,intent") << "csv";
    QTest::newRow("key") << QByteArray("key,body,intent") << "csv";
    QTest::newRow("MongoDB _id") << QByteArray("_id") << "jsonl";
    QTest::newRow("message_id in JSON") << QByteArray("message_id") << "jsonl";
}

void TestRealExports::idColumnsAreRecognised()
{
    QFETCH(QByteArray, header);
    QFETCH(QString, format);
    QByteArray content;
    data::ImportOptions options;
    options.mapping = data::ColumnMapping::parse("text=body");
    if (format == QLatin1String("csv")) {
        content = header + "\r\nT-1001,\"Where is my parcel, please?\",track_order\r\nT-1002,Cancel it,cancel\r\n";
    } else {
        content = "{\"" + header + "\": 1001, \"body\": \"Where is my parcel?\", \"intent\": \"track_order\"}\n"
                  + "{\"" + header + "\": 1002, \"body\": \"Cancel it\", \"intent\": \"cancel\"}\n";
    }
    const auto examples = importText(QStringLiteral("export.") + format, content, options);
    QCOMPARE(examples.size(), std::size_t(2));
    const std::string first = format == QLatin1String("csv") ? "T-1001" : "1001";
    QCOMPARE(examples[0].externalId, first); // not "export:2": the file's own id, to join back on
    QCOMPARE(examples[1].label.value_or(""), std::string("cancel"));
}

void TestRealExports::wordsEndingInIdAreNotIds()
{
    // "paid" and "valid" end in "id" but name no identifier; "group_id" is the group's.
    const auto resolved = data::ColumnMapping().resolve({"paid", "valid", "Android", "group_id", "text"});
    QVERIFY(!resolved[static_cast<size_t>(data::Field::Id)]);
    QCOMPARE(resolved[static_cast<size_t>(data::Field::Group)].value_or(99), std::size_t(3));
    // A mapped id is only ever the column named.
    auto mapping = data::ColumnMapping::parse("id=ref");
    QVERIFY(!mapping.resolve({"ticket_id", "text"})[static_cast<size_t>(data::Field::Id)]);
}

void TestRealExports::capitalisedHeadersAreRead()
{
    const auto examples = importText(QStringLiteral("sheet.csv"), "ID,Text,Label,Language\n7,Bonjour,greet,FR\n");
    QCOMPARE(examples.size(), std::size_t(1));
    QCOMPARE(examples[0].externalId, std::string("7"));
    QCOMPARE(examples[0].label.value_or(""), std::string("greet"));
    QCOMPARE(examples[0].lang, std::string("fr"));
    QVERIFY(!examples[0].langGuessed);
}

void TestRealExports::numbersAndBooleansAreLabels()
{
    const auto examples = importText(QStringLiteral("stars.jsonl"),
                                     "{\"id\": 1, \"text\": \"great\", \"label\": 5}\n"
                                     "{\"id\": 2, \"text\": \"bad\", \"label\": \"1\"}\n"
                                     "{\"id\": 3, \"text\": \"fine\", \"label\": 5}\n"
                                     "{\"id\": 4, \"text\": \"spam!!\", \"label\": true}\n"
                                     "{\"id\": 5, \"text\": \"meh\", \"label\": 2.5}\n");
    QCOMPARE(examples.size(), std::size_t(5));
    QCOMPARE(examples[0].label.value_or(""), std::string("5"));
    QCOMPARE(examples[0].labelId, examples[2].labelId); // 5 and 5 are one label
    QCOMPARE(examples[1].label.value_or(""), std::string("1"));
    QCOMPARE(examples[3].label.value_or(""), std::string("true"));
    QCOMPARE(examples[4].label.value_or(""), std::string("2.5"));
}

void TestRealExports::linesEndingInCarriageReturnsAreRead()
{
    // Excel for Mac's "CSV" and classic Mac OS text: CR alone ends a line, also inside quotes.
    const auto examples =
        importText(QStringLiteral("mac.csv"), "id,text,label\r1,\"two\rlines\",a\r2,plain,b\r3,last,a");
    QCOMPARE(examples.size(), std::size_t(3));
    QCOMPARE(examples[1].text, std::string("plain"));
    QCOMPARE(examples[2].label.value_or(""), std::string("a"));
    QCOMPARE(examples[2].sourceLine.value_or(0), std::int64_t(5)); // the line a text editor shows
}

void TestRealExports::otherEncodingsAreConverted_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("charset");
    // Excel's "Unicode text" (UTF-16 with tabs), the same without its byte order mark, and a
    // Latin-1 export with only a few accents.
    const QString tsv = QStringLiteral("id\ttext\tlabel\r\n1\tCafé crème brûlée\tfood\r\n2\t你好，世界\tgreet\r\n");
    QByteArray le;
    for (const auto unit : tsv)
        le += char(unit.unicode() & 0xFF), le += char(unit.unicode() >> 8);
    QTest::newRow("utf-16 le with bom") << QByteArray("\xFF\xFE") + le << "UTF-16LE";
    QTest::newRow("utf-16 le without bom") << le << "UTF-16LE";
    QTest::newRow("latin-1") << QByteArray("id\ttext\tlabel\n1\tCaf\xE9 cr\xE8me br\xFBl\xE9" "e\tfood\n") << "";
}

void TestRealExports::otherEncodingsAreConverted()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, charset);
    const auto file = pathIn(*m_dir, QStringLiteral("export.tsv"));
    writeFile(file, content);
    const auto encoding = data::detectEncoding(file);
    QCOMPARE(int(encoding.encoding), int(data::Encoding::Converted));
    if (!charset.isEmpty())
        QCOMPARE(qs(encoding.charset), charset);
    QVERIFY2(encoding.describe().ends_with("(converted to UTF-8)"), encoding.describe().c_str());
    const auto examples = importText(QStringLiteral("export.tsv"), content);
    QVERIFY(!examples.empty());
    QCOMPARE(examples[0].text, std::string("Café crème brûlée"));
    QCOMPARE(examples[0].label.value_or(""), std::string("food"));
    if (examples.size() > 1) {
        QCOMPARE(examples[1].text, std::string("你好，世界"));
        QCOMPARE(examples[1].sourceLine.value_or(0), std::int64_t(3)); // lines as in the file
    }
}

void TestRealExports::aFewDamagedBytesLeaveAUtf8FileUtf8()
{
    // Good UTF-8 with one damaged byte is a UTF-8 file with one bad row, not Windows-1252.
    const QByteArray content = "id,text\n1,Grüße aus München\n2,Ünïcödé everywhere\n3,caf\xE9\n";
    const auto file = pathIn(*m_dir, QStringLiteral("damaged.csv"));
    writeFile(file, content);
    QCOMPARE(int(data::detectEncoding(file).encoding), int(data::Encoding::Utf8));
    const auto message = errorFrom([&] { importText(QStringLiteral("damaged.csv"), content); });
    QVERIFY(message && message->contains(QLatin1String("damaged.csv:4")) && message->contains(QLatin1String("UTF-8")));
}

void TestRealExports::badRowsAreSkippedWhenAsked()
{
    // A ticket export: an empty body, a row with a field too many (an unquoted comma), a bad
    // split, a duplicate id, and good rows around them.
    const QByteArray content = "ticket_id,body,intent,split\n"
                               "T-1,Where is my parcel?,track_order,train\n"
                               "T-2,,cancel,train\n"
                               "T-3,Cancel it, now,cancel,test\n"
                               "T-4,Refund please,refund,holdout\n"
                               "T-1,Same id again,cancel,train\n"
                               "T-6,Thanks!,greet,dev\n";
    data::ImportOptions strict;
    strict.mapping = data::ColumnMapping::parse("text=body");
    const auto refused = errorFrom([&] { importText(QStringLiteral("strict.csv"), content, strict); });
    QVERIFY(refused && refused->contains(QLatin1String("strict.csv:3")));

    auto options = strict;
    options.skipInvalid = true;
    const auto file = pathIn(*m_dir, QStringLiteral("tickets.csv"));
    writeFile(file, content);
    auto project = store::Project::create(pathIn(*m_dir, QStringLiteral("tickets.glossa")));
    const auto summary = data::importFile(project.db(), "tickets", file, options);
    QCOMPARE(summary.rows, std::int64_t(2));
    QCOMPARE(summary.skippedRows, std::int64_t(4));
    QCOMPARE(summary.skipped.size(), std::size_t(4));
    QCOMPARE(summary.skipped[0].line, std::int64_t(3));
    QCOMPARE(summary.skipped[0].column, std::string("body"));
    QCOMPARE(summary.skipped[1].line, std::int64_t(4));
    QVERIFY(summary.skipped[1].problem.find("5 fields, but the header has 4") != std::string::npos);
    QCOMPARE(summary.skipped[2].column, std::string("split"));
    QVERIFY(summary.skipped[3].problem.find("duplicate id 'T-1'") != std::string::npos);
    store::DatasetStore datasets(project.db());
    QVERIFY(datasets.exampleByExternalId(summary.datasetId, "T-6"));
    QVERIFY(!datasets.exampleByExternalId(summary.datasetId, "T-4"));
}

void TestRealExports::aSkippedRowLeavesNoTrace()
{
    // The duplicate's label is new: skipping the row must not leave the label behind, nor
    // count it, nor move the split of the rows after it.
    data::ImportOptions options;
    options.skipInvalid = true;
    const auto file = pathIn(*m_dir, QStringLiteral("dup.csv"));
    writeFile(file, "id,text,label\n1,hello,greet\n1,ghost row,ghost\n2,bye,farewell\n");
    auto project = store::Project::create(pathIn(*m_dir, QStringLiteral("dup.glossa")));
    const auto summary = data::importFile(project.db(), "d", file, options);
    QCOMPARE(summary.rows, std::int64_t(2));
    QCOMPARE(summary.labelled, std::int64_t(2));
    QCOMPARE(summary.newLabels, (std::vector<std::string>{"greet", "farewell"}));
    QVERIFY(!store::DatasetStore(project.db()).findLabel(summary.datasetId, "ghost"));
}

void TestRealExports::aFileOfOnlyBadRowsIsStillRefused()
{
    data::ImportOptions options;
    options.skipInvalid = true;
    const auto message = errorFrom([&] {
        importText(QStringLiteral("empty.csv"), "id,text,label\n1,,a\n2,  ,b\n", options);
    });
    QVERIFY(message);
    QVERIFY2(message->contains(QLatin1String("none of its 2 rows could be imported"))
                 && message->contains(QLatin1String("line 2")),
             qPrintable(*message));
    // A problem with the whole file is not a row to skip.
    const auto header = errorFrom([&] { importText(QStringLiteral("nohead.csv"), "id,body\n1,x\n", options); });
    QVERIFY(header && header->contains(QLatin1String("no 'text' column")));
}

void TestRealExports::skippedRowsAreReportedBesideTheProject()
{
    data::ImportSummary summary;
    summary.skipped = {{3, "body", "is empty"}, {9, "", "3 fields, but the header has 4 (a missing or extra delimiter, "
                                                        "or an unquoted line break?)"}};
    summary.skippedRows = 5; // three more than listed
    const auto project = pathIn(*m_dir, QStringLiteral("shop.glossa"));
    const auto report = data::skippedRowsReportPath(project, "/elsewhere/Tickets 2026.csv");
    QCOMPARE(report.parent_path(), project.parent_path());
    QVERIFY2(report.filename().string().starts_with("shop.Tickets 2026.skipped-"), report.c_str());
    data::writeSkippedRowsReport(report, summary);
    const auto csv = readFile(report);
    QCOMPARE(csv, QByteArray("line,column,problem\r\n"
                             "3,body,is empty\r\n"
                             "9,,\"3 fields, but the header has 4 (a missing or extra delimiter, or an unquoted "
                             "line break?)\"\r\n"
                             ",,3 more rows were skipped and are not listed\r\n"));
}

QTEST_APPLESS_MAIN(TestRealExports)
#include "tst_realexports.moc"
