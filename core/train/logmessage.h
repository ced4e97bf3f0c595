#pragma once

#include <cstdint>
#include <string>
#include <variant>

namespace glossa::core::train {

// The engine's common log lines as typed values, so whoever shows them can word them in its
// own language from the fields (the workbench does, with tr()); englishText() is the line the
// CLI prints and the default TrainingObserver::message() logs.

// The data is encoded and the model is about to train.
struct DataPrepared
{
    std::int64_t trainExamples = 0;
    std::int64_t devExamples = 0;
    std::int64_t testExamples = 0;
    std::int64_t classes = 0;
    std::string model;  // "bag", "transformer", "pretrained"
    std::string device; // "cpu", "cuda:0"
};

// The run's tokenizer is ready.
struct TokenizerReady
{
    enum class How {
        Trained,              // trained for this run
        TrainedWhileStarting, // trained while the engine started (glossa-cli's fork)
        Reused,               // the same texts and settings made it before
        ModelOwn              // a pretrained model's own vocabulary
    };
    How how = How::Trained;
    std::int64_t pieces = 0;
    double seconds = 0;
    std::string file; // the reused artefact's or the model's file name
};

// Early stopping ends the run.
struct EarlyStop
{
    std::string metric; // "macro_f1", "accuracy", "loss"
    std::int64_t patience = 0;
    double bestEpoch = 0;
};

// A resumed run goes on from this step.
struct ResumingAt
{
    std::int64_t step = 0;
    std::int64_t totalSteps = 0;
};

// The run's predictions are stored for the browser.
struct PredictionsStored
{
    std::int64_t examples = 0;
    double seconds = 0;
};

// A run restricted to source languages (zero-shot transfer): what it learns from and picks its
// checkpoint on, and how its checkpoint is picked when the sources have few dev rows.
struct SourceLanguagesUsed
{
    enum class Checkpoint {
        SourceDev,     // the sources' dev rows
        FewSourceDev,  // the sources' dev rows, fewer than can be trusted
        HeldOutTrain   // one group in ten of the sources' training rows (almost no dev rows)
    };
    std::string languages; // "de" or "de,fr"
    std::int64_t trainExamples = 0;
    std::int64_t devExamples = 0;
    std::int64_t testExamples = 0;
    Checkpoint checkpoint = Checkpoint::SourceDev;
};

// How close a run's int8 model (model.quantize=int8) comes to its float32 model on a split: the
// same examples through both, before the run's predictions are stored with the int8 one.
struct QuantizationAgreement
{
    std::string split; // "dev", or "test" when the run has no labelled dev rows
    std::int64_t examples = 0;
    double meanCosine = 0;     // of each text's two representations (what the head reads)
    double labelAgreement = 0; // share of the examples given the same label, 0 to 1
    double floatMacroF1 = 0;
    double int8MacroF1 = 0;
};

// A features run (finetune.strategy=features) found these of its texts' vectors in the
// project's cache; the rest are embedded before its head trains.
struct FeaturesCached
{
    std::int64_t cached = 0;
    std::int64_t texts = 0;
};

// A features run's embedding of the texts the cache lacked, as it goes.
struct TextsEmbedded
{
    std::int64_t done = 0;
    std::int64_t total = 0;
    double textsPerSecond = 0;
    double secondsLeft = 0;
};

using LogMessage = std::variant<DataPrepared, TokenizerReady, EarlyStop, ResumingAt, PredictionsStored,
                                SourceLanguagesUsed, QuantizationAgreement, FeaturesCached, TextsEmbedded>;

std::string englishText(const LogMessage &message);

} // namespace glossa::core::train
