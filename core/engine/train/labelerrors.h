#pragma once

#include "store/runstore.h"
#include "train/reportjson.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <stop_token>
#include <string>
#include <vector>

namespace glossa::core::data {
struct DatasetSnapshot;
}
namespace glossa::core::text {
class Tokenizer;
}

namespace glossa::core::train {

class FeatureVectors;
class TrainConfig;
class TrainingObserver;

// How flags are ordered in the queue. Self-confidence (the out-of-sample probability of the
// given label, lowest first) put more wrong labels in the top 5% than the margin (suggested
// minus given probability) on the demo with 5% of labels flipped: 0.43 against 0.38 precision,
// mean of four seeds (bench/label_noise).
enum class LabelErrorRanking { SelfConfidence, Margin };

struct LabelErrorOptions
{
    int folds = 5;
    std::filesystem::path workDir; // each fold's checkpoints; removed afterwards
    // The queue holds at most this share of the labelled examples (the best-ranked flags):
    // beyond a few percent, a queue stops being a review and becomes a relabelling.
    double maxShare = 0.05;
    LabelErrorRanking ranking = LabelErrorRanking::SelfConfidence;
    // Called as each fold starts (0-based), for a driver that shows which fold is under way.
    std::function<void(int fold, int folds)> foldStarted = {};
    // A features run's cached vectors (embedForFeatures): the folds train heads on them only.
    const FeatureVectors *features = nullptr;
};

// Below this out-of-sample accuracy most flags are the model's own mistakes, not the labels'.
inline constexpr double minUsefulAccuracy = 0.7;

struct LabelErrorSearch
{
    std::vector<store::LabelErrorCandidate> candidates; // the queue: ranked by margin, capped
    std::int64_t examples = 0;                          // labelled examples searched
    std::int64_t flagged = 0;                           // confident learning's flags, before the cap
    std::int64_t cap = 0;                               // at most this many in the queue
    int folds = 0;
    std::string ranking;            // self-confidence or margin
    double outOfSampleAccuracy = 0; // of the folds' predictions, over every labelled example
    // For measuring the method (bench/bench_labelerrors): every flag, ranked, and the examples
    // whose out-of-sample prediction simply disagrees with their label.
    std::vector<std::int64_t> flaggedIds;
    std::vector<std::int64_t> disagreeingIds;

    bool accuracyTooLow() const { return outOfSampleAccuracy < minUsefulAccuracy; }
    // Stored with the run beside the candidates (labelErrorSummaryToJson), and read back for display.
    LabelErrorSummary summary() const;
};

// Likely label errors by confident learning (Northcutt et al., 2021): every labelled example
// gets an out-of-sample prediction from group-aware, stratified k-fold cross-validation (a
// model trained with the run's settings on the other folds). Class j's threshold is the mean
// predicted probability of j over the examples labelled j. An example is flagged when, among
// the classes whose probability reaches their own threshold, the most probable is not its
// label: that class is the suggestion. Flags are ranked (options.ranking: a candidate's score
// is 1 minus the label's probability, or the suggestion's probability minus the label's) and
// the queue is capped at options.maxShare of the examples.
// The folds report to the observer as one progress ("label errors: fold k of n" lines mark
// each fold's start).
//
// Throws Error when there are too few labelled examples for the folds, or on a stop request.
LabelErrorSearch findLabelErrors(const data::DatasetSnapshot &snapshot, const TrainConfig &config,
                                 const text::Tokenizer &tokenizer, const LabelErrorOptions &options,
                                 TrainingObserver &observer, std::stop_token stop = {});

} // namespace glossa::core::train
