#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace glossa::core::train {

// How a run trained, stored with it (the report of split "training"): the settings whose
// value the engine decides when they are left automatic (a learning rate of 0, an evaluation
// interval of 0, CPU threads 0, device auto) as it decided them, the epochs and steps it ran
// and whether early stopping ended it. What a report of the run says beside its settings.
struct TrainingSummary
{
    // Setting key → the value used, as text ("optimizer.learning_rate" → "0.02").
    std::vector<std::pair<std::string, std::string>> settingsUsed;
    double epochs = 0;
    std::int64_t steps = 0;
    bool earlyStopped = false;
    double bestEpoch = -1; // the epoch of the model kept; -1 when unknown

    const std::string *used(std::string_view key) const;
};

// The split name the summary is stored under in the run's reports.
inline constexpr std::string_view trainingSummarySplit = "training";

std::string trainingSummaryToJson(const TrainingSummary &summary);
// std::nullopt, with the reason in error when given, for text that is no summary.
std::optional<TrainingSummary> trainingSummaryFromJson(std::string_view json, std::string *error = nullptr);

} // namespace glossa::core::train
