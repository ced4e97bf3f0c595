#include "store/labeljournal.h"

#include "store/database.h"
#include "util/clock.h"
#include "util/error.h"

#include <sqlite3.h>

namespace glossa::core::store {

std::string_view toString(EditSource source)
{
    switch (source) {
    case EditSource::Import: return "import";
    case EditSource::User: return "user";
    case EditSource::Bulk: return "bulk";
    case EditSource::Suggestion: return "suggestion";
    }
    return "user";
}

EditSource editSourceFrom(std::string_view text)
{
    if (text == "import")
        return EditSource::Import;
    if (text == "bulk")
        return EditSource::Bulk;
    if (text == "suggestion")
        return EditSource::Suggestion;
    return EditSource::User;
}

namespace {

// A write transaction of its own, or a savepoint inside the caller's (DatasetStore::mergeLabels
// relabels and marks the label merged in one transaction); either way all or nothing.
class WriteScope
{
public:
    explicit WriteScope(Database &db)
        : m_db(db)
        , m_nested(sqlite3_get_autocommit(db.handle()) == 0)
    {
        m_db.exec(m_nested ? "SAVEPOINT label_journal_edit" : "BEGIN IMMEDIATE");
    }
    WriteScope(const WriteScope &) = delete;
    WriteScope &operator=(const WriteScope &) = delete;
    ~WriteScope()
    {
        if (!m_open)
            return;
        try {
            m_db.exec(m_nested ? "ROLLBACK TO label_journal_edit; RELEASE label_journal_edit" : "ROLLBACK");
        } catch (...) {
            // A failed rollback leaves it to the caller's transaction or to closing the connection.
        }
    }
    void commit()
    {
        m_db.exec(m_nested ? "RELEASE label_journal_edit" : "COMMIT");
        m_open = false;
    }

private:
    Database &m_db;
    bool m_nested = false;
    bool m_open = true;
};

} // namespace

LabelJournal::LabelJournal(Database &db)
    : m_db(db)
{
}

std::int64_t LabelJournal::newBatch(std::int64_t datasetId, EditSource source, std::string_view action,
                                    std::optional<std::int64_t> target, std::optional<std::string_view> state,
                                    std::string_view description)
{
    auto insert = m_db.prepare(R"sql(
INSERT INTO edit_batches (dataset_id, source, action, target_batch, state, description, created_at)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7))sql");
    insert.bind(1, datasetId).bind(2, toString(source)).bind(3, action).bind(4, target).bind(5, state);
    insert.bind(6, description).bind(7, nowMs()).run();
    return m_db.lastInsertId();
}

std::vector<LabelChange> LabelJournal::setLabel(std::int64_t datasetId, const std::vector<std::int64_t> &exampleIds,
                                                std::optional<std::int64_t> labelId, EditSource source,
                                                std::string_view description)
{
    if (source == EditSource::Import)
        throw Error("imports journal their labels through journalImport");
    WriteScope transaction(m_db);
    if (labelId) {
        auto check = m_db.prepare("SELECT 1 FROM labels WHERE id = ?1 AND dataset_id = ?2");
        check.bind(1, *labelId).bind(2, datasetId);
        if (!check.step())
            throw Error("label " + std::to_string(*labelId) + " does not belong to this dataset");
    }

    auto current = m_db.prepare("SELECT label_id FROM examples WHERE id = ?1 AND dataset_id = ?2");
    auto update = m_db.prepare("UPDATE examples SET label_id = ?1, updated_at = ?2 WHERE id = ?3");
    auto journal = m_db.prepare(R"sql(
INSERT INTO label_journal (batch_id, example_id, old_label_id, new_label_id, created_at)
VALUES (?1, ?2, ?3, ?4, ?5))sql");

    std::optional<std::int64_t> batchId;
    std::vector<LabelChange> changes;
    const auto now = nowMs();
    for (const auto exampleId : exampleIds) {
        current.bind(1, exampleId).bind(2, datasetId);
        if (!current.step())
            throw Error("example " + std::to_string(exampleId) + " is not in this dataset");
        const auto oldLabel = current.optionalInt64(0);
        current.reset();
        if (oldLabel == labelId)
            continue;
        if (!batchId) {
            // A new edit makes the undone edits unreachable for redo.
            m_db.prepare("UPDATE edit_batches SET state = 'superseded' WHERE dataset_id = ?1 AND state = 'undone'")
                .bind(1, datasetId)
                .run();
            batchId = newBatch(datasetId, source, "edit", std::nullopt, "done", description);
        }
        update.bind(1, labelId).bind(2, now).bind(3, exampleId).run();
        journal.bind(1, *batchId).bind(2, exampleId).bind(3, oldLabel).bind(4, labelId).bind(5, now).run();
        changes.push_back({exampleId, labelId});
    }
    transaction.commit();
    return changes;
}

std::optional<std::int64_t> LabelJournal::batchToUndo(std::int64_t datasetId)
{
    auto query = m_db.prepare("SELECT max(id) FROM edit_batches WHERE dataset_id = ?1 AND state = 'done'");
    query.bind(1, datasetId);
    return query.step() ? query.optionalInt64(0) : std::nullopt;
}

