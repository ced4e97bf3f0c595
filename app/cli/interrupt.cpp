#include "interrupt.h"

#include <chrono>
#include <csignal>

namespace glossa::cli {
namespace {

volatile std::sig_atomic_t signalled = 0;

extern "C" void onSignal(int signal)
{
    signalled = 1;
    std::signal(signal, SIG_DFL); // a second Ctrl-C ends the process at once
}

} // namespace

InterruptToStop::InterruptToStop()
{
    signalled = 0;
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);
    // A signal handler may only set a flag; this thread carries it to the stop source.
    m_watcher = std::jthread([this](std::stop_token own) {
        while (!own.stop_requested()) {
            if (signalled) {
                m_source.request_stop();
                return;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
    });
}

InterruptToStop::~InterruptToStop()
{
    m_watcher.request_stop();
    m_watcher.join();
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
}

} // namespace glossa::cli
