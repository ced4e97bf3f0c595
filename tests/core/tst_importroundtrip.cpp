// What a user gets back from Glossa is what they put in: every format imports tricky text
// unchanged, exports and re-imports to the same rows, and the importer fills in what a file
// leaves out (format, columns, split, language) in ways a user can rely on.

#include "testsupport.h"

#include "data/columnmapping.h"
#include "data/demoproject.h"
#include "data/exporter.h"
#include "data/importer.h"
#include "data/importerror.h"
#include "store/database.h"
#include "store/datasetstore.h"
#include "store/labeljournal.h"
#include "store/project.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

using namespace glossa::core;
using namespace glossa::test;

Q_DECLARE_METATYPE(glossa::core::data::Format)

namespace {

// One row of the tricky file and what the importer must make of it. An empty field is absent
// from the file; the importer then generates the id, guesses the language or seeds the split.
struct TrickyRow
{
    const char *id;
    const char *text;
    const char *label;
    const char *lang;
    const char *split;
    const char *group;
    const char *guessedLang = ""; // when lang is absent and the guess is certain
};

const std::vector<TrickyRow> &trickyRows()
{
    static const std::vector<TrickyRow> rows = {
        {"q1", "He said \"hello\" twice", "greet", "en", "train", "g1"},
        {"q2", "a \"\" b: doubled quotes stay doubled", "greet", "en", "dev", "g1"},
        {"q3", "one, two, three", "order", "en", "test", ""},
        {"q4", "col1\tcol2\ttab separated", "order", "en", "train", "g2"},
        {"q5", "first line\nsecond line", "", "en", "train", ""},
        {"q6", "windows line\r\nend inside a field", "complaint", "en", "", "g2"},
        {"q7", "مرحبا، أريد استرداد أموالي للطلب رقم 58213", "refund", "ar", "train", "g3"},
        {"q8", "שלום, אני רוצה לבטל את ההזמנה \"הגדולה\"", "cancel", "he", "dev", "g3"},
        {"q9", "我的包裹在哪里？", "track_order", "zh", "test", "g4"},
        {"q10", "注文をキャンセルしたいです。", "cancel", "ja", "train", "g4"},
        {"q11", "Love it 😍👍🏽 🇩🇪 👨‍👩‍👧", "", "", "", ""},
        {"q12", "  padded inside quotes  ", "greet", "en", "train", ""},
        {"q13", "\"", "greet", "en", "test", "g5"},
        {"q14", "Cafe\xCC\x81 cre\xCC\x80me, decomposed accents stay decomposed", "greet", "fr", "", ""},
        {"42", "Ich möchte bitte mein Geld für die beschädigte Bestellung zurückbekommen.", "refund", "", "", "g5",
         "de"},
        {"", "A row without an id gets one made from the file name and line", "", "en", "dev", ""},
        {"q17", "Trailing backslash \\ and a \\\"quote\\\" in JSON", "complaint", "pt-br", "test", "g6"},
    };
    return rows;
}

QByteArray quoted(QByteArray value)
{
    return '"' + value.replace('"', "\"\"") + '"';
}

// The tricky rows as a CSV or TSV the way people's tools write them: a BOM, a column order of
// its own, CRLF and LF line ends mixed, every field quoted on some rows, and no line end
// after the last record.
QByteArray delimitedFile(char delimiter)
{
    const QByteArray separator(1, delimiter);
    QByteArray out =
        "\xEF\xBB\xBF" + QByteArrayList{"text", "label", "id", "group", "lang", "split"}.join(separator) + "\r\n";
    const auto &rows = trickyRows();
    for (size_t i = 0; i < rows.size(); ++i) {
        const auto &row = rows[i];
        QByteArrayList fields;
        for (const char *value : {row.text, row.label, row.id, row.group, row.lang, row.split}) {
            const QByteArray field(value);
            const bool mustQuote = field.contains('"') || field.contains('\n') || field.contains('\r')
                                   || field.contains(delimiter) || field.startsWith(' ') || field.endsWith(' ');
            fields << (mustQuote || i % 3 == 0 ? quoted(field) : field);
        }
        out += fields.join(separator);
        if (i + 1 < rows.size())
            out += i % 2 == 0 ? "\r\n" : "\n";
    }
    return out;
}

// JSON string literal; with asciiOnly every non-ASCII character is a \u escape (emoji as
// surrogate pairs), as Python's json.dumps writes by default.
QByteArray jsonString(const char *value, bool asciiOnly)
{
    QByteArray out = "\"";
    const QByteArray utf8(value);
    if (asciiOnly) {
        for (const QChar c : QString::fromUtf8(utf8)) {
            const auto unit = c.unicode();
            if (unit == '"' || unit == '\\')
                out += '\\' + QByteArray(1, static_cast<char>(unit));
            else if (unit < 0x20 || unit >= 0x7F)
                out += "\\u" + QByteArray::number(unit, 16).rightJustified(4, '0');
            else
                out += static_cast<char>(unit);
        }
    } else {
        for (const char c : utf8) {
            if (c == '"' || c == '\\')
                out += '\\' + QByteArray(1, c);
            else if (c == '\n')
                out += "\\n";
            else if (c == '\r')
                out += "\\r";
            else if (c == '\t')
                out += "\\t";
            else
                out += c;
        }
    }
    return out + '"';
}

// The tricky rows as JSONL: keys in varying order, absent fields left out or null, keys
// Glossa ignores, a numeric id, escaped and raw UTF-8, CRLF line ends on some lines.
QByteArray jsonlFile()
{
    QByteArray out;
    const auto &rows = trickyRows();
    for (size_t i = 0; i < rows.size(); ++i) {
        const auto &row = rows[i];
        const bool asciiOnly = i % 2 == 1;
        QByteArrayList members;
        auto add = [&](const char *key, const char *value) {
            if (*value)
                members << jsonString(key, false) + ": " + jsonString(value, asciiOnly);
            else if (i % 3 == 0)
                members << jsonString(key, false) + ": null";
        };
        if (QByteArray(row.id) == "42")
            members << "\"id\": 42";
        else
            add("id", row.id);
        add("label", row.label);
        add("text", row.text);
        add("lang", row.lang);
        add("split", row.split);
        add("group", row.group);
        members << "\"source\": {\"app\": \"helpdesk\", \"score\": [1, 2.5]}";
        if (i % 2 == 0)
            std::rotate(members.begin(), members.begin() + 1, members.end());
        out += '{' + members.join(", ") + '}' + (i % 4 == 0 ? "\r\n" : "\n");
    }
    return out;
}

QByteArray fileFor(data::Format format)
{
    switch (format) {
    case data::Format::Csv: return delimitedFile(',');
    case data::Format::Tsv: return delimitedFile('\t');
    case data::Format::Jsonl: return jsonlFile();
    }
    return {};
}

// Also how formats are compared: QTest cannot print a data::Format.
QString extensionOf(data::Format format)
{
    return qs(data::toString(format));
}

// Every field a user sees, one line per example keyed by id, so QCOMPARE shows the row that
// differs.
QStringList describeExamples(store::Database &db, std::string_view datasetName)
{
    store::DatasetStore store(db);
    const auto dataset = store.dataset(datasetName);
    QStringList lines;
    store.forEachExample(dataset.id, [&](const store::Example &example) {
        lines << QStringLiteral("id=%1 text=[%2] label=%3 lang=%4 guessed=%5 split=%6 group=%7")
                     .arg(qs(example.externalId), qs(example.text), qs(example.label.value_or("(none)")),
                          qs(example.lang), example.langGuessed ? QStringLiteral("yes") : QStringLiteral("no"),
                          qs(example.split), qs(example.groupId.value_or("(none)")));
    });
    lines.sort();
    return lines;
}

std::int64_t countWhere(store::Database &db, std::string_view sql, std::int64_t datasetId)
{
    auto query = db.prepare(sql);
    query.bind(1, datasetId);
    return query.step() ? query.int64(0) : 0;
}

QByteArray jsonlLine(const QString &id, const QString &text, const QString &label, const QString &lang)
{
    return QStringLiteral(R"({"id": "%1", "text": "%2", "label": "%3", "lang": "%4"})")
               .arg(id, text, label, lang)
               .toUtf8()
           + '\n';
}

// Rows of three labels in three languages, the strata interleaved as in a real file; the
// last stratum has a count that is not a multiple of ten.
QByteArray stratifiedFile()
{
    QByteArray out;
    const QStringList labels = {QStringLiteral("refund"), QStringLiteral("cancel"), QStringLiteral("greet")};
    const QStringList langs = {QStringLiteral("en"), QStringLiteral("de"), QStringLiteral("ja")};
    for (int i = 0; i < 100; ++i)
        for (const auto &label : labels)
            for (const auto &lang : langs)
                out += jsonlLine(QStringLiteral("%1-%2-%3").arg(label, lang).arg(i),
                                 QStringLiteral("text %1 %2 %3").arg(label, lang).arg(i), label, lang);
    for (int i = 0; i < 37; ++i)
        out += jsonlLine(QStringLiteral("odd-%1").arg(i), QStringLiteral("odd one %1").arg(i), QStringLiteral("odd"),
                         QStringLiteral("fr"));
    return out;
}

std::map<std::string, std::string> splitsById(store::Database &db, std::string_view datasetName)
{
    store::DatasetStore store(db);
    std::map<std::string, std::string> splits;
    store.forEachExample(store.dataset(datasetName).id,
                         [&](const store::Example &example) { splits[example.externalId] = example.split; });
    return splits;
}

} // namespace

class ImportRoundTripTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void importsTrickyContentUnchanged_data();
    void importsTrickyContentUnchanged();
    void exportReimportGivesTheSameRows_data();
    void exportReimportGivesTheSameRows();
    void exportCarriesCorrectedLabels();
    void importsFilesLargerThanTheReadBuffer_data();
    void importsFilesLargerThanTheReadBuffer();
    void detectsFormat_data();
    void detectsFormat();
    void mapsColumns_data();
    void mapsColumns();
    void jsonlAliasFoundAfterAnUnlabelledFirstRow();
    void rejectsBadMappingSpec();
    void seedsStratifiedSplits();
    void splitSeedIsReproducible();
    void guessesMissingLanguages();
    void journalsImportedLabels();
    void importsTheDemoData();
};

void ImportRoundTripTest::importsTrickyContentUnchanged_data()
{
    QTest::addColumn<data::Format>("format");
    QTest::newRow("csv") << data::Format::Csv;
    QTest::newRow("tsv") << data::Format::Tsv;
    QTest::newRow("jsonl") << data::Format::Jsonl;
}

void ImportRoundTripTest::importsTrickyContentUnchanged()
{
    QFETCH(data::Format, format);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto project = store::Project::create(pathIn(dir, QStringLiteral("p.glossa")));
    const auto input = pathIn(dir, QStringLiteral("tricky.") + extensionOf(format));
    writeFile(input, fileFor(format));

    const auto summary = data::importFile(project.db(), "tricky", input);
    const auto &rows = trickyRows();
    QCOMPARE(summary.rows, static_cast<std::int64_t>(rows.size()));

    store::DatasetStore store(project.db());
    const auto datasetId = store.dataset("tricky").id;
    std::set<std::string> seenIds;
    for (const auto &row : rows) {
        std::optional<store::Example> example;
        if (*row.id) {
            example = store.exampleByExternalId(datasetId, row.id);
        } else {
            // The generated id names the file and the line, so a user can find the row.
            store.forEachExample(datasetId, [&](const store::Example &candidate) {
                if (candidate.text == row.text)
                    example = candidate;
            });
            QVERIFY(example);
            QVERIFY2(example->externalId.starts_with("tricky:"), example->externalId.c_str());
        }
        QVERIFY2(example, row.id);
        seenIds.insert(example->externalId);
        QCOMPARE(qs(example->text), qs(row.text));
        QCOMPARE(qs(example->label.value_or("")), qs(row.label));
        QCOMPARE(qs(example->groupId.value_or("")), qs(row.group));
        if (*row.lang) {
            QCOMPARE(qs(example->lang), qs(row.lang));
            QVERIFY(!example->langGuessed);
        } else {
            QVERIFY2(!example->lang.empty() && example->langGuessed, row.id);
            if (*row.guessedLang)
                QCOMPARE(qs(example->lang), qs(row.guessedLang));
        }
        if (*row.split) {
            QCOMPARE(qs(example->split), qs(row.split));
            QVERIFY(!example->splitSeeded);
        } else {
            QVERIFY2(example->splitSeeded, row.id);
            QVERIFY(example->split == "train" || example->split == "dev" || example->split == "test");
        }
    }
    QCOMPARE(seenIds.size(), rows.size());
}

