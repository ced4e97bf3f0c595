// The dataset browser's storage side: what the analyst sees when filtering, searching and
// sorting a dataset of up to a million examples, and the label management behind it (rename,
// merge with one-step undo, add).

#include "testsupport.h"

#include "data/importer.h"
#include "data/snapshot.h"
#include "store/database.h"
#include "store/datasetstore.h"
#include "store/examplebrowser.h"
#include "store/examplegroups.h"
#include "store/typedexample.h"
#include "store/labeljournal.h"
#include "store/project.h"
#include "store/reviewstore.h"
#include "store/runstore.h"
#include "store/schema.h"
#include "store/searchindex.h"
#include "util/error.h"

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <filesystem>
#include <map>
#include <numeric>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

using namespace glossa::core;
using namespace glossa::test;
namespace fs = std::filesystem;
using store::ExampleColumn;
using store::ExampleFilter;
using store::ExampleSort;

namespace {

// Five scripts; labels are created in the order refund, track_order, cancel (so sorting by name
// differs from sorting by position). e10, e11, e13 and e14 are unlabelled; e14 is 350
// two-byte characters long. (\u0022 is a quote: moc misreads \" inside a raw string.)
QByteArray sampleJsonl()
{
    QByteArray lines =
        R"({"id": "e01", "text": "I want a refund for my order", "label": "refund", "lang": "en", "split": "train", "group": "g1"}
{"id": "e02", "text": "Where is my parcel? Tracking says nothing", "label": "track_order", "lang": "en", "split": "dev"}
{"id": "e03", "text": "Please cancel the subscription", "label": "cancel", "lang": "en", "split": "test", "group": "g2"}
{"id": "e04", "text": "我要退款", "label": "refund", "lang": "zh", "split": "train", "group": "g1"}
{"id": "e05", "text": "退款申请已经提交了", "label": "refund", "lang": "zh", "split": "dev"}
{"id": "e06", "text": "我的包裹在哪里", "label": "track_order", "lang": "zh", "split": "train", "group": "g2"}
{"id": "e07", "text": "Хочу вернуть деньги за ЗАКАЗ", "label": "refund", "lang": "ru", "split": "train"}
{"id": "e08", "text": "Где мой заказ?", "label": "track_order", "lang": "ru", "split": "test"}
{"id": "e09", "text": "أريد إلغاء الطلب", "label": "cancel", "lang": "ar", "split": "train"}
{"id": "e10", "text": "أين طلبي", "lang": "ar", "split": "dev"}
{"id": "e11", "text": "मेरा ऑर्डर कहाँ है", "lang": "hi", "split": "train"}
{"id": "e12", "text": "मुझे रिफंड चाहिए", "label": "refund", "lang": "hi", "split": "test"}
{"id": "e13", "text": "He said \u0022refund me\u0022 twice, 100% sure", "lang": "en", "split": "train"}
)";
    QByteArray longText;
    for (int i = 0; i < 350; ++i)
        longText += "é";
    lines += R"({"id": "e14", "text": ")" + longText + R"(", "lang": "en", "split": "dev"})" + '\n';
    return lines;
}

const QString allIds = QStringLiteral("e01 e02 e03 e04 e05 e06 e07 e08 e09 e10 e11 e12 e13 e14");

struct Fixture
{
    std::unique_ptr<QTemporaryDir> dir = std::make_unique<QTemporaryDir>();
    fs::path file = pathIn(*dir, QStringLiteral("browse.glossa"));
    std::optional<store::Project> project;
    std::int64_t datasetId = 0;
    std::map<std::int64_t, std::string> externalIds;

    void create()
    {
        project.emplace(store::Project::create(file));
        const auto input = pathIn(*dir, QStringLiteral("browse.jsonl"));
        writeFile(input, sampleJsonl());
        data::importFile(db(), "browse", input);
        datasetId = store::DatasetStore(db()).dataset("browse").id;
        store::DatasetStore(db()).forEachExample(
            datasetId, [&](const store::Example &example) { externalIds[example.id] = example.externalId; });
    }
    store::Database &db() { return project->db(); }
    store::ExampleBrowser browser() { return store::ExampleBrowser(db()); }
    std::int64_t label(std::string_view name) { return *store::DatasetStore(db()).findLabel(datasetId, name); }
    std::int64_t example(std::string_view externalId)
    {
        return store::DatasetStore(db()).exampleByExternalId(datasetId, externalId)->id;
    }
    QString names(const std::vector<std::int64_t> &ids)
    {
        QStringList result;
        for (const auto id : ids)
            result << qs(externalIds.count(id) ? externalIds[id] : "?" + std::to_string(id));
        return result.join(QLatin1Char(' '));
    }
    QString find(const ExampleFilter &filter, ExampleSort sort = {})
    {
        return names(browser().matchingIds(datasetId, filter, sort));
    }
    QString search(const QString &text)
    {
        ExampleFilter filter;
        filter.search = text.toStdString();
        return find(filter);
    }
    // Indexes the first rows for search, or all of them.
    void indexRows(std::int64_t rows) { store::SearchIndex(db()).indexNextChunk(rows); }
    void indexAll()
    {
        store::SearchIndex index(db());
        while (index.indexNextChunk()) {
        }
    }
    // What find(filter) gives with nothing, half (e01-e07) and all of the texts indexed: the same.
    QString findAsIndexingGoesOn(const ExampleFilter &filter, ExampleSort sort = {})
    {
        const auto unindexed = find(filter, sort);
        indexRows(7);
        const auto half = find(filter, sort);
        indexAll();
        const auto indexed = find(filter, sort);
        if (half != unindexed || indexed != unindexed)
            return QStringLiteral("unindexed: %1; half: %2; indexed: %3").arg(unindexed, half, indexed);
        return indexed;
    }
    // "refund=5 track_order=3": what the label list shows.
    QString activeLabels()
    {
        QStringList cells;
        for (const auto &label : store::DatasetStore(db()).activeLabels(datasetId))
            cells << qs(label.name) + QLatin1Char('=') + QString::number(label.exampleCount);
        return cells.join(QLatin1Char(' '));
    }
    std::int64_t addRun()
    {
        store::RunStore runs(db(), project->artefactDir());
        const auto runId = runs.createRun(datasetId, "run", "{}", "snapshot");
        const auto refund = label("refund");
        const auto track = label("track_order");
        const auto cancel = label("cancel");
        runs.replacePredictions(runId, {{example("e01"), refund, 0.9},
                                        {example("e02"), refund, 0.4},
                                        {example("e03"), cancel, 0.8},
                                        {example("e04"), refund, 0.95},
                                        {example("e05"), track, 0.3},
                                        {example("e06"), track, 0.7},
                                        {example("e07"), refund, 0.6},
                                        {example("e08"), track, 0.85},
                                        {example("e09"), refund, 0.45},
                                        {example("e10"), cancel, 0.2},
                                        {example("e11"), track, 0.55},
                                        {example("e12"), refund, 0.99}});
        return runId;
    }
};

