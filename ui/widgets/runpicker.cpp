#include "ui/widgets/runpicker.h"

#include "ui/widgets/runcolors.h"

#include <QSignalBlocker>

namespace glossa::ui {

RunPicker::RunPicker(Eligible eligible, QString emptyText, QWidget *parent)
    : QComboBox(parent)
    , m_eligible(std::move(eligible))
    , m_emptyText(std::move(emptyText))
{
    setMinimumContentsLength(16);
    setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    connect(this, &QComboBox::currentIndexChanged, this, [this] {
        if (runId() >= 0)
            m_wanted = runId();
        if (runId() != m_announced) {
            m_announced = runId();
            Q_EMIT runChanged(m_announced);
        }
    });
}

void RunPicker::setRuns(const QList<RunRow> &runs)
{
    const qint64 keep = runId() >= 0 ? runId() : m_wanted;
    {
        const QSignalBlocker blocker(this);
        clear();
        m_runs.clear();
        for (const auto &run : runs) {
            if (!m_eligible(run))
                continue;
            m_runs.append(run);
            addItem(tr("%1 (%2)").arg(run.name, run.dataset), run.id);
            setItemData(count() - 1, runColor(run.id), Qt::DecorationRole);
        }
        const int index = findData(keep);
        setCurrentIndex(index >= 0 ? index : (count() > 0 ? 0 : -1));
        if (count() == 0)
            addItem(m_emptyText);
        setEnabled(!m_runs.isEmpty());
    }
    if (runId() != m_announced) {
        m_announced = runId();
        Q_EMIT runChanged(m_announced);
    }
}

void RunPicker::selectRun(qint64 runId)
{
    m_wanted = runId;
    const int index = findData(runId);
    if (index >= 0)
        setCurrentIndex(index);
}

qint64 RunPicker::runId() const
{
    return currentData().isValid() ? currentData().toLongLong() : -1;
}

const RunRow *RunPicker::run() const
{
    const qint64 id = runId();
    for (const auto &row : m_runs)
        if (row.id == id)
            return &row;
    return nullptr;
}

} // namespace glossa::ui