void ImportRoundTripTest::exportReimportGivesTheSameRows_data()
{
    QTest::addColumn<data::Format>("source");
    QTest::addColumn<data::Format>("target");
    for (const auto source : {data::Format::Csv, data::Format::Tsv, data::Format::Jsonl})
        for (const auto target : {data::Format::Csv, data::Format::Tsv, data::Format::Jsonl})
            QTest::addRow("%s to %s", data::toString(source).data(), data::toString(target).data()) << source << target;
}

void ImportRoundTripTest::exportReimportGivesTheSameRows()
{
    QFETCH(data::Format, source);
    QFETCH(data::Format, target);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto project = store::Project::create(pathIn(dir, QStringLiteral("p.glossa")));
    const auto input = pathIn(dir, QStringLiteral("tricky.") + extensionOf(source));
    writeFile(input, fileFor(source));
    data::importFile(project.db(), "original", input);

    const auto exported = pathIn(dir, QStringLiteral("exported.") + extensionOf(target));
    const auto written = data::exportDataset(project.db(), "original", exported, target);
    QCOMPARE(written, static_cast<std::int64_t>(trickyRows().size()));
    QVERIFY2(!std::filesystem::exists(exported.string() + ".part"), "the temporary export file was left behind");

    // The format is detected from the extension, as a user re-importing the file would.
    const auto summary = data::importFile(project.db(), "copy", exported);
    QCOMPARE(extensionOf(summary.format), extensionOf(target));
    QCOMPARE(summary.seededSplits, std::int64_t(0));
    QCOMPARE(summary.guessedLanguages, std::int64_t(0));
    QCOMPARE(describeExamples(project.db(), "copy"), describeExamples(project.db(), "original"));
}

