#pragma once

#include "text/sentencepiecetokenizer.h"
#include "train/modelfolder.h"
#include "train/trainconfig.h"

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace glossa::core::model {
class TextClassifier;
}
namespace glossa::core::store {
class RunStore;
struct RunInfo;
} // namespace glossa::core::store

namespace glossa::core::train {

// A bag or transformer run as a Glossa model folder (train/modelfolder.h, docs/model-folder.md):
// config.json, model.safetensors and tokenizer.model, which `predict --model DIR` reads without
// the project. The run's own artefacts (checked against their hashes) are what is written; the
// folder appears whole or not at all (AtomicFolder). Throws Error naming the run for a model
// of another type, and on any failure, leaving what was at `folder` as it was.
ModelFolderConfig exportModelFolder(store::RunStore &runs, const store::RunInfo &run,
                                    const std::filesystem::path &folder, std::string_view glossaVersion);

// A model folder read back as untrusted input: config.json checked field by field, the
// tokenizer's vocabulary against it, and the weights file's header (every tensor's name,
// type and shape) against what the config's model has before a model is allocated; no file
// that is a symbolic link is followed. Throws Error naming the file and what is wrong.
struct LoadedModelFolder
{
    ModelFolderConfig folder;
    TrainConfig config;
    text::SentencePieceTokenizer tokenizer;
    std::shared_ptr<model::TextClassifier> model;
};
LoadedModelFolder loadModelFolder(const std::filesystem::path &folder);

} // namespace glossa::core::train
