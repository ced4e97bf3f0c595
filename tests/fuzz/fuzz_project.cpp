// A project file from somewhere else (a download, a colleague, a damaged disk): opened as the
// GUI and glossa-cli open it (identity check, migration, interrupted runs), then read the way
// the first views read it: datasets, labels, stats, examples, undo state, runs and metrics.

#include "fuzzinput.h"

#include "store/datasetstore.h"
#include "store/labeljournal.h"
#include "store/project.h"
#include "store/runstore.h"
#include "util/error.h"

#include <cstddef>
#include <cstdint>

using namespace glossa::core;

namespace {

// Caps what one input may make the target read, so a large but valid file stays fast.
constexpr int historiesRead = 3;
constexpr std::size_t maxRunsRead = 20;

std::size_t readDatasets(store::Database &db)
{
    std::size_t checksum = 0;
    store::DatasetStore datasets(db);
    store::LabelJournal journal(db);
    for (const auto &dataset : datasets.datasets()) {
        checksum += dataset.name.size() + static_cast<std::size_t>(dataset.exampleCount);
        for (const auto &label : datasets.labels(dataset.id))
            checksum += label.name.size();
        for (const auto &cell : datasets.stats(dataset.id))
            checksum += cell.label.size() + cell.lang.size() + cell.split.size();
        checksum +=
            static_cast<std::size_t>(datasets.exampleCount(dataset.id) + datasets.groupsAcrossSplits(dataset.id));
        // Every example (the input's size bounds how many); the history of the first few.
        int seen = 0;
        datasets.forEachExample(dataset.id, [&](const store::Example &example) {
            checksum += example.text.size() + example.label.value_or("").size();
            if (seen++ < historiesRead)
                checksum += journal.history(example.id).size();
        });
        checksum += journal.undoDescription(dataset.id).value_or("").size();
        checksum += journal.redoDescription(dataset.id).value_or("").size();
    }
    return checksum;
}

std::size_t readRuns(store::Project &project)
{
    std::size_t checksum = 0;
    store::RunStore runs(project.db(), store::Project::artefactDirOf(project.file()));
    for (const auto &summary : runs.runSummaries())
        checksum += summary.run.configJson.size() + summary.datasetName.size() + summary.testEvaluation.size();
    const auto all = runs.runs();
    for (std::size_t k = 0; k < all.size() && k < maxRunsRead; ++k) {
        checksum += runs.metrics(all[k].id).size();
        checksum += runs.latestReport(all[k].id, "test").value_or("").size();
        checksum += runs.labelErrors(all[k].id).size();
    }
    return checksum;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    // InputFile removes the -wal, -shm and .artefacts the project leaves beside it.
    const glossa::fuzz::InputFile input("project.glossa", data, size);
    try {
        auto project = store::Project::open(input.path());
        std::size_t checksum = static_cast<std::size_t>(project.schemaVersion());
        checksum += readDatasets(project.db());
        checksum += readRuns(project);
        glossa::fuzz::observe(checksum);
    } catch (const Error &) {
        // The documented refusal: not a project, a newer one, or a damaged database.
    }
    return 0;
}