std::optional<std::int64_t> LabelJournal::batchToRedo(std::int64_t datasetId)
{
    // Undone edits always form the tail of the edit sequence, so the most recently undone one
    // is the oldest of them.
    auto query = m_db.prepare("SELECT min(id) FROM edit_batches WHERE dataset_id = ?1 AND state = 'undone'");
    query.bind(1, datasetId);
    return query.step() ? query.optionalInt64(0) : std::nullopt;
}

bool LabelJournal::canUndo(std::int64_t datasetId)
{
    return batchToUndo(datasetId).has_value();
}

bool LabelJournal::canRedo(std::int64_t datasetId)
{
    return batchToRedo(datasetId).has_value();
}

namespace {

std::optional<std::string> describeBatch(Database &db, std::optional<std::int64_t> batchId)
{
    if (!batchId)
        return std::nullopt;
    auto query = db.prepare("SELECT description FROM edit_batches WHERE id = ?1");
    query.bind(1, *batchId);
    return query.step() ? query.optionalText(0) : std::nullopt;
}

} // namespace

std::optional<std::string> LabelJournal::undoDescription(std::int64_t datasetId)
{
    return describeBatch(m_db, batchToUndo(datasetId));
}

std::optional<std::string> LabelJournal::redoDescription(std::int64_t datasetId)
{
    return describeBatch(m_db, batchToRedo(datasetId));
}

std::vector<LabelChange> LabelJournal::replay(std::int64_t datasetId, std::int64_t batchId, bool backwards)
{
    auto source = m_db.prepare("SELECT source, description FROM edit_batches WHERE id = ?1");
    source.bind(1, batchId);
    source.step();
    const auto editSource = editSourceFrom(source.textView(0));
    const auto description = source.text(1);
    source.reset();

    const auto replayBatch =
        newBatch(datasetId, editSource, backwards ? "undo" : "redo", batchId, std::nullopt, description);
    auto entries = m_db.prepare(backwards ? "SELECT example_id, new_label_id, old_label_id FROM label_journal "
                                            "WHERE batch_id = ?1 ORDER BY id DESC"
                                          : "SELECT example_id, old_label_id, new_label_id FROM label_journal "
                                            "WHERE batch_id = ?1 ORDER BY id");
    auto update = m_db.prepare("UPDATE examples SET label_id = ?1, updated_at = ?2 WHERE id = ?3");
    auto journal = m_db.prepare(R"sql(
INSERT INTO label_journal (batch_id, example_id, old_label_id, new_label_id, created_at)
VALUES (?1, ?2, ?3, ?4, ?5))sql");
    entries.bind(1, batchId);
    std::vector<LabelChange> changes;
    const auto now = nowMs();
    while (entries.step()) {
        const auto exampleId = entries.int64(0);
        const auto from = entries.optionalInt64(1);
        const auto to = entries.optionalInt64(2);
        update.bind(1, to).bind(2, now).bind(3, exampleId).run();
        journal.bind(1, replayBatch).bind(2, exampleId).bind(3, from).bind(4, to).bind(5, now).run();
        changes.push_back({exampleId, to});
    }
    m_db.prepare("UPDATE edit_batches SET state = ?1 WHERE id = ?2")
        .bind(1, backwards ? "undone" : "done")
        .bind(2, batchId)
        .run();
    return changes;
}

std::vector<LabelChange> LabelJournal::undo(std::int64_t datasetId)
{
    Transaction transaction(m_db);
    const auto batch = batchToUndo(datasetId);
    if (!batch)
        return {};
    auto changes = replay(datasetId, *batch, true);
    transaction.commit();
    return changes;
}

std::vector<LabelChange> LabelJournal::redo(std::int64_t datasetId)
{
    Transaction transaction(m_db);
    const auto batch = batchToRedo(datasetId);
    if (!batch)
        return {};
    auto changes = replay(datasetId, *batch, false);
    transaction.commit();
    return changes;
}

std::vector<HistoryEntry> LabelJournal::history(std::int64_t exampleId)
{
    auto query = m_db.prepare(R"sql(
SELECT j.created_at, b.source, b.action, lo.name, ln.name, b.description
FROM label_journal j
JOIN edit_batches b ON b.id = j.batch_id
LEFT JOIN labels lo ON lo.id = j.old_label_id
LEFT JOIN labels ln ON ln.id = j.new_label_id
WHERE j.example_id = ?1
ORDER BY j.id)sql");
    query.bind(1, exampleId);
    std::vector<HistoryEntry> result;
    while (query.step())
        result.push_back({query.int64(0), editSourceFrom(query.textView(1)), query.text(2), query.optionalText(3),
                          query.optionalText(4), query.text(5)});
    return result;
}

void LabelJournal::journalImport(std::int64_t datasetId, std::int64_t importId, std::int64_t firstExampleId,
                                 std::string_view description)
{
    const auto batch = newBatch(datasetId, EditSource::Import, "edit", std::nullopt, std::nullopt, description);
    // OR IGNORE: nothing can collide here, and a statement that cannot fail half-way needs no
    // statement journal, which for a million rows would otherwise be held in memory.
    auto insert = m_db.prepare(R"sql(
INSERT OR IGNORE INTO label_journal (batch_id, example_id, old_label_id, new_label_id, created_at)
SELECT ?1, id, NULL, label_id, created_at FROM examples
WHERE id >= ?3 AND import_id = ?2 AND label_id IS NOT NULL)sql");
    insert.bind(1, batch).bind(2, importId).bind(3, firstExampleId).run();
}

} // namespace glossa::core::store
