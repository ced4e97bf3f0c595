#pragma once

#include <optional>
#include <string>

namespace glossa::cli {

struct CommonOptions
{
    std::string project;
    bool json = false;
};

struct ImportCommand
{
    CommonOptions common;
    std::string dataset;
    std::string input;
    std::string format;
    std::string map;
    std::uint64_t seed = 13;
    std::string splitRatios = "80/10/10";
    bool progress = false;
    bool skipInvalid = false;
};

struct ExportCommand
{
    CommonOptions common;
    std::string dataset;
    std::string run;         // instead of a dataset: a run's model, or with predictions its predictions
    std::string output;      // the dataset's file or the model's folder
    std::string predictions; // with run: the file for the run's stored predictions
    std::string format;      // csv, tsv, jsonl (must agree with the extension); hf or glossa for a model
    bool loraAdapters = false;
};

struct StatsCommand
{
    CommonOptions common;
    std::string dataset;
    bool cells = false; // also list every label x language x split count (text output)
};

struct InitCommand
{
    CommonOptions common;
    bool demo = false;
};

// Each returns the process exit code; failures throw glossa::core::Error.
int runInit(const InitCommand &command);
int runImport(const ImportCommand &command);
int runExport(const ExportCommand &command);
int runExportPredictions(const ExportCommand &command);
int runDatasets(const CommonOptions &command);
int runStats(const StatsCommand &command);

} // namespace glossa::cli
