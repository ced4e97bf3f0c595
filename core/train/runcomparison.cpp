#include "train/runcomparison.h"

#include "data/snapshot.h"
#include "data/snapshotfile.h"
#include "store/database.h"
#include "store/runstore.h"
#include "util/error.h"

#include <map>
#include <set>
#include <unordered_map>

namespace glossa::core::train {
namespace {

// Example id -> predicted label name, from the predictions stored when the run ended.
std::unordered_map<std::int64_t, std::string> storedPredictions(store::RunStore &runs, const store::RunInfo &run)
{
    auto predicted = runs.predictedLabels(run.id);
    if (predicted.empty())
        throw Error("run '" + run.name + "' (" + std::string(store::toString(run.status))
                    + ") has no stored predictions to compare: only a run that finished or was stopped has them");
    return predicted;
}

// Example id -> gold label name of the test examples the run was scored on.
std::map<std::int64_t, std::string> testLabels(const data::DatasetSnapshot &snapshot)
{
    std::map<std::int64_t, std::string> gold;
    for (const auto *example : snapshot.inSplit(data::Split::Test))
        gold.emplace(example->id, snapshot.labels[static_cast<std::size_t>(example->label)]);
    return gold;
}

} // namespace

RunComparison compareRuns(store::Database &db, const std::filesystem::path &artefactDir, std::int64_t runA,
                          std::int64_t runB, const BootstrapOptions &options)
{
    store::RunStore runs(db, artefactDir);
    const auto first = runs.findRun(std::to_string(runA));
    const auto second = runs.findRun(std::to_string(runB));
    if (first.datasetId != second.datasetId)
        throw Error("runs '" + first.name + "' and '" + second.name
                    + "' trained on different datasets, so no test example scores both");
    const auto snapshotA = data::loadSnapshot(runs.requireRunArtefact(first, "snapshot").path);
    const auto snapshotB = data::loadSnapshot(runs.requireRunArtefact(second, "snapshot").path);
    const auto predictedA = storedPredictions(runs, first);
    const auto predictedB = storedPredictions(runs, second);
    const auto goldA = testLabels(snapshotA);
    const auto goldB = testLabels(snapshotB);

    RunComparison comparison;
    comparison.runA = first.name;
    comparison.runB = second.name;
    comparison.dataset = snapshotA.datasetName;
    std::map<std::string, int> classes; // label name -> class id, over both runs' labels
    auto classOf = [&](const std::string &label) {
        return classes.try_emplace(label, static_cast<int>(classes.size())).first->second;
    };
    std::vector<int> gold;
    std::vector<int> a;
    std::vector<int> b;
    std::set<std::int64_t> seen;
    for (const auto &[id, label] : goldA) {
        seen.insert(id);
        const auto inB = goldB.find(id);
        const auto byA = predictedA.find(id);
        const auto byB = predictedB.find(id);
        if (inB == goldB.end() || inB->second != label || byA == predictedA.end() || byB == predictedB.end()) {
            ++comparison.leftOut;
            continue;
        }
        gold.push_back(classOf(label));
        a.push_back(classOf(byA->second));
        b.push_back(classOf(byB->second));
    }
    for (const auto &[id, label] : goldB)
        comparison.leftOut += seen.contains(id) ? 0 : 1;
    if (gold.empty())
        throw Error("runs '" + first.name + "' and '" + second.name
                    + "' share no test example with the same label (the dataset was split again or relabelled "
                      "between them)");
    comparison.difference = pairedBootstrap(gold, a, b, static_cast<int>(classes.size()), options);
    return comparison;
}

} // namespace glossa::core::train
