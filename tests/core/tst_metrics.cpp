// Classification metrics against hand-computed cases: what an analyst reads as "macro-F1" must
// be the number scikit-learn would give for the same predictions.

#include "testsupport.h"

#include "train/bootstrap.h"
#include "train/metrics.h"
#include "train/reportjson.h"
#include "util/error.h"

#include <QTest>

#include <cmath>
#include <string>
#include <vector>

using namespace glossa::core;

using IntList = std::vector<int>;
Q_DECLARE_METATYPE(IntList)

class TestMetrics : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void overallScores_data();
    void overallScores();
    void perClassScoresForAClassNeverPredicted();
    void confusionMatrixCountsGoldByPrediction();
    void perLanguageAndLanguageByClass();
    void rejectsMismatchedInput();
    void intervalsHoldTheScoreAndNarrowWithMoreExamples();
    void intervalsMatchTheNormalApproximation();
    void intervalsPerLanguageAndClassInTheJson();
    void pairedBootstrapTellsARealDifferenceFromNoise();
};

void TestMetrics::overallScores_data()
{
    QTest::addColumn<IntList>("gold");
    QTest::addColumn<IntList>("predicted");
    QTest::addColumn<int>("classes");
    QTest::addColumn<double>("accuracy");
    QTest::addColumn<double>("macroPrecision");
    QTest::addColumn<double>("macroRecall");
    QTest::addColumn<double>("macroF1");
    QTest::addColumn<double>("weightedF1");

    QTest::newRow("perfect") << IntList{0, 1, 2} << IntList{0, 1, 2} << 3 << 1.0 << 1.0 << 1.0 << 1.0 << 1.0;
    // Class 1 is never predicted: P = R = F1 = 0 for it, and it still counts in the macro mean.
    // Class 0: P = 2/4, R = 2/2, F1 = 2/3.
    QTest::newRow("class absent from predictions")
        << IntList{0, 0, 1, 1} << IntList{0, 0, 0, 0} << 2 << 0.5 << 0.25 << 0.5 << 1.0 / 3 << 1.0 / 3;
    // Class 1 is predicted but never gold (counts, with F1 0); class 2 occurs nowhere (left out).
    // Class 0: P = 2/2, R = 2/3, F1 = 0.8.
    QTest::newRow("class absent from gold")
        << IntList{0, 0, 0} << IntList{0, 1, 0} << 3 << 2.0 / 3 << 0.5 << 1.0 / 3 << 0.4 << 0.8;
    // Every class: one right, one wrong, predicted twice: P = R = F1 = 1/2.
    QTest::newRow("rotating confusions") << IntList{0, 0, 1, 1, 2, 2} << IntList{0, 1, 1, 2, 2, 0} << 3 << 0.5 << 0.5
                                         << 0.5 << 0.5 << 0.5;
    // Class 0: P = 3/3, R = 3/4, F1 = 6/7. Class 1: P = 1/2, R = 1/1, F1 = 2/3.
    QTest::newRow("imbalanced") << IntList{0, 0, 0, 0, 1} << IntList{0, 0, 0, 1, 1} << 2 << 0.8 << 0.75 << 0.875
                                << (6.0 / 7 + 2.0 / 3) / 2 << (6.0 / 7 * 4 + 2.0 / 3) / 5;
    QTest::newRow("no examples") << IntList{} << IntList{} << 2 << 0.0 << 0.0 << 0.0 << 0.0 << 0.0;
}

void TestMetrics::overallScores()
{
    QFETCH(IntList, gold);
    QFETCH(IntList, predicted);
    QFETCH(int, classes);
    QFETCH(double, accuracy);
    QFETCH(double, macroPrecision);
    QFETCH(double, macroRecall);
    QFETCH(double, macroF1);
    QFETCH(double, weightedF1);

    const auto report = train::classificationReport(gold, predicted, classes);
    QCOMPARE(report.examples, static_cast<std::int64_t>(gold.size()));
    QCOMPARE(report.accuracy, accuracy);
    QVERIFY(qFuzzyCompare(1 + report.macroPrecision, 1 + macroPrecision));
    QVERIFY(qFuzzyCompare(1 + report.macroRecall, 1 + macroRecall));
    QVERIFY2(qFuzzyCompare(1 + report.macroF1, 1 + macroF1), qPrintable(QString::number(report.macroF1)));
    QVERIFY2(qFuzzyCompare(1 + report.weightedF1, 1 + weightedF1), qPrintable(QString::number(report.weightedF1)));
    // Single-label: micro precision, recall and F1 all equal accuracy.
    QCOMPARE(report.microF1, accuracy);
    QCOMPARE(report.microPrecision, accuracy);
    QCOMPARE(report.microRecall, accuracy);
}

