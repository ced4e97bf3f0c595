#include "projectsession.h"

#include "projectworker.h"

#include <QFileInfo>
#include <QMetaObject>

namespace glossa::ui {

ProjectSession::ProjectSession(QObject *parent)
    : QObject(parent)
    , m_worker(new ProjectWorker)
{
    qRegisterMetaType<glossa::ui::ProjectOverview>();
    m_thread.setObjectName(QStringLiteral("glossa-project"));
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &ProjectWorker::opened, this, [this](const ProjectOverview &overview) {
        m_overview = overview;
        setBusy(false);
        Q_EMIT projectOpened(overview);
    });
    connect(m_worker, &ProjectWorker::refreshed, this, [this](const ProjectOverview &overview) {
        m_overview = overview;
        setBusy(false);
        Q_EMIT overviewChanged(overview);
    });
    connect(m_worker, &ProjectWorker::failed, this, [this](const QString &message) {
        setBusy(false);
        Q_EMIT openFailed(message);
    });
    connect(m_worker, &ProjectWorker::refreshFailed, this, [this](const QString &message) {
        setBusy(false);
        Q_EMIT refreshFailed(message);
    });
    connect(m_worker, &ProjectWorker::busy, this, [this](const QString &what) { setBusy(true, what); });
    m_thread.start();
}

ProjectSession::~ProjectSession()
{
    QMetaObject::invokeMethod(m_worker, &ProjectWorker::close, Qt::QueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

void ProjectSession::openProject(const QString &filePath)
{
    setBusy(true, tr("Opening %1…").arg(QFileInfo(filePath).fileName()));
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker, filePath] { worker->open(filePath, ProjectWorker::OpenMode::Existing); },
        Qt::QueuedConnection);
}

void ProjectSession::createProject(const QString &filePath)
{
    setBusy(true, tr("Creating %1…").arg(QFileInfo(filePath).fileName()));
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker, filePath] { worker->open(filePath, ProjectWorker::OpenMode::New); },
        Qt::QueuedConnection);
}

void ProjectSession::openDemoProject(const QString &filePath)
{
    setBusy(true, tr("Opening the demo project…"));
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker, filePath] { worker->open(filePath, ProjectWorker::OpenMode::Demo); },
        Qt::QueuedConnection);
}

void ProjectSession::refresh()
{
    QMetaObject::invokeMethod(m_worker, &ProjectWorker::refresh, Qt::QueuedConnection);
}

void ProjectSession::setBusy(bool busy, const QString &what)
{
    m_busy = busy;
    Q_EMIT busyChanged(busy, what);
}

} // namespace glossa::ui
