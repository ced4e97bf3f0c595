#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace glossa::core::store {

class Database;

struct GroupMember
{
    std::int64_t exampleId = 0;
    std::string lang;
    std::string text;
    std::string label; // empty: unlabelled
};

// Examples that share a group id: one item in its translations, to compare across languages.
class ExampleGroups
{
public:
    explicit ExampleGroups(Database &db);

    // The group's examples, by language then id.
    std::vector<GroupMember> members(std::int64_t datasetId, std::string_view groupId);
    // Group ids of two examples or more, sorted, at most limit of them.
    std::vector<std::string> groupIds(std::int64_t datasetId, int limit);
    // A group of two examples or more picked at random; empty when the dataset has none.
    std::string randomGroup(std::int64_t datasetId);

private:
    Database &m_db;
};

// A text typed in the Compare tab, stored as an example of the dataset with a label: one
// transaction, and the label is journalled (source 'user'), so the history shows where it came
// from (under description). Its external id is "typed-<id>". Returns the new example's id.
std::int64_t addTypedExample(Database &db, std::int64_t datasetId, std::string_view text, std::string_view lang,
                             std::int64_t labelId, std::string_view split, std::string_view description);

} // namespace glossa::core::store
