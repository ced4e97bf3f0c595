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

} // namespace glossa::core::store
