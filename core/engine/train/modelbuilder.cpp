#include "engine/train/modelbuilder.h"

#include "engine/model/bagofsubwords.h"
#include "model/hfconfig.h"
#include "engine/model/pretrainedclassifier.h"
#include "engine/model/transformerencoder.h"
#include "store/runstore.h"
#include "engine/train/modelinput.h"
#include "train/trainconfig.h"
#include "util/error.h"

#include <sstream>

namespace glossa::core::train {

std::shared_ptr<model::TextClassifier> buildModel(const TrainConfig &config, int vocabSize, int classes,
                                                  const std::filesystem::path &encoderConfig)
{
    const auto &type = config.text("model.type");
    if (type == "bag") {
        const ModelInput input(config, vocabSize);
        return std::make_shared<model::BagOfSubwords>(
            model::BagOfSubwordsOptions{input.features()->featureCount(), config.integer("model.embedding_dim"),
                                        classes, config.real("model.dropout")});
    }
    if (type == "transformer") {
        model::TransformerOptions options;
        options.vocabSize = vocabSize;
        options.dimension = config.integer("model.embedding_dim");
        options.layers = config.integer("model.layers");
        options.heads = config.integer("model.heads");
        options.feedForward = config.integer("model.ff_dim");
        options.maxLength = config.integer("model.max_length");
        options.dropout = config.real("model.dropout");
        options.classes = classes;
        options.pooling = config.text("model.pooling");
        return std::make_shared<model::TransformerEncoder>(options);
    }
    if (type == "pretrained") {
        model::PretrainedOptions options;
        const auto &strategy = config.text("finetune.strategy");
        options.strategy = strategy == "lora"     ? model::FineTuning::Lora
                           : strategy == "frozen" ? model::FineTuning::Frozen
                                                  : model::FineTuning::Full;
        options.frozenLayers = config.integer("finetune.frozen_layers");
        options.lora.rank = config.integer("lora.rank");
        options.lora.alpha = config.real("lora.alpha");
        options.lora.dropout = config.real("lora.dropout");
        options.lora.targets.clear();
        std::stringstream targets(config.text("lora.targets"));
        for (std::string target; std::getline(targets, target, ',');) {
            target.erase(0, target.find_first_not_of(' '));
            target.erase(target.find_last_not_of(' ') + 1);
            if (!target.empty())
                options.lora.targets.push_back(target);
        }
        if (!encoderConfig.empty())
            return std::make_shared<model::PretrainedClassifier>(model::readHfEncoderConfigFile(encoderConfig), classes,
                                                                 options);
        return model::PretrainedClassifier::fromFolder(config.text("model.path"), classes, options);
    }
    throw Error("model.type " + type + " is not available (use bag, transformer or pretrained)");
}

std::shared_ptr<model::TextClassifier> buildRunModel(store::RunStore &runs, std::int64_t runId,
                                                     const TrainConfig &config, int vocabSize, int classes)
{
    const auto encoderConfig = runs.runArtefact(runId, encoderConfigRole);
    return buildModel(config, vocabSize, classes, encoderConfig ? encoderConfig->path : std::filesystem::path());
}

} // namespace glossa::core::train
