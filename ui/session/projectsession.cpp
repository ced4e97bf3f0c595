#include "ui/session/projectsession.h"

#include "ui/session/labelerrorsearch.h"

#include "ui/session/browseworker.h"
#include "ui/session/projectworker.h"
#include "ui/session/runsworker.h"
#include "ui/session/searchindexer.h"
#include "ui/session/trainingcontroller.h"

#include <QFileInfo>
#include <QMetaObject>

namespace glossa::ui {

ProjectSession::ProjectSession(QObject *parent)
    : QObject(parent)
    , m_worker(new ProjectWorker)
    , m_browseWorker(new BrowseWorker)
    , m_indexer(new SearchIndexer)
    , m_runsWorker(new RunsWorker)
    , m_training(new TrainingController(this))
    , m_labelErrorSearch(new LabelErrorSearch(this))
{
    qRegisterMetaType<glossa::ui::ProjectOverview>();
    qRegisterMetaType<glossa::ui::ExampleIds>();
    qRegisterMetaType<glossa::ui::ExampleDetail>();
    qRegisterMetaType<QList<glossa::ui::ExampleRowData>>();
    qRegisterMetaType<QList<glossa::ui::LabelUpdate>>();
    qRegisterMetaType<QList<glossa::ui::GroupMemberData>>();
    m_thread.setObjectName(QStringLiteral("glossa-project"));
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_browseThread.setObjectName(QStringLiteral("glossa-browse"));
    m_browseWorker->moveToThread(&m_browseThread);
    connect(&m_browseThread, &QThread::finished, m_browseWorker, &QObject::deleteLater);
    m_indexThread.setObjectName(QStringLiteral("glossa-index"));
    m_indexer->moveToThread(&m_indexThread);
    connect(&m_indexThread, &QThread::finished, m_indexer, &QObject::deleteLater);
    connect(m_indexer, &SearchIndexer::progress, this, &ProjectSession::searchIndexProgress);
    m_runsThread.setObjectName(QStringLiteral("glossa-runs"));
    m_runsWorker->moveToThread(&m_runsThread);
    connect(&m_runsThread, &QThread::finished, m_runsWorker, &QObject::deleteLater);
    // A run that ends changes the runs list, the dock and the browser's run choice.
    connect(m_training, &TrainingController::runStarted, this, [this] { readRuns(); });
    connect(m_training, &TrainingController::runEnded, this, [this] {
        readRuns();
        refresh();
    });
    connect(m_training, &TrainingController::runFailed, this, [this] {
        readRuns();
        refresh();
    });

    m_refreshAfterEdits.setSingleShot(true);
    m_refreshAfterEdits.setInterval(300);
    connect(&m_refreshAfterEdits, &QTimer::timeout, this, &ProjectSession::refresh);

    connect(m_worker, &ProjectWorker::opened, this, [this](const ProjectOverview &overview) {
        m_overview = overview;
        // Queued before anything the window asks of the browser, so it is connected first.
        QMetaObject::invokeMethod(
            m_browseWorker, [worker = m_browseWorker, file = overview.filePath] { worker->connectTo(file); },
            Qt::QueuedConnection);
        QMetaObject::invokeMethod(
            m_runsWorker,
            [worker = m_runsWorker, file = overview.filePath] {
                worker->connectTo(file);
                worker->readRuns();
                worker->readPresets();
            },
            Qt::QueuedConnection);
        setBusy(false);
        Q_EMIT projectOpened(overview);
        indexForSearch();
    });
    connect(m_worker, &ProjectWorker::refreshed, this, [this](const ProjectOverview &overview) {
        m_overview = overview;
        setBusy(false);
        Q_EMIT overviewChanged(overview);
        indexForSearch(); // an import may have brought texts
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
    connect(m_worker, &ProjectWorker::labelsEdited, this, [this](qint64 datasetId, const QList<LabelUpdate> &updates) {
        m_refreshAfterEdits.start();
        Q_EMIT labelsEdited(datasetId, updates);
    });
    connect(m_worker, &ProjectWorker::undoStateChanged, this, &ProjectSession::undoStateChanged);
    connect(m_worker, &ProjectWorker::labelSetChanged, this, &ProjectSession::refresh);
    connect(m_worker, &ProjectWorker::editFailed, this, &ProjectSession::editFailed);
    connect(m_worker, &ProjectWorker::exampleAdded, this, &ProjectSession::exampleAdded);
    m_thread.start();
    m_browseThread.start();
    m_indexThread.start();
    m_runsThread.start();
}

ProjectSession::~ProjectSession()
{
    delete m_training; // stops a run in progress cleanly (resumable) before the threads go
    m_training = nullptr;
    QMetaObject::invokeMethod(m_runsWorker, &RunsWorker::disconnectFromProject, Qt::QueuedConnection);
    m_runsThread.quit();
    m_runsThread.wait();
    QMetaObject::invokeMethod(m_indexer, &SearchIndexer::stop, Qt::QueuedConnection);
    m_indexThread.quit();
    m_indexThread.wait();
    QMetaObject::invokeMethod(m_browseWorker, &BrowseWorker::disconnectFromProject, Qt::QueuedConnection);
    m_browseThread.quit();
    m_browseThread.wait();
    QMetaObject::invokeMethod(m_worker, &ProjectWorker::close, Qt::QueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

void ProjectSession::indexForSearch()
{
    QMetaObject::invokeMethod(
        m_indexer, [indexer = m_indexer, file = m_overview.filePath] { indexer->indexProject(file); },
        Qt::QueuedConnection);
}

template <typename Call> void ProjectSession::post(Call &&call)
{
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker, call = std::forward<Call>(call)] { call(*worker); }, Qt::QueuedConnection);
}

void ProjectSession::setLabel(qint64 datasetId, const QList<qint64> &exampleIds, qint64 labelId,
                              const QString &description)
{
    post([=](ProjectWorker &worker) { worker.setLabel(datasetId, exampleIds, labelId, description); });
}

void ProjectSession::addExample(qint64 datasetId, const QString &text, const QString &lang, qint64 labelId,
                                const QString &split, const QString &description)
{
    post([=](ProjectWorker &worker) { worker.addExample(datasetId, text, lang, labelId, split, description); });
}

void ProjectSession::undo(qint64 datasetId)
{
    post([=](ProjectWorker &worker) { worker.undo(datasetId); });
}

void ProjectSession::redo(qint64 datasetId)
{
    post([=](ProjectWorker &worker) { worker.redo(datasetId); });
}

void ProjectSession::readUndoState(qint64 datasetId)
{
    post([=](ProjectWorker &worker) { worker.readUndoState(datasetId); });
}

void ProjectSession::addLabel(qint64 datasetId, const QString &name)
{
    post([=](ProjectWorker &worker) { worker.addLabel(datasetId, name); });
}

void ProjectSession::renameLabel(qint64 datasetId, qint64 labelId, const QString &name)
{
    post([=](ProjectWorker &worker) { worker.renameLabel(datasetId, labelId, name); });
}

void ProjectSession::mergeLabels(qint64 datasetId, qint64 fromLabelId, qint64 intoLabelId)
{
    post([=](ProjectWorker &worker) { worker.mergeLabels(datasetId, fromLabelId, intoLabelId); });
}

const DatasetSummary *ProjectSession::dataset(const QString &name) const
{
    for (const auto &dataset : m_overview.datasets) {
        if (dataset.name == name)
            return &dataset;
    }
    return nullptr;
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

void ProjectSession::readRuns()
{
    QMetaObject::invokeMethod(m_runsWorker, &RunsWorker::readRuns, Qt::QueuedConnection);
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
