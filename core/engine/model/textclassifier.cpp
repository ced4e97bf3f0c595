#include "engine/model/textclassifier.h"

#include "util/atomicfile.h"
#include "util/error.h"

#include <torch/serialize.h>

#include <optional>

namespace glossa::core::model {

namespace {

// Parameters and buffers under their full dotted names ("embeddings.weight"): a flat archive
// that a loader can check tensor by tensor before it changes anything.
std::vector<std::pair<std::string, torch::Tensor>> namedTensors(torch::nn::Module &module)
{
    std::vector<std::pair<std::string, torch::Tensor>> tensors;
    for (const auto &item : module.named_parameters(true))
        tensors.emplace_back(item.key(), item.value());
    for (const auto &item : module.named_buffers(true))
        tensors.emplace_back(item.key(), item.value());
    return tensors;
}

std::string shapeOf(const torch::Tensor &tensor)
{
    std::string shape = "[";
    for (const auto size : tensor.sizes())
        shape += (shape.size() > 1 ? ", " : "") + std::to_string(size);
    return shape + "]";
}

} // namespace

void TextClassifier::writeWeights(torch::serialize::OutputArchive &archive)
{
    for (const auto &[name, tensor] : namedTensors(*this))
        archive.write(name, tensor.detach().cpu());
}

void TextClassifier::readWeights(torch::serialize::InputArchive &archive, const std::string &origin)
{
    // Everything is read and checked first, so a checkpoint of another model changes nothing.
    std::vector<std::pair<torch::Tensor, torch::Tensor>> staged;
    for (const auto &[name, tensor] : namedTensors(*this)) {
        torch::Tensor stored;
        if (!archive.try_read(name, stored))
            throw Error(origin + ": not a checkpoint of this model (no " + name + ")");
        if (stored.sizes() != tensor.sizes())
            throw Error(origin + ": not a checkpoint of this model (" + name + " is " + shapeOf(stored)
                        + ", the model's is " + shapeOf(tensor) + ")");
        staged.emplace_back(tensor, stored);
    }
    torch::NoGradGuard noGrad;
    for (auto &[tensor, stored] : staged)
        tensor.copy_(stored);
}

void saveArchiveAtomically(torch::serialize::OutputArchive &archive, const std::filesystem::path &file,
                           const std::string &what)
{
    AtomicFile out(file);
    std::optional<std::string> failure;
    try {
        // A short write must never reach LibTorch's zip writer: it throws, and then its
        // destructor writes the end of the archive, throws again and terminates the process.
        // So the first failure is kept, the rest of the bytes dropped, and the error raised here.
        archive.save_to([&](const void *data, size_t size) -> size_t {
            if (failure)
                return size;
            try {
                out.write(data, size);
            } catch (const Error &e) {
                failure = e.what();
            }
            return size;
        });
    } catch (const c10::Error &e) {
        throw Error(file.string() + ": cannot save " + what + ": " + e.what_without_backtrace());
    }
    if (failure)
        throw Error("cannot save " + what + ": " + *failure);
    out.commit();
}

void TextClassifier::saveWeights(const std::filesystem::path &file)
{
    torch::serialize::OutputArchive archive;
    try {
        writeWeights(archive);
    } catch (const c10::Error &e) {
        throw Error(file.string() + ": cannot save the model: " + e.what_without_backtrace());
    }
    saveArchiveAtomically(archive, file, "the model");
}

void TextClassifier::loadWeights(const std::filesystem::path &file)
{
    if (!std::filesystem::exists(file))
        throw Error(file.string() + ": the model checkpoint is missing");
    torch::serialize::InputArchive archive;
    try {
        archive.load_from(file.string());
    } catch (const c10::Error &e) {
        throw Error(file.string() + ": not a readable checkpoint of this model: " + e.what_without_backtrace());
    }
    readWeights(archive, file.string());
}

} // namespace glossa::core::model
