#include "train/trainsettings.h"

#include "train/trainconfig.h"
#include "util/error.h"

#include <array>
#include <type_traits>

namespace glossa::core::train {
namespace {

// Each enum's words, indexed by its value: the same words as the schema's choices.
template <class Enum> constexpr std::array<std::string_view, 0> words{};
template <> constexpr std::array<std::string_view, 3> words<ModelType>{"bag", "transformer", "pretrained"};
template <> constexpr std::array<std::string_view, 4> words<FineTuneStrategy>{"full", "frozen", "lora", "features"};
template <> constexpr std::array<std::string_view, 2> words<FeatureHead>{"linear", "hidden"};
template <> constexpr std::array<std::string_view, 2> words<FeaturePooling>{"mean", "cls"};
template <> constexpr std::array<std::string_view, 2> words<TokenizerAlgorithm>{"unigram", "bpe"};
template <> constexpr std::array<std::string_view, 2> words<OptimizerType>{"adamw", "sgd"};
template <> constexpr std::array<std::string_view, 3> words<LearningRateSchedule>{"linear", "cosine", "constant"};
template <> constexpr std::array<std::string_view, 3> words<ClassWeighting>{"none", "balanced", "sqrt"};
template <> constexpr std::array<std::string_view, 3> words<StopMetric>{"macro_f1", "accuracy", "loss"};
template <> constexpr std::array<std::string_view, 2> words<MixedPrecision>{"off", "bf16"};
template <> constexpr std::array<std::string_view, 2> words<Quantization>{"none", "int8"};

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
    bind("model.quantize", s.model.quantize);
    bind("finetune.strategy", s.finetune.strategy);
    bind("finetune.frozen_layers", s.finetune.frozenLayers);
    bind("finetune.head", s.finetune.head);
    bind("finetune.head_width", s.finetune.headWidth);
    bind("finetune.head_dropout", s.finetune.headDropout);
    bind("finetune.pooling", s.finetune.pooling);
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
    bind("eval.source_languages", s.eval.sourceLanguages);
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
        for (std::size_t i = 0; i < words<Enum>.size(); ++i)
            if (words<Enum>[i] == chosen) {
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
    void operator()(std::string_view key, Enum value) const { config.set(key, std::string(name(value))); }
};

} // namespace

template <class Enum>
requires std::is_enum_v<Enum> std::string_view name(Enum value)
{
    return words<Enum>.at(static_cast<std::size_t>(value));
}

template std::string_view name(ModelType);
template std::string_view name(FineTuneStrategy);
template std::string_view name(FeatureHead);
template std::string_view name(FeaturePooling);
template std::string_view name(TokenizerAlgorithm);
template std::string_view name(OptimizerType);
template std::string_view name(LearningRateSchedule);
template std::string_view name(ClassWeighting);
template std::string_view name(StopMetric);
template std::string_view name(MixedPrecision);
template std::string_view name(Quantization);

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
