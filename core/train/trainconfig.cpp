#include "train/trainconfig.h"

#include "train/sourcelanguages.h"

#include "model/hfconfig.h"
#include "model/pretrainedfolder.h"
#include "util/closestname.h"
#include "util/error.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <sstream>

namespace glossa::core::train {
namespace {

using Kind = ValueKind;

ConfigField integer(std::string key, std::string group, std::string label, std::string description, std::int64_t value,
                    double minimum, double maximum, std::string unit = {})
{
    ConfigField field;
    field.key = std::move(key);
    field.group = std::move(group);
    field.label = std::move(label);
    field.description = std::move(description);
    field.kind = Kind::Integer;
    field.defaultValue = value;
    field.minimum = minimum;
    field.maximum = maximum;
    field.unit = std::move(unit);
    return field;
}

ConfigField real(std::string key, std::string group, std::string label, std::string description, double value,
                 double minimum, double maximum, std::string unit = {})
{
    auto field = integer(std::move(key), std::move(group), std::move(label), std::move(description), 0, minimum,
                         maximum, std::move(unit));
    field.kind = Kind::Real;
    field.defaultValue = value;
    return field;
}

ConfigField choice(std::string key, std::string group, std::string label, std::string description, std::string value,
                   std::vector<std::string> choices)
{
    auto field = integer(std::move(key), std::move(group), std::move(label), std::move(description), 0, 0, 0);
    field.kind = Kind::Choice;
    field.defaultValue = std::move(value);
    field.choices = std::move(choices);
    return field;
}

ConfigField text(std::string key, std::string group, std::string label, std::string description, std::string value)
{
    auto field = integer(std::move(key), std::move(group), std::move(label), std::move(description), 0, 0, 0);
    field.kind = Kind::Text;
    field.defaultValue = std::move(value);
    return field;
}

ConfigField only(ConfigField field, std::vector<std::string> modelTypes)
{
    field.modelTypes = std::move(modelTypes);
    return field;
}

ConfigField when(ConfigField field, std::string key, std::vector<std::string> values)
{
    field.conditions.push_back({std::move(key), std::move(values)});
    return field;
}

// A setting of some fine-tuning strategies of a pretrained model.
ConfigField forStrategy(ConfigField field, std::vector<std::string> strategies)
{
    return when(only(std::move(field), {"pretrained"}), "finetune.strategy", std::move(strategies));
}

ConfigField advanced(ConfigField field)
{
    field.advanced = true;
    return field;
}

ConfigField automaticAtZero(ConfigField field)
{
    field.automaticAtZero = true;
    return field;
}

// The model types, as fields name those they apply to.
constexpr const char *bag = "bag";
constexpr const char *transformer = "transformer";
constexpr const char *pretrained = "pretrained";

// The model and how a pretrained one is fine-tuned.
void addModelFields(std::vector<ConfigField> &fields)
{
    fields.push_back(choice("model.type", "Model", "Model",
                            "bag: subwords and their n-grams into a linear layer (fast, strong baseline); "
                            "transformer: a small encoder trained from scratch; pretrained: fine-tune an XLM-R, "
                            "BERT-family, DistilBERT or DeBERTa-v2 model",
                            "bag", {"bag", "transformer", "pretrained"}));
    // A pretrained model brings its own width and dropout.
    fields.push_back(only(integer("model.embedding_dim", "Model", "Embedding size",
                                  "Width of the token vectors (and of the transformer's layers)", 64, 8, 2048),
                          {bag, transformer}));
    fields.push_back(only(integer("model.layers", "Model", "Layers", "Encoder layers", 2, 1, 24), {transformer}));
    fields.push_back(only(
        integer("model.heads", "Model", "Attention heads", "Must divide the embedding size", 4, 1, 32), {transformer}));
    fields.push_back(advanced(only(integer("model.ff_dim", "Model", "Feed-forward size",
                                           "Width of each layer's feed-forward block", 512, 8, 16384),
                                   {transformer})));
    fields.push_back(advanced(only(choice("model.pooling", "Model", "Pooling",
                                          "How token vectors become one text vector", "mean", {"mean", "max", "cls"}),
                                   {transformer})));
    fields.push_back(only(integer("model.ngram_order", "Model", "Subword n-grams",
                                  "Longest run of subwords hashed as one feature (1: subwords only)", 2, 1, 5),
                          {bag}));
    fields.push_back(advanced(
        only(automaticAtZero(integer("model.hash_buckets", "Model", "Hash buckets",
                                     "Embedding rows shared by all n-grams; more rows, fewer collisions. 0 picks "
                                     "from the training examples (65,536 to 262,144)",
                                     0, 1024, 1 << 24)),
             {bag})));
    fields.push_back(
        only(real("model.dropout", "Model", "Dropout", "Share of activations dropped while training", 0.1, 0.0, 0.9),
             {bag, transformer}));
    fields.push_back(integer("model.max_length", "Model", "Maximum length",
                             "Longer texts are cut to this many subword tokens", 256, 8, 4096, "tokens"));
    fields.push_back(only(text("model.path", "Model", "Model folder",
                               "A Hugging Face folder of an XLM-R, BERT-family, DistilBERT or DeBERTa-v2 "
                               "model: config.json, model.safetensors and its vocabulary "
                               "(sentencepiece.bpe.model, spm.model, vocab.txt or tokenizer.json)",
                               ""),
                          {pretrained}));
    // Shown with the model, not under advanced settings: on a laptop it is the choice that
    // halves the time of every prediction, and the form offers it for large models.
    fields.push_back(only(choice("model.quantize", "Model", "Quantization",
                                 "int8: predictions and embeddings run the encoder's linear layers in 8-bit "
                                 "integers on the CPU, faster with scores a little different (the log "
                                 "reports how close on the dev split); training always uses float32",
                                 "none", {"none", "int8"}),
                          {pretrained}));
    fields.push_back(only(choice("finetune.strategy", "Model", "Fine-tuning",
                                 "full: every weight; frozen: the embeddings and the bottom layers stay as loaded; "
                                 "lora: small adapters and the head only; features: the model stays as loaded, "
                                 "each text's vector is computed once and kept in the project, and only a small "
                                 "head trains on them (seconds per retrain, fast on a CPU)",
                                 "full", {"full", "frozen", "lora", "features"}),
                          {pretrained}));
    const std::string features = "features";
    fields.push_back(forStrategy(choice("finetune.head", "Model", "Head",
                                        "What trains on the text vectors: linear (one layer, the classes from the "
                                        "vector) or hidden (a hidden layer with GELU and dropout first, for "
                                        "classes a straight cut cannot separate)",
                                        "linear", {"linear", "hidden"}),
                                 {features}));
    fields.push_back(advanced(when(forStrategy(integer("finetune.head_width", "Model", "Hidden width",
                                                       "Width of the head's hidden layer", 256, 8, 8192, "units"),
                                               {features}),
                                   "finetune.head", {"hidden"})));
    fields.push_back(advanced(forStrategy(real("finetune.head_dropout", "Model", "Head dropout",
                                               "Share of the text vector (and hidden layer) dropped while the "
                                               "head trains",
                                               0.1, 0.0, 0.9),
                                          {features})));
    fields.push_back(advanced(forStrategy(choice("finetune.pooling", "Model", "Text vector",
                                                 "How the model's token vectors become the text's vector: mean "
                                                 "(the average, usually best for a frozen model) or cls (the "
                                                 "first token's)",
                                                 "mean", {"mean", "cls"}),
                                          {features})));
    fields.push_back(
        forStrategy(integer("finetune.frozen_layers", "Model", "Frozen layers",
                            "The bottom layers kept as loaded (the embeddings always are)", 0, 0, 48, "layers"),
                    {"frozen"}));
    const std::string lora = "lora";
    fields.push_back(
        forStrategy(integer("lora.rank", "Model", "LoRA rank", "Width of each adapter", 8, 1, 256), {lora}));
    fields.push_back(forStrategy(
        real("lora.alpha", "Model", "LoRA alpha", "Adapters are scaled by alpha / rank", 16.0, 0.1, 1024.0), {lora}));
    fields.push_back(advanced(forStrategy(
        real("lora.dropout", "Model", "LoRA dropout", "Dropout on the adapters' input", 0.05, 0.0, 0.9), {lora})));
    fields.push_back(advanced(
        forStrategy(text("lora.targets", "Model", "LoRA targets",
                         "Comma-separated layer names the adapters go on (query, key, value, dense)", "query,value"),
                    {lora})));
}

// Tokenizer: trained on the data for the models trained from scratch (a pretrained model
// brings its own).
void addTokenizerFields(std::vector<ConfigField> &fields)
{
    auto fromScratch = [](ConfigField field) { return only(std::move(field), {bag, transformer}); };
    fields.push_back(fromScratch(choice("tokenizer.algorithm", "Tokenizer", "Algorithm",
                                        "SentencePiece subword algorithm", "unigram", {"unigram", "bpe"})));
    fields.push_back(
        fromScratch(automaticAtZero(integer("tokenizer.vocab_size", "Tokenizer", "Vocabulary size",
                                            "Subword pieces; shrinks when the data has fewer, grows when its "
                                            "characters need more. 0 picks from the training texts (4,000, more "
                                            "above 64,000 texts)",
                                            0, 256, 256000, "pieces"))));
    fields.push_back(fromScratch(
        advanced(real("tokenizer.character_coverage", "Tokenizer", "Character coverage",
                      "Share of characters the vocabulary must cover (rarer ones become <unk>)", 0.9995, 0.98, 1.0))));
    fields.push_back(fromScratch(advanced(automaticAtZero(
        integer("tokenizer.max_sentences", "Tokenizer", "Training sentences",
                "Larger datasets are sampled down to this many texts for the tokenizer, the same number from each "
                "language where they have it. 0 picks a quarter of the training texts, 5,000 to 50,000",
                0, 1000, 100000000, "texts")))));
}

void addOptimizerFields(std::vector<ConfigField> &fields)
{
    fields.push_back(
        choice("optimizer.type", "Optimizer", "Optimizer", "AdamW, or SGD with momentum", "adamw", {"adamw", "sgd"}));
    auto learningRate =
        real("optimizer.learning_rate", "Optimizer", "Learning rate",
             "Peak step size; 0 picks one suited to the model (2e-2 bag, 5e-4 transformer, 3e-5 pretrained, "
             "2e-4 with LoRA, 1e-3 for a head on features)",
             0.0, 0.0, 10.0);
    learningRate.logScale = true;
    fields.push_back(learningRate);
    fields.push_back(real("optimizer.weight_decay", "Optimizer", "Weight decay",
                          "Decoupled L2 shrinkage of the weights per step", 0.01, 0.0, 1.0));
    fields.push_back(advanced(only(real("optimizer.layer_decay", "Optimizer", "Layer-wise rate decay",
                                        "Each layer learns at this share of the rate of the layer above it, the "
                                        "embeddings least; 1: one rate for all",
                                        1.0, 0.1, 1.0),
                                   {pretrained})));
    fields.push_back(advanced(when(real("optimizer.momentum", "Optimizer", "Momentum", "SGD momentum", 0.9, 0.0, 0.999),
                                   "optimizer.type", {"sgd"})));
    fields.push_back(
        integer("optimizer.batch_size", "Optimizer", "Batch size", "Examples per step", 64, 1, 8192, "examples"));
    fields.push_back(advanced(integer("optimizer.grad_accumulation", "Optimizer", "Gradient accumulation",
                                      "Batches summed before each optimizer step (a larger batch in less memory)", 1, 1,
                                      1024, "batches")));
    fields.push_back(
        automaticAtZero(integer("optimizer.epochs", "Optimizer", "Epochs",
                                "Passes over the training split. 0 picks: for the bag model enough to see about "
                                "130,000 examples (3 to 10), for the others 10",
                                0, 1, 1000, "epochs")));
    fields.push_back(advanced(real("optimizer.warmup_ratio", "Optimizer", "Warm-up",
                                   "Share of the steps over which the learning rate rises from 0", 0.06, 0.0, 0.5)));
    fields.push_back(
        advanced(choice("optimizer.schedule", "Optimizer", "Schedule", "How the learning rate decays after warm-up",
                        "linear", {"linear", "cosine", "constant"})));
    fields.push_back(advanced(real("optimizer.grad_clip", "Optimizer", "Gradient clipping",
                                   "Largest gradient norm per step; 0 turns clipping off", 1.0, 0.0, 1000.0)));
    fields.push_back(advanced(real("optimizer.label_smoothing", "Optimizer", "Label smoothing",
                                   "Probability mass spread from the gold label to the others (keeps "
                                   "probabilities honest)",
                                   0.1, 0.0, 0.5)));
    fields.push_back(advanced(choice("optimizer.class_weighting", "Optimizer", "Class weighting",
                                     "Loss weight of rare classes: none, inverse frequency (balanced) or its "
                                     "square root",
                                     "none", {"none", "balanced", "sqrt"})));
}

void addEvaluationFields(std::vector<ConfigField> &fields)
{
    fields.push_back(
        advanced(integer("eval.interval", "Evaluation", "Evaluation interval",
                         "Steps between evaluations on the dev split; 0: once per epoch", 0, 0, 10000000, "steps")));
    fields.push_back(choice("eval.early_stopping_metric", "Evaluation", "Early-stopping metric",
                            "Dev metric that picks the best checkpoint and stops training", "macro_f1",
                            {"macro_f1", "accuracy", "loss"}));
    fields.push_back(integer("eval.patience", "Evaluation", "Patience",
                             "Evaluations without improvement before stopping; 0 never stops early. Evaluations "
                             "during warm-up do not count",
                             3, 0, 1000, "evaluations"));
    fields.push_back(advanced(integer("eval.folds", "Evaluation", "Cross-validation folds",
                                      "Folds when the dev or test split is too small to trust (fewer than 30 "
                                      "labelled examples) and the run is scored by cross-validation instead",
                                      5, 2, 20, "folds")));
    fields.push_back(advanced(integer("eval.min_epochs", "Evaluation", "Minimum epochs",
                                      "Epochs trained before early stopping may end the run (at most the epochs "
                                      "set)",
                                      5, 0, 1000, "epochs")));
    fields.push_back(advanced(text("eval.source_languages", "Evaluation", "Source languages",
                                   "Train and pick the checkpoint on these languages' rows only (codes, comma-"
                                   "separated), and test on every language: zero-shot transfer. Empty: all",
                                   "")));
}

void addRuntimeFields(std::vector<ConfigField> &fields)
{
    fields.push_back(
        integer("run.seed", "Runtime", "Seed", "Same seed, same data: the same model on CPU", 13, 0, 2147483647.0));
    fields.push_back(text("run.device", "Runtime", "Device", "auto (a GPU when there is one), cpu, or cuda:N", "auto"));
    fields.push_back(
        advanced(integer("run.cpu_threads", "Runtime", "CPU threads",
                         "Threads for tensor operations; 0 picks (1 on two-core machines, else half the cores)", 0, 0,
                         1024, "threads")));
    fields.push_back(advanced(choice("run.mixed_precision", "Runtime", "Mixed precision",
                                     "bf16 autocast where the device supports it", "off", {"off", "bf16"})));
}

std::vector<ConfigField> buildSchema()
{
    std::vector<ConfigField> fields;
    addModelFields(fields);
    addTokenizerFields(fields);
    addOptimizerFields(fields);
    addEvaluationFields(fields);
    addRuntimeFields(fields);
    return fields;
}

Kind kindOf(const ConfigValue &value)
{
    switch (value.index()) {
    case 0: return Kind::Integer;
    case 1: return Kind::Real;
    case 2: return Kind::Boolean;
    default: return Kind::Text;
    }
}

bool sameKind(const ConfigField &field, const ConfigValue &value)
{
    const auto kind = kindOf(value);
    if (field.kind == Kind::Choice)
        return kind == Kind::Text;
    return kind == field.kind;
}

std::string kindName(Kind kind)
{
    switch (kind) {
    case Kind::Integer: return "a whole number";
    case Kind::Real: return "a number";
    case Kind::Boolean: return "true or false";
    case Kind::Choice:
    case Kind::Text: return "text";
    }
    return "a value";
}

std::string joined(const std::vector<std::string> &items)
{
    std::string out;
    for (const auto &item : items)
        out += (out.empty() ? "" : ", ") + item;
    return out;
}

std::string formatNumber(double value)
{
    std::ostringstream out;
    out << value;
    return out.str();
}

bool isDevice(const std::string &device)
{
    if (device == "auto" || device == "cpu" || device == "cuda")
        return true;
    if (!device.starts_with("cuda:") || device.size() == 5)
        return false;
    return device.find_first_not_of("0123456789", 5) == std::string::npos;
}

} // namespace

std::string describe(const ConfigValue &value)
{
    switch (value.index()) {
    case 0: return std::to_string(std::get<std::int64_t>(value));
    case 1: return formatNumber(std::get<double>(value));
    case 2: return std::get<bool>(value) ? "true" : "false";
    default: return std::get<std::string>(value);
    }
}

const std::vector<ConfigField> &TrainConfig::schema()
{
    static const std::vector<ConfigField> fields = buildSchema();
    return fields;
}

namespace {

// "unknown setting 'optimizer.epoch' (did you mean optimizer.epochs?)"
[[noreturn]] void failUnknownSetting(std::string_view key)
{
    std::vector<std::string> keys;
    for (const auto &field : TrainConfig::schema())
        keys.push_back(field.key);
    const auto suggestion = closestName(key, keys);
    throw Error(
        "unknown setting '" + std::string(key) + "'"
        + (suggestion ? " (did you mean " + *suggestion + "?)" : std::string(" (glossa-cli settings lists them)")));
}

} // namespace

const ConfigField &TrainConfig::field(std::string_view key)
{
    for (const auto &field : schema())
        if (field.key == key)
            return field;
    failUnknownSetting(key);
}

TrainConfig::TrainConfig()
{
    for (const auto &field : schema())
        m_values.emplace(field.key, field.defaultValue);
}

const ConfigValue &TrainConfig::value(std::string_view key) const
{
    const auto it = m_values.find(key);
    if (it == m_values.end())
        failUnknownSetting(key);
    return it->second;
}

void TrainConfig::set(std::string_view key, ConfigValue value)
{
    const auto &spec = field(key);
    // A whole number where a real is expected is what anyone means by "epochs=3" or "lr=1".
    if (spec.kind == Kind::Real && value.index() == 0)
        value = static_cast<double>(std::get<std::int64_t>(value));
    if (!sameKind(spec, value))
        throw Error(std::string(key) + ": expected " + kindName(spec.kind) + ", got '" + describe(value) + "'");
    m_values.find(key)->second = std::move(value);
}

void TrainConfig::setFromString(std::string_view key, std::string_view text)
{
    const auto &spec = field(key);
    const std::string value(text);
    switch (spec.kind) {
    case Kind::Integer: {
        std::int64_t number = 0;
        const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), number);
        if (error != std::errc() || end != value.data() + value.size())
            throw Error(std::string(key) + ": '" + value + "' is not a whole number");
        set(key, number);
        return;
    }
    case Kind::Real: {
        char *end = nullptr;
        const double number = std::strtod(value.c_str(), &end);
        if (value.empty() || end != value.c_str() + value.size() || !std::isfinite(number))
            throw Error(std::string(key) + ": '" + value + "' is not a number");
        set(key, number);
        return;
    }
    case Kind::Boolean:
        if (value == "true" || value == "1" || value == "yes" || value == "on")
            set(key, true);
        else if (value == "false" || value == "0" || value == "no" || value == "off")
            set(key, false);
        else
            throw Error(std::string(key) + ": '" + value + "' is not true or false");
        return;
    case Kind::Choice:
    case Kind::Text: set(key, value); return;
    }
}

