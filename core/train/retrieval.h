#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace glossa::core::train {

// Texts as vectors, with the language and the translation group of each: what cross-lingual
// retrieval searches. Rows are L2-normalised once (normalise), so a cosine is a dot product.
struct RetrievalSet
{
    std::size_t dimension = 0;
    std::vector<float> vectors;         // rows × dimension, row-major
    std::vector<std::string> languages; // one per row
    std::vector<std::int64_t> groups;   // one per row; -1: in no group (a candidate, never a query)

    std::size_t size() const { return languages.size(); }
    std::span<const float> row(std::size_t index) const { return {vectors.data() + index * dimension, dimension}; }
    // Scales every row to length 1 (a zero row stays zero: similar to nothing).
    void normalise();
};

// Retrieval from the texts of one language (queries) among those of another (candidates).
struct RetrievalPair
{
    std::string query;     // language A
    std::string candidate; // language B
    std::size_t queries = 0; // A texts whose group has a member in B
    std::size_t groups = 0;  // groups with members in both
    double precisionAt1 = 0; // share of queries whose most similar B text is in their group
    double meanReciprocalRank = 0;
};

struct RetrievalScores
{
    std::vector<std::string> languages; // every language of the set, sorted
    std::vector<RetrievalPair> pairs;   // ordered pairs (A, B), A != B, sorted by A then B
    // Over the pairs; empty when no pair has enough groups.
    std::optional<double> meanPrecisionAt1;
    std::optional<double> meanReciprocalRank;
};

// A pair is scored when at least this many groups have members in both languages.
inline constexpr std::size_t minRetrievalGroups = 10;

// For each ordered pair of languages (A, B) with at least minGroups groups present in both,
// every A text of such a group is a query; all B texts are ranked by similarity to it. Its
// rank is that of the best-ranked B text of its own group, counting ties against it (a B text
// of another group as similar as the best of its own ranks first), so a model that gives every
// text the same vector scores no better than chance. Work in blocks, in memory bounded by the
// block size whatever the number of texts. `set` must be normalised.
RetrievalScores scoreRetrieval(const RetrievalSet &set, std::size_t minGroups = minRetrievalGroups);

struct Neighbour
{
    std::size_t row = 0;
    float similarity = 0;
};

// The k rows most similar to `query` (normalised, of the set's dimension) in each language of
// the set, most similar first (ties by row order).
std::map<std::string, std::vector<Neighbour>> nearestByLanguage(const RetrievalSet &set, std::span<const float> query,
                                                               std::size_t k);

} // namespace glossa::core::train
