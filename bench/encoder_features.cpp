// Feature extraction (a text's mean-pooled vector) with a MiniLM-sized encoder (12 layers x 384,
// the XLM-R vocabulary of 250,037 pieces; random weights) over the demo's texts: texts per second
// of Glossa's HfFolderEmbedder in float32 and in int8 (model.quantize=int8, embed --quantize
// int8), against the same weights in Debian's python3-torch in float32 and with its own dynamic
// int8 quantisation (torch.ao.quantization.quantize_dynamic), run in this run on the same token
// ids and batches. Also how close each int8 is to its float32 (mean cosine of the vectors), and
// Glossa's float32 to Python's (the same model). Targets: Glossa int8 at least 1.5x Glossa
// float32 and at least Python's int8.
//
// Each figure is the best of REPEATS timed passes (after one warm-up), so that a pass slowed by
// another process on the machine does not decide it. Glossa's figures include tokenising the
// texts; the peer reads Glossa's ids. On a machine busy with other work, run it with
// OMP_WAIT_POLICY=PASSIVE (both processes inherit it): OpenMP threads spinning at barriers
// while other processes hold the cores made 2-thread passes four to five times slower here.
//
// usage: encoder_features [TEXTS [THREADS [REPEATS]]]   (defaults: every demo text, 2 threads, 3)

#include "engine/model/pretrainedencoder.h"
#include "engine/train/embedder.h"
#include "model/hfconfig.h"
#include "model/safetensors.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

using namespace glossa::core;
namespace fs = std::filesystem;

namespace {

std::vector<std::string> demoTexts(std::size_t limit)
{
    std::vector<std::string> texts;
    std::vector<fs::path> files;
    for (const auto &entry : fs::directory_iterator(GLOSSA_DEMO_DIR))
        if (entry.path().extension() == ".jsonl")
            files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    for (const auto &file : files) {
        std::ifstream in(file);
        std::string line;
        while (std::getline(in, line))
            if (!line.empty())
                texts.push_back(nlohmann::json::parse(line).at("text").get<std::string>());
    }
    // Every language in a shorter run: every k-th text.
    if (limit > 0 && limit < texts.size()) {
        std::vector<std::string> picked;
        for (std::size_t i = 0; i < limit; ++i)
            picked.push_back(texts[i * texts.size() / limit]);
        texts = std::move(picked);
    }
    return texts;
}

model::HfEncoderConfig miniLmConfig()
{
    model::HfEncoderConfig config;
    config.family = model::EncoderFamily::XlmRoberta;
    config.modelType = "xlm-roberta";
    config.vocabSize = 250037;
    config.hiddenSize = 384;
    config.layers = 12;
    config.heads = 12;
    config.intermediateSize = 1536;
    config.maxPositions = 514;
    config.typeVocabSize = 1;
    config.layerNormEps = 1e-5;
    config.padTokenId = 1;
    return config;
}

// config.json, model.safetensors (transformers' initialisation) and a SentencePiece vocabulary
// trained on the texts themselves with Debian's spm_train, in XLM-R's layout.
bool writeModelFolder(const fs::path &folder, const std::vector<std::string> &texts)
{
    fs::create_directories(folder);
    const auto config = miniLmConfig();
    torch::manual_seed(1);
    model::PretrainedEncoder encoder(config, /*withPooler=*/false);
    std::vector<torch::Tensor> keep;
    std::vector<model::TensorToWrite> tensors;
    for (const auto &item : encoder->named_parameters()) {
        keep.push_back(item.value().detach().contiguous());
        tensors.push_back({"roberta." + item.key(), model::TensorDtype::F32,
                           std::vector<std::int64_t>(keep.back().sizes().begin(), keep.back().sizes().end()),
                           std::span<const std::byte>(static_cast<const std::byte *>(keep.back().data_ptr()),
                                                      static_cast<std::size_t>(keep.back().nbytes()))});
    }
    model::writeSafetensors(folder / "model.safetensors", tensors);
    std::ofstream(folder / "config.json") << model::hfConfigJson(config);
    {
        std::ofstream corpus(folder / "corpus.txt");
        for (const auto &text : texts)
            corpus << text << '\n';
    }
    const std::string command = "spm_train --input=" + (folder / "corpus.txt").string()
                                + " --model_prefix=" + (folder / "sentencepiece.bpe").string()
                                + " --vocab_size=8000 --model_type=bpe --character_coverage=0.9995"
                                  " --hard_vocab_limit=false --unk_id=0 --bos_id=1 --eos_id=2 --pad_id=-1"
                                  " --minloglevel=2 > /dev/null 2>&1";
    return std::system(command.c_str()) == 0 && fs::exists(folder / "sentencepiece.bpe.model");
}

struct Timed
{
    double textsPerSecond = 0;
    train::Embeddings embeddings;
};

// One warm-up pass over the first batches (allocations, thread pool, packed weights' first
// use), then the whole list, the best of `repeats` passes.
Timed timeEmbedder(const train::HfFolderEmbedder &embedder, const std::vector<std::string> &texts, int repeats)
{
    const std::vector<std::string> warmUp(texts.begin(), texts.begin() + std::min<std::ptrdiff_t>(64, texts.size()));
    embedder.embed(warmUp);
    Timed timed;
    for (int pass = 0; pass < repeats; ++pass) {
        const auto start = std::chrono::steady_clock::now();
        timed.embeddings = embedder.embed(texts);
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        timed.textsPerSecond = std::max(timed.textsPerSecond, static_cast<double>(texts.size()) / seconds);
    }
    return timed;
}

double meanCosine(const std::vector<float> &a, const std::vector<float> &b, std::size_t dimension)
{
    const auto rows = std::min(a.size(), b.size()) / dimension;
    double total = 0;
    for (std::size_t r = 0; r < rows; ++r) {
        double dot = 0, aa = 0, bb = 0;
        for (std::size_t i = r * dimension; i < (r + 1) * dimension; ++i) {
            dot += static_cast<double>(a[i]) * b[i];
            aa += static_cast<double>(a[i]) * a[i];
            bb += static_cast<double>(b[i]) * b[i];
        }
        total += dot / std::sqrt(aa * bb);
    }
    return rows ? total / static_cast<double>(rows) : 0;
}

} // namespace

