#pragma once

#include "ui/session/browsetypes.h"
#include "ui/session/projectoverview.h"

#include "data/resplit.h"

#include <QCoreApplication>
#include <QString>

#include <functional>
#include <memory>
#include <optional>

namespace glossa::core::store {
class Project;
}

namespace glossa::ui {

// The journal's state for Edit ▸ Undo and Redo; the texts describe the edits (empty when
// they have none).
struct UndoState
{
    qint64 datasetId = -1;
    bool canUndo = false;
    QString undoText;
    bool canRedo = false;
    QString redoText;
};

// What an edit changed: the examples' new labels, the journal after it, and whether the label
// set itself changed (so counts and pickers read the overview again).
struct EditOutcome
{
    qint64 datasetId = -1;
    QList<LabelUpdate> updates;
    UndoState undo;
    bool labelSetChanged = false;
    qint64 addedExampleId = -1;
};

// Lives on the project thread (ProjectSession calls it through a WorkerThread) and owns that
// thread's connection to the project: every write. Each call returns what changed or throws.
class ProjectWorker
{
    Q_DECLARE_TR_FUNCTIONS(glossa::ui::ProjectWorker)

public:
    ProjectWorker();
    ~ProjectWorker();

    enum class OpenMode {
        Existing, // the file must exist
        New,      // the file must not exist
        Demo,     // opened if it exists, else created and filled with the bundled demo data
    };

    // The new project replaces the open one only once it opened. say() tells what it is doing
    // (called on this thread).
    ProjectOverview open(const QString &filePath, OpenMode mode, const std::function<void(const QString &)> &say);
    ProjectOverview readOverview();

    // Label edits, each one journalled (undoable, also after reopening). ids are example ids;
    // labelId -1 clears the label.
    EditOutcome setLabel(qint64 datasetId, const QList<qint64> &exampleIds, qint64 labelId, const QString &description);
    EditOutcome undo(qint64 datasetId);
    EditOutcome redo(qint64 datasetId);
    UndoState readUndoState(qint64 datasetId);
    EditOutcome addLabel(qint64 datasetId, const QString &name);
    EditOutcome renameLabel(qint64 datasetId, qint64 labelId, const QString &name);
    EditOutcome mergeLabels(qint64 datasetId, qint64 fromLabelId, qint64 intoLabelId);
    // Splits the dataset again in one transaction (core::data::applyResplit); what changed.
    core::data::ResplitPlan applyResplit(qint64 datasetId, const core::data::ResplitOptions &options);
    // Puts back the splits from before the dataset's latest re-split: the rows changed back,
    // or nothing when there is no re-split to undo.
    std::optional<qint64> undoResplit(qint64 datasetId);
    // A typed text as a new, labelled example (core::store::addTypedExample).
    EditOutcome addExample(qint64 datasetId, const QString &text, const QString &lang, qint64 labelId,
                           const QString &split, const QString &description);

private:
    core::store::Project &project();
    EditOutcome outcome(qint64 datasetId, QList<LabelUpdate> updates);
    static ProjectOverview readOverview(core::store::Project &project);

    std::unique_ptr<core::store::Project> m_project;
};

} // namespace glossa::ui
