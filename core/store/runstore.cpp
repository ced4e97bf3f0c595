#include "store/runstore.h"

#include "store/database.h"
#include "util/clock.h"
#include "util/error.h"
#include "util/hash.h"

namespace glossa::core::store {
namespace {

constexpr std::string_view runColumns = R"sql(
SELECT id, dataset_id, name, config_json, status, snapshot_hash, device, error_message, notes,
       created_at, started_at, finished_at FROM runs )sql";

RunInfo readRun(const Statement &row)
{
    RunInfo run;
    run.id = row.int64(0);
    run.datasetId = row.int64(1);
    run.name = row.text(2);
    run.configJson = row.text(3);
    run.status = row.text(4);
    run.snapshotHash = row.optionalText(5);
    run.device = row.optionalText(6);
    run.errorMessage = row.optionalText(7);
    run.notes = row.text(8);
    run.createdAt = row.int64(9);
    run.startedAt = row.optionalInt64(10);
    run.finishedAt = row.optionalInt64(11);
    return run;
}

bool isFinalStatus(std::string_view status)
{
    return status == "finished" || status == "failed" || status == "stopped" || status == "interrupted";
}

} // namespace

RunStore::RunStore(Database &db, std::filesystem::path artefactDir)
    : m_db(db)
    , m_artefactDir(std::move(artefactDir))
{
}

std::int64_t RunStore::createRun(std::int64_t datasetId, std::string_view name, std::string_view configJson,
                                 std::string_view snapshotHash)
{
    auto insert = m_db.prepare(R"sql(
INSERT INTO runs (dataset_id, name, config_json, status, snapshot_hash, created_at)
VALUES (?1, ?2, ?3, 'queued', ?4, ?5))sql");
    insert.bind(1, datasetId).bind(2, name).bind(3, configJson).bind(4, snapshotHash).bind(5, nowMs()).run();
    return m_db.lastInsertId();
}

void RunStore::markStarted(std::int64_t runId, std::string_view device)
{
    const auto now = nowMs();
    m_db.prepare("UPDATE runs SET status = 'running', device = ?1, started_at = ?2, heartbeat_at = ?2 WHERE id = ?3")
        .bind(1, device)
        .bind(2, now)
        .bind(3, runId)
        .run();
}

void RunStore::setStatus(std::int64_t runId, std::string_view status, std::optional<std::string_view> errorMessage)
{
    auto update = m_db.prepare(R"sql(
UPDATE runs SET status = ?1, error_message = coalesce(?2, error_message),
       finished_at = CASE WHEN ?3 THEN ?4 ELSE finished_at END
WHERE id = ?5)sql");
    update.bind(1, status).bind(2, errorMessage).bind(3, isFinalStatus(status) ? 1 : 0).bind(4, nowMs());
    update.bind(5, runId).run();
    if (m_db.changes() == 0)
        throw Error("no run with id " + std::to_string(runId));
}

void RunStore::heartbeat(std::int64_t runId)
{
    m_db.prepare("UPDATE runs SET heartbeat_at = ?1 WHERE id = ?2").bind(1, nowMs()).bind(2, runId).run();
}

std::optional<RunInfo> RunStore::run(std::int64_t runId)
{
    auto query = m_db.prepare(std::string(runColumns) + "WHERE id = ?1");
    query.bind(1, runId);
    if (!query.step())
        return std::nullopt;
    return readRun(query);
}

std::vector<RunInfo> RunStore::runs(std::optional<std::int64_t> datasetId)
{
    auto query = m_db.prepare(std::string(runColumns) + "WHERE ?1 IS NULL OR dataset_id = ?1 ORDER BY id");
    query.bind(1, datasetId);
    std::vector<RunInfo> result;
    while (query.step())
        result.push_back(readRun(query));
    return result;
}

