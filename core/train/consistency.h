#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace glossa::core::train {

// One example of a split as consistency across translations reads it: which group (item) it
// translates, its language and what the run predicted for it.
struct ConsistencyExample
{
    std::int64_t exampleId = 0;
    std::optional<std::string> group; // none (or empty): in no group, so left out
    std::string lang;                 // empty: unknown, counted in its group but in no pair
    std::string text;
    std::string predicted; // the run's label for it: what consistency is about
    std::string gold;      // the example's label, for display only; empty: unlabelled
};

// How many groups there are and how many of them the run labels alike.
struct ConsistencyCount
{
    std::int64_t groups = 0;
    std::int64_t consistent = 0;

    // consistent / groups; none without a group.
    std::optional<double> rate() const;
    bool operator==(const ConsistencyCount &) const = default;
};

// A group whose members do not all get the same predicted label.
struct InconsistentGroup
{
    std::string group;
    std::vector<ConsistencyExample> members; // by language, then example id
    std::size_t distinctLabels = 0;          // how many different labels the run gave them
};

// Does a run give a text and its translations the same label? Over the groups with two or
// more members (examples sharing a group id):
// - overall: a group is consistent when all its members get the same predicted label;
// - per language pair "a|b" (codes in sorted order): every group with members in both a and b
//   counts, and is consistent for that pair when those members all agree (the group's other
//   languages do not matter there);
// - two members of one language are both members: they must agree for the group (and for each
//   pair with that language) to be consistent, and make no pair "a|a"; a group of two members
//   of one language counts overall and in no pair;
// - the prediction is all that counts: unlabelled members count like labelled ones, and a gold
//   label (right or wrong) changes nothing;
// - examples without a group are ignored, as are groups with one member.
struct TranslationConsistency
{
    ConsistencyCount overall;
    std::map<std::string, ConsistencyCount> pairs; // "a|b" with a < b
    // Most distinct labels first, then by group id.
    std::vector<InconsistentGroup> inconsistent;
};

// "a|b" with the two codes in sorted order, whatever order they come in.
std::string languagePairKey(std::string_view a, std::string_view b);

TranslationConsistency measureConsistency(std::span<const ConsistencyExample> examples);

// As eval --json prints it: {"groups", "consistent", "rate", "pairs": {"a|b": {"groups",
// "consistent", "rate"}}, "inconsistent": [{"group", "labels", "members": [{"example_id", "lang",
// "text", "predicted", "label"}]}]}; rate is null without a group, label null for an unlabelled
// member; at most maxInconsistent groups are listed (groups - consistent says how many there are).
nlohmann::ordered_json consistencyToJson(const TranslationConsistency &consistency, std::size_t maxInconsistent);

} // namespace glossa::core::train
