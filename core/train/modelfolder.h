#pragma once

#include <nlohmann/json_fwd.hpp>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace glossa::core::train {

class TrainConfig;
struct TrainSettings;

// A model trained from scratch (the bag of subwords or the transformer) as a folder that needs
// no project: config.json (this struct), model.safetensors (the weights, F32, under the
// model's parameter names), tokenizer.model (the run's SentencePiece model). docs/model-folder.md
// is the format's description for readers outside Glossa.
inline constexpr std::string_view modelFolderFormat = "glossa-model";
inline constexpr std::int64_t modelFolderFormatVersion = 1;
inline constexpr std::string_view modelFolderConfigFile = "config.json";
inline constexpr std::string_view modelFolderWeightsFile = "model.safetensors";
inline constexpr std::string_view modelFolderTokenizerFile = "tokenizer.model";
// config.json is read whole: it holds sizes and labels, never weights.
inline constexpr std::size_t maxModelFolderConfigBytes = std::size_t(4) << 20;
inline constexpr int maxModelFolderConfigDepth = 16;

struct ModelFolderConfig
{
    std::string modelType;           // "bag" or "transformer"
    std::vector<std::string> labels; // the classes in the order of the model's outputs
    std::int64_t vocabSize = 0;      // the tokenizer's pieces; token id 0 is the padding id
    std::int64_t maxLength = 0;      // texts are cut to this many tokens
    std::int64_t dimension = 0;      // embedding width (both models)
    std::int64_t ngramOrder = 0;     // bag
    std::int64_t hashBuckets = 0;    // bag
    std::int64_t layers = 0;         // transformer
    std::int64_t heads = 0;          // transformer
    std::int64_t feedForward = 0;    // transformer
    std::string pooling;             // transformer: mean, max or cls

    // The settings a Predictor needs to read texts the way the model was trained on them.
    TrainConfig toTrainConfig() const;
    static ModelFolderConfig fromRun(const TrainSettings &settings, std::vector<std::string> labels,
                                     std::int64_t vocabSize);
};

// One tensor the weights file must hold: its name and shape (F32).
struct ExpectedTensor
{
    std::string name;
    std::vector<std::int64_t> shape;
};

// Every tensor the model of this config has, as BagOfSubwords and TransformerEncoder name
// them: what the weights file is checked against before a model is allocated.
std::vector<ExpectedTensor> expectedTensors(const ModelFolderConfig &config);

// config.json's text: the fields above, the format and the Glossa version, and, for the record
// only (predict does not read them), the run's whole settings and where it came from.
std::string modelFolderConfigJson(const ModelFolderConfig &config, std::string_view glossaVersion,
                                  const nlohmann::json &settings, const nlohmann::ordered_json &source);

// Reads and checks folder/config.json as untrusted input: a regular file of at most
// maxModelFolderConfigBytes, nested at most maxModelFolderConfigDepth deep, the format and
// version, every field present with the right type and within the range the training
// settings allow. Throws Error naming the file and the field.
ModelFolderConfig readModelFolderConfig(const std::filesystem::path &folder);

// Whether folder/config.json says it is a Glossa model folder (false for a Hugging Face
// folder, or none); reads it with the same limits, and throws nothing.
bool isModelFolder(const std::filesystem::path &folder);

// Throws Error unless folder is absent, empty, or holds only files a model export writes (a
// Glossa or a Hugging Face model folder): an export replaces the whole folder, and must never
// take an analyst's other files with it (`--output .` or `--output ~/models`).
void requireReplaceableModelFolder(const std::filesystem::path &folder);

// folder/name when it is a regular file of the folder itself, not a symbolic link (which may
// point anywhere) nor a folder, pipe or device; throws Error naming the file otherwise.
std::filesystem::path modelFolderFile(const std::filesystem::path &folder, std::string_view name);

} // namespace glossa::core::train
