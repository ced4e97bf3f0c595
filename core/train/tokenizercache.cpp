#include "train/tokenizercache.h"

#include "data/snapshot.h"
#include "store/artefactpath.h"
#include "store/project.h"
#include "store/runstore.h"
#include "train/automaticsettings.h"
#include "train/sourcelanguages.h"
#include "train/tokenizersample.h"
#include "train/trainconfig.h"
#include "train/trainsettings.h"
#include "util/error.h"
#include "util/filelock.h"

#include "util/hash.h"

#include <algorithm>
#include <optional>
#include <utility>

namespace glossa::core::train {
namespace {

constexpr std::string_view tokenizerKind = "tokenizer";

// Bump when the way tokenizers are trained changes, so old artefacts are not reused. spm-3: a
// language-balanced sample above tokenizer.max_sentences texts, not SentencePiece's own; spm-4:
// seed pieces in proportion to the vocabulary (seedPiecesFor).
constexpr std::string_view recipeVersion = "spm-4";

// The settings as TrainConfig describes them, so that keys stay those of the tokenizers stored.
std::string sourceKeyFor(const std::vector<const data::SnapshotExample *> &texts, const TrainSettings &settings)
{
    const auto &tokenizer = settings.tokenizer;
    ContentHash hash;
    hash.add(recipeVersion);
    hash.add(name(tokenizer.algorithm));
    hash.add(describe(tokenizer.vocabSize));
    hash.add(describe(tokenizer.characterCoverage));
    hash.add(describe(tokenizer.maxSentences));
    // The seed only picks which sentences train the pieces when there are more than that; below
    // it, runs that differ only in their seed share one tokenizer instead of training it again.
    if (std::cmp_greater(texts.size(), tokenizer.maxSentences))
        hash.add(describe(settings.run.seed));
    for (const auto *example : texts)
        hash.add(example->text);
    return hash.hex();
}

// Candidate pieces the unigram trainer starts from and prunes down to the vocabulary: a dozen
// per piece kept. Each halving is a pass over the texts, so starting from 200,000 for a
// 4,000-piece vocabulary spent two passes on candidates that were never going to stay (UDHR
// articles, 10,480 texts: 6.5 s against 4.8 s, macro-F1 unchanged).
std::int64_t seedPiecesFor(int vocabularySize)
{
    return std::max<std::int64_t>(50000, 12 * static_cast<std::int64_t>(vocabularySize));
}

// SentencePiece's "Vocabulary size is smaller than required_chars. 2000 vs 3257." as 3257.
std::optional<int> requiredCharacters(std::string_view message)
{
    const auto at = message.find("smaller than required_chars");
    if (at == std::string_view::npos)
        return std::nullopt;
    const auto vs = message.find(" vs ", at);
    if (vs == std::string_view::npos)
        return std::nullopt;
    int required = 0;
    for (auto i = vs + 4; i < message.size() && message[i] >= '0' && message[i] <= '9'; ++i)
        required = required * 10 + (message[i] - '0');
    return required > 0 ? std::optional<int>(required) : std::nullopt;
}

// Trains the pieces on the texts. Many scripts (hundreds of languages, or Chinese and Japanese)
// need more distinct characters than a small vocabulary holds: it then grows to the characters
// plus room for pieces, rather than fail a run on a setting the analyst never touched.
text::SentencePieceTokenizer trainOnTexts(text::SentencePieceOptions options,
                                          const std::vector<const data::SnapshotExample *> &texts)
{
    auto train = [&] {
        size_t next = 0;
        return text::SentencePieceTokenizer::train(options, [&](std::string_view &sentence) {
            if (next == texts.size())
                return false;
            sentence = texts[next++]->text;
            return true;
        });
    };
    try {
        return train();
    } catch (const Error &e) {
        const auto required = requiredCharacters(e.what());
        if (!required)
            throw;
        options.vocabSize = *required + std::max(1000, *required / 4);
        return train();
    }
}

} // namespace

PreparedTokenizer prepareTokenizer(const data::DatasetSnapshot &snapshot, const TrainConfig &config,
                                   store::RunStore &runs, const std::filesystem::path &artefactDir)
{
    // Unlabelled training texts teach the vocabulary too.
    const auto texts = snapshot.inSplit(data::Split::Train, false);
    if (texts.empty())
        throw Error("dataset '" + snapshot.datasetName + "' has no texts in its train split to build a tokenizer from");
    // A run's configuration comes resolved; glossa-cli's tokenizer ahead of the run resolves it
    // here the same way, from the same texts, so both look for one tokenizer.
    const auto settings = TrainSettings::from(resolveAutomaticSettings(config, snapshot));
    const auto key = sourceKeyFor(texts, settings);

    // One process trains a given tokenizer at a time: another that wants it too (glossa-cli's
    // tokenizer ahead of its engine, or a second run started meanwhile) waits here, then finds
    // it stored.
    store::requireRealFolder(artefactDir);
    std::filesystem::create_directories(artefactDir);
    const FileLock lock(artefactDir / "tokenizer.lock");
    if (auto stored = runs.findArtefactBySource(tokenizerKind, key)) {
        try {
            return {text::SentencePieceTokenizer::load(stored->path), stored->path, stored->id, key, true};
        } catch (const Error &) {
            // A damaged file: train again below; the same inputs give the same bytes, which
            // take the damaged file's place.
            std::filesystem::remove(stored->path);
        }
    }

    text::SentencePieceOptions options;
    options.algorithm = settings.tokenizer.algorithm == TokenizerAlgorithm::Bpe
                            ? text::SentencePieceOptions::Algorithm::Bpe
                            : text::SentencePieceOptions::Algorithm::Unigram;
    options.vocabSize = static_cast<int>(settings.tokenizer.vocabSize);
    options.characterCoverage = settings.tokenizer.characterCoverage;
    options.maxSentences = settings.tokenizer.maxSentences;
    options.seedPieces = seedPiecesFor(options.vocabSize);
    options.seed = static_cast<unsigned int>(settings.run.seed);
    auto tokenizer =
        trainOnTexts(options, languageBalancedSample(texts, static_cast<std::size_t>(settings.tokenizer.maxSentences),
                                                     static_cast<std::uint64_t>(settings.run.seed)));

    const auto scratch = artefactDir / ("training-" + key + ".model");
    tokenizer.save(scratch);
    const auto stored = runs.addArtefact(tokenizerKind, scratch, std::nullopt, key);
    return {std::move(tokenizer), stored.path, stored.id, key, false};
}

PreparedTokenizer prepareTokenizerAhead(store::Project &project, std::string_view datasetName,
                                        const TrainConfig &config)
{
    if (TrainSettings::from(config).model.type == ModelType::Pretrained)
        throw Error("a pretrained model brings its own vocabulary");
    auto snapshot = data::takeSnapshot(project.db(), datasetName);
    // The texts the job will train its tokenizer on: a source-restricted run's only.
    if (const auto sources = parseSourceLanguages(TrainSettings::from(config).eval.sourceLanguages); !sources.empty())
        snapshot = restrictToSources(snapshot, sources);
    store::RunStore runs(project.db(), project.artefactDir());
    return prepareTokenizer(snapshot, config, runs, project.artefactDir());
}

} // namespace glossa::core::train
