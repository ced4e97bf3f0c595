#pragma once

#include <cstddef>
#include <string>

namespace glossa::core::data {
struct DatasetSnapshot;
}

namespace glossa::core::train {

struct TrainSettings;

// A dev or test split with fewer labelled examples than this can neither pick a model nor
// give a score worth reading (one example moves accuracy by more than 3 points).
inline constexpr std::size_t minEvaluationExamples = 30;
// Up to this many labelled examples, a dataset whose splits are too small is scored by
// cross-validation: k small models cost little. Above it, splitting again is the better fix.
inline constexpr std::size_t maxCrossValidatedExamples = 5000;
// Fewer labelled examples than this cannot train anything worth scoring.
inline constexpr std::size_t minTrainableExamples = 10;

struct EvaluationPlan
{
    bool crossValidation = false;
    int folds = 0;
    std::size_t labelled = 0;
    std::size_t dev = 0;  // labelled examples in the dev split
    std::size_t test = 0; // and in the test split
    std::string reason;   // why cross-validation, for the run's log
    // A source-restricted run (eval.source_languages) whose sources have almost no dev rows
    // (fewer than minTrainableExamples): one group in ten of their training rows picks the
    // checkpoint instead (still only source rows). `reason` says so, or that few dev rows pick it.
    bool devFromTraining = false;
};

// How a run on this snapshot is scored: on its test split when dev and test hold at least
// minEvaluationExamples labelled examples each; otherwise by eval.folds-fold cross-validation
// (group-aware, stratified) when the dataset is small enough. Throws Error naming the fix
// (how many labelled examples are missing, or the command that splits the dataset again)
// when neither works. A run restricted to source languages is never cross-validated (its test
// is every language's test split): it needs labelled training rows in each source and
// minEvaluationExamples labelled test rows; see devFromTraining for its dev rows.
EvaluationPlan planEvaluation(const data::DatasetSnapshot &snapshot, const TrainSettings &settings);

} // namespace glossa::core::train
