#include "engine/train/embedder.h"

#include "engine/model/int8linear.h"
#include "engine/model/featureclassifier.h"
#include "engine/model/pretrainedencoder.h"
#include "engine/train/modelinput.h"
#include "model/foldervocabulary.h"
#include "model/hfconfig.h"
#include "model/pretrainedfolder.h"
#include "model/safetensors.h"
#include "store/runstore.h"
#include "text/runtokenizer.h"
#include "train/trainconfig.h"
#include "train/trainsettings.h"
#include "util/error.h"
#include "util/hash.h"

#include <torch/torch.h>

#include <algorithm>
#include <fstream>
#include <numeric>
#include <optional>

namespace glossa::core::train {
namespace {

// Texts the folder's encoder reads together: enough to keep the matrix products busy, few
// enough that padding to the longest wastes little (they are sorted by length first).
constexpr std::size_t folderBatchSize = 32;

// Bumped when the way a vector is computed changes, so older cached vectors are not reused.
constexpr std::string_view keyVersion = "v1";

void hashFile(ContentHash &hash, const std::filesystem::path &file)
{
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw Error(file.string() + ": cannot be read");
    hash.add(file.filename().string());
    std::vector<char> chunk(std::size_t(4) << 20);
    while (in) {
        in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
        const auto read = static_cast<std::size_t>(in.gcount());
        if (read > 0)
            hash.add(std::string_view(chunk.data(), read));
    }
    if (in.bad())
        throw Error(file.string() + ": reading failed");
}

// What the key adds for int8; nothing for float32, so the keys of vectors cached before
// quantisation existed still find them.
std::string quantizationKey(Quantization quantization)
{
    return quantization == Quantization::Int8 ? "|quantize=int8" : "";
}

} // namespace

namespace {

// The folder, once it is known to be a model Glossa reads; else an Error saying what it is and
// what it lacks.
const std::filesystem::path &usableFolder(const std::filesystem::path &folder)
{
    if (const auto check = model::checkPretrainedFolder(folder); !check.usable())
        throw Error(check.message());
    return folder;
}

} // namespace

Quantization quantizationFromWord(const std::string &word, std::string_view option)
{
    if (word == "none")
        return Quantization::None;
    if (word == "int8")
        return Quantization::Int8;
    throw Error(std::string(option) + " is none or int8 (got '" + word + "')");
}

struct HfFolderEmbedder::Impl
{
    Impl(const std::filesystem::path &folder, EmbeddingPooling poolingIn)
        : config(model::readHfEncoderConfig(usableFolder(folder)))
        , tokenizer(model::loadFolderTokenizer(folder))
        , reading(encoderReadingTokenizer(tokenizer))
        , encoder(config, /*withPooler=*/false)
        , pooling(poolingIn)
    {
    }

    const text::Tokenizer &reader() const { return reading ? *reading : tokenizer.pieces(); }

