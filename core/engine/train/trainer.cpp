#include "engine/train/trainer.h"

#include "engine/model/pretrainedclassifier.h"

#include "engine/train/batching.h"
#include "train/bootstrap.h"
#include "engine/train/computethreads.h"
#include "engine/train/inference.h"
#include "engine/train/modelbuilder.h"
#include "engine/train/modelinput.h"
#include "engine/train/sparserowoptimizer.h"
#include "engine/train/trainingstate.h"

#include "data/snapshot.h"
#include "engine/model/textclassifier.h"
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
#include <functional>
#include <iomanip>
#include <map>
#include <sstream>

namespace glossa::core::train {
namespace {

constexpr double pi = 3.14159265358979323846;

// "3" or "2.5": epochs as a log line says them.
std::string formatEpoch(double epoch)
{
    std::ostringstream out;
    out << std::setprecision(3) << epoch;
    return out.str();
}
// How often a run saves what it needs to resume after a kill (a stop always saves).
constexpr auto stateInterval = std::chrono::seconds(30);

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

struct Scored
{
    TrainingEvaluation evaluation;
    std::vector<float> probabilities; // when asked for
};

} // namespace

TrainingData TrainingData::fromSnapshot(const data::DatasetSnapshot &snapshot)
{
    return {snapshot.datasetName, snapshot.labels, snapshot.inSplit(data::Split::Train),
            snapshot.inSplit(data::Split::Dev), snapshot.inSplit(data::Split::Test)};
}

std::string resolveDevice(const TrainConfig &config)
{
    return chooseDevice(config.text("run.device")).str();
}

struct Trainer::Impl
{
    Impl(const TrainingData &data, const TrainConfig &config, const text::Tokenizer &tokenizer, TrainerOptions options,
         TrainingObserver &observer)
        : data(data)
        , config(config)
        , tokenizer(tokenizer)
        , options(std::move(options))
        , observer(observer)
    {
    }

    const TrainingData &data;
    const TrainConfig config; // a copy: the caller's may change while the run trains
    const text::Tokenizer &tokenizer;
    const TrainerOptions options;
    TrainingObserver &observer;

    std::mutex pauseMutex;
    std::condition_variable_any pauseChanged;
    bool paused = false;

    int classes() const { return static_cast<int>(data.labels.size()); }

    // Loss, predictions and (optionally) probabilities of a split, without dropout.
    Scored score(model::TextClassifier &model, const EncodedExamples &split, bool sequence, torch::Device device,
                 const torch::Tensor &classWeights, bool mixedPrecision, bool keepProbabilities,
                 bool withIntervals = false)
    {
        Scored scored;
        const auto logits = logitsOf(model, split, sequence, device, mixedPrecision);
        if (split.size() > 0) {
            auto lossOptions = torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kSum);
            if (classWeights.defined())
                lossOptions.weight(classWeights.cpu());
            const auto gold = torch::tensor(std::vector<std::int64_t>(split.labels.begin(), split.labels.end()));
            scored.evaluation.loss =
                torch::nn::functional::cross_entropy(logits, gold, lossOptions).item<double>() / split.size();
        }
        const auto best = logits.argmax(1).contiguous();
        const auto *bestData = best.data_ptr<std::int64_t>();
        const std::vector<int> predicted(bestData, bestData + split.size());
        if (keepProbabilities) {
            const auto probabilities = torch::softmax(logits, 1).contiguous();
            const auto *p = probabilities.data_ptr<float>();
            scored.probabilities.assign(p, p + probabilities.numel());
        }
        scored.evaluation.report = evaluationReport(split.labels, predicted, split.languages, classes());
        if (withIntervals)
            addConfidenceIntervals(scored.evaluation.report, split.labels, predicted, split.languages, classes());
        return scored;
    }

