#pragma once

#include "projectoverview.h"

#include <QObject>
#include <QThread>

namespace glossa::ui {

class ProjectWorker;

// The open project as the UI sees it: owns the project thread and its worker, forwards
// requests to it and keeps the latest overview. Holds no widgets and no SQL.
class ProjectSession : public QObject
{
    Q_OBJECT

public:
    explicit ProjectSession(QObject *parent = nullptr);
    ~ProjectSession() override;

    void openProject(const QString &filePath);
    void createProject(const QString &filePath);
    // Opens the demo project at filePath, creating it from the bundled data on first use.
    void openDemoProject(const QString &filePath);
    void refresh();

    bool isOpen() const { return !m_overview.filePath.isEmpty(); }
    bool isBusy() const { return m_busy; }
    const ProjectOverview &overview() const { return m_overview; }

Q_SIGNALS:
    void projectOpened(const glossa::ui::ProjectOverview &overview);
    void overviewChanged(const glossa::ui::ProjectOverview &overview);
    void openFailed(const QString &message);
    // The open project could not be read again; it stays open with its last overview.
    void refreshFailed(const QString &message);
    void busyChanged(bool busy, const QString &what);

private:
    void setBusy(bool busy, const QString &what = {});

    QThread m_thread;
    ProjectWorker *m_worker = nullptr;
    ProjectOverview m_overview;
    bool m_busy = false;
};

} // namespace glossa::ui
