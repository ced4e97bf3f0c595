// How well the label-error queue finds wrong labels: the demo set with 5% of its labels flipped
// to another label (seeded), then the search of the Review tab (confident learning over 5-fold
// out-of-sample predictions of the default model). Prints precision and recall of the flagged
// set, of the capped queue, and of the plain rule "the out-of-sample prediction disagrees with
// the label" (the peer), in the same run, with the ratios.
//
// usage: label_noise [SEED [NOISE_PERCENT]]   (defaults 13 and 5)

#include "data/demoproject.h"
#include "data/snapshot.h"
#include "store/datasetstore.h"
#include "store/project.h"
#include "store/runstore.h"
#include "engine/train/labelerrors.h"
#include "train/tokenizercache.h"
#include "train/trainconfig.h"
#include "engine/train/trainer.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <set>
#include <string>
#include <unistd.h>
#include <vector>

using namespace glossa::core;

namespace {

struct Score
{
    double precision = 0;
    double recall = 0;
    std::size_t size = 0;
};

Score scoreAgainst(const std::vector<std::int64_t> &flagged, const std::set<std::int64_t> &flipped)
{
    std::size_t hits = 0;
    for (const auto id : flagged)
        hits += flipped.contains(id) ? 1 : 0;
    return {flagged.empty() ? 0.0 : static_cast<double>(hits) / static_cast<double>(flagged.size()),
            flipped.empty() ? 0.0 : static_cast<double>(hits) / static_cast<double>(flipped.size()), flagged.size()};
}

} // namespace

int main(int argc, char **argv)
{
    const auto seed = static_cast<std::uint64_t>(argc > 1 ? std::atoll(argv[1]) : 13);
    const double noise = (argc > 2 ? std::atof(argv[2]) : 5.0) / 100.0;
    const auto work = std::filesystem::temp_directory_path() / ("glossa-label-noise-" + std::to_string(getpid()));
    std::filesystem::remove_all(work);
    std::filesystem::create_directories(work);
    auto project = store::Project::create(work / "noise.glossa");
    data::importDemoData(project.db(), GLOSSA_DEMO_DIR);

    // Flip a seeded share of the labels, each to another label chosen at random.
    const auto clean = data::takeSnapshot(project.db(), data::demoDatasetName);
    std::vector<const data::SnapshotExample *> labelled;
    for (const auto &example : clean.examples)
        if (example.label >= 0)
            labelled.push_back(&example);
    std::mt19937_64 random(seed);
    std::shuffle(labelled.begin(), labelled.end(), random);
    const auto flips = static_cast<std::size_t>(noise * static_cast<double>(labelled.size()) + 0.5);
    std::set<std::int64_t> flipped;
    store::DatasetStore datasets(project.db());
    const auto dataset = datasets.dataset(data::demoDatasetName);
    auto update = project.db().prepare("UPDATE examples SET label_id = ?1 WHERE id = ?2");
    std::uniform_int_distribution<int> shift(1, static_cast<int>(clean.labels.size()) - 1);
    for (std::size_t i = 0; i < flips; ++i) {
        const auto *example = labelled[i];
        const auto wrong = (example->label + shift(random)) % static_cast<int>(clean.labels.size());
        const auto labelId = *datasets.findLabel(dataset.id, clean.labels[static_cast<std::size_t>(wrong)]);
        update.bind(1, labelId).bind(2, example->id).run();
        flipped.insert(example->id);
    }
    const auto noisy = data::takeSnapshot(project.db(), data::demoDatasetName);

    const train::TrainConfig config; // the defaults, as the Review tab searches with a run's settings
    store::RunStore runs(project.db(), project.artefactDir());
    const auto tokenizer = train::prepareTokenizer(noisy, config, runs, project.artefactDir()).tokenizer;
    train::TrainingObserver quiet;
    const auto started = std::chrono::steady_clock::now();
    const auto search = train::findLabelErrors(noisy, config, tokenizer, {5, work / "folds", 0.05}, quiet);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

    auto byMargin = search;
    {
        train::LabelErrorOptions options{5, work / "folds", 0.05, train::LabelErrorRanking::Margin};
        byMargin = train::findLabelErrors(noisy, config, tokenizer, options, quiet);
    }
    auto idsOf = [](const train::LabelErrorSearch &found) {
        std::vector<std::int64_t> queue;
        for (const auto &candidate : found.candidates)
            queue.push_back(candidate.exampleId);
        return queue;
    };
    const auto flagged = scoreAgainst(search.flaggedIds, flipped);
    const auto queued = scoreAgainst(idsOf(search), flipped);
    const auto queuedByMargin = scoreAgainst(idsOf(byMargin), flipped);
    const auto plain = scoreAgainst(search.disagreeingIds, flipped);
    std::printf("demo set: %lld labelled examples, %zu labels flipped (%.0f%%, seed %llu)\n",
                static_cast<long long>(search.examples), flipped.size(), noise * 100,
                static_cast<unsigned long long>(seed));
    std::printf("out-of-sample accuracy of the 5 folds: %.3f (against the noisy labels); search took %.1f s\n",
                search.outOfSampleAccuracy, seconds);
    std::printf("%-44s %8s %10s %8s\n", "", "flagged", "precision", "recall");
    std::printf("%-44s %8zu %10.3f %8.3f\n", "confident learning, all flags", flagged.size, flagged.precision,
                flagged.recall);
    std::printf("%-44s %8zu %10.3f %8.3f\n", "the queue (cap 5%), by self-confidence", queued.size, queued.precision,
                queued.recall);
    std::printf("%-44s %8zu %10.3f %8.3f\n", "the queue (cap 5%), by margin", queuedByMargin.size,
                queuedByMargin.precision, queuedByMargin.recall);
    std::printf("%-44s %8zu %10.3f %8.3f\n", "peer: prediction disagrees with the label", plain.size, plain.precision,
                plain.recall);
    std::printf("ratio, all flags / peer: precision x%.2f, recall x%.2f\n",
                plain.precision > 0 ? flagged.precision / plain.precision : 0.0,
                plain.recall > 0 ? flagged.recall / plain.recall : 0.0);
    std::printf("ratio, queue / peer:     precision x%.2f, recall x%.2f\n",
                plain.precision > 0 ? queued.precision / plain.precision : 0.0,
                plain.recall > 0 ? queued.recall / plain.recall : 0.0);
    std::filesystem::remove_all(work);
    return 0;
}
