#pragma once

#include "ui/session/runreport.h"

#include "store/runstatus.h"

#include <QHash>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <optional>

namespace glossa::ui {

// A language of a dataset as the new-study form offers it: its labelled rows per split.
struct TransferLanguageCount
{
    QString language;
    qint64 train = 0;
    qint64 dev = 0;
    qint64 test = 0;
};

// A study in the Cross-lingual tab's list.
struct StudySummary
{
    qint64 id = -1;
    QString name;
    QStringList languages;
    int finishedRuns = 0;
    int sources = 0; // runs it asks for: each language, and all
};

// One source's run of a study, as it stands.
struct StudySourceState
{
    QString source; // a language code, or "all"
    qint64 runId = -1; // -1: no run yet
    QString runName;
    core::store::RunStatus status = core::store::RunStatus::Queued;
    QString errorMessage;

    bool hasRun() const { return runId >= 0; }
};

struct TransferCellData
{
    double macroF1 = 0;
    std::optional<ScoreInterval> interval;
    double accuracy = 0;
    qint64 examples = 0;
};

// Per target language: the single language that transfers best to it, and what its own labels add.
struct TransferTargetData
{
    QString language;
    QString bestSource; // empty: none yet
    std::optional<double> bestTransfer;
    std::optional<double> own;
    std::optional<double> meanTransfer;
    std::optional<double> gap;
    std::optional<double> gainFromOwn;
};

// A transfer study with its runs and matrix (core::train::readTransferMatrix), in Qt types.
struct TransferStudyData
{
    qint64 id = -1;
    QString name;
    qint64 datasetId = -1;
    QString configJson;
    QStringList languages; // the targets, in the study's order
    QStringList sources;   // the languages, then "all"
    QList<StudySourceState> states;                        // one per source, in sources' order
    QHash<QString, qint64> runs;                           // source -> finished run with a test report
    QHash<QString, QHash<QString, TransferCellData>> cells; // source -> target -> scores
    QList<TransferTargetData> targets;                     // in languages' order

    bool isEmpty() const { return id < 0; }
    int finishedRuns() const { return static_cast<int>(runs.size()); }
    const TransferCellData *cell(const QString &source, const QString &target) const
    {
        const auto row = cells.constFind(source);
        if (row == cells.constEnd())
            return nullptr;
        const auto found = row->constFind(target);
        return found == row->constEnd() ? nullptr : &*found;
    }
};

// What to do next for one source of a study (core::train::planStudySteps).
struct StudyStepData
{
    enum class Action { Train, Resume, Busy, Done };
    QString source;
    Action action = Action::Train;
    qint64 runId = -1;
};

} // namespace glossa::ui

Q_DECLARE_METATYPE(glossa::ui::TransferStudyData)
