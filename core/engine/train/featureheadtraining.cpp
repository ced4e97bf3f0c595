#include "engine/train/featureheadtraining.h"

#include "data/snapshot.h"
#include "engine/model/featureclassifier.h"
#include "engine/train/classweights.h"
#include "engine/train/computethreads.h"
#include "engine/train/featurevectors.h"
#include "engine/train/modelbuilder.h"
#include "engine/train/trainingloop.h"
#include "train/bootstrap.h"
#include "util/error.h"

#include <torch/nn/functional/loss.h>
#include <torch/nn/utils/clip_grad.h>
#include <torch/optim/adamw.h>
#include <torch/optim/sgd.h>

#include <chrono>
#include <iomanip>
#include <numeric>
#include <random>
#include <sstream>

namespace glossa::core::train {
namespace {

class OneComputeThread
{
public:
    OneComputeThread()
        : m_before(torch::get_num_threads())
    {
        useComputeThreads(1);
    }
    ~OneComputeThread() { useComputeThreads(m_before); }
    OneComputeThread(const OneComputeThread &) = delete;
    OneComputeThread &operator=(const OneComputeThread &) = delete;

private:
    int m_before;
};

// A split as the head reads it: the examples' vectors stacked, their labels and languages.
struct VectorSplit
{
    torch::Tensor vectors; // [N, D] float32
    torch::Tensor gold;    // [N] int64
    std::vector<int> labels;
    std::vector<std::string> languages;

    std::int64_t size() const { return static_cast<std::int64_t>(labels.size()); }
};

VectorSplit gather(const std::vector<const data::SnapshotExample *> &examples, const FeatureVectors &vectors,
                   const std::string &dataset)
{
    VectorSplit split;
    const auto width = static_cast<std::int64_t>(vectors.dimension());
    split.vectors = torch::empty({static_cast<std::int64_t>(examples.size()), width}, torch::kFloat32);
    auto *out = split.vectors.data_ptr<float>();
    for (std::size_t i = 0; i < examples.size(); ++i) {
        const auto *vector = vectors.find(examples[i]->text);
        if (!vector)
            throw Error("dataset '" + dataset + "': example " + std::to_string(examples[i]->id)
                        + " has no cached vector; train the run again");
        std::copy_n(vector, vectors.dimension(), out + i * vectors.dimension());
        split.labels.push_back(examples[i]->label);
        split.languages.push_back(examples[i]->lang);
    }
    split.gold = torch::tensor(std::vector<std::int64_t>(split.labels.begin(), split.labels.end()), torch::kInt64);
    return split;
}

class FeatureHeadTraining
{
public:
    FeatureHeadTraining(const TrainingData &data, const TrainConfig &config, const FeatureVectors &vectors,
                        const TrainerOptions &options, TrainingObserver &observer, PauseGate &pauses)
        : m_data(data)
        , m_settings(TrainSettings::from(config))
        , m_peakRate(config.effectiveLearningRate())
        , m_vectors(vectors)
        , m_options(options)
        , m_observer(observer)
        , m_pauses(pauses)
        , m_classes(static_cast<int>(data.labels.size()))
    {
    }

