#include "childahead.h"

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace glossa::cli {

namespace {

struct Child
{
    pid_t pid = 0;
    int report = -1;
};

std::optional<Child> childFromEnvironment(const char *name)
{
    const char *value = std::getenv(name);
    if (value == nullptr)
        return std::nullopt;
    Child child;
    if (std::sscanf(value, "%d %d", &child.pid, &child.report) != 2 || child.pid <= 0)
        return std::nullopt;
    ::unsetenv(name);
    return child;
}

void reap(pid_t pid)
{
    while (::waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
    }
}

void silenceOutput()
{
    const int null = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
    if (null < 0)
        return;
    ::dup2(null, STDOUT_FILENO);
    ::dup2(null, STDERR_FILENO);
    ::close(null);
}

[[noreturn]] void runInChild(const std::function<std::string()> &work, int report)
{
    silenceOutput();
    std::string text;
    try {
        text = work();
    } catch (...) {
        text.clear(); // the engine meets the problem again and reports it
    }
    for (std::size_t written = 0; written < text.size();) {
        const auto count = ::write(report, text.data() + written, text.size() - written);
        if (count < 0 && errno == EINTR)
            continue;
        if (count <= 0)
            break;
        written += static_cast<std::size_t>(count);
    }
    std::_Exit(0);
}

} // namespace

void startChildAhead(const char *name, const std::function<std::string()> &work)
{
    int pipeEnds[2];
    if (::pipe(pipeEnds) != 0)
        return;
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::close(pipeEnds[0]);
        runInChild(work, pipeEnds[1]);
    }
    ::close(pipeEnds[1]);
    if (pid < 0) {
        ::close(pipeEnds[0]);
        return;
    }
    ::setenv(name, (std::to_string(pid) + " " + std::to_string(pipeEnds[0])).c_str(), 1);
}

std::optional<std::string> awaitChildAhead(const char *name)
{
    const auto child = childFromEnvironment(name);
    if (!child)
        return std::nullopt;
    std::string text;
    char buffer[4096];
    for (;;) {
        const auto count = ::read(child->report, buffer, sizeof buffer);
        if (count > 0)
            text.append(buffer, static_cast<std::size_t>(count));
        else if (count == 0 || errno != EINTR)
            break;
    }
    ::close(child->report);
    reap(child->pid);
    return text;
}

void finishChildAhead(const char *name)
{
    const auto child = childFromEnvironment(name);
    if (!child)
        return;
    ::kill(child->pid, SIGTERM);
    reap(child->pid);
}

} // namespace glossa::cli
