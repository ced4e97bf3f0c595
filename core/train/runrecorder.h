#pragma once

#include "train/trainingobserver.h"

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace glossa::core::store {
class Project;
struct MetricPoint;
} // namespace glossa::core::store

namespace glossa::core::train {

// Writes a run's progress into the project from a thread of its own, so training never waits
// on the disk: buffered metrics several times a second, a report per evaluation, the paused
// state, and the heartbeat that tells other processes the run is alive. Every event also goes
// on to the next observer (the CLI's printer, the UI's controller).
//
// Training loss is averaged over windows of steps so a long run stores about a thousand
// points, not one per step.
class RunRecorder final : public TrainingObserver
{
public:
    RunRecorder(const store::Project &project, std::int64_t runId, std::vector<std::string> labels,
                TrainingObserver &next);
    ~RunRecorder() override;
    RunRecorder(const RunRecorder &) = delete;
    RunRecorder &operator=(const RunRecorder &) = delete;

    void progress(const TrainingProgress &progress) override;
    void evaluated(const TrainingEvaluation &evaluation) override;
    void log(std::string_view line) override;
    void message(const LogMessage &message) override { m_next.message(message); }
    void resumed(std::int64_t step) override;
    void held(bool holding) override { m_next.held(holding); }
    void setPaused(bool paused);
    // Writes what is buffered and stops the writer; the caller writes the run's outcome after.
    void finish();

private:
    struct Pending;
    void writeLoop(std::stop_token stop);
    void flush();

    std::int64_t m_runId;
    std::vector<std::string> m_labels;
    TrainingObserver &m_next;
    std::unique_ptr<Pending> m_pending;
    std::mutex m_mutex;
    std::condition_variable_any m_wake;
    // Window of training steps averaged into one point (training thread only).
    double m_lossSum = 0;
    std::int64_t m_lossSteps = 0;
    std::jthread m_writer; // last: starts after everything above exists
};

} // namespace glossa::core::train
