#include "store/examplebrowser.h"

#include "store/database.h"
#include "util/error.h"

#include <sqlite3.h>

#include <algorithm>
#include <mutex>
#include <optional>
#include <set>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <variant>

namespace glossa::core::store {
namespace {

// How often matchingIds looks at its stop token while it reads ids.
constexpr size_t stopCheckRows = 4096;
// Ids bound per `IN (...)` statement in rows(): a page of the table is one or two statements.
constexpr size_t idsPerStatement = 256;

bool isContinuationByte(char c)
{
    return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

size_t utf8Length(std::string_view text)
{
    return static_cast<size_t>(std::count_if(text.begin(), text.end(), [](char c) { return !isContinuationByte(c); }));
}

// Splits a search at ASCII white space, the no-break space and the ideographic space (U+3000)
// that Chinese and Japanese input methods type between words.
std::vector<std::string_view> searchTerms(std::string_view text)
{
    std::vector<std::string_view> terms;
    size_t start = 0;
    size_t i = 0;
    while (i < text.size()) {
        size_t width = 0;
        if (std::string_view(" \t\n\r\f\v").find(text[i]) != std::string_view::npos)
            width = 1;
        else if (text.substr(i, 2) == "\xC2\xA0")
            width = 2;
        else if (text.substr(i, 3) == "\xE3\x80\x80")
            width = 3;
        if (width == 0) {
            ++i;
            continue;
        }
        if (i > start)
            terms.push_back(text.substr(start, i - start));
        i += width;
        start = i;
    }
    if (start < text.size())
        terms.push_back(text.substr(start));
    return terms;
}

// An FTS5 string: inside double quotes every character is literal, a quote is doubled.
std::string ftsPhrase(std::string_view term)
{
    std::string phrase = "\"";
    for (char c : term) {
        if (c == '"')
            phrase += '"';
        phrase += c;
    }
    return phrase + '"';
}

// A LIKE pattern matching term anywhere, with '\' as the escape character.
std::string likePattern(std::string_view term)
{
    std::string pattern = "%";
    for (char c : term) {
        if (c == '%' || c == '_' || c == '\\')
            pattern += '\\';
        pattern += c;
    }
    return pattern + '%';
}

// ---------------------------------------------------------------- search without the index

// The rows above the search index's mark (SearchIndex) are searched by scan, and must match
// exactly what the index would match: a term of three characters or more occurs in a text when
// the trigram tokenizer's case folding of the text contains that of the term. The folding is
// SQLite's own (sqlite3Fts5UnicodeFold, not exported), read once per process off the tokenizer
// itself; decoding and encoding mirror its READ_UTF8 and WRITE_UTF8, so that even a malformed
// text folds here as it does there.
class TrigramFold
{
public:
    // Built on first use with this connection's FTS5.
    static const TrigramFold &instance(sqlite3 *db)
    {
        static std::once_flag once;
        static TrigramFold fold;
        std::call_once(once, [&] { fold.build(db); });
        return fold;
    }

    // Appends the folding of text to out; like the tokenizer, stops at a NUL character.
    void fold(std::string_view text, std::string &out) const
    {
        const size_t start = out.size();
        out.resize(start + text.size() * 3); // a malformed byte can become U+FFFD, three bytes
        char *write = out.data() + start;
        const auto *in = reinterpret_cast<const unsigned char *>(text.data());
        const auto *end = in + text.size();
        while (in < end) {
            if (*in < 0x80) { // ASCII: most texts are mostly ASCII
                if (*in == 0)
                    break;
                *write++ = static_cast<char>(*in >= 'A' && *in <= 'Z' ? *in + 32 : *in);
                ++in;
                continue;
            }
            std::uint32_t c = *in++;
            if (c >= 0xC0) {
                c = utf8Trans1[c - 0xC0];
                while (in < end && (*in & 0xC0) == 0x80)
                    c = (c << 6) + (0x3F & *in++);
                if (c < 0x80 || (c & 0xFFFFF800) == 0xD800 || (c & 0xFFFFFFFE) == 0xFFFE)
                    c = 0xFFFD;
            }
            if (c == 0)
                break;
            if (c < tableSize)
                c = m_table[c];
            write = writeUtf8(write, c);
        }
        out.resize(static_cast<size_t>(write - out.data()));
    }

private:
    // Case exists below U+20000 only; above it the folding leaves a character as it is.
    static constexpr std::uint32_t tableSize = 0x20000;
    static constexpr unsigned char utf8Trans1[] = {
        0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f,
        0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f,
        0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f,
        0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x00, 0x01, 0x02, 0x03, 0x00, 0x01, 0x00, 0x00,
    };

    static char *writeUtf8(char *out, std::uint32_t c)
    {
        auto put = [&](std::uint32_t byte) { *out++ = static_cast<char>(static_cast<unsigned char>(byte)); };
        if (c < 0x80) {
            put(c);
        } else if (c < 0x800) {
            put(0xC0 + ((c >> 6) & 0x1F));
            put(0x80 + (c & 0x3F));
        } else if (c < 0x10000) {
            put(0xE0 + ((c >> 12) & 0x0F));
            put(0x80 + ((c >> 6) & 0x3F));
            put(0x80 + (c & 0x3F));
        } else {
            put(0xF0 + ((c >> 18) & 0x07));
            put(0x80 + ((c >> 12) & 0x3F));
            put(0x80 + ((c >> 6) & 0x3F));
            put(0x80 + (c & 0x3F));
        }
        return out;
    }

    // Tokenizes every character below tableSize once: the first character of each trigram is
    // the folding of the character it starts at.
    void build(sqlite3 *db)
    {
        m_table.resize(tableSize);
        for (std::uint32_t c = 0; c < tableSize; ++c)
            m_table[c] = c;
        fts5_api *api = nullptr;
        sqlite3_stmt *statement = nullptr;
        if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &statement, nullptr) == SQLITE_OK) {
            sqlite3_bind_pointer(statement, 1, static_cast<void *>(&api), "fts5_api_ptr", nullptr);
            sqlite3_step(statement);
        }
        sqlite3_finalize(statement);
        void *userData = nullptr;
        fts5_tokenizer tokenizer{};
        if (!api || api->xFindTokenizer(api, "trigram", &userData, &tokenizer) != SQLITE_OK)
            throw Error("this SQLite has no FTS5 trigram tokenizer");
        Fts5Tokenizer *instance = nullptr;
        if (tokenizer.xCreate(userData, nullptr, 0, &instance) != SQLITE_OK)
            throw Error("cannot create the FTS5 trigram tokenizer");

        struct Walk
        {
            std::vector<std::uint32_t> characters; // in the order of the tokens
            std::vector<std::uint32_t> *table;
            size_t next = 0;
        } walk{{}, &m_table};
        std::string text;
        for (std::uint32_t c = 1; c < tableSize; ++c) {
            if (c >= 0xD800 && c <= 0xDFFF)
                continue;
            walk.characters.push_back(c);
            char buffer[4];
            text.append(buffer, static_cast<size_t>(writeUtf8(buffer, c) - buffer));
        }
        text += "xx"; // so that the last real character starts a trigram too
        auto onToken = [](void *context, int, const char *token, int length, int, int) {
            auto &walk = *static_cast<Walk *>(context);
            if (walk.next >= walk.characters.size() || length < 1)
                return SQLITE_OK;
            // The token's first character, decoded (the tokenizer writes valid UTF-8).
            const auto *bytes = reinterpret_cast<const unsigned char *>(token);
            std::uint32_t folded = bytes[0];
            if (folded >= 0xC0) {
                folded = utf8Trans1[folded - 0xC0];
                for (int i = 1; i < length && (bytes[i] & 0xC0) == 0x80; ++i)
                    folded = (folded << 6) + (0x3F & bytes[i]);
            }
            (*walk.table)[walk.characters[walk.next++]] = folded;
            return SQLITE_OK;
        };
        const int rc = tokenizer.xTokenize(instance, &walk, FTS5_TOKENIZE_DOCUMENT, text.data(),
                                           static_cast<int>(text.size()), onToken);
        tokenizer.xDelete(instance);
        if (rc != SQLITE_OK || walk.next != walk.characters.size())
            throw Error("cannot read the FTS5 trigram tokenizer's case folding");
    }

