// Cross-lingual retrieval's scores on hand-made vectors, and the project's embedding cache:
// the P@1 and MRR an analyst reads per language pair must be what counting ranks by hand gives.

#include "testsupport.h"

#include "store/database.h"
#include "store/embeddingcache.h"
#include "store/project.h"
#include "train/retrieval.h"

#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <limits>
#include <random>
#include <string>
#include <vector>

using namespace glossa::core;
using glossa::test::pathIn;

namespace {

// Adds a row: a vector, its language and group.
void addRow(train::RetrievalSet &set, std::vector<float> vector, const std::string &language, std::int64_t group)
{
    set.dimension = vector.size();
    set.vectors.insert(set.vectors.end(), vector.begin(), vector.end());
    set.languages.push_back(language);
    set.groups.push_back(group);
}

// A one-hot vector of `dimension` values at `index`.
std::vector<float> unit(std::size_t dimension, std::size_t index)
{
    std::vector<float> vector(dimension, 0.0f);
    vector[index] = 1.0f;
    return vector;
}

const train::RetrievalPair *findPair(const train::RetrievalScores &scores, const std::string &query,
                                     const std::string &candidate)
{
    for (const auto &pair : scores.pairs)
        if (pair.query == query && pair.candidate == candidate)
            return &pair;
    return nullptr;
}

} // namespace

class TestRetrieval : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void translationsFoundFirstScoreOne();
    void tiesCountAgainstTheQuery();
    void theBestOfTwoTranslationsCounts();
    void pairsUnderTenGroupsAreLeftOut();
    void blockedLoopsMatchADirectRanking();
    void neighboursPerLanguageMostSimilarFirst();
    void cacheKeepsVectorsPerModelAndText();
    void cacheIgnoresDamagedRows();

private:
    QTemporaryDir m_dir;
};

// Ten groups whose members share a direction: every text finds its translation first.
void TestRetrieval::translationsFoundFirstScoreOne()
{
    train::RetrievalSet set;
    for (std::size_t g = 0; g < 10; ++g) {
        addRow(set, unit(10, g), "en", static_cast<std::int64_t>(g));
        auto german = unit(10, g);
        german[(g + 1) % 10] = 0.5f; // not the same vector, still nearest to its own
        addRow(set, german, "de", static_cast<std::int64_t>(g));
    }
    addRow(set, unit(10, 3), "en", -1); // in no group: never a query
    set.normalise();
    const auto scores = train::scoreRetrieval(set);
    QCOMPARE(scores.languages, (std::vector<std::string>{"de", "en"}));
    QCOMPARE(scores.pairs.size(), std::size_t(2));
    const auto *enDe = findPair(scores, "en", "de");
    QVERIFY(enDe);
    QCOMPARE(enDe->queries, std::size_t(10));
    QCOMPARE(enDe->groups, std::size_t(10));
    QCOMPARE(enDe->precisionAt1, 1.0);
    QCOMPARE(enDe->meanReciprocalRank, 1.0);
    // de -> en: the ungrouped English text equals group 3's English text, so the German text
    // of group 3 ties with a stranger and ranks second.
    const auto *deEn = findPair(scores, "de", "en");
    QVERIFY(deEn);
    QCOMPARE(deEn->queries, std::size_t(10));
    QCOMPARE(deEn->precisionAt1, 0.9);
    QVERIFY(scores.meanPrecisionAt1.has_value());
    QCOMPARE(*scores.meanPrecisionAt1, (1.0 + 0.9) / 2);
}

// A candidate of another group exactly as similar as the query's translation ranks before it:
// a model that maps every text to the same vector must not score as perfect.
void TestRetrieval::tiesCountAgainstTheQuery()
{
    train::RetrievalSet set;
    for (std::int64_t g = 0; g < 10; ++g) {
        addRow(set, {1.0f, 1.0f}, "en", g);
        addRow(set, {1.0f, 1.0f}, "fr", g);
    }
    set.normalise();
    const auto scores = train::scoreRetrieval(set);
    const auto *enFr = findPair(scores, "en", "fr");
    QVERIFY(enFr);
    QCOMPARE(enFr->precisionAt1, 0.0);
    // Nine other groups tie with the translation: rank 10 for every query.
    QVERIFY(std::abs(enFr->meanReciprocalRank - 0.1) < 1e-12);
}

