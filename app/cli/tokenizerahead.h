#pragma once

#include "traincommands.h"

#include <optional>

namespace glossa::cli {

// A new run's first job, training its tokenizer, needs SentencePiece but not LibTorch, and
// LibTorch takes most of a second to load. So glossa-cli starts a child process that trains the
// tokenizer and stores it in the project, then hands the command to the engine, which finds it
// stored. The child is quiet: any problem it meets, the engine meets again and reports.
void startTokenizerAhead(const TrainCommand &command);

// What the child did, as the engine learns it once the child is done.
struct TokenizerAhead
{
    bool trained = false; // false: it was stored already, or the child failed
    int pieces = 0;
    double seconds = 0; // the child's training time
};

// In the engine: waits for the child started above, if there is one.
std::optional<TokenizerAhead> awaitTokenizerAhead();

// In the engine, before it exits: stops a child still at work (the run failed before it needed
// the tokenizer) and reaps it, so its time and memory count as the command's.
void finishTokenizerAhead();

} // namespace glossa::cli
