#pragma once

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace glossa::core::train {

enum class ValueKind { Integer, Real, Boolean, Choice, Text };

using ConfigValue = std::variant<std::int64_t, double, bool, std::string>;

// A setting another one needs: "lora.rank" means something only with finetune.strategy lora.
struct ConfigCondition
{
    std::string key;
    std::vector<std::string> values; // any of these
};

// One hyperparameter as a form shows it: the GUI's editor, the CLI's --set and validation
// are all generated from this table.
struct ConfigField
{
    std::string key;   // dotted path, also the JSON path: "optimizer.learning_rate"
    std::string group; // Model, Tokenizer, Optimizer, Evaluation, Runtime
    std::string label;
    std::string description; // one line, for tooltips and --help
    ValueKind kind = ValueKind::Integer;
    ConfigValue defaultValue;
    double minimum = 0; // numbers only
    double maximum = 0;
    std::string unit;                        // tokens, examples, steps, epochs, ... or empty
    std::vector<std::string> choices;        // Choice only
    std::vector<std::string> modelTypes;     // the model types it applies to; empty: all
    std::vector<ConfigCondition> conditions; // beyond the model type, all must hold
    bool advanced = false;                   // hidden in the basic view
    bool logScale = false;                   // learning rates and the like span decades
    // 0 is allowed beside the range and means "picked from the data the run trains on"
    // (train/automaticsettings.h).
    bool automaticAtZero = false;
};

struct ConfigProblem
{
    std::string key;
    std::string message;
};

// Every hyperparameter of a run. Values are kept by key; the engine reads them with the typed
// accessors. Defaults are chosen to train a good model on typical data without tuning.
class TrainConfig
{
public:
    TrainConfig(); // the defaults

    static const std::vector<ConfigField> &schema();
    // Throws Error for an unknown key.
    static const ConfigField &field(std::string_view key);

    const ConfigValue &value(std::string_view key) const;
    // Throws Error naming the key when it is unknown or the value is of the wrong kind.
    void set(std::string_view key, ConfigValue value);
    // Parses text by the field's kind ("--set optimizer.learning_rate=3e-4").
    void setFromString(std::string_view key, std::string_view text);
    // "key=value"
    void setAssignment(std::string_view assignment);
    void reset(std::string_view key);

    std::int64_t integer(std::string_view key) const;
    double real(std::string_view key) const;
    bool flag(std::string_view key) const;
    const std::string &text(std::string_view key) const;

    // Whether the field means anything with these settings: its model type and its conditions
    // (a fine-tuning strategy, an optimizer).
    bool applies(const ConfigField &field) const;

    // Out-of-range values, unknown choices and combinations that cannot train; empty if fine.
    std::vector<ConfigProblem> validate() const;
    // Throws Error listing every problem, one per line.
    void requireValid() const;
    // What the model folder of a pretrained model says about these settings (it reads the
    // folder's config.json, so a UI asks off its thread); requireValid includes it.
    std::vector<ConfigProblem> modelFolderProblems() const;

    // Nested by the dotted keys: {"model": {"type": "bag", ...}, ...}.
    nlohmann::json toJson() const;
    std::string toJsonString() const;
    // Missing keys keep their defaults; unknown keys and values of the wrong kind throw Error
    // listing every problem.
    static TrainConfig fromJson(const nlohmann::json &json);
    static TrainConfig fromJsonString(std::string_view text);

    // The learning rate to use: the configured one, or the model's own default when it is 0.
    double effectiveLearningRate() const;

    bool operator==(const TrainConfig &other) const = default;

private:
    std::map<std::string, ConfigValue, std::less<>> m_values;
};

std::string describe(const ConfigValue &value);

} // namespace glossa::core::train
