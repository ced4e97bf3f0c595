#include "data/snapshot.h"

#include "store/database.h"
#include "store/datasetstore.h"
#include "util/error.h"

#include <xxhash.h>

#include <array>
#include <cstdio>
#include <memory>
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

struct HashStateDeleter
{
    void operator()(XXH3_state_t *state) const { XXH3_freeState(state); }
};

// Length-prefixed fields, so ("ab", "c") and ("a", "bc") hash differently.
void feed(XXH3_state_t *state, std::string_view bytes)
{
    const std::uint64_t length = bytes.size();
    XXH3_128bits_update(state, &length, sizeof length);
    XXH3_128bits_update(state, bytes.data(), bytes.size());
}

std::string hexDigest(XXH3_state_t *state)
{
    const XXH128_hash_t digest = XXH3_128bits_digest(state);
    std::array<char, 33> hex{};
    std::snprintf(hex.data(), hex.size(), "%016llx%016llx", static_cast<unsigned long long>(digest.high64),
                  static_cast<unsigned long long>(digest.low64));
    return std::string(hex.data(), 32);
}

} // namespace

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
    db.exec("BEGIN"); // one read transaction: labels and examples from the same moment
    try {
        store::DatasetStore store(db);
        const auto dataset = store.dataset(datasetName);
        DatasetSnapshot snapshot;
        snapshot.datasetId = dataset.id;
        snapshot.datasetName = dataset.name;
        std::unordered_map<std::int64_t, int> labelIndex;
        for (const auto &label : store.labels(dataset.id)) {
            labelIndex.emplace(label.id, static_cast<int>(snapshot.labels.size()));
            snapshot.labels.push_back(label.name);
        }
        std::unique_ptr<XXH3_state_t, HashStateDeleter> state(XXH3_createState());
        XXH3_128bits_reset(state.get());
        snapshot.examples.reserve(static_cast<size_t>(dataset.exampleCount));
        store.forEachExample(dataset.id, [&](const store::Example &example) {
            SnapshotExample item;
            item.id = example.id;
            item.text = example.text;
            item.lang = example.lang;
            item.split = splitFromText(example.split);
            item.label = example.labelId ? labelIndex.at(*example.labelId) : -1;
            item.group = example.groupId;
            feed(state.get(), std::to_string(item.id));
            feed(state.get(), item.text);
            feed(state.get(), item.lang);
            feed(state.get(), example.split);
            feed(state.get(), example.label.value_or(std::string()));
            snapshot.examples.push_back(std::move(item));
        });
        snapshot.hash = hexDigest(state.get());
        db.exec("COMMIT");
        return snapshot;
    } catch (...) {
        db.exec("ROLLBACK");
        throw;
    }
}

} // namespace glossa::core::data
