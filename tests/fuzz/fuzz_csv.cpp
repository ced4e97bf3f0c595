// CSV and TSV files as the importer reads them: the record source (header, column mapping,
// UTF-8 and field-count checks) for the format it would pick for a file without a telling
// extension (tabs or commas in the first line), and the RFC 4180 reader alone for files the
// source refuses at the header. Each open costs a 4 MiB buffer (ChunkedInput), which under
// AddressSanitizer is a fresh mapping, so one input opens the file once where it can.

#include "fuzzinput.h"

#include "data/chunkedinput.h"
#include "data/columnmapping.h"
#include "data/csvreader.h"
#include "data/recordsource.h"
#include "util/error.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

using namespace glossa::core;

namespace {

// Every record, touching every byte of every field so a view past the buffer is caught.
void readRecords(const std::filesystem::path &file, char delimiter)
{
    try {
        data::ChunkedInput input(file, "input", data::SourceLimits{}.maxRecordBytes);
        data::CsvReader reader(input, delimiter);
        std::vector<std::string_view> fields;
        std::size_t checksum = 0;
        while (reader.next(fields)) {
            for (const auto field : fields)
                for (const char c : field)
                    checksum += static_cast<unsigned char>(c);
            checksum += reader.rawRecord().size() + static_cast<std::size_t>(reader.recordLine());
        }
        glossa::fuzz::observe(checksum);
    } catch (const Error &) {
        // ImportError, the documented failure of every reader.
    }
}

// False when the source refused the file before its first row.
bool readRows(const std::filesystem::path &file, data::Format format)
{
    std::unique_ptr<data::RecordSource> source;
    try {
        source = data::openSource(file, format, data::ColumnMapping{});
    } catch (const Error &) {
        return false;
    }
    try {
        data::SourceRow row;
        std::size_t checksum = 0;
        while (source->next(row))
            for (const auto &field : row.fields)
                if (field)
                    for (const char c : *field)
                        checksum += static_cast<unsigned char>(c);
        checksum += source->describeMapping().size() + source->bytesRead();
        for (std::size_t k = 0; k < data::fieldCount; ++k)
            checksum += source->columnName(static_cast<data::Field>(k)).size();
        glossa::fuzz::observe(checksum);
    } catch (const Error &) {
    }
    return true;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    // No extension, so the format is detected from the first bytes as for an unknown file.
    const glossa::fuzz::InputFile file("input", data, size);
    const auto format = data::detectFormat(file.path());
    if (format == data::Format::Jsonl)
        return 0; // the JSONL target's work
    if (!readRows(file.path(), format))
        readRecords(file.path(), format == data::Format::Tsv ? '\t' : ',');
    return 0;
}
