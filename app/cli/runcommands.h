#pragma once

#include "commands.h"

#include <string>
#include <vector>

namespace glossa::cli {

struct RunsCommand
{
    CommonOptions common;
    std::string dataset; // only this dataset's runs; empty: all
};

// Commands about runs that need no LibTorch, so they start as fast as the dataset commands.
// The runs with dataset, status, epochs, dev and test macro-F1, duration and the settings that
// tell them apart.
int runRuns(const RunsCommand &command);
struct CompareCommand
{
    CommonOptions common;
    std::vector<std::string> runs; // two: A, then B
};

// Whether run B scores better than run A on their shared test examples by more than noise: a
// paired bootstrap of the macro-F1 difference, from the runs' stored predictions.
int runCompare(const CompareCommand &command);

// Every training setting with its default, range and meaning.
int runSettings(const CommonOptions &command);

} // namespace glossa::cli
