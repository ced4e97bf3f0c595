#include "ui/session/importinspection.h"

#include "ui/session/qtcore.h"

#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <filesystem>

namespace glossa::ui {

namespace data = core::data;

namespace {

ImportPreview previewIn(const std::filesystem::path &path, const data::ImportOptions &options, std::size_t rows)
{
    ImportPreview result;
    result.columnOf.fill(-1);
    try {
        const auto preview = data::previewFile(path, options, rows);
        result.format = fromUtf8(std::string(data::toString(preview.format)));
        result.encoding = preview.encoding;
        result.fileBytes = preview.fileBytes;
        for (const auto &column : preview.columns)
            result.columns.append(fromUtf8(column));
        const auto byName =
            data::ColumnMapping().resolve(std::vector<std::string_view>(preview.columns.begin(), preview.columns.end()));
        for (std::size_t k = 0; k < mappedFieldCount; ++k) {
            if (const auto index = preview.columnOf[k])
                result.columnOf[k] = static_cast<int>(*index);
            result.foundByName[k] = byName[k].has_value();
        }
        for (const auto &row : preview.rows) {
            ImportPreviewLine line{row.line, {}};
            for (const auto &cell : row.cells)
                line.cells.append(fromUtf8(cell));
            result.rows.append(std::move(line));
        }
        result.complete = preview.complete;
        result.problem = preview.error;
    } catch (const std::exception &e) { // previewFile reports a bad file; this is anything else
        result.problem = data::ImportIssue{e.what(), 0, {}, e.what()};
    }
    return result;
}

} // namespace

QFuture<ImportPreview> previewImport(const ImportRequest &request, int rows)
{
    const std::filesystem::path path = request.filePath.toStdString();
    return QtConcurrent::run(previewIn, path, toImportOptions(request), static_cast<std::size_t>(std::max(rows, 1)));
}

ImportCheck::ImportCheck(const ImportRequest &request)
{
    const std::filesystem::path path = request.filePath.toStdString();
    m_outcome = QtConcurrent::run([path, options = toImportOptions(request), progress = m_progress] {
        try {
            const auto checked = data::validateFile(path, options, progress->stop.get_token(),
                                                    [&progress](const data::ImportProgress &now) {
                                                        progress->rows = now.rows;
                                                        progress->bytesRead = now.bytesRead;
                                                        progress->totalBytes = now.totalBytes;
                                                    });
            return Outcome{checked.stopped, checked.rows, checked.error};
        } catch (const std::exception &e) { // validateFile reports a bad file; this is anything else
            return Outcome{false, progress->rows, data::ImportIssue{e.what(), 0, {}, e.what()}};
        }
    });
}

ImportCheck::~ImportCheck()
{
    stop(); // the reading thread ends at its next look at the token; nobody waits for it
}

void ImportCheck::stop()
{
    m_progress->stop.request_stop();
}

qint64 ImportCheck::rows() const
{
    return m_progress->rows;
}

quint64 ImportCheck::bytesRead() const
{
    return m_progress->bytesRead;
}

quint64 ImportCheck::totalBytes() const
{
    return m_progress->totalBytes;
}

} // namespace glossa::ui
