// The search index is built after the fact, a chunk at a time (SearchIndex), while imports,
// edits and deletions go on; search gives the same results whatever part of the texts it holds.

#include "testsupport.h"

#include "data/importer.h"
#include "store/database.h"
#include "store/datasetstore.h"
#include "store/examplebrowser.h"
#include "store/labeljournal.h"
#include "store/project.h"
#include "store/schema.h"
#include "store/searchindex.h"
#include "util/error.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <thread>
#include <vector>

using namespace glossa::core;
using namespace glossa::test;
namespace fs = std::filesystem;
using store::ExampleColumn;
using store::ExampleFilter;
using store::ExampleSort;

namespace {

// Texts whose case folding is more than ASCII: the scan must fold exactly as the trigram
// tokenizer does (final sigma, ß and ẞ, dotted and dotless i, titlecase digraphs, letters
// outside the BMP, characters whose folding has another UTF-8 length...).
const std::vector<std::pair<const char *, const char *>> &sampleTexts()
{
    static const std::vector<std::pair<const char *, const char *>> texts = {
        {"en", "I want a REFUND for my order"},
        {"en", "Where is my parcel? Tracking says nothing"},
        {"en", "He said \"refund me\" twice, 100% sure"},
        {"ru", "Хочу вернуть деньги за ЗАКАЗ"},
        {"ru", "где мой заказ?"},
        {"el", "ΣΊΣΥΦΟΣ και σίσυφος"},
        {"de", "Die STRASSE ist lang, die Straße auch, ẞ groß"},
        {"tr", "İstanbul ve ISTANBUL ve ıstanbul"},
        {"fr", "L'ÉCOLE est fermée, l'école aussi"},
        {"zh", "我要退款，包裹已经坏了"},
        {"zh", "退款申请已经提交了"},
        {"ar", "أريد إلغاء الطلب"},
        {"hi", "मुझे रिफंड चाहिए"},
        {"en", "ＡＢＣ fullwidth ａｂｃ"},
        {"en", "𐐀𐐁𐐂 Deseret 𐐨𐐩𐐪"},
        {"hy", "ԱԲԳԴ Armenian աբգդ"},
        {"en", "ⒶⒷⒸ circled ⓐⓑⓒ"},
        {"en", "ȺȺȺ stroke ⱥⱥⱥ"},
        {"en", "ǄǅǆDŽ titlecase"},
        {"en", "Ⅻ roman ⅻ"},
        {"en", "K Kelvin sign and KKK"},
        {"chr", "ᎠᎡᎢ Cherokee ꭰꭱꭲ"},
        {"el", "µµµ micro and μμμ mu and ΜΜΜ"},
        {"en", "ﬁﬁﬁ ligature"},
    };
    return texts;
}

QByteArray sampleJsonl(const char *prefix)
{
    QByteArray lines;
    int n = 0;
    for (const auto &[lang, text] : sampleTexts()) {
        QJsonObject row;
        row[QStringLiteral("id")] = QStringLiteral("%1%2").arg(QLatin1String(prefix)).arg(++n, 2, 10, QLatin1Char('0'));
        row[QStringLiteral("text")] = QString::fromUtf8(text);
        row[QStringLiteral("lang")] = QLatin1String(lang);
        row[QStringLiteral("label")] = n % 3 == 0 ? QStringLiteral("refund") : QStringLiteral("other");
        lines += QJsonDocument(row).toJson(QJsonDocument::Compact) + '\n';
    }
    return lines;
}

const QStringList &searches()
{
    // Separated by |; words within one by spaces, as in the search field.
    static const QStringList all =
        QStringLiteral("refund|REFUND|Refund order|\"refund|100%|re\"fund|заказ|"
                       "ЗАКАЗ|зака|σίσυφος|ΣΊΣΥΦΟΣ|σίσυφοσ|straße|STRASSE|ẞ gross|"
                       "groß|istanbul|İSTANBUL|ıstanbul|école|ÉCOLE|ecole|abc|ＡＢＣ|"
                       "ａｂｃ|𐐨𐐩𐐪|𐐀𐐁𐐂|աբգ|ԱԲԳ|ⓐⓑⓒ|ⱥⱥⱥ|ȺȺ|ǆǆǆ|ǅǅǅ|dž|ⅻ r|kkk|kelvin|"
                       "ꭰꭱꭲ|ᎠᎡᎢ|μμμ|µµµ|ΜΜΜ|fif|ﬁﬁ|退款|退款申请|退款 "
                       "申请已经|الطلب|रिफंड|HE|"
                       "nothing|Rückerstattung")
            .split(QLatin1Char('|'));
    return all;
}

// The FTS5 index agrees with the rows it holds (its content table is the view of the indexed
// examples), and is sound inside (throws on a mismatch); the counts are right.
void checkSearchIndex(store::Database &db)
{
    db.exec("INSERT INTO examples_fts (examples_fts) VALUES ('integrity-check')");
    db.exec("INSERT INTO examples_fts (examples_fts, rank) VALUES ('integrity-check', 1)");
    // The count kept beside the mark is right too.
    store::SearchIndex index(db);
    QCOMPARE(index.indexedRows(),
             db.queryInt("SELECT count(*) FROM examples WHERE id <= (SELECT upto FROM search_index)"));
    QCOMPARE(index.pendingRows(),
             db.queryInt("SELECT count(*) FROM examples WHERE id > (SELECT upto FROM search_index)"));
}

struct Fixture
{
    QTemporaryDir dir;
    fs::path file = pathIn(dir, QStringLiteral("search.glossa"));
    std::optional<store::Project> project;

