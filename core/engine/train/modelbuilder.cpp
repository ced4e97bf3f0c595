#include "engine/train/modelbuilder.h"

#include "engine/model/bagofsubwords.h"
#include "engine/model/featureclassifier.h"
#include "engine/model/pretrainedclassifier.h"
#include "engine/model/transformerencoder.h"
#include "engine/train/modelinput.h"
#include "model/hfconfig.h"
#include "model/safetensors.h"
#include "store/runstore.h"
#include "train/trainconfig.h"
#include "train/trainsettings.h"
#include "util/error.h"

#include <sstream>

namespace glossa::core::train {
namespace {

model::PretrainedOptions pretrainedOptions(const TrainSettings &settings)
{
    model::PretrainedOptions options;
    const auto strategy = settings.finetune.strategy;
    options.strategy = strategy == FineTuneStrategy::Lora     ? model::FineTuning::Lora
                       : strategy == FineTuneStrategy::Frozen ? model::FineTuning::Frozen
                                                              : model::FineTuning::Full;
    options.frozenLayers = settings.finetune.frozenLayers;
    options.lora.rank = settings.lora.rank;
    options.lora.alpha = settings.lora.alpha;
    options.lora.dropout = settings.lora.dropout;
    options.lora.targets.clear();
    std::stringstream targets(settings.lora.targets);
    for (std::string target; std::getline(targets, target, ',');) {
        target.erase(0, target.find_first_not_of(' '));
        target.erase(target.find_last_not_of(' ') + 1);
        if (!target.empty())
            options.lora.targets.push_back(target);
    }
    return options;
}

model::VectorPooling vectorPooling(const TrainSettings &settings)
{
    return settings.finetune.pooling == FeaturePooling::Cls ? model::VectorPooling::Cls : model::VectorPooling::Mean;
}

// A features run's model: the head with the frozen encoder attached, its weights read from the
// folder, or only its structure from a kept config.json (buildRunModel reads the weights).
std::shared_ptr<model::TextClassifier> buildFeatureModel(const TrainSettings &settings, int classes,
                                                         const std::filesystem::path &encoderConfig)
{
    const bool fromFolder = encoderConfig.empty();
    const auto config =
        fromFolder ? model::readHfEncoderConfig(settings.model.path) : model::readHfEncoderConfigFile(encoderConfig);
    auto classifier = buildFeatureHead(settings, config.hiddenSize, classes);
    model::PretrainedEncoder encoder(config, /*withPooler=*/false);
    if (fromFolder)
        model::loadEncoderWeights(*encoder, model::Checkpoint::open(settings.model.path));
    classifier->attachEncoder(std::move(encoder), vectorPooling(settings));
    return classifier;
}

} // namespace

std::shared_ptr<model::FeatureClassifier> buildFeatureHead(const TrainSettings &settings, std::int64_t width,
                                                           int classes)
{
    model::FeatureHeadOptions options;
    options.inputWidth = width;
    options.hiddenWidth = settings.finetune.head == FeatureHead::Hidden ? settings.finetune.headWidth : 0;
    options.dropout = settings.finetune.headDropout;
    options.classes = classes;
    return std::make_shared<model::FeatureClassifier>(options);
}

std::shared_ptr<model::TextClassifier> buildModel(const TrainSettings &settings, int vocabSize, int classes,
                                                  const std::filesystem::path &encoderConfig)
{
    const auto &model = settings.model;
    switch (model.type) {
    case ModelType::Bag: {
        const ModelInput input(settings, vocabSize);
        return std::make_shared<model::BagOfSubwords>(
            model::BagOfSubwordsOptions{input.features()->featureCount(), model.embeddingDim, classes, model.dropout});
    }
    case ModelType::Transformer: {
        model::TransformerOptions options;
        options.vocabSize = vocabSize;
        options.dimension = model.embeddingDim;
        options.layers = model.layers;
        options.heads = model.heads;
        options.feedForward = model.ffDim;
        options.maxLength = model.maxLength;
        options.dropout = model.dropout;
        options.classes = classes;
        options.pooling = model.pooling;
        return std::make_shared<model::TransformerEncoder>(options);
    }
    case ModelType::Pretrained: {
        if (settings.finetune.strategy == FineTuneStrategy::Features)
            return buildFeatureModel(settings, classes, encoderConfig);
        const auto options = pretrainedOptions(settings);
        if (!encoderConfig.empty())
            return std::make_shared<model::PretrainedClassifier>(model::readHfEncoderConfigFile(encoderConfig), classes,
                                                                 options);
        return model::PretrainedClassifier::fromFolder(model.path, classes, options);
    }
    }
    throw Error("model.type " + std::string(name(model.type))
                + " is not available (use bag, transformer or pretrained)");
}

std::shared_ptr<model::TextClassifier> buildModel(const TrainConfig &config, int vocabSize, int classes)
{
    return buildModel(TrainSettings::from(config), vocabSize, classes);
}

std::shared_ptr<model::TextClassifier> buildRunModel(store::RunStore &runs, std::int64_t runId,
                                                     const TrainSettings &settings, int vocabSize, int classes)
{
    const auto encoderConfig = runs.runArtefact(runId, encoderConfigRole);
    const bool features =
        settings.model.type == ModelType::Pretrained && settings.finetune.strategy == FineTuneStrategy::Features;
    const auto encoderWeights = features ? runs.runArtefact(runId, encoderWeightsRole) : std::nullopt;
    // A features run reads its frozen encoder from the weights the project kept for it.
    const bool structureOnly = encoderConfig && (!features || encoderWeights);
    auto built =
        buildModel(settings, vocabSize, classes, structureOnly ? encoderConfig->path : std::filesystem::path());
    if (features && encoderWeights)
        model::loadEncoderArchive(std::dynamic_pointer_cast<model::FeatureClassifier>(built)->encoder(),
                                  encoderWeights->path);
    return built;
}

} // namespace glossa::core::train
