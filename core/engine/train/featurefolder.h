#pragma once

#include "train/trainconfig.h"

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace glossa::core::model {
class TextClassifier;
}
namespace glossa::core::store {
class RunStore;
struct RunInfo;
} // namespace glossa::core::store
namespace glossa::core::text {
class SentencePieceTokenizer;
}

namespace glossa::core::train {

// The file that marks a folder as a features run's export, beside a Hugging Face encoder.
inline constexpr const char *featureHeadConfigName = "glossa_head.json";
inline constexpr const char *featureHeadWeightsName = "glossa_head.safetensors";

// Writes a features run as a model folder: the frozen encoder as a Hugging Face folder
// (config.json, model.safetensors under transformers' names, sentencepiece.bpe.model), which
// any XLM-R/BERT reader loads as the base model, plus the trained head (glossa_head.safetensors)
// and how it reads the encoder (glossa_head.json: pooling, maximum length, head, labels).
// predict --model reads it back. Into an AtomicFolder: nothing is left on failure.
void exportFeatureRun(store::RunStore &runs, const store::RunInfo &run, const std::filesystem::path &output);

struct LoadedFeatureFolder
{
    TrainConfig config;
    std::vector<std::string> labels;
    std::shared_ptr<model::TextClassifier> model;
};

// Such a folder, read as untrusted input (bounded JSON, the head's tensors checked by name and
// shape against the head glossa_head.json describes). Throws Error naming the file.
LoadedFeatureFolder loadFeatureFolder(const std::filesystem::path &folder);

} // namespace glossa::core::train