void TestMetrics::perClassScoresForAClassNeverPredicted()
{
    const auto report = train::classificationReport(IntList{0, 0, 1, 1, 2}, IntList{0, 0, 0, 0, 2}, 3);
    QCOMPARE(report.perClass.size(), size_t(3));
    QCOMPARE(report.perClass[1].support, 2);
    QCOMPARE(report.perClass[1].predicted, 0);
    QCOMPARE(report.perClass[1].precision, 0.0);
    QCOMPARE(report.perClass[1].recall, 0.0);
    QCOMPARE(report.perClass[1].f1, 0.0);
    QCOMPARE(report.perClass[0].precision, 0.5);
    QCOMPARE(report.perClass[0].recall, 1.0);
    QCOMPARE(report.perClass[2].f1, 1.0);
    QVERIFY(report.classInSet[1]);
}

void TestMetrics::confusionMatrixCountsGoldByPrediction()
{
    const auto report = train::classificationReport(IntList{0, 0, 1, 2, 2, 2}, IntList{0, 2, 1, 2, 0, 2}, 3);
    const std::vector<std::vector<std::int64_t>> expected = {{1, 0, 1}, {0, 1, 0}, {1, 0, 2}};
    QCOMPARE(report.confusion, expected);
}

void TestMetrics::perLanguageAndLanguageByClass()
{
    const std::vector<std::string> languages = {"en", "en", "de", "de"};
    const auto report = train::evaluationReport(IntList{0, 1, 0, 1}, IntList{0, 1, 1, 1}, languages, 2);
    QCOMPARE(report.overall.accuracy, 0.75);
    QCOMPARE(report.perLanguage.size(), size_t(2));
    const auto &english = report.perLanguage.at("en");
    QCOMPARE(english.accuracy, 1.0);
    QCOMPARE(english.macroF1, 1.0);
    QCOMPARE(english.examples, 2);
    // German: class 0 never predicted (F1 0); class 1 P = 1/2, R = 1, F1 = 2/3.
    const auto &german = report.perLanguage.at("de");
    QCOMPARE(german.accuracy, 0.5);
    QVERIFY(qFuzzyCompare(german.perClass[1].f1, 2.0 / 3));
    QCOMPARE(german.perClass[0].f1, 0.0);
    QVERIFY(qFuzzyCompare(german.macroF1, 1.0 / 3));
}

void TestMetrics::rejectsMismatchedInput()
{
    QVERIFY_THROWS_EXCEPTION(Error, train::classificationReport(IntList{0, 1}, IntList{0}, 2));
    QVERIFY_THROWS_EXCEPTION(Error, train::classificationReport(IntList{0, 2}, IntList{0, 1}, 2));
    QVERIFY_THROWS_EXCEPTION(Error, train::classificationReport(IntList{0, -1}, IntList{0, 1}, 2));
    const std::vector<std::string> oneLanguage = {"en"};
    QVERIFY_THROWS_EXCEPTION(Error, train::evaluationReport(IntList{0, 1}, IntList{0, 1}, oneLanguage, 2));
}

namespace {

// n examples of three classes, right at the given rate, errors spread evenly (deterministic).
struct Scored
{
    std::vector<int> gold;
    std::vector<int> predicted;
    std::vector<std::string> languages;
};

Scored scoredSet(int n, double accuracy, const char *language = "en")
{
    Scored set;
    for (int i = 0; i < n; ++i) {
        const int gold = i % 3;
        const bool right = std::floor((i + 1) * accuracy) > std::floor(i * accuracy);
        set.gold.push_back(gold);
        set.predicted.push_back(right ? gold : (gold + 1) % 3);
        set.languages.emplace_back(language);
    }
    return set;
}

train::EvaluationReport withIntervals(const Scored &set)
{
    auto report = train::evaluationReport(set.gold, set.predicted, set.languages, 3);
    train::addConfidenceIntervals(report, set.gold, set.predicted, set.languages, 3);
    return report;
}

} // namespace

