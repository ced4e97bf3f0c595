#include "train/metrics.h"

#include "util/error.h"

namespace glossa::core::train {
namespace {

double ratio(std::int64_t numerator, std::int64_t denominator)
{
    return denominator == 0 ? 0.0 : static_cast<double>(numerator) / static_cast<double>(denominator);
}

double harmonicMean(double precision, double recall)
{
    return precision + recall == 0 ? 0.0 : 2 * precision * recall / (precision + recall);
}

void checkInput(std::span<const int> gold, std::span<const int> predicted, int classCount)
{
    if (gold.size() != predicted.size())
        throw Error("metrics: " + std::to_string(gold.size()) + " gold labels but " + std::to_string(predicted.size())
                    + " predictions");
    if (classCount <= 0)
        throw Error("metrics: there must be at least one class");
    for (size_t i = 0; i < gold.size(); ++i) {
        if (gold[i] < 0 || gold[i] >= classCount || predicted[i] < 0 || predicted[i] >= classCount)
            throw Error("metrics: class id out of range at example " + std::to_string(i));
    }
}

} // namespace

ClassificationReport classificationReport(std::span<const int> gold, std::span<const int> predicted, int classCount,
                                          bool withConfusion)
{
    checkInput(gold, predicted, classCount);
    const auto classes = static_cast<size_t>(classCount);
    ClassificationReport report;
    report.examples = static_cast<std::int64_t>(gold.size());
    if (withConfusion)
        report.confusion.assign(classes, std::vector<std::int64_t>(classes, 0));
    std::vector<std::int64_t> truePositives(classes, 0);
    report.perClass.assign(classes, {});
    report.classInSet.assign(classes, false);

    std::int64_t correct = 0;
    for (size_t i = 0; i < gold.size(); ++i) {
        const auto g = static_cast<size_t>(gold[i]);
        const auto p = static_cast<size_t>(predicted[i]);
        if (withConfusion)
            ++report.confusion[g][p];
        truePositives[g] += g == p;
        ++report.perClass[g].support;
        ++report.perClass[p].predicted;
        report.classInSet[g] = true;
        report.classInSet[p] = true;
        correct += g == p;
    }
    report.accuracy = ratio(correct, report.examples);
    report.microPrecision = report.microRecall = report.microF1 = report.accuracy;

    int classesInSet = 0;
    for (size_t c = 0; c < classes; ++c) {
        auto &scores = report.perClass[c];
        scores.precision = ratio(truePositives[c], scores.predicted);
        scores.recall = ratio(truePositives[c], scores.support);
        scores.f1 = harmonicMean(scores.precision, scores.recall);
        if (!report.classInSet[c])
            continue;
        ++classesInSet;
        report.macroPrecision += scores.precision;
        report.macroRecall += scores.recall;
        report.macroF1 += scores.f1;
        report.weightedF1 += scores.f1 * static_cast<double>(scores.support);
    }
    if (classesInSet > 0) {
        report.macroPrecision /= classesInSet;
        report.macroRecall /= classesInSet;
        report.macroF1 /= classesInSet;
    }
    report.weightedF1 = report.examples ? report.weightedF1 / static_cast<double>(report.examples) : 0.0;
    return report;
}

EvaluationReport evaluationReport(std::span<const int> gold, std::span<const int> predicted,
                                  std::span<const std::string> languages, int classCount)
{
    checkInput(gold, predicted, classCount);
    if (languages.size() != gold.size())
        throw Error("metrics: " + std::to_string(gold.size()) + " gold labels but " + std::to_string(languages.size())
                    + " languages");
    EvaluationReport result;
    result.overall = classificationReport(gold, predicted, classCount);
    std::map<std::string, std::pair<std::vector<int>, std::vector<int>>> byLanguage;
    for (size_t i = 0; i < gold.size(); ++i) {
        auto &[languageGold, languagePredicted] = byLanguage[languages[i]];
        languageGold.push_back(gold[i]);
        languagePredicted.push_back(predicted[i]);
    }
    for (const auto &[language, pair] : byLanguage)
        result.perLanguage.emplace(language, classificationReport(pair.first, pair.second, classCount, false));
    return result;
}

} // namespace glossa::core::train
