#include "data/csvsource.h"

#include "data/importerror.h"
#include "data/utf8.h"

#include <algorithm>
#include <cstring>

namespace glossa::core::data {

CsvSource::CsvSource(const std::filesystem::path &file, std::string displayName, char delimiter,
                     const ColumnMapping &mapping, const SourceLimits &limits)
    : m_input(file, std::move(displayName), limits.maxRecordBytes)
    , m_reader(m_input, delimiter)
{
    readHeader(mapping);
}

void CsvSource::readHeader(const ColumnMapping &mapping)
{
    const auto &file = m_input.displayName();
    if (!m_reader.next(m_fields))
        throw ImportError(file, 0, {}, "the file is empty");
    if (auto bad = firstInvalidUtf8(m_reader.rawRecord()))
        throw ImportError(file, m_reader.recordLine(), {},
                          "the header is not valid UTF-8 (byte " + std::to_string(*bad + 1)
                              + "); save the file as UTF-8");
    for (const auto field : m_fields) {
        std::string name(trimmed(field));
        if (std::find(m_header.begin(), m_header.end(), name) != m_header.end())
            throw ImportError(file, m_reader.recordLine(), {}, "the header names the column '" + name + "' twice");
        m_header.push_back(std::move(name));
    }
    std::string columns;
    for (const auto &name : m_header)
        columns += (columns.empty() ? "" : ", ") + name;

    for (size_t k = 0; k < fieldCount; ++k) {
        const auto field = static_cast<Field>(k);
        for (const auto &candidate : mapping.candidates(field)) {
            const auto it = std::find(m_header.begin(), m_header.end(), candidate);
            if (it != m_header.end()) {
                m_columnOf[k] = static_cast<size_t>(it - m_header.begin());
                break;
            }
        }
        if (!m_columnOf[k] && mapping.isExplicit(field))
            throw ImportError(file, m_reader.recordLine(), {},
                              "no column named '" + mapping.column(field) + "' for " + std::string(fieldKey(field))
                                  + " (columns: " + columns + ")");
    }
    if (!m_columnOf[static_cast<size_t>(Field::Text)])
        throw ImportError(file, m_reader.recordLine(), {},
                          "no 'text' column (columns: " + columns + "); map the column that holds the text to text");
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
    return true;
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
