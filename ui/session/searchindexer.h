#pragma once

#include <QObject>
#include <QString>

#include <memory>

namespace glossa::core::store {
class Database;
}

namespace glossa::ui {

// Builds the project's full-text search index in the background (core::store::SearchIndex), a
// chunk at a time, on a thread and connection of its own at the lowest CPU priority: on a
// two-core machine it must not take the UI's or the browser's turn. Searching works meanwhile
// (the browser scans what is not indexed yet). Lives on its thread; call through queued
// invocations.
class SearchIndexer : public QObject
{
    Q_OBJECT

public:
    SearchIndexer();
    ~SearchIndexer() override;

    // Connects to the project (once per file) and indexes whatever is not indexed yet.
    void indexProject(const QString &projectFile);
    void stop();

Q_SIGNALS:
    // indexed == total when done.
    void progress(qint64 indexed, qint64 total);

private:
    void indexNextChunk();

    QString m_file;
    std::unique_ptr<core::store::Database> m_db;
    bool m_running = false;
    bool m_niced = false;
};

} // namespace glossa::ui