// A group with two members in B: the better-ranked one gives the query's rank.
void TestRetrieval::theBestOfTwoTranslationsCounts()
{
    train::RetrievalSet set;
    const std::size_t dimension = 12;
    for (std::size_t g = 0; g < 10; ++g) {
        addRow(set, unit(dimension, g), "en", static_cast<std::int64_t>(g));
        addRow(set, unit(dimension, g), "de", static_cast<std::int64_t>(g));
    }
    // Group 0 gets a second German text far from its English one, and group 1's English text
    // points half at a stranger (dimension 11, group 9's German text is moved there).
    addRow(set, unit(dimension, 10), "de", 0);
    set.vectors[(2 * 1) * dimension + 11] = 1.0f;  // en of group 1: (e1 + e11)
    set.vectors[(2 * 9 + 1) * dimension + 9] = 0;  // de of group 9 ...
    set.vectors[(2 * 9 + 1) * dimension + 11] = 1; // ... is e11 now
    set.normalise();
    const auto scores = train::scoreRetrieval(set);
    const auto *enDe = findPair(scores, "en", "de");
    QVERIFY(enDe);
    QCOMPARE(enDe->queries, std::size_t(10));
    // Group 0 still finds its first German text first. Group 1's query ties between its own
    // (e1) and group 9's (e11): rank 2. Group 9's English text (e9) is orthogonal to every
    // German text, so all 11 German texts tie: its own ranks after the 10 of other groups.
    QCOMPARE(enDe->precisionAt1, 0.8);
    QVERIFY(std::abs(enDe->meanReciprocalRank - (8.0 + 0.5 + 1.0 / 11) / 10) < 1e-12);
    // de -> en: eleven German queries (group 0 has two); the far one (e10) ties with all.
    const auto *deEn = findPair(scores, "de", "en");
    QVERIFY(deEn);
    QCOMPARE(deEn->queries, std::size_t(11));
}

// Pairs need ten groups with members on both sides; a language with fewer is still listed.
void TestRetrieval::pairsUnderTenGroupsAreLeftOut()
{
    train::RetrievalSet set;
    for (std::int64_t g = 0; g < 10; ++g) {
        addRow(set, unit(10, static_cast<std::size_t>(g)), "en", g);
        addRow(set, unit(10, static_cast<std::size_t>(g)), "de", g);
        if (g < 9)
            addRow(set, unit(10, static_cast<std::size_t>(g)), "fr", g);
    }
    set.normalise();
    const auto scores = train::scoreRetrieval(set);
    QCOMPARE(scores.languages, (std::vector<std::string>{"de", "en", "fr"}));
    QCOMPARE(scores.pairs.size(), std::size_t(2));
    QVERIFY(findPair(scores, "en", "de"));
    QVERIFY(findPair(scores, "de", "en"));
    QVERIFY(!findPair(scores, "en", "fr"));
    QVERIFY(!findPair(scores, "fr", "de"));
    // With a lower bar, fr joins.
    QCOMPARE(train::scoreRetrieval(set, 9).pairs.size(), std::size_t(6));
    // No pair at all: no means.
    QVERIFY(!train::scoreRetrieval(set, 11).meanPrecisionAt1.has_value());
}

// Hundreds of random texts per language (more than one block of candidates): the scores are
// those of ranking every candidate directly.
void TestRetrieval::blockedLoopsMatchADirectRanking()
{
    std::mt19937 random(7);
    std::normal_distribution<float> normal;
    train::RetrievalSet set;
    const std::size_t dimension = 16;
    const std::vector<std::string> languages{"en", "de", "ja"};
    for (std::int64_t g = 0; g < 300; ++g) {
        std::vector<float> base(dimension);
        for (auto &value : base)
            value = normal(random);
        for (const auto &language : languages) {
            if (language == "ja" && g % 3 == 0)
                continue; // fewer Japanese texts
            auto vector = base;
            for (auto &value : vector)
                value += 0.6f * normal(random);
            addRow(set, vector, language, g % 7 == 0 && language == "de" ? -1 : g);
        }
    }
    set.normalise();
    const auto scores = train::scoreRetrieval(set);
    QCOMPARE(scores.pairs.size(), std::size_t(6));
    for (const auto &pair : scores.pairs) {
        double hits = 0;
        double reciprocal = 0;
        std::size_t queries = 0;
        for (std::size_t q = 0; q < set.size(); ++q) {
            if (set.languages[q] != pair.query || set.groups[q] < 0)
                continue;
            // Summed as the scorer sums (float, in the dimensions' order), so near-ties fall the
            // same way.
            auto similarity = [&](std::size_t c) {
                float sum = 0;
                for (std::size_t k = 0; k < dimension; ++k)
                    sum += set.row(q)[k] * set.row(c)[k];
                return sum;
            };
            float best = -std::numeric_limits<float>::infinity();
            bool any = false;
            for (std::size_t c = 0; c < set.size(); ++c)
                if (set.languages[c] == pair.candidate && set.groups[c] == set.groups[q]) {
                    best = std::max(best, similarity(c));
                    any = true;
                }
            if (!any)
                continue;
            std::size_t ahead = 0;
            for (std::size_t c = 0; c < set.size(); ++c)
                if (set.languages[c] == pair.candidate && set.groups[c] != set.groups[q] && similarity(c) >= best)
                    ++ahead;
            ++queries;
            hits += ahead == 0;
            reciprocal += 1.0 / static_cast<double>(ahead + 1);
        }
        QCOMPARE(pair.queries, queries);
        QVERIFY2(std::abs(pair.precisionAt1 - hits / static_cast<double>(queries)) < 1e-9,
                 qPrintable(QString::fromStdString(pair.query + "|" + pair.candidate)));
        QVERIFY(std::abs(pair.meanReciprocalRank - reciprocal / static_cast<double>(queries)) < 1e-9);
        QVERIFY(pair.precisionAt1 > 0.2); // the groups' shared direction shows
    }
}

