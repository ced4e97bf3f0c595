#pragma once

#include <filesystem>
#include <optional>
#include <string_view>

namespace glossa::core::store {
class Database;
}

namespace glossa::core::data {

// The dataset name of the bundled demo: multilingual customer-support intents.
inline constexpr std::string_view demoDatasetName = "support-intents";

// The folder with the demo's JSONL files: $GLOSSA_DATA_DIR/demo, then share/glossa/demo beside
// the executable, the build tree and the install prefix.
std::optional<std::filesystem::path> findDemoDataDir();

// Imports every demo file into the demo dataset of a project (one transaction per file).
// Does nothing when the project already has the demo dataset.
void importDemoData(store::Database &db, const std::filesystem::path &demoDir);

} // namespace glossa::core::data
