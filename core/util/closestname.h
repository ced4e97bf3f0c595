#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace glossa::core {

// The name among `names` that `typed` most likely misspells, for a "did you mean" hint: the one
// at the smallest edit distance (insertions, deletions, substitutions and swaps of neighbours),
// if that is at most a third of the typed length (at least one); or the only name whose last
// dotted part is `typed` ("epochs" for "optimizer.epochs"). Nothing when none is close.
std::optional<std::string> closestName(std::string_view typed, const std::vector<std::string> &names);

} // namespace glossa::core
