#include "hfcommands.h"

#include "boundedlines.h"
#include "output.h"

#include "data/snapshotfile.h"
#include "engine/model/pretrainedclassifier.h"
#include "engine/model/pretrainedencoder.h"
#include "engine/train/modelbuilder.h"
#include "engine/train/modelexport.h"
#include "model/hfconfig.h"
#include "model/safetensors.h"
#include "store/project.h"
#include "store/runstore.h"
#include "text/xlmrtokenizer.h"
#include "train/trainconfig.h"
#include "train/modelfolder.h"
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
    const std::filesystem::path folder(command.model);
    const auto config = core::model::readHfEncoderConfig(folder);
    const auto tokenizer = core::text::XlmrTokenizer::load(folder);
    if (tokenizer.vocabSize() > config.vocabSize)
        throw core::Error(folder.string() + ": sentencepiece.bpe.model has " + std::to_string(tokenizer.vocabSize())
                          + " ids, the model's vocabulary " + std::to_string(config.vocabSize));
    core::model::PretrainedEncoder encoder(config, /*withPooler=*/false);
    const auto report = core::model::loadEncoderWeights(*encoder, core::model::Checkpoint::open(folder));
    for (const auto &name : report.missing)
        std::cerr << "embed: the checkpoint has no " << name << " (left as initialised)\n";
    encoder->eval();
    torch::NoGradGuard noGrad;

    std::vector<std::vector<int>> batch;
    auto flush = [&] {
        if (batch.empty())
            return;
        std::size_t longest = 0;
        for (const auto &ids : batch)
            longest = std::max(longest, ids.size());
        const auto rows = static_cast<std::int64_t>(batch.size());
        auto ids =
            torch::full({rows, static_cast<std::int64_t>(longest)}, core::text::XlmrTokenizer::padId, torch::kLong);
        auto mask = torch::zeros_like(ids);
        for (std::int64_t r = 0; r < rows; ++r) {
            const auto &row = batch[static_cast<std::size_t>(r)];
            for (std::size_t t = 0; t < row.size(); ++t) {
                ids[r][static_cast<std::int64_t>(t)] = row[t];
                mask[r][static_cast<std::int64_t>(t)] = 1;
            }
        }
        const auto hidden = encoder->forward(ids, mask);
        torch::Tensor pooled;
        if (command.pooling == "cls") {
            pooled = hidden.select(1, 0);
        } else {
            const auto weights = mask.unsqueeze(-1).to(hidden.scalar_type());
            pooled = (hidden * weights).sum(1) / weights.sum(1);
        }
        pooled = pooled.contiguous();
        for (std::int64_t r = 0; r < rows; ++r) {
            const auto *values = pooled[r].data_ptr<float>();
            const std::vector<float> embedding(values, values + pooled.size(1));
            if (command.json) {
                printJson(ordered_json{{"ids", batch[static_cast<std::size_t>(r)]}, {"embedding", embedding}});
            } else {
                std::cout << batch[static_cast<std::size_t>(r)].size() << " tokens\t" << std::fixed
                          << std::setprecision(4);
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
            batch.push_back(tokenizer.encode(line, static_cast<std::size_t>(config.maxTokens())));
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
    auto artefact = [&](std::string_view role) { return runs.requireRunArtefact(run, role).path; };
    const auto snapshot = core::data::loadSnapshot(artefact("snapshot"));
    auto model = std::dynamic_pointer_cast<core::model::PretrainedClassifier>(
        core::train::buildRunModel(runs, run.id, settings, 0, static_cast<int>(snapshot.labels.size())));
    model->loadWeights(artefact("model"));
    const bool merged = !command.loraAdapters;
    // The vocabulary is the run's own tokenizer artefact (checked against its hash), never a
    // file the project's settings name.
    model->exportHuggingFace(command.output, snapshot.labels, artefact("tokenizer"), settings.model.path, merged);
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
