#include "data/splitter.h"

#include "util/error.h"

#include <xxhash.h>

#include <charconv>
#include <numeric>

namespace glossa::core::data {

std::string SplitRatios::toString() const
{
    return std::to_string(train) + "/" + std::to_string(dev) + "/" + std::to_string(test);
}

std::optional<SplitRatios> SplitRatios::parse(std::string_view text)
{
    SplitRatios ratios;
    int *parts[] = {&ratios.train, &ratios.dev, &ratios.test};
    std::size_t at = 0;
    for (int i = 0; i < 3; ++i) {
        if (i > 0) {
            if (at >= text.size() || text[at] != '/')
                return std::nullopt;
            ++at;
        }
        const auto [end, error] = std::from_chars(text.data() + at, text.data() + text.size(), *parts[i]);
        if (error != std::errc() || end == text.data() + at)
            return std::nullopt;
        at = static_cast<std::size_t>(end - text.data());
    }
    if (at != text.size() || ratios.train < 0 || ratios.dev < 0 || ratios.test < 0
        || ratios.train + ratios.dev + ratios.test != 100)
        return std::nullopt;
    return ratios;
}

StratifiedSplitter::StratifiedSplitter(std::uint64_t seed, SplitRatios ratios)
    : m_seed(seed)
    , m_ratios(ratios)
{
    if (ratios.train < 0 || ratios.dev < 0 || ratios.test < 0 || ratios.train + ratios.dev + ratios.test != 100)
        throw Error("split ratios must be whole percentages that add up to 100 (got " + ratios.toString() + ")");
    const int divisor = std::gcd(std::gcd(ratios.train, ratios.dev), ratios.test);
    m_blockSize = 100 / divisor;
}

void StratifiedSplitter::shuffleBlock(Stratum &stratum) const
{
    const int divisor = 100 / m_blockSize;
    int k = 0;
    for (int i = 0; i < m_ratios.train / divisor; ++i)
        stratum.block[static_cast<size_t>(k++)] = 0;
    for (int i = 0; i < m_ratios.dev / divisor; ++i)
        stratum.block[static_cast<size_t>(k++)] = 1;
    for (int i = 0; i < m_ratios.test / divisor; ++i)
        stratum.block[static_cast<size_t>(k++)] = 2;
    // Seeded by stratum and block number only, so the result does not depend on how rows of
    // different strata interleave in the file.
    const std::uint64_t blockIndex = stratum.dealt / static_cast<std::uint64_t>(m_blockSize);
    // SplitMix64: seeding a Mersenne Twister per block of ten rows cost more than the shuffle.
    std::uint64_t state = stratum.key ^ (blockIndex * 0x9E3779B97F4A7C15ULL);
    auto next = [&state] {
        std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    };
    for (int i = m_blockSize - 1; i > 0; --i) {
        const auto pick = static_cast<size_t>(next() % static_cast<std::uint64_t>(i + 1));
        std::swap(stratum.block[static_cast<size_t>(i)], stratum.block[pick]);
    }
}

std::string_view StratifiedSplitter::assign(std::string_view label, std::string_view lang)
{
    m_key.assign(label);
    m_key.push_back('\x1f');
    m_key.append(lang);
    auto [it, inserted] = m_strata.try_emplace(m_key);
    auto &stratum = it->second;
    if (inserted)
        stratum.key = XXH3_64bits_withSeed(m_key.data(), m_key.size(), m_seed);
    const auto position = static_cast<size_t>(stratum.dealt % static_cast<std::uint64_t>(m_blockSize));
    if (position == 0)
        shuffleBlock(stratum);
    ++stratum.dealt;
    static constexpr std::array<std::string_view, 3> names = {"train", "dev", "test"};
    return names[stratum.block[position]];
}

} // namespace glossa::core::data