    std::int64_t import(const char *dataset, const char *prefix)
    {
        const auto input = pathIn(dir, QStringLiteral("%1.jsonl").arg(QLatin1String(prefix)));
        writeFile(input, sampleJsonl(prefix));
        return data::importFile(db(), dataset, input).datasetId;
    }
    store::Database &db() { return project->db(); }

    QString names(const std::vector<std::int64_t> &ids)
    {
        QStringList result;
        store::DatasetStore store(db());
        for (const auto id : ids) {
            const auto example = store.example(id);
            result << (example ? qs(example->externalId) : QStringLiteral("?%1").arg(id));
        }
        return result.join(QLatin1Char(' '));
    }
    // Every search in three orders and with a filter, one line each.
    QStringList allResults(std::int64_t datasetId)
    {
        store::ExampleBrowser browser(db());
        QStringList lines;
        for (const auto &text : searches()) {
            ExampleFilter filter;
            filter.search = text.toStdString();
            lines << text + QStringLiteral(": ") + names(browser.matchingIds(datasetId, filter, {}));
            lines << text + QStringLiteral(" (id desc): ")
                         + names(browser.matchingIds(datasetId, filter, {ExampleColumn::Id, true}));
            lines << text + QStringLiteral(" (by text): ")
                         + names(browser.matchingIds(datasetId, filter, {ExampleColumn::Text, false}));
            filter.labelId = store::DatasetStore(db()).findLabel(datasetId, "other");
            lines << text + QStringLiteral(" (label other): ") + names(browser.matchingIds(datasetId, filter, {}));
        }
        return lines;
    }
    QString search(std::int64_t datasetId, const char *text)
    {
        ExampleFilter filter;
        filter.search = text;
        return names(store::ExampleBrowser(db()).matchingIds(datasetId, filter, {}));
    }
    void indexAll()
    {
        store::SearchIndex index(db());
        while (index.indexNextChunk()) {
        }
        QCOMPARE(index.pendingRows(), 0);
    }
};

} // namespace

class TestSearchIndex : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void importsLeaveTheIndexToTheIndexer();
    void resultsDoNotDependOnHowFarIndexingGot();
    void scanFoldsCaseAsTheIndexDoes();
    void chunksHaveTheirSize();
    void deleteAndEditOfIndexedAndUnindexedRows();
    void resumesAfterTheConnectionCloses();
    void anAbandonedChunkIsRolledBack();
    void migratingSchema4IsInstant();
    void deletingADatasetWithAHalfBuiltIndex();
    void newRowsReusingIdsOfDeletedOnesAreNotTakenAsIndexed();
    void indexingTenThousandRows();
    void labelEditsGoOnBetweenChunks();
    void twoIndexersIndexEachRowOnce();
};