void ImportRoundTripTest::exportCarriesCorrectedLabels()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto project = store::Project::create(pathIn(dir, QStringLiteral("p.glossa")));
    const auto input = pathIn(dir, QStringLiteral("tricky.jsonl"));
    writeFile(input, jsonlFile());
    data::importFile(project.db(), "original", input);

    // A user fixes one label and clears another; the export must carry both corrections.
    store::DatasetStore store(project.db());
    const auto datasetId = store.dataset("original").id;
    const auto refund = *store.findLabel(datasetId, "refund");
    store::LabelJournal journal(project.db());
    journal.setLabel(datasetId, {store.exampleByExternalId(datasetId, "q1")->id}, refund, store::EditSource::User);
    journal.setLabel(datasetId, {store.exampleByExternalId(datasetId, "q3")->id}, std::nullopt,
                     store::EditSource::User);

    const auto exported = pathIn(dir, QStringLiteral("corrected.csv"));
    data::exportDataset(project.db(), "original", exported, data::Format::Csv);
    data::importFile(project.db(), "copy", exported);
    const auto copyId = store.dataset("copy").id;
    QCOMPARE(qs(store.exampleByExternalId(copyId, "q1")->label.value_or("(none)")), QStringLiteral("refund"));
    QCOMPARE(qs(store.exampleByExternalId(copyId, "q3")->label.value_or("(none)")), QStringLiteral("(none)"));
    QCOMPARE(describeExamples(project.db(), "copy"), describeExamples(project.db(), "original"));
}

void ImportRoundTripTest::importsFilesLargerThanTheReadBuffer_data()
{
    QTest::addColumn<data::Format>("format");
    QTest::newRow("csv") << data::Format::Csv;
    QTest::newRow("tsv") << data::Format::Tsv;
    QTest::newRow("jsonl") << data::Format::Jsonl;
}

void ImportRoundTripTest::importsFilesLargerThanTheReadBuffer()
{
    // The importer reads in chunks of a few MiB; records that straddle a chunk boundary (quoted
    // line breaks, doubled quotes, CRLF split between chunks) must come through whole.
    QFETCH(data::Format, format);
    const char delimiter = format == data::Format::Tsv ? '\t' : ',';
    constexpr int rowCount = 30000;
    std::map<std::string, std::string> expected;
    QByteArray content = format == data::Format::Jsonl
                             ? QByteArray()
                             : QByteArray("id") + delimiter + "text" + delimiter + "label" + delimiter + "lang\r\n";
    for (int i = 0; i < rowCount; ++i) {
        const QByteArray id = "r" + QByteArray::number(i);
        QByteArray text = "Row " + QByteArray::number(i)
                          + " says \"hi\", then waits for the parcel that left the warehouse a week ago"
                          + QByteArray(" and still has not arrived, so the customer writes again").repeated(4);
        if (i % 7 == 0)
            text += "\r\non a second line";
        if (i % 11 == 0)
            text += "\tafter a tab, über 😀";
        expected[id.toStdString()] = text.toStdString();
        const QByteArray label = "label" + QByteArray::number(i % 9);
        if (format == data::Format::Jsonl)
            content += "{\"id\": \"" + id + "\", \"text\": " + jsonString(text.constData(), i % 2 == 0)
                       + ", \"label\": \"" + label + "\", \"lang\": \"en\"}\n";
        else
            content += id + delimiter + quoted(text) + delimiter + label + delimiter + "en\r\n";
    }
    QVERIFY2(content.size() > 8 << 20, "the file must span several read chunks");

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const auto input = pathIn(dir, QStringLiteral("large.") + extensionOf(format));
    writeFile(input, content);
    auto project = store::Project::create(pathIn(dir, QStringLiteral("p.glossa")));
    const auto summary = data::importFile(project.db(), "large", input);
    QCOMPARE(summary.rows, std::int64_t(rowCount));

    store::DatasetStore store(project.db());
    int mismatches = 0;
    std::string firstMismatch;
    store.forEachExample(store.dataset("large").id, [&](const store::Example &example) {
        const auto it = expected.find(example.externalId);
        if (it == expected.end() || it->second != example.text) {
            if (mismatches++ == 0)
                firstMismatch = example.externalId + ": " + example.text;
        }
    });
    QVERIFY2(mismatches == 0, firstMismatch.c_str());
}

