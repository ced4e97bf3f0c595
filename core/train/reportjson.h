#pragma once

#include "train/metrics.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace glossa::core::train {

// An evaluation report as JSON, classes by name: what the project stores per evaluation and
// what `glossa-cli eval` prints. Shape:
//   {examples, accuracy, macro_f1, micro_f1, macro_precision, macro_recall, weighted_f1,
//    per_class: {LABEL: {precision, recall, f1, support, predicted}},
//    confusion: {labels: [...], matrix: [[gold x predicted]]},
//    per_language: {LANG: {n, accuracy, macro_f1, micro_f1, per_class: {...}}}}
nlohmann::ordered_json reportToJson(const EvaluationReport &report, const std::vector<std::string> &labels);

} // namespace glossa::core::train
