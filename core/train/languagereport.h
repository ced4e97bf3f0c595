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
// report. What the Evaluate tab shows for a cell of the transfer matrix. Throws Error naming
// the run when it has no stored predictions or no test rows in that language.
StoredReport languageTestReport(store::Database &db, const std::filesystem::path &artefactDir, std::int64_t runId,
                                std::string_view language);

} // namespace glossa::core::train