void TrainConfig::setAssignment(std::string_view assignment)
{
    const auto equals = assignment.find('=');
    if (equals == std::string_view::npos || equals == 0)
        throw Error("'" + std::string(assignment) + "' is not of the form key=value");
    setFromString(assignment.substr(0, equals), assignment.substr(equals + 1));
}

void TrainConfig::reset(std::string_view key)
{
    m_values.find(field(key).key)->second = field(key).defaultValue;
}

std::int64_t TrainConfig::integer(std::string_view key) const
{
    return std::get<std::int64_t>(value(key));
}

double TrainConfig::real(std::string_view key) const
{
    return std::get<double>(value(key));
}

bool TrainConfig::flag(std::string_view key) const
{
    return std::get<bool>(value(key));
}

const std::string &TrainConfig::text(std::string_view key) const
{
    return std::get<std::string>(value(key));
}

std::vector<ConfigProblem> TrainConfig::validate() const
{
    std::vector<ConfigProblem> problems;
    for (const auto &spec : schema()) {
        const auto &current = value(spec.key);
        if (spec.kind == Kind::Integer || spec.kind == Kind::Real) {
            const double number = spec.kind == Kind::Integer ? static_cast<double>(std::get<std::int64_t>(current))
                                                             : std::get<double>(current);
            if (spec.automaticAtZero && number == 0)
                continue; // picked from the data when the run is created (automaticsettings.h)
            if (!std::isfinite(number) || number < spec.minimum || number > spec.maximum)
                problems.push_back({spec.key, spec.label + " must be from " + formatNumber(spec.minimum) + " to "
                                                  + formatNumber(spec.maximum) + " (got " + describe(current) + ")"});
        } else if (spec.kind == Kind::Choice) {
            const auto &chosen = std::get<std::string>(current);
            if (std::find(spec.choices.begin(), spec.choices.end(), chosen) == spec.choices.end())
                problems.push_back(
                    {spec.key, spec.label + " must be one of " + joined(spec.choices) + " (got '" + chosen + "')"});
        }
    }
    if (text("model.type") == "pretrained" && text("model.path").empty())
        problems.push_back({"model.path", "Choose the folder of a pretrained model"});
    if (text("model.type") == "transformer" && integer("model.heads") > 0
        && integer("model.embedding_dim") % integer("model.heads") != 0)
        problems.push_back({"model.heads", "Attention heads (" + describe(value("model.heads"))
                                               + ") must divide the embedding size ("
                                               + describe(value("model.embedding_dim")) + ")"});
    if (const auto problem = sourceLanguagesProblem(text("eval.source_languages")))
        problems.push_back({"eval.source_languages", *problem});
    if (!isDevice(text("run.device")))
        problems.push_back({"run.device", "Device must be auto, cpu or cuda:N (got '" + text("run.device") + "')"});
    return problems;
}