void RunStore::appendMetrics(std::int64_t runId, const std::vector<MetricPoint> &points)
{
    if (points.empty())
        return;
    Transaction transaction(m_db);
    auto insert = m_db.prepare(R"sql(
INSERT INTO metrics (run_id, step, epoch, split, name, value, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7))sql");
    const auto now = nowMs();
    for (const auto &point : points) {
        insert.bind(1, runId).bind(2, point.step).bind(3, point.epoch).bind(4, point.split).bind(5, point.name);
        insert.bind(6, point.value).bind(7, now).run();
    }
    transaction.commit();
}

std::vector<MetricPoint> RunStore::metrics(std::int64_t runId, std::optional<std::string_view> name)
{
    auto query = m_db.prepare(R"sql(
SELECT step, epoch, split, name, value FROM metrics
WHERE run_id = ?1 AND (?2 IS NULL OR name = ?2) ORDER BY step, id)sql");
    query.bind(1, runId).bind(2, name);
    std::vector<MetricPoint> result;
    while (query.step())
        result.push_back({query.int64(0), query.real(1), query.text(2), query.text(3), query.real(4)});
    return result;
}

ArtefactInfo RunStore::addArtefact(std::string_view kind, const std::filesystem::path &file,
                                   std::optional<std::int64_t> runId, std::optional<std::string_view> sourceKey)
{
    namespace fs = std::filesystem;
    const auto hash = sha256File(file);
    const auto relative = fs::path(std::string(kind)) / (hash + file.extension().string());
    const auto target = m_artefactDir / relative;
    auto existing = findArtefact(kind, hash);
    if (existing && fs::exists(existing->path)) {
        if (file != existing->path)
            fs::remove(file);
    } else {
        // New content, or a recorded file someone deleted: put this one in its place.
        fs::create_directories(target.parent_path());
        std::error_code renameError;
        fs::rename(file, target, renameError);
        if (renameError) { // across file systems: copy, then drop the original
            fs::copy_file(file, target, fs::copy_options::overwrite_existing);
            fs::remove(file);
        }
    }
    if (existing) {
        if (sourceKey)
            m_db.prepare("UPDATE artefacts SET source_key = coalesce(source_key, ?1) WHERE id = ?2")
                .bind(1, *sourceKey)
                .bind(2, existing->id)
                .run();
        return *existing;
    }
    const auto size = static_cast<std::int64_t>(fs::file_size(target));
    auto insert = m_db.prepare(R"sql(
INSERT INTO artefacts (kind, path, sha256, size_bytes, run_id, created_at, source_key)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7))sql");
    // Statement::bind does not copy text, so the path string must outlive run().
    const auto relativeText = relative.generic_string();
    insert.bind(1, kind).bind(2, relativeText).bind(3, hash).bind(4, size).bind(5, runId).bind(6, nowMs());
    insert.bind(7, sourceKey).run();
    return {m_db.lastInsertId(), std::string(kind), target, hash, size, runId};
}

std::optional<ArtefactInfo> RunStore::findArtefactBySource(std::string_view kind, std::string_view sourceKey)
{
    auto query = m_db.prepare(R"sql(
SELECT id, path, sha256, size_bytes, run_id FROM artefacts
WHERE kind = ?1 AND source_key = ?2 ORDER BY id DESC)sql");
    query.bind(1, kind).bind(2, sourceKey);
    while (query.step()) {
        ArtefactInfo info{query.int64(0), std::string(kind), m_artefactDir / query.text(1),
                          query.text(2),  query.int64(3),    query.optionalInt64(4)};
        if (std::filesystem::exists(info.path))
            return info;
    }
    return std::nullopt;
}

std::optional<ArtefactInfo> RunStore::findArtefact(std::string_view kind, std::string_view sha256)
{
    auto query = m_db.prepare("SELECT id, path, size_bytes, run_id FROM artefacts WHERE kind = ?1 AND sha256 = ?2");
    query.bind(1, kind).bind(2, sha256);
    if (!query.step())
        return std::nullopt;
    return ArtefactInfo{query.int64(0),      std::string(kind), m_artefactDir / query.text(1),
                        std::string(sha256), query.int64(2),    query.optionalInt64(3)};
}

} // namespace glossa::core::store
