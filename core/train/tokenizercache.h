#pragma once

#include "text/sentencepiecetokenizer.h"

#include <filesystem>
#include <string>

namespace glossa::core::store {
class RunStore;
}
namespace glossa::core::data {
struct DatasetSnapshot;
}

namespace glossa::core::train {

class TrainConfig;

struct PreparedTokenizer
{
    text::SentencePieceTokenizer tokenizer;
    std::filesystem::path file; // the artefact
    std::string sourceKey;      // training texts + tokenizer settings
    bool reused = false;        // found in the project instead of trained
};

// The tokenizer a run needs: trained on the snapshot's train-split texts with the config's
// tokenizer settings, stored as an artefact, and reused by any later run with the same texts
// and settings (labels do not matter, so relabelling does not retrain it).
PreparedTokenizer prepareTokenizer(const data::DatasetSnapshot &snapshot, const TrainConfig &config,
                                   store::RunStore &runs, const std::filesystem::path &artefactDir);

} // namespace glossa::core::train
