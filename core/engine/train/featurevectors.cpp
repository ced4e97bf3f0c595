#include "engine/train/featurevectors.h"

#include "data/snapshot.h"
#include "engine/train/embedder.h"
#include "model/hfconfig.h"
#include "train/trainingobserver.h"
#include "train/trainsettings.h"
#include "util/error.h"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <numeric>
#include <unordered_set>

namespace glossa::core::train {
namespace {

// Texts embedded between two cache writes and stop checks: a few of the encoder's batches.
constexpr std::size_t chunkSize = 128;
// Texts looked up in the cache per read transaction.
constexpr std::size_t readChunkSize = 4096;
constexpr double logIntervalSeconds = 2.0;

EmbeddingPooling poolingOf(const TrainSettings &settings)
{
    return settings.finetune.pooling == FeaturePooling::Cls ? EmbeddingPooling::Cls : EmbeddingPooling::Mean;
}

} // namespace

std::size_t FeatureVectors::HashOfHash::operator()(const store::TextHash &hash) const
{
    std::size_t value = 0;
    std::memcpy(&value, hash.data(), sizeof value); // already a well-mixed hash
    return value;
}

void FeatureVectors::add(const store::TextHash &hash, std::span<const float> vector)
{
    if (vector.size() != m_dimension)
        throw Error("a text vector of " + std::to_string(vector.size()) + " values where " + std::to_string(m_dimension)
                    + " were expected");
    if (m_rows.contains(hash))
        return;
    m_rows.emplace(hash, m_values.size() / std::max<std::size_t>(1, m_dimension));
    m_values.insert(m_values.end(), vector.begin(), vector.end());
}

const float *FeatureVectors::find(std::string_view text) const
{
    const auto found = m_rows.find(store::textHash(text));
    return found == m_rows.end() ? nullptr : m_values.data() + found->second * m_dimension;
}

std::vector<std::string> distinctTexts(const data::DatasetSnapshot &snapshot)
{
    std::vector<std::string> texts;
    std::unordered_set<std::string_view> seen;
    for (const auto &example : snapshot.examples)
        if (seen.insert(example.text).second)
            texts.push_back(example.text);
    return texts;
}

std::optional<FeatureVectors> embedForFeatures(store::Database &db, const TrainSettings &settings,
                                               std::span<const std::string> texts, TrainingObserver &observer,
                                               std::stop_token stop)
{
    const std::filesystem::path folder = settings.model.path;
    const auto pooling = poolingOf(settings);
    const auto maxTokens = static_cast<std::size_t>(settings.model.maxLength);
    const auto dimension = static_cast<std::size_t>(model::readHfEncoderConfig(folder).hiddenSize);
    FeatureVectors vectors(dimension);
    vectors.folderFingerprint = hfFolderFingerprint(folder);
    vectors.modelKey = Embedder::folderModelKey(folder, pooling, maxTokens, vectors.folderFingerprint);
    store::EmbeddingCache cache(db, vectors.modelKey, dimension);

    std::vector<store::TextHash> hashes;
    hashes.reserve(texts.size());
    for (const auto &text : texts)
        hashes.push_back(store::textHash(text));
    std::vector<std::size_t> missing;
    for (std::size_t first = 0; first < texts.size(); first += readChunkSize) {
        const auto count = std::min(readChunkSize, texts.size() - first);
        const auto stored = cache.read(std::span(hashes).subspan(first, count));
        for (std::size_t i = 0; i < count; ++i) {
            if (stored[i])
                vectors.add(hashes[first + i], *stored[i]);
            else
                missing.push_back(first + i);
        }
    }
    vectors.reused = static_cast<std::int64_t>(texts.size() - missing.size());
    observer.message(FeaturesCached{vectors.reused, static_cast<std::int64_t>(texts.size())});
    if (missing.empty())
        return vectors;

    const auto started = std::chrono::steady_clock::now();
    const auto elapsed = [&] {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    };
    const auto embedder = Embedder::fromFolder(
        folder, pooling, [&observer](const std::string &warning) { observer.log("features: " + warning); },
        Quantization::None, maxTokens);
    if (embedder.modelKey() != vectors.modelKey)
        throw Error(folder.string() + ": the model folder changed while it was read; start the run again");
    // Texts of like length share a batch, so little of it is padding.
    std::stable_sort(missing.begin(), missing.end(),
                     [&](std::size_t a, std::size_t b) { return texts[a].size() < texts[b].size(); });
    double lastLog = -logIntervalSeconds; // the first chunk is said at once, with the rate
    std::vector<std::string> chunk;
    std::vector<store::TextHash> chunkHashes;
    for (std::size_t first = 0; first < missing.size(); first += chunkSize) {
        if (stop.stop_requested()) {
            observer.log("features: stopped while embedding; the " + std::to_string(first)
                         + " texts embedded are kept in the project for the next run");
            return std::nullopt;
        }
        chunk.clear();
        chunkHashes.clear();
        for (std::size_t i = first; i < std::min(missing.size(), first + chunkSize); ++i) {
            chunk.push_back(texts[missing[i]]);
            chunkHashes.push_back(hashes[missing[i]]);
        }
        const auto embedded = embedder.embed(chunk);
        if (embedded.dimension != dimension || embedded.size() != chunk.size())
            throw Error(folder.string() + ": the encoder gave vectors of " + std::to_string(embedded.dimension)
                        + " values where config.json says " + std::to_string(dimension));
        cache.write(chunkHashes, embedded.values);
        for (std::size_t i = 0; i < chunk.size(); ++i)
            vectors.add(chunkHashes[i], std::span(embedded.values).subspan(i * dimension, dimension));
        vectors.computed += static_cast<std::int64_t>(chunk.size());
        const auto done = first + chunk.size();
        if (elapsed() - lastLog >= logIntervalSeconds || done == missing.size()) {
            lastLog = elapsed();
            const double rate = lastLog > 0 ? static_cast<double>(done) / lastLog : 0.0;
            observer.message(TextsEmbedded{static_cast<std::int64_t>(done), static_cast<std::int64_t>(missing.size()),
                                           rate, rate > 0 ? static_cast<double>(missing.size() - done) / rate : 0.0});
        }
    }
    vectors.embedSeconds = elapsed();
    return vectors;
}

} // namespace glossa::core::train
