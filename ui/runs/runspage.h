#pragma once

#include "ui/session/runtypes.h"

#include <QWidget>

#include <functional>
#include <optional>
#include <utility>

class QAction;
class QLabel;
class QPlainTextEdit;
class QSortFilterProxyModel;
class QSplitter;
class QTableView;
class QToolBar;

namespace glossa::ui {

class ProjectSession;
class RunsTableModel;
class TrainingCharts;

// The Runs tab: every run of the project, sortable, with what tells them apart; the selected
// run's curves (with any ticked runs overlaid) and its settings and notes below. Runs can be
// renamed, annotated, deleted with their files, re-run with the same settings, and resumed
// when stopped or interrupted.
class RunsPage : public QWidget
{
    Q_OBJECT

public:
    explicit RunsPage(ProjectSession *session, QWidget *parent = nullptr);

    RunsTableModel *model() const { return m_model; }
    QTableView *table() const { return m_table; }
    TrainingCharts *charts() const { return m_charts; }
    const RunRow *selectedRun() const;
    void selectRun(qint64 runId);

    // Hooks the dialogs go through, so tests can answer them.
    std::function<QString(const RunRow &)> askName;
    std::function<std::optional<QString>(const RunRow &)> askNotes;
    std::function<bool(const RunRow &)> confirmDelete;

Q_SIGNALS:
    void rerunRequested(const glossa::ui::RunRow &run);
    void resumeRequested(qint64 runId);
    void evaluateRequested(qint64 runId);
    // The run chosen in the table: the tabs that show one run follow it.
    void runSelected(qint64 runId);
    void statusMessage(const QString &message);

protected:
    void showEvent(QShowEvent *event) override;

private:
    static constexpr int maxFittedRows = 10;
    int tableHeightFor(int rows) const;
    void fitTableToRows();
    void showRuns(const QList<RunRow> &runs);
    void showSelected();
    void setUpTable();
    QToolBar *setUpActions();
    void layOut(QToolBar *toolbar);
    void setUpQuestions();
    void connectActions();
    void connectSession();
    void setUpComparison();
    QList<qint64> curveRunIds() const;
    void compareTicked(const QList<qint64> &ticked);
    void showComparison(const glossa::ui::RunPairComparison &result);
    void showCurves(const QList<qint64> &ids, const QList<RunHistory> &histories);
    void showFailure(const QString &message);
    void readCurves();
    void updateActions();
    void renameSelected();
    void annotateSelected();
    void deleteSelected();

    ProjectSession *m_session;
    RunsTableModel *m_model;
    QSortFilterProxyModel *m_sorted;
    QTableView *m_table;
    TrainingCharts *m_charts;
    QPlainTextEdit *m_settings;
    QLabel *m_details;
    QLabel *m_comparison;
    std::pair<qint64, qint64> m_comparedPair{-1, -1};
    QAction *m_evaluateAction;
    QAction *m_rerunAction;
    QAction *m_resumeAction;
    QAction *m_renameAction;
    QAction *m_notesAction;
    QAction *m_deleteAction;
    qint64 m_selectedId = -1;
    QSplitter *m_split = nullptr;
    bool m_splitMovedByHand = false;
};

} // namespace glossa::ui