    // Blocks while paused, telling the observer when the pause takes hold and ends; returns
    // false when a stop arrives meanwhile.
    bool waitWhilePaused(std::stop_token stop)
    {
        {
            const std::lock_guard lock(pauseMutex);
            if (!paused)
                return true;
        }
        observer.held(true);
        bool goesOn = false;
        {
            std::unique_lock lock(pauseMutex);
            goesOn = pauseChanged.wait(lock, stop, [this] { return !paused; });
        }
        observer.held(false);
        return goesOn;
    }

    void requireTrainable(const EncodedExamples &train, const EncodedExamples &dev) const
    {
        if (train.size() == 0)
            throw Error("dataset '" + data.name + "' has no labelled examples in its train split");
        if (dev.size() == 0)
            throw Error("dataset '" + data.name
                        + "' has no labelled examples in its dev split, which picks the best model");
    }
};

Trainer::Trainer(const TrainingData &data, const TrainConfig &config, const text::Tokenizer &tokenizer,
                 TrainerOptions options, TrainingObserver &observer)
    : m_impl(std::make_unique<Impl>(data, config, tokenizer, std::move(options), observer))
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
    const int classes = d.classes();
    if (classes < 2)
        throw Error("dataset '" + d.data.name + "' needs at least two labels to train a classifier (it has "
                    + std::to_string(classes) + ")");

    keepFreedMemoryForReuse(); // optimizer steps free parameter-sized temporaries every step

    const auto seed = static_cast<std::uint64_t>(config.integer("run.seed"));
    torch::manual_seed(seed);
    useComputeThreads(config.integer("run.cpu_threads"));
    const auto device = chooseDevice(config.text("run.device"));
    const bool mixedPrecision = config.text("run.mixed_precision") == "bf16";

    const ModelInput input(config, d.tokenizer.vocabSize());
    const bool sequence = input.isSequence();
    const auto train = encodeExamples(d.data.train, input, d.tokenizer);
    const auto dev = encodeExamples(d.data.dev, input, d.tokenizer);
    const auto test = encodeExamples(d.data.test, input, d.tokenizer);
    d.requireTrainable(train, dev);
    d.observer.log("training on " + std::to_string(train.size()) + " examples, " + std::to_string(dev.size()) + " dev, "
                   + std::to_string(test.size()) + " test; " + std::to_string(classes) + " classes; "
                   + config.text("model.type") + " model on " + device.str());

    const auto model = buildModel(config, d.tokenizer.vocabSize(), classes);
    if (const auto *pretrained = dynamic_cast<const model::PretrainedClassifier *>(model.get()))
        for (const auto &line : pretrained->loadSummary())
            d.observer.log(line);
    model->to(device);
    model->train();

    torch::Tensor classWeights;
    if (const auto &weighting = config.text("optimizer.class_weighting"); weighting != "none") {
        std::vector<double> counts(static_cast<std::size_t>(classes), 0.0);
        for (const int label : train.labels)
            counts[static_cast<std::size_t>(label)] += 1;
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
    // An embedding table with a sparse gradient is updated row by row; the rest densely, in
    // groups by their share of the rate (layer-wise decay), largest share first.
    const auto sparseWeight = model->sparseWeight();
    const double layerDecay = config.real("optimizer.layer_decay");
    std::vector<torch::Tensor> denseParameters;
    std::map<double, std::vector<torch::Tensor>, std::greater<>> parametersByRateFactor;
    for (const auto &item : model->named_parameters()) {
        const auto &parameter = item.value();
        if ((sparseWeight.defined() && parameter.is_same(sparseWeight)) || !parameter.requires_grad())
            continue;
        denseParameters.push_back(parameter);
        parametersByRateFactor[model->learningRateFactor(item.key(), layerDecay)].push_back(parameter);
    }
    std::vector<torch::optim::OptimizerParamGroup> parameterGroups;
    std::vector<double> rateFactors; // per group
    for (auto &[factor, parameters] : parametersByRateFactor) {
        parameterGroups.emplace_back(std::move(parameters));
        rateFactors.push_back(factor);
    }
    if (rateFactors.size() > 1) {
        std::ostringstream line;
        line << std::setprecision(3) << "layer-wise rate decay " << layerDecay << ": from x" << rateFactors.front()
             << " (head) down to x" << rateFactors.back() << " of the rate, in " << rateFactors.size() << " groups";
        d.observer.log(line.str());
    }
    std::optional<SparseRowOptimizer> sparseOptimizer;
    if (sparseWeight.defined())
        sparseOptimizer.emplace(sparseWeight, sgd ? SparseRowOptimizer::Kind::Sgd : SparseRowOptimizer::Kind::AdamW,
                                weightDecay);
    std::unique_ptr<torch::optim::Optimizer> optimizer;
    if (sgd)
        optimizer = std::make_unique<torch::optim::SGD>(
            std::move(parameterGroups),
            torch::optim::SGDOptions(peakRate).momentum(config.real("optimizer.momentum")).weight_decay(weightDecay));
    else
        optimizer = std::make_unique<torch::optim::AdamW>(
            std::move(parameterGroups), torch::optim::AdamWOptions(peakRate).weight_decay(weightDecay));
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

    const auto batchSize = static_cast<std::size_t>(config.integer("optimizer.batch_size"));
    const auto accumulation = config.integer("optimizer.grad_accumulation");
    const auto epochs = config.integer("optimizer.epochs");
    const auto batchesPerEpoch = static_cast<std::int64_t>((train.size() + batchSize - 1) / batchSize);
    const auto stepsPerEpoch = (batchesPerEpoch + accumulation - 1) / accumulation;
    const auto totalSteps = stepsPerEpoch * epochs;
    const auto warmupSteps = static_cast<std::int64_t>(config.real("optimizer.warmup_ratio") * totalSteps);
    const auto evalInterval = config.integer("eval.interval") > 0 ? config.integer("eval.interval") : stepsPerEpoch;
    const auto patience = config.integer("eval.patience");
    // Early stopping waits for the rate to have warmed up and for a few epochs: a model whose
    // rate is still rising says little about what more steps would give (60 epochs once stopped
    // after 3, during warm-up, far below what 10 epochs reached).
    const auto minEpochs = std::min(config.integer("eval.min_epochs"), epochs);
    const auto &stopMetric = config.text("eval.early_stopping_metric");
    const double clip = config.real("optimizer.grad_clip");
    const double smoothing = config.real("optimizer.label_smoothing");

    std::filesystem::create_directories(d.options.checkpointDir);
    const auto stateFile = d.options.checkpointDir / "state.pt";
    TrainingResult result;
    result.device = device.str();
    result.checkpoint = d.options.checkpointDir / "best.pt";
    TrainingPosition position;
    if (d.options.resume) {
        position = loadTrainingState(stateFile, *model, *optimizer, sparseOptimizer ? &*sparseOptimizer : nullptr);
        if (position.bestValue && !std::filesystem::exists(result.checkpoint))
            throw Error(result.checkpoint.string() + ": the run's best model is missing, so it cannot resume");
        result.resumedFromStep = position.step;
        d.observer.resumed(position.step);
        d.observer.log("resuming at step " + std::to_string(position.step) + " of " + std::to_string(totalSteps));
    }
    bool stopped = false;
    bool earlyStop = false;
    auto sessionStart = std::chrono::steady_clock::now();
    auto trainSeconds = [&] {
        return position.trainSeconds
               + std::chrono::duration<double>(std::chrono::steady_clock::now() - sessionStart).count();
    };
    // The best model so far is kept in memory and written with the state: writing it at every
    // improvement, and the state at every evaluation, took half the training time of a small
    // dataset. A kill loses at most stateInterval of work; a stop loses none.
    // (A pretrained model's structure only: its weights are copied in.)
    const auto structure = config.text("model.type") == "pretrained"
                               ? std::filesystem::path(config.text("model.path")) / "config.json"
                               : std::filesystem::path();
    const auto bestModel = buildModel(config, d.tokenizer.vocabSize(), classes, structure);
    bool bestUnsaved = false;
    bool bestInMemory = false; // false after a resume, until the next improvement
    auto keepBest = [&] {
        torch::NoGradGuard noGrad;
        const auto from = model->named_parameters(true);
        const auto to = bestModel->named_parameters(true);
        for (size_t i = 0; i < from.size(); ++i)
            to[i].value().copy_(from[i].value());
        const auto fromBuffers = model->named_buffers(true);
        const auto toBuffers = bestModel->named_buffers(true);
        for (size_t i = 0; i < fromBuffers.size(); ++i)
            toBuffers[i].value().copy_(fromBuffers[i].value());
        bestUnsaved = true;
        bestInMemory = true;
    };
    auto writeBest = [&] {
        if (bestUnsaved)
            bestModel->saveWeights(result.checkpoint);
        bestUnsaved = false;
    };
    auto lastSave = std::chrono::steady_clock::now();
    auto saveState = [&] {
        writeBest();
        auto snapshot = position;
        snapshot.trainSeconds = trainSeconds();
        saveTrainingState(stateFile, snapshot, *model, *optimizer, sparseOptimizer ? &*sparseOptimizer : nullptr);
        lastSave = std::chrono::steady_clock::now();
    };

    auto evaluateAndKeepBest = [&](double epoch) {
        // With intervals: the charts show how far each language's dev score can be trusted.
        auto evaluation = d.score(*model, dev, sequence, device, classWeights, mixedPrecision, false, true).evaluation;
        evaluation.step = position.step;
        evaluation.epoch = epoch;
        const double value = metricOf(stopMetric, evaluation);
        if (!position.bestValue || improves(stopMetric, value, *position.bestValue)) {
            evaluation.best = true;
            keepBest();
            position.bestValue = value;
            position.bestStep = position.step;
            position.bestEpoch = epoch;
            position.evaluationsWithoutGain = 0;
        } else if (position.step > warmupSteps) {
            ++position.evaluationsWithoutGain;
        }
        d.observer.evaluated(evaluation);
        if (patience > 0 && position.evaluationsWithoutGain >= patience
            && epoch >= static_cast<double>(minEpochs) - 1e-9) {
            d.observer.log("early stop: no better " + stopMetric + " in " + std::to_string(patience)
                           + " evaluations after warm-up; keeping the best, from epoch "
                           + formatEpoch(position.bestEpoch));
            earlyStop = true;
        }
    };

    while (position.epoch < epochs && !stopped && !earlyStop) {
        const auto batches = epochBatches(train, batchSize, seed, position.epoch, sequence);
        zeroGradients();
        while (position.nextBatch < batchesPerEpoch) {
            // Stops and pauses wait for a step boundary, where the state is whole.
            if (stop.stop_requested() || !d.waitWhilePaused(stop)) {
                stopped = true;
                break;
            }
            // Dropout draws from a seed per step, so a resumed run draws what it would have.
            torch::manual_seed(seed * 1000003ULL + static_cast<std::uint64_t>(position.step));
            const auto firstBatch = position.nextBatch;
            const auto lastBatch = std::min(batchesPerEpoch, firstBatch + accumulation);
            double stepLoss = 0;
            std::int64_t stepExamples = 0;
            for (auto batch = firstBatch; batch < lastBatch; ++batch) {
                const auto &rows = batches[static_cast<std::size_t>(batch)];
                torch::Tensor logits;
                {
                    AutocastScope autocast(mixedPrecision, device);
                    logits = model->logits(makeBatch(train, rows, sequence, device));
                }
                auto lossOptions = torch::nn::functional::CrossEntropyFuncOptions().label_smoothing(smoothing);
                if (classWeights.defined())
                    lossOptions.weight(classWeights);
                auto loss = torch::nn::functional::cross_entropy(logits.to(torch::kFloat32),
                                                                 labelsOf(train, rows, device), lossOptions);
                const double lossValue = loss.item<double>();
                if (!std::isfinite(lossValue))
                    throw Error(std::string("the training loss became ") + (std::isnan(lossValue) ? "NaN" : "infinite")
                                + " at step " + std::to_string(position.step)
                                + "; lower optimizer.learning_rate or turn on optimizer.grad_clip");
                (loss / static_cast<double>(lastBatch - firstBatch)).backward();
                stepLoss += lossValue / static_cast<double>(lastBatch - firstBatch);
                stepExamples += static_cast<std::int64_t>(rows.size());
            }

            const double rate =
                peakRate * scheduleFactor(config.text("optimizer.schedule"), position.step, warmupSteps, totalSteps);
            for (std::size_t group = 0; group < rateFactors.size(); ++group)
                optimizer->param_groups()[group].options().set_lr(rate * rateFactors[group]);
            if (clip > 0)
                clipGradients(clip);
            optimizer->step();
            if (sparseOptimizer)
                sparseOptimizer->step(rate);
            zeroGradients();
            ++position.step;
            position.nextBatch = lastBatch;
            position.examplesSeen += stepExamples;

            const double seconds = trainSeconds();
            TrainingProgress progress;
            progress.step = position.step;
            progress.totalSteps = totalSteps;
            progress.epoch = static_cast<double>(position.epoch)
                             + static_cast<double>(position.nextBatch) / static_cast<double>(batchesPerEpoch);
            progress.loss = stepLoss;
            progress.learningRate = rate;
            progress.examplesPerSecond = seconds > 0 ? static_cast<double>(position.examplesSeen) / seconds : 0.0;
            progress.etaSeconds = position.step > 0 ? seconds / static_cast<double>(position.step)
                                                          * static_cast<double>(totalSteps - position.step)
                                                    : 0.0;
            d.observer.progress(progress);

            if (position.nextBatch == batchesPerEpoch) {
                ++position.epoch;
                position.nextBatch = 0;
            }
            if (position.step % evalInterval == 0)
                evaluateAndKeepBest(progress.epoch);
            if (std::chrono::steady_clock::now() - lastSave >= stateInterval)
                saveState();
            if (earlyStop)
                break;
            if (position.nextBatch == 0)
                break; // a new epoch: a new order
        }
    }
    if (stopped)
        saveState();
    if (!position.bestValue) // stopped before the first evaluation: keep what it has
        evaluateAndKeepBest(static_cast<double>(position.epoch));

    result.steps = position.step;
    result.epochs =
        static_cast<double>(position.epoch)
        + static_cast<double>(position.nextBatch) / static_cast<double>(std::max<std::int64_t>(1, batchesPerEpoch));
    result.trainSeconds = trainSeconds();
    result.examplesPerSecond =
        result.trainSeconds > 0 ? static_cast<double>(position.examplesSeen) / result.trainSeconds : 0.0;
    result.status = stopped ? "stopped" : "finished";

    writeBest();
    auto bestWeights = bestInMemory ? bestModel : model;
    if (!bestInMemory)
        model->loadWeights(result.checkpoint);
    bestWeights->to(device);
    auto best = d.score(*bestWeights, dev, sequence, device, classWeights, mixedPrecision, false).evaluation;
    best.step = position.bestStep;
    best.epoch = position.bestEpoch;
    best.best = true;
    result.best = best;
    auto scoredTest = d.score(*bestWeights, test, sequence, device, classWeights, mixedPrecision,
                              d.options.keepTestProbabilities, true);
    result.test = std::move(scoredTest.evaluation.report);
    result.testProbabilities = std::move(scoredTest.probabilities);
    result.model = std::move(bestWeights);
    return result;
}

} // namespace glossa::core::train
