#include "train/evaluationplan.h"

#include "data/snapshot.h"
#include "train/sourcelanguages.h"
#include "train/trainsettings.h"
#include "util/error.h"

#include <algorithm>
#include <map>
#include <set>

namespace glossa::core::train {

namespace {

EvaluationPlan planSourceRestricted(const data::DatasetSnapshot &snapshot, const std::vector<std::string> &sources)
{
    EvaluationPlan plan;
    std::map<std::string, std::size_t> trainRows;
    for (const auto &example : snapshot.examples) {
        if (example.label < 0)
            continue;
        const bool source = std::find(sources.begin(), sources.end(), example.lang) != sources.end();
        if (example.split == data::Split::Test)
            ++plan.test;
        else if (source && example.split == data::Split::Dev)
            ++plan.dev;
        else if (source)
            ++trainRows[example.lang];
        plan.labelled += source || example.split == data::Split::Test ? 1 : 0;
    }
    const auto name = "dataset '" + snapshot.datasetName + "'";
    for (const auto &language : sources)
        if (trainRows[language] == 0)
            throw Error(name + " has no labelled training rows in language '" + language
                        + "', so a run cannot learn from it (eval.source_languages)");
    if (plan.test < minEvaluationExamples)
        throw Error(name + " has " + std::to_string(plan.test) + " labelled test rows; a transfer run needs "
                    + std::to_string(minEvaluationExamples)
                    + " to score. Split it again: glossa-cli split --project FILE --dataset " + snapshot.datasetName);
    // Picking a checkpoint on a few dozen rows is noisy but still strict; on almost none it is
    // chance, so then held-out source training rows pick it.
    if (plan.dev < minTrainableExamples) {
        plan.devFromTraining = true;
        plan.reason = "the source languages' dev split holds " + std::to_string(plan.dev)
                      + " labelled examples: one group in ten of their training rows picks the checkpoint instead";
    } else if (plan.dev < minEvaluationExamples) {
        plan.reason = "the checkpoint is picked on the source languages' " + std::to_string(plan.dev)
                      + " labelled dev examples only (fewer than " + std::to_string(minEvaluationExamples)
                      + ": the choice is noisy)";
    }
    return plan;
}

} // namespace

EvaluationPlan planEvaluation(const data::DatasetSnapshot &snapshot, const TrainSettings &settings)
{
    if (const auto sources = parseSourceLanguages(settings.eval.sourceLanguages); !sources.empty())
        return planSourceRestricted(snapshot, sources);
    EvaluationPlan plan;
    std::set<int> labels;
    for (const auto &example : snapshot.examples) {
        if (example.label < 0)
            continue;
        ++plan.labelled;
        labels.insert(example.label);
        plan.dev += example.split == data::Split::Dev ? 1 : 0;
        plan.test += example.split == data::Split::Test ? 1 : 0;
    }
    // One label: the trainer says why that cannot train, naming the label.
    if (labels.size() < 2 || (plan.dev >= minEvaluationExamples && plan.test >= minEvaluationExamples))
        return plan;
    const auto name = "dataset '" + snapshot.datasetName + "'";
    if (plan.labelled < minTrainableExamples)
        throw Error(name + " has " + std::to_string(plan.labelled) + " labelled examples; label at least "
                    + std::to_string(minTrainableExamples - plan.labelled) + " more to train a run");
    const auto splits = "its dev split holds " + std::to_string(plan.dev) + " labelled examples and its test split "
                        + std::to_string(plan.test);
    if (plan.labelled > maxCrossValidatedExamples)
        throw Error(name + " is not split for evaluation: " + splits + " (a run needs "
                    + std::to_string(minEvaluationExamples)
                    + " in each to pick its model and score it). Split it again: glossa-cli split --project FILE "
                      "--dataset "
                    + snapshot.datasetName + " (in the workbench: Data, Re-split)");
    plan.crossValidation = true;
    plan.folds = static_cast<int>(settings.eval.folds);
    plan.reason = splits + ", fewer than " + std::to_string(minEvaluationExamples) + ": scored by "
                  + std::to_string(plan.folds) + "-fold cross-validation over all " + std::to_string(plan.labelled)
                  + " labelled examples instead";
    return plan;
}

} // namespace glossa::core::train
