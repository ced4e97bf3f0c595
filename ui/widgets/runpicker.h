#pragma once

#include "ui/session/runtypes.h"

#include <QComboBox>

#include <functional>

namespace glossa::ui {

// A combo of runs, each in its chart colour, keeping its choice as the list is read again: the
// run chooser of the Evaluate, Review and Compare tabs.
class RunPicker : public QComboBox
{
    Q_OBJECT

public:
    using Eligible = std::function<bool(const RunRow &)>;

    // emptyText is shown, disabled, when no run is eligible.
    RunPicker(Eligible eligible, QString emptyText, QWidget *parent = nullptr);

    void setRuns(const QList<RunRow> &runs);
    // Chooses the run now, or as soon as a list that has it arrives.
    void selectRun(qint64 runId);
    qint64 runId() const; // -1: none
    const RunRow *run() const;
    const QList<RunRow> &runs() const { return m_runs; }

Q_SIGNALS:
    // The chosen run changed, by the user or because the list changed under it.
    void runChanged(qint64 runId);

private:
    Eligible m_eligible;
    QString m_emptyText;
    QList<RunRow> m_runs;
    qint64 m_wanted = -1;
    qint64 m_announced = -1;
};

} // namespace glossa::ui
