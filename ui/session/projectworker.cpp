#include "ui/session/projectworker.h"

#include "data/demoproject.h"
#include "ui/session/qtcore.h"
#include "ui/session/workerthread.h"

#include "data/resplit.h"
#include "store/datasetstore.h"
#include "store/labeljournal.h"
#include "store/project.h"
#include "store/runstore.h"
#include "store/typedexample.h"
#include "util/error.h"

#include <QHash>

namespace glossa::ui {

namespace {

QList<LabelUpdate> toUpdates(const std::vector<core::store::LabelChange> &changes)
{
    QList<LabelUpdate> updates;
    updates.reserve(static_cast<qsizetype>(changes.size()));
    for (const auto &change : changes)
        updates.append({change.exampleId, change.labelId.value_or(-1)});
    return updates;
}

} // namespace

ProjectWorker::ProjectWorker() = default;
ProjectWorker::~ProjectWorker() = default;

ProjectOverview ProjectWorker::open(const QString &filePath, OpenMode mode,
                                    const std::function<void(const QString &)> &say)
{
    // The new project is built aside and only replaces the open one when it opened: a file
    // that fails to open leaves the current project (and what the window shows) as it was.
    std::unique_ptr<core::store::Project> project;
    const std::filesystem::path path = filePath.toStdString();
    const bool exists = std::filesystem::exists(path);
    if (mode == OpenMode::Existing || (mode == OpenMode::Demo && exists)) {
        say(tr("Opening %1…").arg(filePath));
        project = std::make_unique<core::store::Project>(core::store::Project::open(path));
    } else {
        if (mode == OpenMode::Demo) // in the per-user data folder, which may not exist yet
            std::filesystem::create_directories(path.parent_path());
        say(tr("Creating %1…").arg(filePath));
        project = std::make_unique<core::store::Project>(core::store::Project::create(path));
    }
    if (mode == OpenMode::Demo) {
        const auto demoDir = core::data::findDemoDataDir();
        if (!demoDir)
            throw core::Error("the demo data was not found (set GLOSSA_DATA_DIR to the folder that holds demo/)");
        say(tr("Importing the demo dataset…"));
        core::data::importDemoData(project->db(), *demoDir);
    }
    auto overview = readOverview(*project);
    m_project = std::move(project);
    return overview;
}

ProjectOverview ProjectWorker::readOverview()
{
    return readOverview(project());
}

core::store::Project &ProjectWorker::project()
{
    if (!m_project)
        throw RequestFailed{tr("No project is open.")};
    return *m_project;
}

EditOutcome ProjectWorker::setLabel(qint64 datasetId, const QList<qint64> &exampleIds, qint64 labelId,
                                    const QString &description)
{
    const std::vector<std::int64_t> ids(exampleIds.cbegin(), exampleIds.cend());
    const auto source = ids.size() > 1 ? core::store::EditSource::Bulk : core::store::EditSource::User;
    const auto changes = core::store::LabelJournal(project().db())
                             .setLabel(datasetId, ids, labelId >= 0 ? std::optional(labelId) : std::nullopt, source,
                                       toUtf8(description));
    return outcome(datasetId, toUpdates(changes));
}

EditOutcome ProjectWorker::addExample(qint64 datasetId, const QString &text, const QString &lang, qint64 labelId,
                                      const QString &split, const QString &description)
{
    const auto id = core::store::addTypedExample(project().db(), datasetId, toUtf8(text), toUtf8(lang), labelId,
                                                 toUtf8(split), toUtf8(description));
    auto result = outcome(datasetId, {LabelUpdate{id, labelId}});
    result.addedExampleId = id;
    return result;
}

EditOutcome ProjectWorker::undo(qint64 datasetId)
{
    return outcome(datasetId, toUpdates(core::store::LabelJournal(project().db()).undo(datasetId)));
}

EditOutcome ProjectWorker::redo(qint64 datasetId)
{
    return outcome(datasetId, toUpdates(core::store::LabelJournal(project().db()).redo(datasetId)));
}

UndoState ProjectWorker::readUndoState(qint64 datasetId)
{
    core::store::LabelJournal journal(project().db());
    UndoState state;
    state.datasetId = datasetId;
    state.canUndo = journal.canUndo(datasetId);
    state.canRedo = journal.canRedo(datasetId);
    if (state.canUndo)
        state.undoText = fromUtf8(journal.undoDescription(datasetId).value_or(std::string()));
    if (state.canRedo)
        state.redoText = fromUtf8(journal.redoDescription(datasetId).value_or(std::string()));
    return state;
}

EditOutcome ProjectWorker::addLabel(qint64 datasetId, const QString &name)
{
    core::store::DatasetStore(project().db()).addLabel(datasetId, toUtf8(name.trimmed()));
    auto result = outcome(datasetId, {});
    result.labelSetChanged = true;
    return result;
}

EditOutcome ProjectWorker::renameLabel(qint64 datasetId, qint64 labelId, const QString &name)
{
    core::store::DatasetStore(project().db()).renameLabel(datasetId, labelId, toUtf8(name.trimmed()));
    auto result = outcome(datasetId, {});
    result.labelSetChanged = true;
    return result;
}

EditOutcome ProjectWorker::mergeLabels(qint64 datasetId, qint64 fromLabelId, qint64 intoLabelId)
{
    const auto changes = core::store::DatasetStore(project().db()).mergeLabels(datasetId, fromLabelId, intoLabelId);
    auto result = outcome(datasetId, toUpdates(changes));
    result.labelSetChanged = true;
    return result;
}

core::data::ResplitPlan ProjectWorker::applyResplit(qint64 datasetId, const core::data::ResplitOptions &options)
{
    return core::data::applyResplit(project().db(), datasetId, options);
}

std::optional<qint64> ProjectWorker::undoResplit(qint64 datasetId)
{
    const auto undone = core::data::undoResplit(project().db(), datasetId);
    if (!undone)
        return std::nullopt;
    return undone->changedRows;
}

EditOutcome ProjectWorker::outcome(qint64 datasetId, QList<LabelUpdate> updates)
{
    EditOutcome result;
    result.datasetId = datasetId;
    result.updates = std::move(updates);
    result.undo = readUndoState(datasetId);
    return result;
}

ProjectOverview ProjectWorker::readOverview(core::store::Project &project)
{
    ProjectOverview overview;
    overview.filePath = QString::fromStdString(project.file().string());
    overview.schemaVersion = project.schemaVersion();
    core::store::DatasetStore datasets(project.db());
    QHash<qint64, QString> datasetNames;
    for (const auto &info : datasets.datasets()) {
        DatasetSummary summary;
        summary.id = info.id;
        summary.name = fromUtf8(info.name);
        summary.examples = info.exampleCount;
        summary.labelled = info.labelledCount;
        summary.languages = info.languageCount;
        summary.labels = info.labelCount;
        summary.groupsAcrossSplits = datasets.groupsAcrossSplits(info.id);
        for (const auto &column : datasets.metadataColumns(info.id))
            summary.metadataColumns.append(fromUtf8(column));
        summary.undoableResplits = static_cast<qint64>(core::data::undoableResplits(project.db(), info.id).size());
        QHash<QPair<QString, QString>, qint64> byLabelAndLang;
        QList<QPair<QString, QString>> order;
        for (const auto &cell : datasets.stats(info.id)) {
            if (cell.split == "train")
                summary.train += cell.count;
            else if (cell.split == "dev")
                summary.dev += cell.count;
            else
                summary.test += cell.count;
            const QPair<QString, QString> key(fromUtf8(cell.label), fromUtf8(cell.lang));
            if (!byLabelAndLang.contains(key))
                order.append(key);
            byLabelAndLang[key] += cell.count;
        }
        for (const auto &key : order)
            summary.counts.append({key.first, key.second, byLabelAndLang.value(key)});
        for (const auto &label : datasets.activeLabels(info.id))
            summary.labelSet.append({label.id, fromUtf8(label.name), label.exampleCount});
        datasetNames.insert(info.id, summary.name);
        overview.datasets.append(summary);
    }
    core::store::RunStore runs(project.db(), project.artefactDir());
    for (const auto &run : runs.runs())
        overview.runs.append(
            {run.id, fromUtf8(run.name), datasetNames.value(run.datasetId), run.status, runs.hasPredictions(run.id)});
    return overview;
}

} // namespace glossa::ui
