#pragma once

#include <string>

namespace glossa::cli {

// `embed`: a pretrained encoder's text embeddings, for checking a model folder and for use
// elsewhere.
struct EmbedCommand
{
    std::string model;           // a Hugging Face model folder
    std::string pooling = "cls"; // cls: the first token's hidden state; mean: the masked mean
    bool json = false;
};

// Reads texts from stdin, one per line; prints one line per text. Returns the exit code.
int runEmbed(const EmbedCommand &command);

} // namespace glossa::cli
