#pragma once

#include "train/trainconfig.h"

#include <span>
#include <string>
#include <vector>

namespace glossa::core::train {

struct SettingValue
{
    std::string key;   // "eval.patience"
    std::string value; // as describe() writes it
};

// The settings that tell runs apart, as TensorBoard's hyperparameter table shows them: every
// key that differs from its default in one of the runs or differs between them, in schema
// order; for each run, those of them that apply to its model (the transformer's layers are not
// listed for a bag run). Runs that differ only in early stopping show exactly that. A setting
// whose default is "picked from the data" (automaticAtZero) is stored as the number picked, so
// it tells runs apart only where they differ in it.
std::vector<std::vector<SettingValue>> distinguishingSettings(std::span<const TrainConfig> configs);

} // namespace glossa::core::train
