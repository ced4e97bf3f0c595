// Duplicates an analyst would call duplicates: the same message after Unicode normalisation
// (full-width forms, compatibility characters, case, spacing) in any script, and nearly the same
// message; each cluster said to be a label conflict, a leak across splits or a repeat within
// one, in that order; and the dev and test rows that repeat training rows counted.

#include "data/duplicates.h"
#include "data/minhash.h"
#include "text/comparabletext.h"
#include "util/error.h"

#include <QTest>

#include <algorithm>
#include <map>
#include <random>
#include <set>

using namespace glossa::core;
using data::Split;

namespace {

struct Row
{
    std::string text;
    Split split = Split::Train;
    int label = 0;
};

data::DatasetSnapshot snapshotOf(const std::vector<Row> &rows, int labels = 3)
{
    data::DatasetSnapshot snapshot;
    snapshot.datasetName = "test";
    for (int l = 0; l < labels; ++l)
        snapshot.labels.push_back("label" + std::to_string(l));
    std::int64_t id = 1;
    for (const auto &row : rows) {
        data::SnapshotExample example;
        example.id = id++;
        example.text = row.text;
        example.split = row.split;
        example.label = row.label;
        snapshot.examples.push_back(example);
    }
    return snapshot;
}

std::set<std::int64_t> idsOf(const data::DuplicateCluster &cluster)
{
    std::set<std::int64_t> ids;
    for (const auto &member : cluster.members)
        ids.insert(member.id);
    return ids;
}

std::set<std::set<std::int64_t>> clusterSets(const data::DuplicateReport &report)
{
    std::set<std::set<std::int64_t>> sets;
    for (const auto &cluster : report.clusters)
        sets.insert(idsOf(cluster));
    return sets;
}

// A sentence of `words` words drawn from a vocabulary large enough that two sentences share
// few 5-grams.
std::string randomSentence(std::mt19937 &random, int words)
{
    static const char *syllables[] = {"ka",  "lo",  "mi",  "ter", "sun", "ve",  "dra", "po",
                                      "lin", "ex",  "qua", "zo",  "bri", "fen", "gal", "hu",
                                      "jo",  "nex", "or",  "pla", "ris", "sto", "tu",  "wy"};
    std::string text;
    for (int w = 0; w < words; ++w) {
        if (w > 0)
            text += ' ';
        const int length = 2 + static_cast<int>(random() % 3);
        for (int s = 0; s < length; ++s)
            text += syllables[random() % std::size(syllables)];
    }
    return text;
}

} // namespace

class TestDuplicates : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void comparableText_data();
    void comparableText();
    void shinglesCountCodePoints();
    void exactGroupsIgnoreFormNotContent();
    void conflictsComeFirstThenTrainTestLeaks();
    void unlabelledRowsMakeNoConflict();
    void leakageCountsExactAndNearRows();
    void nearDuplicatesRecallAndPrecision();
    void nearDuplicatesInScriptsWithoutSpaces();
    void thresholdDecides();
    void exactOnlySkipsNearDuplicates();
    void deterministicWhateverTheOrder();
    void repeatedTemplateStaysLinear();
    void stopEndsEarly();
    void badThresholdIsRefused();
};

