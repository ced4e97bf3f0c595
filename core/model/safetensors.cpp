#include "model/safetensors.h"

#include "model/pretrainedfolder.h"
#include "util/atomicfile.h"
#include "util/boundedfile.h"
#include "util/error.h"

#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <initializer_list>
#include <set>
#include <string_view>
#include <tuple>
#include <utility>

namespace glossa::core::model {
namespace {

// The reference reader's limit (safetensors' MAX_HEADER_SIZE): a larger claimed header is
// refused before any of it is read.
constexpr std::uint64_t maxHeaderBytes = 100'000'000;
constexpr int maxHeaderDepth = 8;

struct DtypeInfo
{
    TensorDtype dtype;
    std::string_view name;
    std::size_t size;
};

constexpr std::array<DtypeInfo, 10> dtypes{{
    {TensorDtype::Bool, "BOOL", 1},
    {TensorDtype::U8, "U8", 1},
    {TensorDtype::I8, "I8", 1},
    {TensorDtype::I16, "I16", 2},
    {TensorDtype::I32, "I32", 4},
    {TensorDtype::I64, "I64", 8},
    {TensorDtype::F16, "F16", 2},
    {TensorDtype::BF16, "BF16", 2},
    {TensorDtype::F32, "F32", 4},
    {TensorDtype::F64, "F64", 8},
}};

// Known to the format, without a LibTorch 1.13 type.
constexpr std::array<std::string_view, 11> unsupportedDtypes{
    "U16", "U32", "U64", "F8_E5M2", "F8_E4M3", "F8_E8M0", "F8_E4M3FNUZ", "F8_E5M2FNUZ", "F4", "F6_E2M3", "C64"};

const DtypeInfo &infoOf(TensorDtype dtype)
{
    for (const auto &info : dtypes)
        if (info.dtype == dtype)
            return info;
    return dtypes.back();
}

// A message from many pieces in one allocation, where a chain of + would make a string for each.
std::string concat(std::initializer_list<std::string_view> pieces)
{
    std::size_t size = 0;
    for (const auto piece : pieces)
        size += piece.size();
    std::string text;
    text.reserve(size);
    for (const auto piece : pieces)
        text += piece;
    return text;
}

[[noreturn]] void fail(const std::filesystem::path &file, const std::string &what)
{
    throw Error(file.string() + ": " + what);
}

float halfToFloat(std::uint16_t half)
{
    const std::uint32_t sign = static_cast<std::uint32_t>(half & 0x8000U) << 16;
    std::uint32_t exponent = (half >> 10) & 0x1FU;
    std::uint32_t mantissa = half & 0x3FFU;
    std::uint32_t bits = 0;
    if (exponent == 0x1F) { // infinity or NaN
        bits = sign | 0x7F800000U | (mantissa << 13);
    } else if (exponent != 0) {
        bits = sign | ((exponent + 112) << 23) | (mantissa << 13);
    } else if (mantissa != 0) { // subnormal: normalise it
        exponent = 113;
        while ((mantissa & 0x400U) == 0) {
            mantissa <<= 1;
            --exponent;
        }
        bits = sign | (exponent << 23) | ((mantissa & 0x3FFU) << 13);
    } else {
        bits = sign;
    }
    float value = 0;
    std::memcpy(&value, &bits, sizeof value);
    return value;
}

} // namespace

std::string shapeText(std::span<const std::int64_t> shape)
{
    std::string text = "[";
    for (std::size_t i = 0; i < shape.size(); ++i)
        text += (i ? ", " : "") + std::to_string(shape[i]);
    return text + "]";
}

std::size_t dtypeSize(TensorDtype dtype)
{
    return infoOf(dtype).size;
}

std::string_view dtypeName(TensorDtype dtype)
{
    return infoOf(dtype).name;
}

std::optional<TensorDtype> dtypeFromName(std::string_view name)
{
    for (const auto &info : dtypes)
        if (info.name == name)
            return info.dtype;
    return std::nullopt;
}

std::int64_t TensorView::numel() const
{
    std::int64_t count = 1;
    for (const auto size : shape)
        count *= size;
    return count;
}

std::vector<float> toFloat32(const TensorView &tensor)
{
    const auto count = static_cast<std::size_t>(tensor.numel());
    std::vector<float> values(count);
    const auto *bytes = tensor.bytes.data();
    switch (tensor.dtype) {
    case TensorDtype::F32: std::memcpy(values.data(), bytes, count * 4); break;
    case TensorDtype::F16:
        for (std::size_t i = 0; i < count; ++i) {
            std::uint16_t half = 0;
            std::memcpy(&half, bytes + 2 * i, 2);
            values[i] = halfToFloat(half);
        }
        break;
    case TensorDtype::BF16:
        for (std::size_t i = 0; i < count; ++i) {
            std::uint16_t high = 0;
            std::memcpy(&high, bytes + 2 * i, 2);
            const std::uint32_t bits = static_cast<std::uint32_t>(high) << 16;
            std::memcpy(&values[i], &bits, 4);
        }
        break;
    default:
        throw Error("tensor '" + tensor.name + "' is " + std::string(dtypeName(tensor.dtype))
                    + ", not a floating-point type (F32, F16 or BF16)");
    }
    return values;
}

// ------------------------------------------------------------------------- SafetensorsFile

struct SafetensorsFile::Mapping
{
    std::filesystem::path path;
    void *address = MAP_FAILED;
    std::size_t length = 0;
    std::vector<TensorView> tensors;
    std::map<std::string, std::string> metadata;