void ImportRoundTripTest::detectsFormat_data()
{
    QTest::addColumn<QString>("fileName");
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<data::Format>("expected");

    const QByteArray csv = "text,label\nhello,greet\n";
    const QByteArray tsv = "text\tlabel\nhello, world\tgreet\n";
    const QByteArray jsonl = "{\"text\": \"hello\", \"label\": \"greet\"}\n";
    QTest::newRow("csv extension") << QStringLiteral("data.csv") << csv << data::Format::Csv;
    QTest::newRow("upper-case TSV extension") << QStringLiteral("DATA.TSV") << tsv << data::Format::Tsv;
    QTest::newRow("tab extension") << QStringLiteral("data.tab") << tsv << data::Format::Tsv;
    QTest::newRow("jsonl extension") << QStringLiteral("data.jsonl") << jsonl << data::Format::Jsonl;
    QTest::newRow("ndjson extension") << QStringLiteral("data.ndjson") << jsonl << data::Format::Jsonl;
    QTest::newRow("json extension") << QStringLiteral("data.json") << jsonl << data::Format::Jsonl;
    QTest::newRow("no extension, json object") << QStringLiteral("export") << jsonl << data::Format::Jsonl;
    QTest::newRow("no extension, json after bom and blank line")
        << QStringLiteral("export") << "\xEF\xBB\xBF\n  " + jsonl << data::Format::Jsonl;
    QTest::newRow("no extension, tabs") << QStringLiteral("export") << tsv << data::Format::Tsv;
    QTest::newRow("no extension, commas") << QStringLiteral("export") << csv << data::Format::Csv;
    QTest::newRow("unknown extension, tabs") << QStringLiteral("data.txt") << tsv << data::Format::Tsv;
    QTest::newRow("unknown extension, json") << QStringLiteral("data.log") << jsonl << data::Format::Jsonl;
}

void ImportRoundTripTest::detectsFormat()
{
    QFETCH(QString, fileName);
    QFETCH(QByteArray, content);
    QFETCH(data::Format, expected);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const auto input = pathIn(dir, fileName);
    writeFile(input, content);
    QCOMPARE(extensionOf(data::detectFormat(input)), extensionOf(expected));

    // And the import that relies on the detection reads the row right.
    auto project = store::Project::create(pathIn(dir, QStringLiteral("p.glossa")));
    const auto summary = data::importFile(project.db(), "detected", input);
    QCOMPARE(extensionOf(summary.format), extensionOf(expected));
    store::DatasetStore store(project.db());
    QStringList texts;
    store.forEachExample(store.dataset("detected").id, [&](const store::Example &example) {
        texts << qs(example.text) + QLatin1Char('|') + qs(example.label.value_or(""));
    });
    QCOMPARE(texts, QStringList{expected == data::Format::Tsv ? QStringLiteral("hello, world|greet")
                                                              : QStringLiteral("hello|greet")});
}

void ImportRoundTripTest::mapsColumns_data()
{
    QTest::addColumn<QString>("fileName");
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("mapping");

    // Every file holds the same two rows: "Where is my order?" (track_order, en, dev, g1)
    // and "Wo ist meine Bestellung?" (track_order, de, test, g1).
    QTest::newRow("csv --map") << QStringLiteral("reviews.csv")
                               << QByteArray("ticket,body,tag,country,fold,thread\n"
                                             "t1,Where is my order?,track_order,en,dev,g1\n"
                                             "t2,Wo ist meine Bestellung?,track_order,de,test,g1\n")
                               << QStringLiteral("text=body, label=tag,lang=country,split=fold,id=ticket,group=thread");
    QTest::newRow("csv --map leaves the text column to its default")
        << QStringLiteral("reviews.csv")
        << QByteArray("id,text,tag,lang,split,group,label\n"
                      "t1,Where is my order?,track_order,en,dev,g1,wrong\n"
                      "t2,Wo ist meine Bestellung?,track_order,de,test,g1,wrong\n")
        << QStringLiteral("label=tag");
    QTest::newRow("csv aliases") << QStringLiteral("intents.csv")
                                 << QByteArray("id,utterance,intent,language,split,group_id\n"
                                               "t1,Where is my order?,track_order,en,dev,g1\n"
                                               "t2,Wo ist meine Bestellung?,track_order,de,test,g1\n")
                                 << QString();
    QTest::newRow("tsv aliases") << QStringLiteral("intents.tsv")
                                 << QByteArray("id\tsentence\tcategory\tlocale\tsplit\tgroup\n"
                                               "t1\tWhere is my order?\ttrack_order\ten\tdev\tg1\n"
                                               "t2\tWo ist meine Bestellung?\ttrack_order\tde_DE\ttest\tg1\n")
                                 << QString();
    QTest::newRow("jsonl --map")
        << QStringLiteral("tickets.jsonl")
        << QByteArray(
               R"({"ticket": "t1", "body": "Where is my order?", "tag": "track_order", "country": "en", "fold": "dev", "thread": "g1"}
{"ticket": "t2", "body": "Wo ist meine Bestellung?", "tag": "track_order", "country": "de", "fold": "test", "thread": "g1"}
)") << QStringLiteral("text=body,label=tag,lang=country,split=fold,id=ticket,group=thread");
    QTest::newRow("jsonl aliases")
        << QStringLiteral("intents.jsonl")
        << QByteArray(
               R"({"id": "t1", "utterance": "Where is my order?", "intent": "track_order", "language": "en", "split": "validation", "group_id": "g1"}
{"id": "t2", "utterance": "Wo ist meine Bestellung?", "intent": "track_order", "language": "DE", "split": "Test", "group_id": "g1"}
)") << QString();
}

