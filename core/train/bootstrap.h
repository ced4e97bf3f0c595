#pragma once

#include "train/metrics.h"

#include <cstdint>
#include <span>
#include <string>

namespace glossa::core::train {

// How many resamples, and their seed: the same inputs always give the same intervals.
struct BootstrapOptions
{
    int resamples = 1000;
    std::uint64_t seed = 13;
    double level = 0.95;
};

// Adds 95% percentile-bootstrap intervals to a report: examples are drawn with replacement as
// many times as there are, the scores recomputed (with metrics.h's conventions) for each draw,
// and the 2.5th and 97.5th percentiles kept. Accuracy, macro-F1 and every class's F1 overall,
// and the same within each language (resampling that language's examples). An interval from a
// handful of examples is wide, as it should be; none is given for an empty set.
void addConfidenceIntervals(EvaluationReport &report, std::span<const int> gold, std::span<const int> predicted,
                            std::span<const std::string> languages, int classCount,
                            const BootstrapOptions &options = {});

// Two runs' predictions for the same examples: the difference in macro-F1 (b minus a) and its
// paired bootstrap interval (both runs scored on the same draw each time).
struct PairedDifference
{
    std::int64_t examples = 0;
    double macroF1A = 0;
    double macroF1B = 0;
    double difference = 0;
    Interval interval;
    bool excludesZero = false; // the interval lies wholly above or below 0
    int resamples = 0;
};

PairedDifference pairedBootstrap(std::span<const int> gold, std::span<const int> predictedA,
                                 std::span<const int> predictedB, int classCount, const BootstrapOptions &options = {});

} // namespace glossa::core::train
