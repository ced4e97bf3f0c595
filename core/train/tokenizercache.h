#pragma once

#include "text/sentencepiecetokenizer.h"

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace glossa::core::store {
class Project;
class RunStore;
} // namespace glossa::core::store
namespace glossa::core::data {
struct DatasetSnapshot;
}

namespace glossa::core::train {

class TrainConfig;

struct PreparedTokenizer
{
    text::SentencePieceTokenizer tokenizer;
    std::filesystem::path file;  // the artefact
    std::int64_t artefactId = 0; // whichever run's settings first made these bytes
    std::string sourceKey;       // training texts + tokenizer settings
    bool reused = false;         // found in the project instead of trained
};

// The tokenizer a run needs: trained on the snapshot's train-split texts with the config's
// tokenizer settings, stored as an artefact, and reused by any later run with the same texts
// and settings (labels do not matter, so relabelling does not retrain it).
PreparedTokenizer prepareTokenizer(const data::DatasetSnapshot &snapshot, const TrainConfig &config,
                                   store::RunStore &runs, const std::filesystem::path &artefactDir);

// The same for a run about to start on the dataset as it is now, so the run finds its tokenizer
// stored: glossa-cli trains it in a child process while the engine process loads LibTorch.
PreparedTokenizer prepareTokenizerAhead(store::Project &project, std::string_view datasetName,
                                        const TrainConfig &config);

} // namespace glossa::core::train