    std::vector<std::uint32_t> m_table;
};

// glossa_search_scan(text, folded term, ...): 1 when the folded text contains every term.
void searchScan(sqlite3_context *context, int argc, sqlite3_value **argv)
{
    const auto &fold = TrigramFold::instance(sqlite3_context_db_handle(context));
    const auto *text = reinterpret_cast<const char *>(sqlite3_value_text(argv[0]));
    if (!text) {
        sqlite3_result_int(context, 0);
        return;
    }
    thread_local std::string folded;
    folded.clear();
    fold.fold(std::string_view(text, static_cast<size_t>(sqlite3_value_bytes(argv[0]))), folded);
    for (int i = 1; i < argc; ++i) {
        const auto *term = reinterpret_cast<const char *>(sqlite3_value_text(argv[i]));
        const auto length = static_cast<size_t>(sqlite3_value_bytes(argv[i]));
        if (!term || folded.find(std::string_view(term, length)) == std::string::npos) {
            sqlite3_result_int(context, 0);
            return;
        }
    }
    sqlite3_result_int(context, 1);
}

// The connections glossa_search_scan is defined on; SQLite drops it, and calls this, when one
// closes (so a new connection at the same address is not taken for an old one).
std::mutex scanConnectionsMutex;
std::unordered_set<sqlite3 *> scanConnections;

void forgetScanConnection(void *db)
{
    const std::lock_guard lock(scanConnectionsMutex);
    scanConnections.erase(static_cast<sqlite3 *>(db));
}

const TrigramFold &ensureSearchScan(sqlite3 *db)
{
    const auto &fold = TrigramFold::instance(db);
    {
        const std::lock_guard lock(scanConnectionsMutex);
        if (scanConnections.contains(db))
            return fold;
    }
    // Once per connection: defining a function again expires the connection's statements.
    // (A failed definition calls forgetScanConnection too, hence no lock held here.)
    if (sqlite3_create_function_v2(db, "glossa_search_scan", -1, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                                   db, &searchScan, nullptr, nullptr, &forgetScanConnection)
        != SQLITE_OK)
        throw Error(std::string("cannot define the search scan function: ") + sqlite3_errmsg(db));
    const std::lock_guard lock(scanConnectionsMutex);
    scanConnections.insert(db);
    return fold;
}

// Builds one statement with its parameters numbered in order of appearance.
class QueryBuilder
{
public:
    using Value = std::variant<std::int64_t, double, std::string>;