void TestSearchIndex::importsLeaveTheIndexToTheIndexer()
{
    Fixture f;
    f.project.emplace(store::Project::create(f.file));
    store::SearchIndex index(f.db());
    QCOMPARE(index.pendingRows(), 0);
    QVERIFY(!index.indexNextChunk());
    const auto datasetId = f.import("search", "s");
    const auto total = static_cast<std::int64_t>(sampleTexts().size());
    QCOMPARE(index.pendingRows(), total);
    QCOMPARE(index.indexedRows(), 0);
    QCOMPARE(f.db().queryInt("SELECT count(*) FROM examples_fts_docsize"), 0);
    checkSearchIndex(f.db());
    // Found all the same, by scan.
    QCOMPARE(f.search(datasetId, "заказ"), QStringLiteral("s04 s05"));
    f.indexAll();
    QCOMPARE(index.indexedRows(), total);
    QCOMPARE(f.db().queryInt("SELECT count(*) FROM examples_fts_docsize"), total);
    QCOMPARE(f.db().queryInt("SELECT upto FROM search_index"), f.db().queryInt("SELECT max(id) FROM examples"));
    QCOMPARE(f.search(datasetId, "заказ"), QStringLiteral("s04 s05"));
    checkSearchIndex(f.db());
    QVERIFY(errorFrom([&] { index.indexNextChunk(0); }));
}

void TestSearchIndex::resultsDoNotDependOnHowFarIndexingGot()
{
    Fixture f;
    f.project.emplace(store::Project::create(f.file));
    f.import("other", "o"); // another dataset before, so that the first ids are not this one's
    const auto datasetId = f.import("search", "s");
    const auto unindexed = f.allResults(datasetId);
    // Not a scan that finds nothing: the case folding is Unicode's, not ASCII's.
    QVERIFY(unindexed.contains(QStringLiteral("ЗАКАЗ: s04 s05")));
    QVERIFY(unindexed.contains(QStringLiteral("ΣΊΣΥΦΟΣ: s06")));
    QVERIFY(unindexed.contains(QStringLiteral("𐐨𐐩𐐪: s15")));
    QVERIFY(unindexed.contains(QStringLiteral("ⱥⱥⱥ (id desc): s18")));

    // The indexer works on a connection of its own, the browser reads between its chunks: every
    // mark from before the dataset to past its end.
    auto indexer = f.project->connect();
    store::SearchIndex index(indexer);
    int chunks = 0;
    while (index.indexNextChunk(3)) {
        ++chunks;
        const auto during = f.allResults(datasetId);
        for (qsizetype i = 0; i < unindexed.size(); ++i)
            QCOMPARE(during[i], unindexed[i]);
    }
    QCOMPARE(chunks, static_cast<int>((2 * sampleTexts().size() - 1) / 3));
    QCOMPARE(f.allResults(datasetId), unindexed);
    checkSearchIndex(f.db());

    // And through the index alone: the same.
    QCOMPARE(store::SearchIndex(f.db()).pendingRows(), 0);
    QCOMPARE(f.allResults(datasetId), unindexed);
}

