// finetune.strategy=features on a MiniLM-sized encoder (12 layers x 384, the XLM-R vocabulary
// of 250,002 ids; random weights, written as a Hugging Face folder) over the demo's texts
// (support-intents, 2,152 rows in 9 languages), through TrainingJob as glossa-cli trains:
//   1. the first features run: every text embedded and cached, the head trained, predictions stored;
//   2. the head's training alone (the run's own trainSeconds);
//   3. a retrain after relabelling 10% of the labelled rows: nothing to embed (target: under 10 s).
// The peer, in the same run: a full fine-tuning step of the same model (forward, backward,
// AdamW) on the demo's own token ids, as examples/s and the epoch it implies, with the ratios.
//
// usage: features_run [THREADS [FULL_STEPS]]   (defaults 2 and 2)

#include "data/demoproject.h"
#include "data/snapshot.h"
#include "engine/model/pretrainedclassifier.h"
#include "engine/model/pretrainedencoder.h"
#include "engine/train/featurevectors.h"
#include "engine/train/modelinput.h"
#include "engine/train/trainingjob.h"
#include "model/hfconfig.h"
#include "model/safetensors.h"
#include "store/datasetstore.h"
#include "store/labeljournal.h"
#include "store/project.h"
#include "text/runtokenizer.h"
#include "text/sentencepiecetokenizer.h"
#include "train/trainconfig.h"

#include <torch/torch.h>

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <string>
#include <vector>

using namespace glossa::core;
namespace fs = std::filesystem;

