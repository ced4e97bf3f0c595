#pragma once

#include "data/chunkedinput.h"
#include "data/recordsource.h"

#include <array>
#include <memory>
#include <optional>
#include <string_view>

namespace simdjson::dom {
class element;
class object;
}

namespace glossa::core::data {

// One JSON object per line. Field values must be strings (or null for "absent"); a label may
// also be a number or true/false and an id or group a whole number (read as the text JSON
// writes them), lang_guessed a boolean. Keys no field reads are kept as metadata; a key
// mapped explicitly must appear in at least one object.
class JsonlSource final : public RecordSource
{
public:
    JsonlSource(const std::filesystem::path &file, std::string displayName, const ColumnMapping &mapping,
                const SourceLimits &limits);
    ~JsonlSource() override;

    bool next(SourceRow &row) override;
    std::uint64_t bytesRead() const override { return m_input.bytesConsumed(); }
    std::uint64_t totalBytes() const override { return m_input.fileSize(); }
    std::string describeMapping() const override;
    std::string columnName(Field field) const override;
    std::string encoding() const override { return m_input.encoding().describe(); }
    std::vector<std::string> extraColumns() const override;
    std::vector<std::string> droppedColumns() const override;

private:
    struct Parser;

    // The next line that is not blank, checked for length and UTF-8; none at the end.
    std::optional<std::string_view> nextLine();
    // Settles which key each field is read from, by the first object that has an alias.
    void settleKeys(const simdjson::dom::object &object);
    // The object's values into the row's fields, and its other keys into the row's metadata.
    void readFields(const simdjson::dom::object &object, SourceRow &row);
    // Adds a key no field reads to the row's metadata (remembering it among the kept keys).
    void keepExtra(std::string_view key, const simdjson::dom::element &value, SourceRow &row);

    ChunkedInput m_input;
    ColumnMapping m_mapping;
    std::unique_ptr<Parser> m_parser;
    std::int64_t m_line = 0;
    // Per field: whether the key it is read from is settled, and whether any object had it.
    std::array<bool, fieldCount> m_keyResolved{};
    std::array<bool, fieldCount> m_keySeen{};
};

} // namespace glossa::core::data
