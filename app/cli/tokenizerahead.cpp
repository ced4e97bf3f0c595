#include "tokenizerahead.h"

#include "childahead.h"
#include "trainsettings.h"

#include "store/project.h"
#include "train/tokenizercache.h"

#include <chrono>
#include <cstdio>
#include <string>

namespace glossa::cli {

namespace {

constexpr const char *childVariable = "GLOSSA_TOKENIZER_AHEAD";

// "trained PIECES SECONDS", or nothing when the tokenizer was stored already.
std::string trainTokenizer(const TrainCommand &command)
{
    const auto started = std::chrono::steady_clock::now();
    auto project = core::store::Project::open(command.common.project);
    const auto prepared = core::train::prepareTokenizerAhead(project, command.dataset, configFrom(command));
    const std::chrono::duration<double> seconds = std::chrono::steady_clock::now() - started;
    if (prepared.reused)
        return {};
    return "trained " + std::to_string(prepared.tokenizer.vocabSize()) + " " + std::to_string(seconds.count()) + "\n";
}

} // namespace

void startTokenizerAhead(const TrainCommand &command)
{
    if (!command.resume.empty() || command.dataset.empty())
        return; // a resumed run has its tokenizer; a command without a dataset fails anyway
    startChildAhead(childVariable, [&command] { return trainTokenizer(command); });
}

std::optional<TokenizerAhead> awaitTokenizerAhead()
{
    const auto text = awaitChildAhead(childVariable);
    if (!text)
        return std::nullopt;
    TokenizerAhead ahead;
    ahead.trained = std::sscanf(text->c_str(), "trained %d %lf", &ahead.pieces, &ahead.seconds) == 2;
    return ahead;
}

void finishTokenizerAhead()
{
    finishChildAhead(childVariable);
}

} // namespace glossa::cli
