// A safetensors file as a model folder brings it: 8-byte header length, JSON header, data. The
// header is checked before anything is read, so every tensor a file is accepted with must lie
// inside it and be exactly the size its shape and dtype say.

#include "fuzzinput.h"

#include "model/safetensors.h"
#include "util/error.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>

using namespace glossa::core;

namespace {

// A broken promise of the header check, which memory tools alone would not notice.
void require(bool condition, const char *what)
{
    if (!condition) {
        std::fprintf(stderr, "glossa fuzz: safetensors accepted a file where %s\n", what);
        std::abort();
    }
}

void useTensor(const model::SafetensorsFile &file, const model::TensorView &tensor)
{
    require(file.find(tensor.name) == &tensor, "find() does not return the tensor by its name");
    const auto count = tensor.numel();
    require(count >= 0, "a tensor has a negative element count");
    require(static_cast<std::uint64_t>(count) * model::dtypeSize(tensor.dtype) == tensor.bytes.size(),
            "a tensor's bytes do not match its shape and dtype");
    // Reads every byte, so a view beyond the mapping faults here rather than in a model.
    std::size_t checksum = model::shapeText(tensor.shape).size() + model::dtypeName(tensor.dtype).size();
    for (const auto byte : tensor.bytes)
        checksum += std::to_integer<unsigned>(byte);
    const bool floating = tensor.dtype == model::TensorDtype::F32 || tensor.dtype == model::TensorDtype::F16
                          || tensor.dtype == model::TensorDtype::BF16;
    if (floating) {
        const auto values = model::toFloat32(tensor);
        require(values.size() == static_cast<std::size_t>(count), "toFloat32 returns another element count");
        for (const float value : values)
            checksum += value > 0.0f;
    }
    glossa::fuzz::observe(checksum);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const glossa::fuzz::InputFile input("model.safetensors", data, size);
    try {
        const auto file = model::SafetensorsFile::open(input.path());
        std::uint64_t total = 0;
        for (const auto &tensor : file.tensors()) {
            useTensor(file, tensor);
            total += tensor.bytes.size();
        }
        require(total <= size, "the tensors hold more bytes than the file");
        std::size_t metadata = 0;
        for (const auto &[key, value] : file.metadata())
            metadata += key.size() + value.size();
        require(metadata <= size, "the metadata holds more bytes than the file");
    } catch (const Error &) {
        // The documented refusal of a malformed file.
    }
    return 0;
}