    TrainingResult run(std::stop_token stop)
    {
        const auto started = std::chrono::steady_clock::now();
        torch::manual_seed(static_cast<std::uint64_t>(m_settings.run.seed));
        // A head's matrices are too small to share among threads: on a busy machine every
        // operation would wait for a second thread to be scheduled (6 s instead of 0.5 s for
        // the demo's retrain on 2 cores). The caller's thread count is restored after.
        const OneComputeThread oneThread;
        m_threads = 1;
        prepareData();
        buildHead();
        planSteps();
        for (std::int64_t epoch = 0; epoch < m_settings.optimizer.epochs && !m_stopped && !m_earlyStop; ++epoch)
            trainEpoch(epoch, stop);
        if (!m_bestValue)
            evaluate(static_cast<double>(m_epochsDone));
        m_result.trainSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        summarise();
        scoreBest();
        return std::move(m_result);
    }

private:
    void prepareData()
    {
        m_train = gather(m_data.train, m_vectors, m_data.name);
        m_dev = gather(m_data.dev, m_vectors, m_data.name);
        m_test = gather(m_data.test, m_vectors, m_data.name);
        if (m_train.size() == 0)
            throw Error("dataset '" + m_data.name + "' has no labelled examples in its train split");
        if (m_dev.size() == 0)
            throw Error("dataset '" + m_data.name
                        + "' has no labelled examples in its dev split, which picks the best model");
        m_observer.message(DataPrepared{m_train.size(), m_dev.size(), m_test.size(), m_classes, "features", "cpu"});
        weighClasses();
    }

    void weighClasses()
    {
        m_classWeights = classWeightsFor(m_train.labels, m_classes, m_settings.optimizer.classWeighting);
    }

    void buildHead()
    {
        const auto width = static_cast<std::int64_t>(m_vectors.dimension());
        m_head = buildFeatureHead(m_settings, width, m_classes);
        m_best = buildFeatureHead(m_settings, width, m_classes);
        const auto &optimizer = m_settings.optimizer;
        if (optimizer.type == OptimizerType::Sgd)
            m_optimizer = std::make_unique<torch::optim::SGD>(
                m_head->parameters(),
                torch::optim::SGDOptions(m_peakRate).momentum(optimizer.momentum).weight_decay(optimizer.weightDecay));
        else
            m_optimizer = std::make_unique<torch::optim::AdamW>(
                m_head->parameters(), torch::optim::AdamWOptions(m_peakRate).weight_decay(optimizer.weightDecay));
        m_head->train();
    }

    void planSteps()
    {
        const auto &optimizer = m_settings.optimizer;
        m_batchSize = optimizer.batchSize;
        m_stepsPerEpoch = (m_train.size() + m_batchSize - 1) / m_batchSize;
        m_totalSteps = m_stepsPerEpoch * optimizer.epochs;
        m_warmupSteps = static_cast<std::int64_t>(optimizer.warmupRatio * static_cast<double>(m_totalSteps));
        m_evalInterval = m_settings.eval.interval > 0 ? m_settings.eval.interval : m_stepsPerEpoch;
        m_minEpochs = std::min(m_settings.eval.minEpochs, optimizer.epochs);
        m_result.checkpoint = m_options.checkpointDir / "best.pt";
        m_result.device = "cpu";
        std::filesystem::create_directories(m_options.checkpointDir);
    }

    void trainEpoch(std::int64_t epoch, std::stop_token stop)
    {
        // Seeded per epoch, so the order (and the result) is the same on every run.
        std::vector<std::int64_t> order(static_cast<std::size_t>(m_train.size()));
        std::iota(order.begin(), order.end(), 0);
        std::mt19937_64 random(static_cast<std::uint64_t>(m_settings.run.seed) * 1000003ULL
                               + static_cast<std::uint64_t>(epoch));
        std::shuffle(order.begin(), order.end(), random);
        const auto shuffled = torch::tensor(order, torch::kInt64);
        for (std::int64_t batch = 0; batch < m_stepsPerEpoch; ++batch) {
            if (stop.stop_requested() || !m_pauses.waitWhilePaused(stop, m_observer)) {
                m_stopped = true;
                return;
            }
            const auto rows =
                shuffled.slice(0, batch * m_batchSize, std::min((batch + 1) * m_batchSize, m_train.size()));
            const double loss = step(rows);
            const double epochs =
                static_cast<double>(epoch) + static_cast<double>(batch + 1) / static_cast<double>(m_stepsPerEpoch);
            report(loss, epochs);
            if (m_step % m_evalInterval == 0 || batch + 1 == m_stepsPerEpoch)
                evaluate(epochs);
            if (m_earlyStop)
                break;
        }
        m_epochsDone = epoch + 1;
    }

