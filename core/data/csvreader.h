#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace glossa::core::data {

class ChunkedInput;

// RFC 4180 records from a stream: quoted fields, doubled quotes, line breaks inside quotes,
// CRLF or LF line ends. Also reads TSV written with the same quoting (delimiter '\t').
// Blank lines are skipped. Errors are ImportErrors with the line where the record began.
class CsvReader
{
public:
    CsvReader(ChunkedInput &input, char delimiter);

    // The next record's fields, valid until the next call; false at the end of the file.
    bool next(std::vector<std::string_view> &fields);
    // The line on which the record last returned begins (1-based).
    std::int64_t recordLine() const { return m_recordLine; }
    // The record last returned, as it stands in the file.
    std::string_view rawRecord() const { return m_raw; }

private:
    struct Span
    {
        size_t begin = 0;
        size_t end = 0;
        bool hasDoubledQuotes = false;
        bool quoted = false;
    };
    enum class Parse { Complete, NeedMore };

    Parse parseRecord(std::string_view window, size_t &length, std::int64_t &newlines);
    [[noreturn]] void fail(std::int64_t line, const std::string &problem) const;

    ChunkedInput &m_input;
    char m_delimiter;
    std::int64_t m_nextLine = 1;
    std::int64_t m_recordLine = 0;
    std::string_view m_raw;
    std::vector<Span> m_spans;
    std::vector<std::string> m_unescaped;
};

} // namespace glossa::core::data
