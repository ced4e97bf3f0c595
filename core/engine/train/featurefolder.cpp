#include "engine/train/featurefolder.h"

#include "data/snapshotfile.h"
#include "engine/model/featureclassifier.h"
#include "engine/train/modelbuilder.h"
#include "model/foldervocabulary.h"
#include "model/hfconfig.h"
#include "model/jsonobjectfile.h"
#include "model/safetensors.h"
#include "store/runstore.h"
#include "train/runtokenizerartefact.h"
#include "train/trainsettings.h"
#include "util/atomicfile.h"
#include "util/error.h"

#include <nlohmann/json.hpp>


namespace glossa::core::train {
namespace {

constexpr std::size_t maxHeadConfigBytes = 1 << 20;
constexpr int maxHeadConfigDepth = 4;
constexpr std::size_t maxLabels = 100000;

// The tensors of a module under their names, their bytes kept alive with them.
struct NamedTensors
{
    std::vector<torch::Tensor> keep;
    std::vector<model::TensorToWrite> tensors;

    void add(const std::string &name, const torch::Tensor &value)
    {
        keep.push_back(value.detach().to(torch::kFloat).contiguous().cpu());
        const auto &stored = keep.back();
        tensors.push_back({name, model::TensorDtype::F32,
                           std::vector<std::int64_t>(stored.sizes().begin(), stored.sizes().end()),
                           std::span<const std::byte>(static_cast<const std::byte *>(stored.data_ptr()),
                                                      static_cast<std::size_t>(stored.nbytes()))});
    }
};

} // namespace

void exportFeatureRun(store::RunStore &runs, const store::RunInfo &run, const std::filesystem::path &output)
{
    const auto config = TrainConfig::fromJsonString(run.configJson);
    const auto settings = TrainSettings::from(config);
    const auto artefact = [&](std::string_view role) { return runs.requireRunArtefact(run, role).path; };
    const auto snapshot = data::loadSnapshot(artefact("snapshot"));
    auto built = buildRunModel(runs, run.id, settings, 0, static_cast<int>(snapshot.labels.size()));
    auto &classifier = dynamic_cast<model::FeatureClassifier &>(*built);
    classifier.loadWeights(artefact("model"));
    auto encoderConfig = model::readHfEncoderConfigFile(artefact("encoder-config"));

    AtomicFolder folder(output);
    const auto &staging = folder.staging();
    NamedTensors encoder;
    const auto prefix = encoderConfig.weightPrefix() + ".";
    for (const auto &item : classifier.encoder().named_parameters())
        encoder.add(prefix + item.key(), item.value());
    model::writeSafetensors(staging / "model.safetensors", encoder.tensors);
    // No id2label: the folder's encoder is a base model; the labels are the head's.
    encoderConfig.labels.clear();
    writeFileAtomically(staging / "config.json", model::hfConfigJson(encoderConfig));
    // The encoder's own vocabulary files, whatever its family reads (as an HF export writes them).
    model::writeHfTokenizerFiles(staging, loadRunTokenizer(runs, run), encoderConfig.maxTokens(),
                                 encoderConfig.family == model::EncoderFamily::DistilBert ? "DistilBertTokenizer"
                                                                                          : "BertTokenizer");
    NamedTensors head;
    for (const auto &item : classifier.named_parameters())
        head.add(item.key(), item.value());
    model::writeSafetensors(staging / featureHeadWeightsName, head.tensors);
    const nlohmann::ordered_json described{{"format", "glossa-features-head"},
                                           {"pooling", std::string(name(settings.finetune.pooling))},
                                           {"max_length", settings.model.maxLength},
                                           {"head", std::string(name(settings.finetune.head))},
                                           {"hidden_width", classifier.options().hiddenWidth},
                                           {"activation", "gelu"},
                                           {"labels", snapshot.labels}};
    writeFileAtomically(staging / featureHeadConfigName, described.dump(2) + "\n");
    folder.commit();
}

LoadedFeatureFolder loadFeatureFolder(const std::filesystem::path &folder)
{
    const auto file = folder / featureHeadConfigName;
    const auto json = model::readJsonObjectFile(file, maxHeadConfigBytes, maxHeadConfigDepth, featureHeadConfigName);
    const auto where = [&](const char *field) { return file.string() + ": " + field; };
    const auto text = [&](const char *field) {
        const auto found = json.find(field);
        if (found == json.end() || !found->is_string())
            throw Error(where(field) + " must be a string");
        return found->get<std::string>();
    };
    const auto integer = [&](const char *field) {
        const auto found = json.find(field);
        if (found == json.end() || !found->is_number_integer())
            throw Error(where(field) + " must be a whole number");
        return found->get<std::int64_t>();
    };
    if (text("format") != "glossa-features-head")
        throw Error(where("format") + " is not glossa-features-head");
    LoadedFeatureFolder loaded;
    const auto labels = json.find("labels");
    if (labels == json.end() || !labels->is_array() || labels->size() < 2 || labels->size() > maxLabels)
        throw Error(where("labels") + " must list two labels or more");
    for (const auto &label : *labels) {
        if (!label.is_string())
            throw Error(where("labels") + " must hold strings");
        loaded.labels.push_back(label.get<std::string>());
    }
    auto &config = loaded.config;
    config.set("model.type", std::string("pretrained"));
    config.set("model.path", folder.string());
    config.set("finetune.strategy", std::string("features"));
    config.set("finetune.pooling", text("pooling"));
    config.set("finetune.head", text("head"));
    config.set("model.max_length", integer("max_length"));
    if (text("head") == "hidden")
        config.set("finetune.head_width", integer("hidden_width"));
    if (const auto problems = config.validate(); !problems.empty())
        throw Error(file.string() + ": " + problems.front().key + ": " + problems.front().message);
    const auto settings = TrainSettings::from(config);
    loaded.model = buildModel(settings, 0, static_cast<int>(loaded.labels.size()));
    // The head's every tensor must be in the file, with its shape: a missing one would predict
    // from random weights, and still answer.
    const auto weights = model::SafetensorsFile::open(folder / featureHeadWeightsName);
    torch::NoGradGuard noGrad;
    for (auto &item : loaded.model->named_parameters()) {
        const auto *tensor = weights.find(item.key());
        if (!tensor || item.value().sizes() != c10::IntArrayRef(tensor->shape))
            throw Error((folder / featureHeadWeightsName).string() + ": has no " + item.key() + " of shape "
                        + model::shapeText(
                            std::vector<std::int64_t>(item.value().sizes().begin(), item.value().sizes().end())));
        item.value().copy_(model::tensorFrom(*tensor));
    }
    return loaded;
}

} // namespace glossa::core::train
