#include "data/csvsource.h"

#include "data/importerror.h"
#include "data/utf8.h"
#include "store/examplemetadata.h"

#include <algorithm>
#include <cstring>

namespace glossa::core::data {

CsvSource::CsvSource(const std::filesystem::path &file, std::string displayName, char delimiter,
                     const ColumnMapping &mapping, const SourceLimits &limits)
    : m_input(file, std::move(displayName), limits.recordLimit(), limits.raiseHint)
    , m_reader(m_input, delimiter)
    , m_delimiter(delimiter)
{
    readHeader(mapping);
}

namespace {

// "id, text, label", or the first names and how many more, so a wide file's message stays a line.
std::string listColumns(const std::vector<std::string> &header)
{
    constexpr size_t listed = 20;
    std::string columns;
    for (size_t k = 0; k < std::min(header.size(), listed); ++k)
        columns += (columns.empty() ? "" : ", ") + header[k];
    if (header.size() > listed)
        columns += " and " + std::to_string(header.size() - listed) + " more";
    return columns;
}

} // namespace

void CsvSource::readHeader(const ColumnMapping &mapping)
{
    const auto &file = m_input.displayName();
    if (!m_reader.next(m_fields))
        throw ImportError(file, 0, {}, "the file is empty");
    const auto line = m_reader.recordLine();
    // A header this wide is a data row or a file that is not CSV; refused before any work
    // per column.
    if (m_fields.size() > maxHeaderColumns)
        throw ImportError(file, line, {},
                          "the header has " + std::to_string(m_fields.size()) + " columns, more than the "
                              + std::to_string(maxHeaderColumns)
                              + " an import reads (is the first line a header row, and is the file "
                              + (m_delimiter == '\t' ? "TSV" : "CSV") + "?)");
    if (m_reader.rawRecord().size() > maxHeaderBytes)
        throw ImportError(file, line, {},
                          "the header is longer than " + describeLimit(maxHeaderBytes)
                              + " (is the first line a header row, and is the file "
                              + (m_delimiter == '\t' ? "TSV" : "CSV") + "?)");
    if (auto bad = firstInvalidUtf8(m_reader.rawRecord()))
        throw ImportError(file, line, {},
                          "the header is not valid UTF-8 (byte " + std::to_string(*bad + 1)
                              + "); save the file as UTF-8");
    m_header.reserve(m_fields.size());
    for (const auto field : m_fields)
        m_header.emplace_back(trimmed(field));
    // One pass with a hash set (the header no longer changes, so views into it stay valid):
    // a header of many thousand columns is checked in milliseconds, not minutes.
    m_columnIndex.reserve(m_header.size());
    for (size_t k = 0; k < m_header.size(); ++k) {
        if (!m_columnIndex.emplace(m_header[k], k).second)
            throw ImportError(file, line, {},
                              "the header names the column '" + m_header[k] + "' twice (columns "
                                  + std::to_string(m_columnIndex.at(m_header[k]) + 1) + " and " + std::to_string(k + 1)
                                  + "); give each column its own name");
    }

    const auto resolved = mapping.resolve(std::vector<std::string_view>(m_header.begin(), m_header.end()));
    for (size_t k = 0; k < fieldCount; ++k) {
        const auto field = static_cast<Field>(k);
        m_columnOf[k] = resolved[k];
        if (!m_columnOf[k] && mapping.isExplicit(field))
            throw ImportError(file, line, {},
                              "no column named '" + mapping.column(field) + "' for " + std::string(fieldKey(field))
                                  + " (columns: " + listColumns(m_header) + ")");
    }
    if (!m_columnOf[static_cast<size_t>(Field::Text)])
        throw ImportError(file, line, {},
                          "no 'text' column (columns: " + listColumns(m_header)
                              + "); map the column that holds the text to text");
    for (size_t k = 0; k < m_header.size(); ++k) {
        if (std::find(m_columnOf.begin(), m_columnOf.end(), std::optional(k)) != m_columnOf.end())
            continue;
        (m_extraColumns.size() < store::maxMetadataColumns ? m_extraColumns : m_droppedColumns).push_back(k);
    }
}

void CsvSource::failInvalidUtf8(const std::vector<std::string_view> &fields) const
{
    for (size_t k = 0; k < fields.size(); ++k) {
        if (auto bad = firstInvalidUtf8(fields[k]))
            throw ImportError(m_input.displayName(), m_reader.recordLine(), m_header[k],
                              "invalid UTF-8 at byte " + std::to_string(*bad + 1) + "; save the file as UTF-8");
    }
    throw ImportError(m_input.displayName(), m_reader.recordLine(), {}, "invalid UTF-8; save the file as UTF-8");
}

bool CsvSource::next(SourceRow &row)
{
    if (!m_reader.next(m_fields))
        return false;
    const auto line = m_reader.recordLine();
    if (m_fields.size() != m_header.size())
        throw ImportError(m_input.displayName(), line, {},
                          std::to_string(m_fields.size()) + (m_fields.size() == 1 ? " field" : " fields")
                              + ", but the header has " + std::to_string(m_header.size())
                              + " (a missing or extra delimiter, or an unquoted line break?)");
    const auto raw = m_reader.rawRecord();
    if (std::memchr(raw.data(), '\0', raw.size()))
        throw ImportError(m_input.displayName(), line, {}, "contains a NUL byte (binary data, not text)");
    if (firstInvalidUtf8(raw))
        failInvalidUtf8(m_fields);

    row.line = line;
    for (size_t k = 0; k < fieldCount; ++k)
        row.fields[k] = m_columnOf[k] ? std::optional(m_fields[*m_columnOf[k]]) : std::nullopt;
    row.extras.clear();
    for (const auto k : m_extraColumns)
        if (!m_fields[k].empty())
            row.extras.push_back({m_header[k], m_fields[k]});
    return true;
}

std::vector<std::string> CsvSource::extraColumns() const
{
    std::vector<std::string> names;
    names.reserve(m_extraColumns.size());
    for (const auto k : m_extraColumns)
        names.push_back(m_header[k]);
    return names;
}

std::vector<std::string> CsvSource::droppedColumns() const
{
    std::vector<std::string> names;
    names.reserve(m_droppedColumns.size());
    for (const auto k : m_droppedColumns)
        names.push_back(m_header[k]);
    return names;
}

std::string CsvSource::columnName(Field field) const
{
    const auto &column = m_columnOf[static_cast<size_t>(field)];
    return column ? m_header[*column] : std::string(fieldKey(field));
}

std::string CsvSource::describeMapping() const
{
    std::string description;
    for (size_t k = 0; k < fieldCount; ++k) {
        if (m_columnOf[k])
            description += (description.empty() ? "" : ", ") + std::string(fieldKey(static_cast<Field>(k))) + "="
                           + m_header[*m_columnOf[k]];
    }
    return description;
}

} // namespace glossa::core::data
