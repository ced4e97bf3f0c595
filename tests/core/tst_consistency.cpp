// Consistency across translations on a hand-built case: does a run give a text and its
// translations the same label, overall and per language pair, and which groups does it not?

#include "train/consistency.h"

#include <QTest>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

using namespace glossa::core::train;

namespace {

ConsistencyExample member(std::int64_t id, std::optional<std::string> group, std::string lang, std::string predicted,
                          std::string gold = {})
{
    return {id, std::move(group), std::move(lang), "text " + std::to_string(id), std::move(predicted), std::move(gold)};
}

// Groups, each a line:
//   g1 en a, de a, fr a                 consistent (fr unlabelled, en's gold label wrong)
//   g2 en a, de a, fr b                 inconsistent: in de|fr and en|fr, not in de|en
//   g3 en a, en b                       two members of one language that disagree: no pair
//   g4 en a, en a, de a                 consistent, one de|en group
//   g5 ja a                             one member: not a group
//   g6 en a, (no language) b            inconsistent, in no pair
//   g9 en a, de b, fr c                 three labels: listed first
//   rows without a group (none and "") that disagree with everything: ignored
std::vector<ConsistencyExample> handBuiltCase()
{
    return {
        member(1, "g1", "en", "a", "x"),      member(2, "g1", "de", "a", "a"), member(3, "g1", "fr", "a"),
        member(4, "g2", "en", "a", "a"),      member(5, "g2", "de", "a", "a"), member(6, "g2", "fr", "b", "a"),
        member(7, "g3", "en", "a"),           member(8, "g3", "en", "b"),      member(9, "g4", "en", "a"),
        member(10, "g4", "en", "a"),          member(11, "g4", "de", "a"),     member(12, "g5", "ja", "a"),
        member(13, "g6", "en", "a"),          member(14, "g6", "", "b"),       member(17, "g9", "fr", "c"),
        member(15, "g9", "en", "a"),          member(16, "g9", "de", "b"),     member(18, std::nullopt, "en", "z"),
        member(19, std::string(), "de", "y"),
    };
}

} // namespace

class TestConsistency : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void pairKeysAreSorted();
    void countsGroupsAndPairs();
    void listsTheInconsistentGroups();
    void predictionsAloneCount();
    void nothingToCount();
    void jsonAsEvalPrintsIt();
};

void TestConsistency::pairKeysAreSorted()
{
    QCOMPARE(languagePairKey("en", "de"), std::string("de|en"));
    QCOMPARE(languagePairKey("de", "en"), std::string("de|en"));
    QCOMPARE(languagePairKey("zh-Hant", "ar"), std::string("ar|zh-Hant"));
}

void TestConsistency::countsGroupsAndPairs()
{
    const auto examples = handBuiltCase();
    const auto result = measureConsistency(examples);
    // g1 g2 g3 g4 g6 g9; g1 and g4 agree.
    QCOMPARE(result.overall.groups, std::int64_t(6));
    QCOMPARE(result.overall.consistent, std::int64_t(2));
    QCOMPARE(*result.overall.rate(), 2.0 / 6.0);
    // Only pairs of two different, known languages; no "en|en", no pair with the unknown one.
    QCOMPARE(result.pairs.size(), std::size_t(3));
    QCOMPARE(result.pairs.at("de|en"), (ConsistencyCount{4, 3})); // g1 g2 g4 agree there, g9 does not
    QCOMPARE(result.pairs.at("de|fr"), (ConsistencyCount{3, 1})); // g1 only
    QCOMPARE(result.pairs.at("en|fr"), (ConsistencyCount{3, 1}));
    QCOMPARE(*result.pairs.at("de|en").rate(), 0.75);
    // g2, three languages, is inconsistent in exactly the two pairs with its odd one out (fr):
    // with every language present once, one pair alone cannot disagree.
    const std::vector<ConsistencyExample> g2(examples.begin() + 3, examples.begin() + 6);
    const auto alone = measureConsistency(g2);
    QCOMPARE(alone.overall, (ConsistencyCount{1, 0}));
    QCOMPARE(alone.pairs.at("de|en"), (ConsistencyCount{1, 1}));
    QCOMPARE(alone.pairs.at("de|fr"), (ConsistencyCount{1, 0}));
    QCOMPARE(alone.pairs.at("en|fr"), (ConsistencyCount{1, 0}));
}

