#pragma once

#include "ui/session/importrunner.h"

#include "data/importpreview.h"

#include <QFuture>
#include <QList>
#include <QString>
#include <QStringList>

#include <array>
#include <atomic>
#include <memory>
#include <optional>
#include <stop_token>

namespace glossa::ui {

// The fields an analyst maps to a file's columns, indexed like core::data::Field: text,
// label, lang, split, id, group.
inline constexpr int mappedFieldCount = 6;

struct ImportPreviewLine
{
    qint64 line = 0; // in the file
    QStringList cells;
};

// The first rows of a file to import, read as the importer would read them, in Qt values.
struct ImportPreview
{
    QString format; // "csv", "tsv" or "jsonl"
    core::data::TextEncoding encoding; // what the file is read as
    quint64 fileBytes = 0;
    QStringList columns;
    // The column each mapped field is read from (-1: none), aliases resolved.
    std::array<int, mappedFieldCount> columnOf{};
    // Whether the file has a column the importer reads the field from when it is not mapped:
    // then "(none)" is not a choice the import could honour.
    std::array<bool, mappedFieldCount> foundByName{};
    QList<ImportPreviewLine> rows;
    bool complete = false; // the rows are the whole file
    // The first problem the import would report in these rows (line 0: the whole file's).
    std::optional<core::data::ImportIssue> problem;
};

// Reads the first `rows` rows of the request's file on a pooled thread; never fails (a file
// that cannot be read is a problem of the preview).
QFuture<ImportPreview> previewImport(const ImportRequest &request, int rows);

// A check of a whole file to import on a pooled thread, before the import is attempted: the
// reader's problems (quoting, field counts, UTF-8, JSON) with their lines. Its progress can be
// read from any thread; it stops when asked or when the check object goes.
class ImportCheck
{
public:
    struct Outcome
    {
        bool stopped = false;
        qint64 rows = 0; // read before the end, the problem or the stop
        std::optional<core::data::ImportIssue> problem;
    };

    explicit ImportCheck(const ImportRequest &request);
    ~ImportCheck();
    ImportCheck(const ImportCheck &) = delete;
    ImportCheck &operator=(const ImportCheck &) = delete;

    QFuture<Outcome> outcome() const { return m_outcome; }
    void stop();
    qint64 rows() const;
    quint64 bytesRead() const;
    quint64 totalBytes() const;

private:
    // Shared with the pooled thread, which may still be reading when the check goes.
    struct Progress
    {
        std::stop_source stop;
        std::atomic<qint64> rows{0};
        std::atomic<quint64> bytesRead{0};
        std::atomic<quint64> totalBytes{0};
    };

    std::shared_ptr<Progress> m_progress = std::make_shared<Progress>();
    QFuture<Outcome> m_outcome;
};

} // namespace glossa::ui

Q_DECLARE_METATYPE(glossa::ui::ImportPreview)
