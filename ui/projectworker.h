#pragma once

#include "projectoverview.h"

#include <QObject>
#include <QString>

#include <memory>

namespace glossa::core::store {
class Project;
}

namespace glossa::ui {

// Lives on the project thread and owns that thread's connection to the project. Every slot
// touches disk; the UI thread only ever talks to it through queued signals.
class ProjectWorker : public QObject
{
    Q_OBJECT

public:
    ProjectWorker();
    ~ProjectWorker() override;

public:
    enum class OpenMode {
        Existing, // the file must exist
        New,      // the file must not exist
        Demo,     // opened if it exists, else created and filled with the bundled demo data
    };

public Q_SLOTS:
    void open(const QString &filePath, glossa::ui::ProjectWorker::OpenMode mode);
    void refresh();
    void close();

Q_SIGNALS:
    void opened(const glossa::ui::ProjectOverview &overview);
    void refreshed(const glossa::ui::ProjectOverview &overview);
    void failed(const QString &message);
    void refreshFailed(const QString &message);
    void busy(const QString &what);

private:
    static ProjectOverview readOverview(core::store::Project &project);

    std::unique_ptr<core::store::Project> m_project;
};

} // namespace glossa::ui