void TestDuplicates::comparableText_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");
    QTest::newRow("full-width Latin and ideographic space")
        << QStringLiteral("Ｗｈｅｒｅ\u3000ｉｓ ＭＹ ｏｒｄｅｒ？") << QStringLiteral("where is my order?");
    QTest::newRow("compatibility forms") << QStringLiteral("\uFB01le \u2460\u2461 \u00BD km\u00B2")
                                         << QStringLiteral("file 12 1\u20442 km2");
    QTest::newRow("case folding beyond ASCII")
        << QStringLiteral("STRASSE Straße ΟΔΟΣ") << QStringLiteral("strasse strasse οδοσ");
    QTest::newRow("whitespace runs, tabs, line breaks, no-break space")
        << QStringLiteral("  refund\t\tplease \r\n now\u00A0!\u2029 ") << QStringLiteral("refund please now !");
    QTest::newRow("zero-width and soft hyphen dropped")
        << QStringLiteral("can\u200Bcel\u00ADlation") << QStringLiteral("cancellation");
    QTest::newRow("composed and decomposed accents")
        << QStringLiteral("Cafe\u0301 CAFÉ") << QStringLiteral("café café");
    QTest::newRow("CJK full-width punctuation")
        << QStringLiteral("我的订单在哪里？（１２３）") << QStringLiteral("我的订单在哪里?(123)");
    QTest::newRow("half-width katakana") << QStringLiteral("ｶﾀｶﾅ の 注文") << QStringLiteral("カタカナ の 注文");
    QTest::newRow("Arabic presentation forms")
        << QStringLiteral("\uFEFB \uFE8D\uFEDF\uFEE0\uFEEA") << QStringLiteral("\u0644\u0627 \u0627\u0644\u0644\u0647");
    QTest::newRow("Arabic text is kept as written") << QStringLiteral("أين طلبي؟") << QStringLiteral("أين طلبي؟");
    QTest::newRow("Devanagari") << QStringLiteral("मेरा  ऑर्डर कहाँ है?") << QStringLiteral("मेरा ऑर्डर कहाँ है?");
    QTest::newRow("only spaces") << QStringLiteral(" \t\u3000 ") << QString();
}

void TestDuplicates::comparableText()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);
    const auto utf8 = text.toStdString();
    QCOMPARE(QString::fromStdString(text::comparableText(utf8)), expected);
    // Normalising twice changes nothing more.
    const auto once = text::comparableText(utf8);
    QCOMPARE(text::comparableText(once), once);
}

void TestDuplicates::shinglesCountCodePoints()
{
    // 6 code points, 18 bytes: two 5-grams, not fourteen.
    QCOMPARE(data::shingleHashes("订单在哪里了", 5).size(), size_t(2));
    QCOMPARE(data::shingleHashes("abc", 5).size(), size_t(1)); // shorter than n: the whole text
    QVERIFY(data::shingleHashes("", 5).empty());
    QCOMPARE(data::shingleHashes("aaaaaaaa", 5).size(), size_t(1)); // repeats counted once
    const auto a = data::shingleHashes("where is my order", 5);
    QCOMPARE(data::jaccard(a, a), 1.0);
    QCOMPARE(data::jaccard(a, data::shingleHashes("completely other", 5)), 0.0);
}

void TestDuplicates::exactGroupsIgnoreFormNotContent()
{
    const auto report = data::findDuplicates(snapshotOf({
                                                 {"Where is my order?", Split::Train, 0},
                                                 {"  WHERE is   my order? ", Split::Train, 0},
                                                 {"Ｗｈｅｒｅ ｉｓ ｍｙ ｏｒｄｅｒ？", Split::Train, 0},
                                                 {"Where is my parcel?", Split::Train, 0},
                                                 {"I want a refund", Split::Train, 1},
                                             }),
                                             {.exactOnly = true});
    QCOMPARE(report.examples, std::int64_t(5));
    QCOMPARE(report.clusters.size(), size_t(1));
    const auto &cluster = report.clusters.front();
    QCOMPARE(idsOf(cluster), (std::set<std::int64_t>{1, 2, 3}));
    QCOMPARE(int(cluster.kind), int(data::DuplicateKind::WithinSplit));
    QVERIFY(!cluster.near);
    for (const auto &member : cluster.members) {
        QCOMPARE(member.exactGroup, 0);
        QCOMPARE(member.similarity, 1.0);
    }
}

