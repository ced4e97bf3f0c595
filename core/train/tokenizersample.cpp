#include "train/tokenizersample.h"

#include <algorithm>
#include <map>
#include <random>
#include <string>

namespace glossa::core::train {
namespace {

// FNV-1a of the code: a language's sample does not change when another language comes or goes.
std::uint64_t languageSeed(const std::string &lang)
{
    std::uint64_t hash = 14695981039346656037ULL;
    for (const unsigned char c : lang) {
        hash ^= c;
        hash *= 1099511628211ULL;
    }
    return hash;
}

} // namespace

std::vector<const data::SnapshotExample *>
languageBalancedSample(const std::vector<const data::SnapshotExample *> &texts, std::size_t limit, std::uint64_t seed)
{
    if (texts.size() <= limit)
        return texts;
    // Positions of each language's texts (ordered by code, so the sample does not depend on
    // the order languages first appear in).
    std::map<std::string, std::vector<std::size_t>> byLanguage;
    for (std::size_t i = 0; i < texts.size(); ++i)
        byLanguage[texts[i]->lang].push_back(i);

    // Water-filling: languages from the smallest up; each takes the lesser of its texts and an
    // even share of what is left.
    std::vector<std::pair<const std::string *, std::vector<std::size_t> *>> languages;
    for (auto &[lang, positions] : byLanguage)
        languages.emplace_back(&lang, &positions);
    std::stable_sort(languages.begin(), languages.end(),
                     [](const auto &a, const auto &b) { return a.second->size() < b.second->size(); });
    std::vector<std::size_t> chosen;
    chosen.reserve(limit);
    std::size_t left = limit;
    for (std::size_t k = 0; k < languages.size(); ++k) {
        auto &positions = *languages[k].second;
        const std::size_t share = left / (languages.size() - k);
        const std::size_t take = std::min(positions.size(), share);
        if (take < positions.size()) {
            // A partial shuffle: the first `take` positions become a uniform sample.
            std::mt19937_64 random(seed ^ languageSeed(*languages[k].first));
            for (std::size_t i = 0; i < take; ++i) {
                std::uniform_int_distribution<std::size_t> pick(i, positions.size() - 1);
                std::swap(positions[i], positions[pick(random)]);
            }
        }
        chosen.insert(chosen.end(), positions.begin(), positions.begin() + static_cast<std::ptrdiff_t>(take));
        left -= take;
    }
    std::sort(chosen.begin(), chosen.end());
    std::vector<const data::SnapshotExample *> sample;
    sample.reserve(chosen.size());
    for (const auto position : chosen)
        sample.push_back(texts[position]);
    return sample;
}

} // namespace glossa::core::train
