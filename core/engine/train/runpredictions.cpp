#include "engine/train/runpredictions.h"

#include "data/snapshot.h"
#include "store/datasetstore.h"
#include "store/runstore.h"
#include "engine/train/predictor.h"

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

namespace glossa::core::train {

std::int64_t storeRunPredictions(store::Database &db, const std::filesystem::path &artefactDir, std::int64_t runId,
                                 const data::DatasetSnapshot &snapshot, const Predictor &predictor,
                                 const EncodedSnapshot *encoded)
{
    return storeRunPredictions(
        db, artefactDir, runId, snapshot, predictor.labels(),
        [&](std::span<const data::SnapshotExample *const> examples) { return predictor.predict(examples, encoded); });
}

std::int64_t storeRunPredictions(store::Database &db, const std::filesystem::path &artefactDir, std::int64_t runId,
                                 const data::DatasetSnapshot &snapshot, const std::vector<std::string> &labels,
                                 const PredictExamples &predict)
{
    // The run's label order, as the dataset's label ids today. A label renamed while the run
    // trained is no longer found by its old name: its predictions are left out rather than
    // recreating the old name.
    store::DatasetStore datasets(db);
    std::vector<std::optional<std::int64_t>> labelIds;
    labelIds.reserve(labels.size());
    for (const auto &name : labels)
        labelIds.push_back(datasets.findLabel(snapshot.datasetId, name));

    constexpr size_t batch = 4096;
    std::vector<store::PredictionRow> rows;
    rows.reserve(snapshot.examples.size());
    std::vector<const data::SnapshotExample *> examples;
    for (size_t first = 0; first < snapshot.examples.size(); first += batch) {
        const size_t last = std::min(first + batch, snapshot.examples.size());
        examples.clear();
        for (size_t i = first; i < last; ++i)
            examples.push_back(&snapshot.examples[i]);
        const auto predictions = predict(examples);
        for (size_t i = 0; i < predictions.size(); ++i) {
            const auto &prediction = predictions[i];
            const auto label = static_cast<size_t>(prediction.label);
            if (const auto labelId = labelIds.at(label))
                rows.push_back(
                    {snapshot.examples[first + i].id, *labelId, prediction.probabilities.at(label), prediction.margin});
        }
    }
    store::RunStore(db, artefactDir).replacePredictions(runId, rows);
    return static_cast<std::int64_t>(rows.size());
}

} // namespace glossa::core::train
