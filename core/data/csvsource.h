#pragma once

#include "data/chunkedinput.h"
#include "data/csvreader.h"
#include "data/recordsource.h"

#include <vector>

namespace glossa::core::data {

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

private:
    void readHeader(const ColumnMapping &mapping);
    [[noreturn]] void failInvalidUtf8(const std::vector<std::string_view> &fields) const;

    ChunkedInput m_input;
    CsvReader m_reader;
    std::vector<std::string> m_header;
    std::array<std::optional<size_t>, fieldCount> m_columnOf{};
    std::vector<std::string_view> m_fields;
};

} // namespace glossa::core::data
