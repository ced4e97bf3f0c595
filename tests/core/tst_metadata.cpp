// The columns of an imported file that Glossa has no field for (a ticket's customer, its
// creation date) stay with each example: the browser filters on them, and an export writes them
// back under their own names and in their file's order, so a corrected file joins back to the
// system it came from.

#include "testsupport.h"

#include "data/exporter.h"
#include "data/importer.h"
#include "store/datasetstore.h"
#include "store/examplebrowser.h"
#include "store/examplemetadata.h"
#include "store/project.h"

#include <QTemporaryDir>
#include <QTest>

#include <string>
#include <vector>

using namespace glossa::core;
using namespace glossa::test;

namespace {

// A ticket system's export: its own id, a date, the intent, the message, the customer and a
// priority that is sometimes empty.
const QByteArray ticketExport = "\xEF\xBB\xBFticket_id,created,intent,body,customer,priority\r\n"
                                "T-101,2024-01-02,refund,\"I want my money back, now\",ACME Corp,high\r\n"
                                "T-102,2024-01-03,shipping,Where is my parcel?,Globex,\r\n"
                                "T-103,2024-01-04,refund,\"Hallo, ich möchte mein Geld zurück\",acme corp,low\r\n";

store::Metadata metadataOf(store::Database &db, std::int64_t datasetId, const std::string &externalId)
{
    const auto example = store::DatasetStore(db).exampleByExternalId(datasetId, externalId);
    return example ? store::metadataFromJson(example->metadata) : store::Metadata{};
}

using Pairs = std::vector<std::pair<std::string, std::string>>;

} // namespace

class TestMetadata : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void otherColumnsAreKeptInTheFilesOrder();
    void exportsWriteThemBackUnderTheirNames();
    void aNameGlossaUsesIsWrittenAsPandasWould();
    void jsonValuesKeepTheirText();
    void summariesNameOnlyTheKeysTheFileHad();
    void aVeryWideFileKeepsTheFirstColumnsAndNamesTheRest();
    void theBrowserFiltersOnAColumnsValue();
    void alteredMetadataReadsAsNone();

private:
    data::ImportSummary importText(store::Project &project, const char *dataset, const QString &name,
                                   const QByteArray &content, const char *mapping = "");
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestMetadata::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
}

data::ImportSummary TestMetadata::importText(store::Project &project, const char *dataset, const QString &name,
                                             const QByteArray &content, const char *mapping)
{
    const auto file = pathIn(*m_dir, name);
    writeFile(file, content);
    data::ImportOptions options;
    options.mapping = data::ColumnMapping::parse(mapping);
    return data::importFile(project.db(), dataset, file, options);
}

void TestMetadata::otherColumnsAreKeptInTheFilesOrder()
{
    auto project = store::Project::create(pathIn(*m_dir, QStringLiteral("p.glossa")));
    const auto summary = importText(project, "tickets", QStringLiteral("tickets.csv"), ticketExport, "text=body");
    QCOMPARE(summary.metadataColumns, (std::vector<std::string>{"created", "customer", "priority"}));
    QVERIFY(summary.droppedColumns.empty());
    QCOMPARE(metadataOf(project.db(), summary.datasetId, "T-101"),
             (Pairs{{"created", "2024-01-02"}, {"customer", "ACME Corp"}, {"priority", "high"}}));
    // An empty cell is no value.
    QCOMPARE(metadataOf(project.db(), summary.datasetId, "T-102"),
             (Pairs{{"created", "2024-01-03"}, {"customer", "Globex"}}));
    QCOMPARE(store::DatasetStore(project.db()).metadataColumns(summary.datasetId),
             (std::vector<std::string>{"created", "customer", "priority"}));

    // A second file with another column adds it after the first file's.
    const auto second = importText(project, "tickets", QStringLiteral("more.csv"),
                                   "id,text,channel,customer\nT-200,Cancel my order please,email,Initech\n");
    QCOMPARE(second.metadataColumns, (std::vector<std::string>{"channel", "customer"}));
    QCOMPARE(store::DatasetStore(project.db()).metadataColumns(summary.datasetId),
             (std::vector<std::string>{"created", "customer", "priority", "channel"}));
}

