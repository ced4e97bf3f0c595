#pragma once

#include "store/embeddingcache.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <stop_token>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace glossa::core::data {
struct DatasetSnapshot;
}
namespace glossa::core::store {
class Database;
}

namespace glossa::core::train {

class TrainingObserver;
struct TrainSettings;

// The text vectors a features run's head reads (finetune.strategy=features): one per distinct
// text, found by the text's hash.
class FeatureVectors
{
public:
    explicit FeatureVectors(std::size_t dimension = 0)
        : m_dimension(dimension)
    {
    }

    std::size_t dimension() const { return m_dimension; }
    std::size_t size() const { return m_rows.size(); }
    void add(const store::TextHash &hash, std::span<const float> vector);
    // The text's vector (dimension() floats), or nullptr when it has none.
    const float *find(std::string_view text) const;

    std::string modelKey;          // what computed them: the embeddings cache's key
    std::string folderFingerprint; // the model folder's content (hfFolderFingerprint)
    std::int64_t reused = 0;       // read from the project's cache
    std::int64_t computed = 0;     // embedded by this call
    double embedSeconds = 0;       // spent computing the new ones (loading the model included)

private:
    struct HashOfHash
    {
        std::size_t operator()(const store::TextHash &hash) const;
    };
    std::size_t m_dimension;
    std::unordered_map<store::TextHash, std::size_t, HashOfHash> m_rows;
    std::vector<float> m_values;
};

// Every distinct text of the snapshot, labelled or not, in the snapshot's order.
std::vector<std::string> distinctTexts(const data::DatasetSnapshot &snapshot);

// The vectors of these texts under the settings' model folder, pooling (finetune.pooling) and
// maximum length, from the project's embeddings cache; only the texts it lacks are computed,
// by the folder's frozen encoder, in chunks written to the cache as they are done, so a stop or
// a crash loses at most one chunk. The observer hears a log line as embedding starts and about
// every two seconds after. nullopt on a stop request (what was embedded stays cached).
// Throws Error naming the folder when it is not a model.
std::optional<FeatureVectors> embedForFeatures(store::Database &db, const TrainSettings &settings,
                                               std::span<const std::string> texts, TrainingObserver &observer,
                                               std::stop_token stop = {});

} // namespace glossa::core::train
