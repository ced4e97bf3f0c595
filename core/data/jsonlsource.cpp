#include "data/jsonlsource.h"

#include "data/importerror.h"
#include "data/utf8.h"

#include <simdjson.h>

#include <algorithm>
#include <cstring>

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

} // namespace

struct JsonlSource::Parser
{
    simdjson::dom::parser parser;
    std::array<std::string, fieldCount> keys; // the key each field is read from
    std::string idText;                       // an integer id, as text
};

JsonlSource::JsonlSource(const std::filesystem::path &file, std::string displayName, const ColumnMapping &mapping,
                         const SourceLimits &limits)
    : m_input(file, std::move(displayName), limits.recordLimit(), limits.raiseHint)
    , m_mapping(mapping)
    , m_parser(std::make_unique<Parser>())
{
    for (size_t k = 0; k < fieldCount; ++k) {
        const auto candidates = m_mapping.candidates(static_cast<Field>(k));
        m_parser->keys[k] = candidates.front();
        // With a single possible key there is nothing to settle.
        m_keyResolved[k] = candidates.size() == 1;
    }
}

JsonlSource::~JsonlSource() = default;

bool JsonlSource::next(SourceRow &row)
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
            return false;
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

        simdjson::dom::element document;
        // The window keeps ChunkedInput::padding readable bytes after any line, as simdjson needs.
        if (auto error = m_parser->parser.parse(text.data(), text.size(), false).get(document))
            throw ImportError(file, m_line, {}, describeJsonError(error));
        simdjson::dom::object object;
        if (document.get(object))
            throw ImportError(file, m_line, {},
                              "expected a JSON object ({\"text\": ...}), got "
                                  + std::string(typeName(document.type())));

        // Aliases ("intent" for label) are settled by the first object that has one of them
        // and then kept; a first row without a label must not hide the labels of the rest.
        for (size_t k = 0; k < fieldCount; ++k) {
            if (m_keyResolved[k])
                continue;
            for (const auto &candidate : m_mapping.candidates(static_cast<Field>(k))) {
                if (object.at_key(candidate).error() == simdjson::SUCCESS) {
                    m_parser->keys[k] = candidate;
                    m_keyResolved[k] = true;
                    break;
                }
            }
        }

        row.line = m_line;
        row.fields.fill(std::nullopt);
        std::array<bool, fieldCount> present{};
        for (auto [key, value] : object) {
            const auto slot = std::find(m_parser->keys.begin(), m_parser->keys.end(), key);
            if (slot == m_parser->keys.end())
                continue;
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
            } else if (field == Field::Id
                       && (type == simdjson::dom::element_type::INT64 || type == simdjson::dom::element_type::UINT64)) {
                m_parser->idText = type == simdjson::dom::element_type::INT64
                                       ? std::to_string(value.get_int64().value_unsafe())
                                       : std::to_string(value.get_uint64().value_unsafe());
                row.fields[k] = std::string_view(m_parser->idText);
            } else if (field == Field::LangGuessed && type == simdjson::dom::element_type::BOOL) {
                row.fields[k] = value.get_bool().value_unsafe() ? std::string_view("1") : std::string_view("0");
            } else {
                throw ImportError(file, m_line, std::string(key),
                                  "expected a string, got " + std::string(typeName(type)));
            }
        }
        if (!row[Field::Text])
            throw ImportError(file, m_line, {},
                              "no \"" + m_parser->keys[static_cast<size_t>(Field::Text)] + "\" field");
        return true;
    }
}

std::string JsonlSource::columnName(Field field) const
{
    return m_parser->keys[static_cast<size_t>(field)];
}

std::string JsonlSource::describeMapping() const
{
    std::string description;
    for (size_t k = 0; k < fieldCount; ++k)
        description +=
            (description.empty() ? "" : ", ") + std::string(fieldKey(static_cast<Field>(k))) + "=" + m_parser->keys[k];
    return description;
}

} // namespace glossa::core::data
