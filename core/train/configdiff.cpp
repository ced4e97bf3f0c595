#include "train/configdiff.h"

namespace glossa::core::train {

std::vector<std::vector<SettingValue>> distinguishingSettings(std::span<const TrainConfig> configs)
{
    const TrainConfig defaults;
    std::vector<std::vector<SettingValue>> result(configs.size());
    for (const auto &field : TrainConfig::schema()) {
        bool distinguishes = false;
        for (std::size_t i = 0; i < configs.size() && !distinguishes; ++i) {
            if (!configs[i].applies(field))
                continue;
            const auto &value = configs[i].value(field.key);
            const bool notDefault = !field.automaticAtZero && value != defaults.value(field.key);
            distinguishes = notDefault || value != configs.front().value(field.key);
        }
        if (!distinguishes)
            continue;
        for (std::size_t i = 0; i < configs.size(); ++i)
            if (configs[i].applies(field))
                result[i].push_back({field.key, describe(configs[i].value(field.key))});
    }
    return result;
}

} // namespace glossa::core::train
