#include "train/automaticsettings.h"

#include "data/snapshot.h"
#include "train/sourcelanguages.h"
#include "train/trainconfig.h"
#include "train/trainsettings.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <string_view>

namespace glossa::core::train {

std::int64_t automaticVocabularySize(std::size_t trainingTexts)
{
    const auto perSixteen = static_cast<double>(trainingTexts) / 16.0;
    const auto thousands = static_cast<std::int64_t>(std::llround(perSixteen / 1000.0)) * 1000;
    return std::clamp<std::int64_t>(thousands, 4000, 32000);
}

std::int64_t automaticTokenizerSample(std::size_t trainingTexts)
{
    return std::clamp<std::int64_t>(static_cast<std::int64_t>(trainingTexts / 4), 5000, 50000);
}

std::int64_t automaticHashBuckets(std::size_t trainingExamples)
{
    constexpr std::uint64_t fewest = 1U << 16;
    constexpr std::uint64_t most = 1U << 18;
    const auto wanted = std::clamp<std::uint64_t>(8 * static_cast<std::uint64_t>(trainingExamples), fewest, most);
    return static_cast<std::int64_t>(std::bit_ceil(wanted));
}

std::int64_t automaticEpochs(ModelType model, std::size_t trainingExamples)
{
    if (model != ModelType::Bag)
        return 10;
    constexpr double examplesSeen = 130000;
    const auto epochs = std::llround(examplesSeen / static_cast<double>(std::max<std::size_t>(trainingExamples, 1)));
    return std::clamp<std::int64_t>(epochs, 3, 10);
}

TrainConfig resolveAutomaticSettings(const TrainConfig &config, const data::DatasetSnapshot &snapshot)
{
    // Counted in one pass, without a restricted copy of the snapshot: a run's configuration
    // comes here resolved already, from create and again from its tokenizer.
    const auto sources = parseSourceLanguages(config.text("eval.source_languages"));
    std::size_t texts = 0;
    std::size_t examples = 0;
    for (const auto &example : snapshot.examples) {
        if (example.split != data::Split::Train
            || (!sources.empty() && std::find(sources.begin(), sources.end(), example.lang) == sources.end()))
            continue;
        ++texts;
        examples += example.label >= 0 ? 1 : 0;
    }
    return resolveAutomaticSettings(config, texts, examples);
}

TrainConfig resolveAutomaticSettings(const TrainConfig &config, std::size_t trainingTexts,
                                     std::size_t trainingExamples)
{
    TrainConfig resolved = config;
    auto resolve = [&resolved](std::string_view key, std::int64_t value) {
        if (resolved.integer(key) == 0)
            resolved.set(key, value);
    };
    resolve("tokenizer.vocab_size", automaticVocabularySize(trainingTexts));
    resolve("tokenizer.max_sentences", automaticTokenizerSample(trainingTexts));
    resolve("model.hash_buckets", automaticHashBuckets(trainingExamples));
    resolve("optimizer.epochs", automaticEpochs(TrainSettings::from(config).model.type, trainingExamples));
    return resolved;
}

} // namespace glossa::core::train
