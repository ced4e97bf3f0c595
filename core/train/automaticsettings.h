#pragma once

#include <cstddef>
#include <cstdint>

namespace glossa::core::data {
struct DatasetSnapshot;
}

namespace glossa::core::train {

class TrainConfig;
enum class ModelType;

// Settings whose 0 means "pick from the data": the tokenizer's vocabulary and sample, the bag
// model's hash buckets and the epochs. Fixed numbers tuned on the demo's 2,000 rows were wrong
// at 130,000 (a tokenizer trained on every text for half the run, too few buckets, a best
// epoch in the first of ten), and those tuned at that size wrong on the demo. Each rule below
// was measured on the demo (1,750 training texts), the UDHR (21,000, 478 languages) and the
// CLDR emoji names (129,000, 102 locales): docs/training-defaults.md has the figures.

// Pieces: 4,000 up to 64,000 training texts, then one per 16 texts (in thousands), at most
// 32,000. A vocabulary beyond 4,000 cost macro-F1 on the UDHR and the demo and gained 0.012 on
// the emoji names. Scripts with many characters (Chinese, Japanese) grow it further when it is
// trained: the tokenizer makes room for every character it must cover.
std::int64_t automaticVocabularySize(std::size_t trainingTexts);
// Texts the tokenizer trains on: a quarter of the training texts, at least 5,000 and at most
// 50,000 (language-balanced, tokenizersample.h). Its training time grows with the sample's
// characters; a quarter scored as well as a half or all of them (UDHR articles 0.451 and 0.441
// against 0.439 and 0.438 with half, in 2.1 s instead of 4.7 s; emoji names 0.738 against 0.730).
std::int64_t automaticTokenizerSample(std::size_t trainingTexts);
// The bag model's n-gram rows: the power of two at or above 8 per labelled training example,
// from 65,536 to 262,144. Fewer collisions gained 0.017 to 0.03 macro-F1 on the larger sets;
// on the demo the larger table only cost time (and 0.009).
std::int64_t automaticHashBuckets(std::size_t trainingExamples);
// Passes over the training split: the bag model sees about 130,000 examples, in 3 to 10
// epochs (10 on the demo, 6 on the UDHR, 3 on the emoji names, whose best dev score came at
// epoch 2 of 5 and whose test score rose with 3). The other models train 10.
std::int64_t automaticEpochs(ModelType model, std::size_t trainingExamples);

// The configuration with every automatic setting that is 0 replaced by its number for the
// data the run trains on (the snapshot, restricted to the run's source languages). Settings
// already set are kept, so resolving twice changes nothing. A run stores the resolved
// configuration: it says what the run used, and resuming or exporting it reads the same.
TrainConfig resolveAutomaticSettings(const TrainConfig &config, const data::DatasetSnapshot &snapshot);
// The same from counts: the texts the tokenizer reads (labelled or not) and the labelled
// examples the model learns from. A Trainer handed a configuration nobody resolved (a test, a
// benchmark) resolves it from its own training examples.
TrainConfig resolveAutomaticSettings(const TrainConfig &config, std::size_t trainingTexts,
                                     std::size_t trainingExamples);

} // namespace glossa::core::train