    std::string param(Value value)
    {
        m_params.push_back(std::move(value));
        return "?" + std::to_string(m_params.size());
    }

    // The strings are bound without a copy: the builder must outlive the statement's steps.
    void bindTo(Statement &statement) const
    {
        for (size_t i = 0; i < m_params.size(); ++i) {
            const int index = static_cast<int>(i + 1);
            std::visit([&](const auto &value) { statement.bind(index, value); }, m_params[i]);
        }
    }

private:
    std::vector<Value> m_params;
};

// Interrupts the connection's running statement once stop is requested, so that a sort of a
// million rows (which returns nothing until it is done) ends promptly too.
class InterruptOnStop
{
public:
    InterruptOnStop(Database &db, std::stop_token stop)
        : m_db(db.handle())
        , m_stop(std::move(stop))
    {
        if (m_stop.stop_possible())
            sqlite3_progress_handler(m_db, 10000, &InterruptOnStop::check, this);
    }
    InterruptOnStop(const InterruptOnStop &) = delete;
    InterruptOnStop &operator=(const InterruptOnStop &) = delete;
    ~InterruptOnStop()
    {
        if (m_stop.stop_possible())
            sqlite3_progress_handler(m_db, 0, nullptr, nullptr);
    }

private:
    static int check(void *self) { return static_cast<InterruptOnStop *>(self)->m_stop.stop_requested() ? 1 : 0; }