void TestMetrics::intervalsHoldTheScoreAndNarrowWithMoreExamples()
{
    double previousWidth = 2;
    for (const int n : {12, 60, 300, 1500}) {
        const auto report = withIntervals(scoredSet(n, 0.7));
        const auto &overall = report.overall;
        QVERIFY(overall.accuracyInterval && overall.macroF1Interval);
        QVERIFY(overall.accuracyInterval->low <= overall.accuracy
                && overall.accuracy <= overall.accuracyInterval->high);
        QVERIFY(overall.macroF1Interval->low <= overall.macroF1 && overall.macroF1 <= overall.macroF1Interval->high);
        const double width = overall.macroF1Interval->high - overall.macroF1Interval->low;
        qInfo("n %d: macro-F1 %.3f [%.3f, %.3f]", n, overall.macroF1, overall.macroF1Interval->low,
              overall.macroF1Interval->high);
        QVERIFY2(width < previousWidth, qPrintable(QStringLiteral("n %1: width %2").arg(n).arg(width)));
        QVERIFY(width > 0);
        previousWidth = width;
    }
    // Seeded: the same data gives the same interval.
    QCOMPARE(withIntervals(scoredSet(300, 0.7)).overall.macroF1Interval->low,
             withIntervals(scoredSet(300, 0.7)).overall.macroF1Interval->low);
    // One example: no spread to draw from.
    const auto single = withIntervals(scoredSet(1, 1.0));
    QCOMPARE(single.overall.accuracyInterval->low, 1.0);
    QCOMPARE(single.overall.accuracyInterval->high, 1.0);
}

// For accuracy the percentile bootstrap should agree with p +- 1.96 sqrt(p (1 - p) / n).
void TestMetrics::intervalsMatchTheNormalApproximation()
{
    const int n = 800;
    const auto report = withIntervals(scoredSet(n, 0.5));
    const double p = report.overall.accuracy;
    const double half = 1.96 * std::sqrt(p * (1 - p) / n);
    const auto &interval = *report.overall.accuracyInterval;
    qInfo("accuracy %.3f: bootstrap [%.4f, %.4f], normal [%.4f, %.4f]", p, interval.low, interval.high, p - half,
          p + half);
    QVERIFY(std::abs(interval.low - (p - half)) < 0.01);
    QVERIFY(std::abs(interval.high - (p + half)) < 0.01);
}

void TestMetrics::intervalsPerLanguageAndClassInTheJson()
{
    auto set = scoredSet(400, 0.8, "en");
    const auto few = scoredSet(6, 0.5, "ru");
    set.gold.insert(set.gold.end(), few.gold.begin(), few.gold.end());
    set.predicted.insert(set.predicted.end(), few.predicted.begin(), few.predicted.end());
    set.languages.insert(set.languages.end(), few.languages.begin(), few.languages.end());
    const auto json = train::reportToJson(withIntervals(set), {"a", "b", "c"});
    QCOMPARE(json["n"].get<int>(), 406);
    QCOMPARE(json["accuracy_ci"].size(), std::size_t(2));
    QCOMPARE(json["macro_f1_ci"].size(), std::size_t(2));
    QCOMPARE(json["per_class"]["b"]["f1_ci"].size(), std::size_t(2));
    const auto &en = json["per_language"]["en"];
    const auto &ru = json["per_language"]["ru"];
    QCOMPARE(ru["n"].get<int>(), 6);
    QCOMPARE(ru["per_class"]["a"]["f1_ci"].size(), std::size_t(2));
    // Six examples say much less than four hundred.
    const double enWidth = en["macro_f1_ci"][1].get<double>() - en["macro_f1_ci"][0].get<double>();
    const double ruWidth = ru["macro_f1_ci"][1].get<double>() - ru["macro_f1_ci"][0].get<double>();
    QVERIFY2(ruWidth > 3 * enWidth, qPrintable(QStringLiteral("%1 vs %2").arg(ruWidth).arg(enWidth)));
}

void TestMetrics::pairedBootstrapTellsARealDifferenceFromNoise()
{
    const auto weaker = scoredSet(600, 0.70);
    const auto stronger = scoredSet(600, 0.80);
    const auto real = train::pairedBootstrap(weaker.gold, weaker.predicted, stronger.predicted, 3);
    QVERIFY(real.difference > 0.05);
    QVERIFY(real.interval.low <= real.difference && real.difference <= real.interval.high);
    QVERIFY(real.excludesZero);
    QCOMPARE(real.examples, std::int64_t(600));
    QVERIFY(real.resamples >= 1000);
    // The same predictions: no difference at all.
    const auto same = train::pairedBootstrap(weaker.gold, weaker.predicted, weaker.predicted, 3);
    QCOMPARE(same.difference, 0.0);
    QVERIFY(!same.excludesZero);
    // A small difference on few examples is within the noise.
    const auto a = scoredSet(30, 0.70);
    const auto b = scoredSet(30, 0.74);
    const auto noise = train::pairedBootstrap(a.gold, a.predicted, b.predicted, 3);
    QVERIFY(!noise.excludesZero);
}

QTEST_MAIN(TestMetrics)
#include "tst_metrics.moc"
