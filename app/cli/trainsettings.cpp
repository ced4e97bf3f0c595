#include "trainsettings.h"

#include "util/error.h"

#include <fstream>
#include <sstream>

namespace glossa::cli {

namespace {

std::string readWholeFile(const std::string &file)
{
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw core::Error(file + ": cannot read the config file");
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

} // namespace

core::train::TrainConfig configFrom(const TrainCommand &command)
{
    auto config = command.configFile.empty()
                      ? core::train::TrainConfig()
                      : core::train::TrainConfig::fromJsonString(readWholeFile(command.configFile));
    for (const auto &assignment : command.assignments)
        config.setAssignment(assignment);
    return config;
}

} // namespace glossa::cli
