#pragma once

#include "commands.h"

#include <cstdint>
#include <string>

namespace glossa::cli {

struct SplitCommand
{
    CommonOptions common;
    std::string dataset;
    std::string ratios = "80/10/10";
    std::uint64_t seed = 13;
    std::string by = "group";
    bool dryRun = false;
    bool undo = false;
};

// Splits a dataset's rows again (by group: translations never straddle splits), previews it
// with --dry-run, or undoes the latest re-split with --undo.
int runSplit(const SplitCommand &command);

} // namespace glossa::cli
