#pragma once

// The inside of Trainer::run, for trainer.cpp and the features head's trainer alone: LibTorch
// types stay out of trainer.h.

#include "engine/train/batching.h"
#include "engine/train/sparserowoptimizer.h"
#include "engine/train/trainer.h"
#include "engine/train/trainingstate.h"
#include "train/trainsettings.h"

#include <torch/optim/optimizer.h>
#include <torch/types.h>

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <stop_token>
#include <vector>

namespace glossa::core::train {

// Warm-up then decay, as a factor of the peak learning rate at this step.
double scheduleFactor(LearningRateSchedule schedule, std::int64_t step, std::int64_t warmupSteps,
                      std::int64_t totalSteps);

// Whether a dev value beats the best so far (lower loss; higher accuracy or macro-F1), and
// the evaluation's value of the metric.
bool improves(StopMetric metric, double candidate, double best);
double metricOf(StopMetric metric, const TrainingEvaluation &evaluation);

// Holds a run between two steps while paused. pause() and resume() come from any thread; the
// training thread waits at a step boundary, where the state is whole.
class PauseGate
{
public:
    void pause();
    void resume();
    // Blocks while paused, telling the observer when the pause takes hold and ends; returns
    // false when a stop arrives meanwhile.
    bool waitWhilePaused(std::stop_token stop, TrainingObserver &observer);

private:
    std::mutex m_mutex;
    std::condition_variable_any m_changed;
    bool m_paused = false;
};

// One run of a Trainer, from valid settings to its result. run() sets up (data, model,
// optimizer, step plan, a resumed state), trains epoch by epoch with an evaluation at each
// interval, and scores the best model. The members are its steps, in that order.
class TrainingLoop
{
public:
    TrainingLoop(const TrainingData &data, const TrainConfig &config, const text::Tokenizer &tokenizer,
                 const TrainerOptions &options, TrainingObserver &observer, PauseGate &pauses);
    ~TrainingLoop();
    TrainingLoop(const TrainingLoop &) = delete;
    TrainingLoop &operator=(const TrainingLoop &) = delete;

    TrainingResult run(std::stop_token stop);

private:
    // How many batches and steps the run has, fixed once the training split is known.
    struct StepPlan
    {
        std::size_t batchSize = 0;
        std::int64_t batchesPerEpoch = 0;
        std::int64_t totalSteps = 0;
        std::int64_t warmupSteps = 0;
        std::int64_t evalInterval = 0; // steps
        std::int64_t minEpochs = 0;    // before early stopping may end the run
    };
    struct Scored
    {
        TrainingEvaluation evaluation;
        std::vector<float> probabilities; // when asked for
    };

    void start();
    void encodeData();
    void buildTrainedModel();
    void weighClasses();
    std::vector<torch::optim::OptimizerParamGroup> groupParameters();
    void setUpOptimizer();
    void planSteps();
    void resumeFromState();

    void trainEpoch(std::stop_token stop);
    double step(const std::vector<std::vector<std::size_t>> &batches);
    double accumulateGradients(const std::vector<std::vector<std::size_t>> &batches, std::int64_t first,
                               std::int64_t last, std::int64_t &examples);
    void applyGradients(double rate);
    void clipGradients(double maxNorm);
    void zeroGradients();
    double reportProgress(double loss, double rate);

    void evaluate(double epoch);
    void keepBest();
    void writeBest();
    void saveState();
    double trainSeconds() const;
    Scored score(model::TextClassifier &model, const EncodedExamples &split, bool keepProbabilities,
                 bool withIntervals) const;
    void summarise();
    void scoreBest();

    const TrainingData &m_data;
    const TrainSettings m_settings;
    const double m_peakRate; // the configured rate, or the model's default
    const text::Tokenizer &m_tokenizer;
    const TrainerOptions &m_options;
    TrainingObserver &m_observer;
    PauseGate &m_pauses;
    const int m_classes;
    const bool m_mixedPrecision;
    torch::Device m_device = torch::kCPU; // chosen when the run starts
    bool m_sequence = false;              // the model reads token ids in order

    EncodedExamples m_train;
    EncodedExamples m_dev;
    EncodedExamples m_test;
    std::shared_ptr<model::TextClassifier> m_model;
    torch::Tensor m_classWeights; // undefined: every class weighs the same

    std::vector<torch::Tensor> m_denseParameters;
    std::vector<double> m_rateFactors; // per parameter group of the dense optimizer
    std::unique_ptr<torch::optim::Optimizer> m_optimizer;
    std::optional<SparseRowOptimizer> m_sparseOptimizer; // for an embedding table's sparse gradient

    StepPlan m_plan;
    std::filesystem::path m_stateFile;
    TrainingPosition m_position;
    TrainingResult m_result;
    bool m_stopped = false;
    bool m_earlyStop = false;
    int m_computeThreads = 1;

    std::shared_ptr<model::TextClassifier> m_bestModel;
    bool m_bestUnsaved = false;
    bool m_bestInMemory = false; // false after a resume, until the next improvement
    std::chrono::steady_clock::time_point m_sessionStart;
    std::chrono::steady_clock::time_point m_lastSave;
};

} // namespace glossa::core::train
