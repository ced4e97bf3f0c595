#include "engine/train/featurerun.h"

#include "data/snapshot.h"
#include "engine/model/featureclassifier.h"
#include "engine/train/featurevectors.h"
#include "engine/train/modelbuilder.h"
#include "engine/train/predictor.h"
#include "engine/train/runpredictions.h"
#include "model/hfconfig.h"
#include "model/safetensors.h"
#include "store/runstore.h"
#include "train/trainingobserver.h"
#include "train/trainsettings.h"
#include "util/error.h"

#include <algorithm>

namespace glossa::core::train {
namespace {

constexpr std::string_view encoderWeightsKind = "encoder-weights";

} // namespace

bool isFeaturesRun(const TrainSettings &settings)
{
    return settings.model.type == ModelType::Pretrained && settings.finetune.strategy == FineTuneStrategy::Features;
}

void keepEncoderWeights(store::RunStore &runs, std::int64_t runId, const TrainSettings &settings,
                        const std::string &folderFingerprint, TrainingObserver &observer)
{
    const auto source = "hf-encoder:" + folderFingerprint;
    if (auto stored = runs.findArtefactBySource(encoderWeightsKind, source)) {
        runs.linkArtefact(runId, encoderWeightsRole, stored->id);
        return;
    }
    observer.log("features: keeping the model's encoder weights in the project (once per model folder)");
    const std::filesystem::path folder = settings.model.path;
    model::PretrainedEncoder encoder(model::readHfEncoderConfig(folder), /*withPooler=*/false);
    model::loadEncoderWeights(*encoder, model::Checkpoint::open(folder));
    const auto file = runs.runDir(runId) / "encoder.pt";
    std::filesystem::create_directories(file.parent_path());
    model::saveEncoderArchive(*encoder, file);
    // No owning run: the weights belong to every run of the folder.
    const auto stored = runs.addArtefact(encoderWeightsKind, file, std::nullopt, source);
    runs.linkArtefact(runId, encoderWeightsRole, stored.id);
}

std::int64_t storeFeaturePredictions(store::Database &db, const std::filesystem::path &artefactDir, std::int64_t runId,
                                     const data::DatasetSnapshot &snapshot, model::TextClassifier &model,
                                     const FeatureVectors &vectors)
{
    auto &head = dynamic_cast<model::FeatureClassifier &>(model);
    head.eval();
    const auto width = static_cast<std::int64_t>(vectors.dimension());
    std::vector<std::string> labels = snapshot.labels;
    return storeRunPredictions(db, artefactDir, runId, snapshot, labels, [&](std::span<const data::SnapshotExample *const> examples) {
        auto stacked = torch::empty({static_cast<std::int64_t>(examples.size()), width}, torch::kFloat32);
        auto *out = stacked.data_ptr<float>();
        for (std::size_t i = 0; i < examples.size(); ++i) {
            const auto *vector = vectors.find(examples[i]->text);
            if (!vector)
                throw Error("a text of the run's snapshot has no cached vector; train the run again");
            std::copy_n(vector, vectors.dimension(), out + i * vectors.dimension());
        }
        torch::NoGradGuard noGrad;
        const auto probabilities = torch::softmax(head.logitsFromVectors(stacked), 1).contiguous();
        return predictionsFrom(probabilities.data_ptr<float>(), examples.size(),
                               static_cast<std::size_t>(probabilities.size(1)));
    });
}

} // namespace glossa::core::train