void TestRetrieval::neighboursPerLanguageMostSimilarFirst()
{
    train::RetrievalSet set;
    addRow(set, {1, 0, 0}, "en", 0);
    addRow(set, {0.8f, 0.6f, 0}, "en", 1);
    addRow(set, {0, 1, 0}, "en", 2);
    addRow(set, {0.6f, 0.8f, 0}, "de", 0);
    addRow(set, {0.6f, 0.8f, 0}, "de", 1); // a tie: row order decides
    set.normalise();
    const std::vector<float> query{1, 0, 0};
    const auto nearest = train::nearestByLanguage(set, query, 2);
    QCOMPARE(nearest.size(), std::size_t(2));
    const auto &english = nearest.at("en");
    QCOMPARE(english.size(), std::size_t(2));
    QCOMPARE(english[0].row, std::size_t(0));
    QCOMPARE(english[1].row, std::size_t(1));
    QVERIFY(std::abs(english[1].similarity - 0.8f) < 1e-6f);
    const auto &german = nearest.at("de");
    QCOMPARE(german[0].row, std::size_t(3));
    QCOMPARE(german[1].row, std::size_t(4));
    QCOMPARE(train::nearestByLanguage(set, query, 10).at("en").size(), std::size_t(3));
}

void TestRetrieval::cacheKeepsVectorsPerModelAndText()
{
    auto project = store::Project::create(pathIn(m_dir, QStringLiteral("cache.glossa")));
    const std::vector<store::TextHash> hashes{store::textHash("hello"), store::textHash("hallo"),
                                              store::textHash("bonjour")};
    QVERIFY(hashes[0] != hashes[1]);
    store::EmbeddingCache cache(project.db(), "model-a", 3);
    QVERIFY(!cache.read(hashes)[0].has_value());
    const std::vector<float> vectors{1, 2, 3, 4, 5, 6};
    cache.write(std::span(hashes).first(2), vectors);
    QCOMPARE(cache.count(), std::size_t(2));
    const auto read = cache.read(hashes);
    QCOMPARE(read[0].value(), (std::vector<float>{1, 2, 3}));
    QCOMPARE(read[1].value(), (std::vector<float>{4, 5, 6}));
    QVERIFY(!read[2].has_value());
    // Another model (or the same with another pooling) has its own vectors.
    store::EmbeddingCache other(project.db(), "model-b", 3);
    QVERIFY(!other.read(hashes)[0].has_value());
    // Written again: replaced.
    cache.write(std::span(hashes).first(1), std::vector<float>{7, 8, 9});
    QCOMPARE(cache.read(hashes)[0].value(), (std::vector<float>{7, 8, 9}));
    QVERIFY(glossa::test::errorFrom([&] { cache.write(hashes, vectors); }).has_value());
}

// A project from elsewhere may hold anything in the table: a vector of the wrong size, or
// with NaN or infinity, is not one this model made and is computed again.
void TestRetrieval::cacheIgnoresDamagedRows()
{
    auto project = store::Project::create(pathIn(m_dir, QStringLiteral("damaged.glossa")));
    const std::vector<store::TextHash> hashes{store::textHash("a"), store::textHash("b"), store::textHash("c"),
                                              store::textHash("d")};
    store::EmbeddingCache cache(project.db(), "m", 2);
    const float nan = std::numeric_limits<float>::quiet_NaN();
    const float inf = std::numeric_limits<float>::infinity();
    cache.write(hashes, std::vector<float>{1, 2, nan, 0, 0, inf, 5, 6});
    auto shorten = project.db().prepare("UPDATE embeddings SET vector = x'0000803F' WHERE text_hash = ?1");
    shorten.bindBlob(1, hashes[3]);
    shorten.run();
    const auto read = cache.read(hashes);
    QCOMPARE(read[0].value(), (std::vector<float>{1, 2}));
    QVERIFY(!read[1].has_value());
    QVERIFY(!read[2].has_value());
    QVERIFY(!read[3].has_value());
    // A 3-float model reading the 2-float rows: none fits.
    store::EmbeddingCache wider(project.db(), "m", 3);
    QVERIFY(!wider.read(hashes)[0].has_value());
}

QTEST_GUILESS_MAIN(TestRetrieval)
#include "tst_retrieval.moc"