void ImportRoundTripTest::mapsColumns()
{
    QFETCH(QString, fileName);
    QFETCH(QByteArray, content);
    QFETCH(QString, mapping);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const auto input = pathIn(dir, fileName);
    writeFile(input, content);
    auto project = store::Project::create(pathIn(dir, QStringLiteral("p.glossa")));

    data::ImportOptions options;
    options.mapping = data::ColumnMapping::parse(mapping.toStdString());
    data::importFile(project.db(), "mapped", input, options);

    // Language codes and split names are normalised (de_DE -> de-de, validation -> dev).
    QStringList rows = describeExamples(project.db(), "mapped");
    rows.replaceInStrings(QStringLiteral("lang=de-de"), QStringLiteral("lang=de"));
    QCOMPARE(rows, (QStringList{
                       QStringLiteral("id=t1 text=[Where is my order?] label=track_order lang=en guessed=no "
                                      "split=dev group=g1"),
                       QStringLiteral("id=t2 text=[Wo ist meine Bestellung?] label=track_order lang=de guessed=no "
                                      "split=test group=g1"),
                   }));
}

void ImportRoundTripTest::jsonlAliasFoundAfterAnUnlabelledFirstRow()
{
    // Files often start with rows nobody has labelled yet; the labels further down must
    // still be read from their "intent" key.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const auto input = pathIn(dir, QStringLiteral("later.jsonl"));
    writeFile(input, R"({"id": "u1", "text": "Not labelled yet, and no language either"}
{"id": "u2", "text": "Where is my order?", "intent": "track_order", "language": "en", "group_id": "g1"}
{"id": "u3", "text": "Wo ist meine Bestellung?", "intent": "track_order", "language": "de", "group_id": "g1"}
)");
    auto project = store::Project::create(pathIn(dir, QStringLiteral("p.glossa")));
    const auto summary = data::importFile(project.db(), "later", input);
    QCOMPARE(summary.labelled, std::int64_t(2));
    QCOMPARE(summary.guessedLanguages, std::int64_t(1));
    store::DatasetStore store(project.db());
    const auto datasetId = store.dataset("later").id;
    QCOMPARE(qs(store.exampleByExternalId(datasetId, "u3")->label.value_or("(none)")), QStringLiteral("track_order"));
    QCOMPARE(qs(store.exampleByExternalId(datasetId, "u3")->lang), QStringLiteral("de"));
    QCOMPARE(qs(store.exampleByExternalId(datasetId, "u3")->groupId.value_or("(none)")), QStringLiteral("g1"));
}

void ImportRoundTripTest::rejectsBadMappingSpec()
{
    // The CLI passes --map straight through; a typo must say what is wrong, not be ignored.
    QVERIFY_THROWS_EXCEPTION(Error, data::ColumnMapping::parse("text"));
    QVERIFY_THROWS_EXCEPTION(Error, data::ColumnMapping::parse("colour=red"));
    QVERIFY_THROWS_EXCEPTION(Error, data::ColumnMapping::parse("label="));
    try {
        data::ColumnMapping::parse("text=body,lable=tag");
        QFAIL("a misspelt field was accepted");
    } catch (const Error &error) {
        QVERIFY2(QString::fromUtf8(error.what()).contains(QLatin1String("'lable'")), error.what());
    }
    const auto mapping = data::ColumnMapping::parse(" text = body ,, label=tag ");
    QCOMPARE(qs(mapping.column(data::Field::Text)), QStringLiteral("body"));
    QCOMPARE(qs(mapping.column(data::Field::Label)), QStringLiteral("tag"));
    QVERIFY(!mapping.isExplicit(data::Field::Lang));
}