void TestDuplicates::conflictsComeFirstThenTrainTestLeaks()
{
    const auto report = data::findDuplicates(snapshotOf({
        {"my package never arrived", Split::Train, 0},             // 1 within train
        {"My package never arrived", Split::Train, 0},             // 2
        {"cancel the order i placed today", Split::Train, 1},      // 3 train/dev
        {"Cancel the order I placed today", Split::Dev, 1},        // 4
        {"the charge appears twice on my card", Split::Train, 2},  // 5 train/test
        {"The charge appears twice on my card", Split::Test, 2},   // 6
        {"please send me the invoice for march", Split::Train, 1}, // 7 conflict
        {"Please send me the invoice for March", Split::Train, 2}, // 8
    }));
    QCOMPARE(report.clusters.size(), size_t(4));
    QCOMPARE(int(report.clusters[0].kind), int(data::DuplicateKind::Conflict));
    QCOMPARE(idsOf(report.clusters[0]), (std::set<std::int64_t>{7, 8}));
    QCOMPARE(report.clusters[0].labelCount(), 2);
    QCOMPARE(int(report.clusters[1].kind), int(data::DuplicateKind::CrossSplit));
    QCOMPARE(idsOf(report.clusters[1]), (std::set<std::int64_t>{5, 6})); // train/test before train/dev
    QCOMPARE(int(report.clusters[2].kind), int(data::DuplicateKind::CrossSplit));
    QCOMPARE(idsOf(report.clusters[2]), (std::set<std::int64_t>{3, 4}));
    QCOMPARE(int(report.clusters[3].kind), int(data::DuplicateKind::WithinSplit));
    QCOMPARE(report.clusterCount(data::DuplicateKind::CrossSplit), std::int64_t(2));
    QCOMPARE(report.rowCount(data::DuplicateKind::Conflict), std::int64_t(2));
    // Training rows come first in a cluster.
    QCOMPARE(int(report.clusters[1].members.front().split), int(Split::Train));
    QCOMPARE(int(report.clusters[1].members.back().split), int(Split::Test));
    QCOMPARE(QString::fromUtf8(data::toString(report.clusters[0].kind)), QStringLiteral("conflict"));
    QCOMPARE(QString::fromUtf8(data::toString(report.clusters[1].kind)), QStringLiteral("cross-split"));
}

void TestDuplicates::unlabelledRowsMakeNoConflict()
{
    const auto report = data::findDuplicates(snapshotOf({
        {"is there a student discount", Split::Train, 0},
        {"Is there a student discount", Split::Train, -1},
    }));
    QCOMPARE(report.clusters.size(), size_t(1));
    QCOMPARE(int(report.clusters.front().kind), int(data::DuplicateKind::WithinSplit));
}

void TestDuplicates::leakageCountsExactAndNearRows()
{
    const auto report = data::findDuplicates(snapshotOf({
        {"the screen of the tablet I received is cracked in two places", Split::Train, 0},
        {"The screen of the tablet I received is cracked in two places", Split::Test, 0},  // exact
        {"the screen of the tablet I received is cracked in two places!", Split::Test, 0}, // near
        {"how do I change the delivery address of my order", Split::Train, 1},
        {"How do I change the delivery address of my order", Split::Dev, 1}, // exact, dev
        {"a text only the test split has", Split::Test, 2},
        {"another text only the test split has, twice", Split::Test, 2},
        {"Another text only the test split has, twice", Split::Test, 2}, // a repeat, but not of train
    }));
    QCOMPARE(report.test.rows, std::int64_t(5));
    QCOMPARE(report.test.exact, std::int64_t(1));
    QCOMPARE(report.test.near, std::int64_t(1));
    QCOMPARE(report.dev.rows, std::int64_t(1));
    QCOMPARE(report.dev.exact, std::int64_t(1));
    QCOMPARE(report.dev.near, std::int64_t(0));
    const auto sentences = data::leakageSentences(report);
    QCOMPARE(sentences.size(), size_t(2));
    QCOMPARE(QString::fromStdString(sentences[0]),
             QStringLiteral("2 of 5 test rows duplicate training rows (exact 1, near 1)"));
    QCOMPARE(QString::fromStdString(sentences[1]),
             QStringLiteral("1 of 1 dev rows duplicates a training row (exact 1, near 0)"));
    // The near member says how near.
    const auto &leak = report.clusters.front();
    QVERIFY(leak.near);
    const auto nearest = std::min_element(leak.members.begin(), leak.members.end(),
                                          [](const auto &a, const auto &b) { return a.similarity < b.similarity; });
    QVERIFY(nearest->similarity >= 0.8 && nearest->similarity < 1.0);
    QCOMPARE(nearest->exactGroup, 1);
}

