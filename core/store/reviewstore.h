#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace glossa::core::store {

class Database;

// A likely label error as the review queue shows it: the search's finding, the label the
// example has now (it may have been corrected since) and whether the analyst dismissed it.
struct LabelErrorReview
{
    std::int64_t exampleId = 0;
    std::string text;
    std::string lang;
    std::string givenLabel; // when the search ran
    std::string suggestedLabel;
    double score = 0;
    double suggestedProbability = 0;
    std::optional<std::string> currentLabel;
    bool dismissed = false;

    bool accepted() const { return currentLabel && *currentLabel == suggestedLabel; }
};

// An unlabelled example the run is unsure about: label these first.
struct UncertainExample
{
    std::int64_t exampleId = 0;
    std::string text;
    std::string lang;
    std::string predictedLabel;
    double confidence = 0;
    double margin = 0; // top probability minus the runner-up's; the confidence for old runs
};

// The error-analysis queues of a run: its likely label errors (found by RunStore's k-fold
// search) and the unlabelled examples it is least sure of (from its stored predictions), with
// the analyst's dismissals, which belong to the project rather than to one run.
class ReviewStore
{
public:
    explicit ReviewStore(Database &db);

    // Highest score first, dismissed ones included (marked), so a view can offer to restore them.
    std::vector<LabelErrorReview> likelyLabelErrors(std::int64_t runId);
    // Remembers that example's suggested label is wrong: hidden from every run's queue.
    void dismiss(std::int64_t exampleId, std::string_view suggestedLabel);
    void restore(std::int64_t exampleId, std::string_view suggestedLabel);
    // Unlabelled examples of the run's dataset with a prediction, smallest margin first.
    std::vector<UncertainExample> mostUncertainUnlabelled(std::int64_t runId, int limit);

private:
    Database &m_db;
};

} // namespace glossa::core::store
