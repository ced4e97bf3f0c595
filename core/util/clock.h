#pragma once

#include <chrono>
#include <cstdint>

namespace glossa::core {

// Milliseconds since the Unix epoch: how every timestamp is stored in the project file.
inline std::int64_t nowMs()
{
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

} // namespace glossa::core
