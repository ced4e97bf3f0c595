#include "train/labelerrors.h"

#include "data/snapshot.h"
#include "train/trainconfig.h"
#include "train/trainer.h"
#include "util/error.h"

#include <algorithm>
#include <random>

namespace glossa::core::train {
namespace {

// A stratified fold per example: each class's examples, shuffled, dealt round-robin.
std::vector<int> assignFolds(const std::vector<const data::SnapshotExample *> &examples, int classes, int folds,
                             std::uint64_t seed)
{
    std::vector<std::vector<std::size_t>> byClass(static_cast<std::size_t>(classes));
    for (std::size_t i = 0; i < examples.size(); ++i)
        byClass[static_cast<std::size_t>(examples[i]->label)].push_back(i);
    std::mt19937_64 random(seed);
    std::vector<int> fold(examples.size(), 0);
    int next = 0;
    for (auto &members : byClass) {
        std::shuffle(members.begin(), members.end(), random);
        for (const auto index : members)
            fold[index] = next++ % folds;
    }
    return fold;
}

} // namespace

std::vector<store::LabelErrorCandidate> findLabelErrors(const data::DatasetSnapshot &snapshot,
                                                        const TrainConfig &config, const text::Tokenizer &tokenizer,
                                                        const LabelErrorOptions &options, TrainingObserver &observer,
                                                        std::stop_token stop)
{
    const int classes = static_cast<int>(snapshot.labels.size());
    const int folds = options.folds;
    if (folds < 2)
        throw Error("cross-validation needs at least 2 folds (got " + std::to_string(folds) + ")");
    std::vector<const data::SnapshotExample *> labelled;
    for (const auto &example : snapshot.examples)
        if (example.label >= 0)
            labelled.push_back(&example);
    if (classes < 2 || labelled.size() < static_cast<std::size_t>(folds) * 4)
        throw Error("dataset '" + snapshot.datasetName + "' has too few labelled examples ("
                    + std::to_string(labelled.size()) + ") for " + std::to_string(folds) + "-fold cross-validation");

    const auto seed = static_cast<std::uint64_t>(config.integer("run.seed"));
    const auto fold = assignFolds(labelled, classes, folds, seed);
    const auto width = static_cast<std::size_t>(classes);
    std::vector<float> probabilities(labelled.size() * width, 0.0f);

    for (int k = 0; k < folds; ++k) {
        if (stop.stop_requested())
            throw Error("the search for label errors was stopped");
        // Held-out fold k is the "test" split; one in ten of the rest picks the best epoch.
        TrainingData data{snapshot.datasetName, snapshot.labels, {}, {}, {}};
        std::vector<std::size_t> heldOut;
        std::size_t rest = 0;
        for (std::size_t i = 0; i < labelled.size(); ++i) {
            if (fold[i] == k) {
                data.test.push_back(labelled[i]);
                heldOut.push_back(i);
            } else {
                (rest++ % 10 == 0 ? data.dev : data.train).push_back(labelled[i]);
            }
        }
        observer.log("label errors: fold " + std::to_string(k + 1) + " of " + std::to_string(folds) + ", "
                     + std::to_string(data.train.size()) + " training examples");
        TrainerOptions trainerOptions{options.workDir / ("fold-" + std::to_string(k)), false, true};
        Trainer trainer(data, config, tokenizer, trainerOptions, observer);
        const auto result = trainer.run(stop);
        if (result.status != "finished")
            throw Error("the search for label errors was stopped");
        observer.log("label errors: fold " + std::to_string(k + 1) + " held-out accuracy "
                     + std::to_string(result.test.overall.accuracy));
        for (std::size_t j = 0; j < heldOut.size(); ++j)
            std::copy_n(result.testProbabilities.begin() + static_cast<std::ptrdiff_t>(j * width), width,
                        probabilities.begin() + static_cast<std::ptrdiff_t>(heldOut[j] * width));
    }
    std::error_code ignored;
    std::filesystem::remove_all(options.workDir, ignored);

    // Per-class thresholds: how sure the model is of a class on examples labelled with it.
    std::vector<double> threshold(width, 0.0);
    std::vector<std::size_t> count(width, 0);
    for (std::size_t i = 0; i < labelled.size(); ++i) {
        const auto given = static_cast<std::size_t>(labelled[i]->label);
        threshold[given] += probabilities[i * width + given];
        ++count[given];
    }
    for (std::size_t c = 0; c < width; ++c)
        threshold[c] = count[c] ? threshold[c] / static_cast<double>(count[c]) : 1.0;

    std::vector<store::LabelErrorCandidate> candidates;
    for (std::size_t i = 0; i < labelled.size(); ++i) {
        const auto given = static_cast<std::size_t>(labelled[i]->label);
        const float *p = probabilities.data() + i * width;
        std::optional<std::size_t> suggested;
        for (std::size_t c = 0; c < width; ++c)
            if (c != given && p[c] >= threshold[c] && p[c] > p[given] && (!suggested || p[c] > p[*suggested]))
                suggested = c;
        if (!suggested)
            continue;
        store::LabelErrorCandidate candidate;
        candidate.exampleId = labelled[i]->id;
        candidate.givenLabel = snapshot.labels[given];
        candidate.suggestedLabel = snapshot.labels[*suggested];
        candidate.givenProbability = p[given];
        candidate.suggestedProbability = p[*suggested];
        candidate.score = candidate.suggestedProbability - candidate.givenProbability;
        candidate.text = labelled[i]->text;
        candidate.lang = labelled[i]->lang;
        candidates.push_back(std::move(candidate));
    }
    std::sort(candidates.begin(), candidates.end(), [](const auto &a, const auto &b) { return a.score > b.score; });
    return candidates;
}

} // namespace glossa::core::train