    sqlite3 *m_db;
    std::stop_token m_stop;
};

// A key of the sort, read with each id. Ordering happens here rather than in SQL: SQLite's
// sorter takes seconds for a million rows, std::sort on compact keys a fraction of that.
struct SortKey
{
    // Dictionary: a text with few distinct values (a language), ranked once per value.
    enum class Kind { None, Number, Dictionary, Text } kind = Kind::None;
    // What the statement reads; for Text, the first sortPrefixBytes + 1 bytes of the value.
    std::string expression;
    // Text: the column whose whole value orders keys whose prefixes tie.
    std::string column;
    // Number: label ids become their rank by name.
    bool labelRank = false;
};

// Texts are ordered by their first bytes; only keys that agree on all of them are read again
// whole, so sorting a million texts holds at most this much of each.
constexpr size_t sortPrefixBytes = 64;

SortKey sortKey(ExampleColumn column, bool withRun, ReviewQueue review)
{
    auto prefix = [](const char *column) {
        return SortKey{SortKey::Kind::Text,
                       "substr(CAST(e." + std::string(column) + " AS BLOB), 1, " + std::to_string(sortPrefixBytes + 1)
                           + ")",
                       column, false};
    };
    switch (column) {
    case ExampleColumn::Id: return {};
    case ExampleColumn::Lang: return {SortKey::Kind::Dictionary, "e.lang", {}, false};
    case ExampleColumn::Text: return prefix("text");
    case ExampleColumn::Label: return {SortKey::Kind::Number, "e.label_id", {}, true};
    // train, dev, test: the order of the workflow, not of the alphabet.
    case ExampleColumn::Split:
        return {SortKey::Kind::Number, "CASE e.split WHEN 'train' THEN 0 WHEN 'dev' THEN 1 ELSE 2 END", {}, false};
    case ExampleColumn::Group: return prefix("group_id");
    case ExampleColumn::Predicted: return withRun ? SortKey{SortKey::Kind::Number, "p.label_id", {}, true} : SortKey{};
    case ExampleColumn::Confidence:
        return withRun ? SortKey{SortKey::Kind::Number, "p.confidence", {}, false} : SortKey{};
    case ExampleColumn::Rank:
        switch (review) {
        case ReviewQueue::None: return {};
        case ReviewQueue::LikelyLabelErrors: return {SortKey::Kind::Number, "-c.score", {}, false};
        // Runs stored before margins were kept rank by confidence, the closest measure they have.
        case ReviewQueue::MostUncertain: return {SortKey::Kind::Number, "coalesce(p.margin, p.confidence)", {}, false};
        }
    }
    return {};
}

// A missing key (no label, no prediction, no group) sorts last in either direction; equal
// keys keep id order.
template <typename Entry, typename Compare>
void sortEntries(std::vector<Entry> &entries, bool descending, Compare compareKeys)
{
    std::sort(entries.begin(), entries.end(), [&](const Entry &a, const Entry &b) {
        if (a.null != b.null)
            return b.null;
        if (!a.null) {
            const int order = compareKeys(a, b);
            if (order != 0)
                return descending ? order > 0 : order < 0;
        }
        return a.id < b.id;
    });
}

std::string idList(size_t count, int firstParam)
{
    std::string list;
    for (size_t i = 0; i < count; ++i)
        list += (i == 0 ? "?" : ", ?") + std::to_string(static_cast<size_t>(firstParam) + i);
    return list;
}

// Runs sqlBeforeIds + "?N, ...)" over the ids, a statement's worth at a time, and hands each
// result row to visit; bindOthers binds the parameters before ?firstIdParam.
template <typename BindOthers, typename Visit>
void selectByIds(Database &db, const std::string &sqlBeforeIds, int firstIdParam, const std::vector<std::int64_t> &ids,
                 BindOthers bindOthers, Visit visit)
{
    std::optional<Statement> full;
    for (size_t start = 0; start < ids.size(); start += idsPerStatement) {
        const auto count = std::min(idsPerStatement, ids.size() - start);
        std::optional<Statement> partial;
        auto prepare = [&] { return db.prepare(sqlBeforeIds + idList(count, firstIdParam) + ")"); };
        if (count == idsPerStatement && !full)
            full.emplace(prepare());
        auto &statement = count == idsPerStatement ? *full : partial.emplace(prepare());
        bindOthers(statement);
        for (size_t i = 0; i < count; ++i)
            statement.bind(firstIdParam + static_cast<int>(i), ids[start + i]);
        while (statement.step())
            visit(statement);
        statement.reset();
    }
}

// substr(text, 1, previewChars + 1) in SQL tells whether there is more without copying it all.
void setPreview(ExampleRow &row, std::string_view text)
{
    size_t characters = 0;
    size_t cut = text.size();
    for (size_t i = 0; i < text.size(); ++i) {
        if (isContinuationByte(text[i]))
            continue;
        if (characters == static_cast<size_t>(ExampleBrowser::previewChars)) {
            cut = i;
            break;
        }
        ++characters;
    }
    row.text.assign(text.substr(0, cut));
    row.textTruncated = cut < text.size();
}

const std::string rowsSql = R"sql(
SELECT e.id, e.external_id, e.lang, e.lang_guessed, substr(e.text, 1, )sql"
                            + std::to_string(ExampleBrowser::previewChars + 1) + R"sql(), e.label_id, l.name, e.split,
       e.group_id,
       EXISTS (SELECT 1 FROM label_journal j JOIN edit_batches b ON b.id = j.batch_id
               WHERE j.example_id = e.id AND b.source <> 'import'),
       p.label_id, pl.name, p.confidence
FROM examples e
LEFT JOIN labels l ON l.id = e.label_id
LEFT JOIN predictions p ON p.run_id = ?1 AND p.example_id = e.id
LEFT JOIN labels pl ON pl.id = p.label_id
WHERE e.id IN ()sql";

// The disagreement, confidence, predicted-label and review filters read a run's predictions.
void requireRunForPredictionFilters(const ExampleFilter &filter)
{
    if ((filter.disagreementsOnly || filter.maxConfidence || filter.predictedLabelId
         || filter.review != ReviewQueue::None)
        && !filter.runId)
        throw Error("the disagreement, confidence, predicted-label and review filters look at a run's predictions: "
                    "choose a run first");
}

// A search's terms of three characters or more go through the trigram index (all of them in one
// MATCH: FTS5 ANDs the phrases); shorter ones, such as the many two-character Chinese words,
// have no trigram and are looked for in the texts the rest of the filter leaves.
struct SearchWords
{
    std::vector<std::string_view> indexed;
    std::vector<std::string_view> scanned;
};

SearchWords searchWords(std::string_view search)
{
    SearchWords words;
    for (const auto term : searchTerms(search))
        (utf8Length(term) >= 3 ? words.indexed : words.scanned).push_back(term);
    return words;
}

// The index holds the examples up to a mark (SearchIndex); with indexed terms the examples up
// to it are searched through the index, those above it by scan, with the same results.
enum class SearchPart { All, Indexed, Unindexed };

// What one matchingIds call asks for.
struct IdQuery
{
    std::int64_t datasetId;
    const ExampleFilter &filter;
    SearchWords words;
    SortKey key;
    // Id order is what the indexes give (examples_by_dataset, examples_by_label) at no cost.
    bool idDescending = false;
    const TrigramFold *fold = nullptr; // for the examples above the index's mark only

