#pragma once

#include "store/runstatus.h"

#include <QDateTime>
#include <QList>
#include <QMap>
#include <QMetaType>
#include <QPair>
#include <QString>

#include <optional>

namespace glossa::ui {

// A training step as a chart plots it.
struct TrainPoint
{
    qint64 step = 0;
    double epoch = 0;
    double loss = 0;
    double learningRate = 0;
};

// A dev evaluation: the overall scores and macro-F1 per language.
struct EvalPoint
{
    qint64 step = 0;
    double epoch = 0;
    double loss = 0;
    double accuracy = 0;
    double macroF1 = 0;
    double microF1 = 0;
    bool best = false;
    QMap<QString, double> languageMacroF1;
    QMap<QString, qint64> languageExamples; // dev examples per language
    // 95% bootstrap intervals of macroF1 and of each language's, when the report has them.
    std::optional<QPair<double, double>> macroF1Interval;
    QMap<QString, QPair<double, double>> languageIntervals;
};

// Everything a chart needs of one run, live or read back from the project.
struct RunHistory
{
    qint64 runId = -1;
    QString name;
    QList<TrainPoint> training;
    QList<EvalPoint> evaluations;
};

// Where the run in progress is.
struct TrainingStatus
{
    qint64 step = 0;
    qint64 totalSteps = 0;
    double epoch = 0;
    double loss = 0;
    double examplesPerSecond = 0;
    double etaSeconds = 0;
    // A features run embedding the texts its cache lacks, before its first step.
    qint64 textsEmbedded = 0;
    qint64 textsToEmbed = 0;
    double textsPerSecond = 0;
    double embeddingSecondsLeft = 0;
};

// One line of the runs view.
struct RunRow
{
    qint64 id = 0;
    QString name;
    qint64 datasetId = 0;
    QString dataset;
    core::store::RunStatus status = core::store::RunStatus::Queued;
    QString device;
    QString notes;
    QString configJson;
    QString snapshotHash;
    QString errorMessage;
    QDateTime createdAt;
    QDateTime startedAt; // invalid: never started
    double durationSeconds = -1;
    double bestDevMacroF1 = -1; // -1: none yet
    double testMacroF1 = -1;
    // The test macro-F1's 95% interval (low > high: none stored), its n, and how it was measured.
    double testLow = 1;
    double testHigh = 0;
    qint64 testExamples = 0;
    QString testEvaluation;
    // The transfer study the run belongs to, and its source there ("de", or "all"); empty: none.
    QString study;
    QString studySource;
};

// Two runs on their shared test examples: the macro-F1 difference (b minus a) with its paired
// bootstrap interval, or why they cannot be compared.
struct RunPairComparison
{
    qint64 runA = -1;
    qint64 runB = -1;
    qint64 examples = 0;
    qint64 leftOut = 0;
    double macroF1A = 0;
    double macroF1B = 0;
    double difference = 0;
    double low = 0;
    double high = 0;
    bool excludesZero = false;
    QString error; // not empty: the runs could not be compared, and why
};

} // namespace glossa::ui

Q_DECLARE_METATYPE(glossa::ui::RunPairComparison)
Q_DECLARE_METATYPE(glossa::ui::RunHistory)
Q_DECLARE_METATYPE(QList<glossa::ui::RunRow>)
Q_DECLARE_METATYPE(QList<glossa::ui::RunHistory>)
