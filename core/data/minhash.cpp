#include "data/minhash.h"

#include "util/utf8decode.h"

#include <xxhash.h>

#include <algorithm>
#include <limits>

namespace glossa::core::data {
namespace {

// SplitMix64: the seeded hash functions' parameters, the same on every platform.
std::uint64_t splitMix(std::uint64_t &state)
{
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

} // namespace

std::vector<std::uint64_t> shingleHashes(std::string_view text, int n)
{
    std::vector<std::uint64_t> hashes;
    if (text.empty())
        return hashes;
    // Byte offsets of the code points, so each n-gram is one byte range.
    std::vector<size_t> starts;
    starts.reserve(text.size() + 1);
    for (size_t i = 0; i < text.size();) {
        starts.push_back(i);
        nextCodePoint(text, i);
    }
    starts.push_back(text.size());
    const size_t points = starts.size() - 1;
    const size_t width = static_cast<size_t>(std::max(n, 1));
    if (points <= width) {
        hashes.push_back(XXH3_64bits(text.data(), text.size()));
        return hashes;
    }
    hashes.reserve(points - width + 1);
    for (size_t p = 0; p + width <= points; ++p)
        hashes.push_back(XXH3_64bits(text.data() + starts[p], starts[p + width] - starts[p]));
    std::sort(hashes.begin(), hashes.end());
    hashes.erase(std::unique(hashes.begin(), hashes.end()), hashes.end());
    return hashes;
}

double jaccard(std::span<const std::uint64_t> a, std::span<const std::uint64_t> b)
{
    if (a.empty() && b.empty())
        return 1.0;
    size_t i = 0, j = 0, common = 0;
    while (i < a.size() && j < b.size()) {
        if (a[i] < b[j])
            ++i;
        else if (b[j] < a[i])
            ++j;
        else {
            ++common;
            ++i;
            ++j;
        }
    }
    return static_cast<double>(common) / static_cast<double>(a.size() + b.size() - common);
}

MinHasher::MinHasher(int hashes, std::uint64_t seed)
{
    std::uint64_t state = seed;
    for (int k = 0; k < hashes; ++k) {
        m_multipliers.push_back(splitMix(state) | 1);
        m_addends.push_back(splitMix(state));
    }
}

void MinHasher::signature(std::span<const std::uint64_t> shingles, std::uint32_t *out) const
{
    const size_t count = m_multipliers.size();
    std::fill(out, out + count, std::numeric_limits<std::uint32_t>::max());
    const std::uint64_t *a = m_multipliers.data();
    const std::uint64_t *b = m_addends.data();
    for (const std::uint64_t shingle : shingles)
        for (size_t k = 0; k < count; ++k) {
            // The high half of a multiply-add mod 2^64: its best-mixed bits.
            const auto value = static_cast<std::uint32_t>((a[k] * shingle + b[k]) >> 32);
            out[k] = std::min(out[k], value);
        }
}

double MinHasher::estimate(std::span<const std::uint32_t> a, std::span<const std::uint32_t> b)
{
    const size_t count = std::min(a.size(), b.size());
    if (count == 0)
        return 0.0;
    size_t same = 0;
    for (size_t k = 0; k < count; ++k)
        same += a[k] == b[k] ? 1 : 0;
    return static_cast<double>(same) / static_cast<double>(count);
}

} // namespace glossa::core::data
