#pragma once
// For trainer.cpp alone: a features run's head trained on cached text vectors.

#include "engine/train/trainer.h"

#include <stop_token>

namespace glossa::core::train {

class FeatureVectors;
class PauseGate;

// Trainer::run for finetune.strategy=features: the head (linear or one hidden layer) trains on
// each example's cached vector, never running the encoder, so an epoch over thousands of
// examples takes milliseconds. What applies of the usual run does: AdamW or SGD with warm-up and
// decay, clipping, label smoothing, class weights, dev evaluation at the interval, early
// stopping, the best head kept (best.pt, the head alone) and scored on test, pause and stop
// between steps, the same result for the same seed. A stopped head run starts again when
// resumed: it has nothing worth keeping.
TrainingResult trainFeatureHead(const TrainingData &data, const TrainConfig &config, const FeatureVectors &vectors,
                                const TrainerOptions &options, TrainingObserver &observer, PauseGate &pauses,
                                std::stop_token stop);

} // namespace glossa::core::train
