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

QTEST_APPLESS_MAIN(TestRealExports)
#include "tst_realexports.moc"
