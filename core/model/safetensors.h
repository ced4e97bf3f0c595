#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace glossa::core::model {

// The element types a safetensors file may hold that LibTorch 1.13 has a type for. The format
// knows more (U16-U64, 8-bit floats); a file with one of those is refused with a message.
enum class TensorDtype { Bool, U8, I8, I16, I32, I64, F16, BF16, F32, F64 };

std::size_t dtypeSize(TensorDtype dtype);
std::string_view dtypeName(TensorDtype dtype);
std::optional<TensorDtype> dtypeFromName(std::string_view name);
// "[2, 3]", for messages about tensors.
std::string shapeText(std::span<const std::int64_t> shape);

// A tensor inside a mapped file: row-major, little-endian, no strides.
struct TensorView
{
    std::string name;
    TensorDtype dtype = TensorDtype::F32;
    std::vector<std::int64_t> shape;
    std::span<const std::byte> bytes;

    std::int64_t numel() const;
};

// Its values as F32, from F32, F16 or BF16 (the types checkpoints are stored in); throws Error
// for any other type.
std::vector<float> toFloat32(const TensorView &tensor);

// A safetensors file (huggingface/safetensors), memory-mapped, its header checked as the
// reference reader checks it before anything is read: the header length (at most 100 MB,
// within the file), the header JSON (an object; tensors with a known dtype, a shape of
// non-negative sizes, data offsets [begin, end]; no key twice), and the data (each tensor's
// bytes the size its shape and dtype need, the tensors back to back from offset 0 to the end of
// the file, no gap, no overlap). Any violation throws Error naming the file and what is wrong;
// nothing is read beyond the file. The views stay valid while the object lives.
class SafetensorsFile
{
public:
    static SafetensorsFile open(const std::filesystem::path &file);

    SafetensorsFile(SafetensorsFile &&) noexcept;
    SafetensorsFile &operator=(SafetensorsFile &&) noexcept;
    ~SafetensorsFile();

    const std::filesystem::path &path() const;
    // In the order of their data in the file.
    const std::vector<TensorView> &tensors() const;
    const TensorView *find(std::string_view name) const;
    // The header's "__metadata__" (transformers writes {"format": "pt"}).
    const std::map<std::string, std::string> &metadata() const;

private:
    struct Mapping;
    SafetensorsFile();
    std::unique_ptr<Mapping> m_mapping;
};

// A tensor to write: its bytes as they go into the file (little-endian, row-major).
struct TensorToWrite
{
    std::string name;
    TensorDtype dtype = TensorDtype::F32;
    std::vector<std::int64_t> shape;
    std::span<const std::byte> bytes;
};

// Writes a safetensors file the way the reference writer does (header padded with spaces to
// a multiple of 8, tensors ordered by descending alignment then name, so each is aligned to its
// element size), through a temporary file renamed into place. metadata defaults to what
// transformers expects. Throws Error for a tensor whose bytes do not match its shape.
void writeSafetensors(const std::filesystem::path &file, std::span<const TensorToWrite> tensors,
                      const std::map<std::string, std::string> &metadata = {{"format", "pt"}});

// The weights of a Hugging Face model folder: model.safetensors, or the shards that
// model.safetensors.index.json maps each tensor to (every mapped tensor must be in its shard).
class Checkpoint
{
public:
    static Checkpoint open(const std::filesystem::path &folder);

    const TensorView *find(std::string_view name) const;
    // Every tensor, by name.
    std::vector<const TensorView *> tensors() const;
    std::size_t fileCount() const { return m_files.size(); }

private:
    std::vector<SafetensorsFile> m_files;
    std::map<std::string, const TensorView *, std::less<>> m_byName;
};

} // namespace glossa::core::model