void TestSearchIndex::scanFoldsCaseAsTheIndexDoes()
{
    // Random texts over the alphabets with case (and the odd ones: ß ẞ İ ı ſ K Å Ω ǅ ﬁ...), and
    // searches cut out of them with their case changed at random: the scan and the index must
    // find the same rows. So must they for malformed UTF-8 (written past the importer).
    Fixture f;
    f.project.emplace(store::Project::create(f.file));
    store::DatasetStore store(f.db());
    const auto datasetId = store.createDataset("fuzz");
    std::vector<char32_t> pool;
    for (const auto &[first, last] : std::vector<std::pair<char32_t, char32_t>>{
             {U'A', U'Z'},       {U'a', U'z'},       {0xC0, 0x24F},      {0x370, 0x3FF},     {0x400, 0x52F},
             {0x531, 0x587},     {0x10A0, 0x10FF},   {0x13A0, 0x13FD},   {0x1C80, 0x1C88},   {0x1E00, 0x1FFF},
             {0x2126, 0x2133},   {0x2160, 0x2188},   {0x24B6, 0x24E9},   {0x2C00, 0x2C7F},   {0xA640, 0xA69F},
             {0xA722, 0xA7FF},   {0xAB70, 0xABBF},   {0xFB00, 0xFB06},   {0xFF21, 0xFF5A},   {0x10400, 0x1044F},
             {0x104B0, 0x104FB}, {0x10C80, 0x10CF2}, {0x118A0, 0x118DF}, {0x1E900, 0x1E943}, {0x4E00, 0x4E20}})
        for (char32_t c = first; c <= last; ++c)
            pool.push_back(c);
    std::uint64_t state = 42;
    auto random = [&](size_t below) {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        return static_cast<size_t>((state >> 33) % below);
    };
    std::vector<QString> texts;
    {
        store::Transaction transaction(f.db());
        auto insert = f.db().prepare(R"sql(
INSERT INTO examples (dataset_id, external_id, text, lang, split, created_at, updated_at)
VALUES (?1, ?2, ?3, 'xx', 'train', 1, 1))sql");
        for (int i = 0; i < 1500; ++i) {
            QString text;
            const auto length = 5 + random(20);
            for (size_t j = 0; j < length; ++j) {
                const char32_t c = random(8) == 0 ? U' ' : pool[random(pool.size())];
                text += QString::fromUcs4(&c, 1);
            }
            texts.push_back(text);
            const auto bytes = text.toStdString();
            const auto externalId = "f" + std::to_string(i);
            insert.bind(1, datasetId).bind(2, externalId).bind(3, bytes).run();
        }
        // Malformed: a stray continuation byte, a lead byte alone, an overlong form, a
        // surrogate, U+FFFE, and a 5-byte form.
        const std::vector<std::string> malformed = {"ab\x80"
                                                    "cd Zz",
                                                    "\xC1zzz",
                                                    "\xC0\x80xyz",
                                                    "\xED\xA0\x80"
                                                    "abc",
                                                    "\xEF\xBF\xBE"
                                                    "abc",
                                                    "q\xF8\x88\x80\x80\x80qq"};
        for (size_t i = 0; i < malformed.size(); ++i) {
            const auto externalId = "m" + std::to_string(i);
            insert.bind(1, datasetId).bind(2, externalId).bind(3, malformed[i]).run();
        }
        transaction.commit();
    }
    std::vector<std::string> terms = {"\xC2\x80"
                                      "cd",
                                      "\xEF\xBF\xBDzz",
                                      "\xEF\xBF\xBDxyz",
                                      "\xEF\xBF\xBD"
                                      "abc",
                                      "\xEF\xBF\xBE"
                                      "ab",
                                      "B\x80"
                                      "C",
                                      "\xC1ZZ",
                                      "\xF8\x88\x80\x80\x80QQ"};
    for (int i = 0; i < 400; ++i) {
        const auto &text = texts[random(texts.size())];
        const auto ucs4 = text.toUcs4();
        const auto length = 3 + random(3);
        if (ucs4.size() < static_cast<qsizetype>(length))
            continue;
        const auto start = random(static_cast<size_t>(ucs4.size()) - length + 1);
        QString term;
        for (size_t j = start; j < start + length; ++j) {
            const auto code = static_cast<char32_t>(ucs4[static_cast<qsizetype>(j)]);
            const auto c = QString::fromUcs4(&code, 1);
            const auto how = random(3);
            term += how == 0 ? c.toUpper() : how == 1 ? c.toLower() : c;
        }
        if (!term.contains(QLatin1Char(' ')))
            terms.push_back(term.toStdString());
    }
    store::ExampleBrowser browser(f.db());
    auto results = [&] {
        std::vector<std::vector<std::int64_t>> all;
        for (const auto &term : terms) {
            ExampleFilter filter;
            filter.search = term;
            all.push_back(browser.matchingIds(datasetId, filter, {}));
        }
        return all;
    };
    const auto scanned = results();
    f.indexAll();
    checkSearchIndex(f.db());
    const auto indexed = results();
    int found = 0;
    for (size_t i = 0; i < terms.size(); ++i) {
        QVERIFY2(scanned[i] == indexed[i], terms[i].c_str());
        found += indexed[i].empty() ? 0 : 1;
    }
    // Many searches find their own text at least: not those with a case change newer than
    // SQLite's tables (Cherokee, Georgian...), nor ß that became SS.
    QVERIFY2(found > static_cast<int>(terms.size()) / 3, qPrintable(QString::number(found)));
    for (size_t i = 0; i < 6; ++i)
        QVERIFY2(!indexed[i].empty(), terms[i].c_str());
}

