#include "engine/train/trainingstate.h"

#include "engine/model/textclassifier.h"
#include "engine/train/sparserowoptimizer.h"
#include "util/error.h"

#include <torch/optim/optimizer.h>
#include <torch/serialize/input-archive.h>
#include <torch/serialize/output-archive.h>

namespace glossa::core::train {
namespace {

constexpr std::int64_t stateFormat = 1;

torch::Tensor integerTensor(std::int64_t value)
{
    return torch::tensor(value, torch::kInt64);
}

torch::Tensor realTensor(double value)
{
    return torch::tensor(value, torch::kFloat64);
}

} // namespace

void saveTrainingState(const std::filesystem::path &file, const TrainingPosition &position,
                       model::TextClassifier &model, torch::optim::Optimizer &optimizer,
                       const SparseRowOptimizer *sparseOptimizer)
{
    torch::serialize::OutputArchive archive;
    try {
        archive.write("format", integerTensor(stateFormat));
        archive.write("step", integerTensor(position.step));
        archive.write("epoch", integerTensor(position.epoch));
        archive.write("next_batch", integerTensor(position.nextBatch));
        archive.write("examples_seen", integerTensor(position.examplesSeen));
        archive.write("train_seconds", realTensor(position.trainSeconds));
        archive.write("evaluations_without_gain", integerTensor(position.evaluationsWithoutGain));
        archive.write("has_best", integerTensor(position.bestValue ? 1 : 0));
        archive.write("best_value", realTensor(position.bestValue.value_or(0.0)));
        archive.write("best_step", integerTensor(position.bestStep));
        archive.write("best_epoch", realTensor(position.bestEpoch));

        torch::serialize::OutputArchive weights;
        model.writeWeights(weights);
        archive.write("model", weights);
        torch::serialize::OutputArchive dense;
        optimizer.save(dense);
        archive.write("optimizer", dense);
        if (sparseOptimizer) {
            torch::serialize::OutputArchive sparse;
            sparseOptimizer->save(sparse);
            archive.write("sparse_optimizer", sparse);
        }
    } catch (const c10::Error &e) {
        throw Error(file.string() + ": cannot save the training state: " + e.what_without_backtrace());
    }
    model::saveArchiveAtomically(archive, file, "the training state");
}

TrainingPosition loadTrainingState(const std::filesystem::path &file, model::TextClassifier &model,
                                   torch::optim::Optimizer &optimizer, SparseRowOptimizer *sparseOptimizer)
{
    if (!std::filesystem::exists(file))
        throw Error(file.string() + ": the run's checkpoint is missing, so it cannot resume (train it again)");
    TrainingPosition position;
    try {
        torch::serialize::InputArchive archive;
        archive.load_from(file.string());
        auto integer = [&](const char *key) {
            torch::Tensor value;
            archive.read(key, value);
            return value.item<std::int64_t>();
        };
        auto real = [&](const char *key) {
            torch::Tensor value;
            archive.read(key, value);
            return value.item<double>();
        };
        if (integer("format") != stateFormat)
            throw Error(file.string() + ": a training state of another Glossa version");
        position.step = integer("step");
        position.epoch = integer("epoch");
        position.nextBatch = integer("next_batch");
        position.examplesSeen = integer("examples_seen");
        position.trainSeconds = real("train_seconds");
        position.evaluationsWithoutGain = integer("evaluations_without_gain");
        if (integer("has_best"))
            position.bestValue = real("best_value");
        position.bestStep = integer("best_step");
        position.bestEpoch = real("best_epoch");

        torch::serialize::InputArchive weights;
        archive.read("model", weights);
        model.readWeights(weights, file.string());
        torch::serialize::InputArchive dense;
        archive.read("optimizer", dense);
        optimizer.load(dense);
        if (sparseOptimizer) {
            torch::serialize::InputArchive sparse;
            archive.read("sparse_optimizer", sparse);
            sparseOptimizer->load(sparse);
        }
    } catch (const c10::Error &e) {
        throw Error(file.string()
                    + ": the run's checkpoint is damaged, so it cannot resume: " + e.what_without_backtrace());
    }
    return position;
}

} // namespace glossa::core::train
