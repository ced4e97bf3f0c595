#pragma once

#include <stop_token>
#include <thread>

namespace glossa::cli {

// Turns Ctrl-C (SIGINT) and SIGTERM into a stop request for as long as it lives, so a long
// command ends cleanly (a run "stopped", resumable) instead of being killed mid-write. A second
// signal after the first falls back to the default action.
class InterruptToStop
{
public:
    InterruptToStop();
    ~InterruptToStop();
    InterruptToStop(const InterruptToStop &) = delete;
    InterruptToStop &operator=(const InterruptToStop &) = delete;

    std::stop_token token() const { return m_source.get_token(); }
    // The same stop from elsewhere in the process (a "stop" command on stdin); any thread.
    void requestStop() { m_source.request_stop(); }
    bool interrupted() const { return m_source.stop_requested(); }

private:
    std::stop_source m_source;
    std::jthread m_watcher;
};

} // namespace glossa::cli
