#include "data/snapshotfile.h"

#include "util/atomicfile.h"
#include "util/error.h"

#include <cstring>
#include <fstream>

namespace glossa::core::data {
namespace {

constexpr char magic[8] = {'G', 'L', 'S', 'N', 'A', 'P', '0', '1'};

class Writer
{
public:
    explicit Writer(std::ostream &out)
        : m_out(out)
    {
    }
    void integer(std::int64_t value) { m_out.write(reinterpret_cast<const char *>(&value), sizeof value); }
    void text(std::string_view value)
    {
        integer(static_cast<std::int64_t>(value.size()));
        m_out.write(value.data(), static_cast<std::streamsize>(value.size()));
    }

private:
    std::ostream &m_out;
};

class Reader
{
public:
    Reader(std::ifstream &in, const std::filesystem::path &file)
        : m_in(in)
        , m_file(file)
    {
    }
    std::int64_t integer()
    {
        std::int64_t value = 0;
        if (!m_in.read(reinterpret_cast<char *>(&value), sizeof value))
            damaged();
        return value;
    }
    std::string text()
    {
        const auto size = integer();
        if (size < 0 || size > (std::int64_t(1) << 32))
            damaged();
        std::string value(static_cast<size_t>(size), '\0');
        if (!m_in.read(value.data(), size))
            damaged();
        return value;
    }
    [[noreturn]] void damaged() const
    {
        throw Error(m_file.string() + ": the run's dataset snapshot is damaged or cut short");
    }

private:
    std::ifstream &m_in;
    const std::filesystem::path &m_file;
};

} // namespace

void saveSnapshot(const DatasetSnapshot &snapshot, const std::filesystem::path &file)
{
    AtomicFile atomic(file);
    auto &out = atomic.stream();
    out.write(magic, sizeof magic);
    Writer write(out);
    write.integer(snapshot.datasetId);
    write.text(snapshot.datasetName);
    write.text(snapshot.hash);
    write.integer(static_cast<std::int64_t>(snapshot.labels.size()));
    for (const auto &label : snapshot.labels)
        write.text(label);
    write.integer(static_cast<std::int64_t>(snapshot.examples.size()));
    for (const auto &example : snapshot.examples) {
        write.integer(example.id);
        write.text(example.text);
        write.text(example.lang);
        write.integer(static_cast<std::int64_t>(example.split));
        write.integer(example.label);
        write.integer(example.group ? 1 : 0);
        if (example.group)
            write.text(*example.group);
    }
    atomic.commit();
}

DatasetSnapshot loadSnapshot(const std::filesystem::path &file)
{
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw Error(file.string() + ": the run's dataset snapshot is missing");
    Reader read(in, file);
    char header[sizeof magic] = {};
    if (!in.read(header, sizeof header) || std::memcmp(header, magic, sizeof magic) != 0)
        throw Error(file.string() + ": not a Glossa dataset snapshot");
    DatasetSnapshot snapshot;
    snapshot.datasetId = read.integer();
    snapshot.datasetName = read.text();
    snapshot.hash = read.text();
    const auto labelCount = read.integer();
    if (labelCount < 0 || labelCount > 1'000'000)
        read.damaged();
    for (std::int64_t i = 0; i < labelCount; ++i)
        snapshot.labels.push_back(read.text());
    const auto exampleCount = read.integer();
    if (exampleCount < 0)
        read.damaged();
    snapshot.examples.reserve(static_cast<size_t>(std::min<std::int64_t>(exampleCount, 10'000'000)));
    for (std::int64_t i = 0; i < exampleCount; ++i) {
        SnapshotExample example;
        example.id = read.integer();
        example.text = read.text();
        example.lang = read.text();
        const auto split = read.integer();
        example.label = static_cast<int>(read.integer());
        if (split < 0 || split > 2 || example.label < -1 || example.label >= labelCount)
            read.damaged();
        example.split = static_cast<Split>(split);
        if (read.integer())
            example.group = read.text();
        snapshot.examples.push_back(std::move(example));
    }
    if (snapshot.contentHash() != snapshot.hash)
        read.damaged();
    return snapshot;
}

} // namespace glossa::core::data
