#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace glossa::core::model {

// What a folder an analyst points Glossa at is, as a pretrained model, and what it lacks,
// before anything is loaded: the Train tab's model folder field, the settings' validation and
// `embed --model` say it. Reads config.json's model_type and the folder's file names only.
struct PretrainedFolderCheck
{
    std::filesystem::path folder;
    // "XLM-R", "BERT", "DistilBERT", "DeBERTa-v2", ... or config.json's model_type as written;
    // empty when there is no readable config.json.
    std::string family;
    std::string vocabulary; // the vocabulary file Glossa reads, when there is one
    // Each a sentence or two, without the folder: what is missing or not read, and what to do.
    std::vector<std::string> problems;

    bool usable() const { return problems.empty(); }
    // "<folder>:" and the problems, for an Error.
    std::string message() const;
};

PretrainedFolderCheck checkPretrainedFolder(const std::filesystem::path &folder);

// The one command that turns the folder's pytorch_model.bin into model.safetensors (python3
// with torch and safetensors; torch.load with weights_only, which refuses code in the pickle).
std::string pytorchBinConversion(const std::filesystem::path &folder);

} // namespace glossa::core::model
