// A Glossa model folder's config.json, as predict --model reads it before anything else of the
// folder: the fields, the tensors the weights file is then checked against, and the config
// written back as an export writes it.

#include "fuzzinput.h"

#include "train/modelfolder.h"
#include "train/trainconfig.h"
#include "util/error.h"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

using namespace glossa::core;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const glossa::fuzz::InputFile input("config.json", data, size);
    try {
        const auto config = train::readModelFolderConfig(input.path().parent_path());
        // The shapes the weights are checked against: every size positive (a config that
        // passed the checks describes a model that can be built).
        for (const auto &tensor : train::expectedTensors(config))
            for (const auto size : tensor.shape)
                if (size <= 0) {
                    std::fprintf(stderr, "glossa fuzz: %s has a size of %lld\n", tensor.name.c_str(),
                                 static_cast<long long>(size));
                    std::abort();
                }
        glossa::fuzz::observe(static_cast<std::size_t>(config.toTrainConfig().integer("model.embedding_dim")));
        // Written back as an export writes it, it reads back the same.
        const auto written =
            train::modelFolderConfigJson(config, "fuzz", nlohmann::json::object(), nlohmann::ordered_json::object());
        const glossa::fuzz::InputFile again("config.json", reinterpret_cast<const std::uint8_t *>(written.data()),
                                            written.size());
        const auto reread = train::readModelFolderConfig(again.path().parent_path());
        if (reread.labels != config.labels || reread.vocabSize != config.vocabSize
            || reread.dimension != config.dimension || reread.modelType != config.modelType) {
            std::fprintf(stderr, "glossa fuzz: config.json written by modelFolderConfigJson reads back differently\n");
            std::abort();
        }
    } catch (const Error &) {
        // The documented refusal of a folder Glossa cannot use.
    }
    return 0;
}
