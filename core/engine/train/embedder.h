#pragma once

#include "engine/train/predictor.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace glossa::core::store {
class Database;
}

namespace glossa::core::train {

enum class EmbeddingPooling {
    Cls,  // the first token's (<s>) hidden state
    Mean, // the mean over the text's tokens
};

// A Hugging Face encoder folder (config.json, its safetensors weights, sentencepiece.bpe.model)
// as a text embedder: what `glossa-cli embed` prints and what `retrieve --model` compares.
class HfFolderEmbedder
{
public:
    // `warn` hears what the checkpoint lacks (left as initialised). Texts are cut to
    // maxTokens ids (0: as many as the model reads). Throws Error naming the file when the
    // folder is not such a model. Int8: the encoder's linear layers run in int8
    // (model::quantizeEncoderInt8), faster on a CPU, the vectors a little different.
    HfFolderEmbedder(const std::filesystem::path &folder, EmbeddingPooling pooling,
                     const std::function<void(const std::string &)> &warn = {},
                     Quantization quantization = Quantization::None, std::size_t maxTokens = 0);
    HfFolderEmbedder(HfFolderEmbedder &&) noexcept;
    HfFolderEmbedder &operator=(HfFolderEmbedder &&) noexcept;
    ~HfFolderEmbedder();

    std::size_t dimension() const;
    std::size_t maxTokens() const;
    // The XLM-R ids the encoder reads for a text, <s> ... </s>, cut to maxTokens().
    std::vector<int> tokenIds(std::string_view text) const;
    // One forward pass over these texts' ids (padded together): keep batches small.
    Embeddings embedIds(std::span<const std::vector<int>> ids) const;
    // Batched.
    Embeddings embed(std::span<const std::string> texts) const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

// The content of a Hugging Face folder as 32 hex digits (XXH3-128): config.json, the
// vocabulary and every weight file's bytes, so a folder whose weights change gets a new key.
std::string hfFolderFingerprint(const std::filesystem::path &folder);

// "none" or "int8" as a command line gives it; throws Error naming `option` for another word.
Quantization quantizationFromWord(const std::string &word, std::string_view option);

// Vectors of texts from a pretrained folder or a run's own model, with the key that names what
// computes them (the embeddings cache's model_key): the model's content, pooling, maximum
// length and, for int8, the quantisation (int8 and float32 vectors are never mixed).
class Embedder
{
public:
    static Embedder fromFolder(const std::filesystem::path &folder, EmbeddingPooling pooling,
                               const std::function<void(const std::string &)> &warn = {},
                               Quantization quantization = Quantization::None, std::size_t maxTokens = 0);
    // The model key fromFolder's vectors are cached under, without loading the model (a
    // features run whose texts are all cached never loads it); `fingerprint`: the folder's
    // hfFolderFingerprint when the caller has it already.
    static std::string folderModelKey(const std::filesystem::path &folder, EmbeddingPooling pooling,
                                      std::size_t maxTokens, const std::string &fingerprint = {},
                                      Quantization quantization = Quantization::None);
    // The representation the run's classifier reads (Predictor::embed), with its tokenizer; in
    // the run's model.quantize unless `quantization` says otherwise.
    static Embedder fromRun(store::Database &db, const std::filesystem::path &artefactDir, std::int64_t runId,
                            std::optional<Quantization> quantization = std::nullopt);
    Embedder(Embedder &&) noexcept;
    Embedder &operator=(Embedder &&) noexcept;
    ~Embedder();

    const std::string &modelKey() const;
    // What computes the vectors, for a reader: the folder, or the run with its model type.
    const std::string &description() const;
    // mean, cls, max (a transformer run's own), or pooler (a BERT run's head input).
    const std::string &pooling() const;
    std::size_t dimension() const;
    // Batched; one row per text.
    Embeddings embed(std::span<const std::string> texts) const;

private:
    struct Impl;
    explicit Embedder(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

} // namespace glossa::core::train
