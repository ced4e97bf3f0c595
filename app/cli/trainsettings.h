#pragma once

#include "traincommands.h"

#include "train/trainconfig.h"

namespace glossa::cli {

// The settings a train command asks for: the defaults, then --config's file, then each --set.
core::train::TrainConfig configFrom(const TrainCommand &command);

} // namespace glossa::cli
