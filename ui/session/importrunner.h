#pragma once

#include <QMap>
#include <QMetaType>
#include <QObject>
#include <QString>
#include <QStringList>

#include <functional>
#include <stop_token>

class QThread;

namespace glossa::core::data {
struct ImportOptions;
}
namespace glossa::core::store {
class Database;
}

namespace glossa::ui {

// What to import and how, in Qt values, so widgets never build core types.
struct ImportRequest
{
    QString filePath;
    QString dataset;
    // "csv", "tsv" or "jsonl"; empty: detected from the file.
    QString format;
    // Field key ("text", "label", "lang", "split", "id", "group") to the file's column; a
    // field left out is read from its own name or an alias, as the importer does.
    QMap<QString, QString> mapping;
    quint64 splitSeed = 13;
    int trainPercent = 80;
    int devPercent = 10;
    int testPercent = 10;
    // Import the rows that can be and list the others in a report beside the project.
    bool skipInvalid = false;
};

// The request as the core importer takes it (no progress callback, no stop token).
core::data::ImportOptions toImportOptions(const ImportRequest &request);

struct ImportResult
{
    QString dataset;
    bool createdDataset = false;
    qint64 rows = 0;
    qint64 labelled = 0;
    QStringList newLabels;
    double seconds = 0;
    qint64 skippedRows = 0;
    QString skippedReport; // the CSV that lists them; empty if it could not be written
    QStringList metadataColumns; // the file's other columns, kept with each example
    qint64 droppedColumns = 0;   // other columns beyond what is kept

    // One or two sentences for the user, translated.
    QString toString() const;
};

// Runs one import at a time on a thread of its own, with a connection of its own from the
// factory, so the UI thread and the project thread never wait for it. An import is all or
// nothing: a failure or a cancel leaves the project as it was.
class ImportRunner : public QObject
{
    Q_OBJECT

public:
    using ConnectionFactory = std::function<core::store::Database()>;

    // openConnection is called on the import thread, once per import; a report of skipped rows
    // goes beside projectFile.
    ImportRunner(QString projectFile, ConnectionFactory openConnection, QObject *parent = nullptr);
    // Cancels a running import and waits for its rollback.
    ~ImportRunner() override;

    // False (and nothing starts) while an import runs.
    bool start(const ImportRequest &request);
    bool isRunning() const { return m_thread != nullptr; }

public Q_SLOTS:
    // Safe from any thread; the import stops within a few thousand rows and rolls back.
    void cancel();

Q_SIGNALS:
    // Emitted from the import thread every few thousand rows.
    void progress(qint64 rows, quint64 bytesRead, quint64 totalBytes);
    // One of these ends every started import, emitted once isRunning() is false again.
    void finished(const glossa::ui::ImportResult &result);
    void failed(const QString &message);
    void cancelled();

private:
    enum class Outcome { Finished, Failed, Cancelled };

    void reportOutcome();

    QString m_projectFile;
    ConnectionFactory m_connect;
    QThread *m_thread = nullptr;
    std::stop_source m_stop;
    // Written by the import thread before it ends, read after.
    Outcome m_outcome = Outcome::Failed;
    ImportResult m_result;
    QString m_message;
};

} // namespace glossa::ui

Q_DECLARE_METATYPE(glossa::ui::ImportResult)
