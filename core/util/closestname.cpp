#include "util/closestname.h"

#include <algorithm>
#include <limits>

namespace glossa::core {
namespace {

// Optimal string alignment distance (Damerau-Levenshtein without repeated edits of a substring).
std::size_t editDistance(std::string_view a, std::string_view b)
{
    std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
    for (std::size_t i = 0; i <= a.size(); ++i)
        d[i][0] = i;
    for (std::size_t j = 0; j <= b.size(); ++j)
        d[0][j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
        }
    }
    return d[a.size()][b.size()];
}

} // namespace

std::optional<std::string> closestName(std::string_view typed, const std::vector<std::string> &names)
{
    // Long or many names would make this slow and the hint useless; a typed name is short.
    if (typed.empty() || typed.size() > 200)
        return std::nullopt;
    const std::string *best = nullptr;
    std::size_t bestDistance = std::numeric_limits<std::size_t>::max();
    const std::string *byLastPart = nullptr;
    std::size_t lastPartMatches = 0;
    for (const auto &name : names) {
        const auto distance = editDistance(typed, name);
        if (distance < bestDistance) {
            bestDistance = distance;
            best = &name;
        }
        const auto dot = name.rfind('.');
        if (dot != std::string::npos && std::string_view(name).substr(dot + 1) == typed) {
            byLastPart = &name;
            ++lastPartMatches;
        }
    }
    if (best && bestDistance > 0 && bestDistance <= std::max<std::size_t>(1, typed.size() / 3))
        return *best;
    if (lastPartMatches == 1)
        return *byLastPart;
    return std::nullopt;
}

} // namespace glossa::core
