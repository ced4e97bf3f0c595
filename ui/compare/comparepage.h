#pragma once

#include "ui/session/browsetypes.h"
#include "ui/session/predictionservice.h"
#include "ui/session/projectoverview.h"
#include "ui/session/runtypes.h"

#include <QHash>
#include <QWidget>

class QHBoxLayout;
class QLabel;
class QLineEdit;
class QMenu;
class QStringListModel;
class QToolButton;

namespace glossa::ui {

class CompareColumn;
class ProjectSession;

// The Compare tab: two to six texts side by side, each classified by one to three finished
// runs as it is typed (debounced; the runs answer from child processes, see
// PredictionService). "Fill from group" loads an item's translations (one group id) into the
// columns; a column whose label differs from the others, or whose runs disagree, is framed.
// "Add to dataset" stores a column's text with a label.
class ComparePage : public QWidget
{
    Q_OBJECT

public:
    static constexpr int minColumns = 2;
    static constexpr int maxColumns = 6;
    static constexpr int maxRuns = 3;

    explicit ComparePage(ProjectSession *session, QWidget *parent = nullptr);

    void setRunsCompared(const QList<qint64> &runIds);
    QList<qint64> runsCompared() const;
    void setColumnCount(int count);
    QList<CompareColumn *> columns() const { return m_columns; }
    // The group's translations into the columns (as many as there are, up to six; with more,
    // the languages the columns show already are kept).
    void fillFromGroup(const QString &groupId);
    void fillFromRandomGroup();
    QString shownGroup() const { return m_shownGroup; }
    // Predictions asked for and not answered yet.
    int pendingPredictions() const { return m_service->pending(); }
    // The dataset the group ids and "Add to dataset" refer to: the first compared run's.
    QString datasetName() const;

Q_SIGNALS:
    void statusMessage(const QString &message);
    // The columns got the group's texts (after fillFromGroup).
    void groupFilled(const QString &groupId, int members);

private:
    void showRuns(const QList<RunRow> &runs);
    void rebuildRunMenu();
    void runsChanged();
    void addColumn();
    void removeColumn(CompareColumn *column);
    void predict(CompareColumn *column);
    void showPrediction(qint64 runId, quint64 key, const TextPrediction &prediction);
    void updateHighlights();
    void requestGroup(qint64 datasetId, const QString &groupId);
    void showGroup(qint64 datasetId, const QString &groupId, const QList<GroupMemberData> &members);
    void addToDataset(CompareColumn *column);
    void updateColumnButtons();
    const DatasetSummary *dataset() const;
    const RunRow *runRow(qint64 runId) const;
    QList<RunRow> comparedRows() const; // in the order chosen

    ProjectSession *m_session;
    PredictionService *m_service;
    QToolButton *m_runButton;
    QMenu *m_runMenu;
    QToolButton *m_addColumnButton;
    QLineEdit *m_groupEdit;
    QStringListModel *m_groupIds;
    QToolButton *m_fillButton;
    QToolButton *m_randomButton;
    QLabel *m_hint;
    QHBoxLayout *m_columnsLayout;
    QList<CompareColumn *> m_columns;
    QList<RunRow> m_runs;     // the finished runs there are
    QList<qint64> m_compared; // the runs chosen, in order
    bool m_chosenByUser = false;
    QString m_shownGroup;
    qint64 m_groupIdsDataset = -1;
    // Each request's column and run; the newest key per column and run is the one shown.
    struct Asked
    {
        CompareColumn *column;
        qint64 runId;
    };
    QHash<quint64, Asked> m_asked;
    QHash<QPair<CompareColumn *, qint64>, quint64> m_latest;
    quint64 m_nextKey = 0;
};

} // namespace glossa::ui
