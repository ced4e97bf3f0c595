#pragma once

#include <QList>
#include <QMap>
#include <QMetaType>
#include <QString>

namespace glossa::ui {

// Groups and how many of them a run labels alike (core::train::ConsistencyCount in Qt types).
struct ConsistencyCountData
{
    qint64 groups = 0;
    qint64 consistent = 0;

    // consistent / groups; -1 without a group.
    double rate() const { return groups > 0 ? double(consistent) / double(groups) : -1; }
};

// One translation of an inconsistent group.
struct ConsistencyMemberData
{
    qint64 exampleId = 0;
    QString lang;
    QString text;
    QString predicted;
    QString gold; // empty: unlabelled
};

struct InconsistentGroupData
{
    QString groupId;
    int labels = 0; // how many different labels the run gave its members
    QList<ConsistencyMemberData> members;
};

// A run's consistency across translations on one split, from its stored predictions: the same
// numbers `glossa-cli eval --run R --split S --json` prints under "consistency".
struct RunConsistency
{
    qint64 runId = -1;
    QString split;
    ConsistencyCountData overall;
    QMap<QString, ConsistencyCountData> pairs; // "a|b", codes in sorted order
    QList<InconsistentGroupData> inconsistent; // most labels first, then by group id
};

} // namespace glossa::ui

Q_DECLARE_METATYPE(glossa::ui::RunConsistency)