    double step(const torch::Tensor &rows)
    {
        m_rate = m_peakRate * scheduleFactor(m_settings.optimizer.schedule, m_step, m_warmupSteps, m_totalSteps);
        for (auto &group : m_optimizer->param_groups())
            group.options().set_lr(m_rate);
        m_optimizer->zero_grad();
        const auto logits = m_head->logitsFromVectors(m_train.vectors.index_select(0, rows));
        auto lossOptions =
            torch::nn::functional::CrossEntropyFuncOptions().label_smoothing(m_settings.optimizer.labelSmoothing);
        if (m_classWeights.defined())
            lossOptions.weight(m_classWeights);
        const auto loss = torch::nn::functional::cross_entropy(logits, m_train.gold.index_select(0, rows), lossOptions);
        loss.backward();
        if (m_settings.optimizer.gradClip > 0)
            torch::nn::utils::clip_grad_norm_(m_head->parameters(), m_settings.optimizer.gradClip);
        m_optimizer->step();
        ++m_step;
        m_examplesSeen += rows.size(0);
        return loss.item<double>();
    }

    void report(double loss, double epoch)
    {
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - m_started).count();
        TrainingProgress progress;
        progress.step = m_step;
        progress.totalSteps = m_totalSteps;
        progress.epoch = epoch;
        progress.loss = loss;
        progress.learningRate = m_rate;
        progress.examplesPerSecond = seconds > 0 ? static_cast<double>(m_examplesSeen) / seconds : 0.0;
        progress.etaSeconds =
            m_step > 0 ? seconds / static_cast<double>(m_step) * static_cast<double>(m_totalSteps - m_step) : 0.0;
        m_observer.progress(progress);
    }

    struct Scored
    {
        TrainingEvaluation evaluation;
        std::vector<float> probabilities;
    };

    Scored score(model::FeatureClassifier &head, const VectorSplit &split, bool keepProbabilities,
                 bool withIntervals) const
    {
        torch::NoGradGuard noGrad;
        head.eval();
        Scored scored;
        const auto logits = head.logitsFromVectors(split.vectors);
        if (split.size() > 0) {
            auto lossOptions = torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kSum);
            if (m_classWeights.defined())
                lossOptions.weight(m_classWeights);
            scored.evaluation.loss =
                torch::nn::functional::cross_entropy(logits, split.gold, lossOptions).item<double>()
                / static_cast<double>(split.size());
        }
        const auto best = logits.argmax(1).contiguous();
        const auto *bestData = best.data_ptr<std::int64_t>();
        const std::vector<int> predicted(bestData, bestData + split.size());
        if (keepProbabilities) {
            const auto probabilities = torch::softmax(logits, 1).contiguous();
            scored.probabilities.assign(probabilities.data_ptr<float>(),
                                        probabilities.data_ptr<float>() + probabilities.numel());
        }
        scored.evaluation.report = evaluationReport(split.labels, predicted, split.languages, m_classes);
        if (withIntervals)
            addConfidenceIntervals(scored.evaluation.report, split.labels, predicted, split.languages, m_classes);
        head.train();
        return scored;
    }

    void evaluate(double epoch)
    {
        const auto metric = m_settings.eval.earlyStoppingMetric;
        auto evaluation = score(*m_head, m_dev, false, true).evaluation;
        evaluation.step = m_step;
        evaluation.epoch = epoch;
        const double value = metricOf(metric, evaluation);
        if (!m_bestValue || improves(metric, value, *m_bestValue)) {
            evaluation.best = true;
            keepBest();
            m_bestValue = value;
            m_bestStep = m_step;
            m_bestEpoch = epoch;
            m_withoutGain = 0;
        } else if (m_step > m_warmupSteps) {
            ++m_withoutGain;
        }
        m_observer.evaluated(evaluation);
        const auto patience = m_settings.eval.patience;
        if (patience > 0 && m_withoutGain >= patience && epoch >= static_cast<double>(m_minEpochs) - 1e-9) {
            m_observer.message(EarlyStop{std::string(name(metric)), patience, m_bestEpoch});
            m_earlyStop = true;
        }
    }