void TestSearchIndex::chunksHaveTheirSize()
{
    Fixture f;
    f.project.emplace(store::Project::create(f.file));
    f.import("search", "s");
    const auto total = static_cast<std::int64_t>(sampleTexts().size());
    store::SearchIndex index(f.db());
    QVERIFY(index.indexNextChunk(10));
    QCOMPARE(index.indexedRows(), 10);
    QCOMPARE(index.pendingRows(), total - 10);
    QCOMPARE(f.db().queryInt("SELECT count(*) FROM examples_fts_docsize"), 10);
    QVERIFY(index.indexNextChunk(1));
    QCOMPARE(index.indexedRows(), 11);
    // The last chunk says there is nothing left.
    QVERIFY(!index.indexNextChunk(total - 11));
    QCOMPARE(index.pendingRows(), 0);
    QVERIFY(!index.indexNextChunk());
    checkSearchIndex(f.db());
}

void TestSearchIndex::deleteAndEditOfIndexedAndUnindexedRows()
{
    Fixture f;
    f.project.emplace(store::Project::create(f.file));
    const auto datasetId = f.import("search", "s");
    store::SearchIndex index(f.db());
    index.indexNextChunk(8); // s01-s08 indexed, the rest not
    store::DatasetStore store(f.db());
    auto id = [&](const char *externalId) { return store.exampleByExternalId(datasetId, externalId)->id; };
    auto setText = [&](std::int64_t exampleId, const char *text) {
        f.db().prepare("UPDATE examples SET text = ?1 WHERE id = ?2").bind(1, text).bind(2, exampleId).run();
    };

    // s04 (indexed) and s10 (not) are deleted; s05 (indexed) and s11 (not) get new texts (s10
    // and s11 were the only ones with 退款).
    f.db().exec("DELETE FROM examples WHERE id IN (" + std::to_string(id("s04")) + ", " + std::to_string(id("s10"))
                + ")");
    setText(id("s05"), "ПОСЫЛКА пришла");
    setText(id("s11"), "посылка не пришла");
    checkSearchIndex(f.db());
    QCOMPARE(index.indexedRows(), 7);
    auto check = [&] {
        QCOMPARE(f.search(datasetId, "заказ"), QString());
        QCOMPARE(f.search(datasetId, "посылка"), QStringLiteral("s05 s11"));
        QCOMPARE(f.search(datasetId, "ПРИШЛА"), QStringLiteral("s05 s11"));
        QCOMPARE(f.search(datasetId, "退款"), QString());
        QCOMPARE(f.search(datasetId, "申请已经"), QString());
        QCOMPARE(f.search(datasetId, "ΣΊΣΥΦΟΣ"), QStringLiteral("s06"));
        QCOMPARE(f.search(datasetId, "refund"), QStringLiteral("s01 s03"));
    };
    check();
    f.indexAll();
    checkSearchIndex(f.db());
    check();
    // Edits after indexing are indexed at once.
    setText(id("s11"), "совсем другой текст");
    checkSearchIndex(f.db());
    QCOMPARE(f.search(datasetId, "посылка"), QStringLiteral("s05"));
    QCOMPARE(f.search(datasetId, "ДРУГОЙ"), QStringLiteral("s11"));
    QCOMPARE(index.pendingRows(), 0);
}

void TestSearchIndex::resumesAfterTheConnectionCloses()
{
    Fixture f;
    f.project.emplace(store::Project::create(f.file));
    const auto datasetId = f.import("search", "s");
    const auto expected = f.allResults(datasetId);
    store::SearchIndex(f.db()).indexNextChunk(5);
    store::SearchIndex(f.db()).indexNextChunk(5);
    f.project.reset();

    f.project.emplace(store::Project::open(f.file));
    store::SearchIndex index(f.db());
    QCOMPARE(index.indexedRows(), 10);
    QCOMPARE(index.pendingRows(), static_cast<std::int64_t>(sampleTexts().size()) - 10);
    checkSearchIndex(f.db());
    QCOMPARE(f.allResults(datasetId), expected);
    f.indexAll();
    checkSearchIndex(f.db());
    QCOMPARE(f.allResults(datasetId), expected);
}

