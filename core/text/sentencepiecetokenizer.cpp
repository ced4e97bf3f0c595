#include "text/sentencepiecetokenizer.h"

#include "text/charsmapcheck.h"
#include "text/sentencepiecebridge.h"
#include "util/atomicfile.h"
#include "util/boundedfile.h"
#include "util/error.h"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <thread>
#include <utility>
#include <vector>

namespace glossa::core::text {

namespace {
constexpr std::size_t maxModelBytes = std::size_t(256) << 20;
}
namespace {

void appendBytes(void *context, const char *data, size_t size)
{
    static_cast<std::string *>(context)->append(data, size);
}

void appendPiece(void *context, const char *data, size_t size)
{
    static_cast<std::vector<std::string> *>(context)->emplace_back(data, size);
}

void appendIds(void *context, const int *ids, size_t count)
{
    auto *out = static_cast<std::vector<int> *>(context);
    out->insert(out->end(), ids, ids + count);
}

int nextSentence(void *context, const char **data, size_t *size)
{
    auto &source = *static_cast<const SentencePieceTokenizer::SentenceSource *>(context);
    std::string_view sentence;
    if (!source(sentence))
        return 0;
    *data = sentence.data();
    *size = sentence.size();
    return 1;
}

} // namespace

SentencePieceTokenizer::SentencePieceTokenizer(void *handle, std::string serialized)
    : m_handle(handle)
    , m_serialized(std::move(serialized))
{
}

SentencePieceTokenizer::SentencePieceTokenizer(SentencePieceTokenizer &&other) noexcept
    : m_handle(std::exchange(other.m_handle, nullptr))
    , m_serialized(std::move(other.m_serialized))
{
}

SentencePieceTokenizer &SentencePieceTokenizer::operator=(SentencePieceTokenizer &&other) noexcept
{
    if (this != &other) {
        if (m_handle)
            SentencePieceBridge::instance().free(m_handle);
        m_handle = std::exchange(other.m_handle, nullptr);
        m_serialized = std::move(other.m_serialized);
    }
    return *this;
}

SentencePieceTokenizer::~SentencePieceTokenizer()
{
    if (m_handle)
        SentencePieceBridge::instance().free(m_handle);
}

SentencePieceTokenizer SentencePieceTokenizer::train(const SentencePieceOptions &options,
                                                     const SentenceSource &sentences)
{
    const auto &bridge = SentencePieceBridge::instance();
    // SentencePiece refuses more than 128 threads, which a large server has.
    const int threads = std::clamp(
        options.threads > 0 ? options.threads : static_cast<int>(std::thread::hardware_concurrency()), 1, 128);
    std::vector<std::pair<std::string, std::string>> settings = {
        {"model_type", options.algorithm == SentencePieceOptions::Algorithm::Bpe ? "bpe" : "unigram"},
        {"vocab_size", std::to_string(options.vocabSize)},
        {"character_coverage", std::to_string(options.characterCoverage)},
        {"input_sentence_size", std::to_string(options.maxSentences)},
        {"shuffle_input_sentence", "true"},
        {"max_sentence_length", std::to_string(options.maxSentenceBytes)},
        {"hard_vocab_limit", options.allowSmallerVocab ? "false" : "true"},
        {"byte_fallback", options.byteFallback ? "true" : "false"},
        {"num_threads", std::to_string(threads)},
        {"seed", std::to_string(options.seed)},
        // Ids 0..3 are <pad>, <unk>, <s>, </s>: padding is id 0 for the models.
        {"pad_id", "0"},
        {"unk_id", "1"},
        {"bos_id", "2"},
        {"eos_id", "3"},
        {"minloglevel", "2"},
    };
    if (options.algorithm == SentencePieceOptions::Algorithm::Unigram) {
        settings.emplace_back("seed_sentencepiece_size", std::to_string(options.seedPieces));
        settings.emplace_back("shrinking_factor", std::to_string(options.shrinkingFactor));
        settings.emplace_back("num_sub_iterations", std::to_string(options.subIterations));
    }
    std::vector<const char *> keys;
    std::vector<const char *> values;
    for (const auto &[key, value] : settings) {
        keys.push_back(key.c_str());
        values.push_back(value.c_str());
    }
    std::string model;
    std::string error;
    const int rc = bridge.train(keys.data(), values.data(), keys.size(), &nextSentence,
                                const_cast<SentenceSource *>(&sentences), &appendBytes, &model, &appendBytes, &error);
    if (rc != 0)
        throw Error("tokenizer training failed: " + error);
    return fromSerialized(model);
}

SentencePieceTokenizer SentencePieceTokenizer::load(const std::filesystem::path &modelFile)
{
    // XLM-R's is 5 MB; protobuf itself gives up at 2 GB, by aborting.
    const auto bytes = readBoundedFile(modelFile, maxModelBytes, "tokenizer model");
    try {
        return fromSerialized(bytes);
    } catch (const Error &e) {
        throw Error(modelFile.string() + ": " + e.what());
    }
}

SentencePieceTokenizer SentencePieceTokenizer::fromSerialized(std::string_view modelBytes)
{
    if (const auto problem = charsMapProblem(modelBytes))
        throw Error("not a usable SentencePiece model: " + *problem);
    const auto &bridge = SentencePieceBridge::instance();
    std::string error;
    void *handle = bridge.load(modelBytes.data(), modelBytes.size(), &appendBytes, &error);
    if (!handle)
        throw Error(error);
    return SentencePieceTokenizer(handle, std::string(modelBytes));
}

std::vector<int> SentencePieceTokenizer::encode(std::string_view text) const
{
    std::vector<int> ids;
    std::string error;
    if (SentencePieceBridge::instance().encodeIds(m_handle, text.data(), text.size(), &appendIds, &ids, &appendBytes,
                                                  &error)
        != 0)
        throw Error("cannot tokenize: " + error);
    return ids;
}

std::vector<std::string> SentencePieceTokenizer::encodePieces(std::string_view text) const
{
    std::vector<std::string> pieces;
    std::string error;
    if (SentencePieceBridge::instance().encodePieces(m_handle, text.data(), text.size(), &appendPiece, &pieces,
                                                     &appendBytes, &error)
        != 0)
        throw Error("cannot tokenize: " + error);
    return pieces;
}

std::string SentencePieceTokenizer::decode(std::span<const int> ids) const
{
    std::string text;
    std::string error;
    if (SentencePieceBridge::instance().decodeIds(m_handle, ids.data(), ids.size(), &appendBytes, &text, &appendBytes,
                                                  &error)
        != 0)
        throw Error("cannot decode: " + error);
    return text;
}

int SentencePieceTokenizer::vocabSize() const
{
    return SentencePieceBridge::instance().pieceCount(m_handle);
}

int SentencePieceTokenizer::pieceToId(std::string_view piece) const
{
    return SentencePieceBridge::instance().pieceToId(m_handle, piece.data(), piece.size());
}

std::string SentencePieceTokenizer::idToPiece(int id) const
{
    std::string piece;
    if (SentencePieceBridge::instance().idToPiece(m_handle, id, &appendBytes, &piece) != 0)
        throw Error("token id " + std::to_string(id) + " is outside the vocabulary");
    return piece;
}

std::optional<int> SentencePieceTokenizer::specialId(int which) const
{
    const int id = SentencePieceBridge::instance().specialId(m_handle, which);
    return id >= 0 ? std::optional<int>(id) : std::nullopt;
}

std::optional<int> SentencePieceTokenizer::unkId() const
{
    return specialId(0);
}
std::optional<int> SentencePieceTokenizer::bosId() const
{
    return specialId(1);
}
std::optional<int> SentencePieceTokenizer::eosId() const
{
    return specialId(2);
}
std::optional<int> SentencePieceTokenizer::padId() const
{
    return specialId(3);
}

void SentencePieceTokenizer::save(const std::filesystem::path &modelFile) const
{
    writeFileAtomically(modelFile, m_serialized);
}

} // namespace glossa::core::text
