#include "train/tokenizercache.h"

#include "data/snapshot.h"
#include "store/artefactpath.h"
#include "store/project.h"
#include "store/runstore.h"
#include "train/trainconfig.h"
#include "util/error.h"
#include "util/filelock.h"

#include "util/hash.h"

#include <algorithm>
#include <optional>
#include <utility>

namespace glossa::core::train {
namespace {

constexpr std::string_view tokenizerKind = "tokenizer";

// Bump when the way tokenizers are trained changes, so old artefacts are not reused.
constexpr std::string_view recipeVersion = "spm-2";

std::string sourceKeyFor(const std::vector<const data::SnapshotExample *> &texts, const TrainConfig &config)
{
    ContentHash hash;
    hash.add(recipeVersion);
    for (const char *key :
         {"tokenizer.algorithm", "tokenizer.vocab_size", "tokenizer.character_coverage", "tokenizer.max_sentences"})
        hash.add(describe(config.value(key)));
    // The seed only picks which sentences train the pieces when there are more than that; below
    // it, runs that differ only in their seed share one tokenizer instead of training it again.
    if (std::cmp_greater(texts.size(), config.integer("tokenizer.max_sentences")))
        hash.add(describe(config.value("run.seed")));
    for (const auto *example : texts)
        hash.add(example->text);
    return hash.hex();
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

} // namespace

PreparedTokenizer prepareTokenizer(const data::DatasetSnapshot &snapshot, const TrainConfig &config,
                                   store::RunStore &runs, const std::filesystem::path &artefactDir)
{
    // Unlabelled training texts teach the vocabulary too.
    const auto texts = snapshot.inSplit(data::Split::Train, false);
    if (texts.empty())
        throw Error("dataset '" + snapshot.datasetName + "' has no texts in its train split to build a tokenizer from");
    const auto key = sourceKeyFor(texts, config);

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
    options.algorithm = config.text("tokenizer.algorithm") == "bpe" ? text::SentencePieceOptions::Algorithm::Bpe
                                                                    : text::SentencePieceOptions::Algorithm::Unigram;
    options.vocabSize = static_cast<int>(config.integer("tokenizer.vocab_size"));
    options.characterCoverage = config.real("tokenizer.character_coverage");
    options.maxSentences = config.integer("tokenizer.max_sentences");
    options.seed = static_cast<unsigned int>(config.integer("run.seed"));
    auto trainOnTexts = [&] {
        size_t next = 0;
        return text::SentencePieceTokenizer::train(options, [&](std::string_view &sentence) {
            if (next == texts.size())
                return false;
            sentence = texts[next++]->text;
            return true;
        });
    };
    auto tokenizer = [&] {
        try {
            return trainOnTexts();
        } catch (const Error &e) {
            // Many scripts (hundreds of languages, or Chinese and Japanese) need more distinct
            // characters than a small vocabulary holds: grow it to the characters plus room
            // for pieces, rather than fail a run on a setting the analyst never touched.
            const auto required = requiredCharacters(e.what());
            if (!required)
                throw;
            options.vocabSize = *required + std::max(1000, *required / 4);
            return trainOnTexts();
        }
    }();

    const auto scratch = artefactDir / ("training-" + key + ".model");
    tokenizer.save(scratch);
    const auto stored = runs.addArtefact(tokenizerKind, scratch, std::nullopt, key);
    return {std::move(tokenizer), stored.path, stored.id, key, false};
}

PreparedTokenizer prepareTokenizerAhead(store::Project &project, std::string_view datasetName,
                                        const TrainConfig &config)
{
    if (config.text("model.type") == "pretrained")
        throw Error("a pretrained model brings its own vocabulary");
    const auto snapshot = data::takeSnapshot(project.db(), datasetName);
    store::RunStore runs(project.db(), project.artefactDir());
    return prepareTokenizer(snapshot, config, runs, project.artefactDir());
}

} // namespace glossa::core::train
