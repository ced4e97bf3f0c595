#pragma once

#include "commands.h"

#include <string>
#include <vector>

namespace glossa::cli {

struct TrainCommand
{
    CommonOptions common;
    std::string dataset;
    std::vector<std::string> assignments; // --set key=value
    std::string configFile;
    std::string name;
    std::string resume; // a run to go on with, by name or id
    // A transfer study's run (how the workbench trains a study): its settings and dataset come
    // from the study, with eval.source_languages set for the source.
    std::string study;
    std::string source;
    // JSON events on stdout and pause/resume/stop commands on stdin, for a GUI (trainevents.h).
    bool events = false;
};

struct EvalCommand
{
    CommonOptions common;
    std::string run;
    std::string split = "test";
};

struct PredictCommand
{
    CommonOptions common;
    std::string run;
    std::string model; // instead of project and run: an exported model folder
    bool explain = false;
    bool stream = false; // answer each line as it arrives, for a program that talks to it
    std::string input = "-";  // texts, one per line; "-" is stdin
    std::string output;       // answers, written whole at the end; empty: stdout
    int topK = 0;             // with 2 or more: that many labels per answer, most probable first
};

struct ErrorsCommand
{
    CommonOptions common;
    std::string run;
    int folds = 5;
    bool recompute = false;
    int limit = 0;                        // 0: all
    double maxPercent = 5;                // the queue's cap, as a share of the labelled examples
    std::string rank = "self-confidence"; // or margin
    // Search again, with the folds as JSON events on stdout and "stop" on stdin (trainevents.h).
    bool events = false;
};

// Each returns the process exit code (train: 130 when Ctrl-C stopped the run); failures throw.
int runTrain(const TrainCommand &command);
int runEval(const EvalCommand &command);
int runPredict(const PredictCommand &command);
int runErrors(const ErrorsCommand &command);

} // namespace glossa::cli
