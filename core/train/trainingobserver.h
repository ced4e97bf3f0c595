#pragma once

#include "store/runstatus.h"
#include "train/logmessage.h"
#include "train/metrics.h"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace glossa::core::model {
class TextClassifier;
}

// What a training run reports, and to whom: plain values and an observer interface, in
// glossa_core so that what records or forwards a run (RunRecorder, glossa-cli's events) needs
// no LibTorch. The trainer that fills them is glossa_engine's (engine/train/trainer.h).
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
// thread (RunRecorder writes from its own; glossa-cli --events prints each call as one line).
class TrainingObserver
{
public:
    virtual ~TrainingObserver() = default;
    virtual void progress(const TrainingProgress &) {}
    virtual void evaluated(const TrainingEvaluation &) {}
    virtual void log(std::string_view) {}
    // A common log line as typed values (logmessage.h); by default logged as its English text.
    virtual void message(const LogMessage &message) { log(englishText(message)); }
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
    store::RunStatus status = store::RunStatus::Finished; // finished or stopped
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
    // The settings the engine decides when left automatic, as it decided them (key → value
    // as text), and whether early stopping ended the run (TrainingSummary stores both).
    std::vector<std::pair<std::string, std::string>> settingsUsed;
    bool earlyStopped = false;
    std::vector<float> testProbabilities; // [test examples x classes], row-major, when asked for
    std::filesystem::path checkpoint;     // the best model
    // The best model itself, in memory, so the job can predict with it without reading the
    // checkpoint back.
    std::shared_ptr<model::TextClassifier> model;
};

} // namespace glossa::core::train