void TestSearchIndex::anAbandonedChunkIsRolledBack()
{
    Fixture f;
    f.project.emplace(store::Project::create(f.file));
    const auto datasetId = f.import("search", "s");
    const auto expected = f.allResults(datasetId);
    store::SearchIndex(f.db()).indexNextChunk(5);
    {
        // A chunk half written when the process died: its connection goes without a commit.
        auto doomed = f.project->connect();
        doomed.exec("BEGIN IMMEDIATE");
        doomed.exec("INSERT INTO examples_fts (rowid, text) SELECT id, text FROM examples WHERE id > "
                    "(SELECT upto FROM search_index) ORDER BY id LIMIT 3");
        doomed.exec("UPDATE search_index SET upto = upto + 3");
    }
    store::SearchIndex index(f.db());
    QCOMPARE(index.indexedRows(), 5);
    checkSearchIndex(f.db());
    f.indexAll();
    checkSearchIndex(f.db());
    QCOMPARE(f.allResults(datasetId), expected);
}

void TestSearchIndex::migratingSchema4IsInstant()
{
    QTemporaryDir dir;
    const auto file = pathIn(dir, QStringLiteral("v4.glossa"));
    std::int64_t datasetId = 0;
    constexpr int rowCount = 20000;
    {
        store::Database db(file, store::Database::Mode::ReadWriteCreate);
        db.exec("PRAGMA journal_mode = WAL");
        db.exec("PRAGMA foreign_keys = ON");
        store::migrate(db, 4);
        store::DatasetStore datasets(db);
        datasetId = datasets.createDataset("legacy");
        store::Transaction transaction(db);
        auto insert = db.prepare(R"sql(
INSERT INTO examples (dataset_id, external_id, text, lang, split, created_at, updated_at)
VALUES (?1, ?2, ?3, 'ru', 'train', 1, 1))sql");
        for (int i = 0; i < rowCount; ++i) {
            const auto externalId = "l" + std::to_string(i);
            const auto text = (i == 12345 ? std::string("Где мой ЗАКАЗ? ") : std::string("Посылка пришла ")) + "№"
                              + std::to_string(i * 7919 % 100003);
            insert.bind(1, datasetId).bind(2, externalId).bind(3, text).run();
        }
        transaction.commit();
    }

    QElapsedTimer timer;
    timer.start();
    auto project = store::Project::open(file);
    const auto openMs = timer.elapsed();
    qInfo("opening a schema 4 project of %d rows (migrating to %d): %lld ms", rowCount, store::currentSchemaVersion(),
          static_cast<long long>(openMs));
    QCOMPARE(project.schemaVersion(), store::currentSchemaVersion());
    store::SearchIndex index(project.db());
    QCOMPARE(index.pendingRows(), rowCount);
    QCOMPARE(project.db().queryInt("SELECT count(*) FROM examples_fts_docsize"), 0);
    checkSearchIndex(project.db());

    store::ExampleBrowser browser(project.db());
    auto find = [&](const char *text) {
        ExampleFilter filter;
        filter.search = text;
        return browser.matchingIds(datasetId, filter, {}).size();
    };
    QCOMPARE(find("заказ"), size_t(1));
    QCOMPARE(find("ПОСЫЛКА"), size_t(rowCount - 1));
    index.indexNextChunk(rowCount / 2);
    QCOMPARE(find("заказ"), size_t(1));
    QCOMPARE(find("ПОСЫЛКА"), size_t(rowCount - 1));
    while (index.indexNextChunk()) {
    }
    QCOMPARE(index.indexedRows(), rowCount);
    QCOMPARE(find("заказ"), size_t(1));
    QCOMPARE(find("ПОСЫЛКА"), size_t(rowCount - 1));
    checkSearchIndex(project.db());
}