bool TrainConfig::applies(const ConfigField &field) const
{
    auto contains = [](const std::vector<std::string> &values, const std::string &value) {
        return values.empty() || std::find(values.begin(), values.end(), value) != values.end();
    };
    return contains(field.modelTypes, text("model.type"))
           && std::all_of(field.conditions.begin(), field.conditions.end(), [&](const ConfigCondition &condition) {
                  return contains(condition.values, describe(value(condition.key)));
              });
}

std::vector<ConfigProblem> TrainConfig::modelFolderProblems() const
{
    std::vector<ConfigProblem> problems;
    const auto &path = text("model.path");
    if (text("model.type") != "pretrained" || path.empty())
        return problems;
    const auto check = model::checkPretrainedFolder(path);
    for (const auto &problem : check.problems)
        problems.push_back({"model.path", problem});
    if (!check.usable())
        return problems;
    try {
        const auto encoder = model::readHfEncoderConfig(path);
        if (integer("model.max_length") > encoder.maxTokens())
            problems.push_back({"model.max_length", "Maximum length must be at most "
                                                        + std::to_string(encoder.maxTokens()) + " for this model"});
        if (text("finetune.strategy") == "frozen" && integer("finetune.frozen_layers") > encoder.layers)
            problems.push_back({"finetune.frozen_layers",
                                "Frozen layers must be at most " + std::to_string(encoder.layers) + " for this model"});
    } catch (const Error &e) {
        problems.push_back({"model.path", e.what()});
    }
    return problems;
}

