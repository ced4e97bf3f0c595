#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace glossa::core::store {

class Database;

// A study: runs asked for together and read together. A transfer study has one run per
// source (a language, or "all" of its languages), trained with the same settings.
struct StudyInfo
{
    std::int64_t id = 0;
    std::int64_t datasetId = 0;
    std::string kind; // "transfer"
    std::string name;
    std::vector<std::string> languages; // in the order asked; empty when the stored list is damaged
    std::string configJson;             // the settings every run shares (before its source is set)
    std::int64_t createdAt = 0;
};

struct StudyRun
{
    std::string source; // a language code, or "all"
    std::int64_t runId = 0;
};

// The studies of a project (tables studies and study_runs). The project is untrusted: a
// language list that is not a JSON array of strings reads as empty.
class StudyStore
{
public:
    explicit StudyStore(Database &db);

    std::int64_t createTransferStudy(std::int64_t datasetId, std::string_view name,
                                     const std::vector<std::string> &languages, std::string_view configJson);
    std::optional<StudyInfo> study(std::int64_t id);
    // A dataset's studies (all studies when none is given), newest first.
    std::vector<StudyInfo> studies(std::optional<std::int64_t> datasetId = std::nullopt);
    // By id ("3") or name; a name two studies share is an error naming their ids.
    StudyInfo findStudy(std::string_view idOrName);
    // The study with exactly these languages and settings on the dataset (the newest), so that
    // asking for the same study again goes on with it instead of training everything again.
    std::optional<StudyInfo> findSame(std::int64_t datasetId, const std::vector<std::string> &languages,
                                      std::string_view configJson);
    // The study a run belongs to, with the run's source.
    std::optional<std::pair<StudyInfo, std::string>> studyOfRun(std::int64_t runId);
    // Every run that belongs to a study: run id -> (the study's name, the run's source).
    std::map<std::int64_t, std::pair<std::string, std::string>> runStudies();
    // The study's runs by source, in the order they were linked.
    std::vector<StudyRun> runs(std::int64_t studyId);
    // Links a run as the study's run for a source, replacing an earlier one (a failed run
    // trained again).
    void setRun(std::int64_t studyId, std::string_view source, std::int64_t runId);
    // "transfer-N" for the next study.
    std::string nextName();

private:
    Database &m_db;
};

} // namespace glossa::core::store
