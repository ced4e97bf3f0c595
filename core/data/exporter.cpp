#include "data/exporter.h"

#include "data/delimitedwriter.h"

#include "store/database.h"
#include "store/datasetstore.h"
#include "util/atomicfile.h"
#include "util/error.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstring>
#include <fstream>

namespace glossa::core::data {
namespace {

void writeDelimited(std::ostream &out, char delimiter, store::DatasetStore &store, std::int64_t datasetId,
                    std::int64_t &rows)
{
    DelimitedWriter writer(out, delimiter);
    for (const char *name : {"id", "text", "label", "lang", "lang_guessed", "split"})
        writer.field(name);
    writer.field("group", true);
    store.forEachExample(datasetId, [&](const store::Example &example) {
        writer.field(example.externalId);
        writer.field(example.text);
        writer.field(example.label.value_or(""));
        writer.field(example.lang);
        writer.field(example.langGuessed ? "true" : "");
        writer.field(example.split);
        writer.field(example.groupId.value_or(""), true);
        ++rows;
    });
}

void writeJsonl(std::ostream &out, store::DatasetStore &store, std::int64_t datasetId, std::int64_t &rows)
{
    store.forEachExample(datasetId, [&](const store::Example &example) {
        nlohmann::ordered_json object;
        object["id"] = example.externalId;
        object["text"] = example.text;
        if (example.label)
            object["label"] = *example.label;
        object["lang"] = example.lang;
        if (example.langGuessed)
            object["lang_guessed"] = true;
        object["split"] = example.split;
        if (example.groupId)
            object["group"] = *example.groupId;
        out << object.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::strict) << '\n';
        ++rows;
    });
}

// Runs write(out) inside a read transaction (a consistent picture even while labels change)
// into a temporary file beside the target, which replaces the target only when all went well.
template <typename Write> std::int64_t writeWhole(store::Database &db, const std::filesystem::path &file, Write &&write)
{
    AtomicFile out(file);
    store::Transaction read(db, store::Transaction::Kind::Read);
    const std::int64_t rows = write(out.stream());
    read.commit();
    out.commit();
    return rows;
}

} // namespace

std::int64_t exportDataset(store::Database &db, std::string_view datasetName, const std::filesystem::path &file,
                           Format format)
{
    store::DatasetStore store(db);
    const auto dataset = store.dataset(datasetName);
    return writeWhole(db, file, [&](std::ostream &out) {
        std::int64_t rows = 0;
        if (format == Format::Jsonl)
            writeJsonl(out, store, dataset.id, rows);
        else
            writeDelimited(out, format == Format::Tsv ? '\t' : ',', store, dataset.id, rows);
        return rows;
    });
}

std::int64_t exportRunPredictions(store::Database &db, std::int64_t runId, const std::filesystem::path &file)
{
    if (db.queryInt("SELECT count(*) FROM runs WHERE id = " + std::to_string(runId)) == 0)
        throw Error("no run with id " + std::to_string(runId));
    return writeWhole(db, file, [&](std::ostream &out) {
        DelimitedWriter writer(out, ',');
        for (const char *name : {"id", "text", "lang", "split", "label", "predicted", "confidence"})
            writer.field(name);
        writer.field("correct", true);
        auto query = db.prepare(R"sql(
SELECT e.external_id, e.text, e.lang, e.split, l.name, pl.name, p.confidence
FROM predictions p
JOIN examples e ON e.id = p.example_id
JOIN labels pl ON pl.id = p.label_id
LEFT JOIN labels l ON l.id = e.label_id
WHERE p.run_id = ?1
ORDER BY e.id)sql");
        query.bind(1, runId);
        std::int64_t rows = 0;
        char confidence[32];
        while (query.step()) {
            writer.field(query.text(0));
            writer.field(query.text(1));
            writer.field(query.text(2));
            writer.field(query.text(3));
            const bool labelled = !query.isNull(4);
            const auto label = labelled ? query.text(4) : std::string();
            const auto predicted = query.text(5);
            writer.field(label);
            writer.field(predicted);
            std::snprintf(confidence, sizeof confidence, "%.6f", query.real(6));
            writer.field(confidence);
            writer.field(labelled ? (label == predicted ? "true" : "false") : "", true);
            ++rows;
        }
        return rows;
    });
}

} // namespace glossa::core::data
