#include "train/trainsettings.h"

#include "train/trainconfig.h"
#include "util/error.h"

#include <array>
#include <type_traits>

namespace glossa::core::train {
namespace {

using Names = std::string_view;

// Each enum's words, indexed by its value: the same words as the schema's choices.
constexpr std::array<Names, 3> modelTypes{"bag", "transformer", "pretrained"};
constexpr std::array<Names, 3> strategies{"full", "frozen", "lora"};
constexpr std::array<Names, 2> algorithms{"unigram", "bpe"};
constexpr std::array<Names, 2> optimizers{"adamw", "sgd"};
constexpr std::array<Names, 3> schedules{"linear", "cosine", "constant"};
constexpr std::array<Names, 3> weightings{"none", "balanced", "sqrt"};
constexpr std::array<Names, 3> metrics{"macro_f1", "accuracy", "loss"};
constexpr std::array<Names, 2> precisions{"off", "bf16"};

const auto &wordsOf(ModelType)
{
    return modelTypes;
}
const auto &wordsOf(FineTuneStrategy)
{
    return strategies;
}
const auto &wordsOf(TokenizerAlgorithm)
{
    return algorithms;
}
const auto &wordsOf(OptimizerType)
{
    return optimizers;
}
const auto &wordsOf(LearningRateSchedule)
{
    return schedules;
}
const auto &wordsOf(ClassWeighting)
{
    return weightings;
}
const auto &wordsOf(StopMetric)
{
    return metrics;
}
const auto &wordsOf(MixedPrecision)
{
    return precisions;
}

template <class Enum> std::string_view wordOf(Enum value)
{
    return wordsOf(value).at(static_cast<std::size_t>(value));
}

// The one table of which key is which member. Settings is TrainSettings or its const; bind is
// called with each key and the member it fills, so reading, writing and listing the keys
// cannot disagree.
template <class Settings, class Bind> void bindSettings(Settings &s, Bind &&bind)
{
    bind("model.type", s.model.type);
    bind("model.embedding_dim", s.model.embeddingDim);
    bind("model.layers", s.model.layers);
    bind("model.heads", s.model.heads);
    bind("model.ff_dim", s.model.ffDim);
    bind("model.pooling", s.model.pooling);
    bind("model.ngram_order", s.model.ngramOrder);
    bind("model.hash_buckets", s.model.hashBuckets);
    bind("model.dropout", s.model.dropout);
    bind("model.max_length", s.model.maxLength);
    bind("model.path", s.model.path);
    bind("finetune.strategy", s.finetune.strategy);
    bind("finetune.frozen_layers", s.finetune.frozenLayers);
    bind("lora.rank", s.lora.rank);
    bind("lora.alpha", s.lora.alpha);
    bind("lora.dropout", s.lora.dropout);
    bind("lora.targets", s.lora.targets);
    bind("tokenizer.algorithm", s.tokenizer.algorithm);
    bind("tokenizer.vocab_size", s.tokenizer.vocabSize);
    bind("tokenizer.character_coverage", s.tokenizer.characterCoverage);
    bind("tokenizer.max_sentences", s.tokenizer.maxSentences);
    bind("optimizer.type", s.optimizer.type);
    bind("optimizer.learning_rate", s.optimizer.learningRate);
    bind("optimizer.weight_decay", s.optimizer.weightDecay);
    bind("optimizer.layer_decay", s.optimizer.layerDecay);
    bind("optimizer.momentum", s.optimizer.momentum);
    bind("optimizer.batch_size", s.optimizer.batchSize);
    bind("optimizer.grad_accumulation", s.optimizer.gradAccumulation);
    bind("optimizer.epochs", s.optimizer.epochs);
    bind("optimizer.warmup_ratio", s.optimizer.warmupRatio);
    bind("optimizer.schedule", s.optimizer.schedule);
    bind("optimizer.grad_clip", s.optimizer.gradClip);
    bind("optimizer.label_smoothing", s.optimizer.labelSmoothing);
    bind("optimizer.class_weighting", s.optimizer.classWeighting);
    bind("eval.interval", s.eval.interval);
    bind("eval.early_stopping_metric", s.eval.earlyStoppingMetric);
    bind("eval.patience", s.eval.patience);
    bind("eval.folds", s.eval.folds);
    bind("eval.min_epochs", s.eval.minEpochs);
    bind("run.seed", s.run.seed);
    bind("run.device", s.run.device);
    bind("run.cpu_threads", s.run.cpuThreads);
    bind("run.mixed_precision", s.run.mixedPrecision);
}

struct Reader
{
    const TrainConfig &config;

    void operator()(std::string_view key, std::int64_t &value) const { value = config.integer(key); }
    void operator()(std::string_view key, double &value) const { value = config.real(key); }
    void operator()(std::string_view key, std::string &value) const { value = config.text(key); }

    template <class Enum>
    requires std::is_enum_v<Enum>
    void operator()(std::string_view key, Enum &value) const
    {
        const auto &chosen = config.text(key);
        const auto &words = wordsOf(value);
        for (std::size_t i = 0; i < words.size(); ++i)
            if (words[i] == chosen) {
                value = static_cast<Enum>(i);
                return;
            }
        throw Error(std::string(key) + ": '" + chosen + "' is not one of its choices");
    }
};

struct Writer
{
    TrainConfig &config;

    void operator()(std::string_view key, std::int64_t value) const { config.set(key, value); }
    void operator()(std::string_view key, double value) const { config.set(key, value); }
    void operator()(std::string_view key, const std::string &value) const { config.set(key, value); }

    template <class Enum>
    requires std::is_enum_v<Enum>
    void operator()(std::string_view key, Enum value) const { config.set(key, std::string(wordOf(value))); }
};

} // namespace

std::string_view name(ModelType value)
{
    return wordOf(value);
}

std::string_view name(FineTuneStrategy value)
{
    return wordOf(value);
}

std::string_view name(TokenizerAlgorithm value)
{
    return wordOf(value);
}

std::string_view name(OptimizerType value)
{
    return wordOf(value);
}

std::string_view name(LearningRateSchedule value)
{
    return wordOf(value);
}

std::string_view name(ClassWeighting value)
{
    return wordOf(value);
}

std::string_view name(StopMetric value)
{
    return wordOf(value);
}

std::string_view name(MixedPrecision value)
{
    return wordOf(value);
}

TrainSettings TrainSettings::from(const TrainConfig &config)
{
    TrainSettings settings;
    bindSettings(settings, Reader{config});
    return settings;
}

TrainConfig TrainSettings::toConfig() const
{
    TrainConfig config;
    bindSettings(*this, Writer{config});
    return config;
}

std::vector<std::string> TrainSettings::keys()
{
    std::vector<std::string> keys;
    TrainSettings settings;
    bindSettings(settings, [&keys](std::string_view key, auto &) { keys.emplace_back(key); });
    return keys;
}

} // namespace glossa::core::train
