#include "store/embeddingcache.h"

#include "store/database.h"
#include "util/error.h"

#include <xxhash.h>

#include <bit>
#include <cmath>
#include <cstring>

namespace glossa::core::store {
namespace {

// Float32 little-endian on every machine: the file may move between them.
void toLittleEndian(std::span<const float> values, std::vector<std::byte> &bytes)
{
    bytes.resize(values.size() * sizeof(float));
    std::memcpy(bytes.data(), values.data(), bytes.size());
    if constexpr (std::endian::native == std::endian::big)
        for (std::size_t i = 0; i < bytes.size(); i += 4) {
            std::swap(bytes[i], bytes[i + 3]);
            std::swap(bytes[i + 1], bytes[i + 2]);
        }
}

// The stored bytes as floats, or nothing when they are not a vector this model makes.
std::optional<std::vector<float>> fromLittleEndian(std::span<const std::byte> bytes, std::size_t dimension)
{
    if (bytes.size() != dimension * sizeof(float))
        return std::nullopt;
    std::vector<std::byte> ordered(bytes.begin(), bytes.end());
    if constexpr (std::endian::native == std::endian::big)
        for (std::size_t i = 0; i < ordered.size(); i += 4) {
            std::swap(ordered[i], ordered[i + 3]);
            std::swap(ordered[i + 1], ordered[i + 2]);
        }
    std::vector<float> values(dimension);
    std::memcpy(values.data(), ordered.data(), ordered.size());
    for (const float value : values)
        if (!std::isfinite(value))
            return std::nullopt;
    return values;
}

} // namespace

TextHash textHash(std::string_view text)
{
    XXH128_canonical_t canonical;
    XXH128_canonicalFromHash(&canonical, XXH3_128bits(text.data(), text.size()));
    TextHash hash;
    static_assert(sizeof canonical.digest == sizeof hash);
    std::memcpy(hash.data(), canonical.digest, hash.size());
    return hash;
}

EmbeddingCache::EmbeddingCache(Database &db, std::string modelKey, std::size_t dimension)
    : m_db(db)
    , m_modelKey(std::move(modelKey))
    , m_dimension(dimension)
{
    if (m_dimension == 0)
        throw Error("an embedding cache needs the vectors' dimension");
}

std::vector<std::optional<std::vector<float>>> EmbeddingCache::read(std::span<const TextHash> hashes)
{
    std::vector<std::optional<std::vector<float>>> vectors(hashes.size());
    Transaction transaction(m_db, Transaction::Kind::Read);
    // length() of a BLOB reads its size, not its bytes: a hostile row of a gigabyte is skipped
    // without being loaded.
    auto select = m_db.prepare(
        "SELECT vector FROM embeddings WHERE model_key = ?1 AND text_hash = ?2 AND length(vector) = ?3");
    const auto bytes = static_cast<std::int64_t>(m_dimension * sizeof(float));
    for (std::size_t i = 0; i < hashes.size(); ++i) {
        select.bind(1, m_modelKey).bindBlob(2, hashes[i]).bind(3, bytes);
        if (select.step())
            vectors[i] = fromLittleEndian(select.blobView(0), m_dimension);
        select.reset();
    }
    transaction.commit();
    return vectors;
}

void EmbeddingCache::write(std::span<const TextHash> hashes, std::span<const float> vectors)
{
    if (vectors.size() != hashes.size() * m_dimension)
        throw Error("embedding cache: " + std::to_string(vectors.size()) + " values for " +
                    std::to_string(hashes.size()) + " vectors of " + std::to_string(m_dimension));
    if (hashes.empty() || m_db.isReadOnly())
        return;
    Transaction transaction(m_db);
    auto insert = m_db.prepare("INSERT OR REPLACE INTO embeddings (model_key, text_hash, vector) VALUES (?1, ?2, ?3)");
    std::vector<std::byte> bytes;
    for (std::size_t i = 0; i < hashes.size(); ++i) {
        toLittleEndian(vectors.subspan(i * m_dimension, m_dimension), bytes);
        insert.bind(1, m_modelKey).bindBlob(2, hashes[i]).bindBlob(3, bytes);
        insert.run();
    }
    transaction.commit();
}

std::size_t EmbeddingCache::count()
{
    auto select = m_db.prepare("SELECT count(*) FROM embeddings WHERE model_key = ?1");
    select.bind(1, m_modelKey);
    return select.step() ? static_cast<std::size_t>(select.int64(0)) : 0;
}

} // namespace glossa::core::store
