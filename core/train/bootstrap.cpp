#include "train/bootstrap.h"

#include "util/error.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <random>
#include <vector>

namespace glossa::core::train {
namespace {

// Counts of one draw, reused between draws.
struct Tally
{
    explicit Tally(int classes)
        : truePositives(static_cast<std::size_t>(classes))
        , support(static_cast<std::size_t>(classes))
        , predicted(static_cast<std::size_t>(classes))
    {
    }
    void clear()
    {
        std::fill(truePositives.begin(), truePositives.end(), 0);
        std::fill(support.begin(), support.end(), 0);
        std::fill(predicted.begin(), predicted.end(), 0);
        correct = 0;
        examples = 0;
    }
    void add(int gold, int guess)
    {
        const auto g = static_cast<std::size_t>(gold);
        truePositives[g] += gold == guess;
        ++support[g];
        ++predicted[static_cast<std::size_t>(guess)];
        correct += gold == guess;
        ++examples;
    }
    bool inSet(std::size_t c) const { return support[c] > 0 || predicted[c] > 0; }
    double f1(std::size_t c) const
    {
        // 2 tp / (support + predicted): the harmonic mean of precision and recall, 0 for 0/0.
        const auto denominator = support[c] + predicted[c];
        return denominator == 0 ? 0.0 : 2.0 * static_cast<double>(truePositives[c]) / static_cast<double>(denominator);
    }
    double accuracy() const
    {
        return examples == 0 ? 0.0 : static_cast<double>(correct) / static_cast<double>(examples);
    }
    double macroF1() const
    {
        double sum = 0;
        int classes = 0;
        for (std::size_t c = 0; c < support.size(); ++c)
            if (inSet(c)) {
                sum += f1(c);
                ++classes;
            }
        return classes == 0 ? 0.0 : sum / classes;
    }

    std::vector<std::int64_t> truePositives;
    std::vector<std::int64_t> support;
    std::vector<std::int64_t> predicted;
    std::int64_t correct = 0;
    std::int64_t examples = 0;
};

// numpy's default percentile: linear between the two nearest order statistics.
double percentile(std::vector<double> &sorted, double q)
{
    if (sorted.empty())
        return 0;
    const double at = q * static_cast<double>(sorted.size() - 1);
    const auto below = static_cast<std::size_t>(std::floor(at));
    const auto above = std::min(below + 1, sorted.size() - 1);
    return sorted[below] + (at - static_cast<double>(below)) * (sorted[above] - sorted[below]);
}

Interval intervalOf(std::vector<double> values, double level)
{
    std::sort(values.begin(), values.end());
    const double tail = (1 - level) / 2;
    return {percentile(values, tail), percentile(values, 1 - tail)};
}

void checkOptions(const BootstrapOptions &options)
{
    if (options.resamples < 1 || !(options.level > 0 && options.level < 1))
        throw Error("bootstrap: resamples must be positive and the level between 0 and 1");
}

// The classes one set of examples names, as gold label or prediction, numbered from 0 in
// order; every other class has no F1 in any draw from the set. A language of 5 test rows
// among 500 classes then costs 5 counts per draw, not 500: the per-language intervals of a
// dataset with hundreds of languages and classes took longer than training its model.
struct LocalClasses
{
    LocalClasses(std::span<const int> gold, std::span<const int> predicted, const std::vector<std::size_t> &members,
                 int classCount)
    {
        std::vector<int> localOf(static_cast<std::size_t>(classCount), -1);
        for (const auto example : members)
            for (const int c : {gold[example], predicted[example]})
                localOf[static_cast<std::size_t>(c)] = 0;
        for (std::size_t c = 0; c < localOf.size(); ++c)
            if (localOf[c] == 0) {
                localOf[c] = static_cast<int>(global.size());
                global.push_back(c);
            }
        for (const auto example : members) {
            this->gold.push_back(localOf[static_cast<std::size_t>(gold[example])]);
            this->predicted.push_back(localOf[static_cast<std::size_t>(predicted[example])]);
        }
    }

