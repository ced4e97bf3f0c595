#pragma once

#include "train/metrics.h"
#include "train/trainconfig.h"

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

namespace glossa::core::data {
struct DatasetSnapshot;
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

// How a run reports; called on the training thread, so implementations hand over to their own
// thread (the UI's controller queues signals).
class TrainingObserver
{
public:
    virtual ~TrainingObserver() = default;
    virtual void progress(const TrainingProgress &) {}
    virtual void evaluated(const TrainingEvaluation &) {}
    virtual void log(std::string_view) {}
};

struct TrainingResult
{
    std::string status; // finished, stopped
    std::string device;
    double epochs = 0;
    double trainSeconds = 0;
    double examplesPerSecond = 0;
    std::int64_t steps = 0;
    std::optional<TrainingEvaluation> best;
    EvaluationReport test;
    std::filesystem::path checkpoint; // the best model
};

// One training run, synchronous: the caller owns the thread (TrainingJob, glossa-cli). Reads
// the snapshot's labelled examples, trains, evaluates on dev at the interval, keeps the best
// checkpoint, stops early, and scores the best model on test. Failures throw Error.
class Trainer
{
public:
    Trainer(const data::DatasetSnapshot &snapshot, const TrainConfig &config, const text::Tokenizer &tokenizer,
            std::filesystem::path checkpointDir, TrainingObserver &observer);
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
