#include "ui/session/browseworker.h"

#include "ui/session/qtcore.h"

#include "store/database.h"
#include "store/datasetstore.h"
#include "store/examplebrowser.h"
#include "store/examplegroups.h"
#include "store/labeljournal.h"
#include "store/project.h"

#include <QDateTime>

namespace glossa::ui {

namespace {

core::store::ExampleColumn toCore(BrowseColumn column)
{
    using core::store::ExampleColumn;
    switch (column) {
    case BrowseColumn::Id: return ExampleColumn::Id;
    case BrowseColumn::Lang: return ExampleColumn::Lang;
    case BrowseColumn::Text: return ExampleColumn::Text;
    case BrowseColumn::Label: return ExampleColumn::Label;
    case BrowseColumn::Split: return ExampleColumn::Split;
    case BrowseColumn::Group: return ExampleColumn::Group;
    case BrowseColumn::Predicted:
    case BrowseColumn::Correct: // right or wrong sorts with the predicted label
        return ExampleColumn::Predicted;
    case BrowseColumn::Confidence: return ExampleColumn::Confidence;
    case BrowseColumn::Rank: return ExampleColumn::Rank;
    }
    return ExampleColumn::Id;
}

core::store::ExampleFilter toCore(const BrowseFilter &filter)
{
    core::store::ExampleFilter out;
    out.search = filter.search.trimmed().toStdString();
    if (!filter.lang.isEmpty())
        out.lang = filter.lang.toStdString();
    if (filter.labelId >= 0)
        out.labelId = filter.labelId;
    if (!filter.split.isEmpty())
        out.split = filter.split.toStdString();
    out.unlabelledOnly = filter.unlabelledOnly;
    out.editedOnly = filter.editedOnly;
    if (filter.runId >= 0) {
        out.runId = filter.runId;
        out.disagreementsOnly = filter.disagreementsOnly;
        if (filter.lowConfidenceOnly)
            out.maxConfidence = lowConfidenceThreshold;
        if (filter.predictedLabelId >= 0)
            out.predictedLabelId = filter.predictedLabelId;
        switch (filter.review) {
        case BrowseReview::None: break;
        case BrowseReview::LikelyLabelErrors: out.review = core::store::ReviewQueue::LikelyLabelErrors; break;
        case BrowseReview::MostUncertain: out.review = core::store::ReviewQueue::MostUncertain; break;
        }
    }
    return out;
}

ExampleRowData fromCore(const core::store::ExampleRow &row)
{
    ExampleRowData out;
    out.id = row.id;
    out.externalId = fromUtf8(row.externalId);
    out.lang = fromUtf8(row.lang);
    out.langGuessed = row.langGuessed;
    out.text = fromUtf8(row.text);
    out.textTruncated = row.textTruncated;
    out.labelId = row.labelId.value_or(-1);
    out.label = row.label ? fromUtf8(*row.label) : QString();
    out.split = fromUtf8(row.split);
    out.group = row.group ? fromUtf8(*row.group) : QString();
    out.edited = row.edited;
    out.predictedLabelId = row.predictedLabelId.value_or(-1);
    out.predictedLabel = row.predictedLabel ? fromUtf8(*row.predictedLabel) : QString();
    out.confidence = row.confidence.value_or(-1);
    return out;
}

} // namespace

BrowseWorker::BrowseWorker() = default;
BrowseWorker::~BrowseWorker() = default;

void BrowseWorker::connectTo(const QString &projectFile)
{
    try {
        m_db = std::make_unique<core::store::Database>(core::store::Project::connectTo(projectFile.toStdString()));
    } catch (const std::exception &e) {
        m_db.reset();
        Q_EMIT queryFailed(0, fromUtf8(e.what()));
    }
}

void BrowseWorker::disconnectFromProject()
{
    m_db.reset();
}

void BrowseWorker::runQuery(quint64 generation, qint64 datasetId, const BrowseFilter &filter, const BrowseSort &sort,
                            std::stop_token stop)
{
    if (!m_db || stop.stop_requested())
        return;
    try {
        core::store::ExampleBrowser browser(*m_db);
        auto ids = browser.matchingIds(datasetId, toCore(filter),
                                       {toCore(sort.column), sort.order == Qt::DescendingOrder}, stop);
        if (stop.stop_requested())
            return;
        const qint64 datasetSize = core::store::DatasetStore(*m_db).exampleCount(datasetId);
        Q_EMIT queryReady(generation, std::make_shared<const std::vector<std::int64_t>>(std::move(ids)), datasetSize);
    } catch (const std::exception &e) {
        Q_EMIT queryFailed(generation, fromUtf8(e.what()));
    }
}

void BrowseWorker::fetchRows(quint64 generation, int firstRow, const std::vector<std::int64_t> &ids, qint64 runId)
{
    if (!m_db)
        return;
    try {
        core::store::ExampleBrowser browser(*m_db);
        const auto rows = browser.rows(ids, runId >= 0 ? std::optional<std::int64_t>(runId) : std::nullopt);
        QList<ExampleRowData> out;
        out.reserve(static_cast<qsizetype>(rows.size()));
        for (const auto &row : rows)
            out.append(fromCore(row));
        Q_EMIT rowsReady(generation, firstRow, out);
    } catch (const std::exception &e) {
        Q_EMIT queryFailed(generation, fromUtf8(e.what()));
    }
}

void BrowseWorker::fetchDetail(qint64 exampleId, qint64 runId)
{
    if (!m_db)
        return;
    try {
        core::store::ExampleBrowser browser(*m_db);
        const auto rows = browser.rows({exampleId}, runId >= 0 ? std::optional<std::int64_t>(runId) : std::nullopt);
        const auto example = core::store::DatasetStore(*m_db).example(exampleId);
        if (rows.empty() || !example)
            return;
        ExampleDetail detail;
        detail.row = fromCore(rows.front());
        detail.row.text = fromUtf8(example->text);
        detail.row.textTruncated = false;
        for (const auto &entry : core::store::LabelJournal(*m_db).history(exampleId)) {
            detail.history.append({entry.at, fromUtf8(entry.source), fromUtf8(entry.action),
                                   entry.oldLabel ? fromUtf8(*entry.oldLabel) : QString(),
                                   entry.newLabel ? fromUtf8(*entry.newLabel) : QString(),
                                   fromUtf8(entry.description)});
        }
        Q_EMIT detailReady(detail);
    } catch (const std::exception &e) {
        Q_EMIT queryFailed(0, fromUtf8(e.what()));
    }
}

void BrowseWorker::fetchLanguages(qint64 datasetId)
{
    if (!m_db)
        return;
    try {
        QStringList languages;
        for (const auto &lang : core::store::ExampleBrowser(*m_db).languages(datasetId))
            languages.append(fromUtf8(lang));
        Q_EMIT languagesReady(datasetId, languages);
    } catch (const std::exception &e) {
        Q_EMIT queryFailed(0, fromUtf8(e.what()));
    }
}

void BrowseWorker::fetchGroup(qint64 datasetId, const QString &groupId)
{
    if (!m_db)
        return;
    try {
        core::store::ExampleGroups groups(*m_db);
        const auto id = groupId.isEmpty() ? groups.randomGroup(datasetId) : groupId.toStdString();
        QList<GroupMemberData> members;
        for (const auto &member : groups.members(datasetId, id))
            members.append({member.exampleId, fromUtf8(member.lang), fromUtf8(member.text), fromUtf8(member.label)});
        Q_EMIT groupReady(datasetId, fromUtf8(id), members);
    } catch (const std::exception &e) {
        Q_EMIT queryFailed(0, fromUtf8(e.what()));
    }
}

void BrowseWorker::fetchGroupIds(qint64 datasetId)
{
    if (!m_db)
        return;
    constexpr int completionLimit = 50000;
    try {
        QStringList ids;
        for (const auto &id : core::store::ExampleGroups(*m_db).groupIds(datasetId, completionLimit))
            ids.append(fromUtf8(id));
        Q_EMIT groupIdsReady(datasetId, ids);
    } catch (const std::exception &e) {
        Q_EMIT queryFailed(0, fromUtf8(e.what()));
    }
}

} // namespace glossa::ui