// 2,000 unrelated sentences; 300 of them get a copy with a one-word edit (similar by
// construction, Jaccard ≥ 0.8 checked), which every one of them must be found with; no cluster
// may join two of the originals.
void TestDuplicates::nearDuplicatesRecallAndPrecision()
{
    std::mt19937 random(7);
    std::vector<Row> rows;
    for (int i = 0; i < 2000; ++i)
        rows.push_back({randomSentence(random, 14 + static_cast<int>(random() % 10)), Split::Train, i % 3});
    std::vector<std::pair<std::int64_t, std::int64_t>> planted;
    for (int i = 0; i < 300; ++i) {
        const auto &original = rows[static_cast<size_t>(i * 6)].text;
        auto copy = original;
        const auto space = copy.rfind(' ');
        copy = copy.substr(0, space) + " " + randomSentence(random, 1); // the last word replaced
        const double similarity = data::jaccard(data::shingleHashes(text::comparableText(original), 5),
                                                data::shingleHashes(text::comparableText(copy), 5));
        if (similarity < 0.8)
            continue;
        rows.push_back({copy, Split::Test, i % 3});
        planted.emplace_back(i * 6 + 1, static_cast<std::int64_t>(rows.size()));
    }
    QVERIFY(planted.size() > 150);
    const auto report = data::findDuplicates(snapshotOf(rows));
    std::map<std::int64_t, size_t> clusterOf;
    for (size_t c = 0; c < report.clusters.size(); ++c)
        for (const auto &member : report.clusters[c].members)
            clusterOf[member.id] = c;
    int found = 0;
    for (const auto &[original, copy] : planted)
        found += clusterOf.count(original) && clusterOf.count(copy) && clusterOf[original] == clusterOf[copy] ? 1 : 0;
    QCOMPARE(found, static_cast<int>(planted.size()));
    // Precision: each cluster is one original and its copy, nothing else.
    for (const auto &cluster : report.clusters) {
        QCOMPARE(cluster.members.size(), size_t(2));
        QVERIFY(cluster.near);
        QVERIFY(cluster.members.back().similarity >= 0.8);
    }
    QCOMPARE(report.clusters.size(), planted.size());
    QCOMPARE(report.test.near, static_cast<std::int64_t>(planted.size()));
}

void TestDuplicates::nearDuplicatesInScriptsWithoutSpaces()
{
    const auto report = data::findDuplicates(snapshotOf({
        {"您好，我上周二下的订单到现在还没有任何消息，能帮我查一下现在到哪里了吗？谢谢", Split::Train, 0},
        {"您好,我上周二下的订单到现在还没有任何消息,能帮我查一下现在到哪里了吗?谢谢!", Split::Test, 0},
        {"สวัสดีครับ ผมสั่งสินค้าไปเมื่อวันอังคารที่แล้ว แต่ยังไม่ได้รับการแจ้งเตือนใดๆ เลยครับ", Split::Train, 1},
        {"สวัสดีครับ ผมสั่งสินค้าไปเมื่อวันอังคารที่แล้ว แต่ยังไม่ได้รับการแจ้งเตือนใดๆ เลยค่ะ", Split::Train, 2},
        {"我想退货，因为收到的商品和描述的不一样", Split::Train, 1},
    }));
    QCOMPARE(report.clusters.size(), size_t(2));
    QCOMPARE(int(report.clusters[0].kind), int(data::DuplicateKind::Conflict)); // the Thai pair, two labels
    QCOMPARE(idsOf(report.clusters[0]), (std::set<std::int64_t>{3, 4}));
    QCOMPARE(int(report.clusters[1].kind), int(data::DuplicateKind::CrossSplit));
    QCOMPARE(idsOf(report.clusters[1]), (std::set<std::int64_t>{1, 2}));
    // One character changed inside a short Chinese text changes five of its 5-grams: about
    // 0.74, found at a lower threshold.
    const std::vector<Row> changed = {
        {"您好，我上周二下的订单到现在还没有任何消息，能帮我查一下现在到哪里了吗？谢谢", Split::Train, 0},
        {"您好，我上周三下的订单到现在还没有任何消息，能帮我查一下现在到哪里了吗？谢谢", Split::Test, 0},
    };
    QCOMPARE(data::findDuplicates(snapshotOf(changed)).clusters.size(), size_t(0));
    QCOMPARE(data::findDuplicates(snapshotOf(changed), {.nearThreshold = 0.7}).clusters.size(), size_t(1));
}

