#include "warningsahead.h"

#include "childahead.h"
#include "duplicatescommand.h"

#include "store/project.h"

#include <sstream>

namespace glossa::cli {

namespace {

constexpr const char *childVariable = "GLOSSA_WARNINGS_AHEAD";
// The first line of a finished search, so that an empty report (no warnings) differs from a
// child that failed before it could say anything.
constexpr std::string_view doneLine = "warnings\n";

std::string findWarnings(const TrainCommand &command)
{
    auto project = core::store::Project::open(command.common.project);
    std::string text(doneLine);
    for (const auto &line : duplicateWarnings(project.db(), command.dataset, command.common.project))
        text += line + "\n"; // one line each: the project path and names in them are escaped
    return text;
}

} // namespace

void startWarningsAhead(const TrainCommand &command)
{
    if (!command.resume.empty() || !command.study.empty() || command.dataset.empty())
        return; // a resumed run was warned about when it started; a study names its dataset later
    startChildAhead(childVariable, [&command] { return findWarnings(command); });
}

std::optional<std::vector<std::string>> awaitWarningsAhead()
{
    const auto text = awaitChildAhead(childVariable);
    if (!text || !text->starts_with(doneLine))
        return std::nullopt;
    std::vector<std::string> lines;
    std::istringstream in(text->substr(doneLine.size()));
    for (std::string line; std::getline(in, line);)
        lines.push_back(line);
    return lines;
}

void finishWarningsAhead()
{
    finishChildAhead(childVariable);
}

} // namespace glossa::cli