// The FTS5 index agrees with the texts it was built from (throws on a mismatch). Its content
// table is the view of the examples indexed so far, so this holds at any point of indexing.
void checkSearchIndex(store::Database &db)
{
    db.exec("INSERT INTO examples_fts (examples_fts) VALUES ('integrity-check')");
    db.exec("INSERT INTO examples_fts (examples_fts, rank) VALUES ('integrity-check', 1)");
}

} // namespace

class TestExampleBrowser : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void filters_data();
    void filters();
    void searchFindsWordsInEveryScript_data();
    void searchFindsWordsInEveryScript();
    void searchTakesAnyCharacterLiterally_data();
    void searchTakesAnyCharacterLiterally();
    void sortsByEveryColumn_data();
    void sortsByEveryColumn();
    void sortsLongTextsThatBeginAlike_data();
    void sortsLongTextsThatBeginAlike();
    void rowsArePreviewsInTheOrderAsked();
    void editedOnlyShowsTheAnalystsEdits();
    void predictionsJoinAndFilter();
    void stopRequestEndsEarly();
    void reviewQueuesRankAndRememberDismissals();
    void typedExamplesAndGroups();
    void renameLabel();
    void mergeLabelsIsOneUndoStep();
    void addLabel();
    void deletingADatasetKeepsTheIndexSound();
    void migratingSchema4LeavesTheTextsToTheIndexer();
    void snapshotLeavesMergedLabelsOut();
    void hundredThousandRows();
};

void TestExampleBrowser::filters_data()
{
    QTest::addColumn<QString>("search");
    QTest::addColumn<QString>("lang");
    QTest::addColumn<QString>("label");
    QTest::addColumn<QString>("split");
    QTest::addColumn<bool>("unlabelledOnly");
    QTest::addColumn<QString>("expected");

    QTest::newRow("none") << ""
                          << ""
                          << ""
                          << "" << false << allIds;
    QTest::newRow("lang zh") << ""
                             << "zh"
                             << ""
                             << "" << false << "e04 e05 e06";
    QTest::newRow("lang en") << ""
                             << "en"
                             << ""
                             << "" << false << "e01 e02 e03 e13 e14";
    QTest::newRow("lang unknown") << ""
                                  << "de"
                                  << ""
                                  << "" << false << "";
    QTest::newRow("label refund") << ""
                                  << ""
                                  << "refund"
                                  << "" << false << "e01 e04 e05 e07 e12";
    QTest::newRow("label cancel") << ""
                                  << ""
                                  << "cancel"
                                  << "" << false << "e03 e09";
    QTest::newRow("split test") << ""
                                << ""
                                << ""
                                << "test" << false << "e03 e08 e12";
    QTest::newRow("unlabelled") << ""
                                << ""
                                << ""
                                << "" << true << "e10 e11 e13 e14";
    QTest::newRow("en and unlabelled") << ""
                                       << "en"
                                       << ""
                                       << "" << true << "e13 e14";
    QTest::newRow("refund in train") << ""
                                     << ""
                                     << "refund"
                                     << "train" << false << "e01 e04 e07";
    QTest::newRow("refund in zh dev") << ""
                                      << "zh"
                                      << "refund"
                                      << "dev" << false << "e05";
    QTest::newRow("search and lang") << "refund"
                                     << "en"
                                     << ""
                                     << "" << false << "e01 e13";
    QTest::newRow("search and label") << "refund"
                                      << ""
                                      << "refund"
                                      << "" << false << "e01";
    QTest::newRow("short search and split") << "退款"
                                            << ""
                                            << ""
                                            << "train" << false << "e04";
    QTest::newRow("search and unlabelled") << "طلب"
                                           << ""
                                           << ""
                                           << "" << true << "e10";
    QTest::newRow("nothing passes both") << ""
                                         << "ru"
                                         << "cancel"
                                         << "" << false << "";
}

void TestExampleBrowser::filters()
{
    QFETCH(QString, search);
    QFETCH(QString, lang);
    QFETCH(QString, label);
    QFETCH(QString, split);
    QFETCH(bool, unlabelledOnly);
    QFETCH(QString, expected);
    Fixture f;
    f.create();
    ExampleFilter filter;
    filter.search = search.toStdString();
    if (!lang.isEmpty())
        filter.lang = lang.toStdString();
    if (!label.isEmpty())
        filter.labelId = f.label(label.toStdString());
    if (!split.isEmpty())
        filter.split = split.toStdString();
    filter.unlabelledOnly = unlabelledOnly;
    QCOMPARE(f.findAsIndexingGoesOn(filter), expected);
}

void TestExampleBrowser::searchFindsWordsInEveryScript_data()
{
    QTest::addColumn<QString>("search");
    QTest::addColumn<QString>("expected");

    // Two characters: no trigram, found in the texts themselves.
    QTest::newRow("zh 2 chars") << QStringLiteral("退款") << "e04 e05";
    QTest::newRow("zh 4 chars") << QStringLiteral("退款申请") << "e05";
    QTest::newRow("zh inside a word") << QStringLiteral("款申") << "e05";
    QTest::newRow("zh 3 chars") << QStringLiteral("在哪里") << "e06";
    // Case-insensitive beyond ASCII: ЗАКАЗ and заказ are the same word.
    QTest::newRow("ru lower") << QStringLiteral("заказ") << "e07 e08";
    QTest::newRow("ru upper") << QStringLiteral("ЗАКАЗ") << "e07 e08";
    QTest::newRow("ru mixed") << QStringLiteral("Заказ") << "e07 e08";
    QTest::newRow("ar") << QStringLiteral("الطلب") << "e09";
    QTest::newRow("ar inside a word") << QStringLiteral("طلب") << "e09 e10";
    QTest::newRow("hi") << QStringLiteral("रिफंड") << "e12";
    QTest::newRow("en any case") << QStringLiteral("TRACKING") << "e02";
    QTest::newRow("en part of a word") << QStringLiteral("scrip") << "e03";
    QTest::newRow("en short, any case") << QStringLiteral("HE") << "e02 e03 e13";
    // Words are ANDed within one example, never across examples.
    QTest::newRow("two words, one row") << QStringLiteral("refund order") << "e01";
    QTest::newRow("words of two rows") << QStringLiteral("退款 包裹") << "";
    QTest::newRow("words of two rows, long") << QStringLiteral("refund parcel") << "";
    QTest::newRow("short and long") << QStringLiteral("退款 申请已经") << "e05";
    QTest::newRow("ideographic space") << QStringLiteral("退款\u3000提交") << "e05";
    QTest::newRow("extra spaces") << QStringLiteral("  refund   order ") << "e01";
    QTest::newRow("only spaces") << QStringLiteral("   ") << allIds;
    QTest::newRow("not there") << QStringLiteral("Rückerstattung") << "";
}

