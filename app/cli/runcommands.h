#pragma once

#include "commands.h"

namespace glossa::cli {

// Commands about runs that need no LibTorch, so they start as fast as the dataset commands.
int runRuns(const CommonOptions &command);
// Every training setting with its default, range and meaning.
int runSettings(const CommonOptions &command);

} // namespace glossa::cli
