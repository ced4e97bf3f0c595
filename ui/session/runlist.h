#pragma once

#include "ui/session/runtypes.h"

#include <QList>
#include <QObject>

namespace glossa::ui {

// The open project's runs as every page sees them: one list, owned by the session and read
// again after anything that changes runs (a run started or ended, renamed, deleted). Pages
// observe it instead of keeping copies of their own.
class RunList : public QObject
{
    Q_OBJECT

public:
    explicit RunList(QObject *parent = nullptr);

    const QList<RunRow> &rows() const { return m_rows; }
    // The run with this id, or nullptr.
    const RunRow *find(qint64 runId) const;

    void setRows(const QList<RunRow> &rows);

Q_SIGNALS:
    void changed();
    // The list could not be read again; it keeps its last rows.
    void readFailed(const QString &message);

private:
    QList<RunRow> m_rows;
};

} // namespace glossa::ui
