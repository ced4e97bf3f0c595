#include "engine/train/trainer.h"

#include "data/snapshot.h"
#include "engine/train/featureheadtraining.h"
#include "engine/train/featurerun.h"
#include "engine/train/trainingloop.h"
#include "train/automaticsettings.h"
#include "util/error.h"

#include <torch/cuda.h>

namespace glossa::core::train {
TrainingData TrainingData::fromSnapshot(const data::DatasetSnapshot &snapshot)
{
    return {snapshot.datasetName, snapshot.labels, snapshot.inSplit(data::Split::Train),
            snapshot.inSplit(data::Split::Dev), snapshot.inSplit(data::Split::Test)};
}

std::string resolveDevice(const TrainSettings &settings)
{
    const auto &setting = settings.run.device;
    if (setting == "cpu")
        return torch::Device(torch::kCPU).str();
    if (setting == "auto")
        return (torch::cuda::is_available() ? torch::Device(torch::kCUDA) : torch::Device(torch::kCPU)).str();
    if (!torch::cuda::is_available())
        throw Error("run.device is " + setting + ", but this machine has no usable CUDA device (use auto or cpu)");
    return torch::Device(setting).str();
}

std::string resolveDevice(const TrainConfig &config)
{
    return resolveDevice(TrainSettings::from(config));
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
    PauseGate pauses;
};

Trainer::Trainer(const TrainingData &data, const TrainConfig &config, const text::Tokenizer &tokenizer,
                 TrainerOptions options, TrainingObserver &observer)
    : m_impl(std::make_unique<Impl>(data, resolveAutomaticSettings(config, data.train.size(), data.train.size()),
                                    tokenizer, std::move(options), observer))
{
}

Trainer::~Trainer() = default;

void Trainer::pause()
{
    m_impl->pauses.pause();
}

void Trainer::resume()
{
    m_impl->pauses.resume();
}

TrainingResult Trainer::run(std::stop_token stop)
{
    auto &d = *m_impl;
    // Settings and data are checked before anything is set up, so a bad run fails saying why.
    d.config.requireValid();
    const auto classes = d.data.labels.size();
    if (classes < 2)
        throw Error("dataset '" + d.data.name + "' needs at least two labels to train a classifier (it has "
                    + std::to_string(classes) + ")");
    if (isFeaturesRun(TrainSettings::from(d.config))) {
        if (!d.options.features)
            throw Error("finetune.strategy features trains on the texts' cached vectors, and none were given");
        return trainFeatureHead(d.data, d.config, *d.options.features, d.options, d.observer, d.pauses, stop);
    }
    TrainingLoop loop(d.data, d.config, d.tokenizer, d.options, d.observer, d.pauses);
    return loop.run(stop);
}

} // namespace glossa::core::train
