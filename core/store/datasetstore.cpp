#include "store/datasetstore.h"

#include "store/database.h"
#include "store/examplemetadata.h"
#include "store/labeljournal.h"
#include "util/clock.h"
#include "util/error.h"
#include "util/names.h"

#include <unordered_set>

namespace glossa::core::store {
namespace {

constexpr std::string_view datasetInfoSql = R"sql(
SELECT d.id, d.name, d.description, d.created_at,
       (SELECT count(*) FROM examples e WHERE e.dataset_id = d.id),
       (SELECT count(*) FROM examples e WHERE e.dataset_id = d.id AND e.label_id IS NOT NULL),
       (SELECT count(DISTINCT lang) FROM examples e WHERE e.dataset_id = d.id),
       (SELECT count(*) FROM labels l WHERE l.dataset_id = d.id)
FROM datasets d)sql";

DatasetInfo readDatasetInfo(const Statement &row)
{
    DatasetInfo info;
    info.id = row.int64(0);
    info.name = row.text(1);
    info.description = row.text(2);
    info.createdAt = row.int64(3);
    info.exampleCount = row.int64(4);
    info.labelledCount = row.int64(5);
    info.languageCount = row.int64(6);
    info.labelCount = row.int64(7);
    return info;
}

constexpr std::string_view exampleColumns = R"sql(
SELECT e.id, e.external_id, e.text, e.lang, e.lang_guessed, e.split, e.split_seeded, e.group_id,
       e.label_id, l.name, e.source_line, e.metadata
FROM examples e LEFT JOIN labels l ON l.id = e.label_id )sql";

void readExample(const Statement &row, Example &out)
{
    out.id = row.int64(0);
    out.externalId = row.text(1);
    out.text = row.text(2);
    out.lang = row.text(3);
    out.langGuessed = row.int64(4) != 0;
    out.split = row.text(5);
    out.splitSeeded = row.int64(6) != 0;
    out.groupId = row.optionalText(7);
    out.labelId = row.optionalInt64(8);
    out.label = row.optionalText(9);
    out.sourceLine = row.optionalInt64(10);
    out.metadata = row.optionalText(11).value_or(std::string());
}

} // namespace

DatasetStore::DatasetStore(Database &db)
    : m_db(db)
{
}

std::vector<std::string> DatasetStore::metadataColumns(std::int64_t datasetId)
{
    std::vector<std::string> columns;
    std::unordered_set<std::string> seen;
    auto query = m_db.prepare(
        "SELECT metadata_columns FROM imports WHERE dataset_id = ?1 AND metadata_columns IS NOT NULL ORDER BY id");
    query.bind(1, datasetId);
    while (query.step()) {
        for (auto &name : columnNamesFromJson(query.textView(0))) {
            if (seen.size() >= maxDatasetMetadataColumns)
                return columns;
            if (seen.insert(name).second)
                columns.push_back(std::move(name));
        }
    }
    return columns;
}

std::vector<DatasetInfo> DatasetStore::datasets()
{
    auto query = m_db.prepare(std::string(datasetInfoSql) + " ORDER BY d.name");
    std::vector<DatasetInfo> result;
    while (query.step())
        result.push_back(readDatasetInfo(query));
    return result;
}

std::optional<DatasetInfo> DatasetStore::findDataset(std::string_view name)
{
    auto query = m_db.prepare(std::string(datasetInfoSql) + " WHERE d.name = ?1");
    query.bind(1, name);
    if (!query.step())
        return std::nullopt;
    return readDatasetInfo(query);
}

DatasetInfo DatasetStore::dataset(std::string_view name)
{
    if (auto found = findDataset(name))
        return *found;
    std::string known;
    for (const auto &info : datasets())
        known += (known.empty() ? "" : ", ") + info.name;
    throw Error("no dataset named '" + std::string(name) + "' in " + m_db.file().string()
                + (known.empty() ? " (the project has no datasets yet)" : " (datasets: " + known + ")"));
}

std::int64_t DatasetStore::createDataset(std::string_view name, std::string_view description)
{
    if (name.empty())
        throw Error("a dataset needs a name");
    requireCleanName("dataset name", name);
    if (findDataset(name))
        throw Error("a dataset named '" + std::string(name) + "' already exists");
    auto insert = m_db.prepare("INSERT INTO datasets (name, description, created_at) VALUES (?1, ?2, ?3)");
    insert.bind(1, name).bind(2, description).bind(3, nowMs()).run();
    return m_db.lastInsertId();
}