void TestExampleBrowser::searchFindsWordsInEveryScript()
{
    QFETCH(QString, search);
    QFETCH(QString, expected);
    Fixture f;
    f.create();
    ExampleFilter filter;
    filter.search = search.toStdString();
    QCOMPARE(f.findAsIndexingGoesOn(filter), expected);
    // Newest first: the rows above the index's mark come first.
    Fixture g;
    g.create();
    QStringList reversed = expected.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    std::reverse(reversed.begin(), reversed.end());
    QCOMPARE(g.findAsIndexingGoesOn(filter, {ExampleColumn::Id, true}), reversed.join(QLatin1Char(' ')));
}

void TestExampleBrowser::searchTakesAnyCharacterLiterally_data()
{
    QTest::addColumn<QString>("search");
    QTest::addColumn<QString>("expected");

    QTest::newRow("quote") << QStringLiteral("\"") << "e13";
    QTest::newRow("quoted word") << QStringLiteral("\"refund") << "e13";
    QTest::newRow("quote inside") << QStringLiteral("re\"fund") << "";
    QTest::newRow("quoted words") << QStringLiteral("\"refund me\"") << "e13";
    QTest::newRow("two quotes") << QStringLiteral("\"\"") << "";
    QTest::newRow("percent") << QStringLiteral("%") << "e13";
    QTest::newRow("percent in a word") << QStringLiteral("100%") << "e13";
    QTest::newRow("underscore") << QStringLiteral("_") << "";
    QTest::newRow("backslash") << QStringLiteral("\\") << "";
    QTest::newRow("fts syntax") << QStringLiteral("refund*") << "";
    QTest::newRow("fts operators") << QStringLiteral("NEAR(refund order)") << "";
    QTest::newRow("fts column filter") << QStringLiteral("text:refund") << "";
    QTest::newRow("sql") << QStringLiteral("'; DROP TABLE examples; --") << "";
}

void TestExampleBrowser::searchTakesAnyCharacterLiterally()
{
    QFETCH(QString, search);
    QFETCH(QString, expected);
    Fixture f;
    f.create();
    ExampleFilter filter;
    filter.search = search.toStdString();
    QCOMPARE(f.findAsIndexingGoesOn(filter), expected);
    QCOMPARE(f.search(QString()), allIds);
}

void TestExampleBrowser::sortsByEveryColumn_data()
{
    QTest::addColumn<int>("column");
    QTest::addColumn<bool>("descending");
    QTest::addColumn<QString>("expected");

    const auto id = static_cast<int>(ExampleColumn::Id);
    QTest::newRow("id") << id << false << allIds;
    QTest::newRow("id desc") << id << true << "e14 e13 e12 e11 e10 e09 e08 e07 e06 e05 e04 e03 e02 e01";
    QTest::newRow("lang") << static_cast<int>(ExampleColumn::Lang) << false
                          << "e09 e10 e01 e02 e03 e13 e14 e11 e12 e07 e08 e04 e05 e06";
    QTest::newRow("lang desc") << static_cast<int>(ExampleColumn::Lang) << true
                               << "e04 e05 e06 e07 e08 e11 e12 e01 e02 e03 e13 e14 e09 e10";
    // Code point order: Latin, then é, Cyrillic, Arabic, Devanagari, Han.
    QTest::newRow("text") << static_cast<int>(ExampleColumn::Text) << false
                          << "e13 e01 e03 e02 e14 e08 e07 e09 e10 e12 e11 e06 e04 e05";
    QTest::newRow("text desc") << static_cast<int>(ExampleColumn::Text) << true
                               << "e05 e04 e06 e11 e12 e10 e09 e07 e08 e14 e02 e03 e01 e13";
    // By name (cancel, refund, track_order), not by position; unlabelled last both ways.
    QTest::newRow("label") << static_cast<int>(ExampleColumn::Label) << false
                           << "e03 e09 e01 e04 e05 e07 e12 e02 e06 e08 e10 e11 e13 e14";
    QTest::newRow("label desc") << static_cast<int>(ExampleColumn::Label) << true
                                << "e02 e06 e08 e01 e04 e05 e07 e12 e03 e09 e10 e11 e13 e14";
    // train, dev, test: the order of the workflow, not of the alphabet.
    QTest::newRow("split") << static_cast<int>(ExampleColumn::Split) << false
                           << "e01 e04 e06 e07 e09 e11 e13 e02 e05 e10 e14 e03 e08 e12";
    QTest::newRow("split desc") << static_cast<int>(ExampleColumn::Split) << true
                                << "e03 e08 e12 e02 e05 e10 e14 e01 e04 e06 e07 e09 e11 e13";
    QTest::newRow("group") << static_cast<int>(ExampleColumn::Group) << false
                           << "e01 e04 e03 e06 e02 e05 e07 e08 e09 e10 e11 e12 e13 e14";
    QTest::newRow("group desc") << static_cast<int>(ExampleColumn::Group) << true
                                << "e03 e06 e01 e04 e02 e05 e07 e08 e09 e10 e11 e12 e13 e14";
    // Without a run there is nothing to sort by: id order.
    QTest::newRow("predicted, no run") << static_cast<int>(ExampleColumn::Predicted) << false << allIds;
    QTest::newRow("confidence, no run") << static_cast<int>(ExampleColumn::Confidence) << true << allIds;
}

void TestExampleBrowser::sortsByEveryColumn()
{
    QFETCH(int, column);
    QFETCH(bool, descending);
    QFETCH(QString, expected);
    Fixture f;
    f.create();
    QCOMPARE(f.find({}, {static_cast<ExampleColumn>(column), descending}), expected);
    // Filters and sorting combine.
    ExampleFilter english;
    english.lang = "en";
    QStringList englishOnly;
    for (const auto &name : expected.split(QLatin1Char(' ')))
        if (QStringList{QStringLiteral("e01"), QStringLiteral("e02"), QStringLiteral("e03"), QStringLiteral("e13"),
                        QStringLiteral("e14")}
                .contains(name))
            englishOnly << name;
    QCOMPARE(f.find(english, {static_cast<ExampleColumn>(column), descending}), englishOnly.join(QLatin1Char(' ')));
}

void TestExampleBrowser::sortsLongTextsThatBeginAlike_data()
{
    QTest::addColumn<bool>("descending");
    QTest::addColumn<QString>("expected");
    QTest::newRow("ascending") << false << "l5 l7 l3 l2 l4 l6 l1";
    QTest::newRow("descending") << true << "l1 l6 l2 l4 l3 l7 l5";
}

