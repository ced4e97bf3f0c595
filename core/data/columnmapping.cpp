#include "data/columnmapping.h"

#include "data/utf8.h"
#include "util/error.h"

#include <algorithm>
#include <cctype>

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
    case Field::Id: return {"id", "uid", "uuid", "guid", "key"};
    case Field::Group: return {"group", "group_id"};
    case Field::LangGuessed: return {"lang_guessed"};
    }
    return {};
}

std::string lowered(std::string_view text)
{
    std::string lower(text);
    for (auto &c : lower)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return lower;
}

// "ticket_id", "ticket-id", "ticket id", "TicketId", "TICKETID": a name that ends in "id" after a
// separator or a lower-case letter (so "paid", "valid" and "android" are not identifiers).
bool namedLikeAnIdentifier(std::string_view name)
{
    if (name.size() < 3)
        return false;
    const auto lower = lowered(name);
    if (!lower.ends_with("id"))
        return false;
    const char before = name[name.size() - 3];
    const char first = name[name.size() - 2];
    if (before == '_' || before == '-' || before == ' ' || before == '.')
        return true;
    // CamelCase ("ticketId", "TicketID") or all capitals ("TICKETID" is too ambiguous: "PAID").
    return first == 'I' && std::islower(static_cast<unsigned char>(before));
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

std::array<std::optional<size_t>, fieldCount> ColumnMapping::resolve(const std::vector<std::string_view> &columns) const
{
    std::array<std::optional<size_t>, fieldCount> resolved{};
    std::vector<std::string> lowerColumns;
    lowerColumns.reserve(columns.size());
    for (const auto column : columns)
        lowerColumns.push_back(lowered(column));
    const auto find = [&](std::string_view name, bool ignoringCase) -> std::optional<size_t> {
        const auto wanted = ignoringCase ? lowered(name) : std::string(name);
        for (size_t i = 0; i < columns.size(); ++i)
            if ((ignoringCase ? std::string_view(lowerColumns[i]) : columns[i]) == wanted)
                return i;
        return std::nullopt;
    };
    for (size_t k = 0; k < fieldCount; ++k) {
        const auto field = static_cast<Field>(k);
        if (isExplicit(field)) {
            resolved[k] = find(column(field), false);
            continue;
        }
        for (const bool ignoringCase : {false, true}) {
            for (const auto &candidate : aliases(field)) {
                resolved[k] = find(candidate, ignoringCase);
                if (resolved[k])
                    break;
            }
            if (resolved[k])
                break;
        }
    }
    const auto id = static_cast<size_t>(Field::Id);
    if (!resolved[id] && !isExplicit(Field::Id)) {
        for (size_t i = 0; i < columns.size() && !resolved[id]; ++i) {
            const bool taken = std::find(resolved.begin(), resolved.end(), std::optional(i)) != resolved.end();
            if (!taken && namedLikeAnIdentifier(columns[i]))
                resolved[id] = i;
        }
    }
    return resolved;
}

} // namespace glossa::core::data
