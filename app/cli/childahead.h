#pragma once

#include <functional>
#include <optional>
#include <string>

namespace glossa::cli {

// Work glossa-cli starts in a child process just before it hands a command to the engine,
// which spends most of a second loading LibTorch meanwhile. The child's standard output and
// error go nowhere; it reports one text through a pipe whose read end the engine inherits,
// found through the environment variable `name` ("PID FD").

// Forks the child, which runs `work` and writes what it returns. Nothing happens when the pipe
// or the fork fails: the engine then does the work itself.
void startChildAhead(const char *name, const std::function<std::string()> &work);

// In the engine: waits for the child and reaps it; its text, or nullopt when no child was
// started. The variable is cleared, so no later child of the engine sees it.
std::optional<std::string> awaitChildAhead(const char *name);

// In the engine, before it exits: stops a child still at work and reaps it, so its time and
// memory count as the command's.
void finishChildAhead(const char *name);

} // namespace glossa::cli
