#pragma once

#include "data/splitter.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace glossa::core::data {

// Splits rows so that rows sharing a group id (translations of one item) always share a split:
// the first row of a group draws the group's split from a StratifiedSplitter of its own
// (stratified by that row's label x language, so whole groups keep the ratios as far as their
// number allows), and every later row of the group follows it. Rows without a group are split
// one by one, as StratifiedSplitter does. One pass, in row order, memory per group seen.
class GroupSplitter
{
public:
    // The split a group already has in the dataset (an earlier import of its other
    // translations), or nullopt; asked once per group.
    using ExistingSplit = std::function<std::optional<std::string>(std::string_view group)>;

    GroupSplitter(std::uint64_t seed, SplitRatios ratios, ExistingSplit existing = {});

    std::string_view assign(std::string_view group, std::string_view label, std::string_view lang);
    // A row whose split is given (by the file): its group's later rows follow it.
    void given(std::string_view group, std::string_view split);

private:
    StratifiedSplitter m_rows;
    StratifiedSplitter m_groups;
    ExistingSplit m_existing;
    std::unordered_map<std::string, std::string_view> m_groupSplits;
};

} // namespace glossa::core::data
