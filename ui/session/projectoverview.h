#pragma once

#include "store/runstatus.h"

#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

namespace glossa::ui {

// What the UI shows of a project, read on the project thread and handed over by value, so
// no widget ever waits on the database.
struct LabelLanguageCount
{
    QString label; // empty: unlabelled
    QString lang;
    qint64 count = 0;
};

struct LabelSummary
{
    qint64 id = 0;
    QString name;
    qint64 examples = 0;
};

struct DatasetSummary
{
    qint64 id = 0;
    QString name;
    qint64 examples = 0;
    qint64 labelled = 0;
    qint64 languages = 0;
    qint64 labels = 0;
    qint64 train = 0;
    qint64 dev = 0;
    qint64 test = 0;
    // Groups (translations of one item) with rows in more than one split, and the re-splits
    // that can still be undone.
    qint64 groupsAcrossSplits = 0;
    qint64 undoableResplits = 0;
    // The columns its imports kept besides Glossa's fields (a ticket's customer, its date), in
    // their files' order: the browser filters on them and the side panel shows them.
    QStringList metadataColumns;
    QList<LabelLanguageCount> counts;
    // The labels an analyst assigns, in order: keys 1-9 are the first nine. Merged-away
    // labels are not here.
    QList<LabelSummary> labelSet;
};

struct RunSummary
{
    qint64 id = 0;
    QString name;
    QString dataset;
    core::store::RunStatus status = core::store::RunStatus::Queued;
    bool hasPredictions = false; // the browser can show and filter on them
};

struct ProjectOverview
{
    QString filePath;
    int schemaVersion = 0;
    QList<DatasetSummary> datasets;
    QList<RunSummary> runs;
};

} // namespace glossa::ui

Q_DECLARE_METATYPE(glossa::ui::ProjectOverview)