void TestSearchIndex::deletingADatasetWithAHalfBuiltIndex()
{
    Fixture f;
    f.project.emplace(store::Project::create(f.file));
    const auto first = f.import("first", "a");
    const auto second = f.import("second", "b");
    const auto third = f.import("third", "c");
    store::SearchIndex index(f.db());
    // The mark inside the second dataset.
    index.indexNextChunk(static_cast<std::int64_t>(sampleTexts().size()) + 7);
    const auto expectedThird = f.allResults(third);
    store::DatasetStore store(f.db());
    store.deleteDataset(second);
    checkSearchIndex(f.db());
    QCOMPARE(index.indexedRows(), static_cast<std::int64_t>(sampleTexts().size()));
    QCOMPARE(index.pendingRows(), static_cast<std::int64_t>(sampleTexts().size()));
    QCOMPARE(f.search(first, "заказ"), QStringLiteral("a04 a05"));
    QCOMPARE(f.search(second, "заказ"), QString());
    QCOMPARE(f.allResults(third), expectedThird);

    index.indexNextChunk(5);
    store.deleteDataset(first);
    checkSearchIndex(f.db());
    QCOMPARE(index.indexedRows(), 5);
    QCOMPARE(f.allResults(third), expectedThird);
    f.indexAll();
    checkSearchIndex(f.db());
    QCOMPARE(f.allResults(third), expectedThird);
}

void TestSearchIndex::newRowsReusingIdsOfDeletedOnesAreNotTakenAsIndexed()
{
    // Example ids are max(id) + 1: once the newest dataset is deleted, the next import takes
    // its ids again. The mark must come down with the deletion, or they would pass for indexed.
    Fixture f;
    f.project.emplace(store::Project::create(f.file));
    const auto first = f.import("first", "a");
    const auto second = f.import("second", "b");
    f.indexAll();
    const auto secondIds = store::ExampleBrowser(f.db()).matchingIds(second, {}, {});
    store::DatasetStore store(f.db());
    store.deleteDataset(second);
    QCOMPARE(f.db().queryInt("SELECT upto FROM search_index"), f.db().queryInt("SELECT max(id) FROM examples"));
    const auto third = f.import("third", "c");
    QCOMPARE(store::ExampleBrowser(f.db()).matchingIds(third, {}, {}), secondIds); // the same ids
    store::SearchIndex index(f.db());
    QCOMPARE(index.pendingRows(), static_cast<std::int64_t>(sampleTexts().size()));
    QCOMPARE(f.search(third, "заказ"), QStringLiteral("c04 c05"));
    checkSearchIndex(f.db());

    // Deleted before it was indexed, and again after.
    store.deleteDataset(third);
    checkSearchIndex(f.db());
    const auto fourth = f.import("fourth", "d");
    f.indexAll();
    checkSearchIndex(f.db());
    QCOMPARE(f.search(fourth, "заказ"), QStringLiteral("d04 d05"));
    QCOMPARE(f.search(first, "заказ"), QStringLiteral("a04 a05"));
    store.deleteDataset(fourth);
    store.deleteDataset(first);
    checkSearchIndex(f.db());
    QCOMPARE(f.db().queryInt("SELECT upto FROM search_index"), 0);
    QCOMPARE(f.db().queryInt("SELECT count(*) FROM examples_fts_docsize"), 0);
}

void TestSearchIndex::indexingTenThousandRows()
{
    Fixture f;
    f.project.emplace(store::Project::create(f.file));
    const auto input = pathIn(f.dir, QStringLiteral("big.jsonl"));
    constexpr int rowCount = 10000;
    QByteArray content;
    for (int i = 0; i < rowCount; ++i)
        content += R"({"id": "r)" + QByteArray::number(i)
                   + R"(", "text": "my order has not arrived, the tracking page says nothing #)"
                   + QByteArray::number(i * 7919 % 100003) + R"(", "lang": "en"})" + '\n';
    writeFile(input, content);
    const auto datasetId = data::importFile(f.db(), "big", input).datasetId;
    store::SearchIndex index(f.db());
    QElapsedTimer timer;
    timer.start();
    qint64 longest = 0;
    int chunks = 0;
    for (bool more = true; more; ++chunks) {
        QElapsedTimer chunk;
        chunk.start();
        more = index.indexNextChunk();
        longest = std::max(longest, chunk.elapsed());
    }
    qInfo("indexing %d rows: %lld ms in %d chunks, the longest %lld ms", rowCount,
          static_cast<long long>(timer.elapsed()), chunks, static_cast<long long>(longest));
    QCOMPARE(chunks, (rowCount + static_cast<int>(store::SearchIndex::defaultChunkRows) - 1)
                         / static_cast<int>(store::SearchIndex::defaultChunkRows));
    checkSearchIndex(f.db());
    ExampleFilter filter;
    filter.search = "ARRIVED";
    QCOMPARE(store::ExampleBrowser(f.db()).matchingIds(datasetId, filter, {}).size(), size_t(rowCount));
    QCOMPARE(f.search(datasetId, "#7919"), QStringLiteral("r1 r10")); // 7919 and 79190
}