    model::HfEncoderConfig config;
    text::RunTokenizer tokenizer;
    std::unique_ptr<text::Tokenizer> reading;
    model::PretrainedEncoder encoder;
    EmbeddingPooling pooling;
    std::size_t maxTokens = 0;
};

HfFolderEmbedder::HfFolderEmbedder(const std::filesystem::path &folder, EmbeddingPooling pooling,
                                   const std::function<void(const std::string &)> &warn, Quantization quantization,
                                   std::size_t maxTokens)
    : m_impl(std::make_unique<Impl>(folder, pooling))
{
    const auto modelMax = static_cast<std::size_t>(m_impl->config.maxTokens());
    m_impl->maxTokens = maxTokens > 0 ? std::min(maxTokens, modelMax) : modelMax;
    auto &d = *m_impl;
    if (d.reader().vocabSize() > d.config.vocabSize)
        throw Error(folder.string() + ": " + model::findFolderVocabulary(folder)->file.filename().string() + " has "
                    + std::to_string(d.reader().vocabSize()) + " ids, more than the model's vocabulary "
                    + std::to_string(d.config.vocabSize) + " (config.json's vocab_size)");
    const auto report = model::loadEncoderWeights(*d.encoder, model::Checkpoint::open(folder));
    if (warn)
        for (const auto &name : report.missing)
            warn("the checkpoint has no " + name + " (left as initialised)");
    d.encoder->eval();
    if (quantization == Quantization::Int8)
        model::quantizeEncoderInt8(*d.encoder);
}

HfFolderEmbedder::HfFolderEmbedder(HfFolderEmbedder &&) noexcept = default;
HfFolderEmbedder &HfFolderEmbedder::operator=(HfFolderEmbedder &&) noexcept = default;
HfFolderEmbedder::~HfFolderEmbedder() = default;

std::size_t HfFolderEmbedder::dimension() const
{
    return static_cast<std::size_t>(m_impl->config.hiddenSize);
}

std::size_t HfFolderEmbedder::maxTokens() const
{
    return m_impl->maxTokens;
}

std::vector<int> HfFolderEmbedder::tokenIds(std::string_view text) const
{
    auto ids = m_impl->reader().encode(text);
    if (ids.size() > maxTokens()) { // the end token stays
        const int end = ids.back();
        ids.resize(maxTokens());
        ids.back() = end;
    }
    return ids;
}

Embeddings HfFolderEmbedder::embedIds(std::span<const std::vector<int>> batch) const
{
    auto &d = *m_impl;
    Embeddings embeddings{dimension(), {}};
    if (batch.empty())
        return embeddings;
    torch::NoGradGuard noGrad;
    std::size_t longest = 1;
    for (const auto &ids : batch)
        longest = std::max(longest, ids.size());
    const auto rows = static_cast<std::int64_t>(batch.size());
    auto ids = torch::full({rows, static_cast<std::int64_t>(longest)}, d.config.padTokenId, torch::kLong);
    auto mask = torch::zeros_like(ids);
    auto *idData = ids.data_ptr<std::int64_t>();
    auto *maskData = mask.data_ptr<std::int64_t>();
    for (std::size_t r = 0; r < batch.size(); ++r)
        for (std::size_t t = 0; t < batch[r].size(); ++t) {
            idData[r * longest + t] = batch[r][t];
            maskData[r * longest + t] = 1;
        }
    // The same pooling as a features run's classifier, so a cached vector is what it computes.
    const auto pooled = model::poolHiddenStates(d.encoder->forward(ids, mask), mask,
                                                d.pooling == EmbeddingPooling::Cls ? model::VectorPooling::Cls
                                                                                   : model::VectorPooling::Mean)
                            .contiguous();
    const auto *values = pooled.data_ptr<float>();
    embeddings.values.assign(values, values + pooled.numel());
    return embeddings;
}

Embeddings HfFolderEmbedder::embed(std::span<const std::string> texts) const
{
    std::vector<std::vector<int>> ids;
    ids.reserve(texts.size());
    for (const auto &text : texts)
        ids.push_back(tokenIds(text));
    std::vector<std::size_t> order(texts.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return ids[a].size() < ids[b].size(); });
    Embeddings embeddings{dimension(), std::vector<float>(texts.size() * dimension())};
    std::vector<std::vector<int>> batch;
    for (std::size_t start = 0; start < order.size(); start += folderBatchSize) {
        const auto end = std::min(order.size(), start + folderBatchSize);
        batch.clear();
        for (std::size_t i = start; i < end; ++i)
            batch.push_back(ids[order[i]]);
        const auto part = embedIds(batch);
        for (std::size_t i = start; i < end; ++i)
            std::copy_n(part.values.begin() + static_cast<std::ptrdiff_t>((i - start) * dimension()), dimension(),
                        embeddings.values.begin() + static_cast<std::ptrdiff_t>(order[i] * dimension()));
    }
    return embeddings;
}

