#include "train/evaluationplan.h"

#include "data/snapshot.h"
#include "train/trainsettings.h"
#include "util/error.h"

#include <set>

namespace glossa::core::train {

EvaluationPlan planEvaluation(const data::DatasetSnapshot &snapshot, const TrainSettings &settings)
{
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
