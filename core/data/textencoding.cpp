#include "data/textencoding.h"

#include "data/importerror.h"
#include "data/utf8.h"

#include <uchardet/uchardet.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <iconv.h>

namespace glossa::core::data {
namespace {

constexpr std::size_t conversionChunk = 1 << 16;
// Fewer bytes outside ASCII than this say too little for the detector to go by: a UTF-8 file
// cut in the middle of a character ("caf\xC3") is more likely than a one-accent Latin-1 file.
constexpr std::size_t minimumEvidence = 4;

// What the bytes outside ASCII say: well-formed UTF-8 sequences of two or more bytes, and
// bytes that begin none.
struct Utf8Evidence
{
    std::size_t sequences = 0;
    std::size_t strayBytes = 0;
};

Utf8Evidence utf8Evidence(std::string_view text)
{
    Utf8Evidence evidence;
    for (std::size_t i = 0; i < text.size();) {
        const auto lead = static_cast<unsigned char>(text[i]);
        if (lead < 0x80) {
            ++i;
            continue;
        }
        const std::size_t length = lead >= 0xC2 && lead <= 0xDF ? 2 : lead >= 0xE0 && lead <= 0xEF ? 3
                                   : lead >= 0xF0 && lead <= 0xF4                                 ? 4
                                                                                                  : 0;
        bool wellFormed = length > 0 && i + length <= text.size();
        for (std::size_t k = 1; wellFormed && k < length; ++k)
            wellFormed = (static_cast<unsigned char>(text[i + k]) & 0xC0) == 0x80;
        if (wellFormed) {
            ++evidence.sequences;
            i += length;
        } else {
            ++evidence.strayBytes;
            ++i;
        }
    }
    return evidence;
}

// The charset the detector finds in text that is not UTF-8; empty when it cannot tell.
std::string detectCharset(std::string_view text)
{
    const std::unique_ptr<std::remove_pointer_t<uchardet_t>, void (*)(uchardet_t)> detector(uchardet_new(),
                                                                                             uchardet_delete);
    if (!detector || uchardet_handle_data(detector.get(), text.data(), text.size()) != 0)
        return {};
    uchardet_data_end(detector.get());
    std::string charset = uchardet_get_charset(detector.get());
    // Text that is not UTF-8 is not ASCII or UTF-8 either, whatever a short sample suggests.
    if (charset == "ASCII" || charset == "UTF-8")
        return {};
    return charset;
}

} // namespace

std::string_view toString(Encoding encoding)
{
    switch (encoding) {
    case Encoding::Utf8: return "UTF-8";
    case Encoding::Utf8WithBom: return "UTF-8 with BOM";
    case Encoding::Converted: return "converted";
    case Encoding::NotUtf8: return "not UTF-8";
    case Encoding::Binary: return "binary";
    case Encoding::Unknown: return "unknown";
    }
    return "unknown";
}

std::string TextEncoding::describe() const
{
    if (encoding == Encoding::Converted)
        return charset + " (converted to UTF-8)";
    return std::string(toString(encoding));
}

TextEncoding detectTextEncoding(std::string_view head, bool complete)
{
    if (head.starts_with("\xEF\xBB\xBF")) {
        // A byte order mark says UTF-8; text that breaks that promise fails on its line.
        return {Encoding::Utf8WithBom, {}};
    }
    if (head.starts_with("\xFF\xFE"))
        return {Encoding::Converted, "UTF-16LE"};
    if (head.starts_with("\xFE\xFF"))
        return {Encoding::Converted, "UTF-16BE"};
    if (head.find('\0') != std::string_view::npos) {
        switch (guessUtf16WithoutBom(head)) {
        case Utf16Guess::LittleEndian: return {Encoding::Converted, "UTF-16LE"};
        case Utf16Guess::BigEndian: return {Encoding::Converted, "UTF-16BE"};
        case Utf16Guess::No: return {Encoding::Binary, {}};
        }
    }
    // A multi-byte character cut by the end of the sample is not a fault of the file.
    const auto bad = firstInvalidUtf8(head);
    if (!bad || (!complete && *bad + 4 > head.size()))
        return {Encoding::Utf8, {}};
    // Mostly good UTF-8 with a few damaged bytes is UTF-8: the rows with them are reported
    // (or skipped), not the whole file read as something else.
    const auto evidence = utf8Evidence(head);
    if (evidence.sequences >= evidence.strayBytes)
        return {Encoding::Utf8, {}};
    if (evidence.strayBytes < minimumEvidence)
        return {Encoding::NotUtf8, {}};
    if (auto charset = detectCharset(head); !charset.empty())
        return {Encoding::Converted, std::move(charset)};
    return {Encoding::NotUtf8, {}};
}

Utf8Conversion::Utf8Conversion(const TextEncoding &encoding, std::string displayName)
    : m_charset(encoding.charset)
    , m_displayName(std::move(displayName))
    , m_handle(iconv_open("UTF-8", m_charset.c_str()))
{
    // iconv_open fails with (iconv_t)-1: compared as an integer rather than making -1 a pointer.
    if (reinterpret_cast<std::intptr_t>(m_handle) == -1)
        throw ImportError(m_displayName, 0, {},
                          "is " + m_charset + " text, which this system cannot convert; save it as UTF-8");
}

Utf8Conversion::~Utf8Conversion()
{
    iconv_close(static_cast<iconv_t>(m_handle));
}

std::size_t Utf8Conversion::read(std::FILE *input, char *out, std::size_t room)
{
    for (;;) {
        if (m_pending.size() < conversionChunk && !m_eof) {
            const auto kept = m_pending.size();
            m_pending.resize(kept + conversionChunk);
            const auto got = std::fread(m_pending.data() + kept, 1, conversionChunk, input);
            m_pending.resize(kept + got);
            m_bytesIn += got;
            if (got < conversionChunk) {
                if (std::ferror(input))
                    throw ImportError(m_displayName, 0, {}, "read error: " + std::string(std::strerror(errno)));
                m_eof = true;
            }
        }
        char *from = m_pending.data();
        std::size_t fromLeft = m_pending.size();
        char *to = out;
        std::size_t toLeft = room;
        const auto result = m_pending.empty() ? std::size_t(0)
                                              : iconv(static_cast<iconv_t>(m_handle), &from, &fromLeft, &to, &toLeft);
        const int error = result == static_cast<std::size_t>(-1) ? errno : 0;
        if (m_eof && fromLeft == 0 && error == 0)
            // A stateful encoding (ISO-2022-JP) may end in a shift back to its initial state.
            iconv(static_cast<iconv_t>(m_handle), nullptr, nullptr, &to, &toLeft);
        const std::size_t written = room - toLeft;
        m_line += std::count(out, out + written, '\n');
        m_bytesOut += written;
        m_pending.erase(0, m_pending.size() - fromLeft);
        if (error == EILSEQ || (error == EINVAL && m_eof))
            throw ImportError(m_displayName, m_line, {},
                              "has bytes that are not " + m_charset + " text; save the file as UTF-8 and import again");
        if (error != 0 && error != EINVAL && error != E2BIG)
            throw ImportError(m_displayName, m_line, {},
                              "cannot be converted from " + m_charset + ": " + std::strerror(error));
        // Something converted, the end, or no room for the next character: the caller goes on.
        if (written > 0 || atEnd() || error == E2BIG)
            return written;
        // EINVAL: a character cut by the end of what was read; read on.
    }
}

} // namespace glossa::core::data
