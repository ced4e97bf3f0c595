#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace glossa::core::train {

// A 95% confidence interval (percentile bootstrap, see bootstrap.h).
struct Interval
{
    double low = 0;
    double high = 0;
};

struct ClassScores
{
    double precision = 0;
    double recall = 0;
    double f1 = 0;
    std::int64_t support = 0;   // gold examples of the class
    std::int64_t predicted = 0; // examples predicted as the class
};

// Scores of single-label classification over one set of examples.
//
// Conventions follow scikit-learn's defaults, which analysts compare against: a class counts
// in the macro averages when it occurs in the gold labels or the predictions of the set (so a
// class the model never predicts pulls macro-F1 down, and a class absent from this language
// does not); 0/0 precision or recall is 0. For single-label data micro P = R = F1 = accuracy.
struct ClassificationReport
{
    std::int64_t examples = 0;
    double accuracy = 0;
    double macroPrecision = 0;
    double macroRecall = 0;
    double macroF1 = 0;
    double microPrecision = 0;
    double microRecall = 0;
    double microF1 = 0;
    double weightedF1 = 0;                            // by support
    std::vector<ClassScores> perClass;                // indexed by class id
    std::vector<bool> classInSet;                     // the class occurs in gold or predictions
    std::vector<std::vector<std::int64_t>> confusion; // [gold][predicted]; empty when not asked for
    // Uncertainty of the scores from this many examples, when computed (addConfidenceIntervals).
    std::optional<Interval> accuracyInterval;
    std::optional<Interval> macroF1Interval;
    std::vector<std::optional<Interval>> classF1Intervals; // by class id; empty when not computed
};

// Overall and per-language reports (each with its per-class scores: language x class). Only
// the overall report has a confusion matrix: 500 languages x 500 classes of them would take
// gigabytes (the UDHR language benchmark), and per-language errors read better as a filter on
// the overall one.
struct EvaluationReport
{
    ClassificationReport overall;
    std::map<std::string, ClassificationReport> perLanguage;
};

// gold and predicted hold class ids in [0, classCount); throws Error when they disagree in
// length or hold an id out of range.
ClassificationReport classificationReport(std::span<const int> gold, std::span<const int> predicted, int classCount,
                                          bool withConfusion = true);
EvaluationReport evaluationReport(std::span<const int> gold, std::span<const int> predicted,
                                  std::span<const std::string> languages, int classCount);

} // namespace glossa::core::train
