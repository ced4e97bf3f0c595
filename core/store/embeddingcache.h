#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace glossa::core::store {

class Database;

// XXH3-128 of a text's UTF-8 bytes, as the embeddings table keys it (16 bytes, big-endian
// halves: the canonical form xxHash prints).
using TextHash = std::array<std::byte, 16>;
TextHash textHash(std::string_view text);

// Text embeddings kept in the project (the `embeddings` table), per model and text, so a
// second look at the same texts with the same model computes nothing. The key names what made
// a vector (the model's content, its pooling and maximum length); the vector is float32,
// little-endian. A project can come from anyone: a stored vector that is not `dimension`
// floats, or holds a NaN or an infinity, reads as missing and is computed again.
class EmbeddingCache
{
public:
    EmbeddingCache(Database &db, std::string modelKey, std::size_t dimension);

    // One read transaction for all; each hash's vector, or nothing.
    std::vector<std::optional<std::vector<float>>> read(std::span<const TextHash> hashes);
    // One write transaction for all, replacing what was stored under the same keys. `vectors`
    // holds hashes.size() × dimension floats. Nothing is written (and no error raised) to a
    // project opened read-only: the vectors are then only not kept.
    void write(std::span<const TextHash> hashes, std::span<const float> vectors);
    // Rows stored under this model key.
    std::size_t count();

    const std::string &modelKey() const { return m_modelKey; }
    std::size_t dimension() const { return m_dimension; }

private:
    Database &m_db;
    std::string m_modelKey;
    std::size_t m_dimension;
};

} // namespace glossa::core::store
