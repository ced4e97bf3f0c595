#include "engine/train/trainingloop.h"

#include "engine/model/pretrainedclassifier.h"
#include "engine/model/textclassifier.h"
#include "engine/train/classweights.h"
#include "engine/train/computethreads.h"
#include "engine/train/encodedsnapshot.h"
#include "engine/train/inference.h"
#include "engine/train/modelbuilder.h"
#include "engine/train/modelinput.h"
#include "text/tokenizer.h"
#include "train/bootstrap.h"
#include "util/allocator.h"
#include "util/error.h"

#include <torch/nn/functional/loss.h>
#include <torch/optim/adamw.h>
#include <torch/optim/sgd.h>
#include <torch/utils.h>

#include <cmath>
#include <functional>
#include <iomanip>
#include <map>
#include <sstream>

namespace glossa::core::train {
namespace {

constexpr double pi = 3.14159265358979323846;

// How often a run saves what it needs to resume after a kill (a stop always saves).
constexpr auto stateInterval = std::chrono::seconds(30);

} // namespace

bool improves(StopMetric metric, double candidate, double best)
{
    return metric == StopMetric::Loss ? candidate < best : candidate > best;
}

double metricOf(StopMetric metric, const TrainingEvaluation &evaluation)
{
    switch (metric) {
    case StopMetric::Loss: return evaluation.loss;
    case StopMetric::Accuracy: return evaluation.report.overall.accuracy;
    case StopMetric::MacroF1: break;
    }
    return evaluation.report.overall.macroF1;
}

double scheduleFactor(LearningRateSchedule schedule, std::int64_t step, std::int64_t warmupSteps,
                      std::int64_t totalSteps)
{
    if (warmupSteps > 0 && step < warmupSteps)
        return static_cast<double>(step + 1) / static_cast<double>(warmupSteps);
    if (schedule == LearningRateSchedule::Constant || totalSteps <= warmupSteps)
        return 1.0;
    const double progress = static_cast<double>(step - warmupSteps) / static_cast<double>(totalSteps - warmupSteps);
    if (schedule == LearningRateSchedule::Cosine)
        return 0.5 * (1.0 + std::cos(pi * std::min(1.0, progress)));
    return std::max(0.0, 1.0 - progress);
}

void PauseGate::pause()
{
    const std::lock_guard lock(m_mutex);
    m_paused = true;
}

void PauseGate::resume()
{
    {
        const std::lock_guard lock(m_mutex);
        m_paused = false;
    }
    m_changed.notify_all();
}

bool PauseGate::waitWhilePaused(std::stop_token stop, TrainingObserver &observer)
{
    {
        const std::lock_guard lock(m_mutex);
        if (!m_paused)
            return true;
    }
    observer.held(true);
    bool goesOn = false;
    {
        std::unique_lock lock(m_mutex);
        goesOn = m_changed.wait(lock, stop, [this] { return !m_paused; });
    }
    observer.held(false);
    return goesOn;
}

TrainingLoop::TrainingLoop(const TrainingData &data, const TrainConfig &config, const text::Tokenizer &tokenizer,
                           const TrainerOptions &options, TrainingObserver &observer, PauseGate &pauses)
    : m_data(data)
    , m_settings(TrainSettings::from(config))
    , m_peakRate(config.effectiveLearningRate())
    , m_tokenizer(tokenizer)
    , m_options(options)
    , m_observer(observer)
    , m_pauses(pauses)
    , m_classes(static_cast<int>(data.labels.size()))
    , m_mixedPrecision(m_settings.run.mixedPrecision == MixedPrecision::Bf16)
{
}

TrainingLoop::~TrainingLoop() = default;

TrainingResult TrainingLoop::run(std::stop_token stop)
{
    start();
    encodeData();
    buildTrainedModel();
    weighClasses();
    setUpOptimizer();
    planSteps();
    resumeFromState();
    while (m_position.epoch < m_settings.optimizer.epochs && !m_stopped && !m_earlyStop)
        trainEpoch(stop);
    if (m_stopped)
        saveState();
    if (!m_position.bestValue) // stopped before the first evaluation: keep what it has
        evaluate(static_cast<double>(m_position.epoch));
    summarise();
    scoreBest();
    return std::move(m_result);
}

void TrainingLoop::start()
{
    keepFreedMemoryForReuse(); // optimizer steps free parameter-sized temporaries every step
    torch::manual_seed(static_cast<std::uint64_t>(m_settings.run.seed));
    m_computeThreads = useComputeThreads(m_settings.run.cpuThreads);
    m_device = torch::Device(resolveDevice(m_settings));
}

void TrainingLoop::encodeData()
{
    const ModelInput input(m_settings, m_tokenizer.vocabSize());
    m_sequence = input.isSequence();
    m_train = encodeExamples(m_data.train, input, m_tokenizer, m_options.encoded);
    m_dev = encodeExamples(m_data.dev, input, m_tokenizer, m_options.encoded);
    m_test = encodeExamples(m_data.test, input, m_tokenizer, m_options.encoded);
    if (m_train.size() == 0)
        throw Error("dataset '" + m_data.name + "' has no labelled examples in its train split");
    if (m_dev.size() == 0)
        throw Error("dataset '" + m_data.name
                    + "' has no labelled examples in its dev split, which picks the best model");
    m_observer.message(DataPrepared{static_cast<std::int64_t>(m_train.size()), static_cast<std::int64_t>(m_dev.size()),
                                    static_cast<std::int64_t>(m_test.size()), m_classes,
                                    std::string(name(m_settings.model.type)), m_device.str()});
}

void TrainingLoop::buildTrainedModel()
{
    m_model = buildModel(m_settings, m_tokenizer.vocabSize(), m_classes);
    if (const auto *pretrained = dynamic_cast<const model::PretrainedClassifier *>(m_model.get()))
        for (const auto &line : pretrained->loadSummary())
            m_observer.log(line);
    m_model->to(m_device);
    m_model->train();
}

// Inverse class frequencies (or their square roots) as loss weights, so rare classes count.
void TrainingLoop::weighClasses()
{
    m_classWeights = classWeightsFor(m_train.labels, m_classes, m_settings.optimizer.classWeighting);
    if (m_classWeights.defined())
        m_classWeights = m_classWeights.to(m_device);
}

// An embedding table with a sparse gradient is updated row by row (setUpOptimizer); the rest
// densely, in groups by their share of the rate (layer-wise decay), largest share first.
std::vector<torch::optim::OptimizerParamGroup> TrainingLoop::groupParameters()
{
    const auto sparseWeight = m_model->sparseWeight();
    const double layerDecay = m_settings.optimizer.layerDecay;
    std::map<double, std::vector<torch::Tensor>, std::greater<>> parametersByRateFactor;
    for (const auto &item : m_model->named_parameters()) {
        const auto &parameter = item.value();
        if ((sparseWeight.defined() && parameter.is_same(sparseWeight)) || !parameter.requires_grad())
            continue;
        m_denseParameters.push_back(parameter);
        parametersByRateFactor[m_model->learningRateFactor(item.key(), layerDecay)].push_back(parameter);
    }
    std::vector<torch::optim::OptimizerParamGroup> groups;
    for (auto &[factor, parameters] : parametersByRateFactor) {
        groups.emplace_back(std::move(parameters));
        m_rateFactors.push_back(factor);
    }
    if (m_rateFactors.size() > 1) {
        std::ostringstream line;
        line << std::setprecision(3) << "layer-wise rate decay " << layerDecay << ": from x" << m_rateFactors.front()
             << " (head) down to x" << m_rateFactors.back() << " of the rate, in " << m_rateFactors.size() << " groups";
        m_observer.log(line.str());
    }
    return groups;
}

void TrainingLoop::setUpOptimizer()
{
    const auto &optimizer = m_settings.optimizer;
    const bool sgd = optimizer.type == OptimizerType::Sgd;
    auto groups = groupParameters();
    if (const auto sparseWeight = m_model->sparseWeight(); sparseWeight.defined())
        m_sparseOptimizer.emplace(sparseWeight, sgd ? SparseRowOptimizer::Kind::Sgd : SparseRowOptimizer::Kind::AdamW,
                                  optimizer.weightDecay);
    if (sgd)
        m_optimizer = std::make_unique<torch::optim::SGD>(
            std::move(groups),
            torch::optim::SGDOptions(m_peakRate).momentum(optimizer.momentum).weight_decay(optimizer.weightDecay));
    else
        m_optimizer = std::make_unique<torch::optim::AdamW>(
            std::move(groups), torch::optim::AdamWOptions(m_peakRate).weight_decay(optimizer.weightDecay));
}

void TrainingLoop::planSteps()
{
    const auto &optimizer = m_settings.optimizer;
    m_plan.batchSize = static_cast<std::size_t>(optimizer.batchSize);
    m_plan.batchesPerEpoch = static_cast<std::int64_t>((m_train.size() + m_plan.batchSize - 1) / m_plan.batchSize);
    const auto stepsPerEpoch = (m_plan.batchesPerEpoch + optimizer.gradAccumulation - 1) / optimizer.gradAccumulation;
    m_plan.totalSteps = stepsPerEpoch * optimizer.epochs;
    m_plan.warmupSteps = static_cast<std::int64_t>(optimizer.warmupRatio * m_plan.totalSteps);
    m_plan.evalInterval = m_settings.eval.interval > 0 ? m_settings.eval.interval : stepsPerEpoch;
    // Early stopping waits for the rate to have warmed up and for a few epochs: a model whose
    // rate is still rising says little about what more steps would give (60 epochs once stopped
    // after 3, during warm-up, far below what 10 epochs reached).
    m_plan.minEpochs = std::min(m_settings.eval.minEpochs, optimizer.epochs);
}

// Goes on from the saved state when asked, and builds the model that keeps the best weights.
void TrainingLoop::resumeFromState()
{
    std::filesystem::create_directories(m_options.checkpointDir);
    m_stateFile = m_options.checkpointDir / "state.pt";
    m_result.device = m_device.str();
    m_result.checkpoint = m_options.checkpointDir / "best.pt";
    if (m_options.resume) {
        m_position =
            loadTrainingState(m_stateFile, *m_model, *m_optimizer, m_sparseOptimizer ? &*m_sparseOptimizer : nullptr);
        if (m_position.bestValue && !std::filesystem::exists(m_result.checkpoint))
            throw Error(m_result.checkpoint.string() + ": the run's best model is missing, so it cannot resume");
        m_result.resumedFromStep = m_position.step;
        m_observer.resumed(m_position.step);
        m_observer.message(ResumingAt{m_position.step, m_plan.totalSteps});
    }
    m_sessionStart = std::chrono::steady_clock::now();
    // The best model so far is kept in memory and written with the state: writing it at every
    // improvement, and the state at every evaluation, took half the training time of a small
    // dataset. A kill loses at most stateInterval of work; a stop loses none.
    // (A pretrained model's structure only: its weights are copied in.)
    const auto structure = m_settings.model.type == ModelType::Pretrained
                               ? std::filesystem::path(m_settings.model.path) / "config.json"
                               : std::filesystem::path();
    m_bestModel = buildModel(m_settings, m_tokenizer.vocabSize(), m_classes, structure);
    m_lastSave = std::chrono::steady_clock::now();
}

// The rest of the current epoch, up to a stop, an early stop or the epoch's end.
void TrainingLoop::trainEpoch(std::stop_token stop)
{
    const auto batches = epochBatches(m_train, m_plan.batchSize, static_cast<std::uint64_t>(m_settings.run.seed),
                                      m_position.epoch, m_sequence);
    zeroGradients();
    while (m_position.nextBatch < m_plan.batchesPerEpoch) {
        // Stops and pauses wait for a step boundary, where the state is whole.
        if (stop.stop_requested() || !m_pauses.waitWhilePaused(stop, m_observer)) {
            m_stopped = true;
            return;
        }
        const double epoch = step(batches);
        if (m_position.nextBatch == m_plan.batchesPerEpoch) {
            ++m_position.epoch;
            m_position.nextBatch = 0;
        }
        if (m_position.step % m_plan.evalInterval == 0)
            evaluate(epoch);
        if (std::chrono::steady_clock::now() - m_lastSave >= stateInterval)
            saveState();
        if (m_earlyStop || m_position.nextBatch == 0)
            return; // a new epoch: a new order
    }
}

// One optimizer step over the next grad_accumulation batches; returns the fractional epoch
// reached.
double TrainingLoop::step(const std::vector<std::vector<std::size_t>> &batches)
{
    // Dropout draws from a seed per step, so a resumed run draws what it would have.
    torch::manual_seed(static_cast<std::uint64_t>(m_settings.run.seed) * 1000003ULL
                       + static_cast<std::uint64_t>(m_position.step));
    const auto first = m_position.nextBatch;
    const auto last = std::min(m_plan.batchesPerEpoch, first + m_settings.optimizer.gradAccumulation);
    std::int64_t examples = 0;
    const double loss = accumulateGradients(batches, first, last, examples);
    const double rate =
        m_peakRate
        * scheduleFactor(m_settings.optimizer.schedule, m_position.step, m_plan.warmupSteps, m_plan.totalSteps);
    applyGradients(rate);
    ++m_position.step;
    m_position.nextBatch = last;
    m_position.examplesSeen += examples;
    return reportProgress(loss, rate);
}

// Backpropagates the mean loss of batches [first, last); returns that mean.
double TrainingLoop::accumulateGradients(const std::vector<std::vector<std::size_t>> &batches, std::int64_t first,
                                         std::int64_t last, std::int64_t &examples)
{
    const auto count = static_cast<double>(last - first);
    double stepLoss = 0;
    for (auto batch = first; batch < last; ++batch) {
        const auto &rows = batches[static_cast<std::size_t>(batch)];
        torch::Tensor logits;
        {
            AutocastScope autocast(m_mixedPrecision, m_device);
            logits = m_model->logits(makeBatch(m_train, rows, m_sequence, m_device));
        }
        auto lossOptions =
            torch::nn::functional::CrossEntropyFuncOptions().label_smoothing(m_settings.optimizer.labelSmoothing);
        if (m_classWeights.defined())
            lossOptions.weight(m_classWeights);
        auto loss = torch::nn::functional::cross_entropy(logits.to(torch::kFloat32), labelsOf(m_train, rows, m_device),
                                                         lossOptions);
        const double lossValue = loss.item<double>();
        if (!std::isfinite(lossValue))
            throw Error(std::string("the training loss became ") + (std::isnan(lossValue) ? "NaN" : "infinite")
                        + " at step " + std::to_string(m_position.step)
                        + "; lower optimizer.learning_rate or turn on optimizer.grad_clip");
        (loss / count).backward();
        stepLoss += lossValue / count;
        examples += static_cast<std::int64_t>(rows.size());
    }
    return stepLoss;
}

void TrainingLoop::applyGradients(double rate)
{
    for (std::size_t group = 0; group < m_rateFactors.size(); ++group)
        m_optimizer->param_groups()[group].options().set_lr(rate * m_rateFactors[group]);
    if (m_settings.optimizer.gradClip > 0)
        clipGradients(m_settings.optimizer.gradClip);
    m_optimizer->step();
    if (m_sparseOptimizer)
        m_sparseOptimizer->step(rate);
    zeroGradients();
}

// Clips the dense and the sparse gradients together, by their joint norm.
void TrainingLoop::clipGradients(double maxNorm)
{
    double squares = 0;
    for (const auto &parameter : m_denseParameters)
        if (parameter.grad().defined())
            squares += parameter.grad().pow(2).sum().item<double>();
    torch::Tensor sparseGrad = m_sparseOptimizer ? m_sparseOptimizer->gradient() : torch::Tensor();
    if (sparseGrad.defined())
        squares += (sparseGrad.is_sparse() ? sparseGrad._values() : sparseGrad).pow(2).sum().item<double>();
    const double norm = std::sqrt(squares);
    if (norm <= maxNorm)
        return;
    torch::NoGradGuard noGrad;
    const double factor = maxNorm / (norm + 1e-6);
    for (const auto &parameter : m_denseParameters)
        if (parameter.grad().defined())
            parameter.mutable_grad().mul_(factor);
    if (sparseGrad.defined())
        (sparseGrad.is_sparse() ? sparseGrad._values() : sparseGrad).mul_(factor);
}

void TrainingLoop::zeroGradients()
{
    m_optimizer->zero_grad();
    if (m_sparseOptimizer)
        m_sparseOptimizer->zeroGrad();
}

// Tells the observer where the run stands after a step; returns the fractional epoch.
double TrainingLoop::reportProgress(double loss, double rate)
{
    const double seconds = trainSeconds();
    const auto &position = m_position;
    TrainingProgress progress;
    progress.step = position.step;
    progress.totalSteps = m_plan.totalSteps;
    progress.epoch = static_cast<double>(position.epoch)
                     + static_cast<double>(position.nextBatch) / static_cast<double>(m_plan.batchesPerEpoch);
    progress.loss = loss;
    progress.learningRate = rate;
    progress.examplesPerSecond = seconds > 0 ? static_cast<double>(position.examplesSeen) / seconds : 0.0;
    progress.etaSeconds = position.step > 0 ? seconds / static_cast<double>(position.step)
                                                  * static_cast<double>(m_plan.totalSteps - position.step)
                                            : 0.0;
    m_observer.progress(progress);
    return progress.epoch;
}

// Scores dev, keeps the model when it is the best so far, and decides on early stopping.
void TrainingLoop::evaluate(double epoch)
{
    const auto metric = m_settings.eval.earlyStoppingMetric;
    const auto patience = m_settings.eval.patience;
    auto &position = m_position;
    // With intervals: the charts show how far each language's dev score can be trusted.
    auto evaluation = score(*m_model, m_dev, false, true).evaluation;
    evaluation.step = position.step;
    evaluation.epoch = epoch;
    const double value = metricOf(metric, evaluation);
    if (!position.bestValue || improves(metric, value, *position.bestValue)) {
        evaluation.best = true;
        keepBest();
        position.bestValue = value;
        position.bestStep = position.step;
        position.bestEpoch = epoch;
        position.evaluationsWithoutGain = 0;
    } else if (position.step > m_plan.warmupSteps) {
        ++position.evaluationsWithoutGain;
    }
    m_observer.evaluated(evaluation);
    if (patience > 0 && position.evaluationsWithoutGain >= patience
        && epoch >= static_cast<double>(m_plan.minEpochs) - 1e-9) {
        m_observer.message(EarlyStop{std::string(name(metric)), patience, position.bestEpoch});
        m_earlyStop = true;
    }
}

// Copies the weights into the best model, in memory; writeBest puts them on disk.
void TrainingLoop::keepBest()
{
    torch::NoGradGuard noGrad;
    const auto from = m_model->named_parameters(true);
    const auto to = m_bestModel->named_parameters(true);
    for (size_t i = 0; i < from.size(); ++i)
        to[i].value().copy_(from[i].value());
    const auto fromBuffers = m_model->named_buffers(true);
    const auto toBuffers = m_bestModel->named_buffers(true);
    for (size_t i = 0; i < fromBuffers.size(); ++i)
        toBuffers[i].value().copy_(fromBuffers[i].value());
    m_bestUnsaved = true;
    m_bestInMemory = true;
}

void TrainingLoop::writeBest()
{
    if (m_bestUnsaved)
        m_bestModel->saveWeights(m_result.checkpoint);
    m_bestUnsaved = false;
}

void TrainingLoop::saveState()
{
    writeBest();
    auto snapshot = m_position;
    snapshot.trainSeconds = trainSeconds();
    saveTrainingState(m_stateFile, snapshot, *m_model, *m_optimizer, m_sparseOptimizer ? &*m_sparseOptimizer : nullptr);
    m_lastSave = std::chrono::steady_clock::now();
}

// Over every session of a resumed run.
double TrainingLoop::trainSeconds() const
{
    return m_position.trainSeconds
           + std::chrono::duration<double>(std::chrono::steady_clock::now() - m_sessionStart).count();
}

// Loss, predictions and (optionally) probabilities of a split, without dropout.
TrainingLoop::Scored TrainingLoop::score(model::TextClassifier &model, const EncodedExamples &split,
                                         bool keepProbabilities, bool withIntervals) const
{
    Scored scored;
    const auto logits = logitsOf(model, split, m_sequence, m_device, m_mixedPrecision);
    if (split.size() > 0) {
        auto lossOptions = torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kSum);
        if (m_classWeights.defined())
            lossOptions.weight(m_classWeights.cpu());
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
    scored.evaluation.report = evaluationReport(split.labels, predicted, split.languages, m_classes);
    if (withIntervals)
        addConfidenceIntervals(scored.evaluation.report, split.labels, predicted, split.languages, m_classes);
    return scored;
}

// How far the run went, and how fast.
void TrainingLoop::summarise()
{
    const auto &position = m_position;
    m_result.steps = position.step;
    m_result.epochs = static_cast<double>(position.epoch)
                      + static_cast<double>(position.nextBatch)
                            / static_cast<double>(std::max<std::int64_t>(1, m_plan.batchesPerEpoch));
    m_result.trainSeconds = trainSeconds();
    m_result.examplesPerSecond =
        m_result.trainSeconds > 0 ? static_cast<double>(position.examplesSeen) / m_result.trainSeconds : 0.0;
    m_result.status = m_stopped ? store::RunStatus::Stopped : store::RunStatus::Finished;
    m_result.earlyStopped = m_earlyStop;
    // What the settings left to the engine came to, for the run's reports.
    std::ostringstream rate;
    rate << std::setprecision(6) << m_peakRate;
    m_result.settingsUsed = {{"optimizer.learning_rate", rate.str()},
                             {"eval.interval", std::to_string(m_plan.evalInterval)},
                             {"eval.min_epochs", std::to_string(m_plan.minEpochs)},
                             {"run.cpu_threads", std::to_string(m_computeThreads)},
                             {"run.device", m_device.str()}};
}

// The best model's dev and test scores; the model itself goes with the result.
void TrainingLoop::scoreBest()
{
    writeBest();
    auto bestWeights = m_bestInMemory ? m_bestModel : m_model;
    if (!m_bestInMemory)
        m_model->loadWeights(m_result.checkpoint);
    bestWeights->to(m_device);
    auto best = score(*bestWeights, m_dev, false, false).evaluation;
    best.step = m_position.bestStep;
    best.epoch = m_position.bestEpoch;
    best.best = true;
    m_result.best = best;
    auto scoredTest = score(*bestWeights, m_test, m_options.keepTestProbabilities, true);
    m_result.test = std::move(scoredTest.evaluation.report);
    m_result.testProbabilities = std::move(scoredTest.probabilities);
    m_result.model = std::move(bestWeights);
}

} // namespace glossa::core::train
