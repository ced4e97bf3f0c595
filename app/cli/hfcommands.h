#pragma once

#include <string>

namespace glossa::cli {

// The commands on Hugging Face models. `embed`: a pretrained encoder's text embeddings, for
// checking a model folder and for use elsewhere.
struct EmbedCommand
{
    std::string model;           // a Hugging Face model folder
    std::string pooling = "cls"; // cls: the first token's hidden state; mean: the masked mean
    std::string quantize = "none"; // int8: the encoder's linear layers in int8
    bool json = false;
};

// Reads texts from stdin, one per line; prints one line per text. Returns the exit code.
int runEmbed(const EmbedCommand &command);

// `export --run R --output DIR`: a run's model as a folder that needs no project. A bag or
// transformer run as a Glossa model folder (docs/model-folder.md); a fine-tuned pretrained
// model as a Hugging Face folder.
struct ExportModelCommand
{
    std::string project;
    std::string run;
    std::string output;
    std::string format;        // empty: by the model's type; glossa or hf: that one, or an error
    bool loraAdapters = false; // a LoRA run as peft adapter files instead of merged weights
    bool json = false;
};

int runExportModel(const ExportModelCommand &command);

} // namespace glossa::cli
