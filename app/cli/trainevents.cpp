#include "trainevents.h"

#include <iostream>
#include <mutex>
#include <string>

namespace glossa::cli {

void printEvent(const nlohmann::ordered_json &event)
{
    // Replaces invalid UTF-8 (a log line quoting a file name) instead of throwing mid-run.
    const auto line = event.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
    // Lines from several threads must never interleave; the lock is never taken in a signal handler.
    static std::mutex mutex;
    const std::lock_guard lock(mutex);
    std::cout << line << '\n';
    std::cout.flush();
}

void printFailedEvent(std::string_view message, std::optional<std::int64_t> runId)
{
    nlohmann::ordered_json event{{"event", "failed"}};
    if (runId)
        event["run"] = *runId;
    event["message"] = std::string(message);
    printEvent(event);
}

} // namespace glossa::cli
