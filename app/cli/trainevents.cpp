#include "trainevents.h"

#include <iostream>
#include <mutex>
#include <string>

namespace glossa::cli {

void printEvent(const core::train::events::EngineEvent &event)
{
    const auto line = core::train::events::encode(event);
    // Lines from several threads must never interleave; the lock is never taken in a signal handler.
    static std::mutex mutex;
    const std::lock_guard lock(mutex);
    std::cout << line << '\n';
    std::cout.flush();
}

void printFailedEvent(std::string_view message, std::optional<std::int64_t> runId)
{
    printEvent(core::train::events::Failed{runId, std::string(message)});
}

} // namespace glossa::cli
