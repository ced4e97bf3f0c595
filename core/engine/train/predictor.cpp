#include "engine/train/predictor.h"

#include "data/snapshotfile.h"
#include "engine/model/bagofsubwords.h"
#include "engine/model/featureclassifier.h"
#include "engine/model/pretrainedclassifier.h"
#include "engine/model/transformerencoder.h"
#include "engine/train/batching.h"
#include "engine/train/computethreads.h"
#include "engine/train/encodedsnapshot.h"
#include "engine/train/featurefolder.h"
#include "engine/train/inference.h"
#include "engine/train/modelbuilder.h"
#include "engine/train/modelexport.h"
#include "engine/train/modelinput.h"
#include "engine/train/quantizedmodel.h"
#include "engine/train/trainer.h"
#include "model/foldervocabulary.h"
#include "model/hfconfig.h"
#include "model/safetensors.h"
#include "store/runstore.h"
#include "text/runtokenizer.h"
#include "train/bootstrap.h"
#include "train/modelfolder.h"
#include "train/runtokenizerartefact.h"
#include "train/trainconfig.h"
#include "train/trainsettings.h"
#include "util/error.h"

#include <torch/cuda.h>

#include <algorithm>
#include <cmath>

namespace glossa::core::train {
namespace {

// The run's device when this machine has it (a model trained on a GPU predicts on the CPU
// of a laptop just as well).
torch::Device predictionDevice(const TrainSettings &settings)
{
    if (settings.model.type == ModelType::Pretrained && settings.model.quantize == Quantization::Int8)
        return torch::kCPU; // int8 layers run on the CPU only
    try {
        return torch::Device(resolveDevice(settings));
    } catch (const Error &) {
        return torch::kCPU;
    }
}

// Spreads each feature's share over the tokens it covers: a token's own feature, and an even
// part of every n-gram that spans it (SubwordFeatures' order: tokens, then 2-grams, 3-grams...).
std::vector<double> tokenShares(const std::vector<double> &featureShares, std::size_t tokenCount, int order)
{
    std::vector<double> scores(tokenCount, 0.0);
    std::size_t feature = 0;
    for (std::size_t i = 0; i < tokenCount && feature < featureShares.size(); ++i)
        scores[i] += featureShares[feature++];
    for (int n = 2; n <= order; ++n) {
        const auto width = static_cast<std::size_t>(n);
        for (std::size_t start = 0; start + width <= tokenCount && feature < featureShares.size(); ++start) {
            const double share = featureShares[feature++] / static_cast<double>(n);
            for (std::size_t k = 0; k < width; ++k)
                scores[start + k] += share;
        }
    }
    return scores;
}

} // namespace

struct Predictor::Impl
{
    Impl(TrainConfig configIn, std::vector<std::string> labelsIn, text::RunTokenizer tokenizerIn)
        : config(std::move(configIn))
        , settings(TrainSettings::from(config))
        , labels(std::move(labelsIn))
        , tokenizer(std::move(tokenizerIn))
        , reading(readingTokenizer(config, tokenizer))
        , input(settings, tokenizer.vocabSize())
        , device(predictionDevice(settings))
        , mixedPrecision(settings.run.mixedPrecision == MixedPrecision::Bf16)
    {
    }

    TrainConfig config;
    TrainSettings settings;
    std::vector<std::string> labels;
    text::RunTokenizer tokenizer;
    std::unique_ptr<text::Tokenizer> reading; // when the model reads other ids than the pieces'
    ModelInput input;
    torch::Device device;
    bool mixedPrecision;
    std::shared_ptr<model::TextClassifier> model;
    Quantization quantization = Quantization::None;

    const text::Tokenizer &reader() const { return reading ? *reading : tokenizer.pieces(); }

    // A text's pieces, one per id the model reads: a WordPiece or BPE vocabulary's tokens of
    // its ids ([CLS] and [SEP], <s> and </s> included, as the ids are), else the reader's pieces.
    std::vector<std::string> piecesOf(std::string_view text, const std::vector<int> &ids) const
    {
        auto tokens = reading ? std::nullopt : tokenizer.tokensOf(ids);
        return tokens ? std::move(*tokens) : reader().encodePieces(text);
    }

    torch::Tensor logits(const EncodedExamples &examples) const
    {
        return logitsOf(*model, examples, input.isSequence(), device, mixedPrecision);
    }

