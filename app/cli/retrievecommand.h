#pragma once

#include <string>

namespace glossa::cli {

// `retrieve`: can a model's representations find a text's translation? Every text of a split
// is embedded (a pretrained folder, or a run's own model), and for each ordered language pair
// with enough translation groups, each text's translation is searched among the other
// language's texts by cosine similarity: precision at 1 and mean reciprocal rank.
struct RetrieveCommand
{
    std::string project;
    std::string dataset;
    std::string model;   // a Hugging Face encoder folder, or
    std::string run;     // a run of the project (its own representation)
    std::string pooling; // --model only: mean (default) or cls
    std::string quantize; // none or int8; empty: float32 for --model, the run's model.quantize for --run
    std::string split = "test";
    bool json = false;
    // For the GUI: JSON Lines (progress, ready with the scores), then nearest-neighbour
    // requests on stdin answered one line each.
    bool stream = false;
    int topK = 5;
};

// Returns the exit code.
int runRetrieve(const RetrieveCommand &command);

} // namespace glossa::cli
