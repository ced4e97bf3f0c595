#include "train/engineevents.h"

#include "train/jsonfields.h"
#include "train/reportjson.h"

#include <stdexcept>

namespace glossa::core::train::events {
namespace {

using namespace jsonfields;

constexpr std::pair<State::Kind, const char *> stateNames[] = {
    {State::Kind::Running, "running"}, {State::Kind::Paused, "paused"}, {State::Kind::Stopping, "stopping"}};

ordered_json resultFields(const Result &result)
{
    ordered_json json = ordered_json::object();
    json["run"] = result.run;
    json["name"] = result.name;
    json["status"] = std::string(store::toString(result.status));
    json["epochs"] = result.epochs;
    json["steps"] = result.steps;
    json["train_seconds"] = result.trainSeconds;
    json["examples_per_second"] = result.examplesPerSecond;
    json["device"] = result.device;
    json["resumed_from_step"] = result.resumedFromStep ? ordered_json(*result.resumedFromStep) : ordered_json();
    json["tokenizer"] = {{"reused", result.tokenizer.reused},
                         {"trained_while_starting", result.tokenizer.trainedWhileStarting},
                         {"seconds", result.tokenizer.seconds}};
    json["best_dev"] = result.bestDev ? ordered_json{{"step", result.bestDev->step},
                                                     {"epoch", result.bestDev->epoch},
                                                     {"macro_f1", result.bestDev->macroF1},
                                                     {"accuracy", result.bestDev->accuracy}}
                                      : ordered_json();
    json["evaluation"] = result.test.evaluation;
    if (result.test.folds > 0)
        json["folds"] = result.test.folds;
    json["test"] = result.test.labels.empty() ? ordered_json::object() : reportToJson(result.test);
    return json;
}

constexpr std::pair<SourceLanguagesUsed::Checkpoint, const char *> checkpointSources[] = {
    {SourceLanguagesUsed::Checkpoint::SourceDev, "source_dev"},
    {SourceLanguagesUsed::Checkpoint::FewSourceDev, "few_source_dev"},
    {SourceLanguagesUsed::Checkpoint::HeldOutTrain, "held_out_train"}};

constexpr std::pair<TokenizerReady::How, const char *> tokenizerHows[] = {
    {TokenizerReady::How::Trained, "trained"},
    {TokenizerReady::How::TrainedWhileStarting, "trained_while_starting"},
    {TokenizerReady::How::Reused, "reused"},
    {TokenizerReady::How::ModelOwn, "model_own"}};

struct MessageEncoder
{
    ordered_json operator()(const DataPrepared &m) const
    {
        return {{"kind", "data"},       {"train", m.trainExamples}, {"dev", m.devExamples}, {"test", m.testExamples},
                {"classes", m.classes}, {"model", m.model},         {"device", m.device}};
    }
    ordered_json operator()(const TokenizerReady &m) const
    {
        std::string how;
        for (const auto &[value, name] : tokenizerHows)
            if (value == m.how)
                how = name;
        return {{"kind", "tokenizer"}, {"how", how}, {"pieces", m.pieces}, {"seconds", m.seconds}, {"file", m.file}};
    }
    ordered_json operator()(const EarlyStop &m) const
    {
        return {{"kind", "early_stop"}, {"metric", m.metric}, {"patience", m.patience}, {"best_epoch", m.bestEpoch}};
    }
    ordered_json operator()(const ResumingAt &m) const
    {
        return {{"kind", "resuming"}, {"step", m.step}, {"total_steps", m.totalSteps}};
    }
    ordered_json operator()(const PredictionsStored &m) const
    {
        return {{"kind", "predictions"}, {"examples", m.examples}, {"seconds", m.seconds}};
    }
    ordered_json operator()(const FeaturesCached &m) const
    {
        return {{"kind", "features_cached"}, {"cached", m.cached}, {"texts", m.texts}};
    }
    ordered_json operator()(const TextsEmbedded &m) const
    {
        return {{"kind", "texts_embedded"},
                {"done", m.done},
                {"total", m.total},
                {"texts_per_second", m.textsPerSecond},
                {"seconds_left", m.secondsLeft}};
    }
    ordered_json operator()(const SourceLanguagesUsed &m) const
    {
        std::string checkpoint;
        for (const auto &[value, name] : checkpointSources)
            if (value == m.checkpoint)
                checkpoint = name;
        return {{"kind", "source_languages"}, {"languages", m.languages}, {"train", m.trainExamples},
                {"dev", m.devExamples},       {"test", m.testExamples},   {"checkpoint", checkpoint}};
    }
    ordered_json operator()(const QuantizationAgreement &m) const
    {
        return {{"kind", "quantization"},
                {"split", m.split},
                {"examples", m.examples},
                {"mean_cosine", m.meanCosine},
                {"label_agreement", m.labelAgreement},
                {"float_macro_f1", m.floatMacroF1},
                {"int8_macro_f1", m.int8MacroF1}};
    }
};

// The typed message of a log line; std::nullopt for a kind this reader does not know.
std::optional<LogMessage> knownMessage(const ordered_json &json)
{
    if (!json.is_object())
        return std::nullopt;
    const auto kind = field<std::string>(json, "kind");
    if (kind == "data")
        return DataPrepared{field<std::int64_t>(json, "train"), field<std::int64_t>(json, "dev"),
                            field<std::int64_t>(json, "test"),  field<std::int64_t>(json, "classes"),
                            field<std::string>(json, "model"),  field<std::string>(json, "device")};
    if (kind == "tokenizer") {
        const auto how = field<std::string>(json, "how");
        for (const auto &[value, name] : tokenizerHows)
            if (how == name)
                return TokenizerReady{value, field<std::int64_t>(json, "pieces"), field<double>(json, "seconds"),
                                      field<std::string>(json, "file")};
        return std::nullopt;
    }
    if (kind == "early_stop")
        return EarlyStop{field<std::string>(json, "metric"), field<std::int64_t>(json, "patience"),
                         field<double>(json, "best_epoch")};
    if (kind == "resuming")
        return ResumingAt{field<std::int64_t>(json, "step"), field<std::int64_t>(json, "total_steps")};
    if (kind == "predictions")
        return PredictionsStored{field<std::int64_t>(json, "examples"), field<double>(json, "seconds")};
    if (kind == "features_cached")
        return FeaturesCached{field<std::int64_t>(json, "cached"), field<std::int64_t>(json, "texts")};
    if (kind == "texts_embedded")
        return TextsEmbedded{field<std::int64_t>(json, "done"), field<std::int64_t>(json, "total"),
                             field<double>(json, "texts_per_second"), field<double>(json, "seconds_left")};
    if (kind == "source_languages") {
        const auto checkpoint = field<std::string>(json, "checkpoint");
        for (const auto &[value, name] : checkpointSources)
            if (checkpoint == name)
                return SourceLanguagesUsed{field<std::string>(json, "languages"), field<std::int64_t>(json, "train"),
                                           field<std::int64_t>(json, "dev"), field<std::int64_t>(json, "test"),
                                           value};
        return std::nullopt;
    }
    if (kind == "quantization")
        return QuantizationAgreement{field<std::string>(json, "split"),     field<std::int64_t>(json, "examples"),
                                     field<double>(json, "mean_cosine"),    field<double>(json, "label_agreement"),
                                     field<double>(json, "float_macro_f1"), field<double>(json, "int8_macro_f1")};
    return std::nullopt;
}

// A message with a field of the wrong type is dropped, not the line: it still has its text.
std::optional<LogMessage> messageFrom(const ordered_json &json)
{
    try {
        return knownMessage(json);
    } catch (const std::exception &) {
        return std::nullopt;
    }
}

struct Encoder
{
    ordered_json operator()(const RunStarted &e) const
    {
        return {{"event", "run"}, {"run", e.run}, {"name", e.name}, {"resumed", e.resumed}, {"device", e.device}};
    }
    ordered_json operator()(const Progress &e) const
    {
        return {{"event", "progress"},
                {"step", e.step},
                {"total_steps", e.totalSteps},
                {"epoch", e.epoch},
                {"loss", e.loss},
                {"learning_rate", e.learningRate},
                {"examples_per_second", e.examplesPerSecond},
                {"eta_seconds", e.etaSeconds}};
    }
    ordered_json operator()(const Evaluation &e) const
    {
        ordered_json languages = ordered_json::object();
        for (const auto &scores : e.perLanguage)
            languages[scores.language.empty() ? std::string("und") : scores.language] = {
                {"macro_f1", scores.macroF1},
                {"macro_f1_ci", intervalJson(scores.macroF1Interval)},
                {"accuracy", scores.accuracy},
                {"n", scores.examples}};
        return {{"event", "evaluation"}, {"step", e.step},
                {"epoch", e.epoch},      {"loss", e.loss},
                {"best", e.best},        {"accuracy", e.accuracy},
                {"macro_f1", e.macroF1}, {"macro_f1_ci", intervalJson(e.macroF1Interval)},
                {"micro_f1", e.microF1}, {"per_language", std::move(languages)}};
    }
    ordered_json operator()(const Log &e) const
    {
        ordered_json json{{"event", "log"}, {"line", e.line}};
        if (e.message)
            json["message"] = std::visit(MessageEncoder{}, *e.message);
        return json;
    }
    ordered_json operator()(const Resumed &e) const { return {{"event", "resumed"}, {"step", e.step}}; }
    ordered_json operator()(const State &e) const
    {
        for (const auto &[kind, name] : stateNames)
            if (kind == e.state)
                return {{"event", "state"}, {"state", name}};
        return {{"event", "state"}};
    }
    ordered_json operator()(const Result &e) const
    {
        ordered_json json{{"event", "result"}};
        json.update(resultFields(e));
        return json;
    }
    ordered_json operator()(const Failed &e) const
    {
        ordered_json json{{"event", "failed"}};
        if (e.run)
            json["run"] = *e.run;
        json["message"] = e.message;
        return json;
    }
    ordered_json operator()(const FoldStarted &e) const
    {
        return {{"event", "fold"}, {"fold", e.fold}, {"folds", e.folds}};
    }
    ordered_json operator()(const LabelErrorsFound &e) const
    {
        return {{"event", "label_errors"},
                {"run", e.run},
                {"examples", e.examples},
                {"flagged", e.flagged},
                {"queued", e.queued},
                {"folds", e.folds},
                {"out_of_sample_accuracy", e.outOfSampleAccuracy}};
    }
};

Result resultFrom(const ordered_json &json)
{
    Result result;
    result.run = field<std::int64_t>(json, "run", -1);
    result.name = field<std::string>(json, "name");
    const auto status = field<std::string>(json, "status", "finished");
    if (const auto known = store::runStatusFrom(status))
        result.status = *known;
    else
        throw std::invalid_argument("an unknown run status '" + status + "'");
    result.epochs = field<double>(json, "epochs");
    result.steps = field<std::int64_t>(json, "steps");
    result.trainSeconds = field<double>(json, "train_seconds");
    result.examplesPerSecond = field<double>(json, "examples_per_second");
    result.device = field<std::string>(json, "device");
    result.resumedFromStep = optionalField<std::int64_t>(json, "resumed_from_step");
    const auto tokenizer = field<ordered_json>(json, "tokenizer", ordered_json::object());
    result.tokenizer = {field<bool>(tokenizer, "reused"), field<bool>(tokenizer, "trained_while_starting"),
                        field<double>(tokenizer, "seconds")};
    if (const auto it = json.find("best_dev"); it != json.end() && !it->is_null())
        result.bestDev = Result::BestDev{field<std::int64_t>(*it, "step"), field<double>(*it, "epoch"),
                                         field<double>(*it, "macro_f1"), field<double>(*it, "accuracy")};
    // A run without a test report (stopped before it had one) has an empty "test".
    if (const auto test = field<ordered_json>(json, "test", ordered_json::object()); !test.empty()) {
        std::string error;
        auto report = reportFromJsonValue(test, &error);
        if (!report)
            throw std::invalid_argument("its test report: " + error);
        result.test = std::move(*report);
    }
    result.test.evaluation = field<std::string>(json, "evaluation", result.test.evaluation);
    result.test.folds = field<int>(json, "folds", result.test.folds);
    return result;
}

Evaluation evaluationFrom(const ordered_json &json)
{
    Evaluation e;
    e.step = field<std::int64_t>(json, "step");
    e.epoch = field<double>(json, "epoch");
    e.loss = field<double>(json, "loss");
    e.best = field<bool>(json, "best");
    e.accuracy = field<double>(json, "accuracy");
    e.macroF1 = field<double>(json, "macro_f1");
    e.macroF1Interval = intervalField(json, "macro_f1_ci");
    e.microF1 = field<double>(json, "micro_f1");
    const auto languages = field<ordered_json>(json, "per_language", ordered_json::object());
    for (const auto &[language, scores] : languages.items())
        e.perLanguage.push_back({language, field<double>(scores, "macro_f1"), intervalField(scores, "macro_f1_ci"),
                                 field<double>(scores, "accuracy"), field<std::int64_t>(scores, "n")});
    return e;
}

// The event the object names; std::nullopt for a kind this reader does not know.
std::optional<EngineEvent> eventFrom(const ordered_json &json)
{
    const auto kind = json.at("event").get<std::string>();
    if (kind == "run")
        return RunStarted{field<std::int64_t>(json, "run", -1), field<std::string>(json, "name"),
                          field<bool>(json, "resumed"), field<std::string>(json, "device")};
    if (kind == "progress")
        return Progress{field<std::int64_t>(json, "step"),    field<std::int64_t>(json, "total_steps"),
                        field<double>(json, "epoch"),         field<double>(json, "loss"),
                        field<double>(json, "learning_rate"), field<double>(json, "examples_per_second"),
                        field<double>(json, "eta_seconds")};
    if (kind == "evaluation")
        return evaluationFrom(json);
    if (kind == "log")
        return Log{field<std::string>(json, "line"), messageFrom(field<ordered_json>(json, "message"))};
    if (kind == "resumed")
        return Resumed{field<std::int64_t>(json, "step")};
    if (kind == "state") {
        const auto name = field<std::string>(json, "state");
        for (const auto &[state, stateName] : stateNames)
            if (name == stateName)
                return State{state};
        return std::nullopt; // a state a newer engine has
    }
    if (kind == "result")
        return resultFrom(json);
    if (kind == "failed") {
        return Failed{optionalField<std::int64_t>(json, "run"), field<std::string>(json, "message")};
    }
    if (kind == "fold")
        return FoldStarted{field<int>(json, "fold", 1), field<int>(json, "folds")};
    if (kind == "label_errors")
        return LabelErrorsFound{field<std::int64_t>(json, "run", -1),
                                field<std::int64_t>(json, "examples"),
                                field<std::int64_t>(json, "flagged"),
                                field<std::int64_t>(json, "queued"),
                                field<int>(json, "folds"),
                                field<double>(json, "out_of_sample_accuracy")};
    return std::nullopt;
}

} // namespace

std::string encode(const EngineEvent &event)
{
    return dumped(std::visit(Encoder{}, event));
}

std::string encodeResultFields(const Result &result, int indent)
{
    return dumped(resultFields(result), indent);
}

DecodedLine decode(std::string_view line)
{
    const auto json = ordered_json::parse(line, nullptr, false);
    if (json.is_discarded())
        return {std::nullopt, "not JSON"};
    if (!json.is_object() || !json.contains("event"))
        return {std::nullopt, "not an event (no \"event\" name)"};
    try {
        return {eventFrom(json), {}};
    } catch (const std::exception &e) { // nlohmann's type errors, a malformed test report
        return {std::nullopt, std::string("a malformed event: ") + e.what()};
    }
}

std::string encodePrediction(const Prediction &prediction)
{
    ordered_json probabilities = ordered_json::object();
    for (const auto &[label, probability] : prediction.probabilities)
        probabilities[label] = probability;
    ordered_json json{{"text", prediction.text}};
    if (!prediction.language.empty())
        json["lang"] = prediction.language;
    json["label"] = prediction.label;
    json["probabilities"] = std::move(probabilities);
    json["entropy"] = prediction.entropy;
    json["margin"] = prediction.margin;
    if (!prediction.top.empty()) {
        auto top = ordered_json::array();
        for (const auto &[label, probability] : prediction.top)
            top.push_back({{"label", label}, {"probability", probability}});
        json["top"] = std::move(top);
    }
    if (prediction.tokens) {
        auto tokens = ordered_json::array();
        for (const auto &token : *prediction.tokens) {
            ordered_json entry{{"piece", token.piece}, {"score", token.score}};
            if (token.special)
                entry["special"] = true;
            tokens.push_back(std::move(entry));
        }
        json["attributions"] = {{"method", prediction.attributionMethod}, {"tokens", std::move(tokens)}};
    }
    return dumped(json);
}

std::optional<Prediction> decodePrediction(std::string_view line, std::string *error)
{
    const auto json = ordered_json::parse(line, nullptr, false);
    if (json.is_discarded() || !json.is_object()) {
        if (error)
            *error = "not a JSON object";
        return std::nullopt;
    }
    try {
        Prediction prediction;
        prediction.text = field<std::string>(json, "text");
        prediction.label = field<std::string>(json, "label");
        const auto probabilities = field<ordered_json>(json, "probabilities", ordered_json::object());
        for (const auto &[label, probability] : probabilities.items())
            prediction.probabilities.emplace_back(label, probability.get<double>());
        prediction.entropy = field<double>(json, "entropy");
        prediction.margin = field<double>(json, "margin");
        prediction.language = field<std::string>(json, "lang");
        for (const auto &entry : field<ordered_json>(json, "top", ordered_json::array()))
            prediction.top.emplace_back(field<std::string>(entry, "label"), field<double>(entry, "probability"));
        if (const auto it = json.find("attributions"); it != json.end() && it->is_object()) {
            prediction.attributionMethod = field<std::string>(*it, "method");
            auto &tokens = prediction.tokens.emplace();
            for (const auto &token : field<ordered_json>(*it, "tokens", ordered_json::array()))
                tokens.push_back(
                    {field<std::string>(token, "piece"), field<double>(token, "score"), field<bool>(token, "special")});
        }
        return prediction;
    } catch (const nlohmann::json::exception &e) {
        if (error)
            *error = e.what();
        return std::nullopt;
    }
}

} // namespace glossa::core::train::events
