#include "texttable.h"

#include "util/utf8decode.h"

#include <algorithm>

namespace glossa::cli {
namespace {

int cellsOf(char32_t c)
{
    // Combining marks and zero-width characters take no cell of their own.
    if ((c >= 0x0300 && c <= 0x036F) || (c >= 0x0483 && c <= 0x0489) || (c >= 0x0591 && c <= 0x05BD)
        || (c >= 0x0610 && c <= 0x061A) || (c >= 0x064B && c <= 0x065F) || (c >= 0x0900 && c <= 0x0903)
        || (c >= 0x093A && c <= 0x094F && c != 0x093D) || (c >= 0x0E31 && c <= 0x0E3A && c != 0x0E32 && c != 0x0E33)
        || (c >= 0x0E47 && c <= 0x0E4E) || (c >= 0x200B && c <= 0x200F) || (c >= 0xFE00 && c <= 0xFE0F))
        return 0;
    // East Asian wide and full-width characters take two.
    if ((c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0x303E) || (c >= 0x3041 && c <= 0xA4CF)
        || (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F)
        || (c >= 0xFF00 && c <= 0xFF60) || (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x1F300 && c <= 0x1FAFF)
        || (c >= 0x20000 && c <= 0x3FFFD))
        return 2;
    return 1;
}

// The text cut to at most `width` cells, with "…" in the last one when it was cut.
std::string fitted(const std::string &text, int width)
{
    if (terminalWidth(text) <= width)
        return text;
    std::string cut;
    int used = 0;
    for (size_t i = 0; i < text.size();) {
        const size_t start = i;
        const int cells = cellsOf(core::nextCodePoint(text, i));
        if (used + cells > width - 1)
            break;
        cut.append(text, start, i - start);
        used += cells;
    }
    return cut + "…";
}

} // namespace

int terminalWidth(const std::string &text)
{
    int width = 0;
    for (size_t i = 0; i < text.size();)
        width += cellsOf(core::nextCodePoint(text, i));
    return width;
}

TextTable::TextTable(std::vector<std::string> header, int maxNameWidth)
    : m_header(std::move(header))
    , m_maxNameWidth(maxNameWidth)
{
}

void TextTable::addRow(std::vector<std::string> cells)
{
    cells.resize(m_header.size());
    cells[0] = fitted(cells[0], m_maxNameWidth);
    m_rows.push_back(std::move(cells));
}

void TextTable::print(std::ostream &out, const std::string &indent) const
{
    std::vector<int> widths(m_header.size(), 0);
    for (size_t k = 0; k < m_header.size(); ++k)
        widths[k] = terminalWidth(m_header[k]);
    for (const auto &row : m_rows)
        for (size_t k = 0; k < row.size(); ++k)
            widths[k] = std::max(widths[k], terminalWidth(row[k]));
    const auto printRow = [&](const std::vector<std::string> &cells) {
        std::string line = indent;
        for (size_t k = 0; k < cells.size(); ++k) {
            const std::string padding(static_cast<size_t>(widths[k] - terminalWidth(cells[k])), ' ');
            if (k > 0)
                line += "  ";
            line += k == 0 ? cells[k] + padding : padding + cells[k];
        }
        while (!line.empty() && line.back() == ' ')
            line.pop_back();
        out << line << '\n';
    };
    printRow(m_header);
    for (const auto &row : m_rows)
        printRow(row);
}

} // namespace glossa::cli
