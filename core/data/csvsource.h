#pragma once

#include "data/chunkedinput.h"
#include "data/csvreader.h"
#include "data/recordsource.h"

#include <string_view>
#include <unordered_map>
#include <vector>

namespace glossa::core::data {

// A header wider or longer than this is refused: it is a data row, a file that is not CSV,
// or an attack on the checks that run per column.
inline constexpr size_t maxHeaderColumns = 4096;
inline constexpr size_t maxHeaderBytes = 256 << 10;

// CSV or TSV with a header row; maps the header's columns onto Glossa's fields.
class CsvSource final : public RecordSource
{
public:
    CsvSource(const std::filesystem::path &file, std::string displayName, char delimiter, const ColumnMapping &mapping,
              const SourceLimits &limits);

    bool next(SourceRow &row) override;
    std::uint64_t bytesRead() const override { return m_input.bytesConsumed(); }
    std::uint64_t totalBytes() const override { return m_input.fileSize(); }
    std::string describeMapping() const override;
    std::string columnName(Field field) const override;
    std::string encoding() const override { return m_input.encoding().describe(); }
    std::vector<std::string> extraColumns() const override;
    std::vector<std::string> droppedColumns() const override;

private:
    void readHeader(const ColumnMapping &mapping);
    [[noreturn]] void failInvalidUtf8(const std::vector<std::string_view> &fields) const;

    ChunkedInput m_input;
    CsvReader m_reader;
    char m_delimiter;
    std::vector<std::string> m_header;
    // Column index by name; views into m_header, which is not changed once read.
    std::unordered_map<std::string_view, size_t> m_columnIndex;
    std::array<std::optional<size_t>, fieldCount> m_columnOf{};
    // The columns no field reads: kept as metadata (at most store::maxMetadataColumns), then
    // the rest.
    std::vector<size_t> m_extraColumns;
    std::vector<size_t> m_droppedColumns;
    std::vector<std::string_view> m_fields;
};

} // namespace glossa::core::data
