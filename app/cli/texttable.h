#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace glossa::cli {

// A table for a terminal: a header row, then rows; the first column left-aligned (names), the
// others right-aligned (counts). Widths follow what a terminal shows, so labels in Chinese
// (two cells a character) or with combining accents line up; a first column wider than
// maxNameWidth is cut with "…". Cells are printed as given: pass names through printable().
class TextTable
{
public:
    explicit TextTable(std::vector<std::string> header, int maxNameWidth = 40);

    void addRow(std::vector<std::string> cells);
    void print(std::ostream &out, const std::string &indent = "  ") const;

private:
    std::vector<std::string> m_header;
    std::vector<std::vector<std::string>> m_rows;
    int m_maxNameWidth;
};

// The cells a terminal gives the UTF-8 text (East Asian wide characters 2, combining marks 0).
int terminalWidth(const std::string &text);

} // namespace glossa::cli
