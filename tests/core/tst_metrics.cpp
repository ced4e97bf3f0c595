// Classification metrics against hand-computed cases: what an analyst reads as "macro-F1" must
// be the number scikit-learn would give for the same predictions.

#include "testsupport.h"

#include "train/metrics.h"
#include "util/error.h"

#include <QTest>

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

QTEST_MAIN(TestMetrics)
#include "tst_metrics.moc"
