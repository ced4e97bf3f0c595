#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace glossa::core::data {

// The character n-grams of a text (comparableText's), hashed, sorted and without repeats: what
// near-duplicate detection compares. Counted in code points, so Chinese, Japanese or Thai text
// needs no word splitting; a text shorter than n code points is one shingle, an empty one none.
std::vector<std::uint64_t> shingleHashes(std::string_view text, int n);

// |a ∩ b| / |a ∪ b| of two shingleHashes results; 1 for two empty sets.
double jaccard(std::span<const std::uint64_t> a, std::span<const std::uint64_t> b);

// MinHash: for each of `hashes` seeded hash functions, the smallest value it gives any shingle
// of a text. Two signatures agree at a position with probability close to the Jaccard
// similarity of the shingle sets, so signatures estimate it without comparing the sets. The
// same seed gives the same signatures on every machine and in every run.
class MinHasher
{
public:
    MinHasher(int hashes, std::uint64_t seed);

    int size() const { return static_cast<int>(m_multipliers.size()); }
    // Writes size() values to out; an empty set gives every value UINT32_MAX.
    void signature(std::span<const std::uint64_t> shingles, std::uint32_t *out) const;
    // The share of positions where two signatures agree.
    static double estimate(std::span<const std::uint32_t> a, std::span<const std::uint32_t> b);

private:
    std::vector<std::uint64_t> m_multipliers; // odd, so each function permutes the 64-bit values
    std::vector<std::uint64_t> m_addends;
};

} // namespace glossa::core::data