void DatasetStore::deleteDataset(std::int64_t datasetId)
{
    Transaction transaction(m_db);
    // Journal rows reference labels; delete them (through their batches) before the labels.
    m_db.prepare("DELETE FROM edit_batches WHERE dataset_id = ?1").bind(1, datasetId).run();
    m_db.prepare("DELETE FROM examples WHERE dataset_id = ?1").bind(1, datasetId).run();
    m_db.prepare("DELETE FROM datasets WHERE id = ?1").bind(1, datasetId).run();
    transaction.commit();
}

std::vector<LabelInfo> DatasetStore::labels(std::int64_t datasetId)
{
    // Counting a label's entries in examples_by_label reads the index alone, which is cheaper
    // than grouping the examples table.
    auto query = m_db.prepare(R"sql(
SELECT l.id, l.name, l.position, (SELECT count(*) FROM examples e WHERE e.label_id = l.id), l.merged_into
FROM labels l WHERE l.dataset_id = ?1 ORDER BY l.position, l.id)sql");
    query.bind(1, datasetId);
    std::vector<LabelInfo> result;
    while (query.step())
        result.push_back(
            {query.int64(0), query.text(1), static_cast<int>(query.int64(2)), query.int64(3), query.optionalInt64(4)});
    return result;
}

std::vector<LabelInfo> DatasetStore::activeLabels(std::int64_t datasetId)
{
    auto result = labels(datasetId);
    std::erase_if(result, [](const LabelInfo &label) { return label.mergedInto && label.exampleCount == 0; });
    return result;
}

LabelInfo DatasetStore::label(std::int64_t datasetId, std::int64_t labelId)
{
    for (auto &label : labels(datasetId))
        if (label.id == labelId)
            return std::move(label);
    throw Error("label " + std::to_string(labelId) + " is not in dataset '" + datasetName(datasetId) + "'");
}

std::string DatasetStore::datasetName(std::int64_t datasetId)
{
    auto query = m_db.prepare("SELECT name FROM datasets WHERE id = ?1");
    query.bind(1, datasetId);
    if (!query.step())
        throw Error("no dataset with id " + std::to_string(datasetId) + " in " + m_db.file().string());
    return query.text(0);
}

namespace {

// The rules the importer applies to label names, so a label made in the browser could also
// have come from a file.
std::string checkedLabelName(std::string_view name)
{
    const auto first = name.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos)
        throw Error("a label needs a name");
    name = name.substr(first, name.find_last_not_of(" \t\r\n") - first + 1);
    if (name.find_first_of("\r\n\t") != std::string_view::npos)
        throw Error("a label name cannot contain a line break or tab");
    requireCleanName("label name", name);
    if (name.size() > 100)
        throw Error("a label name can be at most 100 bytes long");
    return std::string(name);
}

} // namespace

std::int64_t DatasetStore::addLabel(std::int64_t datasetId, std::string_view name)
{
    const auto checked = checkedLabelName(name);
    Transaction transaction(m_db);
    const auto dataset = datasetName(datasetId);
    if (const auto existing = findLabel(datasetId, checked)) {
        const auto info = label(datasetId, *existing);
        // A label merged away is not in the set any more; adding it again brings it back.
        if (!info.mergedInto || info.exampleCount > 0)
            throw Error("a label named '" + checked + "' already exists in dataset '" + dataset + "'");
        m_db.prepare(R"sql(
UPDATE labels SET merged_into = NULL,
       position = (SELECT coalesce(max(position) + 1, 0) FROM labels WHERE dataset_id = ?1)
WHERE id = ?2)sql")
            .bind(1, datasetId)
            .bind(2, *existing)
            .run();
        transaction.commit();
        return *existing;
    }
    const auto id = ensureLabel(datasetId, checked);
    transaction.commit();
    return id;
}

void DatasetStore::renameLabel(std::int64_t datasetId, std::int64_t labelId, std::string_view newName)
{
    const auto checked = checkedLabelName(newName);
    Transaction transaction(m_db);
    const auto info = label(datasetId, labelId);
    if (info.name == checked)
        return;
    if (findLabel(datasetId, checked))
        throw Error("a label named '" + checked + "' already exists in dataset '" + datasetName(datasetId) + "'");
    m_db.prepare("UPDATE labels SET name = ?1 WHERE id = ?2").bind(1, checked).bind(2, labelId).run();
    transaction.commit();
}

