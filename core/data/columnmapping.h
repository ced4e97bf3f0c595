#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace glossa::core::data {

// The fields Glossa reads from an input file.
enum class Field { Text, Label, Lang, Split, Id, Group, LangGuessed };
inline constexpr size_t fieldCount = 7;

std::string_view fieldKey(Field field); // text, label, lang, split, id, group, lang_guessed

// Which column (CSV/TSV) or key (JSONL) holds each field. Unmapped fields use their own name,
// or a common alias when the file has that instead ("intent" for label, "language" for lang).
class ColumnMapping
{
public:
    // "text=review,label=stars"; throws Error on an unknown field, a malformed pair or a field
    // given twice (text=a,text=b). One column may feed two fields (label=intent,group=intent),
    // as the import dialog allows and shows.
    static ColumnMapping parse(std::string_view spec);

    void set(Field field, std::string column);
    bool isExplicit(Field field) const { return m_explicit[static_cast<size_t>(field)]; }
    const std::string &column(Field field) const { return m_columns[static_cast<size_t>(field)]; }
    // The names tried for a field, in order: the mapped column alone, or the name and aliases.
    std::vector<std::string> candidates(Field field) const;

    // The column each field is read from among `columns` (a header, or a JSON object's keys,
    // in the file's order). A mapped field: its column, by exact name. Otherwise the field's
    // name or an alias, exactly as written, else ignoring case ("Text", "LABEL"); and for the
    // id, else the first column named like an identifier that feeds no other field
    // ("ticket_id", "TicketID", "uuid", "key"): exports from ticket systems and databases
    // carry theirs under such names.
    std::array<std::optional<size_t>, fieldCount> resolve(const std::vector<std::string_view> &columns) const;

private:
    std::array<std::string, fieldCount> m_columns{};
    std::array<bool, fieldCount> m_explicit{};
};

} // namespace glossa::core::data
