#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>

namespace glossa::core::data {

// What the first bytes of a file say about its text encoding. The importer reads UTF-8 (with
// or without a byte order mark) as it is, and converts the others it recognises: UTF-16 with
// or without a byte order mark, and the legacy 8-bit and East Asian encodings exports still
// come in (Windows-1252, ISO-8859-x, Shift_JIS, GB18030, Big5, EUC-KR, KOI8-R, ...).
enum class Encoding {
    Utf8,
    Utf8WithBom,
    Converted,  // read through a conversion to UTF-8 (TextEncoding::charset)
    NotUtf8,    // 8-bit text that is not UTF-8 and whose encoding could not be recognised
    Binary,
    Unknown, // the file could not be read
};
std::string_view toString(Encoding encoding); // "UTF-8", "UTF-8 with BOM", "converted", ...

struct TextEncoding
{
    Encoding encoding = Encoding::Unknown;
    // For Converted: the encoding read, as iconv names it ("UTF-16LE", "WINDOWS-1252").
    std::string charset;

    // "UTF-8", "UTF-8 with BOM", "WINDOWS-1252 (converted to UTF-8)", ...
    std::string describe() const;
};

// How many first bytes of a file detectTextEncoding looks at: enough for the charset detector
// to tell Windows-1252 from ISO-8859-15 or Shift_JIS from EUC-JP on real text.
inline constexpr std::size_t encodingSampleBytes = 1 << 20;

// From the first bytes of a file (`complete`: they are the whole file, so a multi-byte
// character cut at the end is a fault of the file, not of the sample).
TextEncoding detectTextEncoding(std::string_view head, bool complete);

// Reads text in `encoding` from a file as UTF-8, a piece at a time, so a file of any size is
// converted as it is read. A byte sequence the encoding does not have is an ImportError naming
// displayName and its line.
class Utf8Conversion
{
public:
    Utf8Conversion(const TextEncoding &encoding, std::string displayName);
    ~Utf8Conversion();
    Utf8Conversion(const Utf8Conversion &) = delete;
    Utf8Conversion &operator=(const Utf8Conversion &) = delete;

    // Up to `room` bytes of UTF-8 into `out` (never a character cut in two); 0 once the file
    // is converted to its end, or when room is too small for the next character.
    std::size_t read(std::FILE *input, char *out, std::size_t room);
    bool atEnd() const { return m_eof && m_pending.empty(); }
    std::uint64_t bytesIn() const { return m_bytesIn; }
    std::uint64_t bytesOut() const { return m_bytesOut; }

private:
    std::string m_charset;
    std::string m_displayName;
    void *m_handle; // iconv_t
    std::string m_pending; // read from the file, not yet converted
    bool m_eof = false;
    std::int64_t m_line = 1; // of the text converted so far
    std::uint64_t m_bytesIn = 0;
    std::uint64_t m_bytesOut = 0;
};

} // namespace glossa::core::data
