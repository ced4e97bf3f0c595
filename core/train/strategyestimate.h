#pragma once

#include <cstdint>

namespace glossa::core::model {
struct HfEncoderConfig;
}

namespace glossa::core::train {

// What this machine has to train with.
struct MachineResources
{
    int cores = 1;
    std::int64_t memoryBytes = 0;

    static MachineResources here();
};

// How long a pretrained model takes to fine-tune fully here against training a head on its
// cached text vectors (finetune.strategy=features), roughly: from the encoder's size, a typical
// text's length and the cores, at the rates bench/features_run measured on 2 CPU cores (a
// MiniLM-sized encoder, 12 layers x 384 with XLM-R's vocabulary: 1.5 examples/s fully
// fine-tuned at batch 16, 36 texts/s embedded). Good to a factor of two or three; what it is for
// is the order of magnitude.
struct StrategyEstimate
{
    double fullExamplesPerSecond = 0;
    double fullEpochSeconds = 0;      // one pass over the texts
    std::int64_t fullMemoryBytes = 0; // one training step at the batch size
    double embedTextsPerSecond = 0;
    double embedSeconds = 0; // every text once; a retrain embeds only new texts
    // Features first: full fine-tuning would need more than half the memory, or an epoch would
    // take over two minutes, here.
    bool featuresFirst = false;
    bool tooLittleMemory = false; // the reason, when it is memory
};

StrategyEstimate estimateStrategies(const model::HfEncoderConfig &config, std::int64_t texts, std::int64_t batchSize,
                                    std::int64_t maxLength, const MachineResources &machine);

} // namespace glossa::core::train
