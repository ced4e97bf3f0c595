#include "hfcommands.h"

#include "boundedlines.h"
#include "output.h"

#include "data/snapshotfile.h"
#include "engine/model/pretrainedclassifier.h"
#include "engine/train/embedder.h"
#include "engine/train/featurefolder.h"
#include "engine/train/modelbuilder.h"
#include "engine/train/modelexport.h"
#include "store/project.h"
#include "store/runstore.h"
#include "train/modelfolder.h"
#include "train/runtokenizerartefact.h"
#include "train/trainconfig.h"
#include "train/trainsettings.h"
#include "util/error.h"

#include <iomanip>
#include <iostream>
#include <unistd.h>

namespace glossa::cli {
namespace {

using nlohmann::ordered_json;

// Texts embedded together: enough to keep the matrix products busy, few enough to stream.
constexpr std::size_t batchSize = 32;

} // namespace

int runEmbed(const EmbedCommand &command)
{
    if (command.pooling != "cls" && command.pooling != "mean")
        throw core::Error("--pooling is cls or mean (got '" + command.pooling + "')");
    const core::train::HfFolderEmbedder embedder(
        command.model,
        command.pooling == "cls" ? core::train::EmbeddingPooling::Cls : core::train::EmbeddingPooling::Mean,
        [](const std::string &warning) { std::cerr << "embed: " << warning << "\n"; },
        core::train::quantizationFromWord(command.quantize, "--quantize"));

    std::vector<std::vector<int>> batch;
    auto flush = [&] {
        if (batch.empty())
            return;
        const auto embeddings = embedder.embedIds(batch);
        for (std::size_t r = 0; r < batch.size(); ++r) {
            const auto *values = embeddings.values.data() + r * embeddings.dimension;
            const std::vector<float> embedding(values, values + embeddings.dimension);
            if (command.json) {
                printJson(ordered_json{{"ids", batch[r]}, {"embedding", embedding}});
            } else {
                std::cout << batch[r].size() << " tokens\t" << std::fixed << std::setprecision(4);
                for (std::size_t i = 0; i < std::min<std::size_t>(embedding.size(), 4); ++i)
                    std::cout << (i ? " " : "") << embedding[i];
                std::cout << " …\n";
            }
        }
        std::cout.flush();
        batch.clear();
    };
    // Bounded lines: `embed < /dev/zero` ends with an error naming the line, not with the
    // memory full.
    BoundedLineReader input(STDIN_FILENO, maxTextBytes());
    std::string line;
    try {
        while (input.next(line)) {
            batch.push_back(embedder.tokenIds(line));
            if (batch.size() == batchSize)
                flush();
        }
    } catch (const core::Error &) {
        flush(); // the lines before the bad one are answered
        throw;
    }
    flush();
    return 0;
}

int runExportModel(const ExportModelCommand &command)
{
    if (!command.format.empty() && command.format != "glossa" && command.format != "hf")
        throw core::Error("--format " + command.format
                          + " is not a model's format: a run's model exports as glossa (bag, transformer) or hf "
                            "(pretrained); for its predictions use --predictions FILE");
    core::train::requireReplaceableModelFolder(command.output);
    auto project = core::store::Project::open(command.project);
    core::store::RunStore runs(project.db(), project.artefactDir());
    const auto run = runs.findRun(command.run);
    const auto settings = core::train::TrainSettings::from(core::train::TrainConfig::fromJsonString(run.configJson));
    const bool pretrained = settings.model.type == core::train::ModelType::Pretrained;
    const std::string typeName(core::train::name(settings.model.type));
    if (!pretrained) {
        if (command.format == "hf")
            throw core::Error("run '" + run.name + "' trained a " + typeName
                              + " model, which has no Hugging Face form; leave out --format to write a Glossa model "
                                "folder, which predict --model reads");
        if (command.loraAdapters)
            throw core::Error("--lora-adapters is for a pretrained run fine-tuned with LoRA; run '" + run.name
                              + "' trained a " + typeName + " model");
        const auto folder = core::train::exportModelFolder(runs, run, command.output, GLOSSA_VERSION);
        if (command.json)
            printJson(ordered_json{{"run", run.id},
                                   {"output", command.output},
                                   {"format", "glossa"},
                                   {"model_type", folder.modelType},
                                   {"labels", folder.labels}});
        else
            std::cout << "Exported run '" << run.name << "' (" << typeName << ") to " << command.output
                      << "; glossa-cli predict --model " << command.output << " reads it\n";
        return 0;
    }
    if (command.format == "glossa")
        throw core::Error("run '" + run.name
                          + "' fine-tuned a pretrained model, which exports as a Hugging Face folder: leave out "
                            "--format (or give hf)");
    if (settings.finetune.strategy == core::train::FineTuneStrategy::Features) {
        if (command.loraAdapters)
            throw core::Error("--lora-adapters is for a run fine-tuned with LoRA; run '" + run.name
                              + "' trained a head on features");
        core::train::exportFeatureRun(runs, run, command.output);
        if (command.json)
            printJson(ordered_json{{"run", run.id}, {"output", command.output}, {"format", "features-head"}});
        else
            std::cout << "Exported run '" << run.name << "' to " << command.output
                      << " (the encoder as a Hugging Face folder, the head in " << core::train::featureHeadWeightsName
                      << "); glossa-cli predict --model " << command.output << " reads it\n";
        return 0;
    }
    auto artefact = [&](std::string_view role) { return runs.requireRunArtefact(run, role).path; };
    const auto snapshot = core::data::loadSnapshot(artefact("snapshot"));
    auto model = std::dynamic_pointer_cast<core::model::PretrainedClassifier>(
        core::train::buildRunModel(runs, run.id, settings, 0, static_cast<int>(snapshot.labels.size())));
    model->loadWeights(artefact("model"));
    const bool merged = !command.loraAdapters;
    // The vocabulary is the run's own tokenizer artefact (checked against its hash), never a
    // file the project's settings name.
    const auto vocabulary = core::train::loadRunTokenizer(runs, run);
    model->exportHuggingFace(command.output, snapshot.labels, &vocabulary, settings.model.path, merged);
    const bool lora = settings.finetune.strategy == core::train::FineTuneStrategy::Lora;
    if (command.json)
        printJson(ordered_json{{"run", run.id},
                               {"output", command.output},
                               {"format", lora && !merged ? "peft-adapter" : "transformers"},
                               {"labels", snapshot.labels}});
    else
        std::cout << "Exported run '" << run.name << "' to " << command.output
                  << (lora && !merged ? " as LoRA adapters for " + settings.model.path : std::string()) << "\n";
    return 0;
}

} // namespace glossa::cli
