#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace glossa::core::model {

// fastText's trick for subwords: every token id is a feature, and so is every run of 2..order
// consecutive tokens, hashed into `buckets` extra rows after the vocabulary. Word order inside
// a short window then reaches a model that otherwise only sums.
class SubwordFeatures
{
public:
    SubwordFeatures(int vocabSize, int order, std::int64_t buckets);

    // Feature ids of one text's tokens, appended to out: the tokens themselves, then the
    // hashed n-grams, each in [vocabSize, vocabSize + buckets).
    void extract(std::span<const int> tokens, std::vector<std::int64_t> &out) const;
    std::int64_t featureCount() const { return m_vocabSize + m_buckets; }
    bool operator==(const SubwordFeatures &) const = default;

private:
    std::int64_t m_vocabSize;
    int m_order;
    std::int64_t m_buckets;
};

} // namespace glossa::core::model