void TestDuplicates::thresholdDecides()
{
    const std::vector<Row> rows = {
        {"I would like to return the blue jacket I ordered last week", Split::Train, 0},
        {"I would like to return the red jacket I ordered last week", Split::Train, 0},
    };
    const double similarity = data::jaccard(data::shingleHashes(text::comparableText(rows[0].text), 5),
                                            data::shingleHashes(text::comparableText(rows[1].text), 5));
    QVERIFY(similarity > 0.6 && similarity < 0.8);
    QCOMPARE(data::findDuplicates(snapshotOf(rows)).clusters.size(), size_t(0));
    QCOMPARE(data::findDuplicates(snapshotOf(rows), {.nearThreshold = 0.6}).clusters.size(), size_t(1));
}

void TestDuplicates::exactOnlySkipsNearDuplicates()
{
    const std::vector<Row> rows = {
        {"the parcel was left at the wrong door again", Split::Train, 0},
        {"the parcel was left at the wrong door again!!", Split::Test, 0},
    };
    QCOMPARE(data::findDuplicates(snapshotOf(rows)).clusters.size(), size_t(1));
    QCOMPARE(data::findDuplicates(snapshotOf(rows), {.exactOnly = true}).clusters.size(), size_t(0));
}

void TestDuplicates::deterministicWhateverTheOrder()
{
    std::mt19937 random(11);
    std::vector<Row> rows;
    for (int i = 0; i < 600; ++i) {
        rows.push_back({randomSentence(random, 12), i % 5 == 0 ? Split::Test : Split::Train, i % 3});
        if (i % 4 == 0)
            rows.push_back({rows.back().text + " ok", Split::Dev, i % 2});
        if (i % 7 == 0)
            rows.push_back({"  " + rows.back().text, Split::Train, 0});
    }
    const auto snapshot = snapshotOf(rows);
    const auto first = data::findDuplicates(snapshot);
    const auto second = data::findDuplicates(snapshot);
    QCOMPARE(first.clusters.size(), second.clusters.size());
    for (size_t c = 0; c < first.clusters.size(); ++c) {
        QCOMPARE(idsOf(first.clusters[c]), idsOf(second.clusters[c]));
        QCOMPARE(int(first.clusters[c].kind), int(second.clusters[c].kind));
    }
    // The same examples read in another order make the same clusters.
    auto reversed = snapshot;
    std::reverse(reversed.examples.begin(), reversed.examples.end());
    QCOMPARE(clusterSets(data::findDuplicates(reversed)), clusterSets(first));
    QCOMPARE(data::findDuplicates(reversed).test.near, first.test.near);
}

// Ten thousand messages from one template, a number apart: every band bucket is one huge
// run. It must finish (each text meets a bounded number of others) and find them.
void TestDuplicates::repeatedTemplateStaysLinear()
{
    std::vector<Row> rows;
    for (int i = 0; i < 10000; ++i)
        rows.push_back({"Hello, my order number " + std::to_string(100000 + i)
                            + " has not arrived yet and the tracking page shows no update since Monday",
                        Split::Train, 0});
    const auto report = data::findDuplicates(snapshotOf(rows));
    QVERIFY(!report.clusters.empty());
    std::size_t joined = 0;
    for (const auto &cluster : report.clusters)
        joined += cluster.members.size();
    QVERIFY2(joined > 9000, qPrintable(QString::number(joined)));
}

void TestDuplicates::stopEndsEarly()
{
    std::stop_source source;
    source.request_stop();
    const auto report = data::findDuplicates(
        snapshotOf({{"a b c d e f", Split::Train, 0}, {"a b c d e f", Split::Test, 0}}), {}, source.get_token());
    QVERIFY(report.stopped);
    QVERIFY(report.clusters.empty());
}

void TestDuplicates::badThresholdIsRefused()
{
    QVERIFY_THROWS_EXCEPTION(Error, data::findDuplicates(snapshotOf({}), {.nearThreshold = 0.0}));
    QVERIFY_THROWS_EXCEPTION(Error, data::findDuplicates(snapshotOf({}), {.nearThreshold = 1.5}));
}

QTEST_GUILESS_MAIN(TestDuplicates)
#include "tst_duplicates.moc"
