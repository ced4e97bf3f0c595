#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace glossa::core::store {

class Database;

struct RunInfo
{
    std::int64_t id = 0;
    std::int64_t datasetId = 0;
    std::string name;
    std::string configJson;
    std::string status; // queued, running, paused, finished, failed, stopped, interrupted
    std::optional<std::string> snapshotHash;
    std::optional<std::string> device;
    std::optional<std::string> errorMessage;
    std::string notes;
    std::int64_t createdAt = 0;
    std::optional<std::int64_t> startedAt;
    std::optional<std::int64_t> finishedAt;
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

// Runs, their metrics and the artefacts beside the project file. Written by training threads
// and processes in short transactions, read by the UI from its own connection.
class RunStore
{
public:
    RunStore(Database &db, std::filesystem::path artefactDir);

    std::int64_t createRun(std::int64_t datasetId, std::string_view name, std::string_view configJson,
                           std::string_view snapshotHash);
    void markStarted(std::int64_t runId, std::string_view device);
    void setStatus(std::int64_t runId, std::string_view status, std::optional<std::string_view> errorMessage = {});
    void heartbeat(std::int64_t runId);
    std::optional<RunInfo> run(std::int64_t runId);
    std::vector<RunInfo> runs(std::optional<std::int64_t> datasetId = std::nullopt);

    // Appends a batch of points in one transaction (a training loop buffers between writes).
    void appendMetrics(std::int64_t runId, const std::vector<MetricPoint> &points);
    std::vector<MetricPoint> metrics(std::int64_t runId, std::optional<std::string_view> name = std::nullopt);

    // Moves (or copies, when move fails) a file into the artefact folder under its content
    // hash and records it; the same content is stored once. sourceKey names what it was made
    // from, for findArtefactBySource.
    ArtefactInfo addArtefact(std::string_view kind, const std::filesystem::path &file,
                             std::optional<std::int64_t> runId = std::nullopt,
                             std::optional<std::string_view> sourceKey = std::nullopt);
    std::optional<ArtefactInfo> findArtefact(std::string_view kind, std::string_view sha256);
    // The newest artefact of the kind made from sourceKey whose file is still there.
    std::optional<ArtefactInfo> findArtefactBySource(std::string_view kind, std::string_view sourceKey);

private:
    Database &m_db;
    std::filesystem::path m_artefactDir;
};

} // namespace glossa::core::store
