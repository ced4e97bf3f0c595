#include "train/modelbuilder.h"

#include "model/bagofsubwords.h"
#include "model/transformerencoder.h"
#include "train/modelinput.h"
#include "train/trainconfig.h"
#include "util/error.h"

namespace glossa::core::train {

std::shared_ptr<model::TextClassifier> buildModel(const TrainConfig &config, int vocabSize, int classes)
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
    throw Error("model.type " + type + " is not available in this version yet (use bag or transformer)");
}

} // namespace glossa::core::train
