#include "engine/train/crossvalidation.h"

#include "data/snapshot.h"
#include "train/trainsettings.h"
#include "util/error.h"

#include <algorithm>
#include <map>
#include <random>
#include <string_view>
#include <unordered_map>

namespace glossa::core::train {
namespace {

// Examples by group, in first-seen order; an example without a group is a group of one.
std::vector<std::vector<std::size_t>> groupsOf(std::span<const data::SnapshotExample *const> examples)
{
    std::vector<std::vector<std::size_t>> groups;
    std::unordered_map<std::string_view, std::size_t> index;
    for (std::size_t i = 0; i < examples.size(); ++i) {
        const auto &group = examples[i]->group;
        if (!group || group->empty()) {
            groups.push_back({i});
            continue;
        }
        const auto [it, inserted] = index.try_emplace(*group, groups.size());
        if (inserted)
            groups.emplace_back();
        groups[it->second].push_back(i);
    }
    return groups;
}

} // namespace

ExampleList labelledExamples(const data::DatasetSnapshot &snapshot)
{
    ExampleList labelled;
    for (const auto &example : snapshot.examples)
        if (example.label >= 0)
            labelled.push_back(&example);
    return labelled;
}

std::vector<int> assignFolds(std::span<const data::SnapshotExample *const> examples, int folds, std::uint64_t seed)
{
    if (folds < 2)
        throw Error("cross-validation needs at least 2 folds (got " + std::to_string(folds) + ")");
    // Groups by the label of their first example (translations share their label).
    std::map<int, std::vector<std::vector<std::size_t>>> byLabel;
    for (auto &group : groupsOf(examples))
        byLabel[examples[group.front()]->label].push_back(std::move(group));
    std::mt19937_64 random(seed);
    std::vector<int> fold(examples.size(), 0);
    int next = 0; // rotates the starting fold, so the first folds do not collect every remainder
    for (auto &[label, groups] : byLabel) {
        std::shuffle(groups.begin(), groups.end(), random);
        // Larger groups first, so the small ones even out what they leave.
        std::stable_sort(groups.begin(), groups.end(),
                         [](const auto &a, const auto &b) { return a.size() > b.size(); });
        std::vector<std::size_t> filled(static_cast<std::size_t>(folds), 0);
        for (const auto &group : groups) {
            int target = next;
            for (int k = 0; k < folds; ++k) {
                const int candidate = (next + k) % folds;
                if (filled[static_cast<std::size_t>(candidate)] < filled[static_cast<std::size_t>(target)])
                    target = candidate;
            }
            for (const auto i : group)
                fold[i] = target;
            filled[static_cast<std::size_t>(target)] += group.size();
            next = (target + 1) % folds;
        }
    }
    return fold;
}

void splitForTraining(std::span<const data::SnapshotExample *const> rest, std::uint64_t seed, ExampleList &train,
                      ExampleList &dev)
{
    auto groups = groupsOf(rest);
    std::mt19937_64 random(seed ^ 0xD1B54A32D192ED03ULL);
    std::shuffle(groups.begin(), groups.end(), random);
    for (std::size_t g = 0; g < groups.size(); ++g)
        for (const auto i : groups[g])
            (g % 10 == 0 ? dev : train).push_back(rest[i]);
}

namespace {

// The examples of fold k go to heldOut (returned: their indices), the rest to rest.
std::vector<std::size_t> holdOutFold(std::span<const data::SnapshotExample *const> examples,
                                     const std::vector<int> &foldOf, int k, ExampleList &heldOut, ExampleList &rest)
{
    std::vector<std::size_t> indices;
    for (std::size_t i = 0; i < examples.size(); ++i) {
        if (foldOf[i] == k) {
            heldOut.push_back(examples[i]);
            indices.push_back(i);
        } else {
            rest.push_back(examples[i]);
        }
    }
    return indices;
}

// A fold model's probabilities and predictions for the examples it did not see.
void keepHeldOutScores(CrossValidation &cv, const std::vector<std::size_t> &heldOut,
                       const std::vector<float> &probabilities, std::size_t width)
{
    for (std::size_t j = 0; j < heldOut.size(); ++j) {
        const auto *p = probabilities.data() + j * width;
        std::copy_n(p, width, cv.probabilities.begin() + static_cast<std::ptrdiff_t>(heldOut[j] * width));
        cv.predicted[heldOut[j]] = static_cast<int>(std::max_element(p, p + width) - p);
    }
}

} // namespace

CrossValidation crossValidate(std::span<const data::SnapshotExample *const> examples,
                              const std::vector<std::string> &labels, const std::string &datasetName,
                              const TrainConfig &config, const text::Tokenizer &tokenizer, int folds,
                              const std::filesystem::path &workDir, TrainingObserver &foldObserver,
                              const std::function<void(const FoldReport &)> &foldDone, std::stop_token stop,
                              const std::function<void(Trainer *)> &onTrainer, const FeatureVectors *features,
                              const EncodedSnapshot *encoded)
{
    const auto seed = static_cast<std::uint64_t>(TrainSettings::from(config).run.seed);
    const auto width = labels.size();
    CrossValidation cv;
    cv.folds = folds;
    cv.fold = assignFolds(examples, folds, seed);
    cv.probabilities.assign(examples.size() * width, 0.0f);
    cv.predicted.assign(examples.size(), 0);
    for (int k = 0; k < folds; ++k) {
        if (stop.stop_requested())
            throw Error("cross-validation was stopped before its last fold");
        TrainingData data{datasetName, labels, {}, {}, {}};
        ExampleList rest;
        const auto heldOut = holdOutFold(examples, cv.fold, k, data.test, rest);
        if (heldOut.empty())
            continue; // fewer groups than folds: nothing to hold out here
        splitForTraining(rest, seed + static_cast<std::uint64_t>(k), data.train, data.dev);
        TrainerOptions options{workDir / ("fold-" + std::to_string(k)), false, true, features, encoded};
        Trainer trainer(data, config, tokenizer, options, foldObserver);
        // The hook lets go of the trainer whichever way the fold ends.
        struct Handover
        {
            const std::function<void(Trainer *)> &hook;
            ~Handover()
            {
                if (hook)
                    hook(nullptr);
            }
        } handover{onTrainer};
        if (onTrainer)
            onTrainer(&trainer);
        const auto result = trainer.run(stop);
        if (result.status != store::RunStatus::Finished)
            throw Error("cross-validation was stopped before its last fold");
        keepHeldOutScores(cv, heldOut, result.testProbabilities, width);
        cv.bestEpochs.push_back(result.best ? result.best->epoch : result.epochs);
        if (foldDone)
            foldDone({k, folds, data.train.size(), result});
    }
    std::error_code ignored;
    std::filesystem::remove_all(workDir, ignored);
    std::size_t correct = 0;
    for (std::size_t i = 0; i < examples.size(); ++i)
        correct += cv.predicted[i] == examples[i]->label ? 1 : 0;
    cv.accuracy = examples.empty() ? 0.0 : static_cast<double>(correct) / static_cast<double>(examples.size());
    return cv;
}

FoldProgress::FoldProgress(TrainingObserver &outer, int folds)
    : m_outer(outer)
    , m_folds(folds)
{
}

void FoldProgress::startFold(int fold)
{
    m_fold = fold;
    m_stepsBefore += m_lastStep;
    m_lastStep = 0;
}

void FoldProgress::progress(const TrainingProgress &progress)
{
    m_lastStep = progress.step;
    auto whole = progress;
    whole.step = m_stepsBefore + progress.step;
    // The folds are alike: each takes about as many steps as this one.
    whole.totalSteps = m_stepsBefore + progress.totalSteps * (m_folds - m_fold);
    const auto leftInFold = progress.totalSteps - progress.step;
    const double secondsPerStep = leftInFold > 0 ? progress.etaSeconds / static_cast<double>(leftInFold) : 0.0;
    whole.etaSeconds = secondsPerStep * static_cast<double>(std::max<std::int64_t>(0, whole.totalSteps - whole.step));
    m_outer.progress(whole);
}

} // namespace glossa::core::train
