#include "train/trainer.h"

#include "train/sparserowoptimizer.h"

#include "data/snapshot.h"
#include "model/bagofsubwords.h"
#include "model/subwordfeatures.h"
#include "text/tokenizer.h"
#include "util/allocator.h"
#include "util/error.h"

#include <torch/cuda.h>
#include <torch/nn/functional/loss.h>
#include <torch/optim/adamw.h>
#include <torch/optim/sgd.h>
#include <torch/utils.h>

#include <chrono>
#include <cmath>
#include <numeric>
#include <random>
#include <thread>

namespace glossa::core::train {
namespace {

constexpr double pi = 3.14159265358979323846;

// One split's labelled examples, ready for batching.
struct EncodedSplit
{
    std::vector<std::vector<std::int64_t>> features;
    std::vector<int> labels;
    std::vector<std::string> languages;
    size_t size() const { return labels.size(); }
};

torch::Device chooseDevice(const std::string &setting)
{
    if (setting == "cpu")
        return torch::kCPU;
    if (setting == "auto")
        return torch::cuda::is_available() ? torch::Device(torch::kCUDA) : torch::Device(torch::kCPU);
    if (!torch::cuda::is_available())
        throw Error("run.device is " + setting + ", but this machine has no usable CUDA device (use auto or cpu)");
    return torch::Device(setting);
}

// Warm-up then decay, as a factor of the peak learning rate.
double scheduleFactor(const std::string &schedule, std::int64_t step, std::int64_t warmupSteps, std::int64_t totalSteps)
{
    if (warmupSteps > 0 && step < warmupSteps)
        return static_cast<double>(step + 1) / static_cast<double>(warmupSteps);
    if (schedule == "constant" || totalSteps <= warmupSteps)
        return 1.0;
    const double progress = static_cast<double>(step - warmupSteps) / static_cast<double>(totalSteps - warmupSteps);
    if (schedule == "cosine")
        return 0.5 * (1.0 + std::cos(pi * std::min(1.0, progress)));
    return std::max(0.0, 1.0 - progress);
}

bool improves(const std::string &metric, double candidate, double best)
{
    return metric == "loss" ? candidate < best : candidate > best;
}

double metricOf(const std::string &metric, const TrainingEvaluation &evaluation)
{
    if (metric == "loss")
        return evaluation.loss;
    if (metric == "accuracy")
        return evaluation.report.overall.accuracy;
    return evaluation.report.overall.macroF1;
}

} // namespace

struct Trainer::Impl
{
    Impl(const data::DatasetSnapshot &snapshot, const TrainConfig &config, const text::Tokenizer &tokenizer,
         std::filesystem::path checkpointDir, TrainingObserver &observer)
        : snapshot(snapshot)
        , config(config)
        , tokenizer(tokenizer)
        , checkpointDir(std::move(checkpointDir))
        , observer(observer)
    {
    }

    const data::DatasetSnapshot &snapshot;
    const TrainConfig config; // a copy: the caller's may change while the run trains
    const text::Tokenizer &tokenizer;
    std::filesystem::path checkpointDir;
    TrainingObserver &observer;

    std::mutex pauseMutex;
    std::condition_variable_any pauseChanged;
    bool paused = false;

    EncodedSplit encode(data::Split split, const model::SubwordFeatures &features) const
    {
        EncodedSplit out;
        const auto maxLength = static_cast<size_t>(config.integer("model.max_length"));
        for (const auto *example : snapshot.inSplit(split)) {
            auto tokens = tokenizer.encode(example->text);
            if (tokens.size() > maxLength)
                tokens.resize(maxLength);
            std::vector<std::int64_t> ids;
            features.extract(tokens, ids);
            if (ids.empty())
                ids.push_back(0); // an all-unknown text still gets a (padding) feature
            out.features.push_back(std::move(ids));
            out.labels.push_back(example->label);
            out.languages.push_back(example->lang);
        }
        return out;
    }

    static model::Batch batchOf(const EncodedSplit &split, const std::vector<size_t> &indices, size_t begin, size_t end,
                                torch::Device device)
    {
        std::vector<std::int64_t> ids;
        std::vector<std::int64_t> offsets;
        for (size_t i = begin; i < end; ++i) {
            offsets.push_back(static_cast<std::int64_t>(ids.size()));
            const auto &features = split.features[indices[i]];
            ids.insert(ids.end(), features.begin(), features.end());
        }
        return {torch::tensor(ids, torch::kInt64).to(device), torch::tensor(offsets, torch::kInt64).to(device), {}};
    }