void TestMetadata::exportsWriteThemBackUnderTheirNames()
{
    auto project = store::Project::create(pathIn(*m_dir, QStringLiteral("p.glossa")));
    importText(project, "tickets", QStringLiteral("tickets.csv"), ticketExport, "text=body");
    const auto csv = pathIn(*m_dir, QStringLiteral("out.csv"));
    QCOMPARE(data::exportDataset(project.db(), "tickets", csv, data::Format::Csv), 3);
    const auto lines = QString::fromUtf8(readFile(csv)).split(QStringLiteral("\r\n"));
    QCOMPARE(lines.at(0), QStringLiteral("id,text,label,lang,lang_guessed,split,group,created,customer,priority"));
    QVERIFY2(lines.at(1).startsWith(QStringLiteral("T-101,\"I want my money back, now\",refund,")), qPrintable(lines.at(1)));
    QVERIFY2(lines.at(1).endsWith(QStringLiteral(",2024-01-02,ACME Corp,high")), qPrintable(lines.at(1)));
    QVERIFY2(lines.at(2).endsWith(QStringLiteral(",2024-01-03,Globex,")), qPrintable(lines.at(2)));

    // The export imports again with the same metadata, and exports to the same bytes.
    const auto again = importText(project, "again", QStringLiteral("again.csv"), readFile(csv));
    QCOMPARE(again.metadataColumns, (std::vector<std::string>{"created", "customer", "priority"}));
    QCOMPARE(metadataOf(project.db(), again.datasetId, "T-103"),
             (Pairs{{"created", "2024-01-04"}, {"customer", "acme corp"}, {"priority", "low"}}));
    const auto csvAgain = pathIn(*m_dir, QStringLiteral("again-out.csv"));
    data::exportDataset(project.db(), "again", csvAgain, data::Format::Csv);
    QCOMPARE(readFile(csvAgain), readFile(csv));

    // JSON Lines: the same keys after Glossa's, an absent value left out.
    const auto jsonl = pathIn(*m_dir, QStringLiteral("out.jsonl"));
    data::exportDataset(project.db(), "tickets", jsonl, data::Format::Jsonl);
    const auto objects = readFile(jsonl).split('\n');
    QVERIFY2(objects.at(0).endsWith(R"("created":"2024-01-02","customer":"ACME Corp","priority":"high"})"),
             objects.at(0).constData());
    QVERIFY2(objects.at(1).endsWith(R"("created":"2024-01-03","customer":"Globex"})"), objects.at(1).constData());
}

void TestMetadata::aNameGlossaUsesIsWrittenAsPandasWould()
{
    // The labels come from "intent"; the file's own "label" column (a reviewer's note) is
    // metadata, and an export cannot write two columns named label.
    auto project = store::Project::create(pathIn(*m_dir, QStringLiteral("p.glossa")));
    importText(project, "tickets", QStringLiteral("t.csv"),
               "id,text,intent,label,label.1\n1,Where is my parcel?,shipping,check,x\n", "label=intent");
    const auto csv = pathIn(*m_dir, QStringLiteral("out.csv"));
    data::exportDataset(project.db(), "tickets", csv, data::Format::Csv);
    const auto lines = QString::fromUtf8(readFile(csv)).split(QStringLiteral("\r\n"));
    QCOMPARE(lines.at(0), QStringLiteral("id,text,label,lang,lang_guessed,split,group,label.2,label.1"));
    QVERIFY2(lines.at(1).endsWith(QStringLiteral(",check,x")), qPrintable(lines.at(1)));
    // And it reads back: the header names no column twice.
    const auto again = importText(project, "again", QStringLiteral("again.csv"), readFile(csv));
    QCOMPARE(again.rows, 1);
}

void TestMetadata::jsonValuesKeepTheirText()
{
    auto project = store::Project::create(pathIn(*m_dir, QStringLiteral("p.glossa")));
    const auto summary =
        importText(project, "d", QStringLiteral("dump.jsonl"),
                   R"({"_id": 7, "text": "Refund please", "intent": "refund", "votes": 3, "urgent": true, "tags": ["a", "b"], "who": {"name": "Ana"}, "note": null})"
                   "\n"
                   R"({"_id": 8, "text": "Où est mon colis ?", "intent": "shipping", "score": 0.25, "votes": 1})"
                   "\n");
    QCOMPARE(summary.metadataColumns, (std::vector<std::string>{"votes", "urgent", "tags", "who", "note", "score"}));
    QCOMPARE(metadataOf(project.db(), summary.datasetId, "7"),
             (Pairs{{"votes", "3"}, {"urgent", "true"}, {"tags", R"(["a","b"])"}, {"who", R"({"name":"Ana"})"}}));
    QCOMPARE(metadataOf(project.db(), summary.datasetId, "8"), (Pairs{{"score", "0.25"}, {"votes", "1"}}));
}

void TestMetadata::summariesNameOnlyTheKeysTheFileHad()
{
    auto project = store::Project::create(pathIn(*m_dir, QStringLiteral("p.glossa")));
    const auto summary = importText(project, "d", QStringLiteral("a.jsonl"),
                                    "{\"text\": \"Refund please\", \"intent\": \"refund\", \"channel\": \"chat\"}\n");
    QCOMPARE(summary.mapping, std::string("text=text, label=intent"));
    QCOMPARE(summary.metadataColumns, std::vector<std::string>{"channel"});
}

