#pragma once

#include "ui/session/studytypes.h"

#include <QCoreApplication>
#include <QString>

#include <memory>

namespace glossa::core::store {
class Database;
}

namespace glossa::ui {

// The Cross-lingual tab's reads and its one write (a new study) on a thread and connection of
// its own (ProjectSession calls it through a WorkerThread): reading a study's matrix parses a
// test report per run, and checking a dataset for a study reads all its rows. Each call
// returns or throws RequestFailed with a message for the analyst.
class StudiesWorker
{
    Q_DECLARE_TR_FUNCTIONS(glossa::ui::StudiesWorker)

public:
    StudiesWorker();
    ~StudiesWorker();

    void connectTo(const QString &projectFile);
    // The dataset's languages with labelled rows per split, most labelled first.
    QList<TransferLanguageCount> languageCounts(qint64 datasetId);
    // The dataset's transfer studies, newest first.
    QList<StudySummary> studies(qint64 datasetId);
    TransferStudyData study(qint64 studyId);
    // A study of these languages with these settings: the existing one with exactly them, or a
    // new one. Refused (nothing written) when the data cannot give a sound matrix: groups that
    // straddle splits, a language without labelled train or test rows, settings that cannot train.
    qint64 createTransferStudy(qint64 datasetId, const QStringList &languages, const QString &configJson,
                               const QString &projectFile);
    // What each source needs next: train, resume, nothing (finished) or wait (training elsewhere).
    QList<StudyStepData> steps(qint64 studyId);

private:
    core::store::Database &database();

    std::unique_ptr<core::store::Database> m_db;
};

} // namespace glossa::ui
