#pragma once

#include "train/metrics.h"
#include "train/trainconfig.h"
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

struct TrainingProgress
{
    std::int64_t step = 0;       // optimizer steps so far
    std::int64_t totalSteps = 0; // for the whole run, without early stopping
    double epoch = 0;            // fractional
    double loss = 0;             // this step's training loss
    double learningRate = 0;
    double examplesPerSecond = 0;
    double etaSeconds = 0;
};

struct TrainingEvaluation
{
    std::int64_t step = 0;
    double epoch = 0;
    double loss = 0; // dev loss
    EvaluationReport report;
    bool best = false; // the best so far by the early-stopping metric
};

struct TrainingResult;

// How a run reports; called on the training thread, so implementations hand over to their own
// thread (the UI's controller queues signals).
class TrainingObserver
{
public:
    virtual ~TrainingObserver() = default;
    virtual void progress(const TrainingProgress &) {}
    virtual void evaluated(const TrainingEvaluation &) {}
    virtual void log(std::string_view) {}
    // A resumed run goes on after this step; what was reported after it is replayed.
    virtual void resumed(std::int64_t /*step*/) {}
    // A pause took hold between two steps (true), and the run goes on again (false). Called on
    // the training thread: the moment pause() is in effect, not the moment it was asked for.
    virtual void held(bool /*holding*/) {}
    // The end of a TrainingJob: its result, once stored in the project (finished or stopped),
    // or the message its run was marked failed with.
    virtual void finished(const TrainingResult & /*result*/) {}
    virtual void failed(std::string_view /*message*/) {}
};

struct TrainingResult
{
    std::string status; // finished, stopped
    std::string device;
    double epochs = 0;
    double trainSeconds = 0; // over every session of a resumed run
    double examplesPerSecond = 0;
    std::int64_t steps = 0;
    std::int64_t resumedFromStep = -1;      // -1: not resumed
    std::optional<TrainingEvaluation> best; // the best model's dev evaluation
    EvaluationReport test;
    // How `test` was measured: "test split", or "cross-validation" over every labelled example
    // (folds models, each scoring the examples it did not see) for data too small to split.
    std::string evaluation = "test split";
    int folds = 0;
    std::vector<float> testProbabilities; // [test examples x classes], row-major, when asked for
    std::filesystem::path checkpoint;     // the best model
    // The best model itself, in memory, so the job can predict with it without reading the
    // checkpoint back.
    std::shared_ptr<model::TextClassifier> model;
};

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
