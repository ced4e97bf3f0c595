#pragma once

#include "store/runstore.h"

#include <cstdint>
#include <filesystem>
#include <stop_token>
#include <vector>

namespace glossa::core::data {
struct DatasetSnapshot;
}
namespace glossa::core::text {
class Tokenizer;
}

namespace glossa::core::train {

class TrainConfig;
class TrainingObserver;

struct LabelErrorOptions
{
    int folds = 5;
    std::filesystem::path workDir; // each fold's checkpoints; removed afterwards
};

// Likely label errors by confident learning (Northcutt et al., 2021): every labelled example
// gets an out-of-sample prediction from k-fold cross-validation (a model trained with the
// run's settings on the other folds). Class j's threshold is the mean predicted probability
// of j over the examples labelled j; an example is a candidate when another class reaches
// its own threshold and beats the given label. The suggested label is the most probable such
// class; the score is its probability minus the given label's (0..1, highest first).
//
// Throws Error when a class has fewer examples than folds would need, or on a stop request.
std::vector<store::LabelErrorCandidate> findLabelErrors(const data::DatasetSnapshot &snapshot,
                                                        const TrainConfig &config, const text::Tokenizer &tokenizer,
                                                        const LabelErrorOptions &options, TrainingObserver &observer,
                                                        std::stop_token stop = {});

} // namespace glossa::core::train
