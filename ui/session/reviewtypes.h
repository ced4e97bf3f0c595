#pragma once

#include <QList>
#include <QMetaType>
#include <QString>

namespace glossa::ui {

// A likely label error in the Review tab (core::store::LabelErrorReview in Qt types).
struct LabelErrorItem
{
    qint64 exampleId = 0;
    QString text;
    QString lang;
    QString givenLabel;
    QString suggestedLabel;
    double score = 0;
    double suggestedProbability = 0;
    QString currentLabel; // empty: unlabelled now
    bool dismissed = false;

    bool accepted() const { return currentLabel == suggestedLabel; }
};

// An unlabelled example the run is least sure of.
struct UncertainItem
{
    qint64 exampleId = 0;
    QString text;
    QString lang;
    QString predictedLabel;
    double confidence = 0;
    double margin = 0;
};

// What the Review tab shows of one run.
struct RunReview
{
    qint64 runId = -1;
    bool searched = false; // the label error search has run (it may have found nothing)
    // What the search said of itself; 0 for searches stored before it did.
    qint64 searchedExamples = 0; // labelled examples it looked at
    qint64 flagged = 0;          // confident learning's flags, before the queue's cap
    qint64 cap = 0;              // the queue holds at most this many
    int folds = 0;
    double foldAccuracy = -1;    // out-of-sample accuracy of the folds; -1: unknown
    bool accuracyTooLow = false; // most flags are then the model's own mistakes
    QString ranking;             // self-confidence or margin
    QList<LabelErrorItem> labelErrors;
    QList<UncertainItem> uncertain;
};

} // namespace glossa::ui

Q_DECLARE_METATYPE(glossa::ui::RunReview)
