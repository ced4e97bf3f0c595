#pragma once

#include "train/reportjson.h"

#include <cstdint>
#include <filesystem>
#include <string_view>

namespace glossa::core::store {
class Database;
}

namespace glossa::core::train {

// A finished run's scores on the test rows of one language, with the whole of a report
// (confusion matrix, per class, intervals): read from the predictions stored when it ended and
// the gold labels of its snapshot, so it equals that language's entry of the stored test
// report, intervals included (they are taken from it). What the Evaluate tab shows for a cell
// of the transfer matrix. Throws Error naming the run when it has no stored predictions, no
// test rows in that language, or was scored by cross-validation (its model saw every row).
StoredReport languageTestReport(store::Database &db, const std::filesystem::path &artefactDir, std::int64_t runId,
                                std::string_view language);

} // namespace glossa::core::train