    bool filtersByRun() const
    {
        return filter.disagreementsOnly || filter.maxConfidence || filter.predictedLabelId
               || filter.review == ReviewQueue::MostUncertain;
    }
};

// The conditions on the examples' own columns.
std::string exampleConditions(const IdQuery &q, QueryBuilder &query)
{
    const auto &filter = q.filter;
    const auto dataset = query.param(q.datasetId);
    // A label belongs to one dataset, and examples_by_label holds its examples in id order:
    // the unary + keeps the planner from walking the whole dataset instead.
    std::string where = (filter.labelId ? "+e.dataset_id = " : "e.dataset_id = ") + dataset;
    if (filter.lang)
        where += " AND e.lang = " + query.param(*filter.lang);
    if (filter.labelId)
        where += " AND e.label_id = " + query.param(*filter.labelId);
    if (filter.split)
        where += " AND e.split = " + query.param(*filter.split);
    if (filter.unlabelledOnly)
        where += " AND e.label_id IS NULL";
    if (filter.editedOnly)
        where += " AND e.id IN (SELECT j.example_id FROM edit_batches b JOIN label_journal j ON j.batch_id = b.id "
                 "WHERE b.dataset_id = "
                 + dataset + " AND b.source <> 'import')";
    for (const auto term : q.words.scanned)
        where += " AND e.text LIKE " + query.param(likePattern(term)) + " ESCAPE '\\'";
    // A project altered elsewhere may hold metadata that is not JSON: such a row matches
    // nothing instead of failing the whole query.
    if (filter.metadata)
        where += " AND EXISTS (SELECT 1 FROM json_each(CASE WHEN json_valid(e.metadata) THEN e.metadata END) m"
                 " WHERE m.key = "
                 + query.param(filter.metadata->column) + " AND m.value LIKE "
                 + query.param(likePattern(filter.metadata->value)) + " ESCAPE '\\')";
    return where;
}

// The indexed terms, through the index up to its mark or by scan above it.
std::string searchCondition(const IdQuery &q, QueryBuilder &query, SearchPart part, std::int64_t indexedUpTo)
{
    if (part == SearchPart::Indexed) {
        std::string phrases;
        for (const auto term : q.words.indexed)
            phrases += (phrases.empty() ? "" : " ") + ftsPhrase(term);
        // With examples_by_dataset the planner probes (dataset, id) for each of the index's
        // matches instead of walking the dataset, and the list comes out in id order.
        return " AND e.id IN (SELECT rowid FROM examples_fts WHERE examples_fts MATCH " + query.param(phrases)
               + " AND rowid <= " + query.param(indexedUpTo) + ")";
    }
    if (part == SearchPart::Unindexed) {
        std::string condition = " AND e.id > " + query.param(indexedUpTo) + " AND glossa_search_scan(e.text";
        for (const auto term : q.words.indexed) {
            std::string folded;
            q.fold->fold(term, folded);
            condition += ", " + query.param(std::move(folded));
        }
        return condition + ")";
    }
    return {};
}

// The run's predictions (and label-error candidates) joined, with the conditions on them.
void addRunConditions(const IdQuery &q, QueryBuilder &query, std::string &from, std::string &where)
{
    const auto &filter = q.filter;
    const bool filterByRun = q.filtersByRun();
    if (filter.runId && (filterByRun || q.key.expression.find("p.") != std::string::npos))
        from += std::string(filterByRun ? " JOIN" : " LEFT JOIN")
                + " predictions p ON p.run_id = " + query.param(*filter.runId) + " AND p.example_id = e.id";
    if (filter.disagreementsOnly)
        where += " AND e.label_id IS NOT NULL AND p.label_id <> e.label_id";
    if (filter.maxConfidence)
        where += " AND p.confidence < " + query.param(*filter.maxConfidence);
    if (filter.predictedLabelId)
        where += " AND p.label_id = " + query.param(*filter.predictedLabelId);
    if (filter.review == ReviewQueue::MostUncertain)
        where += " AND e.label_id IS NULL";
    if (filter.review == ReviewQueue::LikelyLabelErrors) {
        from +=
            " JOIN label_error_candidates c ON c.run_id = " + query.param(*filter.runId) + " AND c.example_id = e.id";
        where += " AND NOT EXISTS (SELECT 1 FROM label_error_dismissals d WHERE d.example_id = e.id"
                 " AND d.suggested_label = c.suggested_label)";
    }
}

// SELECT id [, sort key] of one part of the search, in id order.
std::string idQuerySql(const IdQuery &q, QueryBuilder &query, SearchPart part, std::int64_t indexedUpTo)
{
    std::string where = exampleConditions(q, query);
    where += searchCondition(q, query, part, indexedUpTo);
    std::string from = "examples e";
    addRunConditions(q, query, from, where);
    return "SELECT e.id" + (q.key.expression.empty() ? "" : ", " + q.key.expression) + " FROM " + from + " WHERE "
           + where + " ORDER BY e.id" + (q.idDescending ? " DESC" : "");
}

// A dataset's label ids ranked by name, for sorting by label.
std::unordered_map<std::int64_t, double> labelRanksByName(Database &db, std::int64_t datasetId)
{
    std::unordered_map<std::int64_t, double> ranks;
    auto labels = db.prepare("SELECT id FROM labels WHERE dataset_id = ?1 ORDER BY name, id");
    labels.bind(1, datasetId);
    while (labels.step())
        ranks.emplace(labels.int64(0), static_cast<double>(ranks.size()));
    return ranks;
}

// The matching ids as they are read, each with its sort key in a compact form, then sorted.
class KeyedIds
{
public:
    KeyedIds(SortKey key, std::unordered_map<std::int64_t, double> labelRanks)
        : m_key(std::move(key))
        , m_labelRanks(std::move(labelRanks))
    {
    }

