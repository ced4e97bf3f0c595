// The pieces of a transfer study that need no model: which rows a source-restricted run sees,
// the source list, what each source's run does next, and the matrix's reading per target.

#include "data/snapshot.h"
#include "store/runstatus.h"
#include "store/studystore.h"
#include "train/sourcelanguages.h"
#include "train/transferstudy.h"
#include "util/error.h"

#include <QtTest>

using namespace glossa::core;

namespace {

data::SnapshotExample row(std::int64_t id, const char *lang, data::Split split, int label, const char *group)
{
    data::SnapshotExample example;
    example.id = id;
    example.text = "text " + std::to_string(id);
    example.lang = lang;
    example.split = split;
    example.label = label;
    example.group = std::string(group);
    return example;
}

data::DatasetSnapshot twoLanguages()
{
    data::DatasetSnapshot snapshot;
    snapshot.datasetName = "d";
    snapshot.labels = {"a", "b"};
    snapshot.examples = {row(1, "de", data::Split::Train, 0, "g1"), row(2, "fr", data::Split::Train, 0, "g1"),
                         row(3, "de", data::Split::Dev, 1, "g2"),   row(4, "fr", data::Split::Dev, 1, "g2"),
                         row(5, "de", data::Split::Test, 0, "g3"),  row(6, "fr", data::Split::Test, 1, "g3"),
                         row(7, "fr", data::Split::Train, 1, "g4")};
    return snapshot;
}

train::EvaluationReport reportOf(std::map<std::string, double> macroF1)
{
    train::EvaluationReport report;
    for (const auto &[language, score] : macroF1) {
        auto &scores = report.perLanguage[language];
        scores.macroF1 = score;
        scores.examples = 20;
    }
    return report;
}

} // namespace

class TransferStudyTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sourceLanguagesAreCodes();
    void restrictedRunSeesOnlyItsSourcesTrainAndDevRows();
    void sourcesEndWithAll();
    void refusesStraddlingGroupsAndMissingLanguages();
    void stepsFollowTheRunsStatus();
    void matrixRecommendsTheBestOtherSource();
};

void TransferStudyTest::sourceLanguagesAreCodes()
{
    QCOMPARE(train::parseSourceLanguages(" de, pt-BR ,de"), (std::vector<std::string>{"de", "pt-BR"}));
    QVERIFY(train::parseSourceLanguages("").empty());
    QVERIFY(!train::sourceLanguagesProblem("de,fr"));
    QVERIFY(train::sourceLanguagesProblem("de,,fr")->find("empty one at position 2") != std::string::npos);
    QVERIFY(train::sourceLanguagesProblem("de;fr")->find("'de;fr'") != std::string::npos);
    QVERIFY_THROWS_EXCEPTION(Error, train::parseSourceLanguages("d e"));
}

void TransferStudyTest::restrictedRunSeesOnlyItsSourcesTrainAndDevRows()
{
    const auto restricted = train::restrictToSources(twoLanguages(), {"de"});
    std::vector<std::int64_t> ids;
    for (const auto &example : restricted.examples)
        ids.push_back(example.id);
    // German train and dev, and every language's test rows.
    QCOMPARE(ids, (std::vector<std::int64_t>{1, 3, 5, 6}));
    QCOMPARE(restricted.labels, twoLanguages().labels);
}

void TransferStudyTest::sourcesEndWithAll()
{
    QCOMPARE(train::transferSources({"de", "fr"}), (std::vector<std::string>{"de", "fr", "all"}));
    QCOMPARE(train::sourceLanguagesSetting("all", {"de", "fr"}), std::string("de,fr"));
    QCOMPARE(train::sourceLanguagesSetting("fr", {"de", "fr"}), std::string("fr"));
    // French has more labelled rows, so it comes first.
    QCOMPARE(train::transferLanguages(twoLanguages()), (std::vector<std::string>{"fr", "de"}));
}

void TransferStudyTest::refusesStraddlingGroupsAndMissingLanguages()
{
    auto snapshot = twoLanguages();
    train::requireTransferData(snapshot, {"de", "fr"}, "p.glossa"); // fine
    QVERIFY_THROWS_EXCEPTION(Error, train::requireTransferData(snapshot, {"de"}, "p.glossa"));
    QVERIFY_THROWS_EXCEPTION(Error, train::requireTransferData(snapshot, {"de", "ja"}, "p.glossa"));
    snapshot.examples[6].group = "g3"; // a French training row joins a test group
    try {
        train::requireTransferData(snapshot, {"de", "fr"}, "p.glossa");
        QFAIL("a group in train and test was accepted");
    } catch (const Error &e) {
        const std::string message = e.what();
        QVERIFY2(message.find("group 'g3' has rows in test and train") != std::string::npos, e.what());
        QVERIFY2(message.find("--by group") != std::string::npos, e.what());
    }
}

void TransferStudyTest::stepsFollowTheRunsStatus()
{
    using store::RunStatus;
    const std::map<std::int64_t, RunStatus> status{{1, RunStatus::Finished}, {2, RunStatus::Stopped},
                                                   {3, RunStatus::Failed}, {4, RunStatus::Running}};
    const auto steps = train::planStudySteps({"de", "fr", "ja", "ko", "all"},
                                             {{"de", 1}, {"fr", 2}, {"ja", 3}, {"ko", 4}}, [&](std::int64_t id) {
                                                 const auto found = status.find(id);
                                                 return found == status.end() ? std::nullopt
                                                                              : std::optional(found->second);
                                             });
    using Action = train::StudyStep::Action;
    QCOMPARE(steps.size(), std::size_t(5));
    QCOMPARE(steps[0].action, Action::Done);
    QCOMPARE(steps[1].action, Action::Resume);
    QCOMPARE(steps[1].runId, std::int64_t(2));
    QCOMPARE(steps[2].action, Action::Train); // failed: trained again
    QCOMPARE(steps[3].action, Action::Busy);
    QCOMPARE(steps[4].action, Action::Train);
}

void TransferStudyTest::matrixRecommendsTheBestOtherSource()
{
    std::map<std::string, std::pair<std::int64_t, train::EvaluationReport>> reports;
    reports["de"] = {1, reportOf({{"de", 0.9}, {"fr", 0.5}, {"ja", 0.2}})};
    reports["fr"] = {2, reportOf({{"de", 0.6}, {"fr", 0.8}, {"ja", 0.4}})};
    reports["all"] = {4, reportOf({{"de", 0.92}, {"fr", 0.85}, {"ja", 0.7}})};
    // ja's run has not finished: its row is empty.
    const auto matrix = train::transferMatrix({"de", "fr", "ja"}, reports);
    QCOMPARE(matrix.sources, (std::vector<std::string>{"de", "fr", "ja", "all"}));
    QVERIFY(!matrix.cell("ja", "de"));
    QCOMPARE(matrix.cell("fr", "de")->macroF1, 0.6);
    QCOMPARE(matrix.runs.at("all"), std::int64_t(4));
    const auto &de = matrix.targets[0];
    QCOMPARE(*de.bestSource, std::string("fr"));
    QCOMPARE(*de.own, 0.9);
    QVERIFY(qFuzzyCompare(*de.gainFromOwn, 0.3));
    const auto &ja = matrix.targets[2];
    QCOMPARE(*ja.bestSource, std::string("fr")); // 0.4 beats German's 0.2; "all" is not a single language
    QVERIFY(!ja.own);
    QVERIFY(!ja.gainFromOwn);
    QVERIFY(qFuzzyCompare(*ja.meanTransfer, 0.3));
}

QTEST_GUILESS_MAIN(TransferStudyTest)
#include "tst_transferstudy.moc"
