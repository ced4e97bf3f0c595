#include "train/languagereport.h"

#include "data/snapshot.h"
#include "data/snapshotfile.h"
#include "store/runstore.h"
#include "train/bootstrap.h"
#include "train/metrics.h"
#include "util/error.h"

#include <algorithm>
#include <optional>

namespace glossa::core::train {

StoredReport languageTestReport(store::Database &db, const std::filesystem::path &artefactDir, std::int64_t runId,
                                std::string_view language)
{
    store::RunStore runs(db, artefactDir);
    const auto run = runs.findRun(std::to_string(runId));
    // The run's own test report: its intervals for the language are the ones to show (the
    // bootstrap draws of one language depend on the languages drawn before it), and a
    // cross-validated run's scores are out of fold, which its final model's predictions are not.
    std::optional<StoredReport> stored;
    if (const auto json = runs.latestReport(run.id, "test"))
        stored = reportFromJson(*json);
    if (stored && stored->evaluation == "cross-validation")
        throw Error("run '" + run.name
                    + "' was scored by cross-validation over every labelled example: its per-language scores are "
                      "in its report, and its model has seen every test row");
    const auto snapshot = data::loadSnapshot(runs.requireRunArtefact(run, "snapshot").path);
    const auto predicted = runs.predictedLabels(run.id);
    if (predicted.empty())
        throw Error("run '" + run.name + "' has no stored predictions: only a run that finished has them");
    std::vector<int> gold;
    std::vector<int> guesses;
    std::vector<std::string> languages;
    for (const auto *example : snapshot.inSplit(data::Split::Test)) {
        if (example->lang != language)
            continue;
        const auto found = predicted.find(example->id);
        if (found == predicted.end())
            continue;
        const auto label = std::find(snapshot.labels.begin(), snapshot.labels.end(), found->second);
        if (label == snapshot.labels.end())
            continue; // predicted a label the snapshot does not have (the project was edited by hand)
        gold.push_back(example->label);
        guesses.push_back(static_cast<int>(label - snapshot.labels.begin()));
        languages.push_back(example->lang);
    }
    if (gold.empty())
        throw Error("run '" + run.name + "' has no test rows in language '" + std::string(language) + "'");
    const auto classes = static_cast<int>(snapshot.labels.size());
    auto report = evaluationReport(gold, guesses, languages, classes);
    addConfidenceIntervals(report, gold, guesses, languages, classes);
    if (stored && stored->labels == snapshot.labels) {
        const auto scored = stored->scores.perLanguage.find(std::string(language));
        if (scored != stored->scores.perLanguage.end()) {
            for (auto *scores : {&report.overall, &report.perLanguage.begin()->second}) {
                scores->accuracyInterval = scored->second.accuracyInterval;
                scores->macroF1Interval = scored->second.macroF1Interval;
                if (!scored->second.classF1Intervals.empty())
                    scores->classF1Intervals = scored->second.classF1Intervals;
            }
        }
    }
    return {snapshot.labels, std::move(report), "test split", 0};
}

} // namespace glossa::core::train
