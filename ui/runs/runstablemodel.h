#pragma once

#include "ui/session/runtypes.h"

#include <QAbstractTableModel>
#include <QSet>

namespace glossa::ui {

struct RunTrainingSummary;

// The runs view's rows: every run of the project with what an analyst compares them by. The
// first column's check box puts a run's curves on the charts beside the selected one.
class RunsTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { Name, Status, Started, Duration, Dataset, Study, Model, BestDev, Test, Notes, ColumnCount };
    static constexpr int SortRole = Qt::UserRole + 1;
    static constexpr int RunIdRole = Qt::UserRole + 2;

    explicit RunsTableModel(QObject *parent = nullptr);

    void setRuns(const QList<RunRow> &runs);
    const QList<RunRow> &runs() const { return m_runs; }
    const RunRow *run(qint64 runId) const;
    QList<qint64> overlaid() const;
    void setOverlaid(qint64 runId, bool on);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    static QString durationText(double seconds);
    // "bag · 64 dims · 10 epochs · lr 1e-3": what tells runs apart at a glance.
    static QStringList keySettings(const QList<RunRow> &runs);
    // Every setting as "key = value", those changed from the defaults first; automatic values
    // as the run used them ("optimizer.learning_rate = 0.02 (automatic)"), the device the
    // run names for device auto.
    // With the run's training summary, the settings it picked from the data read as automatic.
    static QString settingsText(const QString &configJson, const QString &device = {},
                                const RunTrainingSummary *training = nullptr);

Q_SIGNALS:
    void overlaidChanged(const QList<qint64> &runIds);

private:
    QList<RunRow> m_runs;
    QStringList m_keySettings; // by row
    QSet<qint64> m_overlaid;
};

} // namespace glossa::ui
