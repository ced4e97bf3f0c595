#include "engine/model/subwordfeatures.h"

#include "util/error.h"

namespace glossa::core::model {

SubwordFeatures::SubwordFeatures(int vocabSize, int order, std::int64_t buckets)
    : m_vocabSize(vocabSize)
    , m_order(order)
    , m_buckets(buckets)
{
    if (vocabSize <= 0 || order < 1 || (order > 1 && buckets <= 0))
        throw Error("subword features need a vocabulary, an n-gram order of at least 1 and hash buckets");
}

void SubwordFeatures::extract(std::span<const int> tokens, std::vector<std::int64_t> &out) const
{
    for (const int token : tokens)
        out.push_back(token);
    // FNV-1a over the token ids of each window: cheap, and stable across runs and machines
    // (std::hash is neither guaranteed), so a saved model reads its features back the same.
    for (int n = 2; n <= m_order; ++n) {
        for (size_t start = 0; start + static_cast<size_t>(n) <= tokens.size(); ++start) {
            std::uint64_t hash = 14695981039346656037ULL ^ static_cast<std::uint64_t>(n);
            for (int k = 0; k < n; ++k) {
                hash ^= static_cast<std::uint32_t>(tokens[start + static_cast<size_t>(k)]);
                hash *= 1099511628211ULL;
            }
            out.push_back(m_vocabSize + static_cast<std::int64_t>(hash % static_cast<std::uint64_t>(m_buckets)));
        }
    }
}

} // namespace glossa::core::model