std::string hfFolderFingerprint(const std::filesystem::path &folder)
{
    // What the embedder reads: the vocabulary file, and a WordPiece vocabulary's options.
    const auto vocabulary = model::findFolderVocabulary(folder);
    std::vector<std::filesystem::path> files;
    for (const auto &entry : std::filesystem::directory_iterator(folder)) {
        const auto name = entry.path().filename().string();
        const bool weights = name.size() > 12 && name.ends_with(".safetensors");
        const bool read =
            vocabulary && (entry.path() == vocabulary->file || entry.path() == vocabulary->tokenizerConfig);
        if (entry.is_regular_file()
            && (weights || read || name == "config.json" || name == "model.safetensors.index.json"))
            files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    ContentHash hash;
    for (const auto &file : files)
        hashFile(hash, file);
    return hash.hex();
}

struct Embedder::Impl
{
    std::string modelKey;
    std::string description;
    std::string pooling;
    std::optional<HfFolderEmbedder> folder;
    std::optional<Predictor> run;
    mutable std::size_t dimension = 0;
};

Embedder::Embedder(std::unique_ptr<Impl> impl)
    : m_impl(std::move(impl))
{
}
Embedder::Embedder(Embedder &&) noexcept = default;
Embedder &Embedder::operator=(Embedder &&) noexcept = default;
Embedder::~Embedder() = default;

Embedder Embedder::fromFolder(const std::filesystem::path &folder, EmbeddingPooling pooling,
                              const std::function<void(const std::string &)> &warn, Quantization quantization,
                              std::size_t maxTokens)
{
    auto impl = std::make_unique<Impl>();
    impl->folder.emplace(folder, pooling, warn, quantization, maxTokens);
    impl->pooling = pooling == EmbeddingPooling::Cls ? "cls" : "mean";
    impl->description = folder.string() + (quantization == Quantization::Int8 ? " (int8)" : "");
    impl->dimension = impl->folder->dimension();
    impl->modelKey = folderModelKey(folder, pooling, impl->folder->maxTokens(), {}, quantization);
    return Embedder(std::move(impl));
}

std::string Embedder::folderModelKey(const std::filesystem::path &folder, EmbeddingPooling pooling,
                                     std::size_t maxTokens, const std::string &fingerprint, Quantization quantization)
{
    const auto modelMax = static_cast<std::size_t>(model::readHfEncoderConfig(folder).maxTokens());
    const auto cut = maxTokens > 0 ? std::min(maxTokens, modelMax) : modelMax;
    return "hf:" + (fingerprint.empty() ? hfFolderFingerprint(folder) : fingerprint)
           + "|pooling=" + (pooling == EmbeddingPooling::Cls ? "cls" : "mean") + "|max=" + std::to_string(cut)
           + quantizationKey(quantization) + "|" + std::string(keyVersion);
}

Embedder Embedder::fromRun(store::Database &db, const std::filesystem::path &artefactDir, std::int64_t runId,
                           std::optional<Quantization> quantization)
{
    store::RunStore runs(db, artefactDir);
    const auto run = runs.run(runId);
    if (!run)
        throw Error("no run with id " + std::to_string(runId));
    const auto model = runs.requireRunArtefact(*run, "model");
    const auto tokenizer = runs.requireRunArtefact(*run, "tokenizer");
    auto impl = std::make_unique<Impl>();
    impl->run.emplace(Predictor::load(db, artefactDir, runId));
    if (quantization)
        impl->run->setQuantization(*quantization);
    const auto settings = TrainSettings::from(impl->run->config());
    switch (settings.model.type) {
    case ModelType::Bag: impl->pooling = "mean"; break;
    case ModelType::Transformer: impl->pooling = settings.model.pooling; break;
    case ModelType::Pretrained:
        if (settings.finetune.strategy == FineTuneStrategy::Features) { // its head reads the pooled vector
            impl->pooling = name(settings.finetune.pooling);
            break;
        }
        // What the head reads (PretrainedClassifier::representation): BERT's pooler, else the first token.
        impl->pooling = model::readHfEncoderConfigFile(runs.requireRunArtefact(*run, "encoder-config").path).family
                                == model::EncoderFamily::Bert
                            ? "pooler"
                            : "cls";
        break;
    }
    impl->description = "run " + std::to_string(run->id) + " '" + run->name + "' ("
                        + std::string(name(settings.model.type))
                        + (impl->run->quantization() == Quantization::Int8 ? ", int8)" : ")");
    impl->modelKey = "run:" + model.sha256 + "|tokenizer=" + tokenizer.sha256 + "|pooling=" + impl->pooling
                     + "|max=" + std::to_string(settings.model.maxLength) + quantizationKey(impl->run->quantization())
                     + "|" + std::string(keyVersion);
    return Embedder(std::move(impl));
}

const std::string &Embedder::modelKey() const
{
    return m_impl->modelKey;
}

const std::string &Embedder::description() const
{
    return m_impl->description;
}

const std::string &Embedder::pooling() const
{
    return m_impl->pooling;
}

std::size_t Embedder::dimension() const
{
    // A run's width is its model's: asked of the model once, with a text of one token.
    if (m_impl->dimension == 0)
        m_impl->dimension = embed(std::vector<std::string>{std::string("a")}).dimension;
    return m_impl->dimension;
}

Embeddings Embedder::embed(std::span<const std::string> texts) const
{
    if (m_impl->folder)
        return m_impl->folder->embed(texts);
    auto embeddings = m_impl->run->embed(texts);
    if (embeddings.dimension == 0)
        embeddings.dimension = m_impl->dimension;
    return embeddings;
}

} // namespace glossa::core::train