void TrainConfig::requireValid() const
{
    auto problems = validate();
    if (problems.empty())
        problems = modelFolderProblems();
    if (problems.empty())
        return;
    // One line, so a script reading the first line of an error learns every bad setting.
    std::string message = "invalid training settings: ";
    for (size_t i = 0; i < problems.size(); ++i)
        message += (i ? "; " : "") + problems[i].key + ": " + problems[i].message;
    throw Error(message);
}

nlohmann::json TrainConfig::toJson() const
{
    nlohmann::json json = nlohmann::json::object();
    for (const auto &[key, current] : m_values) {
        std::string path = "/" + key;
        std::replace(path.begin(), path.end(), '.', '/');
        auto &slot = json[nlohmann::json::json_pointer(path)];
        std::visit([&slot](const auto &v) { slot = v; }, current);
    }
    return json;
}

std::string TrainConfig::toJsonString() const
{
    return toJson().dump(2);
}

TrainConfig TrainConfig::fromJson(const nlohmann::json &json)
{
    TrainConfig config;
    std::vector<std::string> problems;
    // Walks the nested objects; a leaf's dotted path is its key.
    std::function<void(const nlohmann::json &, const std::string &)> walk = [&](const nlohmann::json &node,
                                                                                const std::string &prefix) {
        if (!node.is_object()) {
            problems.push_back((prefix.empty() ? std::string("the configuration") : prefix) + ": expected an object");
            return;
        }
        for (const auto &[name, child] : node.items()) {
            std::string key = prefix;
            if (!key.empty())
                key += '.';
            key += name;
            if (child.is_object()) {
                walk(child, key);
                continue;
            }
            try {
                const auto &spec = field(key);
                if (child.is_number_integer() && spec.kind != Kind::Choice && spec.kind != Kind::Text)
                    config.set(key, child.get<std::int64_t>());
                else if (child.is_number())
                    config.set(key, child.get<double>());
                else if (child.is_boolean())
                    config.set(key, child.get<bool>());
                else if (child.is_string())
                    config.set(key, child.get<std::string>());
                else
                    throw Error(key + ": expected " + kindName(spec.kind) + ", got " + child.type_name());
            } catch (const Error &e) {
                problems.emplace_back(e.what());
            }
        }
    };
    walk(json, {});
    if (!problems.empty()) {
        std::string message = "invalid training configuration:";
        for (const auto &problem : problems)
            message += "\n  " + problem;
        throw Error(message);
    }
    return config;
}

TrainConfig TrainConfig::fromJsonString(std::string_view text)
{
    nlohmann::json json;
    try {
        json = nlohmann::json::parse(text);
    } catch (const nlohmann::json::parse_error &e) {
        throw Error(std::string("the training configuration is not valid JSON: ") + e.what());
    }
    return fromJson(json);
}

double TrainConfig::effectiveLearningRate() const
{
    const double configured = real("optimizer.learning_rate");
    if (configured > 0)
        return configured;
    const auto &type = text("model.type");
    if (type == "pretrained") // fine-tuning: small steps, larger for adapters or a head trained from zero
    {
        const auto &strategy = text("finetune.strategy");
        if (strategy == "features") // a head from zero on fixed vectors: large steps
            return 1e-3;
        return strategy == "lora" ? 2e-4 : 3e-5;
    }
    return type == "bag" ? 2e-2 : 5e-4;
}

} // namespace glossa::core::train
