#include "data/jsonlsource.h"

#include "data/importerror.h"
#include "data/utf8.h"
#include "store/examplemetadata.h"

#include <simdjson.h>

#include <algorithm>
#include <cstring>
#include <deque>
#include <unordered_map>

namespace glossa::core::data {
namespace {

// simdjson's messages name its internals; these say what to fix.
std::string describeJsonError(simdjson::error_code code)
{
    switch (code) {
    case simdjson::TAPE_ERROR: return "malformed JSON (a missing comma, brace, bracket or quote?)";
    case simdjson::UNCLOSED_STRING: return "malformed JSON: a string is not closed";
    case simdjson::STRING_ERROR: return "malformed JSON: an invalid escape in a string";
    case simdjson::UNESCAPED_CHARS:
        return "malformed JSON: a control character inside a string (escape it as \\n, \\t, ...)";
    case simdjson::NUMBER_ERROR: return "malformed JSON: an invalid number";
    case simdjson::T_ATOM_ERROR:
    case simdjson::F_ATOM_ERROR:
    case simdjson::N_ATOM_ERROR: return "malformed JSON: an unquoted word (only true, false and null are allowed)";
    case simdjson::DEPTH_ERROR: return "malformed JSON: nested too deeply";
    case simdjson::UTF8_ERROR: return "invalid UTF-8; save the file as UTF-8";
    case simdjson::EMPTY: return "empty JSON document";
    default: return std::string("malformed JSON: ") + simdjson::error_message(code);
    }
}

std::string_view typeName(simdjson::dom::element_type type)
{
    using T = simdjson::dom::element_type;
    switch (type) {
    case T::ARRAY: return "an array";
    case T::OBJECT: return "an object";
    case T::INT64:
    case T::UINT64:
    case T::DOUBLE: return "a number";
    case T::STRING: return "a string";
    case T::BOOL: return "true/false";
    case T::NULL_VALUE: return "null";
    }
    return "a value";
}

// A label may be any number or true/false, an id or a group a whole number: as the JSON text
// writes it ("3", "2.5", "true"). Nothing for anything else (a text must be a string).
std::optional<std::string> scalarAsText(Field field, simdjson::dom::element value)
{
    using T = simdjson::dom::element_type;
    const bool label = field == Field::Label;
    if (!label && field != Field::Id && field != Field::Group)
        return std::nullopt;
    switch (value.type()) {
    case T::INT64: return std::to_string(value.get_int64().value_unsafe());
    case T::UINT64: return std::to_string(value.get_uint64().value_unsafe());
    case T::DOUBLE: return label ? std::optional(simdjson::to_string(value)) : std::nullopt;
    case T::BOOL: return label ? std::optional<std::string>(value.get_bool().value_unsafe() ? "true" : "false") : std::nullopt;
    default: return std::nullopt;
    }
}

} // namespace

struct JsonlSource::Parser
{
    simdjson::dom::parser parser;
    std::array<std::string, fieldCount> keys; // the key each field is read from
    std::array<std::string, fieldCount> scalarText; // a number or boolean value, as text
    std::vector<std::string_view> objectKeys;       // of the object being read
    std::vector<std::string> lastKeys;              // of the last object looked at
    // Keys no field reads, as first seen: kept as metadata (true) or left out beyond
    // store::maxMetadataColumns (false). Node-based, so rows' extras can point at the names.
    std::unordered_map<std::string, bool> extraKeys;
    std::vector<const std::string *> keptKeys;
    std::vector<const std::string *> droppedKeys;
    std::deque<std::string> extraText; // a row's metadata values that are not strings, as JSON
};

namespace {

// Names of keys left out beyond the kept ones are remembered up to here (a file whose every
// line has new keys would otherwise grow the map without end).
constexpr size_t maxDroppedKeys = 4096;

} // namespace

JsonlSource::JsonlSource(const std::filesystem::path &file, std::string displayName, const ColumnMapping &mapping,
                         const SourceLimits &limits)
    : m_input(file, std::move(displayName), limits.recordLimit(), limits.raiseHint)
    , m_mapping(mapping)
    , m_parser(std::make_unique<Parser>())
{
    for (size_t k = 0; k < fieldCount; ++k) {
        const auto field = static_cast<Field>(k);
        m_parser->keys[k] = m_mapping.candidates(field).front();
        // A mapped key is what it is; the others are settled by the objects.
        m_keyResolved[k] = m_mapping.isExplicit(field);
    }
}

JsonlSource::~JsonlSource() = default;

bool JsonlSource::next(SourceRow &row)
{
    const auto text = nextLine();
    if (!text)
        return false;
    const auto &file = m_input.displayName();
    simdjson::dom::element document;
    // The window keeps ChunkedInput::padding readable bytes after any line, as simdjson needs.
    if (auto error = m_parser->parser.parse(text->data(), text->size(), false).get(document))
        throw ImportError(file, m_line, {}, describeJsonError(error));
    simdjson::dom::object object;
    if (document.get(object))
        throw ImportError(file, m_line, {},
                          "expected a JSON object ({\"text\": ...}), got " + std::string(typeName(document.type())));
    settleKeys(object);
    readFields(object, row);
    if (!row[Field::Text])
        throw ImportError(file, m_line, {}, "no \"" + m_parser->keys[static_cast<size_t>(Field::Text)] + "\" field");
    return true;
}

std::optional<std::string_view> JsonlSource::nextLine()
{
    const auto &file = m_input.displayName();
    for (;;) {
        auto window = m_input.window();
        const char *newline = static_cast<const char *>(std::memchr(window.data(), '\n', window.size()));
        while (!newline && !m_input.atEof()) {
            if (window.size() >= m_input.maxRecordBytes())
                throw ImportError(file, m_line + 1, {},
                                  "the line is longer than " + m_input.maxRecordSize() + m_input.raiseHint());
            m_input.refill();
            window = m_input.window();
            newline = static_cast<const char *>(std::memchr(window.data(), '\n', window.size()));
        }
        if (window.empty()) {
            // An absent key is an absent value in JSONL, but a mapped key that no object has
            // is a typo in the mapping, as a missing CSV column is.
            for (size_t k = 0; k < fieldCount; ++k) {
                const auto field = static_cast<Field>(k);
                if (m_mapping.isExplicit(field) && !m_keySeen[k])
                    throw ImportError(file, 0, {},
                                      "no object has a key named '" + m_parser->keys[k] + "' for "
                                          + std::string(fieldKey(field)));
            }
            return std::nullopt;
        }
        const size_t lineLength = newline ? static_cast<size_t>(newline - window.data()) : window.size();
        std::string_view text = window.substr(0, lineLength);
        m_input.consume(newline ? lineLength + 1 : lineLength);
        ++m_line;
        if (text.size() > m_input.maxRecordBytes())
            throw ImportError(file, m_line, {},
                              "the line is longer than " + m_input.maxRecordSize() + m_input.raiseHint());
        if (!text.empty() && text.back() == '\r')
            text.remove_suffix(1);
        if (trimmed(text).empty())
            continue;
        if (auto bad = firstInvalidUtf8(text))
            throw ImportError(file, m_line, {},
                              "invalid UTF-8 at byte " + std::to_string(*bad + 1)
                                  + " of the line; save the file as UTF-8");
        return text;
    }
}

void JsonlSource::settleKeys(const simdjson::dom::object &object)
{
    // Aliases ("intent" for label, "Text", "ticket_id") are settled by the first object that
    // has one of them and then kept; a first row without a label must not hide the labels
    // of the rest. Objects with the keys of the one before (most files) are not looked at again.
    if (std::find(m_keyResolved.begin(), m_keyResolved.end(), false) == m_keyResolved.end())
        return;
    auto &keys = m_parser->objectKeys;
    keys.clear();
    for (auto [key, value] : object)
        keys.push_back(key);
    auto &last = m_parser->lastKeys;
    if (std::equal(keys.begin(), keys.end(), last.begin(), last.end()))
        return;
    last.assign(keys.begin(), keys.end());
    const auto resolved = m_mapping.resolve(keys);
    for (size_t k = 0; k < fieldCount; ++k) {
        if (!m_keyResolved[k] && resolved[k]) {
            m_parser->keys[k] = std::string(keys[*resolved[k]]);
            m_keyResolved[k] = true;
        }
    }
}

void JsonlSource::readFields(const simdjson::dom::object &object, SourceRow &row)
{
    const auto &file = m_input.displayName();
    row.line = m_line;
    row.fields.fill(std::nullopt);
    row.extras.clear();
    m_parser->extraText.clear();
    std::array<bool, fieldCount> present{};
    for (auto [key, value] : object) {
        const auto slot = std::find(m_parser->keys.begin(), m_parser->keys.end(), key);
        if (slot == m_parser->keys.end()) {
            keepExtra(key, value, row);
            continue;
        }
        const auto k = static_cast<size_t>(slot - m_parser->keys.begin());
        const auto field = static_cast<Field>(k);
        // Checked on presence, not value: {"label": null, "label": "x"} is a duplicate too.
        if (present[k])
            throw ImportError(file, m_line, std::string(key), "appears twice in the object");
        present[k] = true;
        m_keySeen[k] = true;
        const auto type = value.type();
        if (type == simdjson::dom::element_type::NULL_VALUE)
            continue;
        if (type == simdjson::dom::element_type::STRING) {
            const std::string_view text = value.get_string().value_unsafe();
            // "\u0000" is valid JSON, but no text file (CSV, TSV) could carry it back.
            if (text.find('\0') != std::string_view::npos)
                throw ImportError(file, m_line, std::string(key), "contains a NUL character (\\u0000)");
            row.fields[k] = text;
        } else if (field == Field::LangGuessed && type == simdjson::dom::element_type::BOOL) {
            row.fields[k] = value.get_bool().value_unsafe() ? std::string_view("1") : std::string_view("0");
        } else if (const auto text = scalarAsText(field, value)) {
            // Exports write numeric labels and ids as numbers ({"label": 3, "id": 1024}):
            // read as the text they print as, so 3 and "3" are the same label.
            m_parser->scalarText[k] = *text;
            row.fields[k] = std::string_view(m_parser->scalarText[k]);
        } else {
            throw ImportError(file, m_line, std::string(key),
                              std::string(field == Field::Label ? "expected a string, a number or true/false"
                                          : field == Field::Id || field == Field::Group
                                              ? "expected a string or a whole number"
                                              : "expected a string")
                                  + ", got " + std::string(typeName(type)));
        }
    }
}

void JsonlSource::keepExtra(std::string_view key, const simdjson::dom::element &value, SourceRow &row)
{
    auto &parser = *m_parser;
    auto known = parser.extraKeys.find(std::string(key));
    if (known == parser.extraKeys.end()) {
        const bool kept = parser.keptKeys.size() < store::maxMetadataColumns;
        if (!kept && parser.droppedKeys.size() >= maxDroppedKeys)
            return;
        known = parser.extraKeys.emplace(std::string(key), kept).first;
        (kept ? parser.keptKeys : parser.droppedKeys).push_back(&known->first);
    }
    if (!known->second)
        return;
    const std::string_view column = known->first;
    // A key twice in one object: the first value is kept, as for the fields' keys.
    for (const auto &extra : row.extras)
        if (extra.column == column)
            return;
    using T = simdjson::dom::element_type;
    switch (value.type()) {
    case T::NULL_VALUE: return;
    case T::STRING: {
        const std::string_view text = value.get_string().value_unsafe();
        if (!text.empty() && text.find('\0') == std::string_view::npos)
            row.extras.push_back({column, text});
        return;
    }
    default:
        // Numbers and true/false as JSON writes them ("3", "2.5", "true"); arrays and objects
        // as their (minified) JSON text, which an export writes back.
        row.extras.push_back({column, parser.extraText.emplace_back(simdjson::minify(value))});
        return;
    }
}

std::vector<std::string> JsonlSource::extraColumns() const
{
    std::vector<std::string> names;
    for (const auto *name : m_parser->keptKeys)
        names.push_back(*name);
    return names;
}

std::vector<std::string> JsonlSource::droppedColumns() const
{
    std::vector<std::string> names;
    for (const auto *name : m_parser->droppedKeys)
        names.push_back(*name);
    return names;
}

std::string JsonlSource::columnName(Field field) const
{
    return m_parser->keys[static_cast<size_t>(field)];
}

std::string JsonlSource::describeMapping() const
{
    // Only the keys the file had: "label=intent" for a file with intents, nothing about a
    // split or a group it never mentions.
    std::string description;
    for (size_t k = 0; k < fieldCount; ++k)
        if (m_keySeen[k])
            description += (description.empty() ? "" : ", ") + std::string(fieldKey(static_cast<Field>(k))) + "="
                           + m_parser->keys[k];
    return description;
}

} // namespace glossa::core::data
