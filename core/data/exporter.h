#pragma once

#include "data/recordsource.h"

#include <cstdint>
#include <filesystem>
#include <string_view>

namespace glossa::core::store {
class Database;
}

namespace glossa::core::data {

// The format an export writes, from the file's extension (any case): .csv, .tsv, .jsonl, or
// .ndjson (JSON Lines' other name). Anything else is refused, no extension and .json included
// (a .json file is expected to hold one JSON document, and an export writes one object a
// line), with an Error naming the file and the extensions to use: an export never guesses.
Format exportFormatFor(const std::filesystem::path &file);

// Writes a dataset with its current (corrected) labels as CSV, TSV or JSONL, in a form the
// importer reads back to the same rows: id, text, label, lang, lang_guessed, split, group, then
// the columns the imports kept as metadata, under their own names and in their files' order, so
// the file joins back to its source (a name taken by one of Glossa's columns gets ".1").
// Writes to a temporary file and renames it, so a failed export never leaves half a file.
// Returns the number of rows written.
std::int64_t exportDataset(store::Database &db, std::string_view datasetName, const std::filesystem::path &file,
                           Format format);

// Writes a run's stored predictions, one row per example it predicted, in the format of the
// file's extension (exportFormatFor): id (the dataset's own, to join back on), text, lang,
// split, label (the gold label as it is now; empty or null when unlabelled), predicted,
// confidence (the predicted label's probability), margin (it minus the runner-up's; empty or
// null for predictions stored before margins were), correct (empty or null when unlabelled).
// Refuses a run with no stored predictions. All or nothing, as exportDataset. Returns the
// number of rows written.
std::int64_t exportRunPredictions(store::Database &db, std::int64_t runId, const std::filesystem::path &file);

} // namespace glossa::core::data
