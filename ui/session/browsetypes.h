#pragma once

#include "store/labeljournal.h"

#include <QList>
#include <QMetaType>
#include <QString>

#include <cstdint>
#include <memory>
#include <vector>

namespace glossa::ui {

// A run's error-analysis queue shown in the browser (core::store::ReviewQueue).
enum class BrowseReview { None, LikelyLabelErrors, MostUncertain };

// What the dataset browser asks for: the filter bar's state, in Qt types. -1 means "any".
struct BrowseFilter
{
    QString search;
    QString lang;
    qint64 labelId = -1;
    QString split;
    bool unlabelledOnly = false;
    bool editedOnly = false;
    qint64 runId = -1; // the run whose predictions are shown (and filtered on)
    bool disagreementsOnly = false;
    bool lowConfidenceOnly = false;
    qint64 predictedLabelId = -1;             // the run predicted this label
    BrowseReview review = BrowseReview::None; // needs a run; the list comes in the queue's order
    // Examples whose metadata column contains this value (any value when empty); no column:
    // no such filter.
    QString metadataColumn;
    QString metadataValue;

    bool operator==(const BrowseFilter &) const = default;
};

// Below this probability a prediction counts as "low confidence" in the filter and is
// marked in the table.
inline constexpr double lowConfidenceThreshold = 0.6;

// Rank is no column of the table: the order of a review queue (BrowseFilter::review).
enum class BrowseColumn { Id, Lang, Text, Label, Split, Group, Predicted, Confidence, Correct, Rank };

struct BrowseSort
{
    BrowseColumn column = BrowseColumn::Id;
    Qt::SortOrder order = Qt::AscendingOrder;

    bool operator==(const BrowseSort &) const = default;
};

// One row of the browser. The text is a preview (a few hundred characters); the side panel
// reads the whole example.
struct ExampleRowData
{
    qint64 id = 0;
    QString externalId;
    QString lang;
    bool langGuessed = false;
    QString text;
    bool textTruncated = false;
    qint64 labelId = -1;
    QString label;
    QString split;
    QString group;
    bool edited = false;
    qint64 predictedLabelId = -1;
    QString predictedLabel;
    double confidence = -1;

    bool hasPrediction() const { return predictedLabelId >= 0; }
};

// The ordered ids of a query's result: up to a million, shared read-only between the worker
// that made them and the model that pages through them.
using ExampleIds = std::shared_ptr<const std::vector<std::int64_t>>;

// One line of an example's label history, newest last.
struct HistoryLine
{
    qint64 at = 0; // ms since the epoch
    core::store::EditSource source = core::store::EditSource::User;
    QString action;
    QString oldLabel;
    QString newLabel;
    QString description;
};

// One column of an example's source file that Glossa keeps besides its fields.
struct MetadataValue
{
    QString column;
    QString value;
};

// The whole example, for the side panel.
struct ExampleDetail
{
    ExampleRowData row; // with the full text
    QList<MetadataValue> metadata; // in the file's order
    QList<HistoryLine> history;
};

// A label as an edit left it: the browser patches its cached rows with these.
struct LabelUpdate
{
    qint64 exampleId = 0;
    qint64 labelId = -1;
};

// One translation of an item (examples sharing a group id), for the Compare tab.
struct GroupMemberData
{
    qint64 exampleId = 0;
    QString lang;
    QString text;
    QString label;
};

} // namespace glossa::ui

Q_DECLARE_METATYPE(glossa::ui::BrowseFilter)
Q_DECLARE_METATYPE(glossa::ui::BrowseSort)
Q_DECLARE_METATYPE(glossa::ui::ExampleIds)
Q_DECLARE_METATYPE(glossa::ui::ExampleDetail)
Q_DECLARE_METATYPE(QList<glossa::ui::ExampleRowData>)
Q_DECLARE_METATYPE(QList<glossa::ui::LabelUpdate>)
Q_DECLARE_METATYPE(QList<glossa::ui::GroupMemberData>)
