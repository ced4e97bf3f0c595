#pragma once

#include <cstddef>
#include <initializer_list>
#include <ostream>
#include <string>
#include <string_view>

namespace glossa::core::data {

// Writes CSV (or TSV) fields as RFC 4180 has them, quoting only what needs it (a delimiter,
// quote or line break inside, or spaces at either end, which readers would trim), so the
// importer and every spreadsheet read the values back unchanged. Records end in CRLF.
class DelimitedWriter
{
public:
    DelimitedWriter(std::ostream &out, char delimiter)
        : m_out(out)
        , m_delimiter(delimiter)
    {
    }

    // One field; `last` ends the record.
    void field(std::string_view value, bool last = false)
    {
        const bool needsQuotes = value.find_first_of(m_specials) != std::string_view::npos
                                 || (!value.empty() && (value.front() == ' ' || value.back() == ' '));
        if (needsQuotes) {
            m_out.put('"');
            for (char c : value) {
                if (c == '"')
                    m_out.put('"');
                m_out.put(c);
            }
            m_out.put('"');
        } else {
            m_out.write(value.data(), static_cast<std::streamsize>(value.size()));
        }
        // RFC 4180 ends records with CRLF; every CSV reader accepts it.
        m_out.write(last ? "\r\n" : &m_delimiter, last ? 2 : 1);
    }

    void record(std::initializer_list<std::string_view> values)
    {
        std::size_t i = 0;
        for (const auto value : values)
            field(value, ++i == values.size());
    }

private:
    std::ostream &m_out;
    char m_delimiter;
    std::string m_specials = std::string("\"\r\n") + m_delimiter;
};

} // namespace glossa::core::data
