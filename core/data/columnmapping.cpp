#include "data/columnmapping.h"

#include "data/utf8.h"
#include "util/error.h"

namespace glossa::core::data {
namespace {

constexpr std::array<std::string_view, fieldCount> keys = {"text", "label", "lang",        "split",
                                                           "id",   "group", "lang_guessed"};

std::vector<std::string> aliases(Field field)
{
    switch (field) {
    case Field::Text: return {"text", "sentence", "content", "utterance"};
    case Field::Label: return {"label", "intent", "class", "category"};
    case Field::Lang: return {"lang", "language", "locale"};
    case Field::Split: return {"split"};
    case Field::Id: return {"id"};
    case Field::Group: return {"group", "group_id"};
    case Field::LangGuessed: return {"lang_guessed"};
    }
    return {};
}

} // namespace

std::string_view fieldKey(Field field)
{
    return keys[static_cast<size_t>(field)];
}

ColumnMapping ColumnMapping::parse(std::string_view spec)
{
    ColumnMapping mapping;
    while (!spec.empty()) {
        const auto comma = spec.find(',');
        const auto pair = spec.substr(0, comma);
        spec = comma == std::string_view::npos ? std::string_view() : spec.substr(comma + 1);
        if (trimmed(pair).empty())
            continue;
        const auto equals = pair.find('=');
        if (equals == std::string_view::npos)
            throw Error("column mapping '" + std::string(pair) + "' needs the form field=COLUMN");
        const auto key = trimmed(pair.substr(0, equals));
        const auto column = trimmed(pair.substr(equals + 1));
        bool known = false;
        for (size_t k = 0; k < fieldCount; ++k) {
            if (keys[k] == key) {
                const auto field = static_cast<Field>(k);
                if (column.empty())
                    throw Error("column mapping for '" + std::string(key) + "' names no column");
                // The last of two would win silently, and the rows would be read from a column
                // the user may not have meant.
                if (mapping.isExplicit(field))
                    throw Error("the column mapping gives " + std::string(key) + " twice ('" + mapping.column(field)
                                + "' and '" + std::string(column) + "'); map each field to one column");
                mapping.set(field, std::string(column));
                known = true;
            }
        }
        if (!known)
            throw Error("unknown field '" + std::string(key)
                        + "' in the column mapping (fields: text, label, lang, split, id, group)");
    }
    return mapping;
}

void ColumnMapping::set(Field field, std::string column)
{
    m_columns[static_cast<size_t>(field)] = std::move(column);
    m_explicit[static_cast<size_t>(field)] = true;
}

std::vector<std::string> ColumnMapping::candidates(Field field) const
{
    if (isExplicit(field))
        return {column(field)};
    return aliases(field);
}

} // namespace glossa::core::data