void TestMetadata::aVeryWideFileKeepsTheFirstColumnsAndNamesTheRest()
{
    QByteArray header = "text";
    QByteArray row = "hello there";
    const int columns = static_cast<int>(store::maxMetadataColumns) + 44;
    for (int k = 0; k < columns; ++k) {
        header += ",c" + QByteArray::number(k);
        row += ",v" + QByteArray::number(k);
    }
    auto project = store::Project::create(pathIn(*m_dir, QStringLiteral("p.glossa")));
    const auto summary = importText(project, "d", QStringLiteral("wide.csv"), header + "\n" + row + "\n");
    QCOMPARE(summary.metadataColumns.size(), store::maxMetadataColumns);
    QCOMPARE(summary.metadataColumns.back(), "c" + std::to_string(store::maxMetadataColumns - 1));
    QCOMPARE(summary.droppedColumns.size(), size_t(44));
    QCOMPARE(summary.droppedColumns.front(), "c" + std::to_string(store::maxMetadataColumns));
}

void TestMetadata::theBrowserFiltersOnAColumnsValue()
{
    auto project = store::Project::create(pathIn(*m_dir, QStringLiteral("p.glossa")));
    const auto summary = importText(project, "tickets", QStringLiteral("tickets.csv"), ticketExport, "text=body");
    store::ExampleBrowser browser(project.db());
    const auto externalIds = [&](const std::string &column, const std::string &value) {
        store::ExampleFilter filter;
        filter.metadata = store::MetadataFilter{column, value};
        std::vector<std::string> ids;
        for (const auto id : browser.matchingIds(summary.datasetId, filter, {}))
            ids.push_back(store::DatasetStore(project.db()).example(id)->externalId);
        return ids;
    };
    // Contains, in any case.
    QCOMPARE(externalIds("customer", "acme"), (std::vector<std::string>{"T-101", "T-103"}));
    QCOMPARE(externalIds("customer", "GLOBEX"), std::vector<std::string>{"T-102"});
    // No value: every example that has one in that column.
    QCOMPARE(externalIds("priority", ""), (std::vector<std::string>{"T-101", "T-103"}));
    // A value of another column does not count, nor does a LIKE wildcard.
    QCOMPARE(externalIds("priority", "acme"), std::vector<std::string>{});
    QCOMPARE(externalIds("customer", "%"), std::vector<std::string>{});
    // Together with the other filters.
    store::ExampleFilter filter;
    filter.metadata = store::MetadataFilter{"customer", "acme"};
    filter.lang = "de";
    QCOMPARE(browser.matchingIds(summary.datasetId, filter, {}).size(), size_t(1));
}

void TestMetadata::alteredMetadataReadsAsNone()
{
    // A project file altered elsewhere: metadata that is not JSON, not an object, or nests
    // without end. Reading, filtering and exporting go on; such a row has no metadata.
    auto project = store::Project::create(pathIn(*m_dir, QStringLiteral("p.glossa")));
    const auto summary = importText(project, "tickets", QStringLiteral("tickets.csv"), ticketExport, "text=body");
    const std::string deep(100000, '[');
    auto update = project.db().prepare("UPDATE examples SET metadata = ?1 WHERE external_id = ?2");
    update.bind(1, std::string_view("{\"customer\": \"ACME")).bind(2, std::string_view("T-101")).run();
    update.reset();
    update.bind(1, std::string_view(R"(["customer", "ACME"])")).bind(2, std::string_view("T-102")).run();
    update.reset();
    update.bind(1, deep).bind(2, std::string_view("T-103")).run();
    for (const char *id : {"T-101", "T-102", "T-103"})
        QVERIFY(metadataOf(project.db(), summary.datasetId, id).empty());
    store::ExampleFilter filter;
    filter.metadata = store::MetadataFilter{"customer", "acme"};
    QVERIFY(store::ExampleBrowser(project.db()).matchingIds(summary.datasetId, filter, {}).empty());
    QCOMPARE(data::exportDataset(project.db(), "tickets", pathIn(*m_dir, QStringLiteral("out.csv")), data::Format::Csv),
             3);
    // The import's column list altered too: what is not a list of names gives none.
    project.db().exec("UPDATE imports SET metadata_columns = '{\"a\": 1}'");
    QVERIFY(store::DatasetStore(project.db()).metadataColumns(summary.datasetId).empty());
}

QTEST_GUILESS_MAIN(TestMetadata)
#include "tst_metadata.moc"
