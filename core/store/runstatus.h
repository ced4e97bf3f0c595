#pragma once

#include <optional>
#include <string_view>

namespace glossa::core::store {

// Where a run is in its life; stored in runs.status as the word toString gives.
enum class RunStatus {
    Queued,      // created, waiting for its process to start training
    Running,     // a process trains it and keeps its heartbeat
    Paused,      // its process holds it between steps
    Finished,    // trained to the end; its best model and test scores are kept
    Failed,      // ended by an error, kept with its message
    Stopped,     // stopped by the analyst; resumable
    Interrupted, // its process died (killed, crashed, power cut); resumable
};

std::string_view toString(RunStatus status);
// The status a stored word names, or nothing for a word Glossa does not write.
std::optional<RunStatus> runStatusFrom(std::string_view word);

// A process may still be working on the run (it cannot be deleted or resumed).
bool isActive(RunStatus status);
// Training can go on from its last checkpoint.
bool isResumable(RunStatus status);
// Nothing will change the run any more unless it is resumed.
bool hasEnded(RunStatus status);

} // namespace glossa::core::store