void ImportRoundTripTest::seedsStratifiedSplits()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const auto input = pathIn(dir, QStringLiteral("strata.jsonl"));
    writeFile(input, stratifiedFile());
    auto project = store::Project::create(pathIn(dir, QStringLiteral("p.glossa")));
    const auto summary = data::importFile(project.db(), "strata", input);
    QCOMPARE(summary.seededSplits, summary.rows);

    // Every label x language stratum gets 80/10/10, so dev and test look like train.
    store::DatasetStore store(project.db());
    std::map<std::pair<std::string, std::string>, std::map<std::string, std::int64_t>> strata;
    for (const auto &cell : store.stats(store.dataset("strata").id))
        strata[{cell.label, cell.lang}][cell.split] += cell.count;
    QCOMPARE(strata.size(), size_t(10));
    for (const auto &[key, splits] : strata) {
        const auto where = qs(key.first + "/" + key.second);
        std::int64_t total = 0;
        for (const auto &[split, count] : splits)
            total += count;
        if (key.first == "odd") {
            // 37 rows: three whole blocks of ten and part of a fourth.
            QCOMPARE(total, std::int64_t(37));
            QVERIFY2(std::abs(splits.at("train") - 29.6) <= 1.5, qPrintable(where));
            QVERIFY2(splits.contains("dev") && splits.at("dev") >= 3 && splits.at("dev") <= 5, qPrintable(where));
            QVERIFY2(splits.contains("test") && splits.at("test") >= 3 && splits.at("test") <= 5, qPrintable(where));
        } else {
            QCOMPARE(total, std::int64_t(100));
            QCOMPARE(splits.at("train"), std::int64_t(80));
            QCOMPARE(splits.at("dev"), std::int64_t(10));
            QCOMPARE(splits.at("test"), std::int64_t(10));
        }
    }
}

void ImportRoundTripTest::splitSeedIsReproducible()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const auto input = pathIn(dir, QStringLiteral("strata.jsonl"));
    writeFile(input, stratifiedFile());
    auto project = store::Project::create(pathIn(dir, QStringLiteral("p.glossa")));

    data::ImportOptions seven;
    seven.splitSeed = 7;
    data::ImportOptions eight;
    eight.splitSeed = 8;
    data::importFile(project.db(), "seven", input, seven);
    data::importFile(project.db(), "seven-again", input, seven);
    data::importFile(project.db(), "eight", input, eight);

    // The same seed gives every row the same split, so a colleague can rebuild the experiment.
    const auto first = splitsById(project.db(), "seven");
    QCOMPARE(first.size(), size_t(937));
    QVERIFY(first == splitsById(project.db(), "seven-again"));

    // Another seed deals differently (but still stratified).
    const auto other = splitsById(project.db(), "eight");
    int differences = 0;
    for (const auto &[id, split] : first)
        differences += other.at(id) != split;
    QVERIFY2(differences > 50, qPrintable(QString::number(differences)));

    // The seed is recorded with the import, so the split can be explained later.
    QCOMPARE(project.db().queryInt("SELECT count(*) FROM imports WHERE split_seed = 7 AND split_ratios = '80/10/10'"),
             std::int64_t(2));
}

void ImportRoundTripTest::guessesMissingLanguages()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const auto input = pathIn(dir, QStringLiteral("languages.csv"));
    writeFile(input, "id,text,lang\n"
                     "de,Ich habe meine Bestellung vor zwei Wochen aufgegeben und sie ist immer noch nicht da.,\n"
                     "ja,先週注文した商品がまだ届いていません。確認していただけますか？,\n"
                     "ar,لقد طلبت المنتج الأسبوع الماضي ولم يصل بعد، هل يمكنكم التحقق من ذلك؟,\n"
                     "ru,\"Я заказал товар на прошлой неделе, но он до сих пор не пришёл. Проверьте, пожалуйста.\",\n"
                     "hi,मैंने पिछले हफ्ते सामान मंगवाया था लेकिन वह अभी तक नहीं आया है। कृपया जांच करें।,\n"
                     "zh,我的包裹在哪里？,\n"
                     "given,This one says what it is.,en\n");
    auto project = store::Project::create(pathIn(dir, QStringLiteral("p.glossa")));
    const auto summary = data::importFile(project.db(), "langs", input);
    QCOMPARE(summary.guessedLanguages, std::int64_t(6));

    store::DatasetStore store(project.db());
    const auto datasetId = store.dataset("langs").id;
    for (const char *lang : {"de", "ja", "ar", "ru", "hi", "zh"}) {
        const auto example = store.exampleByExternalId(datasetId, lang);
        QVERIFY(example);
        QCOMPARE(qs(example->lang), QString::fromUtf8(lang));
        // Marked as guessed, so the UI can show it and a user can correct it.
        QVERIFY2(example->langGuessed, lang);
    }
    const auto given = store.exampleByExternalId(datasetId, "given");
    QCOMPARE(qs(given->lang), QStringLiteral("en"));
    QVERIFY(!given->langGuessed);
}