    std::vector<std::size_t> global; // local class -> class
    std::vector<int> gold;           // per member, as local classes
    std::vector<int> predicted;
};

// Bootstraps one set of examples (indices into gold/predicted) and writes the intervals into
// its report.
void bootstrapInto(ClassificationReport &report, std::span<const int> gold, std::span<const int> predicted,
                   const std::vector<std::size_t> &members, int classCount, const BootstrapOptions &options,
                   std::mt19937_64 &random)
{
    if (members.empty())
        return;
    const LocalClasses local(gold, predicted, members, classCount);
    const auto classes = local.global.size();
    std::vector<double> accuracies;
    std::vector<double> macroF1s;
    std::vector<std::vector<double>> classF1s(classes);
    accuracies.reserve(static_cast<std::size_t>(options.resamples));
    macroF1s.reserve(static_cast<std::size_t>(options.resamples));
    Tally tally(static_cast<int>(classes));
    std::uniform_int_distribution<std::size_t> pick(0, members.size() - 1);
    for (int r = 0; r < options.resamples; ++r) {
        tally.clear();
        for (std::size_t i = 0; i < members.size(); ++i) {
            const auto member = pick(random);
            tally.add(local.gold[member], local.predicted[member]);
        }
        accuracies.push_back(tally.accuracy());
        macroF1s.push_back(tally.macroF1());
        // A class absent from a draw has no F1 in it (it is not in that draw's macro average).
        for (std::size_t c = 0; c < classes; ++c)
            if (tally.inSet(c))
                classF1s[c].push_back(tally.f1(c));
    }
    report.accuracyInterval = intervalOf(std::move(accuracies), options.level);
    report.macroF1Interval = intervalOf(std::move(macroF1s), options.level);
    report.classF1Intervals.assign(static_cast<std::size_t>(classCount), std::nullopt);
    for (std::size_t c = 0; c < classes; ++c) {
        const auto global = local.global[c];
        if (global < report.classInSet.size() && report.classInSet[global] && !classF1s[c].empty())
            report.classF1Intervals[global] = intervalOf(std::move(classF1s[c]), options.level);
    }
}

} // namespace

void addConfidenceIntervals(EvaluationReport &report, std::span<const int> gold, std::span<const int> predicted,
                            std::span<const std::string> languages, int classCount, const BootstrapOptions &options)
{
    checkOptions(options);
    if (gold.size() != predicted.size() || languages.size() != gold.size())
        throw Error("bootstrap: gold labels, predictions and languages differ in number");
    std::mt19937_64 random(options.seed);
    std::vector<std::size_t> all(gold.size());
    std::map<std::string, std::vector<std::size_t>> byLanguage;
    for (std::size_t i = 0; i < gold.size(); ++i) {
        all[i] = i;
        byLanguage[languages[i]].push_back(i);
    }
    bootstrapInto(report.overall, gold, predicted, all, classCount, options, random);
    for (auto &[language, scores] : report.perLanguage)
        if (const auto it = byLanguage.find(language); it != byLanguage.end())
            bootstrapInto(scores, gold, predicted, it->second, classCount, options, random);
}

PairedDifference pairedBootstrap(std::span<const int> gold, std::span<const int> predictedA,
                                 std::span<const int> predictedB, int classCount, const BootstrapOptions &options)
{
    checkOptions(options);
    if (gold.size() != predictedA.size() || gold.size() != predictedB.size())
        throw Error("bootstrap: the two runs' predictions cover different examples");
    PairedDifference result;
    result.examples = static_cast<std::int64_t>(gold.size());
    result.resamples = options.resamples;
    Tally a(classCount);
    Tally b(classCount);
    for (std::size_t i = 0; i < gold.size(); ++i) {
        a.add(gold[i], predictedA[i]);
        b.add(gold[i], predictedB[i]);
    }
    result.macroF1A = a.macroF1();
    result.macroF1B = b.macroF1();
    result.difference = result.macroF1B - result.macroF1A;
    if (gold.empty())
        return result;
    std::mt19937_64 random(options.seed);
    std::uniform_int_distribution<std::size_t> pick(0, gold.size() - 1);
    std::vector<double> differences;
    differences.reserve(static_cast<std::size_t>(options.resamples));
    for (int r = 0; r < options.resamples; ++r) {
        a.clear();
        b.clear();
        for (std::size_t i = 0; i < gold.size(); ++i) {
            const auto example = pick(random);
            a.add(gold[example], predictedA[example]);
            b.add(gold[example], predictedB[example]);
        }
        differences.push_back(b.macroF1() - a.macroF1());
    }
    result.interval = intervalOf(std::move(differences), options.level);
    result.excludesZero = result.interval.low > 0 || result.interval.high < 0;
    return result;
}

} // namespace glossa::core::train