    // A row of idQuerySql's statement.
    void add(Statement &statement)
    {
        const auto id = statement.int64(0);
        const bool null = m_key.kind != SortKey::Kind::None && statement.isNull(1);
        switch (m_key.kind) {
        case SortKey::Kind::None: m_ids.push_back(id); break;
        case SortKey::Kind::Number: {
            double value = 0;
            if (!null && m_key.labelRank) {
                const auto rank = m_labelRanks.find(statement.int64(1));
                value = rank != m_labelRanks.end() ? rank->second : static_cast<double>(m_labelRanks.size());
            } else if (!null) {
                value = statement.real(1);
            }
            m_numbers.push_back({id, value, null});
            break;
        }
        case SortKey::Kind::Text: addText(id, null ? std::string_view() : statement.textView(1), null); break;
        case SortKey::Kind::Dictionary: {
            m_ids.push_back(id);
            if (null) {
                m_codes.push_back(-1);
                break;
            }
            const auto value = statement.textView(1);
            auto it = m_dictionary.find(std::string(value));
            if (it == m_dictionary.end())
                it = m_dictionary.emplace(std::string(value), static_cast<std::int64_t>(m_dictionary.size())).first;
            m_codes.push_back(it->second);
            break;
        }
        }
    }

    // The ids in the sort's order; empty when stopped.
    std::vector<std::int64_t> sorted(Database &db, bool descending, const std::stop_token &stop)
    {
        if (m_key.kind == SortKey::Kind::Dictionary)
            rankDictionary();
        if (m_key.kind == SortKey::Kind::Number)
            return sortedNumbers(descending);
        if (m_key.kind == SortKey::Kind::Text)
            return sortedTexts(db, descending, stop);
        return std::move(m_ids);
    }

private:
    struct NumberEntry
    {
        std::int64_t id;
        double key;
        bool null;
    };
    struct TextEntry
    {
        std::int64_t id;
        // The first 16 bytes, big-endian, zero-padded: most comparisons end here, without a
        // look into prefixes.
        std::uint64_t head;
        std::uint64_t head2;
        size_t offset;
        std::uint32_t length;
        bool truncated; // the value goes on beyond the prefix
        bool null;
    };

