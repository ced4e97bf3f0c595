#include "ui/session/searchindexer.h"

#include "store/database.h"
#include "store/project.h"
#include "store/searchindex.h"

#include <QMetaObject>

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace glossa::ui {

SearchIndexer::SearchIndexer() = default;
SearchIndexer::~SearchIndexer() = default;

void SearchIndexer::indexProject(const QString &projectFile)
{
    if (!m_niced) {
        // This thread only: nice 19 gives it the CPU the others leave. (Qt's thread
        // priorities do nothing for ordinary Linux threads.)
        setpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid)), 19);
        m_niced = true;
    }
    if (projectFile != m_file || !m_db) {
        m_running = false;
        m_file = projectFile;
        try {
            m_db = std::make_unique<core::store::Database>(core::store::Project::connectTo(projectFile.toStdString()));
        } catch (const std::exception &) {
            m_db.reset();
            return;
        }
    }
    if (m_running)
        return; // the running loop picks up the new rows
    m_running = true;
    indexNextChunk();
}

void SearchIndexer::stop()
{
    m_running = false;
    m_db.reset();
    m_file.clear();
}

void SearchIndexer::indexNextChunk()
{
    if (!m_running || !m_db)
        return;
    try {
        core::store::SearchIndex index(*m_db);
        const qint64 pending = index.pendingRows();
        if (pending == 0) {
            m_running = false;
            return;
        }
        const bool more = index.indexNextChunk();
        const qint64 indexed = index.indexedRows();
        Q_EMIT progress(indexed, indexed + index.pendingRows());
        if (more) {
            // Queued, so a stop or another project arriving meanwhile is seen between chunks.
            QMetaObject::invokeMethod(this, &SearchIndexer::indexNextChunk, Qt::QueuedConnection);
            return;
        }
    } catch (const std::exception &) {
        // The index is derived data: the browser scans what it lacks, and the next refresh
        // tries again.
    }
    m_running = false;
}

} // namespace glossa::ui
