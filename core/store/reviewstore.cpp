#include "store/reviewstore.h"

#include "store/database.h"
#include "util/clock.h"

namespace glossa::core::store {

ReviewStore::ReviewStore(Database &db)
    : m_db(db)
{
}

std::vector<LabelErrorReview> ReviewStore::likelyLabelErrors(std::int64_t runId)
{
    auto query = m_db.prepare(R"sql(
SELECT c.example_id, e.text, e.lang, c.given_label, c.suggested_label, c.score, c.suggested_probability, l.name,
       d.example_id IS NOT NULL
FROM label_error_candidates c
JOIN examples e ON e.id = c.example_id
LEFT JOIN labels l ON l.id = e.label_id
LEFT JOIN label_error_dismissals d ON d.example_id = c.example_id AND d.suggested_label = c.suggested_label
WHERE c.run_id = ?1
ORDER BY c.score DESC, c.example_id)sql");
    query.bind(1, runId);
    std::vector<LabelErrorReview> result;
    while (query.step())
        result.push_back({query.int64(0), query.text(1), query.text(2), query.text(3), query.text(4), query.real(5),
                          query.real(6), query.optionalText(7), query.int64(8) != 0});
    return result;
}

void ReviewStore::dismiss(std::int64_t exampleId, std::string_view suggestedLabel)
{
    m_db.prepare("INSERT OR REPLACE INTO label_error_dismissals (example_id, suggested_label, dismissed_at) "
                 "VALUES (?1, ?2, ?3)")
        .bind(1, exampleId)
        .bind(2, suggestedLabel)
        .bind(3, nowMs())
        .run();
}

void ReviewStore::restore(std::int64_t exampleId, std::string_view suggestedLabel)
{
    m_db.prepare("DELETE FROM label_error_dismissals WHERE example_id = ?1 AND suggested_label = ?2")
        .bind(1, exampleId)
        .bind(2, suggestedLabel)
        .run();
}

std::vector<UncertainExample> ReviewStore::mostUncertainUnlabelled(std::int64_t runId, int limit)
{
    // The run's dataset only: predictions are per snapshot example, and an example deleted
    // since has taken its prediction with it.
    auto query = m_db.prepare(R"sql(
SELECT e.id, e.text, e.lang, l.name, p.confidence, coalesce(p.margin, p.confidence) AS m
FROM predictions p
JOIN examples e ON e.id = p.example_id
JOIN labels l ON l.id = p.label_id
WHERE p.run_id = ?1 AND e.label_id IS NULL
ORDER BY m, e.id
LIMIT ?2)sql");
    query.bind(1, runId).bind(2, limit);
    std::vector<UncertainExample> result;
    while (query.step())
        result.push_back({query.int64(0), query.text(1), query.text(2), query.text(3), query.real(4), query.real(5)});
    return result;
}

} // namespace glossa::core::store