std::vector<LabelChange> DatasetStore::mergeLabels(std::int64_t datasetId, std::int64_t fromLabelId,
                                                   std::int64_t intoLabelId)
{
    Transaction transaction(m_db);
    const auto from = label(datasetId, fromLabelId);
    const auto into = label(datasetId, intoLabelId);
    if (fromLabelId == intoLabelId)
        throw Error("cannot merge label '" + from.name + "' into itself");
    std::vector<std::int64_t> exampleIds;
    exampleIds.reserve(static_cast<size_t>(from.exampleCount));
    auto examples = m_db.prepare("SELECT id FROM examples WHERE label_id = ?1 AND dataset_id = ?2 ORDER BY id");
    examples.bind(1, fromLabelId).bind(2, datasetId);
    while (examples.step())
        exampleIds.push_back(examples.int64(0));
    // One journalled batch: one undo puts every example back (the label then shows again in
    // activeLabels, as it has examples).
    auto changes = LabelJournal(m_db).setLabel(datasetId, exampleIds, intoLabelId, EditSource::Bulk,
                                               "merge label '" + from.name + "' into '" + into.name + "'");
    m_db.prepare("UPDATE labels SET merged_into = ?1 WHERE id = ?2").bind(1, intoLabelId).bind(2, fromLabelId).run();
    transaction.commit();
    return changes;
}

std::optional<std::int64_t> DatasetStore::findLabel(std::int64_t datasetId, std::string_view name)
{
    auto query = m_db.prepare("SELECT id FROM labels WHERE dataset_id = ?1 AND name = ?2");
    query.bind(1, datasetId).bind(2, name);
    if (!query.step())
        return std::nullopt;
    return query.int64(0);
}

std::int64_t DatasetStore::ensureLabel(std::int64_t datasetId, std::string_view name)
{
    if (auto id = findLabel(datasetId, name))
        return *id;
    // Callers check names with their own words (the importer names file, line and column);
    // this is the last guard before a name that acts on terminals is stored.
    requireCleanName("label name", name);
    auto insert = m_db.prepare(R"sql(
INSERT INTO labels (dataset_id, name, position, created_at)
VALUES (?1, ?2, (SELECT coalesce(max(position) + 1, 0) FROM labels WHERE dataset_id = ?1), ?3))sql");
    insert.bind(1, datasetId).bind(2, name).bind(3, nowMs()).run();
    return m_db.lastInsertId();
}

std::vector<StatsCell> DatasetStore::stats(std::int64_t datasetId)
{
    auto query = m_db.prepare(R"sql(
SELECT coalesce(l.name, ''), e.lang, e.split, count(*)
FROM examples e LEFT JOIN labels l ON l.id = e.label_id
WHERE e.dataset_id = ?1
GROUP BY e.label_id, e.lang, e.split
ORDER BY l.position IS NULL, l.position, e.lang, e.split)sql");
    query.bind(1, datasetId);
    std::vector<StatsCell> result;
    while (query.step())
        result.push_back({query.text(0), query.text(1), query.text(2), query.int64(3)});
    return result;
}

std::int64_t DatasetStore::groupsAcrossSplits(std::int64_t datasetId)
{
    auto query = m_db.prepare(R"sql(
SELECT count(*) FROM (SELECT 1 FROM examples WHERE dataset_id = ?1 AND group_id IS NOT NULL
                      GROUP BY group_id HAVING min(split) != max(split)))sql");
    query.bind(1, datasetId);
    query.step();
    return query.int64(0);
}

std::optional<Example> DatasetStore::example(std::int64_t exampleId)
{
    auto query = m_db.prepare(std::string(exampleColumns) + "WHERE e.id = ?1");
    query.bind(1, exampleId);
    if (!query.step())
        return std::nullopt;
    Example result;
    readExample(query, result);
    return result;
}

std::optional<Example> DatasetStore::exampleByExternalId(std::int64_t datasetId, std::string_view externalId)
{
    auto query = m_db.prepare(std::string(exampleColumns) + "WHERE e.dataset_id = ?1 AND e.external_id = ?2");
    query.bind(1, datasetId).bind(2, externalId);
    if (!query.step())
        return std::nullopt;
    Example result;
    readExample(query, result);
    return result;
}

std::int64_t DatasetStore::exampleCount(std::int64_t datasetId)
{
    auto query = m_db.prepare("SELECT count(*) FROM examples WHERE dataset_id = ?1");
    query.bind(1, datasetId);
    return query.step() ? query.int64(0) : 0;
}

struct DatasetStore::ExampleCursor::Impl
{
    Statement query;
};

DatasetStore::ExampleCursor::ExampleCursor(Database &db, std::int64_t datasetId)
    : m_impl(std::make_unique<Impl>(db.prepare(std::string(exampleColumns) + "WHERE e.dataset_id = ?1 ORDER BY e.id")))
{
    m_impl->query.bind(1, datasetId);
}

DatasetStore::ExampleCursor::~ExampleCursor() = default;

bool DatasetStore::ExampleCursor::next(Example &out)
{
    if (!m_impl->query.step())
        return false;
    readExample(m_impl->query, out);
    return true;
}

} // namespace glossa::core::store
