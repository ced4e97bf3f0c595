#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace glossa::core {

// Lower-case hex SHA-256 of a file's bytes; throws Error when the file cannot be read.
std::string sha256File(const std::filesystem::path &path);
std::string sha256Hex(std::string_view bytes);

} // namespace glossa::core

namespace glossa::core {

// A fast, non-cryptographic 128-bit fingerprint (XXH3) of a sequence of fields: names dataset
// snapshots and the inputs an artefact was made from. Fields are length-prefixed, so
// ("ab", "c") and ("a", "bc") differ.
class ContentHash
{
public:
    ContentHash();
    ~ContentHash();
    ContentHash(const ContentHash &) = delete;
    ContentHash &operator=(const ContentHash &) = delete;

    void add(std::string_view field);
    std::string hex() const; // 32 hex digits

private:
    void *m_state;
};

} // namespace glossa::core
