#include "train/retrieval.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <unordered_map>

namespace glossa::core::train {
namespace {

// Candidates compared at once: their block, transposed, stays in the cache while every query
// passes over it (128 × 768 floats is 384 KiB), and memory never grows with the texts.
constexpr std::size_t candidateBlock = 128;

// Summed in the order of the dimensions, as the blocked loop below sums: a candidate exactly
// as similar as the query's own translation is seen as a tie, not a hair above or below it.
float dot(std::span<const float> a, std::span<const float> b)
{
    float sum = 0;
    for (std::size_t k = 0; k < a.size(); ++k)
        sum += a[k] * b[k];
    return sum;
}

} // namespace

void RetrievalSet::normalise()
{
    for (std::size_t r = 0; r < size(); ++r) {
        float *values = vectors.data() + r * dimension;
        double squares = 0;
        for (std::size_t k = 0; k < dimension; ++k)
            squares += static_cast<double>(values[k]) * values[k];
        if (!(squares > 0) || !std::isfinite(squares))
            continue;
        const auto scale = static_cast<float>(1.0 / std::sqrt(squares));
        for (std::size_t k = 0; k < dimension; ++k)
            values[k] *= scale;
    }
}

RetrievalScores scoreRetrieval(const RetrievalSet &set, std::size_t minGroups)
{
    RetrievalScores scores;
    scores.languages = set.languages;
    std::sort(scores.languages.begin(), scores.languages.end());
    scores.languages.erase(std::unique(scores.languages.begin(), scores.languages.end()), scores.languages.end());
    const std::size_t languageCount = scores.languages.size();
    std::vector<std::size_t> languageOf(set.size());
    std::vector<std::vector<std::size_t>> rowsOf(languageCount);
    for (std::size_t r = 0; r < set.size(); ++r) {
        languageOf[r] = static_cast<std::size_t>(
            std::lower_bound(scores.languages.begin(), scores.languages.end(), set.languages[r])
            - scores.languages.begin());
        rowsOf[languageOf[r]].push_back(r);
    }
    // Each group's members, per language.
    std::unordered_map<std::int64_t, std::vector<std::vector<std::size_t>>> members;
    for (std::size_t r = 0; r < set.size(); ++r) {
        if (set.groups[r] < 0)
            continue;
        auto &byLanguage = members[set.groups[r]];
        byLanguage.resize(languageCount);
        byLanguage[languageOf[r]].push_back(r);
    }

    std::vector<float> block; // dimension × candidateBlock, the candidates transposed
    std::vector<float> similarity(candidateBlock);
    double sumPrecision = 0;
    double sumReciprocal = 0;
    for (std::size_t a = 0; a < languageCount; ++a) {
        for (std::size_t b = 0; b < languageCount; ++b) {
            if (a == b)
                continue;
            RetrievalPair pair{scores.languages[a], scores.languages[b], 0, 0, 0, 0};
            for (const auto &[group, byLanguage] : members)
                if (!byLanguage[a].empty() && !byLanguage[b].empty())
                    ++pair.groups;
            if (pair.groups < minGroups)
                continue;
            // The queries, with the similarity of the best of their own group's B texts.
            std::vector<std::size_t> queries;
            std::vector<float> best;
            for (const std::size_t q : rowsOf[a]) {
                if (set.groups[q] < 0)
                    continue;
                const auto &own = members[set.groups[q]][b];
                if (own.empty())
                    continue;
                float top = -std::numeric_limits<float>::infinity();
                for (const std::size_t c : own)
                    top = std::max(top, dot(set.row(q), set.row(c)));
                queries.push_back(q);
                best.push_back(top);
            }
            // Rank - 1: the B texts of other groups at least as similar as that best one.
            std::vector<std::size_t> ahead(queries.size(), 0);
            const auto &candidates = rowsOf[b];
            for (std::size_t start = 0; start < candidates.size(); start += candidateBlock) {
                const std::size_t width = std::min(candidateBlock, candidates.size() - start);
                block.assign(set.dimension * width, 0.0f);
                for (std::size_t j = 0; j < width; ++j) {
                    const auto values = set.row(candidates[start + j]);
                    for (std::size_t k = 0; k < set.dimension; ++k)
                        block[k * width + j] = values[k];
                }
                for (std::size_t i = 0; i < queries.size(); ++i) {
                    const auto query = set.row(queries[i]);
                    std::fill_n(similarity.begin(), width, 0.0f);
                    // One dimension at a time over the block: the inner loop is a vector
                    // multiply-add the compiler can use wide registers for.
                    for (std::size_t k = 0; k < set.dimension; ++k) {
                        const float weight = query[k];
                        const float *column = block.data() + k * width;
                        for (std::size_t j = 0; j < width; ++j)
                            similarity[j] += weight * column[j];
                    }
                    const auto ownGroup = set.groups[queries[i]];
                    for (std::size_t j = 0; j < width; ++j)
                        if (similarity[j] >= best[i] && set.groups[candidates[start + j]] != ownGroup)
                            ++ahead[i];
                }
            }
            pair.queries = queries.size();
            double hits = 0;
            double reciprocal = 0;
            for (const std::size_t count : ahead) {
                hits += count == 0 ? 1 : 0;
                reciprocal += 1.0 / static_cast<double>(count + 1);
            }
            pair.precisionAt1 = hits / static_cast<double>(queries.size());
            pair.meanReciprocalRank = reciprocal / static_cast<double>(queries.size());
            sumPrecision += pair.precisionAt1;
            sumReciprocal += pair.meanReciprocalRank;
            scores.pairs.push_back(std::move(pair));
        }
    }
    if (!scores.pairs.empty()) {
        scores.meanPrecisionAt1 = sumPrecision / static_cast<double>(scores.pairs.size());
        scores.meanReciprocalRank = sumReciprocal / static_cast<double>(scores.pairs.size());
    }
    return scores;
}

std::map<std::string, std::vector<Neighbour>> nearestByLanguage(const RetrievalSet &set, std::span<const float> query,
                                                               std::size_t k)
{
    std::map<std::string, std::vector<Neighbour>> nearest;
    for (std::size_t r = 0; r < set.size(); ++r)
        nearest[set.languages[r]].push_back({r, dot(query, set.row(r))});
    for (auto &[language, list] : nearest) {
        const auto kept = std::min(k, list.size());
        std::partial_sort(list.begin(), list.begin() + static_cast<std::ptrdiff_t>(kept), list.end(),
                          [](const Neighbour &x, const Neighbour &y) {
                              return x.similarity != y.similarity ? x.similarity > y.similarity : x.row < y.row;
                          });
        list.resize(kept);
    }
    return nearest;
}

} // namespace glossa::core::train
