#include "train/consistency.h"

#include <algorithm>
#include <set>
#include <tuple>

namespace glossa::core::train {

namespace {

// Whether every member in `languages` (all of them when empty) got the same label.
bool agree(const std::vector<const ConsistencyExample *> &members, const std::set<std::string> &languages = {})
{
    const std::string *first = nullptr;
    for (const auto *member : members) {
        if (!languages.empty() && !languages.contains(member->lang))
            continue;
        if (!first)
            first = &member->predicted;
        else if (member->predicted != *first)
            return false;
    }
    return true;
}

void countPairs(const std::vector<const ConsistencyExample *> &members, std::map<std::string, ConsistencyCount> &pairs)
{
    std::set<std::string> languages;
    for (const auto *member : members)
        if (!member->lang.empty())
            languages.insert(member->lang);
    for (auto a = languages.begin(); a != languages.end(); ++a)
        for (auto b = std::next(a); b != languages.end(); ++b) {
            auto &count = pairs[languagePairKey(*a, *b)];
            ++count.groups;
            if (agree(members, {*a, *b}))
                ++count.consistent;
        }
}

InconsistentGroup inconsistentGroup(const std::string &group, const std::vector<const ConsistencyExample *> &members)
{
    InconsistentGroup found;
    found.group = group;
    std::set<std::string> labels;
    for (const auto *member : members) {
        found.members.push_back(*member);
        labels.insert(member->predicted);
    }
    found.distinctLabels = labels.size();
    std::sort(found.members.begin(), found.members.end(), [](const auto &x, const auto &y) {
        return std::tie(x.lang, x.exampleId) < std::tie(y.lang, y.exampleId);
    });
    return found;
}

nlohmann::ordered_json countToJson(const ConsistencyCount &count)
{
    nlohmann::ordered_json json;
    json["groups"] = count.groups;
    json["consistent"] = count.consistent;
    if (const auto rate = count.rate())
        json["rate"] = *rate;
    else
        json["rate"] = nullptr;
    return json;
}

} // namespace

std::optional<double> ConsistencyCount::rate() const
{
    if (groups <= 0)
        return std::nullopt;
    return static_cast<double>(consistent) / static_cast<double>(groups);
}

std::string languagePairKey(std::string_view a, std::string_view b)
{
    if (b < a)
        std::swap(a, b);
    return std::string(a) + "|" + std::string(b);
}

TranslationConsistency measureConsistency(std::span<const ConsistencyExample> examples)
{
    std::map<std::string, std::vector<const ConsistencyExample *>> groups;
    for (const auto &example : examples)
        if (example.group && !example.group->empty())
            groups[*example.group].push_back(&example);

    TranslationConsistency result;
    for (const auto &[group, members] : groups) {
        if (members.size() < 2)
            continue;
        ++result.overall.groups;
        if (agree(members))
            ++result.overall.consistent;
        else
            result.inconsistent.push_back(inconsistentGroup(group, members));
        countPairs(members, result.pairs);
    }
    // Groups torn between the most labels first; the map gave them in group id order.
    std::stable_sort(result.inconsistent.begin(), result.inconsistent.end(),
                     [](const auto &x, const auto &y) { return x.distinctLabels > y.distinctLabels; });
    return result;
}

nlohmann::ordered_json consistencyToJson(const TranslationConsistency &consistency, std::size_t maxInconsistent)
{
    auto json = countToJson(consistency.overall);
    auto &pairs = json["pairs"] = nlohmann::ordered_json::object();
    for (const auto &[key, count] : consistency.pairs)
        pairs[key] = countToJson(count);
    auto &inconsistent = json["inconsistent"] = nlohmann::ordered_json::array();
    for (std::size_t i = 0; i < std::min(maxInconsistent, consistency.inconsistent.size()); ++i) {
        const auto &group = consistency.inconsistent[i];
        nlohmann::ordered_json entry;
        entry["group"] = group.group;
        entry["labels"] = group.distinctLabels;
        auto &members = entry["members"] = nlohmann::ordered_json::array();
        for (const auto &member : group.members) {
            nlohmann::ordered_json item;
            item["example_id"] = member.exampleId;
            item["lang"] = member.lang;
            item["text"] = member.text;
            item["predicted"] = member.predicted;
            if (member.gold.empty())
                item["label"] = nullptr;
            else
                item["label"] = member.gold;
            members.push_back(std::move(item));
        }
        inconsistent.push_back(std::move(entry));
    }
    return json;
}

} // namespace glossa::core::train
