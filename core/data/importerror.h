#pragma once

#include "util/error.h"

#include <cstdint>
#include <string>

namespace glossa::core::data {

// A problem with an input file, located as precisely as the format allows. what() reads like
// a compiler diagnostic: "reviews.csv:17: field "label": invalid UTF-8 at byte 5", so the GUI
// and the CLI show the same words.
class ImportError : public Error
{
public:
    ImportError(std::string file, std::int64_t line, std::string field, std::string problem);

    const std::string &file() const { return m_file; }
    std::int64_t line() const { return m_line; } // 0 when the problem is with the whole file
    const std::string &field() const { return m_field; }
    const std::string &problem() const { return m_problem; }
    // A problem no skipped row would get past: the file's encoding, its header, a line the
    // reader cannot step over. Line 0 always is.
    bool aboutWholeFile() const { return m_line <= 0 || m_wholeFile; }
    ImportError &markAboutWholeFile()
    {
        m_wholeFile = true;
        return *this;
    }

private:
    std::string m_file;
    std::int64_t m_line;
    std::string m_field;
    std::string m_problem;
    bool m_wholeFile = false;
};

// A size limit as a user reads it in an error: "1 MiB", "64 KiB", "1500 bytes" (whole units
// only, so a limit below 1 MiB does not read "0 MiB").
std::string describeLimit(std::uint64_t bytes);

// Thrown when the caller cancels an import; the transaction is rolled back.
class ImportCancelled : public Error
{
public:
    ImportCancelled()
        : Error("the import was cancelled; nothing was imported")
    {
    }
};

} // namespace glossa::core::data