    void keepBest()
    {
        torch::NoGradGuard noGrad;
        const auto from = m_head->parameters();
        const auto to = m_best->parameters();
        for (std::size_t i = 0; i < from.size(); ++i)
            to[i].copy_(from[i]);
    }

    void summarise()
    {
        m_result.steps = m_step;
        m_result.epochs = static_cast<double>(m_step) / static_cast<double>(std::max<std::int64_t>(1, m_stepsPerEpoch));
        m_result.examplesPerSecond =
            m_result.trainSeconds > 0 ? static_cast<double>(m_examplesSeen) / m_result.trainSeconds : 0.0;
        m_result.status = m_stopped ? store::RunStatus::Stopped : store::RunStatus::Finished;
        m_result.earlyStopped = m_earlyStop;
        std::ostringstream rate;
        rate << std::setprecision(6) << m_peakRate;
        m_result.settingsUsed = {{"optimizer.learning_rate", rate.str()},
                                 {"eval.interval", std::to_string(m_evalInterval)},
                                 {"eval.min_epochs", std::to_string(m_minEpochs)},
                                 {"run.cpu_threads", std::to_string(m_threads)},
                                 {"run.device", "cpu"}};
    }

    void scoreBest()
    {
        m_best->saveWeights(m_result.checkpoint);
        auto best = score(*m_best, m_dev, false, false).evaluation;
        best.step = m_bestStep;
        best.epoch = m_bestEpoch;
        best.best = true;
        m_result.best = best;
        auto test = score(*m_best, m_test, m_options.keepTestProbabilities, true);
        m_result.test = std::move(test.evaluation.report);
        m_result.testProbabilities = std::move(test.probabilities);
        m_best->eval();
        m_result.model = m_best;
    }

    const TrainingData &m_data;
    const TrainSettings m_settings;
    const double m_peakRate;
    const FeatureVectors &m_vectors;
    const TrainerOptions &m_options;
    TrainingObserver &m_observer;
    PauseGate &m_pauses;
    const int m_classes;
    const std::chrono::steady_clock::time_point m_started = std::chrono::steady_clock::now();

    int m_threads = 1;
    VectorSplit m_train;
    VectorSplit m_dev;
    VectorSplit m_test;
    torch::Tensor m_classWeights;
    std::shared_ptr<model::FeatureClassifier> m_head;
    std::shared_ptr<model::FeatureClassifier> m_best;
    std::unique_ptr<torch::optim::Optimizer> m_optimizer;
    std::int64_t m_batchSize = 1;
    std::int64_t m_stepsPerEpoch = 1;
    std::int64_t m_totalSteps = 0;
    std::int64_t m_warmupSteps = 0;
    std::int64_t m_evalInterval = 1;
    std::int64_t m_minEpochs = 0;
    std::int64_t m_step = 0;
    std::int64_t m_epochsDone = 0;
    std::int64_t m_examplesSeen = 0;
    double m_rate = 0;
    std::optional<double> m_bestValue;
    std::int64_t m_bestStep = 0;
    double m_bestEpoch = 0;
    std::int64_t m_withoutGain = 0;
    bool m_stopped = false;
    bool m_earlyStop = false;
    TrainingResult m_result;
};

} // namespace

TrainingResult trainFeatureHead(const TrainingData &data, const TrainConfig &config, const FeatureVectors &vectors,
                                const TrainerOptions &options, TrainingObserver &observer, PauseGate &pauses,
                                std::stop_token stop)
{
    FeatureHeadTraining training(data, config, vectors, options, observer, pauses);
    return training.run(stop);
}

} // namespace glossa::core::train
