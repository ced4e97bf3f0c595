#include "ui/session/importrunner.h"

#include "data/importer.h"
#include "data/importerror.h"
#include "store/database.h"
#include "store/examplemetadata.h"

#include <QLocale>
#include <QThread>

#include <algorithm>

namespace glossa::ui {

namespace {

QString fromUtf8(const std::string &text)
{
    return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
}

// Shown by name up to this many; a file that brings hundreds of labels gets a count.
constexpr qsizetype namedNewLabels = 8;

} // namespace

core::data::ImportOptions toImportOptions(const ImportRequest &request)
{
    core::data::ImportOptions options;
    if (!request.format.isEmpty())
        options.format = core::data::formatFromString(request.format.toStdString());
    for (auto it = request.mapping.cbegin(); it != request.mapping.cend(); ++it) {
        for (size_t k = 0; k < core::data::fieldCount; ++k) {
            const auto field = static_cast<core::data::Field>(k);
            if (it.key()
                == QLatin1String(core::data::fieldKey(field).data(),
                                 static_cast<qsizetype>(core::data::fieldKey(field).size())))
                options.mapping.set(field, it.value().toStdString());
        }
    }
    options.splitSeed = request.splitSeed;
    options.splitRatios = {request.trainPercent, request.devPercent, request.testPercent};
    options.skipInvalid = request.skipInvalid;
    return options;
}

QString ImportResult::toString() const
{
    const QLocale locale;
    const QString took = seconds < 1 ? ImportRunner::tr("%1 ms").arg(std::max(1, qRound(seconds * 1000)))
                                     : ImportRunner::tr("%1 s").arg(locale.toString(seconds, 'f', 1));
    QString text =
        ImportRunner::tr("Imported %Ln rows into “%1” in %2.", nullptr, static_cast<int>(rows)).arg(dataset, took);
    if (labelled > 0)
        text += QLatin1Char(' ') + ImportRunner::tr("%Ln of them labelled.", nullptr, static_cast<int>(labelled));
    if (!newLabels.isEmpty()) {
        const auto count = static_cast<int>(newLabels.size());
        text += QLatin1Char(' ')
                + (count <= namedNewLabels
                       ? ImportRunner::tr("New labels: %1.", nullptr, count).arg(newLabels.join(QStringLiteral(", ")))
                       : ImportRunner::tr("%Ln new labels.", nullptr, count));
    }
    if (!metadataColumns.isEmpty()) {
        constexpr int namedColumns = 8;
        const auto shown = metadataColumns.mid(0, namedColumns).join(QStringLiteral(", "));
        text += QLatin1Char(' ')
                + (metadataColumns.size() <= namedColumns
                       ? ImportRunner::tr("Kept as metadata: %1.").arg(shown)
                       : ImportRunner::tr("Kept as metadata: %1 and %2 more columns.")
                             .arg(shown, locale.toString(metadataColumns.size() - namedColumns)));
    }
    if (droppedColumns > 0)
        text += QLatin1Char(' ')
                + ImportRunner::tr("%1 more columns were not kept (at most %2 are).")
                      .arg(locale.toString(droppedColumns), locale.toString(qint64(core::store::maxMetadataColumns)));
    // Spelt out for one row: English has no translation file to give %Ln its singular.
    const QString skipped = skippedRows == 1
                                ? ImportRunner::tr("1 row with a problem was skipped")
                                : ImportRunner::tr("%1 rows with problems were skipped").arg(locale.toString(skippedRows));
    if (skippedRows > 0 && skippedReport.isEmpty())
        text += QLatin1Char(' ') + ImportRunner::tr("%1 (the list of them could not be written).").arg(skipped);
    else if (skippedRows > 0)
        text += QLatin1Char(' ')
                + ImportRunner::tr("%1; each is listed, with its line and reason, in %2.").arg(skipped, skippedReport);
    return text;
}

ImportRunner::ImportRunner(QString projectFile, ConnectionFactory openConnection, QObject *parent)
    : QObject(parent)
    , m_projectFile(std::move(projectFile))
    , m_connect(std::move(openConnection))
{
    qRegisterMetaType<glossa::ui::ImportResult>();
}

ImportRunner::~ImportRunner()
{
    if (m_thread) {
        m_stop.request_stop();
        m_thread->wait();
        delete m_thread;
    }
}

bool ImportRunner::start(const ImportRequest &request)
{
    if (m_thread || !m_connect)
        return false;
    m_stop = std::stop_source();
    auto options = toImportOptions(request);
    options.stop = m_stop.get_token();
    options.progress = [this](const core::data::ImportProgress &p) {
        Q_EMIT progress(p.rows, p.bytesRead, p.totalBytes);
    };
    const std::filesystem::path file = request.filePath.toStdString();
    const std::string dataset = request.dataset.toStdString();

    const std::filesystem::path project = m_projectFile.toStdString();
    m_thread = QThread::create([this, openConnection = m_connect, options = std::move(options), file, dataset,
                                project] {
        try {
            auto db = openConnection();
            const auto summary = core::data::importFile(db, dataset, file, options);
            m_result = {};
            m_result.dataset = fromUtf8(summary.dataset);
            m_result.createdDataset = summary.createdDataset;
            m_result.rows = summary.rows;
            m_result.labelled = summary.labelled;
            m_result.seconds = summary.seconds;
            for (const auto &label : summary.newLabels)
                m_result.newLabels.append(fromUtf8(label));
            m_result.skippedRows = summary.skippedRows;
            for (const auto &column : summary.metadataColumns)
                m_result.metadataColumns.append(fromUtf8(column));
            m_result.droppedColumns = static_cast<qint64>(summary.droppedColumns.size());
            if (summary.skippedRows > 0) {
                // The rows are imported by now: a report that cannot be written is said, not a failure.
                try {
                    const auto report = core::data::skippedRowsReportPath(project, file);
                    core::data::writeSkippedRowsReport(report, summary);
                    m_result.skippedReport = QString::fromStdString(report.string());
                } catch (const std::exception &) {
                    m_result.skippedReport.clear();
                }
            }
            m_outcome = Outcome::Finished;
        } catch (const core::data::ImportCancelled &) {
            m_outcome = Outcome::Cancelled;
        } catch (const std::exception &e) {
            m_message = QString::fromUtf8(e.what());
            m_outcome = Outcome::Failed;
        }
    });
    m_thread->setObjectName(QStringLiteral("glossa-import"));
    connect(m_thread, &QThread::finished, this, &ImportRunner::reportOutcome);
    m_thread->start();
    return true;
}

void ImportRunner::cancel()
{
    m_stop.request_stop();
}

void ImportRunner::reportOutcome()
{
    // The thread has emitted finished; wait() makes sure it is gone before it is deleted.
    m_thread->wait();
    delete m_thread;
    m_thread = nullptr;
    switch (m_outcome) {
    case Outcome::Finished: Q_EMIT finished(m_result); break;
    case Outcome::Cancelled: Q_EMIT cancelled(); break;
    case Outcome::Failed: Q_EMIT failed(m_message); break;
    }
}

} // namespace glossa::ui
