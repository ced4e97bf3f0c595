#pragma once

#include "ui/session/runtypes.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <optional>

namespace glossa::core::train {
struct EvaluationReport;
struct StoredReport;
} // namespace glossa::core::train

namespace glossa::ui {

// A 95% bootstrap interval, as the engine stores it beside a score.
struct ScoreInterval
{
    double low = 0;
    double high = 0;
};

// Scores from fewer examples than this are marked as unreliable wherever they are shown.
inline constexpr qint64 reliableExamples = 10;

// One class's scores on an evaluated split.
struct ClassScores
{
    double precision = 0;
    double recall = 0;
    double f1 = 0;
    qint64 support = 0;   // gold examples
    qint64 predicted = 0; // examples predicted as it
    std::optional<ScoreInterval> f1Interval;
};

// A language's scores; perClass is aligned with RunReport::labels, empty entries (support
// and predictions both 0) for classes the language does not have.
struct LanguageScores
{
    QString lang;
    qint64 examples = 0;
    double accuracy = 0;
    double macroF1 = 0;
    std::optional<ScoreInterval> accuracyInterval;
    std::optional<ScoreInterval> macroF1Interval;
    QList<std::optional<ClassScores>> perClass;

    bool reliable() const { return examples >= reliableExamples; }
};

// How a run trained (core/train/trainingsummary.h): the automatic settings as the engine
// resolved them, the epochs it ran and whether early stopping ended it.
struct RunTrainingSummary
{
    QHash<QString, QString> settingsUsed; // setting key → the value used
    double epochs = 0;
    qint64 steps = 0;
    bool earlyStopped = false;
    double bestEpoch = -1; // -1: unknown
};

// A run's evaluation of one split, as the engine stored it (core/train/reportjson.h reads it),
// in Qt types for the Evaluate tab.
struct RunReport
{
    qint64 runId = -1;
    QString runName;
    QString split;
    // Empty: every language; else the report covers the test rows of this language only.
    QString language;
    QStringList labels; // the confusion matrix's order
    qint64 examples = 0;
    double accuracy = 0;
    double macroF1 = 0;
    double microF1 = 0;
    double weightedF1 = 0;
    std::optional<ScoreInterval> accuracyInterval;
    std::optional<ScoreInterval> macroF1Interval;
    // "test split", or "cross-validation" (every labelled example scored out of fold).
    QString evaluation;
    int folds = 0;
    QList<std::optional<ClassScores>> perClass; // aligned with labels
    QList<QList<qint64>> confusion;             // [gold][predicted]
    QList<LanguageScores> languages;            // by language code
    // With the test report, when the engine stored one (runs from before it did have none).
    std::optional<RunTrainingSummary> training;

    bool isEmpty() const { return labels.isEmpty(); }
    bool crossValidated() const { return evaluation == QLatin1String("cross-validation"); }
};

// "0.734 [0.69, 0.78]": a score with its interval when it has one.
QString scoreWithInterval(double value, const std::optional<ScoreInterval> &interval, int decimals = 3);

RunReport runReportFrom(const core::train::StoredReport &stored);
// Reads the engine's report JSON; an empty report for anything it cannot read.
RunReport parseRunReport(const QByteArray &json);

// A dev evaluation's scores per language (macro-F1, n, interval) and the overall macro-F1's
// interval, into the chart's point.
void readEvaluationScores(const core::train::EvaluationReport &report, EvalPoint &point);

} // namespace glossa::ui

Q_DECLARE_METATYPE(glossa::ui::RunReport)
