#include "ui/session/runlist.h"

namespace glossa::ui {

RunList::RunList(QObject *parent)
    : QObject(parent)
{
}

const RunRow *RunList::find(qint64 runId) const
{
    for (const auto &row : m_rows)
        if (row.id == runId)
            return &row;
    return nullptr;
}

void RunList::setRows(const QList<RunRow> &rows)
{
    m_rows = rows;
    Q_EMIT changed();
}

} // namespace glossa::ui
