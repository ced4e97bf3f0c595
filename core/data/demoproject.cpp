#include "data/demoproject.h"

#include "data/importer.h"
#include "store/datasetstore.h"
#include "util/error.h"

#include <algorithm>
#include <cstdlib>
#include <vector>

namespace glossa::core::data {

std::optional<std::filesystem::path> findDemoDataDir()
{
    namespace fs = std::filesystem;
    std::vector<fs::path> candidates;
    if (const char *dataDir = std::getenv("GLOSSA_DATA_DIR"))
        candidates.push_back(fs::path(dataDir) / "demo");
    std::error_code error;
    const auto exe = fs::read_symlink("/proc/self/exe", error);
    if (!error)
        candidates.push_back(exe.parent_path().parent_path() / "share" / "glossa" / "demo");
    candidates.emplace_back(GLOSSA_BUILD_DATA_DIR "/demo");
    candidates.emplace_back(GLOSSA_INSTALL_DATA_DIR "/demo");
    for (const auto &candidate : candidates)
        if (fs::is_directory(candidate, error))
            return candidate;
    return std::nullopt;
}

void importDemoData(store::Database &db, const std::filesystem::path &demoDir)
{
    if (store::DatasetStore(db).findDataset(demoDatasetName))
        return;
    std::vector<std::filesystem::path> files;
    for (const auto &entry : std::filesystem::directory_iterator(demoDir))
        if (entry.path().extension() == ".jsonl")
            files.push_back(entry.path());
    if (files.empty())
        throw Error(demoDir.string() + ": no demo data (*.jsonl) found");
    std::sort(files.begin(), files.end());
    try {
        for (const auto &file : files)
            importFile(db, demoDatasetName, file);
    } catch (...) {
        // One file per transaction: drop what did land, so the next start imports it whole.
        store::DatasetStore store(db);
        if (auto partial = store.findDataset(demoDatasetName))
            store.deleteDataset(partial->id);
        throw;
    }
}

} // namespace glossa::core::data
