// JSONL files as the importer reads them: one object per line through simdjson, with the
// default field names and aliases, and, for inputs that name its id key, also with an explicit
// mapping (whose keys must appear). Each open costs a 4 MiB buffer (ChunkedInput), which
// under AddressSanitizer is a fresh mapping, so most inputs are read once.

#include "fuzzinput.h"

#include "data/columnmapping.h"
#include "data/jsonlsource.h"
#include "util/error.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

using namespace glossa::core;

namespace {

void readRows(const std::filesystem::path &file, const data::ColumnMapping &mapping)
{
    try {
        data::JsonlSource source(file, "input.jsonl", mapping, data::SourceLimits{});
        data::SourceRow row;
        std::size_t checksum = 0;
        // Touches every byte of every value, so a view past the line is caught.
        while (source.next(row))
            for (const auto &field : row.fields)
                if (field)
                    for (const char c : *field)
                        checksum += static_cast<unsigned char>(c);
        checksum += source.describeMapping().size() + source.bytesRead();
        for (std::size_t k = 0; k < data::fieldCount; ++k)
            checksum += source.columnName(static_cast<data::Field>(k)).size();
        glossa::fuzz::observe(checksum);
    } catch (const Error &) {
        // ImportError, the documented failure of every reader.
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    static const data::ColumnMapping defaults;
    static const data::ColumnMapping explicitKeys = data::ColumnMapping::parse("text=utterance,label=category,id=uid");
    const glossa::fuzz::InputFile file("input.jsonl", data, size);
    readRows(file.path(), defaults);
    if (std::string_view(reinterpret_cast<const char *>(data), size).find("\"uid\"") != std::string_view::npos)
        readRows(file.path(), explicitKeys);
    return 0;
}