void TestExampleBrowser::sortsLongTextsThatBeginAlike()
{
    QFETCH(bool, descending);
    QFETCH(QString, expected);
    // Texts that agree on their first 90 bytes (more than the sort reads at first), differ
    // only after them, or not at all (l2 and l4).
    const QString common = QString(30, QChar(0x9000));                                             // 退
    const QString nearly = QString(21, QChar(0x9000)) + QChar(0x6B3E) + QString(8, QChar(0x9000)); // 款 at 22
    const QStringList texts = {common + QStringLiteral("c"),
                               common + QStringLiteral("a"),
                               common,
                               common + QStringLiteral("a"),
                               QStringLiteral("Z"),
                               common + QStringLiteral("b") + QString(300, QLatin1Char('q')),
                               nearly};
    QByteArray jsonl;
    for (int i = 0; i < texts.size(); ++i)
        jsonl +=
            QStringLiteral(R"({"id": "l%1", "text": "%2", "lang": "zh"})").arg(i + 1).arg(texts[i]).toUtf8() + '\n';
    Fixture f;
    f.project.emplace(store::Project::create(f.file));
    const auto input = pathIn(*f.dir, QStringLiteral("long.jsonl"));
    writeFile(input, jsonl);
    f.datasetId = data::importFile(f.db(), "long", input).datasetId;
    store::DatasetStore(f.db()).forEachExample(
        f.datasetId, [&](const store::Example &example) { f.externalIds[example.id] = example.externalId; });
    QCOMPARE(f.find({}, {ExampleColumn::Text, descending}), expected);
}

void TestExampleBrowser::rowsArePreviewsInTheOrderAsked()
{
    Fixture f;
    f.create();
    auto browser = f.browser();
    const auto rows = browser.rows({f.example("e14"), f.example("e05"), 987654321, f.example("e01")}, std::nullopt);
    QCOMPARE(rows.size(), size_t(3)); // the id that is not there is skipped
    QCOMPARE(f.names({rows[0].id, rows[1].id, rows[2].id}), QStringLiteral("e14 e05 e01"));

    // 350 two-byte characters: the preview is the first 300 whole characters.
    const auto &longRow = rows[0];
    QVERIFY(longRow.textTruncated);
    QCOMPARE(qs(longRow.text).size(), qsizetype(store::ExampleBrowser::previewChars));
    QCOMPARE(longRow.text.size(), size_t(600));
    QCOMPARE(qs(store::DatasetStore(f.db()).example(longRow.id)->text).size(), qsizetype(350));

    const auto &zh = rows[1];
    QVERIFY(!zh.textTruncated);
    QCOMPARE(qs(zh.text), QStringLiteral("退款申请已经提交了"));
    QCOMPARE(qs(zh.externalId), QStringLiteral("e05"));
    QCOMPARE(qs(zh.lang), QStringLiteral("zh"));
    QVERIFY(!zh.langGuessed);
    QCOMPARE(zh.labelId, std::optional<std::int64_t>(f.label("refund")));
    QCOMPARE(qs(zh.label.value_or("")), QStringLiteral("refund"));
    QCOMPARE(qs(zh.split), QStringLiteral("dev"));
    QVERIFY(!zh.group);
    QVERIFY(!zh.edited);
    QVERIFY(!zh.predictedLabelId && !zh.predictedLabel && !zh.confidence);
    QCOMPARE(qs(rows[2].group.value_or("")), QStringLiteral("g1"));
    QVERIFY(!longRow.label && !longRow.labelId);

    // A page bigger than one statement's worth of ids keeps its order too.
    auto ids = browser.matchingIds(f.datasetId, {}, {ExampleColumn::Text, true});
    std::vector<std::int64_t> many;
    for (int i = 0; i < 50; ++i)
        many.insert(many.end(), ids.begin(), ids.end());
    const auto manyRows = browser.rows(many, std::nullopt);
    QCOMPARE(manyRows.size(), many.size());
    for (size_t i = 0; i < many.size(); ++i)
        QCOMPARE(manyRows[i].id, many[i]);
    QVERIFY(browser.rows({}, std::nullopt).empty());
}

void TestExampleBrowser::editedOnlyShowsTheAnalystsEdits()
{
    Fixture f;
    f.create();
    ExampleFilter edited;
    edited.editedOnly = true;
    // Imported labels are journalled, but they are not edits.
    QCOMPARE(f.find(edited), QString());

    store::LabelJournal journal(f.db());
    journal.setLabel(f.datasetId, {f.example("e10")}, f.label("refund"), store::EditSource::User, "label e10");
    // e03 is a cancel already: the bulk edit skips it, so it is not edited.
    journal.setLabel(f.datasetId, {f.example("e02"), f.example("e03"), f.example("e11")}, f.label("cancel"),
                     store::EditSource::Bulk, "bulk");
    QCOMPARE(f.find(edited), QStringLiteral("e02 e10 e11"));
    ExampleFilter editedRefunds = edited;
    editedRefunds.labelId = f.label("refund");
    QCOMPARE(f.find(editedRefunds), QStringLiteral("e10"));

    auto browser = f.browser();
    const auto rows = browser.rows({f.example("e10"), f.example("e01")}, std::nullopt);
    QVERIFY(rows[0].edited);
    QCOMPARE(qs(rows[0].label.value_or("")), QStringLiteral("refund"));
    QVERIFY(!rows[1].edited);
}

