#include "ui/session/enginelogtext.h"

#include "ui/session/qtcore.h"

#include <QCoreApplication>
#include <QLocale>

#include <cmath>

namespace glossa::ui {

namespace train = core::train;

namespace {

// The context the translations of these lines are filed under.
class EngineLog
{
    Q_DECLARE_TR_FUNCTIONS(EngineLog)
};

QString seconds(double value)
{
    return EngineLog::tr("%1 s").arg(QLocale().toString(value, 'f', 1));
}

QString duration(double value)
{
    const auto whole = static_cast<qint64>(std::llround(std::max(value, 0.0)));
    return whole >= 3600 ? QStringLiteral("%1:%2:%3")
                               .arg(whole / 3600)
                               .arg((whole % 3600) / 60, 2, 10, QLatin1Char('0'))
                               .arg(whole % 60, 2, 10, QLatin1Char('0'))
                         : QStringLiteral("%1:%2").arg(whole / 60).arg(whole % 60, 2, 10, QLatin1Char('0'));
}

QString epochText(double epoch)
{
    // "3", "2.5" or "1.33": as precise as it is.
    return QLocale().toString(epoch, 'g', 3);
}

QString modelName(const std::string &model)
{
    if (model == "bag")
        return EngineLog::tr("bag-of-subwords");
    if (model == "transformer")
        return EngineLog::tr("transformer");
    if (model == "pretrained")
        return EngineLog::tr("pretrained encoder");
    return fromUtf8(model);
}

struct Worded
{
    QString operator()(const train::DataPrepared &m) const
    {
        const QLocale locale;
        return EngineLog::tr("Training on %1 examples (%2 dev, %3 test), %4 classes: %5 model on %6")
            .arg(locale.toString(m.trainExamples), locale.toString(m.devExamples), locale.toString(m.testExamples),
                 locale.toString(m.classes), modelName(m.model), fromUtf8(m.device));
    }
    QString operator()(const train::TokenizerReady &m) const
    {
        const QLocale locale;
        using How = train::TokenizerReady::How;
        switch (m.how) {
        case How::Reused: return EngineLog::tr("Tokenizer: reused the one these texts and settings made before");
        case How::ModelOwn: return EngineLog::tr("Tokenizer: the pretrained model's own (%1)").arg(fromUtf8(m.file));
        case How::TrainedWhileStarting:
            return EngineLog::tr("Tokenizer: trained %1 pieces in %2 while the engine started")
                .arg(locale.toString(m.pieces), seconds(m.seconds));
        case How::Trained: break;
        }
        return EngineLog::tr("Tokenizer: trained %1 pieces in %2").arg(locale.toString(m.pieces), seconds(m.seconds));
    }
    QString operator()(const train::EarlyStop &m) const
    {
        return EngineLog::tr(
                   "Early stop: no better %1 in %2 evaluations after warm-up; keeping the best model, from epoch %3")
            .arg(metricDisplayName(fromUtf8(m.metric)), QLocale().toString(m.patience), epochText(m.bestEpoch));
    }
    QString operator()(const train::ResumingAt &m) const
    {
        return EngineLog::tr("Resuming at step %1 of %2")
            .arg(QLocale().toString(m.step), QLocale().toString(m.totalSteps));
    }
    QString operator()(const train::SourceLanguagesUsed &m) const
    {
        const QLocale locale;
        using Checkpoint = train::SourceLanguagesUsed::Checkpoint;
        const QString languages = fromUtf8(m.languages);
        switch (m.checkpoint) {
        case Checkpoint::FewSourceDev:
            return EngineLog::tr("Zero-shot transfer from %1: trains on %2 examples, picks its checkpoint on only %3 "
                                 "dev examples of its own (a noisy choice), tested on all %4 test examples")
                .arg(languages, locale.toString(m.trainExamples), locale.toString(m.devExamples),
                     locale.toString(m.testExamples));
        case Checkpoint::HeldOutTrain:
            return EngineLog::tr("Zero-shot transfer from %1: its dev split is almost empty, so %3 of its training "
                                 "examples pick the checkpoint and %2 train; tested on all %4 test examples")
                .arg(languages, locale.toString(m.trainExamples), locale.toString(m.devExamples),
                     locale.toString(m.testExamples));
        case Checkpoint::SourceDev: break;
        }
        return EngineLog::tr("Zero-shot transfer from %1: trains on %2 examples, picks its checkpoint on %3 dev "
                             "examples of its own, tested on all %4 test examples")
            .arg(languages, locale.toString(m.trainExamples), locale.toString(m.devExamples),
                 locale.toString(m.testExamples));
    }
    QString operator()(const train::PredictionsStored &m) const
    {
        return EngineLog::tr("Predictions stored for %1 examples in %2")
            .arg(QLocale().toString(m.examples), seconds(m.seconds));
    }
    QString operator()(const train::QuantizationAgreement &m) const
    {
        const QLocale locale;
        const double difference = m.int8MacroF1 - m.floatMacroF1;
        const QString split = m.split == "test" ? EngineLog::tr("test") : EngineLog::tr("dev");
        return EngineLog::tr("Int8 against float32 on %1 %2 examples: embeddings' mean cosine %3, labels agree on "
                             "%4%, macro-F1 %5 against %6 (%7)")
            .arg(locale.toString(m.examples), split, locale.toString(m.meanCosine, 'f', 4),
                 locale.toString(100 * m.labelAgreement, 'f', 1), locale.toString(m.int8MacroF1, 'f', 3),
                 locale.toString(m.floatMacroF1, 'f', 3),
                 (difference >= 0 ? QStringLiteral("+") : QString()) + locale.toString(difference, 'f', 3));
    }
    QString operator()(const train::FeaturesCached &m) const
    {
        const QLocale locale;
        return EngineLog::tr("Features: %1 of %2 texts' vectors are in the project; %3 to embed")
            .arg(locale.toString(m.cached), locale.toString(m.texts), locale.toString(m.texts - m.cached));
    }
    QString operator()(const train::TextsEmbedded &m) const
    {
        const QLocale locale;
        if (m.textsPerSecond <= 0)
            return EngineLog::tr("Features: embedded %1 of %2 new texts")
                .arg(locale.toString(m.done), locale.toString(m.total));
        return EngineLog::tr("Features: embedded %1 of %2 new texts · %3 texts/s · %4 left")
            .arg(locale.toString(m.done), locale.toString(m.total), locale.toString(m.textsPerSecond, 'f', 1),
                 duration(m.secondsLeft));
    }
};

} // namespace

QString metricDisplayName(const QString &metric)
{
    if (metric == QLatin1String("macro_f1"))
        return EngineLog::tr("macro-F1");
    if (metric == QLatin1String("accuracy"))
        return EngineLog::tr("accuracy");
    if (metric == QLatin1String("loss"))
        return EngineLog::tr("dev loss");
    return metric;
}

QString engineLogText(const train::LogMessage &message)
{
    return std::visit(Worded{}, message);
}

QString progressLogText(const train::events::Progress &progress)
{
    const QLocale locale;
    return EngineLog::tr("Step %1 of %2 · epoch %3 · loss %4 · %5 examples/s · %6 left")
        .arg(locale.toString(progress.step), locale.toString(progress.totalSteps), epochText(progress.epoch),
             locale.toString(progress.loss, 'f', 4),
             locale.toString(static_cast<qint64>(std::llround(progress.examplesPerSecond))),
             duration(progress.etaSeconds));
}

QString evaluationLogText(const train::events::Evaluation &evaluation)
{
    const QLocale locale;
    const QString line =
        EngineLog::tr("Dev at step %1 (epoch %2): macro-F1 %3 · accuracy %4 · loss %5")
            .arg(locale.toString(evaluation.step), epochText(evaluation.epoch),
                 locale.toString(evaluation.macroF1, 'f', 4), locale.toString(evaluation.accuracy, 'f', 4),
                 locale.toString(evaluation.loss, 'f', 4));
    return evaluation.best ? EngineLog::tr("%1 · best so far").arg(line) : line;
}

} // namespace glossa::ui