void TestSearchIndex::labelEditsGoOnBetweenChunks()
{
    // The indexer on a thread of its own; the analyst labels meanwhile, and waits for one chunk
    // at most per edit, never for the whole index.
    Fixture f;
    f.project.emplace(store::Project::create(f.file));
    const auto input = pathIn(f.dir, QStringLiteral("edits.jsonl"));
    constexpr int rowCount = 60000;
    QByteArray content;
    for (int i = 0; i < rowCount; ++i)
        content += R"({"id": "r)" + QByteArray::number(i) + R"(", "text": "Посылка № )" + QByteArray::number(i)
                   + R"( пришла повреждённой, хочу вернуть деньги", "lang": "ru"})" + '\n';
    writeFile(input, content);
    const auto datasetId = data::importFile(f.db(), "edits", input).datasetId;
    const auto ids = store::ExampleBrowser(f.db()).matchingIds(datasetId, {}, {});
    const auto label = store::DatasetStore(f.db()).ensureLabel(datasetId, "damaged");

    std::atomic<bool> indexing = true;
    std::atomic<int> chunks = 0;
    std::thread indexer([&] {
        auto db = f.project->connect();
        store::SearchIndex index(db);
        while (index.indexNextChunk())
            ++chunks;
        indexing = false;
    });
    store::LabelJournal journal(f.db());
    double worstMs = 0;
    int editsWhileIndexing = 0;
    for (size_t i = 0; indexing && i < ids.size(); i += 97) {
        const auto started = std::chrono::steady_clock::now();
        journal.setLabel(datasetId, {ids[i]}, label, store::EditSource::User, "label one");
        worstMs = std::max(
            worstMs, std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count());
        ++editsWhileIndexing;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    indexer.join();
    qInfo("%d label edits while the indexer ran %d chunks; the slowest edit took %.0f ms", editsWhileIndexing,
          chunks.load(), worstMs);
    QVERIFY(editsWhileIndexing > 5);
    QVERIFY2(worstMs < 1000, qPrintable(QString::number(worstMs)));
    checkSearchIndex(f.db());
    QCOMPARE(f.search(datasetId, "ПОВРЕЖДЁННОЙ").count(QLatin1Char(' ')), rowCount - 1);
}

void TestSearchIndex::twoIndexersIndexEachRowOnce()
{
    // Two indexers at once (two windows on one project): each chunk starts from the mark it
    // finds under the write lock, so no row is indexed twice, none skipped.
    Fixture f;
    f.project.emplace(store::Project::create(f.file));
    const auto input = pathIn(f.dir, QStringLiteral("two.jsonl"));
    constexpr int rowCount = 20000;
    QByteArray content;
    for (int i = 0; i < rowCount; ++i)
        content += R"({"id": "r)" + QByteArray::number(i) + R"(", "text": "Where is order )" + QByteArray::number(i)
                   + R"(?", "lang": "en"})" + '\n';
    writeFile(input, content);
    const auto datasetId = data::importFile(f.db(), "two", input).datasetId;
    std::atomic<int> chunks[2] = {0, 0};
    auto run = [&](int which) {
        auto db = f.project->connect();
        store::SearchIndex index(db);
        while (index.indexNextChunk(700))
            ++chunks[which];
    };
    std::thread first(run, 0);
    std::thread second(run, 1);
    first.join();
    second.join();
    qInfo("chunks: %d and %d", chunks[0].load(), chunks[1].load());
    checkSearchIndex(f.db());
    QCOMPARE(store::SearchIndex(f.db()).indexedRows(), rowCount);
    QCOMPARE(f.search(datasetId, "ORDER 1999?"), QStringLiteral("r1999 r11999"));
}

QTEST_GUILESS_MAIN(TestSearchIndex)
#include "tst_searchindex.moc"