void ImportRoundTripTest::journalsImportedLabels()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto project = store::Project::create(pathIn(dir, QStringLiteral("p.glossa")));
    const auto first = pathIn(dir, QStringLiteral("first.csv"));
    writeFile(first, "id,text,label,lang\n"
                     "a,Where is my order?,track_order,en\n"
                     "b,I want my money back,refund,en\n"
                     "c,Hello there,,en\n"
                     "d,Cancel it please,cancel,en\n");
    const auto second = pathIn(dir, QStringLiteral("second.jsonl"));
    writeFile(second, R"({"id": "e", "text": "Rückerstattung bitte", "label": "refund", "lang": "de"}
{"id": "f", "text": "Hallo", "lang": "de"}
)");
    data::importFile(project.db(), "journal", first);
    data::importFile(project.db(), "journal", second);

    store::DatasetStore store(project.db());
    store::LabelJournal journal(project.db());
    const auto datasetId = store.dataset("journal").id;
    const std::map<std::string, std::pair<std::string, std::string>> labelled = {
        {"a", {"track_order", "first.csv"}},
        {"b", {"refund", "first.csv"}},
        {"d", {"cancel", "first.csv"}},
        {"e", {"refund", "second.jsonl"}},
    };
    for (const auto &[id, expected] : labelled) {
        const auto history = journal.history(store.exampleByExternalId(datasetId, id)->id);
        QCOMPARE(history.size(), size_t(1));
        QVERIFY(history[0].source == store::EditSource::Import);
        QVERIFY(!history[0].oldLabel);
        QCOMPARE(qs(history[0].newLabel.value_or("")), qs(expected.first));
        QVERIFY2(history[0].description.find(expected.second) != std::string::npos, history[0].description.c_str());
    }
    for (const char *id : {"c", "f"})
        QVERIFY(journal.history(store.exampleByExternalId(datasetId, id)->id).empty());
    QCOMPARE(project.db().queryInt("SELECT count(*) FROM label_journal"), std::int64_t(4));

    // Imported labels are not edits: there is nothing to undo right after an import.
    QVERIFY(!journal.canUndo(datasetId));
}

void ImportRoundTripTest::importsTheDemoData()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto project = store::Project::create(pathIn(dir, QStringLiteral("demo.glossa")));
    data::importDemoData(project.db(), GLOSSA_DEMO_DIR);

    store::DatasetStore store(project.db());
    const auto demo = store.dataset(data::demoDatasetName);
    QVERIFY2(demo.exampleCount >= 2000, qPrintable(QString::number(demo.exampleCount)));
    QVERIFY2(demo.labelCount >= 8, qPrintable(QString::number(demo.labelCount)));
    QCOMPARE(demo.languageCount, std::int64_t(9));
    QCOMPARE(demo.labelledCount, demo.exampleCount);

    // Groups hold one request in every language: the cross-lingual evaluation depends on it.
    const auto groupsInAllLanguages = countWhere(project.db(), R"sql(
SELECT count(*) FROM (SELECT group_id FROM examples WHERE dataset_id = ?1 AND group_id IS NOT NULL
                      GROUP BY group_id HAVING count(DISTINCT lang) = 9))sql",
                                                 demo.id);
    QVERIFY2(groupsInAllLanguages >= 100, qPrintable(QString::number(groupsInAllLanguages)));

    // The demo declares its languages; none is guessed, and every split is present.
    QCOMPARE(
        countWhere(project.db(), "SELECT count(*) FROM examples WHERE dataset_id = ?1 AND lang_guessed = 1", demo.id),
        std::int64_t(0));
    QCOMPARE(countWhere(project.db(), "SELECT count(DISTINCT split) FROM examples WHERE dataset_id = ?1", demo.id),
             std::int64_t(3));

    // Importing the demo again does nothing (the CLI's init --demo relies on it).
    data::importDemoData(project.db(), GLOSSA_DEMO_DIR);
    QCOMPARE(store.dataset(data::demoDatasetName).exampleCount, demo.exampleCount);
}

QTEST_GUILESS_MAIN(ImportRoundTripTest)
#include "tst_importroundtrip.moc"
