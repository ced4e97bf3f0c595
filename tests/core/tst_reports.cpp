// The reports a run stores (test and dev evaluations, the label-error search's summary) are
// written by glossa-cli and read back by the workbench through one codec, from a project file
// that may come from anyone: what was written reads back the same, and a damaged or hostile
// report is refused with a reason, never a crash or a huge allocation.

#include "train/bootstrap.h"
#include "train/metrics.h"
#include "train/reportjson.h"

#include <QTest>

#include <string>
#include <vector>

using namespace glossa::core::train;

class TestReports : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void aComputedReportReadsBackTheSame();
    void classesAbsentFromASetStayAbsent();
    void aRunStoppedBeforeItsTestHasNoMatrix();
    void damagedReportsAreRefused_data();
    void damagedReportsAreRefused();
    void labelErrorSummaryRoundTrip();
    void olderLabelErrorSummariesRead();
};

namespace {
// Twelve examples in three languages, three classes, one of them ("maybe") never in Thai.
StoredReport computedReport()
{
    const std::vector<int> gold{0, 0, 1, 1, 2, 2, 0, 1, 0, 1, 2, 0};
    const std::vector<int> predicted{0, 1, 1, 1, 2, 0, 0, 1, 0, 0, 2, 0};
    const std::vector<std::string> languages{"en", "en", "en", "en", "en", "en", "th", "th", "th", "th", "", ""};
    auto scores = evaluationReport(gold, predicted, languages, 3);
    addConfidenceIntervals(scores, gold, predicted, languages, 3, {200});
    return {{"yes", "no", "maybe"}, std::move(scores), "test split", 0};
}
} // namespace

void TestReports::aComputedReportReadsBackTheSame()
{
    const auto written = computedReport();
    const auto json = reportToJson(written).dump();
    std::string error;
    const auto read = reportFromJson(json, &error);
    QVERIFY2(read, error.c_str());
    QCOMPARE(read->labels, written.labels);
    QCOMPARE(read->evaluation, std::string("test split"));
    const auto &overall = read->scores.overall;
    QCOMPARE(overall.examples, std::int64_t(12));
    QCOMPARE(overall.accuracy, written.scores.overall.accuracy);
    QCOMPARE(overall.macroF1, written.scores.overall.macroF1);
    QCOMPARE(overall.confusion, written.scores.overall.confusion);
    QVERIFY(overall.macroF1Interval);
    QCOMPARE(overall.macroF1Interval->low, written.scores.overall.macroF1Interval->low);
    QCOMPARE(overall.perClass[2].support, std::int64_t(3));
    QVERIFY(overall.classF1Intervals[0]);
    // The examples without a language, written under "und", read back under none.
    QVERIFY(json.find(R"("und":{"n":2,)") != std::string::npos);
    QCOMPARE(read->scores.perLanguage.size(), std::size_t(3));
    QCOMPARE(read->scores.perLanguage.at("").examples, std::int64_t(2));
    QCOMPARE(read->scores.perLanguage.at("th").accuracy, 0.75);
    // Written again, it is the same text: nothing was lost or invented on the way.
    QCOMPARE(reportToJson(*read).dump(), json);
}

void TestReports::classesAbsentFromASetStayAbsent()
{
    const auto read = reportFromJson(reportToJson(computedReport()).dump());
    QVERIFY(read);
    const auto &thai = read->scores.perLanguage.at("th");
    QCOMPARE(thai.classInSet, (std::vector<bool>{true, true, false}));
    QVERIFY(thai.confusion.empty()); // only the overall report has one
}

void TestReports::aRunStoppedBeforeItsTestHasNoMatrix()
{
    StoredReport stopped{{"a", "b"}, {}, "test split", 0};
    const auto read = reportFromJson(reportToJson(stopped).dump());
    QVERIFY(read);
    QCOMPARE(read->scores.overall.examples, std::int64_t(0));
    QVERIFY(read->scores.overall.confusion.empty());
}

