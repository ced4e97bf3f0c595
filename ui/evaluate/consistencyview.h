#pragma once

#include "ui/session/consistencytypes.h"

#include <QWidget>

class QLabel;
class QTableWidget;
class QTreeWidget;

namespace glossa::ui {

// Consistency across translations on the Evaluate tab: does the run give a text and its
// translations the same label? The share of groups it labels alike with their n, the same per
// language pair (a sortable table, worst pairs first), and the groups it does not, each with
// its translations; activating one asks for it in the Compare tab (groupRequested).
class ConsistencyView : public QWidget
{
    Q_OBJECT

public:
    explicit ConsistencyView(QWidget *parent = nullptr);

    void showConsistency(const RunConsistency &consistency);
    // No run: says what the view will show.
    void clear();
    // No numbers: the sentence says why (no run, no stored predictions, a read that failed).
    void showMessage(const QString &message);

    const RunConsistency &consistency() const { return m_consistency; }
    QLabel *summary() const { return m_summary; }
    QTableWidget *pairTable() const { return m_pairs; }
    QTreeWidget *groupList() const { return m_groups; }

Q_SIGNALS:
    void groupRequested(const QString &groupId);

private:
    void fillPairs();
    void fillGroups();

    QLabel *m_summary;
    QTableWidget *m_pairs;
    QTreeWidget *m_groups;
    RunConsistency m_consistency;
};

} // namespace glossa::ui
