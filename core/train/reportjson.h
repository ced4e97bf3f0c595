#pragma once

#include "train/metrics.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace glossa::core::train {

// The reports the engine stores with a run (the `reports` table) and prints, as JSON, written
// and read only here: glossa-cli writes them, the workbench's session reads them back.

// An evaluation report as JSON, classes by name: what the project stores per evaluation and
// what `glossa-cli eval` prints. Shape:
//   {examples, n, accuracy, macro_f1, micro_f1, macro_precision, macro_recall, weighted_f1,
//    accuracy_ci?, macro_f1_ci?,
//    per_class: {LABEL: {precision, recall, f1, support, predicted, f1_ci?}},
//    confusion: {labels: [...], matrix: [[gold x predicted]]},
//    per_language: {LANG: {n, accuracy, macro_f1, micro_f1, accuracy_ci?, macro_f1_ci?, per_class: {...}}}}
// A set's per_class lists only the classes that occur in it; a language without one is "und".
nlohmann::ordered_json reportToJson(const EvaluationReport &report, const std::vector<std::string> &labels);

// A report as stored: its scores, the labels they are indexed by, and (for a run's test
// report) how the test was scored.
struct StoredReport
{
    std::vector<std::string> labels; // class ids index these; the confusion matrix's order
    // classInSet marks the classes a set's per_class lists; only the overall report has a
    // confusion matrix (labels x labels). Examples without a language are under "" (as
    // evaluationReport gives them), written as "und".
    EvaluationReport scores;
    std::string evaluation; // "test split" or "cross-validation"; empty for a dev evaluation
    int folds = 0;          // of the cross-validation; 0 otherwise
};

// reportToJson's shape plus "evaluation" and "folds" (when there were folds).
nlohmann::ordered_json reportToJson(const StoredReport &report);
// std::nullopt for anything that is not such a report (error says why when given): not JSON,
// no labels, a confusion matrix that is not labels x labels, a field of the wrong type. Never
// throws, and allocates no more than the text holds: a project file is untrusted.
std::optional<StoredReport> reportFromJson(std::string_view json, std::string *error = nullptr);
// The same for a report already parsed (inside an event line).
std::optional<StoredReport> reportFromJsonValue(const nlohmann::ordered_json &json, std::string *error = nullptr);

// What a label-error search found, stored beside its queue (split "label_errors").
struct LabelErrorSummary
{
    std::string method = "confident learning over k-fold out-of-sample predictions";
    std::int64_t examples = 0;   // labelled examples searched
    std::int64_t flagged = 0;    // confident learning's flags, before the cap
    std::int64_t candidates = 0; // in the queue
    std::int64_t cap = 0;        // the queue holds at most this many
    int folds = 0;
    std::string ranking;                          // self-confidence or margin
    std::optional<double> outOfSampleAccuracy;    // of the folds' predictions
    bool accuracyTooLow = false;                  // most flags are then the model's own mistakes
    std::optional<double> minUsefulAccuracy;      // the bound accuracyTooLow was judged by
};

std::string labelErrorSummaryToJson(const LabelErrorSummary &summary);
// std::nullopt for anything that is not such a summary; never throws.
std::optional<LabelErrorSummary> labelErrorSummaryFromJson(std::string_view json, std::string *error = nullptr);

} // namespace glossa::core::train