    void addText(std::int64_t id, std::string_view prefix, bool null)
    {
        const bool truncated = prefix.size() > sortPrefixBytes;
        prefix = prefix.substr(0, sortPrefixBytes);
        auto bigEndian = [&](size_t from) {
            std::uint64_t value = 0;
            for (size_t i = from; i < from + 8; ++i)
                value = value << 8 | (i < prefix.size() ? static_cast<unsigned char>(prefix[i]) : 0U);
            return value;
        };
        m_texts.push_back({id, bigEndian(0), bigEndian(8), m_prefixes.size(), static_cast<std::uint32_t>(prefix.size()),
                           truncated, null});
        m_prefixes += prefix;
    }

    // Dictionary codes become the rank of their value: then a number sort.
    void rankDictionary()
    {
        std::vector<std::pair<std::string_view, std::int64_t>> values(m_dictionary.begin(), m_dictionary.end());
        std::sort(values.begin(), values.end());
        std::vector<double> rankOfCode(values.size());
        for (size_t rank = 0; rank < values.size(); ++rank)
            rankOfCode[static_cast<size_t>(values[rank].second)] = static_cast<double>(rank);
        m_numbers.reserve(m_ids.size());
        for (size_t i = 0; i < m_ids.size(); ++i)
            m_numbers.push_back(
                {m_ids[i], m_codes[i] < 0 ? 0 : rankOfCode[static_cast<size_t>(m_codes[i])], m_codes[i] < 0});
        m_ids.clear();
        m_key.kind = SortKey::Kind::Number;
    }

    std::vector<std::int64_t> sortedNumbers(bool descending)
    {
        sortEntries(m_numbers, descending, [](const NumberEntry &a, const NumberEntry &b) {
            return a.key < b.key ? -1 : b.key < a.key ? 1 : 0;
        });
        std::vector<std::int64_t> ids;
        ids.reserve(m_numbers.size());
        for (const auto &entry : m_numbers)
            ids.push_back(entry.id);
        return ids;
    }

    std::string_view prefixOf(const TextEntry &entry) const
    {
        return std::string_view(m_prefixes).substr(entry.offset, entry.length);
    }

    std::vector<std::int64_t> sortedTexts(Database &db, bool descending, const std::stop_token &stop)
    {
        // Byte order, as SQLite's BINARY collation: code point order for UTF-8. A value that
        // ends where another's prefix goes on is the smaller; two truncated equal prefixes tie
        // until their whole values are compared below.
        auto comparePrefixes = [&](const TextEntry &a, const TextEntry &b) {
            if (a.head != b.head)
                return a.head < b.head ? -1 : 1;
            if (a.head2 != b.head2)
                return a.head2 < b.head2 ? -1 : 1;
            const int order = prefixOf(a).compare(prefixOf(b));
            if (order != 0 || a.truncated == b.truncated)
                return order;
            return a.truncated ? 1 : -1;
        };
        sortEntries(m_texts, descending, comparePrefixes);
        for (size_t first = 0; first < m_texts.size();) {
            size_t last = first + 1;
            while (last < m_texts.size() && !m_texts[first].null && m_texts[first].truncated && m_texts[last].truncated
                   && !m_texts[last].null && prefixOf(m_texts[first]) == prefixOf(m_texts[last]))
                ++last;
            if (last - first > 1) {
                if (stop.stop_requested())
                    return {};
                orderTiedByWholeValue(db, descending, first, last);
            }
            first = last;
        }
        std::vector<std::int64_t> ids;
        ids.reserve(m_texts.size());
        for (const auto &entry : m_texts)
            if (entry.id != 0)
                ids.push_back(entry.id);
        return ids;
    }

    // Texts [first, last) share their whole prefix: read their values whole and order them.
    void orderTiedByWholeValue(Database &db, bool descending, size_t first, size_t last)
    {
        std::vector<std::int64_t> tied;
        for (size_t i = first; i < last; ++i)
            tied.push_back(m_texts[i].id);
        std::vector<std::pair<std::string, std::int64_t>> whole;
        whole.reserve(tied.size());
        selectByIds(
            db, "SELECT " + m_key.column + ", id FROM examples WHERE id IN (", 1, tied, [](Statement &) {},
            [&](Statement &row) { whole.emplace_back(row.text(0), row.int64(1)); });
        std::sort(whole.begin(), whole.end(), [&](const auto &a, const auto &b) {
            const int order = a.first.compare(b.first);
            if (order != 0)
                return descending ? order > 0 : order < 0;
            return a.second < b.second;
        });
        // Rows deleted since the first read are gone from whole, and from the list.
        for (size_t i = first; i < last; ++i)
            m_texts[i].id = i - first < whole.size() ? whole[i - first].second : 0;
    }

