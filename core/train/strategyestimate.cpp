#include "train/strategyestimate.h"

#include "model/hfconfig.h"

#include <unistd.h>

#include <algorithm>
#include <thread>

namespace glossa::core::train {
namespace {

// Tokens of a typical short text (a support message, a review sentence): most texts stop well
// before the maximum length, and the encoder pays per token it reads.
constexpr std::int64_t typicalTokens = 24;
// Floating-point operations per second one core sustains in LibTorch's float32 matrix products:
// bench/features_run embedded the demo at 36 texts/s with a MiniLM-sized encoder on 2 cores.
constexpr double flopsPerCore = 18e9;
// A full fine-tuning step also moves every weight, its gradient and AdamW's two moments through
// memory, the 250,002 x 384 embedding table included: what makes a large vocabulary slow. The
// same bench measured 1.5 examples/s at batch 16 on 2 cores, about 80 ns per weight and step
// beyond the matrix products.
constexpr double stepSecondsPerWeightOnTwoCores = 80e-9;
// Features first when one epoch of full fine-tuning takes longer than this here.
constexpr double featuresAfterEpochSeconds = 120;

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
    const double stepSeconds = stepSecondsPerWeightOnTwoCores * 2 / static_cast<double>(machine.cores)
                               * static_cast<double>(config.encoderParameters());
    estimate.fullExamplesPerSecond =
        1 / (3 * forward / rate + stepSeconds / static_cast<double>(std::max<std::int64_t>(1, batchSize)));
    estimate.embedTextsPerSecond = rate / forward;
    estimate.fullEpochSeconds = static_cast<double>(texts) / estimate.fullExamplesPerSecond;
    estimate.embedSeconds = static_cast<double>(texts) / estimate.embedTextsPerSecond;
    estimate.fullMemoryBytes = config.trainingMemoryBytes(batchSize, std::min(maxLength, config.maxTokens()), false);
    estimate.tooLittleMemory = machine.memoryBytes > 0 && estimate.fullMemoryBytes > machine.memoryBytes / 2;
    estimate.featuresFirst = estimate.tooLittleMemory || estimate.fullEpochSeconds > featuresAfterEpochSeconds;
    return estimate;
}

} // namespace glossa::core::train