void TestExampleBrowser::predictionsJoinAndFilter()
{
    Fixture f;
    f.create();
    const auto runId = f.addRun();
    store::RunStore runs(f.db(), f.project->artefactDir());
    QVERIFY(runs.hasPredictions(runId));

    auto browser = f.browser();
    const auto rows = browser.rows({f.example("e05"), f.example("e13")}, runId);
    QCOMPARE(qs(rows[0].predictedLabel.value_or("")), QStringLiteral("track_order"));
    QCOMPARE(rows[0].predictedLabelId, std::optional<std::int64_t>(f.label("track_order")));
    QCOMPARE(rows[0].confidence, std::optional<double>(0.3));
    QVERIFY(!rows[1].predictedLabel && !rows[1].confidence); // not in the run's snapshot
    // Without the run, no prediction.
    QVERIFY(!browser.rows({f.example("e05")}, std::nullopt)[0].predictedLabel);

    ExampleFilter filter;
    filter.runId = runId;
    QCOMPARE(f.find(filter), allIds); // joining predictions drops nothing
    filter.disagreementsOnly = true;
    QCOMPARE(f.find(filter), QStringLiteral("e02 e05 e09"));
    filter.disagreementsOnly = false;
    filter.maxConfidence = 0.5;
    QCOMPARE(f.find(filter), QStringLiteral("e02 e05 e09 e10"));
    filter.disagreementsOnly = true;
    filter.maxConfidence = 0.35;
    QCOMPARE(f.find(filter), QStringLiteral("e05"));
    filter.disagreementsOnly = false;
    filter.maxConfidence.reset();
    filter.lang = "zh";
    QCOMPARE(f.find(filter, {ExampleColumn::Confidence, true}), QStringLiteral("e04 e06 e05"));
    filter.lang.reset();

    QCOMPARE(f.find(filter, {ExampleColumn::Confidence, false}),
             QStringLiteral("e10 e05 e02 e09 e11 e07 e06 e03 e08 e01 e04 e12 e13 e14"));
    QCOMPARE(f.find(filter, {ExampleColumn::Confidence, true}),
             QStringLiteral("e12 e04 e01 e08 e03 e06 e07 e11 e09 e02 e05 e10 e13 e14"));
    QCOMPARE(f.find(filter, {ExampleColumn::Predicted, false}),
             QStringLiteral("e03 e10 e01 e02 e04 e07 e09 e12 e05 e06 e08 e11 e13 e14"));
    QCOMPARE(f.find(filter, {ExampleColumn::Predicted, true}),
             QStringLiteral("e05 e06 e08 e11 e01 e02 e04 e07 e09 e12 e03 e10 e13 e14"));

    // A confusion-matrix cell: gold label X and predicted label Y, exactly the examples whose
    // rows say so (and every cell together is every labelled, predicted example).
    {
        ExampleFilter everything;
        everything.runId = runId;
        const auto ids = browser.matchingIds(f.datasetId, everything, {});
        const auto all = browser.rows(ids, runId);
        std::size_t covered = 0;
        for (const char *gold : {"track_order", "cancel", "refund"})
            for (const char *predicted : {"track_order", "cancel", "refund"}) {
                ExampleFilter cell;
                cell.runId = runId;
                cell.labelId = f.label(gold);
                cell.predictedLabelId = f.label(predicted);
                std::vector<std::int64_t> expected;
                for (const auto &row : all)
                    if (row.labelId == cell.labelId && row.predictedLabelId == cell.predictedLabelId)
                        expected.push_back(row.id);
                const auto found = browser.matchingIds(f.datasetId, cell, {});
                QCOMPARE(found, expected);
                covered += found.size();
            }
        QVERIFY(covered > 0);
        ExampleFilter predictedOnly;
        predictedOnly.runId = runId;
        predictedOnly.predictedLabelId = f.label("track_order");
        QVERIFY(f.find(predictedOnly).contains(QStringLiteral("e05")));
    }

    // The filters that compare with a run say so when there is none.
    ExampleFilter noRun;
    noRun.disagreementsOnly = true;
    const auto error = errorFrom([&] { f.browser().matchingIds(f.datasetId, noRun, {}); });
    QVERIFY2(error && error->contains(QStringLiteral("run")), qPrintable(error.value_or(QString())));

    // Replacing predictions replaces them all.
    runs.replacePredictions(runId, {{f.example("e01"), f.label("cancel"), 0.1}});
    filter.disagreementsOnly = true;
    QCOMPARE(f.find(filter), QStringLiteral("e01"));
    runs.replacePredictions(runId, {});
    QVERIFY(!runs.hasPredictions(runId));
    QCOMPARE(f.find(filter), QString());
}

// The Review tab's two queues as the browser lists them: likely label errors by score, minus
// the dismissed ones (which stay dismissed when the search runs again), and unlabelled
// examples by margin, the least sure first.
void TestExampleBrowser::reviewQueuesRankAndRememberDismissals()
{
    Fixture f;
    f.create();
    store::RunStore runs(f.db(), f.project->artefactDir());
    const auto runId = runs.createRun(f.datasetId, "run", "{}", "snapshot");
    const auto refund = f.label("refund");
    const auto track = f.label("track_order");
    const auto cancel = f.label("cancel");
    runs.replacePredictions(runId, {{f.example("e01"), refund, 0.9, 0.8},
                                    {f.example("e10"), cancel, 0.4, 0.05},
                                    {f.example("e11"), track, 0.6, 0.3},
                                    {f.example("e13"), refund, 0.5, 0.2}});
    ExampleFilter uncertain;
    uncertain.runId = runId;
    uncertain.review = store::ReviewQueue::MostUncertain;
    QCOMPARE(f.find(uncertain, {ExampleColumn::Rank}), QStringLiteral("e10 e13 e11"));
    QCOMPARE(f.find(uncertain), QStringLiteral("e10 e11 e13")); // another sort still applies
    store::ReviewStore review(f.db());
    const auto top = review.mostUncertainUnlabelled(runId, 2);
    QCOMPARE(top.size(), size_t(2));
    QCOMPARE(top[0].exampleId, f.example("e10"));
    QCOMPARE(top[0].predictedLabel, std::string("cancel"));
    QCOMPARE(top[1].exampleId, f.example("e13"));

    auto candidates = [&] {
        return std::vector<store::LabelErrorCandidate>{
            {f.example("e01"), "refund", "cancel", 0.1, 0.8, 0.7, {}, {}},
            {f.example("e02"), "track_order", "refund", 0.05, 0.95, 0.9, {}, {}},
            {f.example("e05"), "refund", "track_order", 0.3, 0.8, 0.5, {}, {}}};
    };
    runs.replaceLabelErrors(runId, candidates());
    ExampleFilter errors;
    errors.runId = runId;
    errors.review = store::ReviewQueue::LikelyLabelErrors;
    QCOMPARE(f.find(errors, {ExampleColumn::Rank}), QStringLiteral("e02 e01 e05"));

    review.dismiss(f.example("e02"), "refund");
    QCOMPARE(f.find(errors, {ExampleColumn::Rank}), QStringLiteral("e01 e05"));
    runs.replaceLabelErrors(runId, candidates()); // searched again: still dismissed
    QCOMPARE(f.find(errors, {ExampleColumn::Rank}), QStringLiteral("e01 e05"));
    auto listed = review.likelyLabelErrors(runId);
    QCOMPARE(listed.size(), size_t(3)); // the review lists it, marked, to be restored
    QCOMPARE(listed[0].exampleId, f.example("e02"));
    QVERIFY(listed[0].dismissed);
    QVERIFY(!listed[1].dismissed);

    // Accepting is a journalled relabel: the queue sees the example carry the suggestion.
    store::LabelJournal(f.db()).setLabel(f.datasetId, {f.example("e01")}, cancel, store::EditSource::User, "accept");
    listed = review.likelyLabelErrors(runId);
    QVERIFY(listed[1].accepted());
    QCOMPARE(*listed[1].currentLabel, std::string("cancel"));
    store::LabelJournal(f.db()).undo(f.datasetId);
    QVERIFY(!review.likelyLabelErrors(runId)[1].accepted());

    review.restore(f.example("e02"), "refund");
    QCOMPARE(f.find(errors, {ExampleColumn::Rank}), QStringLiteral("e02 e01 e05"));
}