    std::vector<Prediction> predictions(const EncodedExamples &examples) const
    {
        const auto probabilities = torch::softmax(logits(examples), 1).contiguous();
        return predictionsFrom(probabilities.data_ptr<float>(), examples.size(),
                               static_cast<std::size_t>(probabilities.size(1)));
    }
};

Predictor::Predictor(std::unique_ptr<Impl> impl)
    : m_impl(std::move(impl))
{
}
Predictor::Predictor(Predictor &&) noexcept = default;
Predictor &Predictor::operator=(Predictor &&) noexcept = default;
Predictor::~Predictor() = default;

Predictor Predictor::load(store::Database &db, const std::filesystem::path &artefactDir, std::int64_t runId)
{
    store::RunStore runs(db, artefactDir);
    const auto run = runs.run(runId);
    if (!run)
        throw Error("no run with id " + std::to_string(runId));
    const auto modelFile = runs.requireRunArtefact(*run, "model").path;
    auto config = TrainConfig::fromJsonString(run->configJson);
    auto snapshot = data::loadSnapshot(runs.requireRunArtefact(*run, "snapshot").path);
    auto tokenizer = loadRunTokenizer(runs, *run);
    useComputeThreads(TrainSettings::from(config).run.cpuThreads);
    auto impl = std::make_unique<Impl>(std::move(config), std::move(snapshot.labels), std::move(tokenizer));
    impl->model =
        buildRunModel(runs, runId, impl->settings, impl->tokenizer.vocabSize(), static_cast<int>(impl->labels.size()));
    impl->model->loadWeights(modelFile);
    impl->model->to(impl->device);
    impl->model->eval();
    impl->quantization = quantizeForInference(*impl->model, impl->settings.model.quantize, impl->device);
    return Predictor(std::move(impl));
}

namespace {

// A Hugging Face folder as `export --run R --format hf` writes it: an XLM-R, BERT-family or
// DistilBERT classifier with its
// id2label and its trained head. Refused when the head is not in the checkpoint, since a
// classifier with a random head would still answer, wrongly.
Predictor predictorFromHuggingFace(const std::filesystem::path &folder)
{
    if (std::filesystem::exists(folder / "adapter_config.json"))
        throw Error(folder.string()
                    + ": holds peft adapters, which are not a model on their own; export the run without "
                      "--lora-adapters (the adapters merged) to predict with it");
    const auto encoder = model::readHfEncoderConfig(folder);
    const auto configFile = (folder / "config.json").string();
    if (encoder.labels.size() < 2)
        throw Error(configFile
                    + ": has no id2label of two labels or more, so it is not a fine-tuned classifier; "
                      "predict --model reads the folders glossa-cli export --run R --output DIR writes");
    const auto classes = static_cast<int>(encoder.labels.size());
    auto classifier = model::PretrainedClassifier::fromFolder(folder, classes, {});
    const auto checkpoint = model::Checkpoint::open(folder);
    for (const auto &item : classifier->named_parameters()) {
        if (!model::PretrainedClassifier::isHeadName(item.key()))
            continue;
        const auto *tensor = checkpoint.find(item.key());
        if (!tensor || item.value().sizes() != c10::IntArrayRef(tensor->shape))
            throw Error(folder.string() + ": the checkpoint has no trained classification head for the "
                        + std::to_string(classes) + " labels of config.json (no " + item.key() + " of that size)");
    }
    auto tokenizer = model::loadFolderTokenizer(folder);
    TrainConfig config;
    config.set("model.type", std::string("pretrained"));
    config.set("model.path", folder.string());
    const auto &maxLength = TrainConfig::field("model.max_length");
    config.set("model.max_length",
               std::clamp<std::int64_t>(encoder.maxTokens(), static_cast<std::int64_t>(maxLength.minimum),
                                        static_cast<std::int64_t>(maxLength.maximum)));
    return Predictor::fromTrained(std::move(config), encoder.labels, std::move(tokenizer), std::move(classifier));
}

} // namespace

Predictor Predictor::fromFolder(const std::filesystem::path &folder)
{
    if (std::filesystem::exists(folder / featureHeadConfigName)) { // a features run's export
        auto loaded = loadFeatureFolder(folder);
        auto tokenizer = model::loadFolderTokenizer(folder);
        return fromTrained(std::move(loaded.config), std::move(loaded.labels), std::move(tokenizer),
                           std::move(loaded.model));
    }
    if (!isModelFolder(folder) && std::filesystem::exists(folder / "config.json")
        && model::findFolderVocabulary(folder))
        return predictorFromHuggingFace(folder);
    auto loaded = loadModelFolder(folder);
    useComputeThreads(TrainSettings::from(loaded.config).run.cpuThreads);
    return fromTrained(std::move(loaded.config), std::move(loaded.folder.labels), std::move(loaded.tokenizer),
                       std::move(loaded.model));
}

Predictor Predictor::fromTrained(TrainConfig config, std::vector<std::string> labels, text::RunTokenizer tokenizer,
                                 std::shared_ptr<model::TextClassifier> model)
{
    if (!model)
        throw Error("no trained model to predict with");
    auto impl = std::make_unique<Impl>(std::move(config), std::move(labels), std::move(tokenizer));
    impl->model = std::move(model);
    impl->model->to(impl->device);
    impl->model->eval();
    impl->quantization = quantizeForInference(*impl->model, impl->settings.model.quantize, impl->device);
    return Predictor(std::move(impl));
}

const std::vector<std::string> &Predictor::labels() const
{
    return m_impl->labels;
}

const TrainConfig &Predictor::config() const
{
    return m_impl->config;
}

std::string Predictor::device() const
{
    return m_impl->device.str();
}

Quantization Predictor::quantization() const
{
    return m_impl->quantization;
}

void Predictor::setQuantization(Quantization quantization)
{
    auto &d = *m_impl;
    d.quantization = quantizeForInference(*d.model, quantization, d.device);
}

std::vector<Prediction> Predictor::predict(std::span<const std::string> texts) const
{
    const auto &d = *m_impl;
    return d.predictions(encodeTexts(texts, d.input, d.reader()));
}

std::vector<Prediction> Predictor::predict(std::span<const data::SnapshotExample *const> examples,
                                           const EncodedSnapshot *encoded) const
{
    const auto &d = *m_impl;
    return d.predictions(encodeExamples(examples, d.input, d.reader(), encoded));
}

EvaluationReport Predictor::evaluate(std::span<const data::SnapshotExample *const> examples) const
{
    const auto &d = *m_impl;
    const auto encoded = encodeExamples(examples, d.input, d.reader());
    const auto best = d.logits(encoded).argmax(1).contiguous();
    const auto *bestData = best.data_ptr<std::int64_t>();
    const std::vector<int> predicted(bestData, bestData + encoded.size());
    auto report = evaluationReport(encoded.labels, predicted, encoded.languages, static_cast<int>(d.labels.size()));
    addConfidenceIntervals(report, encoded.labels, predicted, encoded.languages, static_cast<int>(d.labels.size()));
    return report;
}

Embeddings Predictor::embed(std::span<const std::string> texts) const
{
    const auto &d = *m_impl;
    constexpr std::size_t batchSize = 64;
    Embeddings embeddings;
    if (texts.empty())
        return embeddings;
    const auto encoded = encodeTexts(texts, d.input, d.reader());
    const bool sequence = d.input.isSequence();
    torch::NoGradGuard noGrad;
    d.model->eval();
    for (const auto &rows : inferenceBatches(encoded, batchSize, sequence)) {
        torch::Tensor pooled;
        {
            AutocastScope autocast(d.mixedPrecision, d.device);
            pooled = d.model->representation(makeBatch(encoded, rows, sequence, d.device));
        }
        pooled = pooled.to(torch::kFloat32).cpu().contiguous();
        if (embeddings.dimension == 0) {
            embeddings.dimension = static_cast<std::size_t>(pooled.size(1));
            embeddings.values.resize(texts.size() * embeddings.dimension);
        }
        const auto *values = pooled.data_ptr<float>();
        for (std::size_t i = 0; i < rows.size(); ++i)
            std::copy_n(values + i * embeddings.dimension, embeddings.dimension,
                        embeddings.values.begin() + static_cast<std::ptrdiff_t>(rows[i] * embeddings.dimension));
    }
    return embeddings;
}

TokenAttribution Predictor::attribute(std::string_view text, std::optional<int> label) const
{
    const auto &d = *m_impl;
    TokenAttribution attribution;
    auto tokens = d.reader().encode(text);
    auto pieces = d.piecesOf(text, tokens);
    // A pretrained encoder's text ends with its end token (</s>, [SEP]) however it is cut.
    const auto endToken = tokens.empty() ? 0 : tokens.back();
    const auto endPiece = pieces.empty() ? std::string() : pieces.back();
    const auto length = std::min({tokens.size(), pieces.size(), d.input.maxLength()});
    tokens.resize(length);
    pieces.resize(length);
    attribution.pieces = pieces;
    attribution.special.assign(length, false);
    attribution.label = label ? *label : predict(std::vector<std::string>{std::string(text)}).front().label;
    if (attribution.label < 0 || attribution.label >= static_cast<int>(d.labels.size()))
        throw Error("no class " + std::to_string(attribution.label) + " in this run");
    if (tokens.empty())
        return attribution;

    const auto ids = torch::tensor(d.input.fromTokens(tokens), torch::kInt64).to(d.device);
    if (auto *bag = dynamic_cast<model::BagOfSubwords *>(d.model.get())) {
        const auto shares = bag->featureContributions(ids).select(1, attribution.label).to(torch::kFloat64).cpu();
        const std::vector<double> featureShares(shares.data_ptr<double>(), shares.data_ptr<double>() + shares.numel());
        attribution.scores = tokenShares(featureShares, length, static_cast<int>(d.settings.model.ngramOrder));
        attribution.baseline = bag->outputBias()[attribution.label].item<double>();
        attribution.method = "exact logit shares (the bag model is linear in its subwords and n-grams; "
                             "an n-gram's share is split evenly among its tokens)";
    } else if (auto *transformer = dynamic_cast<model::TransformerEncoder *>(d.model.get())) {
        const auto padded = ids.unsqueeze(0);
        const auto embedded = transformer->embedTokens(padded).detach().requires_grad_(true);
        const auto logits = transformer->logitsFromEmbeddings(embedded, padded);
        logits[0][attribution.label].backward();
        const auto scores = (embedded.grad() * embedded).sum(-1)[0].to(torch::kFloat64).cpu();
        attribution.scores.assign(scores.data_ptr<double>(), scores.data_ptr<double>() + scores.numel());
        attribution.baseline = logits[0][attribution.label].item<double>() - scores.sum().item<double>();
        attribution.method = "gradient x input on the token embeddings";
    } else if (dynamic_cast<model::PretrainedClassifier *>(d.model.get())
               || dynamic_cast<model::FeatureClassifier *>(d.model.get())) {
        auto *pretrained = dynamic_cast<model::PretrainedClassifier *>(d.model.get());
        auto *features = dynamic_cast<model::FeatureClassifier *>(d.model.get());
        // The cut keeps the end token.
        tokens.back() = endToken;
        attribution.pieces.back() = endPiece;
        attribution.special.front() = true; // <s>, [CLS]
        attribution.special.back() = true;
        const auto modelIds = torch::tensor(std::vector<std::int64_t>(tokens.begin(), tokens.end()), torch::kInt64)
                                  .to(d.device)
                                  .unsqueeze(0);
        auto &encoder = pretrained ? pretrained->encoder() : features->encoder();
        const auto embedded = encoder.wordEmbeddings(modelIds).detach().requires_grad_(true);
        const auto logits = pretrained ? pretrained->logitsFromWordEmbeddings(embedded, modelIds)
                                       : features->logitsFromWordEmbeddings(embedded, modelIds);
        logits[0][attribution.label].backward();
        const auto scores = (embedded.grad() * embedded).sum(-1)[0].to(torch::kFloat64).cpu();
        attribution.scores.assign(scores.data_ptr<double>(), scores.data_ptr<double>() + scores.numel());
        attribution.baseline = logits[0][attribution.label].item<double>() - scores.sum().item<double>();
        attribution.method = "gradient x input on the word embeddings";
    } else {
        throw Error("token attributions are not available for " + d.model->typeName() + " models");
    }
    return attribution;
}

std::vector<Prediction> predictionsFrom(const float *probabilities, std::size_t rows, std::size_t classes)
{
    std::vector<Prediction> predictions(rows);
    for (std::size_t i = 0; i < rows; ++i) {
        auto &prediction = predictions[i];
        prediction.probabilities.assign(probabilities + i * classes, probabilities + (i + 1) * classes);
        prediction.label =
            static_cast<int>(std::max_element(prediction.probabilities.begin(), prediction.probabilities.end())
                             - prediction.probabilities.begin());
        prediction.entropy = entropyOf(prediction.probabilities);
        prediction.margin = marginOf(prediction.probabilities);
    }
    return predictions;
}

double entropyOf(std::span<const float> probabilities)
{
    double entropy = 0;
    for (const float p : probabilities)
        if (p > 0)
            entropy -= static_cast<double>(p) * std::log(static_cast<double>(p));
    return entropy;
}

double marginOf(std::span<const float> probabilities)
{
    float first = 0;
    float second = 0;
    for (const float p : probabilities) {
        if (p > first) {
            second = first;
            first = p;
        } else if (p > second) {
            second = p;
        }
    }
    return static_cast<double>(first - second);
}

} // namespace glossa::core::train
