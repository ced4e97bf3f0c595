#include "store/typedexample.h"

#include "store/database.h"
#include "store/labeljournal.h"
#include "util/clock.h"
#include "util/error.h"

#include <string>

namespace glossa::core::store {

std::int64_t addTypedExample(Database &db, std::int64_t datasetId, std::string_view text, std::string_view lang,
                             std::int64_t labelId, std::string_view split, std::string_view description)
{
    if (text.find_first_not_of(" \t\r\n") == std::string_view::npos)
        throw Error("an example needs a text; the one given is empty");
    Transaction transaction(db);
    const auto id = db.queryInt("SELECT coalesce(max(id), 0) + 1 FROM examples");
    const auto now = nowMs();
    const auto externalId = "typed-" + std::to_string(id);
    db.prepare(R"sql(
INSERT INTO examples (id, dataset_id, external_id, text, lang, split, created_at, updated_at)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7))sql")
        .bind(1, id)
        .bind(2, datasetId)
        .bind(3, externalId)
        .bind(4, text)
        .bind(5, lang)
        .bind(6, split)
        .bind(7, now)
        .run();
    LabelJournal(db).setLabel(datasetId, {id}, labelId, EditSource::User, description);
    transaction.commit();
    return id;
}

} // namespace glossa::core::store
