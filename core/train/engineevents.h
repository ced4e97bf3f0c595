#pragma once

#include "store/runstatus.h"
#include "train/logmessage.h"
#include "train/metrics.h"
#include "train/reportjson.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace glossa::core::train::events {

// The protocol between the engine's child processes (`glossa-cli train --events`,
// `glossa-cli errors --events`, `glossa-cli predict --json`) and whoever drives them: one JSON
// object per line on stdout, written and read only through this codec, so both ends agree on
// every name. Field names are snake_case in the JSON ("total_steps").

// {"event":"run"}: the run exists (once, before any progress).
struct RunStarted
{
    std::int64_t run = -1;
    std::string name;
    bool resumed = false;
    std::string device;
};

// {"event":"progress"}: one training step.
struct Progress
{
    std::int64_t step = 0;
    std::int64_t totalSteps = 0;
    double epoch = 0;
    double loss = 0;
    double learningRate = 0;
    double examplesPerSecond = 0;
    double etaSeconds = 0;
};

// A language's scores in a dev evaluation, named as reportToJson names them ("und" for none).
struct LanguageScore
{
    std::string language;
    double macroF1 = 0;
    std::optional<Interval> macroF1Interval;
    double accuracy = 0;
    std::int64_t examples = 0;
};

// {"event":"evaluation"}: one dev evaluation.
struct Evaluation
{
    std::int64_t step = 0;
    double epoch = 0;
    double loss = 0;
    bool best = false; // the best so far
    double accuracy = 0;
    double macroF1 = 0;
    std::optional<Interval> macroF1Interval;
    double microF1 = 0;
    std::vector<LanguageScore> perLanguage;
};

// {"event":"log"}: a line for the run's log. The common lines also come as typed values
// ("message": {"kind": "early_stop", ...}), so a reader can say them in its own language; a
// kind this reader does not know leaves message empty and the line is shown as it is.
struct Log
{
    std::string line;
    std::optional<LogMessage> message;
};

// {"event":"resumed"}: a resumed run goes on after this step; what was reported after it is replayed.
struct Resumed
{
    std::int64_t step = 0;
};

// {"event":"state"}: a command on stdin took effect.
struct State
{
    enum class Kind { Running, Paused, Stopping };
    Kind state = Kind::Running;
};

// {"event":"result"}, the last line of a training run: the fields of `train --json`.
struct Result
{
    struct Tokenizer
    {
        bool reused = false;
        bool trainedWhileStarting = false;
        double seconds = 0;
    };
    struct BestDev
    {
        std::int64_t step = 0;
        double epoch = 0;
        double macroF1 = 0;
        double accuracy = 0;
    };
    std::int64_t run = -1;
    std::string name;
    store::RunStatus status = store::RunStatus::Finished; // finished or stopped
    double epochs = 0;
    std::int64_t steps = 0;
    double trainSeconds = 0;
    double examplesPerSecond = 0;
    std::string device;
    std::optional<std::int64_t> resumedFromStep;
    Tokenizer tokenizer;
    std::optional<BestDev> bestDev;
    // The test scores, and how they were obtained (test.evaluation: "test split" or
    // "cross-validation"; test.folds). No labels when the run ended before it was tested.
    StoredReport test;
};

// {"event":"failed"}, the last line of a failed run or search; no run when it failed before
// the run existed (a bad --set, an unknown dataset).
struct Failed
{
    std::optional<std::int64_t> run;
    std::string message;
};

// {"event":"fold"}: cross-validation fold `fold` (1-based) of `folds` starts.
struct FoldStarted
{
    int fold = 1;
    int folds = 0;
};

// {"event":"label_errors"}, the last line of `errors --events`: the search is stored.
struct LabelErrorsFound
{
    std::int64_t run = -1;
    std::int64_t examples = 0; // labelled examples searched
    std::int64_t flagged = 0;  // confident learning's flags
    std::int64_t queued = 0;   // of them, in the review queue
    int folds = 0;
    double outOfSampleAccuracy = 0;
};

using EngineEvent =
    std::variant<RunStarted, Progress, Evaluation, Log, Resumed, State, Result, Failed, FoldStarted, LabelErrorsFound>;

// One event as one line of JSON, without the line end. Invalid UTF-8 in a text (a log line
// quoting a file name) is replaced, never thrown about.
std::string encode(const EngineEvent &event);
// Result as `train --json` prints it: the event's fields without "event", pretty or not.
std::string encodeResultFields(const Result &result, int indent = -1);

// What a line read from an engine child holds.
struct DecodedLine
{
    // Set for a known event. Empty with an empty error for a well-formed event of a kind this
    // reader does not know: a newer engine's, to skip (forward compatible).
    std::optional<EngineEvent> event;
    // Why the line is no event: not JSON, no "event" name, a field of the wrong type.
    std::string error;
};

// Never throws, whatever the line holds.
DecodedLine decode(std::string_view line);

// One answer of `glossa-cli predict --json [--explain]`.
struct Prediction
{
    struct Token
    {
        std::string piece; // as the tokenizer wrote it: "▁" starts a word
        double score = 0;
        bool special = false; // added by the model (<s>, </s>), not the text's
    };
    std::string text;
    std::string label;
    std::vector<std::pair<std::string, double>> probabilities; // in the model's label order
    double entropy = 0;
    double margin = 0;
    std::string language; // guessed from the text ("und" when no guess); empty when not given
    // With --top-k: the k most probable labels, most probable first.
    std::vector<std::pair<std::string, double>> top;
    // With --explain.
    std::string attributionMethod;
    std::optional<std::vector<Token>> tokens;
};

std::string encodePrediction(const Prediction &prediction);
// std::nullopt for a line that is no answer (error says why when given).
std::optional<Prediction> decodePrediction(std::string_view line, std::string *error = nullptr);

} // namespace glossa::core::train::events
