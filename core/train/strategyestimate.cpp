#include "train/strategyestimate.h"

#include "model/hfconfig.h"

#include <unistd.h>

#include <algorithm>
#include <thread>

namespace glossa::core::train {
namespace {

// Tokens of a typical short text (a support message, a review sentence): most texts stop well
// before the maximum length, and the encoder pays per token it reads.
constexpr std::int64_t typicalTokens = 32;
// Floating-point operations per second one core sustains in LibTorch's float32 matrix products,
// calibrated with bench/bench_features (the forward pass of a MiniLM-sized encoder, 2 cores).
constexpr double flopsPerCore = 8e9;
// A training step moves every weight, its gradient and AdamW's two moments through memory
// (about 16 operations per weight, memory-bound): what makes a large vocabulary expensive.
constexpr double optimizerFlopsPerWeight = 16;
constexpr double featuresAfterSeconds = 600;

} // namespace

MachineResources MachineResources::here()
{
    MachineResources machine;
    machine.cores = std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
    const long pages = ::sysconf(_SC_PHYS_PAGES);
    const long pageSize = ::sysconf(_SC_PAGESIZE);
    machine.memoryBytes = pages > 0 && pageSize > 0 ? static_cast<std::int64_t>(pages) * pageSize : 0;
    return machine;
}

StrategyEstimate estimateStrategies(const model::HfEncoderConfig &config, std::int64_t texts, std::int64_t batchSize,
                                    std::int64_t maxLength, const MachineResources &machine)
{
    StrategyEstimate estimate;
    const auto tokens = static_cast<double>(std::min(maxLength, typicalTokens));
    // The layers' weights do the work per token; the embedding table only looks rows up.
    const double layerWeights = static_cast<double>(config.encoderParameters() - config.vocabSize * config.hiddenSize);
    const double rate = flopsPerCore * static_cast<double>(machine.cores);
    const double forward = 2 * layerWeights * tokens;
    const double optimizerPerExample = optimizerFlopsPerWeight * static_cast<double>(config.encoderParameters())
                                       / static_cast<double>(std::max<std::int64_t>(1, batchSize));
    estimate.fullExamplesPerSecond = rate / (3 * forward + optimizerPerExample);
    estimate.embedTextsPerSecond = rate / forward;
    estimate.fullEpochSeconds = static_cast<double>(texts) / estimate.fullExamplesPerSecond;
    estimate.embedSeconds = static_cast<double>(texts) / estimate.embedTextsPerSecond;
    estimate.fullMemoryBytes = config.trainingMemoryBytes(batchSize, std::min(maxLength, config.maxTokens()), false);
    estimate.tooLittleMemory = machine.memoryBytes > 0 && estimate.fullMemoryBytes > machine.memoryBytes / 2;
    estimate.featuresFirst = estimate.tooLittleMemory || estimate.fullEpochSeconds > featuresAfterSeconds;
    return estimate;
}

} // namespace glossa::core::train