    static torch::Tensor labelsOf(const EncodedSplit &split, const std::vector<size_t> &indices, size_t begin,
                                  size_t end, torch::Device device)
    {
        std::vector<std::int64_t> labels;
        for (size_t i = begin; i < end; ++i)
            labels.push_back(split.labels[indices[i]]);
        return torch::tensor(labels, torch::kInt64).to(device);
    }

    TrainingEvaluation evaluate(model::TextClassifier &model, const EncodedSplit &split, torch::Device device,
                                const torch::Tensor &classWeights)
    {
        model.eval();
        torch::NoGradGuard noGrad;
        std::vector<size_t> indices(split.size());
        std::iota(indices.begin(), indices.end(), 0);
        std::vector<int> predicted;
        predicted.reserve(split.size());
        double lossSum = 0;
        constexpr size_t evalBatch = 512;
        for (size_t begin = 0; begin < split.size(); begin += evalBatch) {
            const size_t end = std::min(split.size(), begin + evalBatch);
            const auto logits = model.logits(batchOf(split, indices, begin, end, device));
            const auto gold = labelsOf(split, indices, begin, end, device);
            auto options = torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kSum);
            if (classWeights.defined())
                options.weight(classWeights);
            lossSum += torch::nn::functional::cross_entropy(logits, gold, options).item<double>();
            const auto best = logits.argmax(1).cpu();
            for (std::int64_t i = 0; i < best.size(0); ++i)
                predicted.push_back(static_cast<int>(best[i].item<std::int64_t>()));
        }
        model.train();
        TrainingEvaluation evaluation;
        evaluation.loss = split.size() ? lossSum / static_cast<double>(split.size()) : 0.0;
        evaluation.report =
            evaluationReport(split.labels, predicted, split.languages, static_cast<int>(snapshot.labels.size()));
        return evaluation;
    }

    // Blocks while paused; returns false when a stop arrives meanwhile.
    bool waitWhilePaused(std::stop_token stop)
    {
        std::unique_lock lock(pauseMutex);
        return pauseChanged.wait(lock, stop, [this] { return !paused; });
    }
};

Trainer::Trainer(const data::DatasetSnapshot &snapshot, const TrainConfig &config, const text::Tokenizer &tokenizer,
                 std::filesystem::path checkpointDir, TrainingObserver &observer)
    : m_impl(std::make_unique<Impl>(snapshot, config, tokenizer, std::move(checkpointDir), observer))
{
}

Trainer::~Trainer() = default;

void Trainer::pause()
{
    std::lock_guard lock(m_impl->pauseMutex);
    m_impl->paused = true;
}

void Trainer::resume()
{
    {
        std::lock_guard lock(m_impl->pauseMutex);
        m_impl->paused = false;
    }
    m_impl->pauseChanged.notify_all();
}

