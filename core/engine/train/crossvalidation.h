#pragma once

#include "engine/train/trainer.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <span>
#include <stop_token>
#include <vector>

namespace glossa::core::text {
class Tokenizer;
}

namespace glossa::core::train {

using ExampleList = std::vector<const data::SnapshotExample *>;

// Every labelled example of the snapshot, whatever its split: what cross-validation folds.
ExampleList labelledExamples(const data::DatasetSnapshot &snapshot);

// A fold per example, stratified by label and group-aware: the examples of one group (the
// translations of one item) share a fold, so no held-out text has its translation in training.
// Groups are shuffled (seeded) within their label and each goes to the fold that has the
// fewest examples of that label so far.
std::vector<int> assignFolds(std::span<const data::SnapshotExample *const> examples, int folds, std::uint64_t seed);

// The examples outside the held-out fold, split for training and for picking the best
// checkpoint: one group in ten (at least one) picks, the rest train.
void splitForTraining(std::span<const data::SnapshotExample *const> rest, std::uint64_t seed, ExampleList &train,
                      ExampleList &dev);

struct CrossValidation
{
    int folds = 0;
    std::vector<int> fold;            // per example
    std::vector<float> probabilities; // [examples x classes], each from the model that did not see it
    std::vector<int> predicted;       // the most probable class per example
    std::vector<double> bestEpochs;   // per fold: the epoch of the checkpoint kept
    double accuracy = 0;              // of the out-of-fold predictions
};

struct FoldReport
{
    int fold = 0; // 0-based
    int folds = 0;
    std::size_t trainExamples = 0;
    const TrainingResult &result;
};

// Trains one model per fold with the config (its dev slice picks the checkpoint) and predicts
// the held-out fold: every example gets an out-of-sample prediction. `foldObserver` hears each
// fold's training; `foldDone` is called after each fold; `onTrainer` gets each fold's trainer
// before it trains and nullptr after, so a caller can pause it. `features`: the cached vectors a
// features run's fold heads train on; `encoded`: the examples already tokenised, which every
// fold reads instead of tokenising its share again. Throws Error on a stop request.
CrossValidation crossValidate(std::span<const data::SnapshotExample *const> examples,
                              const std::vector<std::string> &labels, const std::string &datasetName,
                              const TrainConfig &config, const text::Tokenizer &tokenizer, int folds,
                              const std::filesystem::path &workDir, TrainingObserver &foldObserver,
                              const std::function<void(const FoldReport &)> &foldDone, std::stop_token stop = {},
                              const std::function<void(Trainer *)> &onTrainer = {},
                              const FeatureVectors *features = nullptr, const EncodedSnapshot *encoded = nullptr);

// Passes one fold's training on as progress of the whole cross-validation: steps count on from
// the folds before, and the per-fold evaluations and log lines stay out, so a search reads as
// one task with one progress line instead of k runs' logs.
class FoldProgress : public TrainingObserver
{
public:
    FoldProgress(TrainingObserver &outer, int folds);
    void startFold(int fold);
    void progress(const TrainingProgress &progress) override;

private:
    TrainingObserver &m_outer;
    int m_folds;
    int m_fold = 0;
    std::int64_t m_stepsBefore = 0;
    std::int64_t m_lastStep = 0;
};

} // namespace glossa::core::train
