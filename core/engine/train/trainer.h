#pragma once

#include "train/metrics.h"
#include "train/trainconfig.h"
#include "train/trainingobserver.h"
#include "train/trainsettings.h"

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

namespace glossa::core::data {
struct DatasetSnapshot;
struct SnapshotExample;
} // namespace glossa::core::data
namespace glossa::core::model {
class TextClassifier;
}
namespace glossa::core::text {
class Tokenizer;
}

namespace glossa::core::train {

class EncodedSnapshot;
class FeatureVectors;

// What a run trains on: the labelled examples of each split, from a snapshot (or from a
// fold of one, for cross-validation).
struct TrainingData
{
    std::string name; // the dataset, for messages
    std::vector<std::string> labels;
    std::vector<const data::SnapshotExample *> train;
    std::vector<const data::SnapshotExample *> dev;
    std::vector<const data::SnapshotExample *> test;

    static TrainingData fromSnapshot(const data::DatasetSnapshot &snapshot);
};

struct TrainerOptions
{
    std::filesystem::path checkpointDir; // best.pt (the best model) and state.pt (to resume)
    bool resume = false;                 // go on from checkpointDir/state.pt
    bool keepTestProbabilities = false;
    // finetune.strategy=features: the examples' cached vectors, which the head trains on.
    const FeatureVectors *features = nullptr;
    // The examples already tokenised with the trainer's tokenizer; any it lacks, or all when
    // the model reads other input, are tokenised by the trainer.
    const EncodedSnapshot *encoded = nullptr;
};

// The device the settings ask for, as LibTorch names it ("cpu", "cuda:0"). Throws Error when
// they ask for CUDA on a machine without it.
std::string resolveDevice(const TrainSettings &settings);
std::string resolveDevice(const TrainConfig &config);

// One training run, synchronous: the caller owns the thread (TrainingJob, cross-validation).
// Trains on the data, evaluates on dev at the interval, keeps the best checkpoint, stops
// early, and scores the best model on test. The state is saved every 30 s of training and on
// a stop, so a resumed run ends exactly where an uninterrupted one would (same seed, on CPU).
// Failures throw Error.
class Trainer
{
public:
    Trainer(const TrainingData &data, const TrainConfig &config, const text::Tokenizer &tokenizer,
            TrainerOptions options, TrainingObserver &observer);
    ~Trainer();

    // A stop request ends the run after the current step, with the best checkpoint so far.
    TrainingResult run(std::stop_token stop = {});
    // Take effect between steps; pause blocks the training thread until resume or stop.
    void pause();
    void resume();

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace glossa::core::train