    SortKey m_key;
    std::unordered_map<std::int64_t, double> m_labelRanks;
    std::vector<std::int64_t> m_ids;
    std::vector<NumberEntry> m_numbers;
    std::vector<TextEntry> m_texts;
    std::string m_prefixes;
    std::unordered_map<std::string, std::int64_t> m_dictionary; // value -> code, in order of appearance
    std::vector<std::int64_t> m_codes;
};

// Reads every matching id with its key into `keyed`; false when stopped. The index's mark and
// the index are read in one snapshot (a background indexer commits chunks meanwhile), unless
// the caller's transaction is one already.
bool readMatchingIds(Database &db, IdQuery &q, KeyedIds &keyed, const std::stop_token &stop)
{
    std::optional<Transaction> snapshot;
    std::vector<SearchPart> parts{SearchPart::All};
    std::int64_t indexedUpTo = 0;
    if (!q.words.indexed.empty()) {
        if (sqlite3_get_autocommit(db.handle()))
            snapshot.emplace(db, Transaction::Kind::Read);
        indexedUpTo = db.queryInt("SELECT upto FROM search_index");
        parts = {SearchPart::Indexed};
        if (db.queryInt("SELECT EXISTS (SELECT 1 FROM examples WHERE id > " + std::to_string(indexedUpTo) + ")")) {
            q.fold = &ensureSearchScan(db.handle());
            parts.insert(q.idDescending ? parts.begin() : parts.end(), SearchPart::Unindexed);
        }
    }
    InterruptOnStop interrupt(db, stop);
    size_t rows = 0;
    for (const auto part : parts) {
        QueryBuilder query;
        auto statement = db.prepare(idQuerySql(q, query, part, indexedUpTo));
        query.bindTo(statement);
        while (statement.step()) {
            keyed.add(statement);
            if (++rows % stopCheckRows == 0 && stop.stop_requested())
                return false;
        }
    }
    if (snapshot)
        snapshot->commit();
    return true;
}

} // namespace

ExampleBrowser::ExampleBrowser(Database &db)
    : m_db(db)
{
}

std::vector<std::int64_t> ExampleBrowser::matchingIds(std::int64_t datasetId, const ExampleFilter &filter,
                                                      const ExampleSort &sort, std::stop_token stop)
{
    requireRunForPredictionFilters(filter);
    IdQuery query{datasetId, filter, searchWords(filter.search),
                  sortKey(sort.column, filter.runId.has_value(), filter.review),
                  sort.descending && sort.column == ExampleColumn::Id};
    KeyedIds keyed(query.key, query.key.labelRank ? labelRanksByName(m_db, datasetId)
                                                  : std::unordered_map<std::int64_t, double>{});
    try {
        if (!readMatchingIds(m_db, query, keyed, stop))
            return {};
    } catch (const Error &) {
        if (stop.stop_requested())
            return {};
        throw;
    }
    if (stop.stop_requested())
        return {};
    return keyed.sorted(m_db, sort.descending, stop);
}

std::vector<ExampleRow> ExampleBrowser::rows(const std::vector<std::int64_t> &ids, std::optional<std::int64_t> runId)
{
    std::unordered_map<std::int64_t, ExampleRow> found;
    found.reserve(ids.size());
    selectByIds(
        m_db, rowsSql, 2, ids, [&](Statement &statement) { statement.bind(1, runId); },
        [&](Statement &statement) {
            ExampleRow row;
            row.id = statement.int64(0);
            row.externalId = statement.text(1);
            row.lang = statement.text(2);
            row.langGuessed = statement.int64(3) != 0;
            setPreview(row, statement.textView(4));
            row.labelId = statement.optionalInt64(5);
            row.label = statement.optionalText(6);
            row.split = statement.text(7);
            row.group = statement.optionalText(8);
            row.edited = statement.int64(9) != 0;
            row.predictedLabelId = statement.optionalInt64(10);
            row.predictedLabel = statement.optionalText(11);
            if (!statement.isNull(12))
                row.confidence = statement.real(12);
            found.emplace(row.id, std::move(row));
        });
    std::vector<ExampleRow> result;
    result.reserve(ids.size());
    for (const auto id : ids)
        if (const auto it = found.find(id); it != found.end())
            result.push_back(it->second);
    return result;
}

std::vector<std::string> ExampleBrowser::languages(std::int64_t datasetId)
{
    // Not DISTINCT, which puts every row through a temporary B-tree: a dataset has a handful
    // of languages. Id order reads the table front to back (examples_by_dataset).
    auto query = m_db.prepare("SELECT lang FROM examples WHERE dataset_id = ?1 ORDER BY id");
    query.bind(1, datasetId);
    std::set<std::string, std::less<>> seen;
    while (query.step()) {
        const auto lang = query.textView(0);
        if (seen.find(lang) == seen.end())
            seen.emplace(lang);
    }
    return {seen.begin(), seen.end()};
}

} // namespace glossa::core::store
