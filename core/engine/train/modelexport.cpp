#include "engine/train/modelexport.h"

#include "data/snapshotfile.h"
#include "engine/model/textclassifier.h"
#include "engine/train/modelbuilder.h"
#include "model/safetensors.h"
#include "store/runstore.h"
#include "train/trainsettings.h"
#include "util/atomicfile.h"
#include "util/boundedfile.h"
#include "util/error.h"

#include <nlohmann/json.hpp>

#include <map>
#include <set>

namespace glossa::core::train {
namespace {

// A SentencePiece model is read whole; the bridge's own limit.
constexpr std::size_t maxTokenizerBytes = std::size_t(256) << 20;

std::map<std::string, torch::Tensor> namedTensors(model::TextClassifier &model)
{
    std::map<std::string, torch::Tensor> tensors;
    for (const auto &item : model.named_parameters(true))
        tensors.emplace(item.key(), item.value());
    for (const auto &item : model.named_buffers(true))
        tensors.emplace(item.key(), item.value());
    return tensors;
}

// The weights file's tensors against those the config's model has, before the model is
// allocated: the same names, F32, the same shapes. So a file can never make Glossa allocate
// more than the file itself holds, nor leave a weight at its random start.
void requireWeightsFitConfig(const model::SafetensorsFile &weights, const ModelFolderConfig &config,
                             const std::filesystem::path &configFile)
{
    const auto file = weights.path().string();
    const auto expected = expectedTensors(config);
    std::set<std::string, std::less<>> names;
    for (const auto &tensor : expected) {
        names.insert(tensor.name);
        const auto *found = weights.find(tensor.name);
        if (!found)
            throw Error(file + ": has no tensor " + tensor.name + ", which the " + config.modelType + " model of "
                        + configFile.string() + " needs");
        if (found->dtype != model::TensorDtype::F32)
            throw Error(file + ": " + tensor.name + " is " + std::string(model::dtypeName(found->dtype))
                        + "; a Glossa model folder holds F32 weights");
        if (found->shape != tensor.shape)
            throw Error(file + ": " + tensor.name + " is " + model::shapeText(found->shape) + ", but "
                        + configFile.string() + " describes a model whose " + tensor.name + " is "
                        + model::shapeText(tensor.shape) + "; the two files do not belong together");
    }
    for (const auto &tensor : weights.tensors())
        if (!names.contains(tensor.name))
            throw Error(file + ": holds " + tensor.name + ", which the " + config.modelType + " model of "
                        + configFile.string() + " does not have; the two files do not belong together");
}

} // namespace

ModelFolderConfig exportModelFolder(store::RunStore &runs, const store::RunInfo &run,
                                    const std::filesystem::path &folder, std::string_view glossaVersion)
{
    const auto config = TrainConfig::fromJsonString(run.configJson);
    const auto settings = TrainSettings::from(config);
    if (settings.model.type != ModelType::Bag && settings.model.type != ModelType::Transformer)
        throw Error("run '" + run.name + "' trained a " + std::string(name(settings.model.type))
                    + " model, which is not a bag or transformer model");
    auto artefact = [&](std::string_view role) { return runs.requireRunArtefact(run, role).path; };
    const auto snapshot = data::loadSnapshot(artefact("snapshot"));
    const auto tokenizerFile = artefact("tokenizer");
    const auto tokenizerBytes = readBoundedFile(tokenizerFile, maxTokenizerBytes, "run's tokenizer model");
    const auto tokenizer = text::SentencePieceTokenizer::fromSerialized(tokenizerBytes);
    const auto modelFile = artefact("model");

    const auto classes = static_cast<int>(snapshot.labels.size());
    auto classifier = buildModel(settings, tokenizer.vocabSize(), classes);
    classifier->loadWeights(modelFile);
    const auto folderConfig = ModelFolderConfig::fromRun(settings, snapshot.labels, tokenizer.vocabSize());

    // The tensors as the config says they are, so the folder written is one the reader accepts.
    const auto tensors = namedTensors(*classifier);
    std::vector<torch::Tensor> keep;
    std::vector<model::TensorToWrite> toWrite;
    for (const auto &expected : expectedTensors(folderConfig)) {
        const auto found = tensors.find(expected.name);
        if (found == tensors.end() || found->second.sizes() != c10::IntArrayRef(expected.shape))
            throw Error("export: the " + folderConfig.modelType + " model has no tensor " + expected.name + " of shape "
                        + model::shapeText(expected.shape) + " (a Glossa defect: please report it)");
        keep.push_back(found->second.detach().to(torch::kCPU, torch::kFloat).contiguous());
        const auto &stored = keep.back();
        toWrite.push_back({expected.name, model::TensorDtype::F32, expected.shape,
                           std::span<const std::byte>(static_cast<const std::byte *>(stored.data_ptr()),
                                                      static_cast<std::size_t>(stored.nbytes()))});
    }
    if (toWrite.size() != tensors.size())
        throw Error("export: the " + folderConfig.modelType + " model has " + std::to_string(tensors.size())
                    + " tensors, the folder format " + std::to_string(toWrite.size())
                    + " (a Glossa defect: please report it)");

    const nlohmann::ordered_json source{{"run", run.id},
                                        {"run_name", run.name},
                                        {"dataset", snapshot.datasetName},
                                        {"snapshot", run.snapshotHash.value_or("")},
                                        {"model_sha256", runs.requireRunArtefact(run, "model").sha256},
                                        {"tokenizer_sha256", runs.requireRunArtefact(run, "tokenizer").sha256}};
    AtomicFolder output(folder);
    const auto &staging = output.staging();
    model::writeSafetensors(staging / modelFolderWeightsFile, toWrite,
                            {{"format", "pt"}, {"glossa_format", std::string(modelFolderFormat)}});
    writeFileAtomically(staging / modelFolderTokenizerFile, tokenizerBytes);
    writeFileAtomically(staging / modelFolderConfigFile,
                        modelFolderConfigJson(folderConfig, glossaVersion, config.toJson(), source));
    output.commit();
    return folderConfig;
}

LoadedModelFolder loadModelFolder(const std::filesystem::path &folder)
{
    const auto configFile = folder / modelFolderConfigFile;
    auto folderConfig = readModelFolderConfig(folder);

    const auto tokenizerFile = modelFolderFile(folder, modelFolderTokenizerFile);
    auto tokenizer = [&] {
        const auto bytes = readBoundedFile(tokenizerFile, maxTokenizerBytes, "model folder's tokenizer model");
        try {
            return text::SentencePieceTokenizer::fromSerialized(bytes);
        } catch (const Error &e) {
            throw Error(tokenizerFile.string() + ": not a SentencePiece model Glossa can read: " + e.what());
        }
    }();
    if (tokenizer.vocabSize() != folderConfig.vocabSize)
        throw Error(tokenizerFile.string() + ": has " + std::to_string(tokenizer.vocabSize()) + " pieces, but "
                    + configFile.string() + " says tokenizer.vocab_size " + std::to_string(folderConfig.vocabSize)
                    + "; the two files do not belong together");

    const auto weights = model::SafetensorsFile::open(modelFolderFile(folder, modelFolderWeightsFile));
    requireWeightsFitConfig(weights, folderConfig, configFile);

    auto config = folderConfig.toTrainConfig();
    auto classifier = buildModel(config, tokenizer.vocabSize(), static_cast<int>(folderConfig.labels.size()));
    auto tensors = namedTensors(*classifier);
    if (tensors.size() != weights.tensors().size())
        throw Error(weights.path().string() + ": holds " + std::to_string(weights.tensors().size())
                    + " tensors; the model has " + std::to_string(tensors.size()));
    torch::NoGradGuard noGrad;
    for (auto &[name, tensor] : tensors) {
        const auto *view = weights.find(name);
        if (!view || tensor.sizes() != c10::IntArrayRef(view->shape))
            throw Error(weights.path().string() + ": " + name + " does not fit the model");
        // Copied out of the mapping first: a file's data offsets need not be aligned for floats.
        auto values = model::toFloat32(*view);
        tensor.copy_(torch::from_blob(values.data(), view->shape, torch::kFloat));
    }
    classifier->eval();
    return LoadedModelFolder{std::move(folderConfig), std::move(config), std::move(tokenizer), std::move(classifier)};
}

} // namespace glossa::core::train