// A text typed in the Compare tab becomes a labelled example whose label is journalled; the
// groups list an item's translations.
void TestExampleBrowser::typedExamplesAndGroups()
{
    Fixture f;
    f.create();
    const auto before = store::DatasetStore(f.db()).exampleCount(f.datasetId);
    const auto id = store::addTypedExample(f.db(), f.datasetId, "Ich will mein Geld zurück", "de", f.label("refund"),
                                           "train", "Add typed example");
    QCOMPARE(store::DatasetStore(f.db()).exampleCount(f.datasetId), before + 1);
    const auto example = store::DatasetStore(f.db()).example(id);
    QVERIFY(example);
    QCOMPARE(example->label.value_or(""), std::string("refund"));
    QCOMPARE(example->lang, std::string("de"));
    QCOMPARE(example->externalId, "typed-" + std::to_string(id));
    store::LabelJournal journal(f.db());
    QCOMPARE(journal.undoDescription(f.datasetId).value_or(""), std::string("Add typed example"));
    journal.undo(f.datasetId);
    QVERIFY(!store::DatasetStore(f.db()).example(id)->labelId);
    ExampleFilter search;
    search.search = "Geld zurück";
    QCOMPARE(store::ExampleBrowser(f.db()).matchingIds(f.datasetId, search, {}), std::vector<std::int64_t>{id});
    QVERIFY(
        errorFrom([&] { store::addTypedExample(f.db(), f.datasetId, "  ", "de", f.label("refund"), "train", ""); }));

    store::ExampleGroups groups(f.db());
    const auto members = groups.members(f.datasetId, "g1");
    QCOMPARE(members.size(), size_t(2));
    QCOMPARE(members[0].lang, std::string("en"));
    QCOMPARE(members[1].text, std::string("我要退款"));
    QCOMPARE(groups.groupIds(f.datasetId, 10), (std::vector<std::string>{"g1", "g2"}));
    for (int i = 0; i < 5; ++i) {
        const auto group = groups.randomGroup(f.datasetId);
        QVERIFY(group == "g1" || group == "g2");
    }
    QVERIFY(groups.members(f.datasetId, "nope").empty());
}

void TestExampleBrowser::stopRequestEndsEarly()
{
    Fixture f;
    f.create();
    auto browser = f.browser();
    std::stop_source stop;
    stop.request_stop();
    ExampleFilter filter;
    filter.search = "refund";
    QVERIFY(browser.matchingIds(f.datasetId, {}, {ExampleColumn::Text}, stop.get_token()).empty());
    QVERIFY(browser.matchingIds(f.datasetId, filter, {}, stop.get_token()).empty());
    // The connection is left as it was: the next query runs to the end.
    std::stop_source fresh;
    QCOMPARE(f.names(browser.matchingIds(f.datasetId, {}, {}, fresh.get_token())), allIds);
    QCOMPARE(browser.languages(f.datasetId), (std::vector<std::string>{"ar", "en", "hi", "ru", "zh"}));
}

void TestExampleBrowser::renameLabel()
{
    Fixture f;
    f.create();
    store::DatasetStore store(f.db());
    const auto refund = f.label("refund");
    store.renameLabel(f.datasetId, refund, "  money_back ");
    QCOMPARE(f.activeLabels(), QStringLiteral("money_back=5 track_order=3 cancel=2"));
    QCOMPARE(qs(store.example(f.example("e01"))->label.value_or("")), QStringLiteral("money_back"));
    // Renaming to its own name changes nothing.
    store.renameLabel(f.datasetId, refund, "money_back");

    const auto taken = errorFrom([&] { store.renameLabel(f.datasetId, refund, "cancel"); });
    QCOMPARE(taken.value_or(QString()), QStringLiteral("a label named 'cancel' already exists in dataset 'browse'"));
    const auto empty = errorFrom([&] { store.renameLabel(f.datasetId, refund, " "); });
    QCOMPARE(empty.value_or(QString()), QStringLiteral("a label needs a name"));
    const auto tab = errorFrom([&] { store.renameLabel(f.datasetId, refund, "a\tb"); });
    QVERIFY(tab);
    const auto elsewhere = errorFrom([&] { store.renameLabel(f.datasetId + 1, refund, "other"); });
    QVERIFY(elsewhere);
    QCOMPARE(f.activeLabels(), QStringLiteral("money_back=5 track_order=3 cancel=2"));
}

void TestExampleBrowser::mergeLabelsIsOneUndoStep()
{
    Fixture f;
    f.create();
    store::DatasetStore store(f.db());
    store::LabelJournal journal(f.db());
    const auto cancel = f.label("cancel");
    const auto refund = f.label("refund");
    QCOMPARE(f.activeLabels(), QStringLiteral("refund=5 track_order=3 cancel=2"));

    const auto changes = store.mergeLabels(f.datasetId, cancel, refund);
    QCOMPARE(changes.size(), size_t(2));
    QCOMPARE(f.activeLabels(), QStringLiteral("refund=7 track_order=3"));
    ExampleFilter refunds;
    refunds.labelId = refund;
    QCOMPARE(f.find(refunds), QStringLiteral("e01 e03 e04 e05 e07 e09 e12"));
    // The label stays in the project (the journal and old runs name it), merged.
    const auto all = store.labels(f.datasetId);
    QCOMPARE(all.size(), size_t(3));
    QCOMPARE(all[2].mergedInto, std::optional<std::int64_t>(refund));
    QVERIFY(!all[0].mergedInto);
    QCOMPARE(qs(journal.undoDescription(f.datasetId).value_or("")),
             QStringLiteral("merge label 'cancel' into 'refund'"));

    // One undo brings the examples back, and with them the label.
    QCOMPARE(journal.undo(f.datasetId).size(), size_t(2));
    QCOMPARE(f.activeLabels(), QStringLiteral("refund=5 track_order=3 cancel=2"));
    ExampleFilter cancels;
    cancels.labelId = cancel;
    QCOMPARE(f.find(cancels), QStringLiteral("e03 e09"));
    QVERIFY(!journal.canUndo(f.datasetId));
    journal.redo(f.datasetId);
    QCOMPARE(f.activeLabels(), QStringLiteral("refund=7 track_order=3"));

    // A merge that cannot happen changes nothing.
    const auto itself = errorFrom([&] { store.mergeLabels(f.datasetId, refund, refund); });
    QVERIFY(itself && itself->contains(QStringLiteral("itself")));
    const auto other = store.createDataset("other");
    const auto foreign = store.ensureLabel(other, "foreign");
    const auto across = errorFrom([&] { store.mergeLabels(f.datasetId, f.label("track_order"), foreign); });
    QVERIFY(across);
    QCOMPARE(f.activeLabels(), QStringLiteral("refund=7 track_order=3"));
    QCOMPARE(qs(journal.undoDescription(f.datasetId).value_or("")),
             QStringLiteral("merge label 'cancel' into 'refund'"));
}

