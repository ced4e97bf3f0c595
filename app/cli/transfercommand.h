#pragma once

#include "commands.h"

#include "train/trainconfig.h"

#include <cstdint>
#include <string>
#include <vector>

namespace glossa::core::store {
class Database;
}

namespace glossa::cli {

// glossa-cli transfer: a transfer study, one run per source language plus all together, each
// scored on every language's test rows, printed as a matrix.
struct TransferCommand
{
    CommonOptions common;
    std::string dataset;
    std::string languages;                // "de,fr,ja"; empty: every language with train and test rows
    std::vector<std::string> assignments; // --set, shared by every run
    std::string configFile;
    std::string study; // go on with this study (id or name) instead of naming languages and settings
};

int runTransfer(const TransferCommand &command);

// The settings of a study's run for one source (train --study S --source X, which is how the
// workbench trains a study's runs one by one): the study's shared settings with the source's
// languages. Throws Error for an unknown study or source.
struct StudyRunRequest
{
    std::int64_t studyId = 0;
    std::string datasetName;
    std::string runName;
    core::train::TrainConfig config;
};
StudyRunRequest studyRunRequest(core::store::Database &db, const std::string &study, const std::string &source);

} // namespace glossa::cli