void TestReports::damagedReportsAreRefused_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QByteArray>("reason");
    QTest::newRow("not JSON") << QByteArray("{\"confusion\": ") << QByteArray("not JSON");
    QTest::newRow("an array") << QByteArray("[1, 2]") << QByteArray("not a JSON object");
    QTest::newRow("no labels") << QByteArray(R"({"accuracy": 0.5})") << QByteArray("no labels");
    QTest::newRow("labels not strings") << QByteArray(R"({"confusion": {"labels": [1, 2]}})") << QByteArray("type");
    // 50,000 labels and a one-cell matrix: filling it out would take 20 GB.
    QByteArray many = R"({"confusion": {"labels": [)";
    for (int i = 0; i < 50000; ++i)
        many += (i ? ",\"" : "\"") + QByteArray::number(i) + '"';
    many += R"(], "matrix": [[1]]}})";
    QTest::newRow("a matrix smaller than its labels") << many << QByteArray("not 50000 rows");
    QTest::newRow("a short row") << QByteArray(R"({"confusion": {"labels": ["a", "b"], "matrix": [[1, 2], [3]]}})")
                                 << QByteArray("row is not 2 counts");
    QTest::newRow("a count that is text")
        << QByteArray(R"({"confusion": {"labels": ["a"], "matrix": [["x"]]}})") << QByteArray("type");
    QTest::newRow("a score that is text")
        << QByteArray(R"({"macro_f1": "high", "confusion": {"labels": ["a"], "matrix": [[1]]}})")
        << QByteArray("type");
    QTest::newRow("a language that is a number")
        << QByteArray(R"({"per_language": {"en": 3}, "confusion": {"labels": ["a"], "matrix": [[1]]}})")
        << QByteArray("per_language.en is not an object");
}

void TestReports::damagedReportsAreRefused()
{
    QFETCH(QByteArray, json);
    QFETCH(QByteArray, reason);
    std::string error;
    QVERIFY(!reportFromJson(std::string_view(json.constData(), static_cast<std::size_t>(json.size())), &error));
    QVERIFY2(error.find(reason.toStdString()) != std::string::npos, error.c_str());
}

void TestReports::labelErrorSummaryRoundTrip()
{
    LabelErrorSummary summary;
    summary.examples = 1200;
    summary.flagged = 90;
    summary.candidates = 60;
    summary.cap = 60;
    summary.folds = 5;
    summary.ranking = "self-confidence";
    summary.outOfSampleAccuracy = 0.62;
    summary.accuracyTooLow = true;
    summary.minUsefulAccuracy = 0.7;
    const auto json = labelErrorSummaryToJson(summary);
    std::string error;
    const auto read = labelErrorSummaryFromJson(json, &error);
    QVERIFY2(read, error.c_str());
    QCOMPARE(read->flagged, std::int64_t(90));
    QCOMPARE(read->ranking, std::string("self-confidence"));
    QCOMPARE(read->outOfSampleAccuracy.value_or(-1), 0.62);
    QVERIFY(read->accuracyTooLow);
    QCOMPARE(labelErrorSummaryToJson(*read), json);
    QVERIFY(!labelErrorSummaryFromJson(R"({"flagged": "many"})", &error));
    QVERIFY(!labelErrorSummaryFromJson("[]", &error));
}

void TestReports::olderLabelErrorSummariesRead()
{
    // What runstore.cpp stores for a search saved without a summary.
    const auto read = labelErrorSummaryFromJson(R"({"candidates": 4})");
    QVERIFY(read);
    QCOMPARE(read->candidates, std::int64_t(4));
    QVERIFY(!read->outOfSampleAccuracy); // unknown, not 0% accurate
    QVERIFY(!read->accuracyTooLow);
}

QTEST_APPLESS_MAIN(TestReports)
#include "tst_reports.moc"
