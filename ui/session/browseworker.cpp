#include "ui/session/browseworker.h"

#include "ui/session/qtcore.h"
#include "ui/session/workerthread.h"

#include "store/database.h"
#include "store/datasetstore.h"
#include "store/examplebrowser.h"
#include "store/examplegroups.h"
#include "store/examplemetadata.h"
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
    if (!filter.metadataColumn.isEmpty())
        out.metadata = core::store::MetadataFilter{filter.metadataColumn.toStdString(),
                                                   filter.metadataValue.trimmed().toStdString()};
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
    m_db.reset();
    m_db = std::make_unique<core::store::Database>(core::store::Project::connectTo(projectFile.toStdString()));
}

core::store::Database &BrowseWorker::database()
{
    if (!m_db)
        throw RequestFailed{tr("No project is open.")};
    return *m_db;
}

BrowseQueryResult BrowseWorker::runQuery(qint64 datasetId, const BrowseFilter &filter, const BrowseSort &sort,
                                         std::stop_token stop)
{
    BrowseQueryResult result;
    if (stop.stop_requested())
        return result;
    core::store::ExampleBrowser browser(database());
    auto ids =
        browser.matchingIds(datasetId, toCore(filter), {toCore(sort.column), sort.order == Qt::DescendingOrder}, stop);
    if (stop.stop_requested())
        return result;
    result.ids = std::make_shared<const std::vector<std::int64_t>>(std::move(ids));
    result.datasetSize = core::store::DatasetStore(*m_db).exampleCount(datasetId);
    return result;
}

QList<ExampleRowData> BrowseWorker::fetchRows(const std::vector<std::int64_t> &ids, qint64 runId)
{
    core::store::ExampleBrowser browser(database());
    const auto rows = browser.rows(ids, runId >= 0 ? std::optional<std::int64_t>(runId) : std::nullopt);
    QList<ExampleRowData> out;
    out.reserve(static_cast<qsizetype>(rows.size()));
    for (const auto &row : rows)
        out.append(fromCore(row));
    return out;
}

ExampleDetail BrowseWorker::fetchDetail(qint64 exampleId, qint64 runId)
{
    core::store::ExampleBrowser browser(database());
    const auto rows = browser.rows({exampleId}, runId >= 0 ? std::optional<std::int64_t>(runId) : std::nullopt);
    const auto example = core::store::DatasetStore(*m_db).example(exampleId);
    if (rows.empty() || !example)
        throw RequestFailed{tr("Example %1 is no longer in the project.").arg(exampleId)};
    ExampleDetail detail;
    detail.row = fromCore(rows.front());
    detail.row.text = fromUtf8(example->text);
    detail.row.textTruncated = false;
    for (const auto &[column, value] : core::store::metadataFromJson(example->metadata))
        detail.metadata.append({fromUtf8(column), fromUtf8(value)});
    for (const auto &entry : core::store::LabelJournal(*m_db).history(exampleId)) {
        detail.history.append({entry.at, entry.source, fromUtf8(entry.action),
                               entry.oldLabel ? fromUtf8(*entry.oldLabel) : QString(),
                               entry.newLabel ? fromUtf8(*entry.newLabel) : QString(), fromUtf8(entry.description)});
    }
    return detail;
}

QStringList BrowseWorker::fetchLanguages(qint64 datasetId)
{
    QStringList languages;
    for (const auto &lang : core::store::ExampleBrowser(database()).languages(datasetId))
        languages.append(fromUtf8(lang));
    return languages;
}

ExampleGroup BrowseWorker::fetchGroup(qint64 datasetId, const QString &groupId)
{
    core::store::ExampleGroups groups(database());
    const auto id = groupId.isEmpty() ? groups.randomGroup(datasetId) : groupId.toStdString();
    ExampleGroup group;
    group.groupId = fromUtf8(id);
    for (const auto &member : groups.members(datasetId, id))
        group.members.append({member.exampleId, fromUtf8(member.lang), fromUtf8(member.text), fromUtf8(member.label)});
    return group;
}

QStringList BrowseWorker::fetchGroupIds(qint64 datasetId)
{
    constexpr int completionLimit = 50000;
    QStringList ids;
    for (const auto &id : core::store::ExampleGroups(database()).groupIds(datasetId, completionLimit))
        ids.append(fromUtf8(id));
    return ids;
}

core::data::ResplitPlan BrowseWorker::planResplit(qint64 datasetId, const core::data::ResplitOptions &options)
{
    return core::data::planResplit(database(), datasetId, options);
}

} // namespace glossa::ui
