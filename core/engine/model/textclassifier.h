#pragma once

// Included by the engine only: ui/ never sees torch (ARCHITECTURE.md).
#include <torch/nn/module.h>
#include <torch/types.h>

#include <filesystem>
#include <string>

namespace torch::serialize {
class OutputArchive;
}

namespace torch::serialize {
class InputArchive;
class OutputArchive;
} // namespace torch::serialize

namespace glossa::core::model {

// Writes the archive as file through AtomicFile (a temporary file beside it, synced, renamed):
// a full disk or an I/O error becomes an Error naming the file and what to do, never a
// c10::Error that ends the process, and leaves the previous file as it was.
void saveArchiveAtomically(torch::serialize::OutputArchive &archive, const std::filesystem::path &file,
                           const std::string &what);

// One batch as every model reads it: feature or token ids, flattened, with the offset where
// each example starts (EmbeddingBag's layout), and for sequence models the padded [B, T] ids
// with a mask of which are the texts' own.
struct Batch
{
    torch::Tensor ids;     // [N] int64, all examples' ids one after another
    torch::Tensor offsets; // [B] int64, where each example starts in ids
    torch::Tensor padded;  // [B, T] int64, each row padded at its end with 0 (sequence models only)
    torch::Tensor mask;    // [B, T] int64, 1 at a text's tokens, 0 at padding; undefined: no padding
};

// The engine's one model interface: logits for a batch, and a file to keep it in.
class TextClassifier : public torch::nn::Module
{
public:
    // [B, classes] unnormalised scores.
    virtual torch::Tensor logits(const Batch &batch) = 0;
    // [B, D]: the pooled vector the model's classification layers read, without dropout: the
    // text's representation, which cross-lingual retrieval compares.
    virtual torch::Tensor representation(const Batch &batch) = 0;
    virtual std::string typeName() const = 0;
    virtual int classCount() const = 0;
    // A weight whose gradient is sparse (an embedding table of which a batch touches a few
    // rows), to be updated row by row; undefined when the model has none.
    virtual torch::Tensor sparseWeight() { return {}; }
    // The share of the learning rate the parameter of this name trains at: with layer-wise
    // decay, a pretrained encoder's layers near the input move least, as they hold the most
    // general knowledge. 1 for models trained from scratch.
    virtual double learningRateFactor(const std::string & /*parameterName*/, double /*layerDecay*/) const
    {
        return 1.0;
    }

    // Parameters and buffers, in LibTorch's archive format. Throws Error on failure.
    void saveWeights(const std::filesystem::path &file);
    void loadWeights(const std::filesystem::path &file);
    // The same into and out of an archive that holds more (a resumable training state).
    // readWeights checks every tensor before it changes any; `origin` names the source in errors.
    void writeWeights(torch::serialize::OutputArchive &archive);
    void readWeights(torch::serialize::InputArchive &archive, const std::string &origin);
};

} // namespace glossa::core::model
