#include "engine/train/labelerrors.h"

#include "data/snapshot.h"
#include "engine/train/crossvalidation.h"
#include "engine/train/encodedsnapshot.h"
#include "engine/train/modelinput.h"
#include "text/tokenizer.h"
#include "train/automaticsettings.h"
#include "train/trainconfig.h"
#include "train/trainsettings.h"
#include "util/error.h"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <optional>
#include <sstream>

namespace glossa::core::train {
namespace {

std::string percent(double share)
{
    std::ostringstream text;
    text << std::fixed << std::setprecision(1) << share * 100 << "%";
    return text.str();
}

void requireSearchable(const data::DatasetSnapshot &snapshot, const ExampleList &labelled,
                       const LabelErrorOptions &options)
{
    const int folds = options.folds;
    if (folds < 2)
        throw Error("cross-validation needs at least 2 folds (got " + std::to_string(folds) + ")");
    if (!(options.maxShare > 0 && options.maxShare <= 1))
        throw Error("the queue's share of the examples must be above 0 and at most 100%");
    if (snapshot.labels.size() < 2 || labelled.size() < static_cast<std::size_t>(folds) * 4)
        throw Error("dataset '" + snapshot.datasetName + "' has too few labelled examples ("
                    + std::to_string(labelled.size()) + ") for " + std::to_string(folds)
                    + "-fold cross-validation: it needs " + std::to_string(folds * 4) + " in at least 2 labels");
}

// Per-class thresholds: how sure the model is of a class on examples labelled with it.
std::vector<double> classThresholds(const ExampleList &labelled, const std::vector<float> &probabilities,
                                    std::size_t width)
{
    std::vector<double> threshold(width, 0.0);
    std::vector<std::size_t> count(width, 0);
    for (std::size_t i = 0; i < labelled.size(); ++i) {
        const auto given = static_cast<std::size_t>(labelled[i]->label);
        threshold[given] += probabilities[i * width + given];
        ++count[given];
    }
    for (std::size_t c = 0; c < width; ++c)
        threshold[c] = count[c] ? threshold[c] / static_cast<double>(count[c]) : 1.0;
    return threshold;
}

// The confident joint's column for an example: the most probable class among those at or
// above their threshold.
std::optional<std::size_t> confidentClass(const float *p, const std::vector<double> &threshold)
{
    std::optional<std::size_t> confident;
    for (std::size_t c = 0; c < threshold.size(); ++c)
        if (p[c] >= threshold[c] && (!confident || p[c] > p[*confident]))
            confident = c;
    return confident;
}

// Most suspicious first; every flagged id is kept, the queue only up to the cap.
void rankAndCap(LabelErrorSearch &search, double maxShare)
{
    std::stable_sort(search.candidates.begin(), search.candidates.end(),
                     [](const auto &a, const auto &b) { return a.score > b.score; });
    search.flagged = static_cast<std::int64_t>(search.candidates.size());
    for (const auto &candidate : search.candidates)
        search.flaggedIds.push_back(candidate.exampleId);
    search.cap = std::max<std::int64_t>(
        1, static_cast<std::int64_t>(std::floor(maxShare * static_cast<double>(search.examples))));
    if (static_cast<std::int64_t>(search.candidates.size()) > search.cap)
        search.candidates.resize(static_cast<std::size_t>(search.cap));
}

} // namespace

LabelErrorSummary LabelErrorSearch::summary() const
{
    LabelErrorSummary summary;
    summary.examples = examples;
    summary.flagged = flagged;
    summary.candidates = static_cast<std::int64_t>(candidates.size());
    summary.cap = cap;
    summary.folds = folds;
    summary.ranking = ranking;
    summary.outOfSampleAccuracy = outOfSampleAccuracy;
    summary.accuracyTooLow = accuracyTooLow();
    summary.minUsefulAccuracy = minUsefulAccuracy;
    return summary;
}

LabelErrorSearch findLabelErrors(const data::DatasetSnapshot &snapshot, const TrainConfig &config,
                                 const text::Tokenizer &tokenizer, const LabelErrorOptions &options,
                                 TrainingObserver &observer, std::stop_token stop)
{
    const int classes = static_cast<int>(snapshot.labels.size());
    const int folds = options.folds;
    const auto labelled = labelledExamples(snapshot);
    requireSearchable(snapshot, labelled, options);

    // Confident learning compares probabilities, so each fold keeps the checkpoint whose
    // probabilities fit its dev slice best (the lowest loss), not the first to reach the best
    // F1: on easy data F1 saturates while the model is still unsure of everything.
    auto foldConfig = resolveAutomaticSettings(config, snapshot);
    foldConfig.set("eval.early_stopping_metric", std::string("loss"));
    FoldProgress progress(observer, folds);
    if (options.foldStarted)
        options.foldStarted(0, folds);
    observer.log("label errors: fold 1 of " + std::to_string(folds) + ", " + std::to_string(labelled.size())
                 + " labelled examples in " + std::to_string(folds) + " group-aware folds");
    // Every fold trains on most of the examples: tokenised once here, not once per fold.
    std::optional<EncodedSnapshot> encoded;
    if (!options.features)
        encoded.emplace(labelled, ModelInput(TrainSettings::from(foldConfig), tokenizer.vocabSize()), tokenizer);
    const auto cv = crossValidate(
        labelled, snapshot.labels, snapshot.datasetName, foldConfig, tokenizer, folds, options.workDir, progress,
        [&](const FoldReport &report) {
            if (report.fold + 1 < report.folds) {
                progress.startFold(report.fold + 1);
                if (options.foldStarted)
                    options.foldStarted(report.fold + 1, report.folds);
                observer.log("label errors: fold " + std::to_string(report.fold + 2) + " of "
                             + std::to_string(report.folds) + ", after fold " + std::to_string(report.fold + 1)
                             + " held out " + std::to_string(report.result.test.overall.examples)
                             + " examples at accuracy " + percent(report.result.test.overall.accuracy));
            }
        },
        stop, {}, options.features, encoded ? &*encoded : nullptr);
    const auto width = static_cast<std::size_t>(classes);
    const auto &probabilities = cv.probabilities;

    const auto threshold = classThresholds(labelled, probabilities, width);

    LabelErrorSearch search;
    search.examples = static_cast<std::int64_t>(labelled.size());
    search.folds = folds;
    search.ranking = options.ranking == LabelErrorRanking::Margin ? "margin" : "self-confidence";
    search.outOfSampleAccuracy = cv.accuracy;
    for (std::size_t i = 0; i < labelled.size(); ++i) {
        const auto given = static_cast<std::size_t>(labelled[i]->label);
        if (cv.predicted[i] != labelled[i]->label)
            search.disagreeingIds.push_back(labelled[i]->id);
        const float *p = probabilities.data() + i * width;
        const auto confident = confidentClass(p, threshold);
        if (!confident || *confident == given)
            continue;
        store::LabelErrorCandidate candidate;
        candidate.exampleId = labelled[i]->id;
        candidate.givenLabel = snapshot.labels[given];
        candidate.suggestedLabel = snapshot.labels[*confident];
        candidate.givenProbability = p[given];
        candidate.suggestedProbability = p[*confident];
        candidate.score = options.ranking == LabelErrorRanking::Margin
                              ? candidate.suggestedProbability - candidate.givenProbability
                              : 1.0 - candidate.givenProbability;
        candidate.text = labelled[i]->text;
        candidate.lang = labelled[i]->lang;
        search.candidates.push_back(std::move(candidate));
    }
    rankAndCap(search, options.maxShare);
    return search;
}

} // namespace glossa::core::train
