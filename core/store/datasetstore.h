#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace glossa::core::store {

class Database;
struct LabelChange;

struct DatasetInfo
{
    std::int64_t id = 0;
    std::string name;
    std::string description;
    std::int64_t createdAt = 0;
    std::int64_t exampleCount = 0;
    std::int64_t labelledCount = 0;
    std::int64_t languageCount = 0;
    std::int64_t labelCount = 0;
};

struct LabelInfo
{
    std::int64_t id = 0;
    std::string name;
    int position = 0;
    std::int64_t exampleCount = 0;
    // The label this one was merged into; nullopt for a live label.
    std::optional<std::int64_t> mergedInto;
};

// One cell of the label x language x split table; an empty label means "unlabelled".
struct StatsCell
{
    std::string label;
    std::string lang;
    std::string split;
    std::int64_t count = 0;
};

struct Example
{
    std::int64_t id = 0;
    std::string externalId;
    std::string text;
    std::string lang;
    bool langGuessed = false;
    std::string split;
    bool splitSeeded = false;
    std::optional<std::string> groupId;
    std::optional<std::int64_t> labelId;
    std::optional<std::string> label;
    std::optional<std::int64_t> sourceLine;
    // The file's other columns, as a JSON object (store/examplemetadata.h); empty for none.
    std::string metadata;
};

// Datasets, their label sets and examples: the read side every view and exporter uses, plus
// the few writes that are not label edits (label edits go through LabelJournal).
class DatasetStore
{
public:
    explicit DatasetStore(Database &db);

    std::vector<DatasetInfo> datasets();
    std::optional<DatasetInfo> findDataset(std::string_view name);
    // Throws Error naming the dataset and listing the ones that exist.
    DatasetInfo dataset(std::string_view name);
    // Throws Error when no dataset has this id.
    std::string datasetName(std::int64_t datasetId);
    std::int64_t createDataset(std::string_view name, std::string_view description = {});
    void deleteDataset(std::int64_t datasetId);

    // Every label of the dataset, merged ones included, by position.
    std::vector<LabelInfo> labels(std::int64_t datasetId);
    // The labels the analyst works with (listed, keys 1-9): those not merged, and merged ones
    // that have examples again (the merge was undone).
    std::vector<LabelInfo> activeLabels(std::int64_t datasetId);
    std::optional<std::int64_t> findLabel(std::int64_t datasetId, std::string_view name);
    // Returns the existing label's id, or appends a new label at the end of the set.
    std::int64_t ensureLabel(std::int64_t datasetId, std::string_view name);
    // Appends a new label; a name the dataset already uses is an error, except that of a label
    // merged away (and without examples), which comes back at the end under its old id.
    std::int64_t addLabel(std::int64_t datasetId, std::string_view name);
    void renameLabel(std::int64_t datasetId, std::int64_t labelId, std::string_view newName);
    // Relabels every example of fromLabelId as intoLabelId (one journalled edit, so one undo
    // brings them back) and marks fromLabelId merged, in one transaction. Returns the changes.
    std::vector<LabelChange> mergeLabels(std::int64_t datasetId, std::int64_t fromLabelId, std::int64_t intoLabelId);

    std::vector<StatsCell> stats(std::int64_t datasetId);
    // Groups (translations of one item) with rows in more than one split: each lets a test
    // score count recognising a translation seen in training.
    std::int64_t groupsAcrossSplits(std::int64_t datasetId);
    std::optional<Example> example(std::int64_t exampleId);
    std::optional<Example> exampleByExternalId(std::int64_t datasetId, std::string_view externalId);
    std::int64_t exampleCount(std::int64_t datasetId);
    // The columns kept as metadata by the dataset's imports, in the order they first came
    // (each import's in its file's order), at most maxDatasetMetadataColumns.
    std::vector<std::string> metadataColumns(std::int64_t datasetId);
    static constexpr std::size_t maxDatasetMetadataColumns = 1024;

    // Visits every example in id order (import order) without loading them all at once.
    template <typename Visitor> void forEachExample(std::int64_t datasetId, Visitor &&visit);

private:
    class ExampleCursor;
    LabelInfo label(std::int64_t datasetId, std::int64_t labelId);
    Database &m_db;
};

// Streams a dataset's examples; used by forEachExample and the exporters.
class DatasetStore::ExampleCursor
{
public:
    ExampleCursor(Database &db, std::int64_t datasetId);
    ~ExampleCursor();
    bool next(Example &out);

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

template <typename Visitor> void DatasetStore::forEachExample(std::int64_t datasetId, Visitor &&visit)
{
    ExampleCursor cursor(m_db, datasetId);
    Example example;
    while (cursor.next(example))
        visit(example);
}

} // namespace glossa::core::store
