#include "train/logmessage.h"

#include <iomanip>
#include <sstream>

namespace glossa::core::train {
namespace {

std::string number(double value, int precision)
{
    std::ostringstream out;
    out << std::setprecision(precision) << value;
    return out.str();
}

std::string fixed(double value, int decimals)
{
    std::ostringstream out;
    out << std::fixed << std::setprecision(decimals) << value;
    return out.str();
}

struct English
{
    std::string operator()(const DataPrepared &m) const
    {
        return "training on " + std::to_string(m.trainExamples) + " examples, " + std::to_string(m.devExamples)
               + " dev, " + std::to_string(m.testExamples) + " test; " + std::to_string(m.classes) + " classes; "
               + m.model + " model on " + m.device;
    }
    std::string operator()(const TokenizerReady &m) const
    {
        switch (m.how) {
        case TokenizerReady::How::Reused: return "tokenizer: reused " + m.file;
        case TokenizerReady::How::ModelOwn: return "tokenizer: the model's own, " + m.file;
        case TokenizerReady::How::TrainedWhileStarting:
            return "tokenizer: trained " + std::to_string(m.pieces) + " pieces in " + fixed(m.seconds, 1)
                   + " s while the engine started";
        case TokenizerReady::How::Trained: break;
        }
        return "tokenizer: trained " + std::to_string(m.pieces) + " pieces in " + std::to_string(m.seconds) + " s";
    }
    std::string operator()(const EarlyStop &m) const
    {
        return "early stop: no better " + m.metric + " in " + std::to_string(m.patience)
               + " evaluations after warm-up; keeping the best, from epoch " + number(m.bestEpoch, 3);
    }
    std::string operator()(const ResumingAt &m) const
    {
        return "resuming at step " + std::to_string(m.step) + " of " + std::to_string(m.totalSteps);
    }
    std::string operator()(const SourceLanguagesUsed &m) const
    {
        std::string how;
        switch (m.checkpoint) {
        case SourceLanguagesUsed::Checkpoint::FewSourceDev: how = " (few: the choice is noisy)"; break;
        case SourceLanguagesUsed::Checkpoint::HeldOutTrain:
            how = " held out from its training rows (its dev split is almost empty)";
            break;
        case SourceLanguagesUsed::Checkpoint::SourceDev: break;
        }
        return "zero-shot transfer from " + m.languages + ": trains on " + std::to_string(m.trainExamples)
               + " examples, picks its checkpoint on " + std::to_string(m.devExamples) + " of its own" + how
               + ", tested on all " + std::to_string(m.testExamples) + " test examples of every language";
    }
    std::string operator()(const PredictionsStored &m) const
    {
        return "predictions: " + std::to_string(m.examples) + " examples in " + std::to_string(m.seconds) + " s";
    }
    std::string operator()(const QuantizationAgreement &m) const
    {
        const double difference = m.int8MacroF1 - m.floatMacroF1;
        return "int8 against float32 on " + std::to_string(m.examples) + " " + m.split
               + " examples: embeddings' mean cosine " + fixed(m.meanCosine, 4) + ", labels agree on "
               + fixed(100 * m.labelAgreement, 1) + "%, macro-F1 " + fixed(m.int8MacroF1, 3) + " against "
               + fixed(m.floatMacroF1, 3) + " (" + (difference >= 0 ? "+" : "") + fixed(difference, 3) + ")";
    }
    std::string operator()(const FeaturesCached &m) const
    {
        return "features: " + std::to_string(m.cached) + " of " + std::to_string(m.texts)
               + " texts' vectors found in the project; " + std::to_string(m.texts - m.cached) + " to embed";
    }
    std::string operator()(const TextsEmbedded &m) const
    {
        std::ostringstream line;
        line << "features: embedded " << m.done << " of " << m.total << " new texts";
        if (m.textsPerSecond > 0)
            line << std::fixed << std::setprecision(1) << " (" << m.textsPerSecond << " texts/s, about "
                 << std::setprecision(0) << m.secondsLeft << " s left)";
        return line.str();
    }
};

} // namespace

std::string englishText(const LogMessage &message)
{
    return std::visit(English{}, message);
}

} // namespace glossa::core::train
