#include "tokenizerahead.h"

#include "trainsettings.h"

#include "store/project.h"
#include "train/tokenizercache.h"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

namespace glossa::cli {

namespace {

// "PID FD": the child and the read end of the pipe it reports on, for the engine exec'd next.
constexpr const char *childVariable = "GLOSSA_TOKENIZER_AHEAD";

struct Child
{
    pid_t pid = 0;
    int report = -1;
};

std::optional<Child> childFromEnvironment()
{
    const char *value = std::getenv(childVariable);
    if (value == nullptr)
        return std::nullopt;
    Child child;
    if (std::sscanf(value, "%d %d", &child.pid, &child.report) != 2 || child.pid <= 0)
        return std::nullopt;
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

[[noreturn]] void trainInChild(const TrainCommand &command, int report)
{
    silenceOutput();
    std::string line = "none\n";
    try {
        const auto started = std::chrono::steady_clock::now();
        auto project = core::store::Project::open(command.common.project);
        const auto prepared = core::train::prepareTokenizerAhead(project, command.dataset, configFrom(command));
        const std::chrono::duration<double> seconds = std::chrono::steady_clock::now() - started;
        if (!prepared.reused)
            line = "trained " + std::to_string(prepared.tokenizer.vocabSize()) + " " + std::to_string(seconds.count())
                   + "\n";
    } catch (...) {
    }
    [[maybe_unused]] const auto written = ::write(report, line.data(), line.size());
    std::_Exit(0);
}

} // namespace

void startTokenizerAhead(const TrainCommand &command)
{
    if (!command.resume.empty() || command.dataset.empty())
        return; // a resumed run has its tokenizer; a command without a dataset fails anyway
    int pipeEnds[2];
    if (::pipe(pipeEnds) != 0)
        return;
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::close(pipeEnds[0]);
        trainInChild(command, pipeEnds[1]);
    }
    ::close(pipeEnds[1]);
    if (pid < 0) {
        ::close(pipeEnds[0]);
        return;
    }
    ::setenv(childVariable, (std::to_string(pid) + " " + std::to_string(pipeEnds[0])).c_str(), 1);
}

std::optional<TokenizerAhead> awaitTokenizerAhead()
{
    const auto child = childFromEnvironment();
    if (!child)
        return std::nullopt;
    ::unsetenv(childVariable);
    std::string text;
    char buffer[128];
    for (;;) {
        const auto count = ::read(child->report, buffer, sizeof buffer);
        if (count > 0)
            text.append(buffer, static_cast<std::size_t>(count));
        else if (count == 0 || errno != EINTR)
            break;
    }
    ::close(child->report);
    reap(child->pid);
    TokenizerAhead ahead;
    ahead.trained = std::sscanf(text.c_str(), "trained %d %lf", &ahead.pieces, &ahead.seconds) == 2;
    return ahead;
}

void finishTokenizerAhead()
{
    const auto child = childFromEnvironment();
    if (!child)
        return;
    ::unsetenv(childVariable);
    ::kill(child->pid, SIGTERM);
    reap(child->pid);
}

} // namespace glossa::cli
