#pragma once

#include "engine/train/trainer.h"
#include "store/runstore.h"
#include "train/trainconfig.h"

#include <cstdint>
#include <memory>
#include <mutex>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

namespace glossa::core::store {
class Project;
}

namespace glossa::core::train {

struct TrainingOutcome
{
    store::RunInfo run; // as stored at the end
    TrainingResult result;
    std::vector<std::string> labels; // the classes, in the order of the result's reports
    bool tokenizerReused = false;
    double tokenizerSeconds = 0;
};

// A run from start to end, kept in the project: takes the snapshot and stores it with the
// run, trains or reuses the tokenizer, trains on the calling thread while a RunRecorder writes
// progress, and stores the best model, the test report and the outcome. Every failure marks
// the run failed with its message and is rethrown; the project stays as it was otherwise.
class TrainingJob
{
public:
    TrainingJob(const store::Project &project, TrainingObserver &observer);
    ~TrainingJob();

    // A new run of the dataset. Throws Error, writing nothing, when the config is invalid or
    // the dataset does not exist. An empty name picks one ("bag-3").
    std::int64_t create(std::string_view dataset, const TrainConfig &config, std::string_view runName = {});
    // Readies a stopped or interrupted run to go on from its last checkpoint.
    std::int64_t prepareResume(std::string_view idOrName);

    // Trains the run create() or prepareResume() readied; synchronous. A stop request ends
    // it as "stopped", resumable later.
    TrainingOutcome run(std::stop_token stop = {});
    // From any thread; take effect between steps.
    void pause();
    void resume();

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace glossa::core::train