namespace {

using Clock = std::chrono::steady_clock;

double since(Clock::time_point start)
{
    return std::chrono::duration<double>(Clock::now() - start).count();
}

model::HfEncoderConfig miniLmConfig()
{
    model::HfEncoderConfig config;
    config.family = model::EncoderFamily::XlmRoberta;
    config.modelType = "xlm-roberta";
    config.vocabSize = 250002;
    config.hiddenSize = 384;
    config.layers = 12;
    config.heads = 12;
    config.intermediateSize = 1536;
    config.maxPositions = 514;
    config.padTokenId = 1;
    config.typeVocabSize = 1;
    config.layerNormEps = 1e-5;
    return config;
}

// config.json and model.safetensors of a randomly initialised encoder (transformers' init).
void writeRandomFolder(const fs::path &folder, const model::HfEncoderConfig &config)
{
    fs::create_directories(folder);
    model::PretrainedEncoder encoder(config, /*withPooler=*/false);
    model::initialiseEncoderWeights(*encoder);
    std::vector<torch::Tensor> keep;
    std::vector<model::TensorToWrite> tensors;
    for (const auto &item : encoder->named_parameters()) {
        keep.push_back(item.value().detach().contiguous());
        const auto &stored = keep.back();
        tensors.push_back({"roberta." + item.key(), model::TensorDtype::F32,
                           std::vector<std::int64_t>(stored.sizes().begin(), stored.sizes().end()),
                           std::span<const std::byte>(static_cast<const std::byte *>(stored.data_ptr()),
                                                      static_cast<std::size_t>(stored.nbytes()))});
    }
    model::writeSafetensors(folder / "model.safetensors", tensors);
    std::ofstream(folder / "config.json") << model::hfConfigJson(config);
}

// A SentencePiece vocabulary with XLM-R's layout (<unk> 0, <s> 1, </s> 2), trained on the texts
// with Debian's spm_train: the real XLM-R vocabulary is not on this machine.
bool writeVocabulary(const fs::path &folder, const std::vector<std::string> &texts)
{
    {
        std::ofstream corpus(folder / "corpus.txt");
        for (const auto &text : texts)
            corpus << text << '\n';
    }
    const auto command = "spm_train --input=" + (folder / "corpus.txt").string()
                         + " --model_prefix=" + (folder / "sentencepiece.bpe").string()
                         + " --vocab_size=8000 --hard_vocab_limit=false --model_type=unigram"
                           " --character_coverage=0.9995 --unk_id=0 --bos_id=1 --eos_id=2 --pad_id=-1"
                           " --minloglevel=2 >/dev/null 2>&1";
    return std::system(command.c_str()) == 0 && fs::exists(folder / "sentencepiece.bpe.model");
}

struct RunFigures
{
    double totalSeconds = 0;
    double headSeconds = 0;
    double testMacroF1 = 0;
    std::string status;
    std::vector<std::string> lines;
};

class Lines final : public train::TrainingObserver
{
public:
    void log(std::string_view line) override { lines.emplace_back(line); }
    std::vector<std::string> lines;
};

RunFigures featuresRun(const store::Project &project, const train::TrainConfig &config)
{
    Lines observer;
    const auto start = Clock::now();
    train::TrainingJob job(project, observer);
    job.create(data::demoDatasetName, config);
    const auto outcome = job.run();
    RunFigures figures;
    figures.totalSeconds = since(start);
    figures.headSeconds = outcome.result.trainSeconds;
    figures.testMacroF1 = outcome.result.test.overall.macroF1;
    figures.status = store::toString(outcome.run.status);
    figures.lines = observer.lines;
    return figures;
}

// Examples per second of full fine-tuning (every weight trains, AdamW) on batches of the demo's
// own texts as the pretrained pipeline reads them.
double fullFineTuningSpeed(const fs::path &folder, const std::vector<std::string> &texts, int classes, int steps)
{
    train::TrainConfig config;
    config.setAssignment("model.type=pretrained");
    config.set("model.path", folder.string());
    config.setAssignment("model.max_length=128");
    const text::RunTokenizer pieces = text::SentencePieceTokenizer::load(folder / "sentencepiece.bpe.model");
    const auto reader = train::readingTokenizer(config, pieces);
    const train::ModelInput input(train::TrainSettings::from(config), pieces.vocabSize());
    auto model = model::PretrainedClassifier::fromFolder(folder, classes, {});
    model->train();
    torch::optim::AdamW optimizer(model->parameters(), torch::optim::AdamWOptions(3e-5));
    constexpr std::int64_t batch = 16;
    std::mt19937_64 random(7);
    auto makeBatch = [&] {
        std::vector<std::vector<std::int64_t>> ids;
        std::size_t longest = 1;
        for (std::int64_t i = 0; i < batch; ++i) {
            ids.push_back(input.encode(*reader, texts[random() % texts.size()]));
            longest = std::max(longest, ids.back().size());
        }
        model::Batch b;
        b.padded = torch::zeros({batch, static_cast<std::int64_t>(longest)}, torch::kLong);
        b.mask = torch::zeros_like(b.padded);
        for (std::int64_t r = 0; r < batch; ++r)
            for (std::size_t t = 0; t < ids[static_cast<std::size_t>(r)].size(); ++t) {
                b.padded[r][static_cast<std::int64_t>(t)] = ids[static_cast<std::size_t>(r)][t];
                b.mask[r][static_cast<std::int64_t>(t)] = 1;
            }
        return b;
    };
    auto step = [&] {
        const auto b = makeBatch();
        optimizer.zero_grad();
        const auto loss =
            torch::nn::functional::cross_entropy(model->logits(b), torch::randint(0, classes, {batch}, torch::kLong));
        loss.backward();
        optimizer.step();
    };
    step(); // warm-up: first allocations
    const auto start = Clock::now();
    for (int i = 0; i < steps; ++i)
        step();
    return static_cast<double>(steps * batch) / since(start);
}

} // namespace

