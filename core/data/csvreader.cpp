#include "data/csvreader.h"

#include "data/chunkedinput.h"
#include "data/importerror.h"

#include <algorithm>
#include <cstring>

namespace glossa::core::data {
namespace {

std::string describeByte(char c)
{
    if (c == '\t')
        return "a tab";
    if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7F)
        return "byte " + std::to_string(static_cast<unsigned char>(c));
    return std::string("'") + c + "'";
}

} // namespace

CsvReader::CsvReader(ChunkedInput &input, char delimiter)
    : m_input(input)
    , m_delimiter(delimiter)
{
}

void CsvReader::fail(std::int64_t line, const std::string &problem) const
{
    throw ImportError(m_input.displayName(), line, {}, problem);
}

// Parses one record at the start of the window. NeedMore means the window ends inside the
// record and more of the file must be read first.
CsvReader::Parse CsvReader::parseRecord(std::string_view w, size_t &length, std::int64_t &newlines)
{
    m_spans.clear();
    newlines = 0;
    const bool eof = m_input.atEof();
    size_t i = 0;
    for (;;) {
        Span span;
        char terminator = 0; // delimiter, '\n' or 0 for end of file
        if (i < w.size() && w[i] == '"') {
            const std::int64_t quoteLine = m_nextLine + newlines;
            size_t j = i + 1;
            span.begin = j;
            span.quoted = true;
            for (;;) {
                const void *found = j < w.size() ? std::memchr(w.data() + j, '"', w.size() - j) : nullptr;
                if (!found) {
                    if (!eof)
                        return Parse::NeedMore;
                    fail(quoteLine, "a quoted field starts here but its closing quote is missing");
                }
                const size_t q = static_cast<size_t>(static_cast<const char *>(found) - w.data());
                newlines += std::count(w.begin() + static_cast<std::ptrdiff_t>(j),
                                       w.begin() + static_cast<std::ptrdiff_t>(q), '\n');
                if (q + 1 < w.size() && w[q + 1] == '"') {
                    span.hasDoubledQuotes = true;
                    j = q + 2;
                    continue;
                }
                if (q + 1 == w.size() && !eof)
                    return Parse::NeedMore;
                span.end = q;
                i = q + 1;
                break;
            }
            if (i == w.size()) {
                terminator = 0;
            } else if (w[i] == m_delimiter) {
                terminator = m_delimiter;
                ++i;
            } else if (w[i] == '\n') {
                terminator = '\n';
                ++i;
            } else if (w[i] == '\r' && i + 1 < w.size() && w[i + 1] == '\n') {
                terminator = '\n';
                i += 2;
            } else if (w[i] == '\r' && i + 1 == w.size() && !eof) {
                return Parse::NeedMore;
            } else {
                fail(m_nextLine + newlines, describeByte(w[i])
                                                + " follows a closing quote; inside a quoted field, "
                                                  "write a quote as two quotes (\"\")");
            }
        } else {
            size_t j = i;
            while (j < w.size() && w[j] != m_delimiter && w[j] != '\n')
                ++j;
            if (j == w.size() && !eof)
                return Parse::NeedMore;
            span.begin = i;
            span.end = j;
            if (j < w.size()) {
                terminator = w[j];
                if (terminator == '\n' && span.end > span.begin && w[span.end - 1] == '\r')
                    --span.end;
                i = j + 1;
            } else {
                i = j;
            }
        }
        m_spans.push_back(span);
        if (terminator == '\n')
            ++newlines;
        if (terminator != m_delimiter)
            break;
        if (i == w.size() && eof) {
            // A delimiter at the very end of the file: one more, empty field.
            m_spans.push_back({i, i, false, false});
            break;
        }
    }
    length = i;
    return Parse::Complete;
}

bool CsvReader::next(std::vector<std::string_view> &fields)
{
    for (;;) {
        auto window = m_input.window();
        if (window.empty() && !m_input.refill())
            return false;
        window = m_input.window();
        size_t length = 0;
        std::int64_t newlines = 0;
        while (parseRecord(window, length, newlines) == Parse::NeedMore) {
            if (window.size() >= m_input.maxRecordBytes())
                fail(m_nextLine, "the record is longer than " + m_input.maxRecordSize()
                                     + " (an unterminated quote, or a file that is not CSV?)" + m_input.raiseHint());
            m_input.refill();
            window = m_input.window();
        }
        if (length > m_input.maxRecordBytes())
            fail(m_nextLine, "the record is longer than " + m_input.maxRecordSize() + m_input.raiseHint());
        m_recordLine = m_nextLine;
        m_nextLine += newlines;
        m_raw = window.substr(0, length);
        m_input.consume(length);

        // A quoted empty field ("") is an empty value, not a blank line.
        const bool blank = m_spans.size() == 1 && m_spans[0].begin == m_spans[0].end && !m_spans[0].quoted;
        if (blank)
            continue;

        fields.clear();
        if (m_unescaped.size() < m_spans.size())
            m_unescaped.resize(m_spans.size());
        for (size_t k = 0; k < m_spans.size(); ++k) {
            const auto &span = m_spans[k];
            std::string_view value = window.substr(span.begin, span.end - span.begin);
            if (span.hasDoubledQuotes) {
                auto &out = m_unescaped[k];
                out.clear();
                for (size_t c = 0; c < value.size(); ++c) {
                    out.push_back(value[c]);
                    if (value[c] == '"')
                        ++c; // skip the second quote of the pair
                }
                value = out;
            }
            fields.push_back(value);
        }
        return true;
    }
}

} // namespace glossa::core::data
