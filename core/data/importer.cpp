#include "data/importer.h"

#include "data/delimitedwriter.h"
#include "data/groupsplitter.h"
#include "data/importerror.h"
#include "data/utf8.h"
#include "store/database.h"
#include "store/datasetstore.h"
#include "store/examplemetadata.h"
#include "store/labeljournal.h"
#include "text/languageguesser.h"
#include "util/atomicfile.h"
#include "util/clock.h"
#include "util/names.h"

#include <chrono>
#include <ctime>
#include <sstream>
#include <unordered_map>

namespace glossa::core::data {
namespace {

constexpr std::int64_t progressInterval = 8192;
constexpr size_t maxLabelBytes = 100;

struct StringHash
{
    using is_transparent = void;
    size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
};
using LabelIds = std::unordered_map<std::string, std::int64_t, StringHash, std::equal_to<>>;

bool isLanguageCode(std::string_view code)
{
    // BCP 47 shape: a 2-3 letter primary subtag, then alphanumeric subtags of 1-8.
    size_t i = 0;
    size_t part = 0;
    while (i <= code.size()) {
        const auto end = std::min(code.find('-', i), code.size());
        const auto subtag = code.substr(i, end - i);
        if (part == 0) {
            if (subtag.size() < 2 || subtag.size() > 3)
                return false;
            for (char c : subtag)
                if (c < 'a' || c > 'z')
                    return false;
        } else {
            if (subtag.empty() || subtag.size() > 8)
                return false;
            for (char c : subtag)
                if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')))
                    return false;
        }
        ++part;
        i = end + 1;
    }
    return true;
}

std::optional<std::string_view> normalizeSplit(std::string_view value)
{
    std::string lower(value);
    for (auto &c : lower)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower == "train" || lower == "training")
        return "train";
    if (lower == "dev" || lower == "valid" || lower == "validation" || lower == "val" || lower == "development")
        return "dev";
    if (lower == "test" || lower == "testing")
        return "test";
    return std::nullopt;
}

// At most `bytes` bytes of UTF-8 text, cut between characters: a file name stays under the
// file system's 255 bytes whatever the names it is made of.
std::string shortened(std::string text, size_t bytes)
{
    if (text.size() <= bytes)
        return text;
    size_t cut = bytes;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
        --cut;
    text.resize(cut);
    return text;
}

std::optional<bool> parseFlag(std::string_view value)
{
    if (value.empty() || value == "0" || value == "false" || value == "no")
        return false;
    if (value == "1" || value == "true" || value == "yes")
        return true;
    return std::nullopt;
}

class ForeignKeysOff
{
public:
    explicit ForeignKeysOff(store::Database &db)
        : m_db(db)
    {
        m_db.exec("PRAGMA foreign_keys = OFF");
    }
    ~ForeignKeysOff()
    {
        try {
            m_db.exec("PRAGMA foreign_keys = ON");
        } catch (...) {
            // Only fails inside an open transaction, which the importer never leaves behind.
        }
    }
    ForeignKeysOff(const ForeignKeysOff &) = delete;
    ForeignKeysOff &operator=(const ForeignKeysOff &) = delete;

private:
    store::Database &m_db;
};

// Everything one import run needs while it walks the rows.
class ImportRun
{
public:
    ImportRun(store::Database &db, const std::filesystem::path &file, const RecordSource &source,
              const ImportOptions &options)
        : m_db(db)
        , m_source(source)
        , m_file(file.filename().string())
        , m_stem(file.stem().string())
        , m_limits(options.limits)
        , m_splitter(options.splitSeed, options.splitRatios,
                     [this](std::string_view group) { return splitOfGroup(group); })
        , m_insert(db.prepare(R"sql(
INSERT INTO examples (dataset_id, external_id, text, lang, lang_guessed, split, split_seeded, group_id,
                      label_id, import_id, source_line, created_at, updated_at, metadata)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12, ?13))sql"))
        , m_groupSplit(db.prepare(R"sql(
SELECT split FROM examples WHERE dataset_id = ?1 AND group_id = ?2 GROUP BY split ORDER BY count(*) DESC LIMIT 1)sql"))
        , m_idTaken(db.prepare("SELECT 1 FROM examples WHERE dataset_id = ?1 AND external_id = ?2"))
        , m_checkIdsFirst(options.skipInvalid)
    {
    }

    void begin(std::int64_t datasetId, std::int64_t importId)
    {
        m_datasetId = datasetId;
        m_importId = importId;
        for (const auto &label : store::DatasetStore(m_db).labels(datasetId))
            m_labelIds.emplace(label.name, label.id);
        m_now = nowMs();
    }

    // Checks the row and adds it; throws ImportError, before it changes anything, for a row
    // that cannot be imported.
    void add(const SourceRow &row, ImportSummary &summary)
    {
        const auto checked = check(row);
        store(checked, summary);
    }

private:
    // A row as it will be stored, every value checked; views into the row or this run.
    struct CheckedRow
    {
        std::int64_t line = 0;
        std::string_view text;
        std::string_view label;
        bool langGuessed = false;
        bool guessedNow = false; // the file gave no language; the guesser chose this one
        std::string_view group;
        std::optional<std::string_view> split; // none: the splitter chooses
        std::string_view externalId;
        std::string_view metadata; // JSON; empty for none
    };

    CheckedRow check(const SourceRow &row)
    {
        CheckedRow checked;
        const auto line = checked.line = row.line;
        const std::string_view text = checked.text = *row[Field::Text];
        if (trimmed(text).empty())
            throw ImportError(m_file, line, column(Field::Text), "is empty");
        if (text.size() > m_limits.maxTextBytes)
            throw ImportError(m_file, line, column(Field::Text),
                              "is " + std::to_string(text.size()) + " bytes long, more than the limit of "
                                  + describeLimit(m_limits.maxTextBytes) + " per text"
                                  + (m_limits.raiseHint.empty() ? std::string() : "; " + m_limits.raiseHint));

        const std::string_view label = checked.label =
            row[Field::Label] ? trimmed(*row[Field::Label]) : std::string_view();
        if (label.size() > maxLabelBytes)
            throw ImportError(m_file, line, column(Field::Label),
                              "is longer than " + std::to_string(maxLabelBytes)
                                  + " bytes (is the text column mapped to label?)");
        // Label names show in every list and terminal: no control characters, no bidi overrides.
        if (auto problem = nameProblem(label))
            throw ImportError(m_file, line, column(Field::Label),
                              "'" + escapeForTerminal(label) + "' " + *problem
                                  + "; a label name cannot hold control characters");

        m_lang.assign(row[Field::Lang] ? trimmed(*row[Field::Lang]) : std::string_view());
        if (m_lang.empty()) {
            m_lang = text::guessLanguage(text);
            checked.langGuessed = checked.guessedNow = true;
        }
        // One spelling per language ("pt-br", also for CLD2's "sr-ME"), so the same language
        // never counts as two.
        for (auto &c : m_lang)
            c = c == '_' ? '-' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (!checked.langGuessed) {
            if (!isLanguageCode(m_lang))
                throw ImportError(m_file, line, column(Field::Lang),
                                  "'" + std::string(trimmed(*row[Field::Lang]))
                                      + "' is not a language code (use ISO 639 codes such as en, de, zh, pt-br)");
            if (row[Field::LangGuessed]) {
                const auto flag = parseFlag(trimmed(*row[Field::LangGuessed]));
                if (!flag)
                    throw ImportError(m_file, line, column(Field::LangGuessed), "must be true or false");
                checked.langGuessed = *flag;
            }
        }

        checked.group = row[Field::Group] ? trimmed(*row[Field::Group]) : std::string_view();
        const auto givenSplit = row[Field::Split] ? trimmed(*row[Field::Split]) : std::string_view();
        if (!givenSplit.empty()) {
            checked.split = normalizeSplit(givenSplit);
            if (!checked.split)
                throw ImportError(m_file, line, column(Field::Split),
                                  "'" + std::string(givenSplit) + "' is not a split (train, dev or test)");
        }

        checked.externalId = row[Field::Id] ? trimmed(*row[Field::Id]) : std::string_view();
        if (checked.externalId.empty()) {
            m_generatedId = m_stem + ":" + std::to_string(line);
            checked.externalId = m_generatedId;
        }
        m_metadata.clear();
        for (const auto &extra : row.extras)
            m_metadataPairs.emplace_back(extra.column, extra.value);
        m_metadata = store::metadataToJson(m_metadataPairs);
        m_metadataPairs.clear();
        checked.metadata = m_metadata;

        // Skipping rows, a duplicate id is found before the row changes anything (a new label,
        // the splitter's counts); otherwise the insert's constraint finds it at no cost.
        if (m_checkIdsFirst) {
            m_idTaken.reset();
            m_idTaken.bind(1, m_datasetId).bind(2, checked.externalId);
            if (m_idTaken.step())
                throw duplicateId(checked.externalId, line);
        }
        return checked;
    }

    void store(const CheckedRow &row, ImportSummary &summary)
    {
        std::string_view split;
        bool splitSeeded = false;
        if (row.split) {
            split = *row.split;
            m_splitter.given(row.group, split);
        } else {
            split = m_splitter.assign(row.group, row.label, m_lang);
            splitSeeded = true;
        }
        std::optional<std::int64_t> labelId;
        if (!row.label.empty())
            labelId = labelIdFor(row.label, summary);

        m_insert.bind(1, m_datasetId).bind(2, row.externalId).bind(3, row.text).bind(4, m_lang);
        m_insert.bind(5, row.langGuessed ? 1 : 0).bind(6, split).bind(7, splitSeeded ? 1 : 0);
        m_insert.bind(8, row.group.empty() ? std::nullopt : std::optional(row.group)).bind(9, labelId);
        m_insert.bind(10, m_importId).bind(11, row.line).bind(12, m_now);
        m_insert.bind(13, row.metadata.empty() ? std::nullopt : std::optional(row.metadata));
        if (!m_insert.runUnlessConstraintFails())
            throw duplicateId(row.externalId, row.line);
        ++summary.rows;
        summary.labelled += labelId ? 1 : 0;
        summary.guessedLanguages += row.guessedNow ? 1 : 0;
        if (splitSeeded)
            ++summary.seededSplits;
    }

    // Errors name the user's column ("body"), not Glossa's field ("text").
    std::string column(Field field) const { return m_source.columnName(field); }

    std::int64_t labelIdFor(std::string_view label, ImportSummary &summary)
    {
        if (auto it = m_labelIds.find(label); it != m_labelIds.end())
            return it->second;
        const auto id = store::DatasetStore(m_db).ensureLabel(m_datasetId, label);
        m_labelIds.emplace(std::string(label), id);
        summary.newLabels.emplace_back(label);
        return id;
    }

    // The split most of a group's rows already have in the dataset (its translations imported
    // from another file), so the group stays whole.
    std::optional<std::string> splitOfGroup(std::string_view group)
    {
        m_groupSplit.reset();
        m_groupSplit.bind(1, m_datasetId).bind(2, group);
        return m_groupSplit.step() ? std::optional(m_groupSplit.text(0)) : std::nullopt;
    }

    ImportError duplicateId(std::string_view externalId, std::int64_t line)
    {
        auto query =
            m_db.prepare("SELECT source_line, import_id FROM examples WHERE dataset_id = ?1 AND external_id = ?2");
        query.bind(1, m_datasetId).bind(2, externalId);
        if (query.step() && query.optionalInt64(1) == m_importId)
            return ImportError(m_file, line, column(Field::Id),
                               "duplicate id '" + std::string(externalId) + "' (also on line "
                                   + std::to_string(query.int64(0)) + ")");
        return ImportError(m_file, line, column(Field::Id),
                           "id '" + std::string(externalId) + "' is already in the dataset");
    }

    store::Database &m_db;
    const RecordSource &m_source;
    std::string m_file;
    std::string m_stem;
    SourceLimits m_limits;
    GroupSplitter m_splitter;
    store::Statement m_insert;
    store::Statement m_groupSplit;
    store::Statement m_idTaken;
    bool m_checkIdsFirst = false;
    LabelIds m_labelIds;
    std::int64_t m_datasetId = 0;
    std::int64_t m_importId = 0;
    std::int64_t m_now = 0;
    std::string m_lang;
    std::string m_generatedId;
    store::Metadata m_metadataPairs;
    std::string m_metadata;
};

} // namespace

ImportSummary importFile(store::Database &db, std::string_view datasetName, const std::filesystem::path &file,
                         const ImportOptions &options)
{
    const auto started = std::chrono::steady_clock::now();
    if (datasetName.empty())
        throw Error("a dataset needs a name");
    // Before the file is read: a name that would print as terminal commands is refused at once.
    requireCleanName("dataset name", datasetName);
    // Sniffed only when not given (value_or would read the file even then).
    const auto format = options.format ? *options.format : detectFormat(file);
    std::unique_ptr<RecordSource> source;
    try {
        source = openSource(file, format, options.mapping, options.limits);
    } catch (ImportError &e) {
        // Its header or encoding: skipping rows would not help.
        throw e.markAboutWholeFile();
    }

    ImportSummary summary;
    summary.dataset = std::string(datasetName);
    summary.format = format;

    // The importer creates every row its foreign keys point to (dataset, import, labels), so
    // checking them per row only costs time: about 2 s per million rows. The pragma has no
    // effect inside a transaction, hence before BEGIN, and restored whatever happens.
    ForeignKeysOff foreignKeysOff(db);
    store::Transaction transaction(db);
    store::DatasetStore datasets(db);
    if (auto existing = datasets.findDataset(datasetName)) {
        summary.datasetId = existing->id;
    } else {
        summary.datasetId = datasets.createDataset(datasetName);
        summary.createdDataset = true;
    }
    const auto sourcePath = std::filesystem::absolute(file).string();
    const auto splitRatios = options.splitRatios.toString();
    db.prepare(R"sql(
INSERT INTO imports (dataset_id, source_path, format, row_count, split_seed, split_ratios, imported_at)
VALUES (?1, ?2, ?3, 0, ?4, ?5, ?6))sql")
        .bind(1, summary.datasetId)
        .bind(2, sourcePath)
        .bind(3, toString(format))
        .bind(4, static_cast<std::int64_t>(options.splitSeed))
        .bind(5, splitRatios)
        .bind(6, nowMs())
        .run();
    summary.importId = db.lastInsertId();
    const auto firstExampleId = db.queryInt("SELECT coalesce(max(id), 0) + 1 FROM examples");

    ImportRun run(db, file, *source, options);
    run.begin(summary.datasetId, summary.importId);
    const auto skip = [&](const ImportError &error) {
        if (!options.skipInvalid)
            throw error;
        if (summary.skipped.size() < ImportSummary::maxListedSkips)
            summary.skipped.push_back({error.line(), error.field(), error.problem()});
        ++summary.skippedRows;
    };
    SourceRow row;
    std::int64_t rowsRead = 0;
    std::int64_t lastUnreadLine = -1;
    for (;;) {
        try {
            if (!source->next(row))
                break;
        } catch (const ImportError &e) {
            // A row the reader cannot get past (it would fail at the same line again), or a
            // problem with the whole file, refuses the file even when skipping.
            if (e.line() <= 0 || e.line() == lastUnreadLine)
                throw;
            lastUnreadLine = e.line();
            skip(e);
            continue;
        }
        try {
            run.add(row, summary);
        } catch (const ImportError &e) {
            skip(e);
        }
        if (++rowsRead % progressInterval == 0) {
            if (options.stop.stop_requested())
                throw ImportCancelled();
            if (options.progress)
                options.progress({summary.rows, source->bytesRead(), source->totalBytes()});
        }
    }
    if (summary.rows == 0 && summary.skippedRows > 0) {
        const auto &first = summary.skipped.front();
        throw ImportError(file.filename().string(), 0, {},
                          "none of its " + std::to_string(summary.skippedRows)
                              + " rows could be imported; the first problem, on line " + std::to_string(first.line)
                              + ": " + (first.column.empty() ? "" : "field \"" + first.column + "\": ")
                              + first.problem);
    }
    if (summary.rows == 0)
        throw ImportError(file.filename().string(), 0, {}, "has no rows to import (only a header or blank lines)");
    if (options.stop.stop_requested())
        throw ImportCancelled();

    summary.metadataColumns = source->extraColumns();
    summary.droppedColumns = source->droppedColumns();
    const auto metadataColumns = store::columnNamesToJson(summary.metadataColumns);
    db.prepare("UPDATE imports SET row_count = ?1, metadata_columns = ?2 WHERE id = ?3")
        .bind(1, summary.rows)
        .bind(2, metadataColumns.empty() ? std::nullopt : std::optional<std::string_view>(metadataColumns))
        .bind(3, summary.importId)
        .run();
    store::LabelJournal(db).journalImport(summary.datasetId, summary.importId, firstExampleId,
                                          "import " + file.filename().string());
    transaction.commit();

    summary.mapping = source->describeMapping();
    summary.encoding = source->encoding();
    if (options.progress)
        options.progress({summary.rows, source->totalBytes(), source->totalBytes()});
    summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return summary;
}

void writeSkippedRowsReport(const std::filesystem::path &report, const ImportSummary &summary)
{
    std::ostringstream csv;
    DelimitedWriter writer(csv, ',');
    writer.record({"line", "column", "problem"});
    for (const auto &skipped : summary.skipped)
        writer.record({std::to_string(skipped.line), skipped.column, skipped.problem});
    const auto unlisted = summary.skippedRows - static_cast<std::int64_t>(summary.skipped.size());
    if (unlisted > 0)
        writer.record({"", "", std::to_string(unlisted) + " more rows were skipped and are not listed"});
    writeFileAtomically(report, csv.str());
}

std::filesystem::path skippedRowsReportPath(const std::filesystem::path &project, const std::filesystem::path &file)
{
    const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm local{};
    localtime_r(&now, &local);
    char stamp[32];
    std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &local);
    const auto name = project.stem().string() + "." + shortened(file.stem().string(), 80) + ".skipped-" + stamp + ".csv";
    return project.parent_path() / name;
}

} // namespace glossa::core::data
