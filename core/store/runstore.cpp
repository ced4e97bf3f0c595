#include "store/runstore.h"

#include "store/artefactpath.h"
#include "store/database.h"
#include "store/runstatus.h"
#include "util/clock.h"
#include "util/error.h"
#include "util/filelock.h"
#include "util/hash.h"
#include "util/names.h"

namespace glossa::core::store {
namespace {

constexpr std::string_view runColumns = R"sql(
SELECT id, dataset_id, name, config_json, status, snapshot_hash, device, error_message, notes,
       created_at, started_at, finished_at, heartbeat_at FROM runs )sql";

RunInfo readRun(const Statement &row)
{
    RunInfo run;
    run.id = row.int64(0);
    run.datasetId = row.int64(1);
    run.name = row.text(2);
    run.configJson = row.text(3);
    // A word Glossa does not write is no run in progress: read as failed.
    run.status = runStatusFrom(row.textView(4)).value_or(RunStatus::Failed);
    run.snapshotHash = row.optionalText(5);
    run.device = row.optionalText(6);
    run.errorMessage = row.optionalText(7);
    run.notes = row.text(8);
    run.createdAt = row.int64(9);
    run.startedAt = row.optionalInt64(10);
    run.finishedAt = row.optionalInt64(11);
    run.heartbeatAt = row.optionalInt64(12);
    return run;
}

std::string_view trimmed(std::string_view text)
{
    constexpr std::string_view blanks = " \t\r\n\f\v";
    const auto first = text.find_first_not_of(blanks);
    if (first == std::string_view::npos)
        return {};
    return text.substr(first, text.find_last_not_of(blanks) - first + 1);
}

std::string describeRun(const RunInfo &run)
{
    return "Run " + std::to_string(run.id) + " '" + run.name + "'";
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
    requireCleanName("run name", name);
    auto insert = m_db.prepare(R"sql(
INSERT INTO runs (dataset_id, name, config_json, status, snapshot_hash, created_at)
VALUES (?1, ?2, ?3, 'queued', ?4, ?5))sql");
    insert.bind(1, datasetId).bind(2, name).bind(3, configJson).bind(4, snapshotHash).bind(5, nowMs()).run();
    return m_db.lastInsertId();
}

void RunStore::markStarted(std::int64_t runId, std::string_view device)
{
    const auto now = nowMs();
    // A resumed run keeps its first start and loses the error or stop it ended with.
    m_db.prepare(R"sql(
UPDATE runs SET status = 'running', device = ?1, started_at = coalesce(started_at, ?2), heartbeat_at = ?2,
       finished_at = NULL, error_message = NULL
WHERE id = ?3)sql")
        .bind(1, device)
        .bind(2, now)
        .bind(3, runId)
        .run();
}

void RunStore::setStatus(std::int64_t runId, RunStatus status, std::optional<std::string_view> errorMessage)
{
    auto update = m_db.prepare(R"sql(
UPDATE runs SET status = ?1, error_message = coalesce(?2, error_message),
       finished_at = CASE WHEN ?3 THEN ?4 ELSE finished_at END
WHERE id = ?5)sql");
    update.bind(1, toString(status)).bind(2, errorMessage).bind(3, hasEnded(status) ? 1 : 0).bind(4, nowMs());
    update.bind(5, runId).run();
    if (m_db.changes() == 0)
        throw Error("no run with id " + std::to_string(runId));
}

void RunStore::heartbeat(std::int64_t runId)
{
    m_db.prepare("UPDATE runs SET heartbeat_at = ?1 WHERE id = ?2").bind(1, nowMs()).bind(2, runId).run();
}

std::filesystem::path RunStore::livenessLockOf(std::int64_t runId) const
{
    return m_artefactDir / "runs" / std::to_string(runId) / "alive.lock";
}

int RunStore::markInterrupted(std::int64_t staleAfterMs)
{
    // The process training a run holds the lock on its alive.lock for as long as it lives; the
    // kernel drops it the moment the process dies, so an unheld lock means the run has lost
    // its process now. A run without the file (made before the lock, or not started yet) is
    // judged by its heartbeat.
    // Each live run with whether its lock says its process is gone (true) or, without a lock
    // file, the heartbeat must tell (false); runs whose lock is held are alive.
    std::vector<std::pair<std::int64_t, bool>> suspects;
    {
        auto live = m_db.prepare("SELECT id FROM runs WHERE status IN ('queued', 'running', 'paused')");
        while (live.step()) {
            const auto id = live.int64(0);
            const auto lock = livenessLockOf(id);
            if (!std::filesystem::exists(lock))
                suspects.emplace_back(id, false);
            else if (!FileLock::isHeld(lock))
                suspects.emplace_back(id, true);
        }
    }
    auto update = m_db.prepare(R"sql(
UPDATE runs SET status = 'interrupted', finished_at = ?1,
       error_message = coalesce(error_message, 'the training process ended without finishing (crashed or killed)')
WHERE id = ?2 AND status IN ('queued', 'running', 'paused') AND (?3 OR coalesce(heartbeat_at, created_at) < ?1 - ?4))sql");
    const auto now = nowMs();
    int changed = 0;
    for (const auto &[id, lockReleased] : suspects) {
        update.bind(1, now).bind(2, id).bind(3, std::int64_t(lockReleased)).bind(4, staleAfterMs).run();
        changed += m_db.changes();
    }
    return changed;
}

RunInfo RunStore::findRun(std::string_view idOrName)
{
    const bool numeric = !idOrName.empty() && idOrName.find_first_not_of("0123456789") == std::string_view::npos;
    if (numeric && idOrName.size() < 19)
        if (auto byId = run(std::stoll(std::string(idOrName))))
            return *byId;
    auto query = m_db.prepare(std::string(runColumns) + "WHERE name = ?1 ORDER BY id");
    query.bind(1, idOrName);
    std::vector<RunInfo> named;
    while (query.step())
        named.push_back(readRun(query));
    if (named.empty())
        throw Error("no run named or numbered '" + std::string(idOrName) + "' in this project");
    if (named.size() > 1)
        throw Error(std::to_string(named.size()) + " runs are named '" + std::string(idOrName)
                    + "'; give the run's id instead (glossa-cli runs lists them)");
    return named.front();
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

std::vector<RunSummary> RunStore::runSummaries(std::optional<std::int64_t> datasetId)
{
    // Each figure is a lookup in metrics_by_run (run_id, name, step), so hundreds of runs with
    // thousands of points each still read in one pass.
    auto query = m_db.prepare(R"sql(
SELECT r.id, r.dataset_id, r.name, r.config_json, r.status, r.snapshot_hash, r.device, r.error_message, r.notes,
       r.created_at, r.started_at, r.finished_at, r.heartbeat_at, d.name,
       (SELECT max(m.value) FROM metrics m WHERE m.run_id = r.id AND m.name = 'macro_f1' AND m.split = 'dev'),
       (SELECT m.value FROM metrics m WHERE m.run_id = r.id AND m.name = 'macro_f1' AND m.split = 'test'
        ORDER BY m.step DESC, m.id DESC LIMIT 1),
       (SELECT max(m.epoch) FROM metrics m WHERE m.run_id = r.id AND m.name = 'loss' AND m.split = 'train'),
       (SELECT m.value FROM metrics m WHERE m.run_id = r.id AND m.name = 'macro_f1_low' AND m.split = 'test'),
       (SELECT m.value FROM metrics m WHERE m.run_id = r.id AND m.name = 'macro_f1_high' AND m.split = 'test'),
       (SELECT m.value FROM metrics m WHERE m.run_id = r.id AND m.name = 'examples' AND m.split = 'test'),
       (SELECT m.value FROM metrics m WHERE m.run_id = r.id AND m.name = 'folds' AND m.split = 'test')
FROM runs r JOIN datasets d ON d.id = r.dataset_id
WHERE ?1 IS NULL OR r.dataset_id = ?1
ORDER BY r.id DESC)sql");
    query.bind(1, datasetId);
    const auto now = nowMs();
    std::vector<RunSummary> result;
    while (query.step()) {
        RunSummary summary;
        summary.run = readRun(query);
        summary.datasetName = query.text(13);
        if (!query.isNull(14))
            summary.bestDevMacroF1 = query.real(14);
        if (!query.isNull(15))
            summary.testMacroF1 = query.real(15);
        if (!query.isNull(16))
            summary.epochs = query.real(16);
        if (!query.isNull(17) && !query.isNull(18))
            summary.testMacroF1Interval = std::pair(query.real(17), query.real(18));
        if (!query.isNull(19))
            summary.testExamples = static_cast<std::int64_t>(query.real(19));
        if (!query.isNull(20))
            summary.testEvaluation = query.real(20) > 0 ? "cross-validation" : "test split";
        const auto &run = summary.run;
        if (run.startedAt) {
            if (run.finishedAt)
                summary.durationSeconds = static_cast<double>(*run.finishedAt - *run.startedAt) / 1000.0;
            else if (!hasEnded(run.status))
                summary.durationSeconds = static_cast<double>(now - *run.startedAt) / 1000.0;
        }
        result.push_back(std::move(summary));
    }
    return result;
}

void RunStore::renameRun(std::int64_t runId, std::string_view name)
{
    const auto newName = trimmed(name);
    // In the write transaction: two renames at once cannot both take the same name.
    Transaction transaction(m_db);
    const auto current = run(runId);
    if (!current)
        throw Error("There is no run with id " + std::to_string(runId) + " in this project, so it cannot be renamed.");
    const auto refused = describeRun(*current) + " was not renamed: ";
    if (newName.empty())
        throw Error(refused + "a run needs a name, and the name given was empty.");
    if (const auto problem = nameProblem(newName))
        throw Error(refused + "'" + escapeForTerminal(newName) + "' " + *problem
                    + "; choose a name without control characters.");
    if (newName.find_first_not_of("0123456789") == std::string_view::npos)
        throw Error(refused + "'" + std::string(newName)
                    + "' is only digits and would read as a run id; add a letter to it.");
    auto other = m_db.prepare("SELECT id FROM runs WHERE name = ?1 AND id != ?2 LIMIT 1");
    other.bind(1, newName).bind(2, runId);
    if (other.step())
        throw Error(refused + "run " + std::to_string(other.int64(0)) + " is already called '" + std::string(newName)
                    + "', and each run needs a name of its own.");
    m_db.prepare("UPDATE runs SET name = ?1 WHERE id = ?2").bind(1, newName).bind(2, runId).run();
    transaction.commit();
}

void RunStore::setNotes(std::int64_t runId, std::string_view notes)
{
    m_db.prepare("UPDATE runs SET notes = ?1 WHERE id = ?2").bind(1, notes).bind(2, runId).run();
    if (m_db.changes() == 0)
        throw Error("There is no run with id " + std::to_string(runId)
                    + " in this project, so its notes were not saved.");
}

void RunStore::deleteRun(std::int64_t runId)
{
    std::vector<std::filesystem::path> files;
    {
        // The status is read inside the write transaction, so a run cannot be resumed between
        // the check and the delete.
        Transaction transaction(m_db);
        const auto current = run(runId);
        if (!current)
            throw Error("There is no run with id " + std::to_string(runId) + " in this project, so none was deleted.");
        if (!hasEnded(current->status))
            throw Error(describeRun(*current) + " is " + std::string(toString(current->status))
                        + " and was not deleted; stop it first, then delete it.");
        // What only this run links goes with it (its model, a snapshot or tokenizer no other run
        // trained from); what another run links stays.
        std::vector<std::int64_t> own;
        auto query = m_db.prepare(R"sql(
SELECT DISTINCT a.id, a.kind, a.sha256, a.path FROM run_artefacts r JOIN artefacts a ON a.id = r.artefact_id
WHERE r.run_id = ?1
  AND NOT EXISTS (SELECT 1 FROM run_artefacts o WHERE o.artefact_id = r.artefact_id AND o.run_id != ?1))sql");
        query.bind(1, runId);
        while (query.step()) {
            own.push_back(query.int64(0));
            // Only a file inside the artefacts folder is ever deleted; a row naming any other
            // place goes, its "file" stays.
            try {
                files.push_back(
                    resolveArtefactPath(m_artefactDir, query.textView(1), query.textView(2), query.textView(3)));
            } catch (const Error &) {
            }
        }
        // Metrics, reports, predictions, label error candidates and run_artefacts go by ON DELETE
        // CASCADE; artefacts.run_id of what stays becomes NULL.
        m_db.prepare("DELETE FROM runs WHERE id = ?1").bind(1, runId).run();
        auto dropArtefact = m_db.prepare("DELETE FROM artefacts WHERE id = ?1");
        for (const auto id : own)
            dropArtefact.bind(1, id).run();
        transaction.commit();
    }
    // Files only after the commit: a failure before it leaves the run whole, and a file that
    // cannot be removed now is merely a stray file, never a row that names a missing one.
    std::error_code ignored;
    for (const auto &file : files)
        std::filesystem::remove(file, ignored);
    try {
        std::filesystem::remove_all(runDir(runId), ignored);
    } catch (const Error &) {
        // The runs folder is a link out of the artefacts folder: nothing is deleted through it.
    }
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

void RunStore::discardAfterStep(std::int64_t runId, std::int64_t step)
{
    Transaction transaction(m_db);
    m_db.prepare("DELETE FROM metrics WHERE run_id = ?1 AND (step > ?2 OR split = 'test')")
        .bind(1, runId)
        .bind(2, step)
        .run();
    m_db.prepare("DELETE FROM reports WHERE run_id = ?1 AND (step > ?2 OR split IN ('test', 'training'))")
        .bind(1, runId)
        .bind(2, step)
        .run();
    transaction.commit();
}

void RunStore::addReport(std::int64_t runId, std::int64_t step, double epoch, std::string_view split,
                         std::string_view reportJson)
{
    auto insert = m_db.prepare(R"sql(
INSERT INTO reports (run_id, step, epoch, split, report_json, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6))sql");
    insert.bind(1, runId).bind(2, step).bind(3, epoch).bind(4, split).bind(5, reportJson).bind(6, nowMs()).run();
}

std::optional<std::string> RunStore::latestReport(std::int64_t runId, std::string_view split)
{
    auto query =
        m_db.prepare("SELECT report_json FROM reports WHERE run_id = ?1 AND split = ?2 ORDER BY step DESC, id DESC");
    query.bind(1, runId).bind(2, split);
    if (!query.step())
        return std::nullopt;
    return query.text(0);
}

std::vector<std::pair<std::int64_t, std::string>> RunStore::reports(std::int64_t runId, std::string_view split)
{
    auto query =
        m_db.prepare("SELECT step, report_json FROM reports WHERE run_id = ?1 AND split = ?2 ORDER BY step, id");
    query.bind(1, runId).bind(2, split);
    std::vector<std::pair<std::int64_t, std::string>> reports;
    while (query.step())
        reports.emplace_back(query.int64(0), query.text(1));
    return reports;
}

void RunStore::replaceLabelErrors(std::int64_t runId, const std::vector<LabelErrorCandidate> &candidates,
                                  std::string_view summaryJson)
{
    Transaction transaction(m_db);
    m_db.prepare("DELETE FROM label_error_candidates WHERE run_id = ?1").bind(1, runId).run();
    auto insert = m_db.prepare(R"sql(
INSERT INTO label_error_candidates (run_id, example_id, given_label, suggested_label, given_probability,
                                    suggested_probability, score)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7))sql");
    for (const auto &candidate : candidates) {
        insert.bind(1, runId).bind(2, candidate.exampleId).bind(3, candidate.givenLabel);
        insert.bind(4, candidate.suggestedLabel).bind(5, candidate.givenProbability);
        insert.bind(6, candidate.suggestedProbability).bind(7, candidate.score).run();
    }
    // Remembers that the search ran, even when it found nothing.
    m_db.prepare("DELETE FROM reports WHERE run_id = ?1 AND split = 'label_errors'").bind(1, runId).run();
    const auto summary =
        summaryJson.empty() ? "{\"candidates\": " + std::to_string(candidates.size()) + "}" : std::string(summaryJson);
    m_db.prepare("INSERT INTO reports (run_id, step, epoch, split, report_json, created_at) "
                 "VALUES (?1, -1, 0, 'label_errors', ?2, ?3)")
        .bind(1, runId)
        .bind(2, summary)
        .bind(3, nowMs())
        .run();
    transaction.commit();
}

bool RunStore::hasLabelErrorSearch(std::int64_t runId)
{
    auto query = m_db.prepare("SELECT 1 FROM reports WHERE run_id = ?1 AND split = 'label_errors'");
    query.bind(1, runId);
    return query.step();
}

void RunStore::replacePredictions(std::int64_t runId, const std::vector<PredictionRow> &rows)
{
    Transaction transaction(m_db);
    m_db.prepare("DELETE FROM predictions WHERE run_id = ?1").bind(1, runId).run();
    auto insert = m_db.prepare("INSERT INTO predictions (run_id, example_id, label_id, confidence, margin) "
                               "VALUES (?1, ?2, ?3, ?4, ?5)");
    for (const auto &row : rows)
        insert.bind(1, runId)
            .bind(2, row.exampleId)
            .bind(3, row.labelId)
            .bind(4, row.confidence)
            .bind(5, row.margin)
            .run();
    transaction.commit();
}

bool RunStore::hasPredictions(std::int64_t runId)
{
    auto query = m_db.prepare("SELECT 1 FROM predictions WHERE run_id = ?1 LIMIT 1");
    query.bind(1, runId);
    return query.step();
}

std::unordered_map<std::int64_t, std::string> RunStore::predictedLabels(std::int64_t runId)
{
    auto query = m_db.prepare(
        "SELECT p.example_id, l.name FROM predictions p JOIN labels l ON l.id = p.label_id WHERE p.run_id = ?1");
    query.bind(1, runId);
    std::unordered_map<std::int64_t, std::string> predicted;
    while (query.step())
        predicted.emplace(query.int64(0), query.text(1));
    return predicted;
}

std::vector<LabelErrorCandidate> RunStore::labelErrors(std::int64_t runId)
{
    auto query = m_db.prepare(R"sql(
SELECT c.example_id, c.given_label, c.suggested_label, c.given_probability, c.suggested_probability, c.score,
       e.text, e.lang
FROM label_error_candidates c JOIN examples e ON e.id = c.example_id
WHERE c.run_id = ?1 ORDER BY c.score DESC, c.example_id)sql");
    query.bind(1, runId);
    std::vector<LabelErrorCandidate> result;
    while (query.step())
        result.push_back({query.int64(0), query.text(1), query.text(2), query.real(3), query.real(4), query.real(5),
                          query.text(6), query.text(7)});
    return result;
}

ArtefactInfo RunStore::addArtefact(std::string_view kind, const std::filesystem::path &file,
                                   std::optional<std::int64_t> runId, std::optional<std::string_view> sourceKey)
{
    namespace fs = std::filesystem;
    const auto hash = sha256File(file);
    const auto relative = fs::path(std::string(kind)) / (hash + file.extension().string());
    const auto target = m_artefactDir / relative;
    requireRealFolder(m_artefactDir);
    requireRealFolder(target.parent_path());
    auto existing = findArtefact(kind, hash);
    // A recorded file that is gone, or whose bytes are no longer its hash, is replaced by this
    // one: same hash, so the right content.
    const auto existingIsSound = [&] {
        if (!existing || !fs::exists(existing->path))
            return false;
        try {
            verifyArtefactContent(existing->path, hash);
            return true;
        } catch (const Error &) {
            return false;
        }
    };
    if (existingIsSound()) {
        if (file != existing->path)
            fs::remove(file);
    } else {
        // New content, or a recorded file someone deleted: put this one in its place.
        fs::create_directories(target.parent_path());
        std::error_code renameError;
        fs::rename(file, target, renameError);
        if (renameError) { // across file systems: copy, then drop the original
            fs::remove(target);
            fs::copy_file(file, target);
            fs::remove(file);
        }
    }
    auto stored = [&]() -> ArtefactInfo {
        if (existing)
            return *existing;
        const auto size = static_cast<std::int64_t>(fs::file_size(target));
        auto insert = m_db.prepare(R"sql(
INSERT INTO artefacts (kind, path, sha256, size_bytes, run_id, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6))sql");
        // Statement::bind does not copy text, so the path string must outlive run().
        const auto relativeText = relative.generic_string();
        insert.bind(1, kind).bind(2, relativeText).bind(3, hash).bind(4, size).bind(5, runId).bind(6, nowMs()).run();
        return {m_db.lastInsertId(), std::string(kind), target, hash, size, runId};
    }();
    // The same content made from other inputs answers to their key too.
    if (sourceKey)
        m_db.prepare("INSERT OR IGNORE INTO artefact_sources (source_key, artefact_id) VALUES (?1, ?2)")
            .bind(1, *sourceKey)
            .bind(2, stored.id)
            .run();
    return stored;
}

std::optional<ArtefactInfo> RunStore::findArtefactBySource(std::string_view kind, std::string_view sourceKey)
{
    auto query = m_db.prepare(R"sql(
SELECT a.id, a.path, a.sha256, a.size_bytes, a.run_id FROM artefacts a
JOIN artefact_sources s ON s.artefact_id = a.id
WHERE a.kind = ?1 AND s.source_key = ?2 ORDER BY a.id DESC)sql");
    query.bind(1, kind).bind(2, sourceKey);
    while (query.step()) {
        ArtefactInfo info{query.int64(0),
                          std::string(kind),
                          resolveArtefactPath(m_artefactDir, kind, query.textView(2), query.textView(1)),
                          query.text(2),
                          query.int64(3),
                          query.optionalInt64(4)};
        if (!std::filesystem::exists(info.path))
            continue;
        try {
            verifyArtefactContent(info.path, info.sha256);
        } catch (const Error &) {
            continue; // damaged: made again, and addArtefact puts the sound file in its place
        }
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
    return ArtefactInfo{
        query.int64(0),      std::string(kind), resolveArtefactPath(m_artefactDir, kind, sha256, query.textView(1)),
        std::string(sha256), query.int64(2),    query.optionalInt64(3)};
}

void RunStore::linkArtefact(std::int64_t runId, std::string_view role, std::int64_t artefactId)
{
    m_db.prepare("INSERT OR REPLACE INTO run_artefacts (run_id, role, artefact_id) VALUES (?1, ?2, ?3)")
        .bind(1, runId)
        .bind(2, role)
        .bind(3, artefactId)
        .run();
}

std::optional<ArtefactInfo> RunStore::runArtefact(std::int64_t runId, std::string_view role)
{
    auto query = m_db.prepare(R"sql(
SELECT a.id, a.kind, a.path, a.sha256, a.size_bytes, a.run_id
FROM run_artefacts r JOIN artefacts a ON a.id = r.artefact_id WHERE r.run_id = ?1 AND r.role = ?2)sql");
    query.bind(1, runId).bind(2, role);
    if (!query.step())
        return std::nullopt;
    return ArtefactInfo{query.int64(0),
                        query.text(1),
                        resolveArtefactPath(m_artefactDir, query.textView(1), query.textView(3), query.textView(2)),
                        query.text(3),
                        query.int64(4),
                        query.optionalInt64(5)};
}

namespace {

std::string artefactTitle(std::string_view role)
{
    if (role == "snapshot")
        return "dataset snapshot";
    if (role == "model")
        return "trained model";
    if (role == "encoder-config")
        return "model configuration (config.json)";
    if (role == "tokenizer-config")
        return "tokenizer settings (tokenizer_config.json)";
    return std::string(role);
}

// What the analyst can do about a run that lacks a file, by where the run stands.
std::string remedyFor(const RunInfo &run)
{
    const auto id = std::to_string(run.id);
    if (isActive(run.status))
        return "it is still " + std::string(toString(run.status)) + ": wait for it to end";
    if (isResumable(run.status))
        return "resume it (Runs tab: Resume; or glossa-cli train --resume " + id + ") or train it again";
    return "train it again with its settings (Runs tab: Re-run)";
}

} // namespace

ArtefactInfo RunStore::requireRunArtefact(const RunInfo &run, std::string_view role)
{
    const auto what = artefactTitle(role);
    const auto stored = runArtefact(run.id, role);
    if (!stored)
        throw Error("run '" + run.name + "' (" + std::string(toString(run.status)) + ") has no " + what + ": "
                    + remedyFor(run));
    if (!std::filesystem::exists(stored->path))
        throw Error("run '" + run.name + "' (" + std::string(toString(run.status)) + "): its " + what + " "
                    + stored->path.string() + " is missing from the artefacts folder: " + remedyFor(run));
    try {
        verifyArtefactContent(stored->path, stored->sha256);
    } catch (const Error &e) {
        throw Error("run '" + run.name + "' (" + std::string(toString(run.status)) + "): its " + what
                    + " cannot be used: " + e.what());
    }
    return *stored;
}

std::filesystem::path RunStore::runDir(std::int64_t runId) const
{
    // Checkpoints are written and runs' folders deleted here: never through a link.
    requireRealFolder(m_artefactDir);
    requireRealFolder(m_artefactDir / "runs");
    auto dir = m_artefactDir / "runs" / std::to_string(runId);
    requireRealFolder(dir);
    return dir;
}

} // namespace glossa::core::store
