#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>

namespace torch::optim {
class Optimizer;
}
namespace glossa::core::model {
class TextClassifier;
}

namespace glossa::core::train {

class SparseRowOptimizer;

// Where a run stands between two steps: enough to go on as if it had never stopped.
struct TrainingPosition
{
    std::int64_t step = 0;      // optimizer steps done
    std::int64_t epoch = 0;     // the epoch the next batch belongs to
    std::int64_t nextBatch = 0; // in that epoch's batch order
    std::int64_t examplesSeen = 0;
    double trainSeconds = 0; // spent so far, over every session of the run
    std::int64_t evaluationsWithoutGain = 0;
    // The best dev evaluation so far (its model is best.pt beside the state).
    std::optional<double> bestValue;
    std::int64_t bestStep = 0;
    double bestEpoch = 0;
};

// The position with the model, the optimizers and their moments, in one file. Written to a
// temporary name and renamed, so a kill mid-write leaves the previous state intact.
void saveTrainingState(const std::filesystem::path &file, const TrainingPosition &position,
                       model::TextClassifier &model, torch::optim::Optimizer &optimizer,
                       const SparseRowOptimizer *sparseOptimizer);
// Throws Error naming the file when it is missing, unreadable or of another model; the model
// and optimizers are then unchanged.
TrainingPosition loadTrainingState(const std::filesystem::path &file, model::TextClassifier &model,
                                   torch::optim::Optimizer &optimizer, SparseRowOptimizer *sparseOptimizer);

} // namespace glossa::core::train
