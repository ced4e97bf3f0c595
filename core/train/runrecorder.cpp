#include "train/runrecorder.h"

#include "store/project.h"
#include "store/runstore.h"
#include "train/reportjson.h"

#include <chrono>

namespace glossa::core::train {
namespace {

constexpr auto flushInterval = std::chrono::milliseconds(500);
constexpr std::int64_t pointsPerRun = 1000;

struct PendingReport
{
    std::int64_t step;
    double epoch;
    std::string json;
};

} // namespace

struct RunRecorder::Pending
{
    Pending(const store::Project &project)
        : db(project.connect())
        , runs(db, project.artefactDir())
    {
    }
    store::Database db; // the writer thread's own connection
    store::RunStore runs;
    // Guarded by the recorder's mutex:
    std::vector<store::MetricPoint> points;
    std::vector<PendingReport> reports;
    std::optional<std::int64_t> discardAfter;
    std::optional<bool> paused;
    std::int64_t lastHeartbeatMs = 0;
};

RunRecorder::RunRecorder(const store::Project &project, std::int64_t runId, std::vector<std::string> labels,
                         TrainingObserver &next)
    : m_runId(runId)
    , m_labels(std::move(labels))
    , m_next(next)
    , m_pending(std::make_unique<Pending>(project))
    , m_writer([this](std::stop_token stop) { writeLoop(stop); })
{
}

RunRecorder::~RunRecorder()
{
    // Reached without finish() only when the run failed: its outcome matters more than the
    // last half second of its metrics, so a failing flush must not end the process here.
    try {
        finish();
    } catch (const std::exception &) {
    }
}

void RunRecorder::progress(const TrainingProgress &progress)
{
    m_lossSum += progress.loss;
    ++m_lossSteps;
    const auto window = std::max<std::int64_t>(1, progress.totalSteps / pointsPerRun);
    if (progress.step % window == 0 || progress.step == progress.totalSteps) {
        const double loss = m_lossSum / static_cast<double>(m_lossSteps);
        m_lossSum = 0;
        m_lossSteps = 0;
        std::lock_guard lock(m_mutex);
        auto &points = m_pending->points;
        points.push_back({progress.step, progress.epoch, "train", "loss", loss});
        points.push_back({progress.step, progress.epoch, "train", "lr", progress.learningRate});
        points.push_back({progress.step, progress.epoch, "train", "examples_per_second", progress.examplesPerSecond});
    }
    m_next.progress(progress);
}

void RunRecorder::evaluated(const TrainingEvaluation &evaluation)
{
    {
        const auto &overall = evaluation.report.overall;
        std::lock_guard lock(m_mutex);
        auto &points = m_pending->points;
        for (const auto &[name, value] : {std::pair<const char *, double>{"loss", evaluation.loss},
                                          {"accuracy", overall.accuracy},
                                          {"macro_f1", overall.macroF1},
                                          {"micro_f1", overall.microF1}})
            points.push_back({evaluation.step, evaluation.epoch, "dev", name, value});
        m_pending->reports.push_back(
            {evaluation.step, evaluation.epoch, reportToJson(evaluation.report, m_labels).dump()});
    }
    m_wake.notify_all(); // evaluations are what a chart waits for
    m_next.evaluated(evaluation);
}

void RunRecorder::log(std::string_view line)
{
    m_next.log(line);
}

void RunRecorder::resumed(std::int64_t step)
{
    {
        std::lock_guard lock(m_mutex);
        m_pending->discardAfter = step;
    }
    m_next.resumed(step);
}

void RunRecorder::setPaused(bool paused)
{
    {
        std::lock_guard lock(m_mutex);
        m_pending->paused = paused;
    }
    m_wake.notify_all();
}

void RunRecorder::finish()
{
    if (!m_writer.joinable())
        return;
    m_writer.request_stop();
    m_writer.join();
    flush();
}

void RunRecorder::writeLoop(std::stop_token stop)
{
    while (!stop.stop_requested()) {
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait_for(lock, stop, flushInterval, [] { return false; });
        }
        try {
            flush();
        } catch (const std::exception &e) {
            // The project is busy or the disk full: training goes on, and the run's outcome
            // is written at the end as usual.
            m_next.log(std::string("could not record progress in the project: ") + e.what());
        }
    }
}

void RunRecorder::flush()
{
    std::vector<store::MetricPoint> points;
    std::vector<PendingReport> reports;
    std::optional<std::int64_t> discardAfter;
    std::optional<bool> paused;
    {
        std::lock_guard lock(m_mutex);
        points.swap(m_pending->points);
        reports.swap(m_pending->reports);
        discardAfter = std::exchange(m_pending->discardAfter, std::nullopt);
        paused = std::exchange(m_pending->paused, std::nullopt);
    }
    auto &runs = m_pending->runs;
    if (discardAfter)
        runs.discardAfterStep(m_runId, *discardAfter);
    runs.appendMetrics(m_runId, points);
    for (const auto &report : reports)
        runs.addReport(m_runId, report.step, report.epoch, "dev", report.json);
    if (paused)
        runs.setStatus(m_runId, *paused ? store::RunStatus::Paused : store::RunStatus::Running);
    runs.heartbeat(m_runId);
}

} // namespace glossa::core::train
