#include "model/pretrainedfolder.h"

#include "model/foldervocabulary.h"
#include "model/hfconfig.h"
#include "model/jsonobjectfile.h"
#include "util/error.h"

#include <nlohmann/json.hpp>

#include <array>

namespace glossa::core::model {
namespace {

constexpr std::size_t maxConfigBytes = std::size_t(1) << 20;
constexpr int maxConfigDepth = 16;

bool has(const std::filesystem::path &folder, const char *name)
{
    std::error_code ignored;
    return std::filesystem::exists(folder / name, ignored);
}

// A path inside a single-quoted Python string, inside a double-quoted shell argument.
std::string quotedForPython(const std::filesystem::path &file)
{
    std::string python;
    for (const char c : file.string()) {
        if (c == '\'' || c == '\\')
            python.push_back('\\');
        python.push_back(c);
    }
    std::string shell;
    for (const char c : python) {
        if (c == '"' || c == '$' || c == '`' || c == '\\')
            shell.push_back('\\');
        shell.push_back(c);
    }
    return shell;
}

struct KnownFamily
{
    const char *modelType;
    const char *name;
    bool read;           // Glossa builds and fine-tunes it
    const char *example; // a checkpoint of the family, for messages
};

constexpr std::array knownFamilies{
    KnownFamily{"xlm-roberta", "XLM-R", true, "xlm-roberta-base"},
    KnownFamily{"bert", "BERT", true, "bert-base-multilingual-cased"},
    KnownFamily{"distilbert", "DistilBERT", true, "distilbert-base-multilingual-cased"},
    KnownFamily{"deberta-v2", "DeBERTa-v2", true, "mdeberta-v3-base"},
    KnownFamily{"roberta", "RoBERTa", true, "roberta-base"},
    KnownFamily{"electra", "ELECTRA", false, "electra-base"},
    KnownFamily{"xlm-roberta-xl", "XLM-R XL", false, "xlm-roberta-xl"},
};

const KnownFamily *familyOf(const std::string &modelType)
{
    for (const auto &family : knownFamilies)
        if (modelType == family.modelType)
            return &family;
    return nullptr;
}

void checkFamily(const std::filesystem::path &folder, PretrainedFolderCheck &check)
{
    const auto file = folder / "config.json";
    nlohmann::json json;
    try {
        json = readJsonObjectFile(file, maxConfigBytes, maxConfigDepth, "config.json");
    } catch (const Error &e) {
        check.problems.emplace_back(e.what());
        return;
    }
    const auto type = json.find("model_type");
    if (type == json.end() || !type->is_string()) {
        check.problems.emplace_back("config.json names no model_type, so what model it holds is unknown; Glossa "
                                    "reads xlm-roberta, bert, distilbert and deberta-v2 models.");
        return;
    }
    const auto modelType = type->get<std::string>();
    const auto *family = familyOf(modelType);
    check.family = family ? family->name : modelType;
    if (family && !family->read) {
        check.problems.push_back("model_type '" + modelType + "' is " + family->name + " (like " + family->example
                                 + "), which Glossa does not read yet; it reads XLM-R, BERT-family, DistilBERT and "
                                   "DeBERTa-v2 models (the README lists the checkpoints).");
        return;
    }
    if (!family) {
        check.problems.push_back(
            "A '" + modelType.substr(0, 64)
            + "' model, which Glossa does not read; it reads XLM-R, BERT-family, DistilBERT and DeBERTa-v2 models "
              "(the README lists the checkpoints).");
        return;
    }
    try { // the sizes and switches Glossa builds the encoder from
        readHfEncoderConfigFile(file);
    } catch (const Error &e) {
        check.problems.emplace_back(e.what());
    }
}

void checkWeights(const std::filesystem::path &folder, PretrainedFolderCheck &check)
{
    if (has(folder, "model.safetensors") || has(folder, "model.safetensors.index.json"))
        return;
    if (has(folder, "pytorch_model.bin")) {
        check.problems.push_back("The weights are only in pytorch_model.bin, a Python pickle, which Glossa does "
                                 "not open (unpickling a file can run code). Convert them once with: "
                                 + pytorchBinConversion(folder));
    } else if (has(folder, "pytorch_model.bin.index.json")) {
        check.problems.push_back(
            "The weights are only in sharded pytorch_model-*.bin pickles, which Glossa does not open (unpickling a "
            "file can run code). Save them as safetensors once with: python3 -c \"from transformers import "
            "AutoModel; AutoModel.from_pretrained('"
            + quotedForPython(folder) + "').save_pretrained('" + quotedForPython(folder)
            + "', safe_serialization=True)\"");
    } else if (has(folder, "tf_model.h5") || has(folder, "flax_model.msgpack")) {
        check.problems.emplace_back(
            "The weights are TensorFlow or Flax ones only; Glossa reads PyTorch weights in model.safetensors.");
    } else {
        check.problems.emplace_back("No weights: no model.safetensors or model.safetensors.index.json.");
    }
}

void checkVocabulary(const std::filesystem::path &folder, PretrainedFolderCheck &check)
{
    if (const auto vocabulary = findFolderVocabulary(folder)) {
        check.vocabulary = vocabulary->file.filename().string();
        return;
    }
    std::string found;
    for (const char *name : {"sentencepiece.model", "vocab.json"})
        if (has(folder, name))
            found += std::string(found.empty() ? "" : ", ") + name;
    check.problems.push_back(
        "No vocabulary Glossa reads: sentencepiece.bpe.model (XLM-R), spm.model (DeBERTa-v2), vocab.txt "
        "(BERT's WordPiece) or tokenizer.json"
        + (found.empty() ? std::string(".") : "; it has " + found + ", which Glossa does not read yet."));
}

} // namespace

std::string PretrainedFolderCheck::message() const
{
    std::string joined = folder.string() + ":";
    for (const auto &problem : problems)
        joined += " " + problem;
    return joined;
}

PretrainedFolderCheck checkPretrainedFolder(const std::filesystem::path &folder)
{
    PretrainedFolderCheck check;
    check.folder = folder;
    std::error_code error;
    if (!std::filesystem::is_directory(folder, error)) {
        check.problems.emplace_back("Not a folder.");
        return check;
    }
    if (!has(folder, "config.json")) {
        check.problems.emplace_back("No config.json, so not a Hugging Face model folder (one holds config.json, the "
                                    "weights and the tokenizer's files).");
        return check;
    }
    checkFamily(folder, check);
    checkWeights(folder, check);
    checkVocabulary(folder, check);
    return check;
}

std::string pytorchBinConversion(const std::filesystem::path &folder)
{
    const auto bin = quotedForPython(folder / "pytorch_model.bin");
    const auto safetensors = quotedForPython(folder / "model.safetensors");
    return "python3 -c \"import torch, safetensors.torch as st; w = torch.load('" + bin
           + "', map_location='cpu', weights_only=True); st.save_file({k: v.contiguous().clone() for k, v in "
             "w.items()}, '"
           + safetensors + "', metadata={'format': 'pt'})\"";
}

} // namespace glossa::core::model
