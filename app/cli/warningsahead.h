#pragma once

#include "traincommands.h"

#include <optional>
#include <string>
#include <vector>

namespace glossa::cli {

// Before a new run trains, the engine warns of dev and test rows that repeat training rows
// (duplicateWarnings), which takes a snapshot and a near-duplicate search: most of a second on
// 26,000 texts, in line after LibTorch's load. glossa-cli looks for them in a child process
// (childahead.h) while the engine loads, for a train command on a dataset.
void startWarningsAhead(const TrainCommand &command);

// In the engine: the child's warnings, or nullopt when there was no child or it failed (the
// engine then looks itself).
std::optional<std::vector<std::string>> awaitWarningsAhead();

// In the engine, before it exits: stops and reaps a child still at work.
void finishWarningsAhead();

} // namespace glossa::cli
