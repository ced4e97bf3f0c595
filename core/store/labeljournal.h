#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace glossa::core::store {

class Database;

enum class EditSource { Import, User, Bulk, Suggestion };
std::string_view toString(EditSource source);
// The source a stored word names; a word Glossa does not write reads as a hand edit.
EditSource editSourceFrom(std::string_view word);

// The label an example has after an edit, undo or redo; the UI refreshes these rows.
struct LabelChange
{
    std::int64_t exampleId = 0;
    std::optional<std::int64_t> labelId;
};

// One line of an example's history, oldest first.
struct HistoryEntry
{
    std::int64_t at = 0;
    EditSource source = EditSource::User;
    std::string action; // edit, undo, redo
    std::optional<std::string> oldLabel;
    std::optional<std::string> newLabel;
    std::string description;
};

// Every label change of a dataset, durably: edits, undo and redo all write to the project
// in one short transaction each, so the undo stack survives closing the project or a crash.
//
// The stack is per dataset. Undo reverts the newest edit still done; redo re-applies the edit
// undone most recently; a new edit drops what could have been redone (as every editor does).
// Imported labels are journalled but are not undoable edits.
class LabelJournal
{
public:
    explicit LabelJournal(Database &db);

    // labelId nullopt clears the label. Examples whose label already matches are skipped;
    // returns the changes made (empty if none, and then nothing is journalled). Joins the
    // caller's write transaction when one is open, so an edit can be part of a larger change.
    std::vector<LabelChange> setLabel(std::int64_t datasetId, const std::vector<std::int64_t> &exampleIds,
                                      std::optional<std::int64_t> labelId, EditSource source,
                                      std::string_view description = {});

    bool canUndo(std::int64_t datasetId);
    bool canRedo(std::int64_t datasetId);
    // Describes what undo/redo would do, for menu text ("Undo: label 3 examples 'refund'").
    std::optional<std::string> undoDescription(std::int64_t datasetId);
    std::optional<std::string> redoDescription(std::int64_t datasetId);
    std::vector<LabelChange> undo(std::int64_t datasetId);
    std::vector<LabelChange> redo(std::int64_t datasetId);

    std::vector<HistoryEntry> history(std::int64_t exampleId);

    // Records the labels an import has just written (examples with ids from firstExampleId on)
    // as one import batch that undo skips; runs inside the importer's transaction.
    void journalImport(std::int64_t datasetId, std::int64_t importId, std::int64_t firstExampleId,
                       std::string_view description);

private:
    std::optional<std::int64_t> batchToUndo(std::int64_t datasetId);
    std::optional<std::int64_t> batchToRedo(std::int64_t datasetId);
    std::vector<LabelChange> replay(std::int64_t datasetId, std::int64_t batchId, bool backwards);
    std::int64_t newBatch(std::int64_t datasetId, EditSource source, std::string_view action,
                          std::optional<std::int64_t> target, std::optional<std::string_view> state,
                          std::string_view description);

    Database &m_db;
};

} // namespace glossa::core::store
