#include "store/studystore.h"

#include "store/database.h"
#include "store/examplemetadata.h"
#include "util/clock.h"
#include "util/error.h"

#include <charconv>

namespace glossa::core::store {
namespace {

constexpr std::string_view studyColumns = "id, dataset_id, kind, name, languages, config_json, created_at";

StudyInfo readStudy(const Statement &row)
{
    StudyInfo study;
    study.id = row.int64(0);
    study.datasetId = row.int64(1);
    study.kind = row.text(2);
    study.name = row.text(3);
    study.languages = columnNamesFromJson(row.textView(4));
    study.configJson = row.text(5);
    study.createdAt = row.int64(6);
    return study;
}

std::vector<StudyInfo> readStudies(Statement &query)
{
    std::vector<StudyInfo> found;
    while (query.step())
        found.push_back(readStudy(query));
    return found;
}

} // namespace

StudyStore::StudyStore(Database &db)
    : m_db(db)
{
}

std::int64_t StudyStore::createTransferStudy(std::int64_t datasetId, std::string_view name,
                                             const std::vector<std::string> &languages, std::string_view configJson)
{
    const auto languagesJson = columnNamesToJson(languages);
    m_db.prepare("INSERT INTO studies (dataset_id, kind, name, languages, config_json, created_at) "
                 "VALUES (?1, 'transfer', ?2, ?3, ?4, ?5)")
        .bind(1, datasetId)
        .bind(2, name)
        .bind(3, languagesJson)
        .bind(4, configJson)
        .bind(5, nowMs())
        .run();
    return m_db.lastInsertId();
}

std::optional<StudyInfo> StudyStore::study(std::int64_t id)
{
    auto query = m_db.prepare("SELECT " + std::string(studyColumns) + " FROM studies WHERE id = ?1");
    query.bind(1, id);
    if (!query.step())
        return std::nullopt;
    return readStudy(query);
}

std::vector<StudyInfo> StudyStore::studies(std::optional<std::int64_t> datasetId)
{
    auto query = m_db.prepare("SELECT " + std::string(studyColumns)
                              + " FROM studies WHERE ?1 IS NULL OR dataset_id = ?1 ORDER BY id DESC");
    query.bind(1, datasetId);
    return readStudies(query);
}

StudyInfo StudyStore::findStudy(std::string_view idOrName)
{
    std::int64_t id = 0;
    const auto [end, error] = std::from_chars(idOrName.data(), idOrName.data() + idOrName.size(), id);
    if (error == std::errc() && end == idOrName.data() + idOrName.size())
        if (auto found = study(id))
            return *found;
    auto query = m_db.prepare("SELECT " + std::string(studyColumns) + " FROM studies WHERE name = ?1 ORDER BY id");
    query.bind(1, idOrName);
    const auto found = readStudies(query);
    if (found.empty())
        throw Error("no study '" + std::string(idOrName) + "' in this project (glossa-cli transfer starts one)");
    if (found.size() > 1)
        throw Error("several studies are named '" + std::string(idOrName) + "': give its id ("
                    + std::to_string(found.front().id) + " or " + std::to_string(found.back().id) + ")");
    return found.front();
}

std::optional<StudyInfo> StudyStore::findSame(std::int64_t datasetId, const std::vector<std::string> &languages,
                                              std::string_view configJson)
{
    auto query = m_db.prepare("SELECT " + std::string(studyColumns)
                              + " FROM studies WHERE dataset_id = ?1 AND kind = 'transfer' AND languages = ?2 "
                                "AND config_json = ?3 ORDER BY id DESC LIMIT 1");
    const auto languagesJson = columnNamesToJson(languages);
    query.bind(1, datasetId).bind(2, languagesJson).bind(3, configJson);
    if (!query.step())
        return std::nullopt;
    return readStudy(query);
}

std::optional<std::pair<StudyInfo, std::string>> StudyStore::studyOfRun(std::int64_t runId)
{
    auto query = m_db.prepare("SELECT study_id, source FROM study_runs WHERE run_id = ?1");
    query.bind(1, runId);
    if (!query.step())
        return std::nullopt;
    const auto studyId = query.int64(0);
    auto source = query.text(1);
    if (auto found = study(studyId))
        return std::make_pair(std::move(*found), std::move(source));
    return std::nullopt;
}

std::map<std::int64_t, std::pair<std::string, std::string>> StudyStore::runStudies()
{
    auto query = m_db.prepare("SELECT r.run_id, s.name, r.source FROM study_runs r JOIN studies s ON s.id = r.study_id");
    std::map<std::int64_t, std::pair<std::string, std::string>> found;
    while (query.step())
        found.emplace(query.int64(0), std::make_pair(query.text(1), query.text(2)));
    return found;
}

std::vector<StudyRun> StudyStore::runs(std::int64_t studyId)
{
    auto query = m_db.prepare("SELECT source, run_id FROM study_runs WHERE study_id = ?1 ORDER BY run_id");
    query.bind(1, studyId);
    std::vector<StudyRun> found;
    while (query.step())
        found.push_back({query.text(0), query.int64(1)});
    return found;
}

void StudyStore::setRun(std::int64_t studyId, std::string_view source, std::int64_t runId)
{
    Transaction transaction(m_db);
    m_db.prepare("DELETE FROM study_runs WHERE study_id = ?1 AND source = ?2").bind(1, studyId).bind(2, source).run();
    m_db.prepare("INSERT INTO study_runs (study_id, source, run_id) VALUES (?1, ?2, ?3)")
        .bind(1, studyId)
        .bind(2, source)
        .bind(3, runId)
        .run();
    transaction.commit();
}

std::string StudyStore::nextName()
{
    return "transfer-" + std::to_string(m_db.queryInt("SELECT count(*) FROM studies") + 1);
}

} // namespace glossa::core::store