TrainingResult Trainer::run(std::stop_token stop)
{
    auto &d = *m_impl;
    const auto &config = d.config;
    config.requireValid();
    if (config.text("model.type") != "bag")
        throw Error("model.type " + config.text("model.type") + " is not available in this version yet (use bag)");
    const int classes = static_cast<int>(d.snapshot.labels.size());
    if (classes < 2)
        throw Error("dataset '" + d.snapshot.datasetName + "' needs at least two labels to train a classifier (it has "
                    + std::to_string(classes) + ")");

    keepFreedMemoryForReuse(); // optimizer steps free parameter-sized temporaries every step

    const auto seed = static_cast<std::uint64_t>(config.integer("run.seed"));
    torch::manual_seed(seed);
    const auto threads = config.integer("run.cpu_threads");
    torch::set_num_threads(threads > 0 ? static_cast<int>(threads)
                                       : static_cast<int>(std::max(1u, std::thread::hardware_concurrency())));
    const auto device = chooseDevice(config.text("run.device"));

    const model::SubwordFeatures features(d.tokenizer.vocabSize(),
                                          static_cast<int>(config.integer("model.ngram_order")),
                                          config.integer("model.hash_buckets"));
    const auto train = d.encode(data::Split::Train, features);
    const auto dev = d.encode(data::Split::Dev, features);
    const auto test = d.encode(data::Split::Test, features);
    if (train.size() == 0)
        throw Error("dataset '" + d.snapshot.datasetName + "' has no labelled examples in its train split");
    if (dev.size() == 0)
        throw Error("dataset '" + d.snapshot.datasetName
                    + "' has no labelled examples in its dev split, which picks the best model");
    d.observer.log("training on " + std::to_string(train.size()) + " examples, " + std::to_string(dev.size()) + " dev, "
                   + std::to_string(test.size()) + " test; " + std::to_string(classes) + " classes; " + device.str());

    model::BagOfSubwords model(
        {features.featureCount(), config.integer("model.embedding_dim"), classes, config.real("model.dropout")});
    model.to(device);
    model.train();

    torch::Tensor classWeights;
    if (const auto &weighting = config.text("optimizer.class_weighting"); weighting != "none") {
        std::vector<double> counts(static_cast<size_t>(classes), 0.0);
        for (const int label : train.labels)
            counts[static_cast<size_t>(label)] += 1;
        std::vector<float> weights;
        for (const double count : counts) {
            const double inverse = count > 0 ? static_cast<double>(train.size()) / (classes * count) : 0.0;
            weights.push_back(static_cast<float>(weighting == "sqrt" ? std::sqrt(inverse) : inverse));
        }
        classWeights = torch::tensor(weights).to(device);
    }

    const double peakRate = config.effectiveLearningRate();
    const double weightDecay = config.real("optimizer.weight_decay");
    const bool sgd = config.text("optimizer.type") == "sgd";
    // The embedding table is updated row by row from its sparse gradient; the rest densely.
    const auto sparseWeight = model.sparseWeight();
    std::vector<torch::Tensor> denseParameters;
    for (const auto &parameter : model.parameters())
        if (!sparseWeight.defined() || !parameter.is_same(sparseWeight))
            denseParameters.push_back(parameter);
    std::optional<SparseRowOptimizer> sparseOptimizer;
    if (sparseWeight.defined())
        sparseOptimizer.emplace(sparseWeight, sgd ? SparseRowOptimizer::Kind::Sgd : SparseRowOptimizer::Kind::AdamW,
                                weightDecay);
    std::unique_ptr<torch::optim::Optimizer> optimizer;
    if (sgd)
        optimizer = std::make_unique<torch::optim::SGD>(
            denseParameters,
            torch::optim::SGDOptions(peakRate).momentum(config.real("optimizer.momentum")).weight_decay(weightDecay));
    else
        optimizer = std::make_unique<torch::optim::AdamW>(
            denseParameters, torch::optim::AdamWOptions(peakRate).weight_decay(weightDecay));
    auto zeroGradients = [&] {
        optimizer->zero_grad();
        if (sparseOptimizer)
            sparseOptimizer->zeroGrad();
    };
    // Clips the dense and the sparse gradients together, by their joint norm.
    auto clipGradients = [&](double maxNorm) {
        double squares = 0;
        for (const auto &parameter : denseParameters)
            if (parameter.grad().defined())
                squares += parameter.grad().pow(2).sum().item<double>();
        torch::Tensor sparseGrad = sparseOptimizer ? sparseOptimizer->gradient() : torch::Tensor();
        if (sparseGrad.defined())
            squares += (sparseGrad.is_sparse() ? sparseGrad._values() : sparseGrad).pow(2).sum().item<double>();
        const double norm = std::sqrt(squares);
        if (norm <= maxNorm)
            return;
        torch::NoGradGuard noGrad;
        const double factor = maxNorm / (norm + 1e-6);
        for (const auto &parameter : denseParameters)
            if (parameter.grad().defined())
                parameter.mutable_grad().mul_(factor);
        if (sparseGrad.defined())
            (sparseGrad.is_sparse() ? sparseGrad._values() : sparseGrad).mul_(factor);
    };

    const auto batchSize = static_cast<size_t>(config.integer("optimizer.batch_size"));
    const auto accumulation = config.integer("optimizer.grad_accumulation");
    const auto epochs = config.integer("optimizer.epochs");
    const auto batchesPerEpoch = static_cast<std::int64_t>((train.size() + batchSize - 1) / batchSize);
    const auto stepsPerEpoch = std::max<std::int64_t>(1, batchesPerEpoch / accumulation);
    const auto totalSteps = stepsPerEpoch * epochs;
    const auto warmupSteps = static_cast<std::int64_t>(config.real("optimizer.warmup_ratio") * totalSteps);
    const auto evalInterval = config.integer("eval.interval") > 0 ? config.integer("eval.interval") : stepsPerEpoch;
    const auto patience = config.integer("eval.patience");
    const auto &stopMetric = config.text("eval.early_stopping_metric");
    const double clip = config.real("optimizer.grad_clip");
    const double smoothing = config.real("optimizer.label_smoothing");

    std::filesystem::create_directories(d.checkpointDir);
    TrainingResult result;
    result.device = device.str();
    result.checkpoint = d.checkpointDir / "best.pt";
    std::int64_t step = 0;
    std::int64_t evaluationsWithoutGain = 0;
    std::int64_t examplesSeen = 0;
    bool stopped = false;
    bool earlyStop = false;
    const auto started = std::chrono::steady_clock::now();
    std::vector<size_t> order(train.size());
    std::iota(order.begin(), order.end(), 0);

    auto evaluateAndKeepBest = [&](double epoch) {
        auto evaluation = d.evaluate(model, dev, device, classWeights);
        evaluation.step = step;
        evaluation.epoch = epoch;
        const double value = metricOf(stopMetric, evaluation);
        if (!result.best || improves(stopMetric, value, metricOf(stopMetric, *result.best))) {
            evaluation.best = true;
            model.saveWeights(result.checkpoint);
            result.best = evaluation;
            evaluationsWithoutGain = 0;
        } else {
            ++evaluationsWithoutGain;
        }
        d.observer.evaluated(evaluation);
        if (patience > 0 && evaluationsWithoutGain >= patience) {
            d.observer.log("early stop: no better " + stopMetric + " in " + std::to_string(patience) + " evaluations");
            earlyStop = true;
        }
    };

    for (std::int64_t epoch = 0; epoch < epochs && !stopped && !earlyStop; ++epoch) {
        // Seeded per epoch: the same seed gives the same order, and a resumed run can replay it.
        std::mt19937_64 shuffle(seed * 1000003ULL + static_cast<std::uint64_t>(epoch));
        std::shuffle(order.begin(), order.end(), shuffle);
        zeroGradients();
        for (std::int64_t batch = 0; batch < batchesPerEpoch; ++batch) {
            if (stop.stop_requested() || !d.waitWhilePaused(stop)) {
                stopped = true;
                break;
            }
            const size_t begin = static_cast<size_t>(batch) * batchSize;
            const size_t end = std::min(train.size(), begin + batchSize);
            auto options = torch::nn::functional::CrossEntropyFuncOptions().label_smoothing(smoothing);
            if (classWeights.defined())
                options.weight(classWeights);
            auto loss = torch::nn::functional::cross_entropy(model.logits(d.batchOf(train, order, begin, end, device)),
                                                             d.labelsOf(train, order, begin, end, device), options);
            const double lossValue = loss.item<double>();
            if (!std::isfinite(lossValue))
                throw Error("the training loss became " + std::to_string(lossValue) + " at step " + std::to_string(step)
                            + "; lower optimizer.learning_rate");
            (loss / static_cast<double>(accumulation)).backward();
            examplesSeen += static_cast<std::int64_t>(end - begin);
            if ((batch + 1) % accumulation != 0 && batch + 1 != batchesPerEpoch)
                continue;

            const double rate =
                peakRate * scheduleFactor(config.text("optimizer.schedule"), step, warmupSteps, totalSteps);
            for (auto &group : optimizer->param_groups())
                group.options().set_lr(rate);
            if (clip > 0)
                clipGradients(clip);
            optimizer->step();
            if (sparseOptimizer)
                sparseOptimizer->step(rate);
            zeroGradients();
            ++step;

            const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
            TrainingProgress progress;
            progress.step = step;
            progress.totalSteps = totalSteps;
            progress.epoch = static_cast<double>(epoch) + static_cast<double>(batch + 1) / batchesPerEpoch;
            progress.loss = lossValue;
            progress.learningRate = rate;
            progress.examplesPerSecond = seconds > 0 ? examplesSeen / seconds : 0.0;
            progress.etaSeconds = step > 0 ? seconds / step * static_cast<double>(totalSteps - step) : 0.0;
            d.observer.progress(progress);

            if (step % evalInterval == 0) {
                evaluateAndKeepBest(progress.epoch);
                if (earlyStop)
                    break;
            }
        }
        result.epochs = static_cast<double>(epoch + 1);
    }
    if (!result.best)
        evaluateAndKeepBest(result.epochs);

    result.steps = step;
    result.trainSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    result.examplesPerSecond = result.trainSeconds > 0 ? examplesSeen / result.trainSeconds : 0.0;
    result.status = stopped ? "stopped" : "finished";

    model.loadWeights(result.checkpoint);
    model.to(device);
    result.test = d.evaluate(model, test, device, classWeights).report;
    return result;
}

} // namespace glossa::core::train
