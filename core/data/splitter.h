#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace glossa::core::data {

struct SplitRatios
{
    int train = 80;
    int dev = 10;
    int test = 10;

    std::string toString() const; // "80/10/10"
    // "80/10/10" (whole percentages adding up to 100), or nullopt.
    static std::optional<SplitRatios> parse(std::string_view text);
};

// Assigns train/dev/test to rows that arrive without one, stratified by label x language so
// every stratum keeps the ratios (within one row), in a single streaming pass.
//
// Within a stratum, rows are dealt in blocks (10 for 80/10/10): each block is a seeded
// shuffle of exactly 8 train, 1 dev, 1 test. The same seed and the same rows in the same order
// always give the same split; strata do not influence each other.
class StratifiedSplitter
{
public:
    StratifiedSplitter(std::uint64_t seed, SplitRatios ratios);

    std::string_view assign(std::string_view label, std::string_view lang);

private:
    struct Stratum
    {
        std::uint64_t key = 0;
        std::uint64_t dealt = 0;
        std::array<std::uint8_t, 100> block{};
    };

    void shuffleBlock(Stratum &stratum) const;

    std::uint64_t m_seed;
    SplitRatios m_ratios;
    int m_blockSize;
    std::unordered_map<std::string, Stratum> m_strata;
    std::string m_key;
};

} // namespace glossa::core::data
