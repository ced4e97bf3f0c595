#pragma once

#include <cstdint>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

namespace glossa::core::store {

class Database;

// Rank: the review queue's own order (ExampleFilter::review), the likeliest error or the least
// sure prediction first.
enum class ExampleColumn { Id, Lang, Text, Label, Split, Group, Predicted, Confidence, Rank };

// The error-analysis queues of a run (ReviewStore), as browser filters.
enum class ReviewQueue {
    None,
    LikelyLabelErrors, // the run's label error candidates, less the dismissed ones
    MostUncertain,     // unlabelled examples the run predicted, smallest margin first
};

// Examples whose metadata column (store/examplemetadata.h) contains this value, ignoring the
// case of ASCII letters; an empty value: any value in that column.
struct MetadataFilter
{
    std::string column;
    std::string value;
};

// What the browser shows of a dataset; every field that is set narrows the list.
struct ExampleFilter
{
    // Full text, any script; whitespace-separated words must all occur (as substrings).
    std::string search;
    // Exact language code.
    std::optional<std::string> lang;
    std::optional<std::int64_t> labelId;
    std::optional<MetadataFilter> metadata;
    // train, dev or test.
    std::optional<std::string> split;
    bool unlabelledOnly = false;
    // Examples with at least one user, bulk or suggestion journal entry (imports do not count).
    bool editedOnly = false;
    // Joins this run's predictions.
    std::optional<std::int64_t> runId;
    // Needs runId: labelled examples whose prediction differs from their label.
    bool disagreementsOnly = false;
    // Needs runId: predictions less confident than this.
    std::optional<double> maxConfidence;
    // Needs runId: examples the run predicted as this label (with labelId: a confusion cell).
    std::optional<std::int64_t> predictedLabelId;
    // Needs runId: only the examples of that queue.
    ReviewQueue review = ReviewQueue::None;
};

// Ties are broken by id, ascending; unlabelled and unpredicted examples sort last either way.
struct ExampleSort
{
    ExampleColumn column = ExampleColumn::Id;
    bool descending = false;
};

struct ExampleRow
{
    std::int64_t id = 0;
    std::string externalId;
    std::string lang;
    bool langGuessed = false;
    // At most ExampleBrowser::previewChars whole UTF-8 characters; the full text is
    // DatasetStore::example's.
    std::string text;
    bool textTruncated = false;
    std::optional<std::int64_t> labelId;
    std::optional<std::string> label;
    std::string split;
    std::optional<std::string> group;
    bool edited = false;
    std::optional<std::int64_t> predictedLabelId;
    std::optional<std::string> predictedLabel;
    std::optional<double> confidence;
};

// The storage side of the dataset browser: for a million examples the list is filtered and
// sorted in SQL, held as ids, and its rows are read a page at a time. Search finds the same
// rows however far the search index has got (SearchIndex): the texts not indexed yet are
// scanned.
class ExampleBrowser
{
public:
    static constexpr int previewChars = 300;

    explicit ExampleBrowser(Database &db);

    // Ids of the dataset's examples passing the filter, in sort order. Returns early (empty)
    // once stop is requested.
    std::vector<std::int64_t> matchingIds(std::int64_t datasetId, const ExampleFilter &filter, const ExampleSort &sort,
                                          std::stop_token stop = {});
    // The rows for these ids, in the same order (ids no longer present are skipped); runId adds
    // that run's predictions.
    std::vector<ExampleRow> rows(const std::vector<std::int64_t> &ids, std::optional<std::int64_t> runId);
    // Distinct language codes of the dataset, sorted, for the filter's choices.
    std::vector<std::string> languages(std::int64_t datasetId);

private:
    Database &m_db;
};

} // namespace glossa::core::store
