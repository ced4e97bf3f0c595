// A Hugging Face config.json, as the model folder inspector and the trainer read it: the
// encoder settings, then the sizes the inspector shows and the config written back on export.

#include "fuzzinput.h"

#include "model/hfconfig.h"
#include "util/error.h"

#include <cstddef>
#include <cstdint>

using namespace glossa::core;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const glossa::fuzz::InputFile input("config.json", data, size);
    try {
        const auto config = model::readHfEncoderConfig(input.path().parent_path());
        // What ui/modelfolderinspector.cpp shows for a folder the user picks.
        for (const std::int64_t value :
             {config.headDim(), config.maxTokens(), config.encoderParameters(),
              config.trainingMemoryBytes(32, 128, false), config.trainingMemoryBytes(32, 128, true)})
            glossa::fuzz::observe(static_cast<std::size_t>(value));
        // An exported model's config.json must read back as the same encoder.
        const auto exported = model::hfConfigJson(config);
        const glossa::fuzz::InputFile written("exported.json", reinterpret_cast<const std::uint8_t *>(exported.data()),
                                              exported.size());
        const auto reread = model::readHfEncoderConfigFile(written.path());
        if (reread.hiddenSize != config.hiddenSize || reread.layers != config.layers
            || reread.vocabSize != config.vocabSize || reread.labels != config.labels) {
            std::fprintf(stderr, "glossa fuzz: config.json written by hfConfigJson reads back differently\n");
            std::abort();
        }
    } catch (const Error &) {
        // The documented refusal of a config Glossa cannot use.
    }
    return 0;
}
