#include "data/groupsplitter.h"

#include <array>

namespace glossa::core::data {
namespace {

// The interned name, so a group's entry does not hold a copy of the string.
std::string_view splitName(std::string_view split)
{
    static constexpr std::array<std::string_view, 3> names = {"train", "dev", "test"};
    for (const auto name : names)
        if (name == split)
            return name;
    return names[0];
}

} // namespace

GroupSplitter::GroupSplitter(std::uint64_t seed, SplitRatios ratios, ExistingSplit existing)
    : m_rows(seed, ratios)
    // Another stream for groups, so that how many grouped rows come first does not shift the
    // blocks of the ungrouped ones.
    , m_groups(seed ^ 0x6A09E667F3BCC908ULL, ratios)
    , m_existing(std::move(existing))
{
}

std::string_view GroupSplitter::assign(std::string_view group, std::string_view label, std::string_view lang)
{
    if (group.empty())
        return m_rows.assign(label, lang);
    if (const auto it = m_groupSplits.find(std::string(group)); it != m_groupSplits.end())
        return it->second;
    std::string_view split;
    if (auto before = m_existing ? m_existing(group) : std::nullopt)
        split = splitName(*before);
    else
        split = m_groups.assign(label, lang);
    m_groupSplits.emplace(std::string(group), split);
    return split;
}

void GroupSplitter::given(std::string_view group, std::string_view split)
{
    if (!group.empty())
        m_groupSplits.try_emplace(std::string(group), splitName(split));
}

} // namespace glossa::core::data
