#pragma once

#include "ui/session/browsetypes.h"

#include <QObject>
#include <QStringList>

#include <memory>
#include <stop_token>

namespace glossa::core::store {
class Database;
}

namespace glossa::ui {

// Reads for the dataset browser, on a thread and connection of its own, so a slow query (a
// sort by text over a million rows) never holds up label edits on the project thread, and
// never the UI. Every call arrives queued; results go back by signal with the generation
// they answer, and the model drops stale ones.
class BrowseWorker : public QObject
{
    Q_OBJECT

public:
    BrowseWorker();
    ~BrowseWorker() override;

    // All of these run on the worker's thread (call them through QMetaObject::invokeMethod).
    void connectTo(const QString &projectFile);
    void disconnectFromProject();
    void runQuery(quint64 generation, qint64 datasetId, const glossa::ui::BrowseFilter &filter,
                  const glossa::ui::BrowseSort &sort, std::stop_token stop);
    void fetchRows(quint64 generation, int firstRow, const std::vector<std::int64_t> &ids, qint64 runId);
    void fetchDetail(qint64 exampleId, qint64 runId);
    void fetchLanguages(qint64 datasetId);
    // An item's translations (a group id's examples); an empty groupId picks a group at random.
    void fetchGroup(qint64 datasetId, const QString &groupId);
    // Group ids with two examples or more, for completion.
    void fetchGroupIds(qint64 datasetId);

Q_SIGNALS:
    void queryReady(quint64 generation, const glossa::ui::ExampleIds &ids, qint64 datasetSize);
    void queryFailed(quint64 generation, const QString &message);
    void rowsReady(quint64 generation, int firstRow, const QList<glossa::ui::ExampleRowData> &rows);
    void detailReady(const glossa::ui::ExampleDetail &detail);
    void languagesReady(qint64 datasetId, const QStringList &languages);
    void groupReady(qint64 datasetId, const QString &groupId, const QList<glossa::ui::GroupMemberData> &members);
    void groupIdsReady(qint64 datasetId, const QStringList &groupIds);

private:
    std::unique_ptr<core::store::Database> m_db;
};

} // namespace glossa::ui
