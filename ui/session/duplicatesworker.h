#pragma once

#include "ui/session/duplicatetypes.h"

#include <QCoreApplication>
#include <QString>

#include <memory>
#include <stop_token>

namespace glossa::core::store {
class Database;
}

namespace glossa::ui {

// Looks for duplicate texts (core::data::findDuplicates) on a thread and connection of its own
// (ProjectSession calls it through a WorkerThread): on a large dataset it takes seconds, which
// must hold up neither label edits nor the browser's reads. Each call returns or throws.
class DuplicatesWorker
{
    Q_DECLARE_TR_FUNCTIONS(glossa::ui::DuplicatesWorker)

public:
    DuplicatesWorker();
    ~DuplicatesWorker();

    void connectTo(const QString &projectFile);
    // The dataset's clusters as they are now; stopped (and empty) once stop is requested.
    DuplicateReview find(const QString &datasetName, double nearThreshold, std::stop_token stop);

private:
    core::store::Database &database();

    std::unique_ptr<core::store::Database> m_db;
};

} // namespace glossa::ui
