#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace glossa::core::train {

class TrainConfig;

// The choices of the schema's Choice fields, in the schema's order.
enum class ModelType { Bag, Transformer, Pretrained };
enum class FineTuneStrategy { Full, Frozen, Lora, Features };
enum class FeatureHead { Linear, Hidden };
enum class FeaturePooling { Mean, Cls };
enum class TokenizerAlgorithm { Unigram, Bpe };
enum class OptimizerType { AdamW, Sgd };
enum class LearningRateSchedule { Linear, Cosine, Constant };
enum class ClassWeighting { None, Balanced, Sqrt };
enum class StopMetric { MacroF1, Accuracy, Loss };
enum class MixedPrecision { Off, Bf16 };
enum class Quantization { None, Int8 };

// The schema's word for a choice ("bag", "macro_f1"), as logs and run names say it.
template <class Enum>
requires std::is_enum_v<Enum> std::string_view name(Enum value);

// Every setting of a run, typed, as the engine reads them: TrainConfig holds them by key for the
// editor, JSON and --set, and its schema keeps the defaults, ranges and descriptions; this is
// read from it once, so the engine names a setting by a member and a misspelt one fails to
// compile. Fields mirror the schema's keys ("optimizer.batch_size" is optimizer.batchSize).
struct TrainSettings
{
    struct Model
    {
        // bag, transformer, or a pretrained encoder fine-tuned
        ModelType type = ModelType::Bag;
        // width of the token vectors and of the transformer's layers (bag, transformer)
        std::int64_t embeddingDim = 0;
        // encoder layers (transformer)
        std::int64_t layers = 0;
        // attention heads, a divisor of embeddingDim (transformer)
        std::int64_t heads = 0;
        // width of each layer's feed-forward block (transformer)
        std::int64_t ffDim = 0;
        // how token vectors become one text vector: mean, max, cls (transformer)
        std::string pooling;
        // longest run of subwords hashed as one feature (bag)
        std::int64_t ngramOrder = 0;
        // embedding rows shared by all n-grams (bag)
        std::int64_t hashBuckets = 0;
        // share of activations dropped while training (bag, transformer)
        double dropout = 0;
        // texts are cut to this many subword tokens
        std::int64_t maxLength = 0;
        // the Hugging Face folder of a pretrained model
        std::string path;
        // int8: the encoder's linear layers run in int8 for prediction and embeddings (pretrained)
        Quantization quantize = Quantization::None;
    };
    struct FineTune
    {
        // which weights of a pretrained model train
        FineTuneStrategy strategy = FineTuneStrategy::Full;
        // bottom layers kept as loaded (strategy frozen)
        std::int64_t frozenLayers = 0;
        // what trains on the cached text vectors (strategy features)
        FeatureHead head = FeatureHead::Linear;
        // the hidden layer's width (head hidden)
        std::int64_t headWidth = 0;
        // share of the vector and hidden layer dropped while the head trains
        double headDropout = 0;
        // how token vectors become the text vector the head reads
        FeaturePooling pooling = FeaturePooling::Mean;
    };
    struct Lora
    {
        // width of each adapter
        std::int64_t rank = 0;
        // adapters are scaled by alpha / rank
        double alpha = 0;
        // dropout on the adapters' input
        double dropout = 0;
        // comma-separated layer names the adapters go on
        std::string targets;
    };
    struct Tokenizer
    {
        // the SentencePiece algorithm of a tokenizer trained on the data
        TokenizerAlgorithm algorithm = TokenizerAlgorithm::Unigram;
        // subword pieces asked for (grown when the characters need more)
        std::int64_t vocabSize = 0;
        // share of characters the vocabulary must cover
        double characterCoverage = 0;
        // larger datasets are sampled down to this many texts for the tokenizer
        std::int64_t maxSentences = 0;
    };
    struct Optimizer
    {
        OptimizerType type = OptimizerType::AdamW;
        // peak step size; 0: the model's default (TrainConfig::effectiveLearningRate)
        double learningRate = 0;
        // decoupled L2 shrinkage per step
        double weightDecay = 0;
        // each layer's share of the rate of the layer above it (pretrained)
        double layerDecay = 0;
        // SGD momentum
        double momentum = 0;
        // examples per batch
        std::int64_t batchSize = 0;
        // batches summed before each optimizer step
        std::int64_t gradAccumulation = 0;
        // passes over the training split
        std::int64_t epochs = 0;
        // share of the steps over which the rate rises from 0
        double warmupRatio = 0;
        // how the rate decays after warm-up
        LearningRateSchedule schedule = LearningRateSchedule::Linear;
        // largest gradient norm per step; 0: no clipping
        double gradClip = 0;
        // probability mass spread from the gold label to the others
        double labelSmoothing = 0;
        // loss weight of rare classes
        ClassWeighting classWeighting = ClassWeighting::None;
    };
    struct Evaluation
    {
        // steps between dev evaluations; 0: once per epoch
        std::int64_t interval = 0;
        // the dev metric that picks the best checkpoint and stops early
        StopMetric earlyStoppingMetric = StopMetric::MacroF1;
        // evaluations without gain before stopping; 0: never early
        std::int64_t patience = 0;
        // cross-validation folds for data too small to split
        std::int64_t folds = 0;
        // epochs trained before early stopping may end the run
        std::int64_t minEpochs = 0;
        // comma-separated language codes the run trains and selects on; empty: all
        std::string sourceLanguages;
    };
    struct Runtime
    {
        // same seed, same data: the same model on CPU
        std::int64_t seed = 0;
        // auto, cpu, cuda or cuda:N
        std::string device;
        // threads for tensor operations; 0 picks
        std::int64_t cpuThreads = 0;
        // bf16 autocast where the device supports it
        MixedPrecision mixedPrecision = MixedPrecision::Off;
    };

    Model model;
    FineTune finetune;
    Lora lora;
    Tokenizer tokenizer;
    Optimizer optimizer;
    Evaluation eval;
    Runtime run;

    // Every setting of the config; the caller validates it first where it must (Trainer::run).
    // Throws Error for a choice the schema does not offer.
    static TrainSettings from(const TrainConfig &config);
    // The same settings by key, so that every key can be checked to arrive here and back.
    TrainConfig toConfig() const;
    // The schema keys from() reads, in its order.
    static std::vector<std::string> keys();
};

} // namespace glossa::core::train
