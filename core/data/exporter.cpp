#include "data/exporter.h"

#include "data/delimitedwriter.h"

#include "store/database.h"
#include "store/datasetstore.h"
#include "store/examplemetadata.h"
#include "util/atomicfile.h"
#include "util/error.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <optional>
#include <unordered_map>
#include <unordered_set>

namespace glossa::core::data {
namespace {

constexpr std::array<const char *, 7> glossaColumns = {"id", "text", "label", "lang", "lang_guessed", "split", "group"};

// The dataset's metadata columns as an export names them, and each example's values in that
// order. A column named like one of Glossa's ("label", when the file's labels came from
// another column) is written as pandas names a repeated column, "label.1" (or the next number
// the file does not use), so the file still reads back.
class MetadataColumns
{
public:
    MetadataColumns(store::DatasetStore &store, std::int64_t datasetId)
        : m_columns(store.metadataColumns(datasetId))
    {
        const std::unordered_set<std::string> glossas(glossaColumns.begin(), glossaColumns.end());
        std::unordered_set<std::string> taken(glossaColumns.begin(), glossaColumns.end());
        taken.insert(m_columns.begin(), m_columns.end());
        for (size_t k = 0; k < m_columns.size(); ++k) {
            m_position.emplace(m_columns[k], k);
            auto name = m_columns[k];
            for (int n = 1; glossas.contains(m_columns[k]) && taken.contains(name); ++n)
                name = m_columns[k] + "." + std::to_string(n);
            taken.insert(name);
            m_names.push_back(std::move(name));
        }
        m_values.resize(m_columns.size());
    }

    const std::vector<std::string> &names() const { return m_names; }

    // The example's value for each column ("" where it had none), valid until the next call.
    const std::vector<std::string> &valuesOf(const store::Example &example)
    {
        std::fill(m_values.begin(), m_values.end(), std::string());
        if (example.metadata.empty() || m_columns.empty())
            return m_values;
        for (auto &[column, value] : store::metadataFromJson(example.metadata))
            if (const auto at = m_position.find(column); at != m_position.end())
                m_values[at->second] = std::move(value);
        return m_values;
    }

private:
    std::vector<std::string> m_columns;
    std::vector<std::string> m_names;
    std::unordered_map<std::string, size_t> m_position;
    std::vector<std::string> m_values;
};

void writeDelimited(std::ostream &out, char delimiter, store::DatasetStore &store, std::int64_t datasetId,
                    std::int64_t &rows)
{
    MetadataColumns metadata(store, datasetId);
    DelimitedWriter writer(out, delimiter);
    for (const char *name : glossaColumns)
        writer.field(name, metadata.names().empty() && std::string_view(name) == "group");
    for (size_t k = 0; k < metadata.names().size(); ++k)
        writer.field(metadata.names()[k], k + 1 == metadata.names().size());
    store.forEachExample(datasetId, [&](const store::Example &example) {
        const auto &values = metadata.valuesOf(example);
        writer.field(example.externalId);
        writer.field(example.text);
        writer.field(example.label.value_or(""));
        writer.field(example.lang);
        writer.field(example.langGuessed ? "true" : "");
        writer.field(example.split);
        writer.field(example.groupId.value_or(""), values.empty());
        for (size_t k = 0; k < values.size(); ++k)
            writer.field(values[k], k + 1 == values.size());
        ++rows;
    });
}

void writeJsonl(std::ostream &out, store::DatasetStore &store, std::int64_t datasetId, std::int64_t &rows)
{
    MetadataColumns metadata(store, datasetId);
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
        const auto &values = metadata.valuesOf(example);
        for (size_t k = 0; k < values.size(); ++k)
            if (!values[k].empty())
                object[metadata.names()[k]] = values[k];
        out << object.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << '\n';
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

std::string predictionNumber(double value)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.6f", value);
    return text;
}

} // namespace

Format exportFormatFor(const std::filesystem::path &file)
{
    std::string extension = file.extension().string();
    std::transform(extension.begin(), extension.end(), extension.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (extension == ".csv")
        return Format::Csv;
    if (extension == ".tsv")
        return Format::Tsv;
    if (extension == ".jsonl" || extension == ".ndjson")
        return Format::Jsonl;
    const std::string name = file.filename().string();
    const std::string use = "use .csv, .tsv or .jsonl";
    if (extension.empty())
        throw Error(name + ": no extension to tell the format: " + use);
    if (extension == ".json")
        throw Error(name + ": unknown extension .json: " + use
                    + " (an export is JSON Lines, one object a line, which a .json reader would not take)");
    throw Error(name + ": unknown extension " + file.extension().string() + ": " + use);
}

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
    const auto format = exportFormatFor(file);
    if (db.queryInt("SELECT count(*) FROM runs WHERE id = " + std::to_string(runId)) == 0)
        throw Error("no run with id " + std::to_string(runId));
    if (db.queryInt("SELECT count(*) FROM predictions WHERE run_id = " + std::to_string(runId)) == 0)
        throw Error("run " + std::to_string(runId)
                    + " has no stored predictions: they are stored when a run finishes or stops; nothing was written");
    return writeWhole(db, file, [&](std::ostream &out) {
        std::optional<DelimitedWriter> writer;
        if (format != Format::Jsonl) {
            writer.emplace(out, format == Format::Tsv ? '\t' : ',');
            for (const char *name : {"id", "text", "lang", "split", "label", "predicted", "confidence", "margin"})
                writer->field(name);
            writer->field("correct", true);
        }
        auto query = db.prepare(R"sql(
SELECT e.external_id, e.text, e.lang, e.split, l.name, pl.name, p.confidence, p.margin
FROM predictions p
JOIN examples e ON e.id = p.example_id
JOIN labels pl ON pl.id = p.label_id
LEFT JOIN labels l ON l.id = e.label_id
WHERE p.run_id = ?1
ORDER BY e.id)sql");
        query.bind(1, runId);
        std::int64_t rows = 0;
        while (query.step()) {
            const bool labelled = !query.isNull(4);
            const auto label = labelled ? query.text(4) : std::string();
            const auto predicted = query.text(5);
            const bool hasMargin = !query.isNull(7);
            if (format == Format::Jsonl) {
                nlohmann::ordered_json object;
                object["id"] = query.text(0);
                object["text"] = query.text(1);
                object["lang"] = query.text(2);
                object["split"] = query.text(3);
                object["label"] = labelled ? nlohmann::ordered_json(label) : nlohmann::ordered_json();
                object["predicted"] = predicted;
                object["confidence"] = query.real(6);
                object["margin"] = hasMargin ? nlohmann::ordered_json(query.real(7)) : nlohmann::ordered_json();
                object["correct"] = labelled ? nlohmann::ordered_json(label == predicted) : nlohmann::ordered_json();
                out << object.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::strict) << '\n';
            } else {
                writer->field(query.text(0));
                writer->field(query.text(1));
                writer->field(query.text(2));
                writer->field(query.text(3));
                writer->field(label);
                writer->field(predicted);
                writer->field(predictionNumber(query.real(6)));
                writer->field(hasMargin ? predictionNumber(query.real(7)) : std::string());
                writer->field(labelled ? (label == predicted ? "true" : "false") : "", true);
            }
            ++rows;
        }
        return rows;
    });
}

} // namespace glossa::core::data