void TestExampleBrowser::addLabel()
{
    Fixture f;
    f.create();
    store::DatasetStore store(f.db());
    const auto complaint = store.addLabel(f.datasetId, "complaint");
    QCOMPARE(f.activeLabels(), QStringLiteral("refund=5 track_order=3 cancel=2 complaint=0"));
    QCOMPARE(store.labels(f.datasetId).back().id, complaint);
    const auto duplicate = errorFrom([&] { store.addLabel(f.datasetId, "refund"); });
    QCOMPARE(duplicate.value_or(QString()),
             QStringLiteral("a label named 'refund' already exists in dataset 'browse'"));
    QVERIFY(errorFrom([&] { store.addLabel(f.datasetId, ""); }));

    // A label merged away is gone from the set; adding it again brings it back, at the end.
    const auto cancel = f.label("cancel");
    store.mergeLabels(f.datasetId, cancel, f.label("refund"));
    QCOMPARE(f.activeLabels(), QStringLiteral("refund=7 track_order=3 complaint=0"));
    QCOMPARE(store.addLabel(f.datasetId, "cancel"), cancel);
    QCOMPARE(f.activeLabels(), QStringLiteral("refund=7 track_order=3 complaint=0 cancel=0"));
}

void TestExampleBrowser::deletingADatasetKeepsTheIndexSound()
{
    Fixture f;
    f.create();
    const auto runId = f.addRun();
    store::DatasetStore store(f.db());
    store.mergeLabels(f.datasetId, f.label("cancel"), f.label("refund"));
    // A second dataset with the same texts: its rows are found, the first one's are gone.
    const auto input = pathIn(*f.dir, QStringLiteral("second.jsonl"));
    writeFile(input, sampleJsonl());
    data::importFile(f.db(), "second", input);
    f.indexAll();
    store.deleteDataset(f.datasetId);
    checkSearchIndex(f.db());
    QCOMPARE(f.db().queryInt("SELECT count(*) FROM predictions"), std::int64_t(0));
    QVERIFY(!store::RunStore(f.db(), f.project->artefactDir()).hasPredictions(runId));
    const auto second = store.dataset("second").id;
    ExampleFilter filter;
    filter.search = "退款申请";
    auto browser = f.browser();
    const auto found = browser.matchingIds(second, filter, {});
    QCOMPARE(found.size(), size_t(1));
    QCOMPARE(qs(store.example(found[0])->externalId), QStringLiteral("e05"));
    QVERIFY(browser.matchingIds(f.datasetId, filter, {}).empty());
    // An edited text is found by its new words only.
    f.db().exec("UPDATE examples SET text = 'совсем другой текст' WHERE id = " + std::to_string(found[0]));
    QVERIFY(browser.matchingIds(second, filter, {}).empty());
    filter.search = "ДРУГОЙ";
    QCOMPARE(browser.matchingIds(second, filter, {}), found);
    checkSearchIndex(f.db());
}

void TestExampleBrowser::migratingSchema4LeavesTheTextsToTheIndexer()
{
    QTemporaryDir dir;
    const auto file = pathIn(dir, QStringLiteral("v4.glossa"));
    std::int64_t datasetId = 0;
    // The file as Glossa with schema 4 wrote it: no search index, no predictions, no merged labels.
    {
        store::Database db(file, store::Database::Mode::ReadWriteCreate);
        db.exec("PRAGMA journal_mode = WAL");
        db.exec("PRAGMA foreign_keys = ON");
        store::migrate(db, 4);
        QCOMPARE(db.queryInt("SELECT count(*) FROM sqlite_schema WHERE name = 'examples_fts'"), 0);
        store::DatasetStore datasets(db);
        datasetId = datasets.createDataset("legacy");
        const auto refund = datasets.ensureLabel(datasetId, "refund");
        auto insert = db.prepare(R"sql(
INSERT INTO examples (dataset_id, external_id, text, lang, split, label_id, created_at, updated_at)
VALUES (?1, ?2, ?3, ?4, 'train', ?5, 1, 1))sql");
        const std::vector<std::vector<std::string>> rows = {
            {"l1", "退款申请已经提交了", "zh"},
            {"l2", "Где мой ЗАКАЗ?", "ru"},
            {"l3", "Where is my order?", "en"},
        };
        for (const auto &row : rows)
            insert.bind(1, datasetId).bind(2, row[0]).bind(3, row[1]).bind(4, row[2]).bind(5, refund).run();
    }

    auto project = store::Project::open(file);
    QCOMPARE(project.schemaVersion(), store::currentSchemaVersion());
    checkSearchIndex(project.db());
    // The migration indexes nothing (a million rows would hold up the opening); search finds
    // the old texts by scan until the indexer has been through them.
    store::SearchIndex index(project.db());
    QCOMPARE(project.db().queryInt("SELECT count(*) FROM examples_fts_docsize"), 0);
    QCOMPARE(index.pendingRows(), 3);
    store::ExampleBrowser browser(project.db());
    store::DatasetStore datasets(project.db());
    auto find = [&](const char *text) {
        ExampleFilter filter;
        filter.search = text;
        QStringList names;
        for (const auto id : browser.matchingIds(datasetId, filter, {}))
            names << qs(datasets.example(id)->externalId);
        return names.join(QLatin1Char(' '));
    };
    QCOMPARE(find("退款申请"), QStringLiteral("l1"));
    QCOMPARE(find("заказ"), QStringLiteral("l2"));
    QCOMPARE(find("ORDER"), QStringLiteral("l3"));
    QCOMPARE(find("退款"), QStringLiteral("l1"));
    QVERIFY(!datasets.labels(datasetId).front().mergedInto);
    QVERIFY(!index.indexNextChunk());
    QCOMPARE(index.indexedRows(), 3);
    checkSearchIndex(project.db());
    QCOMPARE(find("退款申请"), QStringLiteral("l1"));
    QCOMPARE(find("заказ"), QStringLiteral("l2"));
    QCOMPARE(find("ORDER"), QStringLiteral("l3"));

    // Rows added after the upgrade are found too, before and after they are indexed.
    const auto input = pathIn(dir, QStringLiteral("more.jsonl"));
    writeFile(input, R"({"id": "n1", "text": "Посылка пришла повреждённой", "label": "refund", "lang": "ru"})"
                     "\n");
    data::importFile(project.db(), "legacy", input);
    project.db().exec("INSERT INTO examples (dataset_id, external_id, text, lang, split, created_at, updated_at) "
                      "VALUES ("
                      + std::to_string(datasetId) + ", 'n2', 'Посылка не пришла', 'ru', 'dev', 1, 1)");
    QCOMPARE(find("посылка"), QStringLiteral("n1 n2"));
    QCOMPARE(index.pendingRows(), 2);
    QVERIFY(!index.indexNextChunk());
    QCOMPARE(find("посылка"), QStringLiteral("n1 n2"));
    checkSearchIndex(project.db());
}

