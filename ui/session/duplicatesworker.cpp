#include "ui/session/duplicatesworker.h"

#include "ui/session/qtcore.h"
#include "ui/session/workerthread.h"

#include "data/duplicates.h"
#include "data/snapshot.h"
#include "store/database.h"
#include "store/datasetstore.h"
#include "store/project.h"

#include <unordered_map>

namespace glossa::ui {

namespace {

DuplicateKindItem fromCore(core::data::DuplicateKind kind)
{
    switch (kind) {
    case core::data::DuplicateKind::Conflict: return DuplicateKindItem::Conflict;
    case core::data::DuplicateKind::CrossSplit: return DuplicateKindItem::CrossSplit;
    case core::data::DuplicateKind::WithinSplit: break;
    }
    return DuplicateKindItem::WithinSplit;
}

QString splitName(core::data::Split split)
{
    switch (split) {
    case core::data::Split::Dev: return QStringLiteral("dev");
    case core::data::Split::Test: return QStringLiteral("test");
    case core::data::Split::Train: break;
    }
    return QStringLiteral("train");
}

SplitLeakageItem fromCore(const core::data::SplitLeakage &leakage)
{
    return {leakage.rows, leakage.exact, leakage.near};
}

} // namespace

DuplicatesWorker::DuplicatesWorker() = default;
DuplicatesWorker::~DuplicatesWorker() = default;

void DuplicatesWorker::connectTo(const QString &projectFile)
{
    m_db.reset();
    m_db = std::make_unique<core::store::Database>(core::store::Project::connectTo(projectFile.toStdString()));
}

core::store::Database &DuplicatesWorker::database()
{
    if (!m_db)
        throw RequestFailed{tr("No project is open.")};
    return *m_db;
}

DuplicateReview DuplicatesWorker::find(const QString &datasetName, double nearThreshold, std::stop_token stop)
{
    DuplicateReview review;
    review.nearThreshold = nearThreshold;
    if (stop.stop_requested()) {
        review.stopped = true;
        return review;
    }
    auto &db = database();
    const auto snapshot = core::data::takeSnapshot(db, toUtf8(datasetName));
    core::data::DuplicateOptions options;
    options.nearThreshold = nearThreshold;
    const auto report = core::data::findDuplicates(snapshot, options, stop);
    review.datasetId = snapshot.datasetId;
    review.stopped = report.stopped;
    if (report.stopped)
        return review;
    // The snapshot's label indexes, as the label ids the session edits with.
    std::unordered_map<std::string, qint64> labelIds;
    for (const auto &label : core::store::DatasetStore(db).activeLabels(snapshot.datasetId))
        labelIds.emplace(label.name, label.id);
    std::unordered_map<std::int64_t, const core::data::SnapshotExample *> byId;
    for (const auto &example : snapshot.examples)
        byId.emplace(example.id, &example);

    review.examples = report.examples;
    review.seconds = report.seconds;
    review.dev = fromCore(report.dev);
    review.test = fromCore(report.test);
    review.clusters.reserve(static_cast<qsizetype>(report.clusters.size()));
    // The dataset's own ids ("T-1042"), which the analyst can look up; only members need them.
    auto externalId = db.prepare("SELECT external_id FROM examples WHERE id = ?1");
    for (const auto &cluster : report.clusters) {
        DuplicateClusterItem item;
        item.kind = fromCore(cluster.kind);
        item.near = cluster.near;
        item.crossesSplits = cluster.crossesSplits;
        for (const auto &member : cluster.members) {
            const auto &example = *byId.at(member.id);
            DuplicateMemberItem out;
            out.exampleId = member.id;
            externalId.reset();
            externalId.bind(1, member.id);
            out.externalId = externalId.step() ? fromUtf8(externalId.text(0)) : QString::number(member.id);
            out.text = fromUtf8(example.text);
            out.lang = fromUtf8(example.lang);
            out.split = splitName(member.split);
            if (member.label >= 0) {
                const auto &name = snapshot.labels.at(static_cast<size_t>(member.label));
                out.label = fromUtf8(name);
                out.labelId = labelIds.at(name);
            }
            out.exactGroup = member.exactGroup;
            out.similarity = member.similarity;
            item.members.append(out);
        }
        review.clusters.append(item);
    }
    return review;
}

} // namespace glossa::ui
