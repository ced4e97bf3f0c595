#pragma once

#include "store/runstatus.h"
#include "train/metrics.h"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace glossa::core::data {
struct DatasetSnapshot;
}

namespace glossa::core::store {
class Database;
struct StudyInfo;
struct StudyRun;
}

namespace glossa::core::train {

// A transfer study asks: trained on language A's labels alone, how well does a model do on B?
// One run per source (each language, plus all of them together) learns from that source's
// training rows, picks its checkpoint on that source's dev rows only (eval.source_languages,
// strict zero-shot), and is scored on every language's test rows. The matrix reads those
// scores from the runs' stored test reports, so it is exactly what eval gives for them.

// The source key of the run trained on every language of the study.
inline constexpr std::string_view allLanguagesSource = "all";

// The languages a study uses when none are named: those with labelled rows in both the train
// and the test split, most labelled rows first (ties by code).
std::vector<std::string> transferLanguages(const data::DatasetSnapshot &snapshot);
// Each language, then "all" (when there are two or more).
std::vector<std::string> transferSources(const std::vector<std::string> &languages);
// eval.source_languages for a source: the language, or every language for "all".
std::string sourceLanguagesSetting(std::string_view source, const std::vector<std::string> &languages);

// Refuses data a transfer study would score wrongly, with the fix: fewer than two languages, a
// language without labelled training or test rows, or groups whose translations straddle
// splits (a test row's translation seen in training would count as transfer). `projectFile`
// goes into the suggested command.
void requireTransferData(const data::DatasetSnapshot &snapshot, const std::vector<std::string> &languages,
                         std::string_view projectFile);

// What to do for each source of a study, in the study's order.
struct StudyStep
{
    enum class Action { Train, Resume, Busy, Done };
    std::string source;
    Action action = Action::Train;
    std::int64_t runId = 0; // Resume, Busy, Done: the linked run
};
// A source without a run, or whose run failed, trains a new one; a stopped or interrupted run
// resumes; a run under way (another process) is left to it.
std::vector<StudyStep> planStudySteps(const std::vector<std::string> &sources,
                                      const std::vector<store::StudyRun> &linked,
                                      const std::function<std::optional<store::RunStatus>(std::int64_t)> &statusOf);

// The same for a stored study: its sources, its linked runs and their statuses as the project
// holds them now.
std::vector<StudyStep> readStudySteps(store::Database &db, const store::StudyInfo &study);

struct TransferCell
{
    double macroF1 = 0;
    std::optional<Interval> macroF1Interval;
    double accuracy = 0;
    std::int64_t examples = 0;
};

// Per target language: the single language that transfers best to it (itself left out), its
// score with its own labels, and what its own labels add.
struct TransferTarget
{
    std::string language;
    std::optional<std::string> bestSource;
    std::optional<double> bestTransfer;  // macro-F1 from bestSource
    std::optional<double> own;           // macro-F1 of the run trained on this language alone
    std::optional<double> meanTransfer;  // mean macro-F1 from the other single languages
    std::optional<double> gap;           // own - meanTransfer: the transfer gap
    std::optional<double> gainFromOwn;   // own - bestTransfer: what labelling this language adds
};

struct TransferMatrix
{
    std::vector<std::string> languages; // targets, in the study's order
    std::vector<std::string> sources;   // languages, then "all"
    std::map<std::string, std::int64_t> runs;                              // source -> run with a test report
    std::map<std::string, std::map<std::string, TransferCell>> cells;      // source -> target -> scores
    std::vector<TransferTarget> targets;                                   // in languages' order

    const TransferCell *cell(const std::string &source, const std::string &target) const;
};

// The matrix from the finished runs' test reports (source -> (run id, report)); a source
// without one has an empty row.
TransferMatrix transferMatrix(const std::vector<std::string> &languages,
                              const std::map<std::string, std::pair<std::int64_t, EvaluationReport>> &reports);

// The study's matrix from its finished runs' stored test reports (a damaged report leaves its
// row empty).
TransferMatrix readTransferMatrix(store::Database &db, const store::StudyInfo &study);

// {"languages": [...], "runs": {SOURCE: run}, "matrix": {SOURCE: {TARGET: {"macro_f1",
// "macro_f1_ci", "accuracy", "n"}}}, "targets": {TARGET: {"best_source", "best_transfer",
// "own", "mean_transfer", "gap", "gain_from_own"}}}
nlohmann::ordered_json transferMatrixToJson(const TransferMatrix &matrix);

} // namespace glossa::core::train
