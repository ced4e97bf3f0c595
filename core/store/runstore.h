#pragma once

#include "store/runstatus.h"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace glossa::core::store {

class Database;

// A training process refreshes its run's heartbeat this often; a run whose heartbeat is older
// than staleRunAfterMs has lost its process.
inline constexpr std::int64_t heartbeatIntervalMs = 2000;
inline constexpr std::int64_t staleRunAfterMs = 30000;

struct RunInfo
{
    std::int64_t id = 0;
    std::int64_t datasetId = 0;
    std::string name;
    std::string configJson;
    RunStatus status = RunStatus::Queued;
    std::optional<std::string> snapshotHash;
    std::optional<std::string> device;
    std::optional<std::string> errorMessage;
    std::string notes;
    std::int64_t createdAt = 0;
    std::optional<std::int64_t> startedAt;
    std::optional<std::int64_t> finishedAt;
    std::optional<std::int64_t> heartbeatAt;
};

struct MetricPoint
{
    std::int64_t step = 0;
    double epoch = 0;
    std::string split; // train, dev, test
    std::string name;  // loss, macro_f1, accuracy, lr, ...
    double value = 0;
};

struct ArtefactInfo
{
    std::int64_t id = 0;
    std::string kind;
    std::filesystem::path path; // absolute
    std::string sha256;
    std::int64_t sizeBytes = 0;
    std::optional<std::int64_t> runId;
};

// An out-of-sample prediction that confidently disagrees with an example's label.
struct LabelErrorCandidate
{
    std::int64_t exampleId = 0;
    std::string givenLabel;
    std::string suggestedLabel;
    double givenProbability = 0;
    double suggestedProbability = 0;
    double score = 0; // higher: more likely a labelling mistake
    // Read back with the candidate, for display.
    std::string text;
    std::string lang;
};

// A run's prediction for one example: the most probable label, its probability and how far
// ahead of the runner-up it is.
struct PredictionRow
{
    std::int64_t exampleId = 0;
    std::int64_t labelId = 0;
    double confidence = 0;
    double margin = 0;
};

// A run as the Runs tab lists it: the run, its dataset and the figures to compare runs by.
struct RunSummary
{
    RunInfo run;
    std::string datasetName;
    std::optional<double> bestDevMacroF1; // the highest dev macro-F1 of its evaluations
    std::optional<double> testMacroF1;    // the best model's, once the run has ended
    std::optional<double> epochs;         // how far training got (early stopping ends runs sooner)
    // Stored beside the test score: its 95% interval, n, and how it was measured ("test
    // split" or "cross-validation"); empty for runs stored before reports had them.
    std::optional<std::pair<double, double>> testMacroF1Interval;
    std::optional<std::int64_t> testExamples;
    std::string testEvaluation;
    // Wall-clock time from the first start to the end (now, while it is under way); a resumed
    // run counts the time it spent stopped too.
    std::optional<double> durationSeconds;
};

// Runs, their metrics and the artefacts beside the project file. Written by training threads
// and processes in short transactions, read by the UI from its own connection.
class RunStore
{
public:
    RunStore(Database &db, std::filesystem::path artefactDir);

    std::int64_t createRun(std::int64_t datasetId, std::string_view name, std::string_view configJson,
                           std::string_view snapshotHash);
    void markStarted(std::int64_t runId, std::string_view device);
    void setStatus(std::int64_t runId, RunStatus status, std::optional<std::string_view> errorMessage = {});
    void heartbeat(std::int64_t runId);
    // Marks runs whose training process went away without saying so (crash, kill, power cut):
    // 'queued', 'running' or 'paused' whose liveness lock nobody holds (at once), or, for a run
    // without a lock file, with no heartbeat for staleAfterMs. Returns how many.
    int markInterrupted(std::int64_t staleAfterMs);
    std::optional<RunInfo> run(std::int64_t runId);
    // A run by id ("12") or by name; a name several runs share is an error that says so.
    RunInfo findRun(std::string_view idOrName);
    std::vector<RunInfo> runs(std::optional<std::int64_t> datasetId = std::nullopt);
    // Newest first, with the figures read in one query however many runs there are.
    std::vector<RunSummary> runSummaries(std::optional<std::int64_t> datasetId = std::nullopt);

