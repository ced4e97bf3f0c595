#include "engine/train/quantizationagreement.h"

#include "data/snapshot.h"
#include "engine/train/predictor.h"
#include "train/metrics.h"

#include <cmath>
#include <string>
#include <vector>

namespace glossa::core::train {
namespace {

struct Outputs
{
    std::vector<int> labels;
    Embeddings embeddings;
};

Outputs outputsOf(const Predictor &predictor, const std::vector<std::string> &texts)
{
    Outputs outputs;
    for (const auto &prediction : predictor.predict(texts))
        outputs.labels.push_back(prediction.label);
    outputs.embeddings = predictor.embed(texts);
    return outputs;
}

double cosine(const float *a, const float *b, std::size_t dimension)
{
    double dot = 0;
    double aa = 0;
    double bb = 0;
    for (std::size_t i = 0; i < dimension; ++i) {
        dot += static_cast<double>(a[i]) * b[i];
        aa += static_cast<double>(a[i]) * a[i];
        bb += static_cast<double>(b[i]) * b[i];
    }
    // Two zero vectors are the same vector.
    return aa > 0 && bb > 0 ? dot / std::sqrt(aa * bb) : (aa == bb ? 1.0 : 0.0);
}

} // namespace

QuantizationAgreement measureInt8Agreement(Predictor &predictor, const data::DatasetSnapshot &snapshot)
{
    QuantizationAgreement agreement;
    agreement.split = "dev";
    auto examples = snapshot.inSplit(data::Split::Dev);
    if (examples.empty()) {
        agreement.split = "test";
        examples = snapshot.inSplit(data::Split::Test);
    }
    if (examples.empty())
        return agreement;
    std::vector<std::string> texts;
    std::vector<int> gold;
    for (const auto *example : examples) {
        texts.push_back(example->text);
        gold.push_back(example->label);
    }
    predictor.setQuantization(Quantization::None);
    const auto reference = outputsOf(predictor, texts);
    predictor.setQuantization(Quantization::Int8);
    const auto int8 = outputsOf(predictor, texts);

    const auto count = texts.size();
    const auto dimension = reference.embeddings.dimension;
    double cosines = 0;
    std::size_t same = 0;
    for (std::size_t i = 0; i < count; ++i) {
        cosines += cosine(reference.embeddings.values.data() + i * dimension,
                          int8.embeddings.values.data() + i * dimension, dimension);
        same += reference.labels[i] == int8.labels[i] ? 1 : 0;
    }
    const auto classes = static_cast<int>(predictor.labels().size());
    agreement.examples = static_cast<std::int64_t>(count);
    agreement.meanCosine = cosines / static_cast<double>(count);
    agreement.labelAgreement = static_cast<double>(same) / static_cast<double>(count);
    agreement.floatMacroF1 = classificationReport(gold, reference.labels, classes, /*withConfusion=*/false).macroF1;
    agreement.int8MacroF1 = classificationReport(gold, int8.labels, classes, /*withConfusion=*/false).macroF1;
    return agreement;
}

} // namespace glossa::core::train
