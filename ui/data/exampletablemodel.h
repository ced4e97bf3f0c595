#pragma once

#include "ui/session/browsetypes.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QSet>

#include <list>
#include <stop_token>

namespace glossa::ui {

class ProjectSession;

// The dataset browser's rows: a query gives the ordered ids of every matching example (a
// million ids are 8 MB), and rows are read a page at a time as the view asks for them, with
// only the most recently used pages kept. So any position scrolls at once, memory stays
// bounded, and the UI thread never reads the database.
//
// Until its page arrives a row shows its place holder; a page request is sent once.
class ExampleTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Role {
        ExampleIdRole = Qt::UserRole + 1,
        LabelIdRole,
        LoadedRole,
        LowConfidenceRole,
        CorrectRole, // true, false, or invalid (no prediction or no label)
    };

    static constexpr int pageSize = 128;
    static constexpr int maxCachedPages = 64;

    // The session reads the ids and pages on its browse thread.
    ExampleTableModel(ProjectSession *session, QObject *parent = nullptr);
    ~ExampleTableModel() override;

    // Starts a query; the rows change when it is answered (queryFinished).
    void setQuery(qint64 datasetId, const BrowseFilter &filter);
    // Runs the current query again (after an import, or to drop edited rows a filter no longer matches).
    void refresh();
    void clear();

    qint64 datasetId() const { return m_datasetId; }
    const BrowseFilter &filter() const { return m_filter; }
    const BrowseSort &currentSort() const { return m_sort; }
    bool isQueryRunning() const { return m_queryRunning; }
    qint64 datasetSize() const { return m_datasetSize; }
    // Known for every row, loaded or not.
    qint64 exampleIdAt(int row) const;
    // The row showing this example, or -1 when the list does not hold it.
    int rowOfExample(qint64 exampleId) const;
    const ExampleRowData *loadedRow(int row) const;
    BrowseColumn columnKind(int column) const;

    // After an edit, undo or redo: patch the rows in the cache (names from the label set).
    void applyLabelUpdates(const QList<LabelUpdate> &updates, const QHash<qint64, QString> &labelNames);
    // After a rename: every cached row shows the new names.
    void setLabelNames(const QHash<qint64, QString> &labelNames);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

Q_SIGNALS:
    void queryStarted();
    void queryFinished(qint64 matching, qint64 datasetSize);
    void queryFailed(const QString &message);
    // A page arrived: the side panel may now show the row it waited for.
    void rowsLoaded(int firstRow, int count);

private:
    struct Page
    {
        QList<ExampleRowData> rows;
        std::list<int>::iterator lruPosition;
    };

    void startQuery();
    void requestPage(int page) const;
    void onQueryReady(quint64 generation, const ExampleIds &ids, qint64 datasetSize);
    void onRowsReady(quint64 generation, int firstRow, const QList<ExampleRowData> &rows);
    void onQueryFailed(quint64 generation, const QString &message);
    void touch(int page) const;
    QVariant displayData(const ExampleRowData &row, BrowseColumn column) const;

    ProjectSession *m_session;
    qint64 m_datasetId = -1;
    BrowseFilter m_filter;
    BrowseSort m_sort;
    ExampleIds m_ids;
    qint64 m_datasetSize = 0;
    quint64 m_generation = 0;
    quint64 m_idsGeneration = 0; // the query m_ids came from; pages are asked for with it
    std::stop_source m_queryStop;
    bool m_queryRunning = false;
    QList<BrowseColumn> m_columns;

    // Mutable: data() is const, and asking for an unloaded row is what loads it.
    mutable QHash<int, Page> m_pages;
    mutable std::list<int> m_lru; // most recent first
    mutable QSet<int> m_pending;
};

} // namespace glossa::ui