    ~Mapping()
    {
        if (address != MAP_FAILED)
            munmap(address, length);
    }
};

SafetensorsFile::SafetensorsFile() = default;
SafetensorsFile::SafetensorsFile(SafetensorsFile &&) noexcept = default;
SafetensorsFile &SafetensorsFile::operator=(SafetensorsFile &&) noexcept = default;
SafetensorsFile::~SafetensorsFile() = default;

const std::filesystem::path &SafetensorsFile::path() const
{
    return m_mapping->path;
}

const std::vector<TensorView> &SafetensorsFile::tensors() const
{
    return m_mapping->tensors;
}

const TensorView *SafetensorsFile::find(std::string_view name) const
{
    for (const auto &tensor : m_mapping->tensors)
        if (tensor.name == name)
            return &tensor;
    return nullptr;
}

const std::map<std::string, std::string> &SafetensorsFile::metadata() const
{
    return m_mapping->metadata;
}

namespace {

// A tensor's header entry, its bytes found in the data.
struct TensorEntry
{
    TensorView tensor;
    std::uint64_t begin = 0;
    std::uint64_t end = 0;
};

// The whole file mapped read-only: {address, length}. Never blocks on a pipe in the model's
// place (openRegularFileIfAny).
std::pair<void *, std::size_t> mapReadOnly(const std::filesystem::path &file)
{
    const auto opened = openRegularFileIfAny(file);
    if (opened.error)
        fail(file, std::string("cannot open: ") + std::strerror(opened.error));
    if (opened.descriptor < 0)
        fail(file, "not a regular file (it is " + fileKindName(opened.otherKind) + ")");
    const int descriptor = opened.descriptor;
    const auto fileSize = static_cast<std::uint64_t>(opened.size);
    if (fileSize < 8) {
        ::close(descriptor);
        fail(file, "too short for a safetensors file (" + std::to_string(fileSize)
                       + " bytes; the header length alone takes 8)");
    }
    const auto length = static_cast<std::size_t>(fileSize);
    void *address = mmap(nullptr, length, PROT_READ, MAP_PRIVATE, descriptor, 0);
    ::close(descriptor);
    if (address == MAP_FAILED)
        fail(file, std::string("cannot map: ") + std::strerror(errno));
    return {address, length};
}

// The first 8 bytes, little-endian, within the limit and the file.
std::uint64_t headerLengthOf(const std::filesystem::path &file, const std::byte *base, std::uint64_t fileSize)
{
    std::uint64_t headerLength = 0;
    for (int i = 7; i >= 0; --i)
        headerLength = headerLength << 8 | std::to_integer<std::uint64_t>(base[i]);
    if (headerLength > maxHeaderBytes)
        fail(file, "header length " + std::to_string(headerLength) + " exceeds the limit of "
                       + std::to_string(maxHeaderBytes) + " bytes");
    if (headerLength > fileSize - 8)
        fail(file, "header length " + std::to_string(headerLength) + " runs past the end of the file ("
                       + std::to_string(fileSize) + " bytes)");
    return headerLength;
}

// The header as a JSON object whose top-level keys are unique (JSON allows repeats, the format
// does not).
nlohmann::json parseHeader(const std::filesystem::path &file, std::string_view headerText)
{
    // A header is an object of objects with two short arrays; 45 million nested '[' would
    // make the parser build as many values first.
    if (jsonNestsDeeperThan(headerText, maxHeaderDepth))
        fail(file,
             "header nests deeper than the " + std::to_string(maxHeaderDepth) + " levels a safetensors header has");
    std::set<std::string> seen;
    std::string repeated;
    const auto onEvent = [&](int depth, nlohmann::json::parse_event_t event, nlohmann::json &parsed) {
        if (depth == 1 && event == nlohmann::json::parse_event_t::key && repeated.empty()
            && !seen.insert(parsed.get<std::string>()).second)
            repeated = parsed.get<std::string>();
        return true;
    };
    nlohmann::json header;
    try {
        header = nlohmann::json::parse(headerText.begin(), headerText.end(), onEvent);
    } catch (const nlohmann::json::exception &e) {
        fail(file, std::string("header is not valid JSON: ") + e.what());
    }
    if (!repeated.empty())
        fail(file, "header names '" + repeated + "' twice");
    if (!header.is_object())
        fail(file, "header is not a JSON object");
    return header;
}

// __metadata__: an object of strings.
std::map<std::string, std::string> readMetadata(const std::filesystem::path &file, const nlohmann::json &entry)
{
    if (!entry.is_object())
        fail(file, "__metadata__ is not an object");
    std::map<std::string, std::string> metadata;
    for (const auto &[key, value] : entry.items()) {
        if (!value.is_string())
            fail(file, "__metadata__ value of '" + key + "' is not a string");
        metadata[key] = value.get<std::string>();
    }
    return metadata;
}

// One tensor's dtype, shape and data_offsets, its offsets within the data and its size what
// the shape and dtype need.
TensorEntry readTensorEntry(const std::filesystem::path &file, const std::string &name, const nlohmann::json &entry,
                            const std::byte *data, std::uint64_t dataSize)
{
    const std::string where = "tensor '" + name + "'";
    if (!entry.is_object())
        fail(file, where + " is not an object");
    const auto dtypeField = entry.find("dtype");
    const auto shapeField = entry.find("shape");
    const auto offsetsField = entry.find("data_offsets");
    if (dtypeField == entry.end() || !dtypeField->is_string())
        fail(file, where + ": dtype is missing or not a string");
    if (shapeField == entry.end() || !shapeField->is_array())
        fail(file, where + ": shape is missing or not an array");
    if (offsetsField == entry.end() || !offsetsField->is_array() || offsetsField->size() != 2)
        fail(file, where + ": data_offsets is missing or not [begin, end]");
    const auto dtypeText = dtypeField->get<std::string>();
    const auto dtype = dtypeFromName(dtypeText);
    if (!dtype) {
        const bool known =
            std::find(unsupportedDtypes.begin(), unsupportedDtypes.end(), dtypeText) != unsupportedDtypes.end();
        fail(file, concat({where, ": dtype ", dtypeText,
                           known ? " is not supported (LibTorch 1.13 has no such type)" : " is unknown"}));
    }
    TensorEntry read;
    auto &tensor = read.tensor;
    tensor.name = name;
    tensor.dtype = *dtype;
    std::uint64_t bytes = dtypeSize(*dtype);
    bool overflow = false;
    for (const auto &size : *shapeField) {
        if (!size.is_number_unsigned())
            fail(file, where + ": shape holds " + size.dump() + ", not a size");
        const auto value = size.get<std::uint64_t>();
        if (value > static_cast<std::uint64_t>(INT64_MAX))
            fail(file, where + ": shape size " + std::to_string(value) + " is too large");
        overflow = overflow || __builtin_mul_overflow(bytes, value, &bytes);
        tensor.shape.push_back(static_cast<std::int64_t>(value));
    }
    for (const auto &offset : *offsetsField)
        if (!offset.is_number_unsigned())
            fail(file, where + ": data_offsets holds " + offset.dump() + ", not an offset");
    const auto begin = (*offsetsField)[0].get<std::uint64_t>();
    const auto end = (*offsetsField)[1].get<std::uint64_t>();
    if (begin > end)
        fail(file, where + ": data_offsets [" + std::to_string(begin) + ", " + std::to_string(end)
                       + "] end before they begin");
    if (end > dataSize)
        fail(file, where + ": data_offsets end at " + std::to_string(end) + ", past the " + std::to_string(dataSize)
                       + " bytes of data in the file");
    if (overflow || end - begin != bytes)
        fail(file, concat({where, ": data_offsets [", std::to_string(begin), ", ", std::to_string(end), "] hold ",
                           std::to_string(end - begin), " bytes, but shape ", shapeText(tensor.shape), " of ",
                           dtypeText, " needs ", overflow ? std::string("more than 2^64") : std::to_string(bytes)}));
    tensor.bytes = std::span<const std::byte>(data + begin, end - begin);
    read.begin = begin;
    read.end = end;
    return read;
}

// The tensors in the order of their data, which must be the tensors back to back: sorted by
// offset, each starts where the last ended, and the last ends with the file.
std::vector<TensorView> inDataOrder(const std::filesystem::path &file, std::vector<TensorEntry> entries,
                                    std::uint64_t dataSize)
{
    std::sort(entries.begin(), entries.end(), [](const TensorEntry &a, const TensorEntry &b) {
        return a.begin != b.begin ? a.begin < b.begin : a.end < b.end;
    });
    std::uint64_t expected = 0;
    for (const auto &entry : entries) {
        const auto &name = entry.tensor.name;
        if (entry.begin < expected)
            fail(file, "tensor '" + name + "' overlaps the tensor before it (it starts at "
                           + std::to_string(entry.begin) + ", the other ends at " + std::to_string(expected) + ")");
        if (entry.begin > expected)
            fail(file, "a gap in the data before tensor '" + name + "' (bytes " + std::to_string(expected) + " to "
                           + std::to_string(entry.begin) + " belong to no tensor)");
        expected = entry.end;
    }
    if (expected != dataSize)
        fail(file, "the tensors end at byte " + std::to_string(expected) + " of the data, but the file holds "
                       + std::to_string(dataSize) + " (truncated, or bytes after the last tensor)");
    std::vector<TensorView> ordered;
    ordered.reserve(entries.size());
    for (auto &entry : entries)
        ordered.push_back(std::move(entry.tensor));
    return ordered;
}

} // namespace

SafetensorsFile SafetensorsFile::open(const std::filesystem::path &file)
{
    auto mapping = std::make_unique<Mapping>();
    mapping->path = file;
    std::tie(mapping->address, mapping->length) = mapReadOnly(file); // unmapped with `mapping` from here on
    const auto *base = static_cast<const std::byte *>(mapping->address);
    const auto fileSize = static_cast<std::uint64_t>(mapping->length);
    const auto headerLength = headerLengthOf(file, base, fileSize);
    const auto header = parseHeader(file, std::string_view(reinterpret_cast<const char *>(base + 8), headerLength));
    const std::uint64_t dataSize = fileSize - 8 - headerLength;

    std::vector<TensorEntry> entries;
    for (const auto &[name, entry] : header.items()) {
        if (name == "__metadata__")
            mapping->metadata = readMetadata(file, entry);
        else
            entries.push_back(readTensorEntry(file, name, entry, base + 8 + headerLength, dataSize));
    }
    mapping->tensors = inDataOrder(file, std::move(entries), dataSize);

    SafetensorsFile result;
    result.m_mapping = std::move(mapping);
    return result;
}

// ------------------------------------------------------------------------- writing

void writeSafetensors(const std::filesystem::path &file, std::span<const TensorToWrite> tensors,
                      const std::map<std::string, std::string> &metadata)
{
    std::vector<const TensorToWrite *> order;
    for (const auto &tensor : tensors)
        order.push_back(&tensor);
    std::sort(order.begin(), order.end(), [](const TensorToWrite *a, const TensorToWrite *b) {
        const auto alignA = dtypeSize(a->dtype);
        const auto alignB = dtypeSize(b->dtype);
        return alignA != alignB ? alignA > alignB : a->name < b->name;
    });
    nlohmann::ordered_json header = nlohmann::ordered_json::object();
    if (!metadata.empty())
        header["__metadata__"] = metadata;
    std::uint64_t offset = 0;
    for (const auto *tensor : order) {
        std::uint64_t bytes = dtypeSize(tensor->dtype);
        for (const auto size : tensor->shape)
            bytes *= static_cast<std::uint64_t>(size);
        if (bytes != tensor->bytes.size())
            throw Error("tensor '" + tensor->name + "': shape " + shapeText(tensor->shape) + " of "
                        + std::string(dtypeName(tensor->dtype)) + " needs " + std::to_string(bytes) + " bytes, "
                        + std::to_string(tensor->bytes.size()) + " given");
        header[tensor->name] = {
            {"dtype", dtypeName(tensor->dtype)}, {"shape", tensor->shape}, {"data_offsets", {offset, offset + bytes}}};
        offset += bytes;
    }
    std::string text = header.dump();
    text.append((8 - text.size() % 8) % 8, ' ');
    AtomicFile out(file);
    std::array<char, 8> length{};
    for (std::size_t i = 0; i < 8; ++i)
        length[i] = static_cast<char>((static_cast<std::uint64_t>(text.size()) >> (8 * i)) & 0xFF);
    out.write(length.data(), 8);
    out.write(text);
    for (const auto *tensor : order)
        out.write(tensor->bytes.data(), tensor->bytes.size());
    out.commit();
}

// ------------------------------------------------------------------------- Checkpoint

Checkpoint Checkpoint::open(const std::filesystem::path &folder)
{
    Checkpoint checkpoint;
    const auto single = folder / "model.safetensors";
    const auto index = folder / "model.safetensors.index.json";
    if (std::filesystem::exists(index)) {
        nlohmann::json json;
        const auto text = readBoundedFile(index, std::size_t(64) << 20, "checkpoint index");
        if (jsonNestsDeeperThan(text, maxHeaderDepth))
            throw Error(index.string() + ": nests deeper than a checkpoint index does");
        try {
            json = nlohmann::json::parse(text);
        } catch (const nlohmann::json::exception &e) {
            throw Error(index.string() + ": not valid JSON: " + e.what());
        }
        const auto map = json.find("weight_map");
        if (map == json.end() || !map->is_object())
            throw Error(index.string() + ": no weight_map object");
        std::map<std::string, std::size_t> fileIndex;
        for (const auto &[name, shard] : map->items()) {
            if (!shard.is_string())
                throw Error(index.string() + ": weight_map entry '" + name + "' is not a file name");
            const auto shardName = shard.get<std::string>();
            if (shardName.find('/') != std::string::npos || shardName == "..")
                throw Error(index.string() + ": shard '" + shardName + "' is not a file in the folder");
            if (!fileIndex.contains(shardName)) {
                fileIndex[shardName] = checkpoint.m_files.size();
                checkpoint.m_files.push_back(SafetensorsFile::open(folder / shardName));
            }
            const auto &file = checkpoint.m_files[fileIndex[shardName]];
            const auto *tensor = file.find(name);
            if (!tensor)
                throw Error(concat(
                    {index.string(), ": weight_map puts '", name, "' in ", shardName, ", which does not hold it"}));
            checkpoint.m_byName[name] = tensor;
        }
    } else if (std::filesystem::exists(single)) {
        checkpoint.m_files.push_back(SafetensorsFile::open(single));
        for (const auto &tensor : checkpoint.m_files.front().tensors())
            checkpoint.m_byName[tensor.name] = &tensor;
    } else {
        if (std::filesystem::exists(folder / "pytorch_model.bin"))
            throw Error(folder.string()
                        + ": no model.safetensors; its pytorch_model.bin is a Python pickle, which Glossa does not "
                          "open (unpickling a file can run code); convert it once with: "
                        + pytorchBinConversion(folder));
        throw Error(folder.string()
                    + ": no model.safetensors or model.safetensors.index.json (a pytorch_model.bin "
                      "cannot be read: save the model with safe_serialization=True)");
    }
    return checkpoint;
}

const TensorView *Checkpoint::find(std::string_view name) const
{
    const auto found = m_byName.find(name);
    return found == m_byName.end() ? nullptr : found->second;
}

std::vector<const TensorView *> Checkpoint::tensors() const
{
    std::vector<const TensorView *> result;
    result.reserve(m_byName.size());
    for (const auto &[name, tensor] : m_byName)
        result.push_back(tensor);
    return result;
}

} // namespace glossa::core::model
