#pragma once

#include "ui/session/browsetypes.h"

#include "data/resplit.h"

#include <QCoreApplication>
#include <QStringList>

#include <memory>
#include <stop_token>

namespace glossa::core::store {
class Database;
}

namespace glossa::ui {

// A query's matching ids in display order, or none when it was stopped for a newer one.
struct BrowseQueryResult
{
    ExampleIds ids;
    qint64 datasetSize = 0;
};

// An item's translations: the examples that share a group id.
struct ExampleGroup
{
    QString groupId;
    QList<GroupMemberData> members;
};

// Reads for the dataset browser, on a thread and connection of its own (ProjectSession calls
// it through a WorkerThread), so a slow query (a sort by text over a million rows) never holds
// up label edits on the project thread, and never the UI. Each call returns its answer or
// throws.
class BrowseWorker
{
    Q_DECLARE_TR_FUNCTIONS(glossa::ui::BrowseWorker)

public:
    BrowseWorker();
    ~BrowseWorker();

    void connectTo(const QString &projectFile);
    // stop ends a query a newer one has made useless; its result then has no ids.
    BrowseQueryResult runQuery(qint64 datasetId, const glossa::ui::BrowseFilter &filter,
                               const glossa::ui::BrowseSort &sort, std::stop_token stop);
    QList<ExampleRowData> fetchRows(const std::vector<std::int64_t> &ids, qint64 runId);
    ExampleDetail fetchDetail(qint64 exampleId, qint64 runId);
    QStringList fetchLanguages(qint64 datasetId);
    // An item's translations (a group id's examples); an empty groupId picks a group at random.
    ExampleGroup fetchGroup(qint64 datasetId, const QString &groupId);
    // Group ids with two examples or more, for completion.
    QStringList fetchGroupIds(qint64 datasetId);
    // What splitting the dataset again would change (nothing is written).
    core::data::ResplitPlan planResplit(qint64 datasetId, const core::data::ResplitOptions &options);

private:
    core::store::Database &database();

    std::unique_ptr<core::store::Database> m_db;
};

} // namespace glossa::ui
