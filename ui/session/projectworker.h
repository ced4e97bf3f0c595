#pragma once

#include "ui/session/browsetypes.h"
#include "ui/session/projectoverview.h"

#include <QObject>
#include <QString>

#include <memory>

namespace glossa::core::store {
class Project;
}

namespace glossa::ui {

// Lives on the project thread and owns that thread's connection to the project. Every slot
// touches disk; the UI thread only ever talks to it through queued signals.
class ProjectWorker : public QObject
{
    Q_OBJECT

public:
    ProjectWorker();
    ~ProjectWorker() override;

public:
    enum class OpenMode {
        Existing, // the file must exist
        New,      // the file must not exist
        Demo,     // opened if it exists, else created and filled with the bundled demo data
    };

public Q_SLOTS:
    void open(const QString &filePath, glossa::ui::ProjectWorker::OpenMode mode);
    void refresh();
    void close();

    // Label edits, each one journalled (undoable, also after reopening). ids are example ids;
    // labelId -1 clears the label.
    void setLabel(qint64 datasetId, const QList<qint64> &exampleIds, qint64 labelId, const QString &description);
    void undo(qint64 datasetId);
    void redo(qint64 datasetId);
    void readUndoState(qint64 datasetId);
    void addLabel(qint64 datasetId, const QString &name);
    void renameLabel(qint64 datasetId, qint64 labelId, const QString &name);
    void mergeLabels(qint64 datasetId, qint64 fromLabelId, qint64 intoLabelId);
    // A typed text as a new, labelled example (core::store::addTypedExample).
    void addExample(qint64 datasetId, const QString &text, const QString &lang, qint64 labelId, const QString &split,
                    const QString &description);

Q_SIGNALS:
    void opened(const glossa::ui::ProjectOverview &overview);
    void refreshed(const glossa::ui::ProjectOverview &overview);
    void failed(const QString &message);
    void refreshFailed(const QString &message);
    void busy(const QString &what);
    void labelsEdited(qint64 datasetId, const QList<glossa::ui::LabelUpdate> &updates);
    void undoStateChanged(qint64 datasetId, bool canUndo, const QString &undoText, bool canRedo,
                          const QString &redoText);
    void labelSetChanged(qint64 datasetId);
    void exampleAdded(qint64 datasetId, qint64 exampleId);
    void editFailed(const QString &message);

private:
    // Runs a change on the open project; a failure becomes editFailed, not an exception.
    template <typename Change> void edit(Change &&change);
    void afterEdit(qint64 datasetId, const QList<LabelUpdate> &updates);
    static ProjectOverview readOverview(core::store::Project &project);

    std::unique_ptr<core::store::Project> m_project;
};

} // namespace glossa::ui
