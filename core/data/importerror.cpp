#include "data/importerror.h"

namespace glossa::core::data {
namespace {

std::string compose(const std::string &file, std::int64_t line, const std::string &field, const std::string &problem)
{
    std::string message = file;
    if (line > 0)
        message += ":" + std::to_string(line);
    message += ": ";
    if (!field.empty())
        message += "field \"" + field + "\": ";
    return message + problem;
}

} // namespace

ImportError::ImportError(std::string file, std::int64_t line, std::string field, std::string problem)
    : Error(compose(file, line, field, problem))
    , m_file(std::move(file))
    , m_line(line)
    , m_field(std::move(field))
    , m_problem(std::move(problem))
{
}

std::string describeLimit(std::uint64_t bytes)
{
    if (bytes > 0 && bytes % (1 << 20) == 0)
        return std::to_string(bytes >> 20) + " MiB";
    if (bytes > 0 && bytes % (1 << 10) == 0)
        return std::to_string(bytes >> 10) + " KiB";
    return std::to_string(bytes) + " bytes";
}

} // namespace glossa::core::data
