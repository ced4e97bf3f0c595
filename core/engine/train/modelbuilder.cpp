#include "engine/train/modelbuilder.h"

#include "engine/model/bagofsubwords.h"
#include "engine/model/pretrainedclassifier.h"
#include "engine/model/transformerencoder.h"
#include "engine/train/modelinput.h"
#include "model/hfconfig.h"
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

} // namespace

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
    return buildModel(settings, vocabSize, classes, encoderConfig ? encoderConfig->path : std::filesystem::path());
}

} // namespace glossa::core::train