void TestConsistency::listsTheInconsistentGroups()
{
    const auto result = measureConsistency(handBuiltCase());
    QCOMPARE(result.inconsistent.size(), std::size_t(4));
    QCOMPARE(result.inconsistent[0].group, std::string("g9")); // three labels
    QCOMPARE(result.inconsistent[0].distinctLabels, std::size_t(3));
    QCOMPARE(result.inconsistent[1].group, std::string("g2")); // then by group id
    QCOMPARE(result.inconsistent[2].group, std::string("g3"));
    QCOMPARE(result.inconsistent[3].group, std::string("g6"));
    // Members by language, then id, with text, prediction and gold label for the analyst.
    const auto &g9 = result.inconsistent[0].members;
    QCOMPARE(g9.size(), std::size_t(3));
    QCOMPARE(g9[0].lang, std::string("de"));
    QCOMPARE(g9[1].lang, std::string("en"));
    QCOMPARE(g9[2].lang, std::string("fr"));
    QCOMPARE(g9[2].exampleId, std::int64_t(17));
    QCOMPARE(g9[2].text, std::string("text 17"));
    QCOMPARE(g9[2].predicted, std::string("c"));
    const auto &g2 = result.inconsistent[1].members;
    QCOMPARE(g2[2].gold, std::string("a"));
    QCOMPARE(g2[2].predicted, std::string("b"));
}

// Gold labels change nothing: a group the run labels alike is consistent whether its labels
// are right, wrong or missing, and one it labels apart is not even when all are right.
void TestConsistency::predictionsAloneCount()
{
    const std::vector<ConsistencyExample> unlabelled{member(1, "g", "en", "a"), member(2, "g", "de", "a")};
    QCOMPARE(measureConsistency(unlabelled).overall, (ConsistencyCount{1, 1}));
    const std::vector<ConsistencyExample> wrong{member(1, "g", "en", "a", "b"), member(2, "g", "de", "a", "b")};
    QCOMPARE(measureConsistency(wrong).overall, (ConsistencyCount{1, 1}));
    const std::vector<ConsistencyExample> right{member(1, "g", "en", "a", "a"), member(2, "g", "de", "b", "b")};
    QCOMPARE(measureConsistency(right).overall, (ConsistencyCount{1, 0}));
}

void TestConsistency::nothingToCount()
{
    const std::vector<ConsistencyExample> ungrouped{member(1, std::nullopt, "en", "a"), member(2, "g", "de", "a")};
    const auto result = measureConsistency(ungrouped);
    QCOMPARE(result.overall, (ConsistencyCount{0, 0}));
    QVERIFY(!result.overall.rate());
    QVERIFY(result.pairs.empty());
    const auto json = consistencyToJson(result, 10);
    QVERIFY(json["rate"].is_null());
    QVERIFY(json["pairs"].is_object() && json["pairs"].empty());
    QVERIFY(json["inconsistent"].is_array() && json["inconsistent"].empty());
}

void TestConsistency::jsonAsEvalPrintsIt()
{
    const auto json = consistencyToJson(measureConsistency(handBuiltCase()), 2);
    QCOMPARE(json["groups"].get<int>(), 6);
    QCOMPARE(json["consistent"].get<int>(), 2);
    QCOMPARE(json["rate"].get<double>(), 2.0 / 6.0);
    QCOMPARE(json["pairs"]["de|en"]["groups"].get<int>(), 4);
    QCOMPARE(json["pairs"]["de|en"]["consistent"].get<int>(), 3);
    QCOMPARE(json["pairs"]["de|en"]["rate"].get<double>(), 0.75);
    // Capped: the first two of the four inconsistent groups.
    QCOMPARE(json["inconsistent"].size(), std::size_t(2));
    QCOMPARE(json["inconsistent"][0]["group"].get<std::string>(), std::string("g9"));
    QCOMPARE(json["inconsistent"][0]["labels"].get<int>(), 3);
    const auto &first = json["inconsistent"][1]["members"][0]; // g2's de member
    QCOMPARE(first["example_id"].get<int>(), 5);
    QCOMPARE(first["lang"].get<std::string>(), std::string("de"));
    QCOMPARE(first["predicted"].get<std::string>(), std::string("a"));
    QCOMPARE(first["label"].get<std::string>(), std::string("a"));
    const auto unlabelled = consistencyToJson(measureConsistency(handBuiltCase()), 10)["inconsistent"][2]["members"];
    QVERIFY(unlabelled[0]["label"].is_null()); // g3's members have no gold label
}

QTEST_GUILESS_MAIN(TestConsistency)
#include "tst_consistency.moc"