void TestExampleBrowser::snapshotLeavesMergedLabelsOut()
{
    Fixture f;
    f.create();
    store::DatasetStore store(f.db());
    store::LabelJournal journal(f.db());
    const auto all = [](const data::DatasetSnapshot &snapshot) {
        return qs(std::accumulate(
            snapshot.labels.begin(), snapshot.labels.end(), std::string(),
            [](std::string list, const std::string &label) { return list.empty() ? label : list + " " + label; }));
    };
    QCOMPARE(all(data::takeSnapshot(f.db(), "browse")), QStringLiteral("refund track_order cancel"));
    // A label merged away is no class of a model trained afterwards...
    store.mergeLabels(f.datasetId, f.label("cancel"), f.label("refund"));
    const auto merged = data::takeSnapshot(f.db(), "browse");
    QCOMPARE(all(merged), QStringLiteral("refund track_order"));
    QCOMPARE(std::count_if(merged.examples.begin(), merged.examples.end(),
                           [](const data::SnapshotExample &example) { return example.label == 0; }),
             std::ptrdiff_t(7));
    // ...but it is again once the merge is undone (its examples are back).
    journal.undo(f.datasetId);
    QCOMPARE(all(data::takeSnapshot(f.db(), "browse")), QStringLiteral("refund track_order cancel"));
}

void TestExampleBrowser::hundredThousandRows()
{
    QTemporaryDir dir;
    const auto file = pathIn(dir, QStringLiteral("big.glossa"));
    const auto input = pathIn(dir, QStringLiteral("big.jsonl"));
    constexpr int rowCount = 100000;
    {
        const char *langs[] = {"en", "zh", "ar", "ru", "hi"};
        const char *phrases[] = {"my order has not arrived and the tracking page says nothing",
                                 "我要退款，包裹已经坏了", "أريد استرداد المبلغ من فضلك",
                                 "Где мой заказ, прошла уже неделя", "मेरा ऑर्डर अभी तक नहीं पहुंचा"};
        const char *labels[] = {"refund", "track_order", "cancel", "complaint"};
        QByteArray content;
        content.reserve(rowCount * 120);
        for (int i = 0; i < rowCount; ++i) {
            content += R"({"id": "b)" + QByteArray::number(i) + R"(", "text": ")" + phrases[i % 5] + " #"
                       + QByteArray::number(i * 7919 % 100003) + R"(", "lang": ")" + langs[i % 5] + '"';
            if (i % 7 != 0)
                content += R"(, "label": ")" + QByteArray(labels[i % 4]) + '"';
            content += "}\n";
        }
        writeFile(input, content);
    }
    auto project = store::Project::create(file);
    QElapsedTimer timer;
    timer.start();
    data::importFile(project.db(), "big", input);
    qInfo("import of %d rows: %lld ms", rowCount, static_cast<long long>(timer.elapsed()));
    const auto datasetId = store::DatasetStore(project.db()).dataset("big").id;
    store::ExampleBrowser browser(project.db());

    auto timed = [&](const char *what, const ExampleFilter &filter, ExampleSort sort = {}) {
        QElapsedTimer clock;
        clock.start();
        const auto ids = browser.matchingIds(datasetId, filter, sort);
        qInfo("%-36s %7zu ids in %5lld ms", what, ids.size(), static_cast<long long>(clock.elapsed()));
        return ids;
    };
    const auto all = timed("no filter", {});
    QCOMPARE(all.size(), size_t(rowCount));
    QVERIFY(std::is_sorted(all.begin(), all.end()));

    // Searched by scan before the texts are indexed, through the index after: the same ids.
    ExampleFilter search;
    std::vector<std::pair<const char *, std::vector<std::int64_t>>> scanned;
    for (const char *text : {"заказ", "退款", "#12345", "ORDER has"}) {
        search.search = text;
        scanned.emplace_back(text, timed(("search '" + std::string(text) + "', by scan").c_str(), search));
    }
    store::SearchIndex index(project.db());
    QElapsedTimer indexing;
    indexing.start();
    qint64 longestChunk = 0;
    int chunks = 0;
    for (bool more = true; more; ++chunks) {
        QElapsedTimer chunk;
        chunk.start();
        more = index.indexNextChunk();
        longestChunk = std::max(longestChunk, chunk.elapsed());
    }
    qInfo("indexing %d rows: %lld ms in %d chunks, the longest %lld ms", rowCount,
          static_cast<long long>(indexing.elapsed()), chunks, static_cast<long long>(longestChunk));
    for (const auto &[text, ids] : scanned) {
        search.search = text;
        QCOMPARE(timed(("search '" + std::string(text) + "', indexed").c_str(), search), ids);
    }
    QCOMPARE(scanned[0].second.size(), size_t(rowCount / 5));
    QCOMPARE(scanned[1].second.size(), size_t(rowCount / 5));
    QVERIFY(scanned[2].second.size() <= 1);
    QCOMPARE(scanned[3].second.size(), size_t(rowCount / 5));

    ExampleFilter byLabel;
    byLabel.labelId = store::DatasetStore(project.db()).findLabel(datasetId, "refund");
    const auto refunds = timed("label filter", byLabel);
    QVERIFY(refunds.size() > rowCount / 5 && refunds.size() < rowCount / 3);

    const auto byText = timed("sorted by text", {}, {ExampleColumn::Text, false});
    QCOMPARE(byText.size(), size_t(rowCount));
    const auto byLabelName = timed("sorted by label", {}, {ExampleColumn::Label, true});
    QCOMPARE(byLabelName.size(), size_t(rowCount));

    QElapsedTimer clock;
    clock.start();
    const std::vector<std::int64_t> page(byText.begin() + rowCount / 2, byText.begin() + rowCount / 2 + 200);
    const auto rows = browser.rows(page, std::nullopt);
    qInfo("rows() for a 200-id page: %lld ms", static_cast<long long>(clock.elapsed()));
    QCOMPARE(rows.size(), size_t(200));
    for (size_t i = 1; i < rows.size(); ++i)
        QVERIFY(rows[i - 1].text <= rows[i].text);
}

QTEST_GUILESS_MAIN(TestExampleBrowser)
#include "tst_examplebrowser.moc"
