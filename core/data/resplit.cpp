#include "data/resplit.h"

#include "data/groupsplitter.h"
#include "store/database.h"
#include "util/clock.h"
#include "util/error.h"

#include <set>
#include <unordered_map>

namespace glossa::core::data {
namespace {

struct Row
{
    std::int64_t id = 0;
    std::string group;
    std::string label;
    std::string lang;
    std::uint8_t split = 0;
    bool seeded = false;
};

std::uint8_t splitIndex(std::string_view split)
{
    return split == "dev" ? 1 : split == "test" ? 2 : 0;
}

constexpr std::array<std::string_view, 3> splitNames = {"train", "dev", "test"};

std::vector<Row> readRows(store::Database &db, std::int64_t datasetId)
{
    auto query = db.prepare(R"sql(
SELECT e.id, coalesce(e.group_id, ''), coalesce(l.name, ''), e.lang, e.split, e.split_seeded
FROM examples e LEFT JOIN labels l ON l.id = e.label_id
WHERE e.dataset_id = ?1 ORDER BY e.id)sql");
    query.bind(1, datasetId);
    std::vector<Row> rows;
    while (query.step())
        rows.push_back({query.int64(0), query.text(1), query.text(2), query.text(3), splitIndex(query.text(4)),
                        query.int64(5) != 0});
    return rows;
}

template <typename SplitOf> SplitCounts countSplits(const std::vector<Row> &rows, SplitOf splitOf)
{
    SplitCounts counts;
    std::unordered_map<std::string_view, std::uint8_t> groupSplits; // bit per split seen
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const auto split = splitOf(i);
        ++counts.total[split];
        ++counts.perLanguage[rows[i].lang][split];
        ++counts.perLabel[rows[i].label][split];
        if (!rows[i].group.empty())
            groupSplits[rows[i].group] |= static_cast<std::uint8_t>(1u << split);
    }
    for (const auto &[group, seen] : groupSplits)
        counts.groupsAcrossSplits += (seen & (seen - 1)) != 0 ? 1 : 0;
    return counts;
}

struct Computed
{
    ResplitPlan plan;
    std::vector<Row> rows;
    std::vector<std::uint8_t> splits;
};

Computed compute(store::Database &db, std::int64_t datasetId, const ResplitOptions &options)
{
    Computed result;
    result.rows = readRows(db, datasetId);
    GroupSplitter splitter(options.seed, options.ratios);
    result.splits.reserve(result.rows.size());
    for (const auto &row : result.rows)
        result.splits.push_back(splitIndex(
            splitter.assign(options.byGroup ? std::string_view(row.group) : std::string_view(), row.label, row.lang)));
    auto &plan = result.plan;
    plan.options = options;
    plan.rows = static_cast<std::int64_t>(result.rows.size());
    plan.before = countSplits(result.rows, [&](std::size_t i) { return result.rows[i].split; });
    plan.after = countSplits(result.rows, [&](std::size_t i) { return result.splits[i]; });
    for (std::size_t i = 0; i < result.rows.size(); ++i)
        plan.changed += result.rows[i].split != result.splits[i] ? 1 : 0;
    return result;
}

} // namespace

ResplitPlan planResplit(store::Database &db, std::int64_t datasetId, const ResplitOptions &options)
{
    store::Transaction read(db, store::Transaction::Kind::Read);
    return compute(db, datasetId, options).plan;
}

ResplitPlan applyResplit(store::Database &db, std::int64_t datasetId, const ResplitOptions &options)
{
    store::Transaction transaction(db);
    auto computed = compute(db, datasetId, options);
    const auto ratios = options.ratios.toString();
    auto record = db.prepare(R"sql(
INSERT INTO resplits (dataset_id, seed, ratios, by_group, changed_rows, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6))sql");
    record.bind(1, datasetId)
        .bind(2, static_cast<std::int64_t>(options.seed))
        .bind(3, ratios)
        .bind(4, options.byGroup ? 1 : 0)
        .bind(5, computed.plan.changed)
        .bind(6, nowMs())
        .run();
    const auto resplitId = db.lastInsertId();
    auto remember =
        db.prepare("INSERT INTO resplit_rows (resplit_id, example_id, old_split, old_seeded) VALUES (?1, ?2, ?3, ?4)");
    auto update = db.prepare("UPDATE examples SET split = ?1, split_seeded = 1 WHERE id = ?2");
    for (std::size_t i = 0; i < computed.rows.size(); ++i) {
        const auto &row = computed.rows[i];
        const auto split = computed.splits[i];
        if (row.split == split && row.seeded)
            continue;
        remember.bind(1, resplitId).bind(2, row.id).bind(3, splitNames[row.split]).bind(4, row.seeded ? 1 : 0).run();
        update.bind(1, splitNames[split]).bind(2, row.id).run();
    }
    transaction.commit();
    return std::move(computed.plan);
}

std::vector<ResplitRecord> undoableResplits(store::Database &db, std::int64_t datasetId)
{
    auto query = db.prepare(R"sql(
SELECT id, seed, ratios, by_group, changed_rows, created_at FROM resplits
WHERE dataset_id = ?1 AND undone_at IS NULL ORDER BY id DESC)sql");
    query.bind(1, datasetId);
    std::vector<ResplitRecord> records;
    while (query.step()) {
        ResplitRecord record;
        record.id = query.int64(0);
        record.datasetId = datasetId;
        record.options.seed = static_cast<std::uint64_t>(query.int64(1));
        record.options.ratios = SplitRatios::parse(query.text(2)).value_or(SplitRatios{});
        record.options.byGroup = query.int64(3) != 0;
        record.changedRows = query.int64(4);
        record.createdAt = query.int64(5);
        records.push_back(record);
    }
    return records;
}

std::optional<ResplitRecord> undoResplit(store::Database &db, std::int64_t datasetId)
{
    store::Transaction transaction(db);
    const auto undoable = undoableResplits(db, datasetId);
    if (undoable.empty())
        return std::nullopt;
    const auto &latest = undoable.front();
    db.prepare(R"sql(
UPDATE examples SET split = r.old_split, split_seeded = r.old_seeded
FROM resplit_rows r WHERE r.resplit_id = ?1 AND examples.id = r.example_id)sql")
        .bind(1, latest.id)
        .run();
    db.prepare("UPDATE resplits SET undone_at = ?1 WHERE id = ?2").bind(1, nowMs()).bind(2, latest.id).run();
    transaction.commit();
    return latest;
}

} // namespace glossa::core::data
