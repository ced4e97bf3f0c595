#pragma once

#include <QList>
#include <QMetaType>
#include <QString>

namespace glossa::ui {

// What a cluster of duplicates means, most urgent first (core::data::DuplicateKind).
enum class DuplicateKindItem { Conflict, CrossSplit, WithinSplit };

// One example of a cluster, as the Duplicates tab shows it.
struct DuplicateMemberItem
{
    qint64 exampleId = 0;
    QString externalId; // the dataset's own id, as the analyst knows the row
    QString text;
    QString lang;
    QString split;       // train, dev or test
    qint64 labelId = -1; // -1: unlabelled
    QString label;
    int exactGroup = 0;    // members with the same number have the same normalised text
    double similarity = 1; // to the cluster's first member (character 5-gram Jaccard)
};

struct DuplicateClusterItem
{
    DuplicateKindItem kind = DuplicateKindItem::WithinSplit;
    bool near = false;
    bool crossesSplits = false;
    QList<DuplicateMemberItem> members; // training rows first
};

// Rows of dev or test that repeat training rows.
struct SplitLeakageItem
{
    qint64 rows = 0;
    qint64 exact = 0;
    qint64 near = 0;

    qint64 duplicating() const { return exact + near; }
};

// A dataset's duplicates, in the review order: conflicting labels first, then across splits.
struct DuplicateReview
{
    qint64 datasetId = -1;
    qint64 examples = 0;
    double nearThreshold = 0.8;
    double seconds = 0;
    bool stopped = false; // a newer request took its place: show nothing of it
    QList<DuplicateClusterItem> clusters;
    SplitLeakageItem dev;
    SplitLeakageItem test;

    qint64 clusterCount(DuplicateKindItem kind) const
    {
        qint64 count = 0;
        for (const auto &cluster : clusters)
            count += cluster.kind == kind ? 1 : 0;
        return count;
    }
};

} // namespace glossa::ui

Q_DECLARE_METATYPE(glossa::ui::DuplicateReview)
