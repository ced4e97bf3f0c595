#pragma once

#include "data/recordsource.h"

#include <cstdint>
#include <filesystem>
#include <string_view>

namespace glossa::core::store {
class Database;
}

namespace glossa::core::data {

// Writes a dataset with its current (corrected) labels as CSV, TSV or JSONL, in a form the
// importer reads back to the same rows: id, text, label, lang, lang_guessed, split, group, then
// the columns the imports kept as metadata, under their own names and in their files' order, so
// the file joins back to its source (a name taken by one of Glossa's columns gets ".1").
// Writes to a temporary file and renames it, so a failed export never leaves half a file.
// Returns the number of rows written.
std::int64_t exportDataset(store::Database &db, std::string_view datasetName, const std::filesystem::path &file,
                           Format format);

// Writes a run's stored predictions as CSV, one row per example it predicted: id, text, lang,
// split, label (as it is now), predicted, confidence, correct (empty for unlabelled examples).
// All or nothing, as exportDataset. Returns the number of rows written.
std::int64_t exportRunPredictions(store::Database &db, std::int64_t runId, const std::filesystem::path &file);

} // namespace glossa::core::data