int main(int argc, char **argv)
{
    const auto limit = static_cast<std::size_t>(argc > 1 ? std::atol(argv[1]) : 0);
    const int threads = argc > 2 ? std::atoi(argv[2]) : 2;
    const int repeats = std::max(1, argc > 3 ? std::atoi(argv[3]) : 3);
    const auto texts = demoTexts(limit);
    const auto folder = fs::temp_directory_path() / ("glossa-features-bench-" + std::to_string(getpid()));
    struct Cleanup
    {
        fs::path folder;
        ~Cleanup()
        {
            std::error_code ignored;
            fs::remove_all(folder, ignored);
        }
    } cleanup{folder};
    if (!writeModelFolder(folder, texts)) {
        std::cerr << "encoder_features: spm_train failed (apt-get install sentencepiece)\n";
        return 1;
    }
    torch::set_num_threads(threads);

    // The same ids for the peer, and the peer first, in its own process.
    std::size_t tokens = 0;
    {
        const train::HfFolderEmbedder tokenizer(folder, train::EmbeddingPooling::Mean);
        std::ofstream ids(folder / "ids.jsonl");
        for (const auto &text : texts) {
            const auto row = tokenizer.tokenIds(text);
            tokens += row.size();
            ids << nlohmann::json(row).dump() << '\n';
        }
    }
    const std::string command = "/usr/bin/python3 " GLOSSA_BENCH_DIR "/encoder_features_reference.py " + folder.string()
                                + " " + std::to_string(threads) + " " + std::to_string(repeats);
    std::unique_ptr<FILE, int (*)(FILE *)> pipe(popen(command.c_str(), "r"), pclose);
    std::string answer;
    char buffer[512];
    while (pipe && std::fgets(buffer, sizeof buffer, pipe.get()))
        answer += buffer;
    pipe.reset();
    nlohmann::json peer;
    try {
        peer = nlohmann::json::parse(answer);
    } catch (const std::exception &) {
        std::cerr << "encoder_features: the python3-torch peer did not answer (apt-get install python3-torch)\n"
                  << answer;
        return 1;
    }

    const train::HfFolderEmbedder floatEmbedder(folder, train::EmbeddingPooling::Mean);
    const auto float32 = timeEmbedder(floatEmbedder, texts, repeats);
    const train::HfFolderEmbedder int8Embedder(folder, train::EmbeddingPooling::Mean, {}, train::Quantization::Int8);
    const auto int8 = timeEmbedder(int8Embedder, texts, repeats);

    std::vector<float> peerFloat(float32.embeddings.values.size());
    std::ifstream(folder / "python_float32.f32", std::ios::binary)
        .read(reinterpret_cast<char *>(peerFloat.data()), static_cast<std::streamsize>(peerFloat.size() * 4));
    const auto dimension = float32.embeddings.dimension;

    const double pyFloat = peer.at("float32_texts_per_second").get<double>();
    const double pyInt8 = peer.at("int8_texts_per_second").get<double>();
    std::printf("feature extraction (mean pooling), 12 x 384, vocabulary 250,037, %zu demo texts (%.1f tokens on "
                "average), batches of 32 sorted by length, %d threads, best of %d passes\n",
                texts.size(), static_cast<double>(tokens) / static_cast<double>(texts.size()), threads, repeats);
    std::printf("  Glossa float32:             %7.1f texts/s\n", float32.textsPerSecond);
    std::printf("  Glossa int8:                %7.1f texts/s   mean cosine with float32 %.6f\n", int8.textsPerSecond,
                meanCosine(float32.embeddings.values, int8.embeddings.values, dimension));
    std::printf("  python3-torch float32:      %7.1f texts/s   mean cosine with Glossa float32 %.6f\n", pyFloat,
                meanCosine(float32.embeddings.values, peerFloat, dimension));
    std::printf("  python3-torch dynamic int8: %7.1f texts/s   mean cosine with its float32 %.6f (engine %s)\n", pyInt8,
                peer.at("int8_mean_cosine").get<double>(), peer.at("engine").get<std::string>().c_str());
    const double speedup = int8.textsPerSecond / float32.textsPerSecond;
    const double againstPython = int8.textsPerSecond / pyInt8;
    std::printf("  ratio Glossa int8 / Glossa float32: %.2f (target >= 1.50: %s)\n", speedup,
                speedup >= 1.5 ? "PASS" : "FAIL");
    std::printf("  ratio Glossa int8 / Python int8:    %.2f (target >= 1.00: %s)\n", againstPython,
                againstPython >= 1.0 ? "PASS" : "FAIL");
    std::printf("  ratio Glossa float32 / Python float32: %.2f\n", float32.textsPerSecond / pyFloat);
    return 0;
}
