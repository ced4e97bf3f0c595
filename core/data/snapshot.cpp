#include "data/snapshot.h"

#include "store/database.h"
#include "store/datasetstore.h"
#include "util/error.h"

#include "util/hash.h"

#include <unordered_map>

namespace glossa::core::data {
namespace {

Split splitFromText(std::string_view text)
{
    if (text == "dev")
        return Split::Dev;
    if (text == "test")
        return Split::Test;
    return Split::Train;
}

std::string_view splitName(Split split)
{
    switch (split) {
    case Split::Dev: return "dev";
    case Split::Test: return "test";
    case Split::Train: break;
    }
    return "train";
}

} // namespace

std::string DatasetSnapshot::contentHash() const
{
    ContentHash hash;
    for (const auto &example : examples) {
        hash.add(std::to_string(example.id));
        hash.add(example.text);
        hash.add(example.lang);
        hash.add(splitName(example.split));
        hash.add(example.label >= 0 ? std::string_view(labels.at(static_cast<size_t>(example.label)))
                                    : std::string_view());
    }
    return hash.hex();
}

std::vector<const SnapshotExample *> DatasetSnapshot::inSplit(Split split, bool labelledOnly) const
{
    std::vector<const SnapshotExample *> selected;
    for (const auto &example : examples)
        if (example.split == split && (!labelledOnly || example.label >= 0))
            selected.push_back(&example);
    return selected;
}

DatasetSnapshot takeSnapshot(store::Database &db, std::string_view datasetName)
{
    store::Transaction read(db, store::Transaction::Kind::Read); // labels and examples of one moment
    store::DatasetStore store(db);
    const auto dataset = store.dataset(datasetName);
    DatasetSnapshot snapshot;
    snapshot.datasetId = dataset.id;
    snapshot.datasetName = dataset.name;
    std::unordered_map<std::int64_t, int> labelIndex;
    // The label set the analyst works with: a label merged away, with no examples left, is no
    // class of the model (one with examples again, after an undo, is).
    for (const auto &label : store.activeLabels(dataset.id)) {
        labelIndex.emplace(label.id, static_cast<int>(snapshot.labels.size()));
        snapshot.labels.push_back(label.name);
    }
    snapshot.examples.reserve(static_cast<size_t>(dataset.exampleCount));
    store.forEachExample(dataset.id, [&](const store::Example &example) {
        SnapshotExample item;
        item.id = example.id;
        item.text = example.text;
        item.lang = example.lang;
        item.split = splitFromText(example.split);
        item.label = example.labelId ? labelIndex.at(*example.labelId) : -1;
        item.group = example.groupId;
        snapshot.examples.push_back(std::move(item));
    });
    read.commit();
    snapshot.hash = snapshot.contentHash();
    return snapshot;
}

} // namespace glossa::core::data