    // Names stay unambiguous for findRun: an empty name, one another run has, or one of digits
    // alone (it would read as an id) is refused with an Error.
    void renameRun(std::int64_t runId, std::string_view name);
    void setNotes(std::int64_t runId, std::string_view notes);
    // Deletes a run that is not under way (queued, running or paused are refused): its rows
    // (metrics, reports, predictions, label errors, links) in one transaction, then its working
    // folder and the artefact files that no other run links.
    void deleteRun(std::int64_t runId);

    // Appends a batch of points in one transaction (a training loop buffers between writes).
    void appendMetrics(std::int64_t runId, const std::vector<MetricPoint> &points);
    std::vector<MetricPoint> metrics(std::int64_t runId, std::optional<std::string_view> name = std::nullopt);
    // Drops what a resumed run reports again: metrics and reports after its checkpoint's step,
    // and the test scores its stopped session ended with.
    void discardAfterStep(std::int64_t runId, std::int64_t step);

    // Full evaluation reports (JSON, see train/reportjson.h), per evaluation and split.
    void addReport(std::int64_t runId, std::int64_t step, double epoch, std::string_view split,
                   std::string_view reportJson);
    std::optional<std::string> latestReport(std::int64_t runId, std::string_view split);
    // Every report of a split, by step: (step, report JSON).
    std::vector<std::pair<std::int64_t, std::string>> reports(std::int64_t runId, std::string_view split);

    // With what the search says of itself (JSON: examples, flags, cap, fold accuracy), kept as
    // the run's 'label_errors' report and read back with latestReport.
    void replaceLabelErrors(std::int64_t runId, const std::vector<LabelErrorCandidate> &candidates,
                            std::string_view summaryJson = {});
    // Highest score first; empty when none were found or none were looked for.
    std::vector<LabelErrorCandidate> labelErrors(std::int64_t runId);
    bool hasLabelErrorSearch(std::int64_t runId);

    // Replaces the run's stored predictions in one transaction.
    void replacePredictions(std::int64_t runId, const std::vector<PredictionRow> &rows);
    bool hasPredictions(std::int64_t runId);
    // Example id -> the name of the label the run predicted for it (empty: none stored).
    std::unordered_map<std::int64_t, std::string> predictedLabels(std::int64_t runId);

    // Moves (or copies, when move fails) a file into the artefact folder under its content
    // hash and records it; the same content is stored once and is one artefact, whatever
    // made it. sourceKey names what it was made from, for findArtefactBySource: an artefact
    // answers to every key that made its content.
    ArtefactInfo addArtefact(std::string_view kind, const std::filesystem::path &file,
                             std::optional<std::int64_t> runId = std::nullopt,
                             std::optional<std::string_view> sourceKey = std::nullopt);
    std::optional<ArtefactInfo> findArtefact(std::string_view kind, std::string_view sha256);
    // The newest artefact of the kind made from sourceKey whose file is still there.
    std::optional<ArtefactInfo> findArtefactBySource(std::string_view kind, std::string_view sourceKey);
    // What a run is made of, by role: snapshot, tokenizer, model.
    void linkArtefact(std::int64_t runId, std::string_view role, std::int64_t artefactId);
    std::optional<ArtefactInfo> runArtefact(std::int64_t runId, std::string_view role);
    // The run's artefact in the role, with its file there; otherwise an Error that names the
    // run, what is missing and what to do about it (train again, or resume).
    ArtefactInfo requireRunArtefact(const RunInfo &run, std::string_view role);
    // The file whose lock the process training a run holds while it lives (FileLock).
    std::filesystem::path livenessLockOf(std::int64_t runId) const;
    // Where a run keeps its working files (the resumable checkpoint); under the artefact folder.
    std::filesystem::path runDir(std::int64_t runId) const;

private:
    Database &m_db;
    std::filesystem::path m_artefactDir;
};

} // namespace glossa::core::store
