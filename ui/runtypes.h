#pragma once

#include <QDateTime>
#include <QList>
#include <QMap>
#include <QMetaType>
#include <QString>

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
};

// One line of the runs view.
struct RunRow
{
    qint64 id = 0;
    QString name;
    qint64 datasetId = 0;
    QString dataset;
    QString status; // queued, running, paused, finished, failed, stopped, interrupted
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
};

} // namespace glossa::ui

Q_DECLARE_METATYPE(glossa::ui::RunHistory)
Q_DECLARE_METATYPE(QList<glossa::ui::RunRow>)
Q_DECLARE_METATYPE(QList<glossa::ui::RunHistory>)
