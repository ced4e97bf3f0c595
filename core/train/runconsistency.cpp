#include "train/runconsistency.h"

#include "data/snapshotfile.h"
#include "store/database.h"
#include "store/runstore.h"
#include "util/error.h"

#include <unordered_map>
#include <utility>

namespace glossa::core::train {

std::optional<data::Split> splitNamed(std::string_view name)
{
    if (name == "train")
        return data::Split::Train;
    if (name == "dev")
        return data::Split::Dev;
    if (name == "test")
        return data::Split::Test;
    return std::nullopt;
}

std::vector<const data::SnapshotExample *> groupedInSplit(const data::DatasetSnapshot &snapshot, data::Split split)
{
    std::vector<const data::SnapshotExample *> grouped;
    for (const auto *example : snapshot.inSplit(split, false))
        if (example->group && !example->group->empty())
            grouped.push_back(example);
    return grouped;
}

ConsistencyExample consistencyExample(const data::DatasetSnapshot &snapshot, const data::SnapshotExample &example,
                                      std::string predicted)
{
    ConsistencyExample item;
    item.exampleId = example.id;
    item.group = example.group;
    item.lang = example.lang;
    item.text = example.text;
    item.predicted = std::move(predicted);
    if (example.label >= 0 && static_cast<std::size_t>(example.label) < snapshot.labels.size())
        item.gold = snapshot.labels[static_cast<std::size_t>(example.label)];
    return item;
}

TranslationConsistency storedConsistency(store::Database &db, const std::filesystem::path &artefactDir,
                                         std::int64_t runId, data::Split split)
{
    store::RunStore runs(db, artefactDir);
    const auto run = runs.findRun(std::to_string(runId));
    const auto snapshot = data::loadSnapshot(runs.requireRunArtefact(run, "snapshot").path);

    // Example id -> predicted label name, as stored when the run ended.
    auto query = db.prepare(
        "SELECT p.example_id, l.name FROM predictions p JOIN labels l ON l.id = p.label_id WHERE p.run_id = ?1");
    query.bind(1, run.id);
    std::unordered_map<std::int64_t, std::string> predicted;
    while (query.step())
        predicted.emplace(query.int64(0), query.text(1));
    if (predicted.empty())
        throw Error("run '" + run.name + "' (" + std::string(store::toString(run.status))
                    + ") has no stored predictions: only a run that finished or was stopped has them");

    std::vector<ConsistencyExample> examples;
    for (const auto *example : groupedInSplit(snapshot, split))
        if (const auto found = predicted.find(example->id); found != predicted.end())
            examples.push_back(consistencyExample(snapshot, *example, found->second));
    return measureConsistency(examples);
}

} // namespace glossa::core::train