int main(int argc, char **argv)
{
    const int threads = argc > 1 ? std::atoi(argv[1]) : 2;
    const int fullSteps = argc > 2 ? std::atoi(argv[2]) : 2;
    const auto work = fs::temp_directory_path() / ("glossa-features-bench-" + std::to_string(getpid()));
    fs::remove_all(work);
    fs::create_directories(work);
    torch::manual_seed(3);

    auto project = store::Project::create(work / "bench.glossa");
    data::importDemoData(project.db(), GLOSSA_DEMO_DIR);
    const auto snapshot = data::takeSnapshot(project.db(), data::demoDatasetName);
    const auto texts = train::distinctTexts(snapshot);
    const auto folder = work / "minilm-xlmr-random";
    auto start = Clock::now();
    writeRandomFolder(folder, miniLmConfig());
    if (!writeVocabulary(folder, texts)) {
        std::cerr << "features_run: spm_train failed (apt-get install sentencepiece)\n";
        return 1;
    }
    std::printf("model folder: %s (12 layers x 384, vocabulary 250,002, random weights), written in %.1f s\n",
                folder.c_str(), since(start));
    std::printf("demo: %zu rows, %zu distinct texts, %zu labels; %d threads\n", snapshot.examples.size(), texts.size(),
                snapshot.labels.size(), threads);

    train::TrainConfig config;
    config.setAssignment("model.type=pretrained");
    config.set("model.path", folder.string());
    config.setAssignment("finetune.strategy=features");
    config.setAssignment("model.max_length=128");
    config.set("run.cpu_threads", static_cast<std::int64_t>(threads));

    const auto first = featuresRun(project, config);
    std::printf("\n1. first features run (embed every text + train the head + store predictions): %.1f s (%s)\n",
                first.totalSeconds, first.status.c_str());
    for (const auto &line : first.lines)
        if (line.rfind("features:", 0) == 0)
            std::printf("     %s\n", line.c_str());
    std::printf("2. the head's training alone: %.2f s\n", first.headSeconds);

    // Relabel one labelled row in ten to another label, as an analyst's corrections.
    store::DatasetStore datasets(project.db());
    const auto dataset = datasets.dataset(data::demoDatasetName);
    const auto labels = datasets.labels(dataset.id);
    std::vector<std::pair<std::int64_t, int>> changed; // example, its label now
    std::size_t labelled = 0;
    for (const auto &example : snapshot.examples)
        if (example.label >= 0 && labelled++ % 10 == 0)
            changed.emplace_back(example.id, example.label);
    store::LabelJournal journal(project.db());
    for (const auto &[id, label] : changed)
        journal.setLabel(dataset.id, {id}, labels[static_cast<std::size_t>(label + 1) % labels.size()].id,
                         store::EditSource::User);

    const auto retrain = featuresRun(project, config);
    std::printf("3. retrain after relabelling %zu of %zu labelled rows (10%%): %.1f s (%s; head %.2f s) -> %s\n",
                changed.size(), labelled, retrain.totalSeconds, retrain.status.c_str(), retrain.headSeconds,
                retrain.totalSeconds < 10 ? "under the 10 s target" : "OVER the 10 s target");
    for (const auto &line : retrain.lines)
        if (line.rfind("features:", 0) == 0)
            std::printf("     %s\n", line.c_str());

    torch::set_num_threads(threads);
    const double fullSpeed = fullFineTuningSpeed(folder, texts, static_cast<int>(snapshot.labels.size()), fullSteps);
    const double fullEpoch = static_cast<double>(labelled) / fullSpeed;
    std::printf("\npeer: full fine-tuning of the same model, batch 16 of the demo's texts: %.2f examples/s, "
                "%.0f s per epoch of %zu labelled rows\n",
                fullSpeed, fullEpoch, labelled);
    std::printf("ratio: one full fine-tuning epoch / first features run = %.1fx\n", fullEpoch / first.totalSeconds);
    std::printf("ratio: one full fine-tuning epoch / features retrain   = %.0fx\n", fullEpoch / retrain.totalSeconds);
    std::error_code ignored;
    fs::remove_all(work, ignored);
    return 0;
}
