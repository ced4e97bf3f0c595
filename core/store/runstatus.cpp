#include "store/runstatus.h"

#include <array>
#include <utility>

namespace glossa::core::store {

namespace {

constexpr std::array<std::pair<RunStatus, std::string_view>, 7> words{{
    {RunStatus::Queued, "queued"},
    {RunStatus::Running, "running"},
    {RunStatus::Paused, "paused"},
    {RunStatus::Finished, "finished"},
    {RunStatus::Failed, "failed"},
    {RunStatus::Stopped, "stopped"},
    {RunStatus::Interrupted, "interrupted"},
}};

} // namespace

std::string_view toString(RunStatus status)
{
    for (const auto &[value, word] : words)
        if (value == status)
            return word;
    return "failed";
}

std::optional<RunStatus> runStatusFrom(std::string_view word)
{
    for (const auto &[value, name] : words)
        if (name == word)
            return value;
    return std::nullopt;
}

bool isActive(RunStatus status)
{
    return status == RunStatus::Queued || status == RunStatus::Running || status == RunStatus::Paused;
}

bool isResumable(RunStatus status)
{
    return status == RunStatus::Stopped || status == RunStatus::Interrupted;
}

bool hasEnded(RunStatus status)
{
    return !isActive(status);
}

} // namespace glossa::core::store
