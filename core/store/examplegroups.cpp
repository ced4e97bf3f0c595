#include "store/examplegroups.h"

#include "store/database.h"

namespace glossa::core::store {

ExampleGroups::ExampleGroups(Database &db)
    : m_db(db)
{
}

std::vector<GroupMember> ExampleGroups::members(std::int64_t datasetId, std::string_view groupId)
{
    auto query = m_db.prepare(R"sql(
SELECT e.id, e.lang, e.text, coalesce(l.name, '')
FROM examples e LEFT JOIN labels l ON l.id = e.label_id
WHERE e.dataset_id = ?1 AND e.group_id = ?2
ORDER BY e.lang, e.id)sql");
    query.bind(1, datasetId).bind(2, groupId);
    std::vector<GroupMember> result;
    while (query.step())
        result.push_back({query.int64(0), query.text(1), query.text(2), query.text(3)});
    return result;
}

std::vector<std::string> ExampleGroups::groupIds(std::int64_t datasetId, int limit)
{
    auto query = m_db.prepare(R"sql(
SELECT group_id FROM examples WHERE dataset_id = ?1 AND group_id IS NOT NULL
GROUP BY group_id HAVING count(*) > 1 ORDER BY group_id LIMIT ?2)sql");
    query.bind(1, datasetId).bind(2, limit);
    std::vector<std::string> result;
    while (query.step())
        result.push_back(query.text(0));
    return result;
}

std::string ExampleGroups::randomGroup(std::int64_t datasetId)
{
    // A random example that has a group, tried a few times until its group has company: no
    // scan of all groups, however many there are.
    auto pick = m_db.prepare(R"sql(
SELECT group_id FROM examples
WHERE dataset_id = ?1 AND group_id IS NOT NULL
  AND id >= (SELECT min(id) + abs(random()) % (max(id) - min(id) + 1) FROM examples WHERE dataset_id = ?1)
ORDER BY id LIMIT 1)sql");
    auto size = m_db.prepare("SELECT count(*) FROM examples WHERE dataset_id = ?1 AND group_id = ?2");
    for (int attempt = 0; attempt < 20; ++attempt) {
        pick.bind(1, datasetId);
        if (!pick.step()) {
            pick.reset();
            continue;
        }
        auto group = pick.text(0); // not const: returned below, moved rather than copied
        pick.reset();
        size.bind(1, datasetId).bind(2, group);
        size.step();
        const auto count = size.int64(0);
        size.reset();
        if (count > 1)
            return group;
    }
    const auto any = groupIds(datasetId, 1);
    return any.empty() ? std::string() : any.front();
}

} // namespace glossa::core::store
