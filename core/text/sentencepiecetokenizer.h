#pragma once

#include "text/tokenizer.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace glossa::core::text {

struct SentencePieceOptions
{
    enum class Algorithm { Unigram, Bpe };

    // Unigram (the XLM-R family's choice) or byte-pair encoding.
    Algorithm algorithm = Algorithm::Unigram;
    // Number of pieces, including the special ones.
    int vocabSize = 8000;
    // Share of characters the vocabulary must cover; 0.9995 suits scripts with many
    // characters (CJK), 1.0 small alphabets.
    double characterCoverage = 0.9995;
    // Larger inputs are sampled down to this many sentences (uniformly), which keeps training
    // time flat on big datasets. 0 uses every sentence. SentencePiece's sampler has a fixed
    // seed of its own, so the same input always gives the same sample whatever `seed` says.
    std::int64_t maxSentences = 1'000'000;
    // Sentences longer than this many bytes are skipped by the trainer.
    int maxSentenceBytes = 4192;
    // Lets the vocabulary shrink when the text has too few distinct pieces, instead of failing.
    bool allowSmallerVocab = true;
    // Unknown characters fall back to UTF-8 bytes instead of <unk>.
    bool byteFallback = false;
    // Seeds SentencePiece's random generator. Training is deterministic without it (same
    // input and options, same model); SentencePiece 0.1.97 does not use it for sampling.
    unsigned int seed = 13;
    int threads = 0; // 0: all logical cores
    // Unigram only. SentencePiece's defaults (1M seed pieces, shrink by 0.75, two EM
    // sub-iterations) build a 16k vocabulary from 26k multilingual paragraphs in 86 s on two
    // cores; these take 18 s, and the bag model scores the same on either (UDHR articles
    // macro-F1 0.356 against 0.363, within run-to-run noise).
    std::int64_t seedPieces = 200'000;
    double shrinkingFactor = 0.5;
    int subIterations = 1;
};

// A SentencePiece model used through the isolated bridge (PLATFORM.md, trap 1).
class SentencePieceTokenizer final : public Tokenizer
{
public:
    // Hands the trainer one sentence per call; returns false when there are no more. The view
    // must stay valid until the next call.
    using SentenceSource = std::function<bool(std::string_view &sentence)>;

    // Trains a model from the sentences; throws Error with the trainer's message on failure.
    static SentencePieceTokenizer train(const SentencePieceOptions &options, const SentenceSource &sentences);
    static SentencePieceTokenizer load(const std::filesystem::path &modelFile);
    static SentencePieceTokenizer fromSerialized(std::string_view modelBytes);

    SentencePieceTokenizer(SentencePieceTokenizer &&other) noexcept;
    SentencePieceTokenizer &operator=(SentencePieceTokenizer &&other) noexcept;
    ~SentencePieceTokenizer() override;

    std::vector<int> encode(std::string_view text) const override;
    std::vector<std::string> encodePieces(std::string_view text) const override;
    std::string decode(std::span<const int> ids) const override;
    int vocabSize() const override;

    int pieceToId(std::string_view piece) const;
    std::string idToPiece(int id) const;
    std::optional<int> unkId() const;
    std::optional<int> bosId() const;
    std::optional<int> eosId() const;
    std::optional<int> padId() const;

    // The serialized model, as stored in the project's artefact folder.
    const std::string &serialized() const { return m_serialized; }
    void save(const std::filesystem::path &modelFile) const;

private:
    SentencePieceTokenizer(void *handle, std::string serialized);
    std::optional<int> specialId(int which) const;

    void *m_handle = nullptr;
    std::string m_serialized;
};

} // namespace glossa::core::text
