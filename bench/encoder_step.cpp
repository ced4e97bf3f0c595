// Forward plus backward of a pretrained-encoder-sized model (MiniLM: 12 layers, 384 wide, the
// XLM-R vocabulary; random weights), batch 32 of 128 tokens: examples per second and peak
// memory of Glossa's encoder against the same model in Debian's python3-torch, run one after
// the other in this run, with the ratios. Target: at least as fast as Python.
//
// usage: encoder_step [STEPS [THREADS]]   (defaults 3 and 2)

#include "model/hfconfig.h"
#include "engine/model/pretrainedencoder.h"

#include <torch/torch.h>

#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>

using namespace glossa::core;

namespace {

double peakRssMb()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

} // namespace

int main(int argc, char **argv)
{
    const int steps = argc > 1 ? std::atoi(argv[1]) : 3;
    const int threads = argc > 2 ? std::atoi(argv[2]) : 2;
    const std::int64_t batch = 32;
    const std::int64_t length = 128;
    model::HfEncoderConfig config;
    config.family = model::EncoderFamily::Bert;
    config.modelType = "bert";
    config.vocabSize = 250037;
    config.hiddenSize = 384;
    config.layers = 12;
    config.heads = 12;
    config.intermediateSize = 1536;
    config.padTokenId = 0;
    config.maxPositions = 512;

    // The peer first, in its own process, so neither sees the other's memory.
    char command[512];
    std::snprintf(command, sizeof command,
                  "/usr/bin/python3 %s/encoder_step_reference.py %lld %lld %lld %lld %lld %lld %lld %d %d",
                  GLOSSA_BENCH_DIR, static_cast<long long>(config.vocabSize), static_cast<long long>(config.hiddenSize),
                  static_cast<long long>(config.layers), static_cast<long long>(config.heads),
                  static_cast<long long>(config.intermediateSize), static_cast<long long>(batch),
                  static_cast<long long>(length), steps, threads);
    std::unique_ptr<FILE, int (*)(FILE *)> pipe(popen(command, "r"), pclose);
    std::string peer;
    char buffer[256];
    while (pipe && std::fgets(buffer, sizeof buffer, pipe.get()))
        peer += buffer;
    pipe.reset();
    double peerSpeed = 0;
    double peerPeak = 0;
    if (std::sscanf(peer.c_str(), "{\"examples_per_second\": %lf, \"peak_rss_mb\": %lf}", &peerSpeed, &peerPeak) != 2) {
        std::cerr << "encoder_step: the python3-torch peer did not answer (apt-get install python3-torch)\n" << peer;
        return 1;
    }

    torch::set_num_threads(threads);
    torch::manual_seed(1);
    model::PretrainedEncoder encoder(config, /*withPooler=*/false);
    encoder->train();
    const auto ids = torch::randint(5, config.vocabSize, {batch, length}, torch::kLong);
    const auto mask = torch::ones({batch, length}, torch::kLong);
    auto step = [&] {
        encoder->zero_grad(/*set_to_none=*/true);
        encoder->forward(ids, mask).pow(2).mean().backward();
    };
    step(); // warm-up, as the peer
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < steps; ++i)
        step();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const double speed = static_cast<double>(batch * steps) / seconds;
    const double peak = peakRssMb();

    std::printf(
        "encoder forward+backward, 12 x 384, vocabulary 250,037, batch %lld x %lld tokens, %d threads, %d steps\n",
        static_cast<long long>(batch), static_cast<long long>(length), threads, steps);
    std::printf("  Glossa (LibTorch C++): %7.1f examples/s, peak RSS %6.0f MB\n", speed, peak);
    std::printf("  python3-torch:         %7.1f examples/s, peak RSS %6.0f MB\n", peerSpeed, peerPeak);
    std::printf("  ratio Glossa / Python: speed %.2f (target >= 1.00: %s), memory %.2f\n", speed / peerSpeed,
                speed >= peerSpeed ? "PASS" : "FAIL", peak / peerPeak);
    return 0;
}
