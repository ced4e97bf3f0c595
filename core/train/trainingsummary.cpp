#include "train/trainingsummary.h"

#include "train/jsonfields.h"

namespace glossa::core::train {

using namespace jsonfields;

const std::string *TrainingSummary::used(std::string_view key) const
{
    for (const auto &[name, value] : settingsUsed)
        if (name == key)
            return &value;
    return nullptr;
}

std::string trainingSummaryToJson(const TrainingSummary &summary)
{
    ordered_json settings = ordered_json::object();
    for (const auto &[key, value] : summary.settingsUsed)
        settings[key] = value;
    ordered_json json{{"settings_used", std::move(settings)},
                      {"epochs", summary.epochs},
                      {"steps", summary.steps},
                      {"early_stopped", summary.earlyStopped}};
    if (summary.bestEpoch >= 0)
        json["best_epoch"] = summary.bestEpoch;
    return dumped(json);
}

std::optional<TrainingSummary> trainingSummaryFromJson(std::string_view text, std::string *error)
{
    const auto json = ordered_json::parse(text, nullptr, false);
    const auto fail = [error](const std::string &why) -> std::optional<TrainingSummary> {
        if (error)
            *error = why;
        return std::nullopt;
    };
    if (json.is_discarded() || !json.is_object())
        return fail("not a JSON object");
    try {
        TrainingSummary summary;
        const auto settings = field<ordered_json>(json, "settings_used", ordered_json::object());
        if (!settings.is_object())
            return fail("settings_used is not an object");
        for (const auto &[key, value] : settings.items()) {
            if (!value.is_string())
                return fail("the value of " + key + " is not a text");
            summary.settingsUsed.emplace_back(key, value.get<std::string>());
        }
        summary.epochs = field<double>(json, "epochs");
        summary.steps = field<std::int64_t>(json, "steps");
        summary.earlyStopped = field<bool>(json, "early_stopped");
        summary.bestEpoch = field<double>(json, "best_epoch", -1.0);
        return summary;
    } catch (const std::exception &e) {
        return fail(e.what());
    }
}

} // namespace glossa::core::train
