#include "engine/train/trainingjob.h"

#include "data/snapshot.h"
#include "data/snapshotfile.h"
#include "engine/train/crossvalidation.h"
#include "engine/train/encodedsnapshot.h"
#include "engine/train/featurerun.h"
#include "engine/train/featurevectors.h"
#include "engine/train/modelbuilder.h"
#include "engine/train/modelinput.h"
#include "engine/train/predictor.h"
#include "engine/train/quantizationagreement.h"
#include "engine/train/runpredictions.h"
#include "model/foldervocabulary.h"
#include "model/hfconfig.h"
#include "store/project.h"
#include "train/automaticsettings.h"
#include "train/bootstrap.h"
#include "train/evaluationplan.h"
#include "train/reportjson.h"
#include "train/runrecorder.h"
#include "train/runtokenizerartefact.h"
#include "train/sourcelanguages.h"
#include "train/tokenizercache.h"
#include "train/trainingsummary.h"
#include "train/trainsettings.h"
#include "util/atomicfile.h"
#include "util/error.h"
#include "util/filelock.h"

#include <c10/util/Exception.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iomanip>
#include <optional>
#include <sstream>

namespace glossa::core::train {
namespace {

constexpr std::string_view snapshotRole = "snapshot";
constexpr std::string_view modelRole = "model";

// "bag-4": the model type and the next number, skipping names taken (runs are found by name,
// and a deleted run leaves a gap that counting would fill with a duplicate).
// "bag-3"; for a pretrained model what it was made from and how: "multilingual-e5-small-lora-4".
std::string runNameStem(const TrainSettings &settings)
{
    if (settings.model.type != ModelType::Pretrained)
        return std::string(name(settings.model.type));
    auto folder = std::filesystem::path(settings.model.path);
    if (!folder.has_filename()) // ".../model/"
        folder = folder.parent_path();
    const auto strategy = settings.finetune.strategy;
    const auto stem = folder.filename().empty() ? std::string("pretrained") : folder.filename().string();
    return strategy == FineTuneStrategy::Full ? stem : stem + "-" + std::string(name(strategy));
}

std::string defaultRunName(store::Database &db, const TrainSettings &settings)
{
    auto number = db.queryInt("SELECT count(*) FROM runs") + 1;
    const auto stem = runNameStem(settings);
    for (;; ++number) {
        const auto name = stem + "-" + std::to_string(number);
        auto taken = db.prepare("SELECT 1 FROM runs WHERE name = ?1");
        taken.bind(1, name);
        if (!taken.step())
            return name;
    }
}

// Runs are found by name or id (--run, --resume): a name must be unique and not read as an id.
void requireFreeRunName(store::Database &db, std::string_view name)
{
    if (std::all_of(name.begin(), name.end(), [](char c) { return c >= '0' && c <= '9'; }))
        throw Error("a run cannot be called '" + std::string(name) + "': digits alone read as a run id");
    auto taken = db.prepare("SELECT id FROM runs WHERE name = ?1");
    taken.bind(1, name);
    if (taken.step())
        throw Error("run " + std::to_string(taken.int64(0)) + " is already called '" + std::string(name)
                    + "'; choose another name (runs are found by name)");
}

} // namespace

struct TrainingJob::Impl
{
    Impl(const store::Project &project, TrainingObserver &observer)
        : project(project)
        , db(project.connect())
        , runs(db, project.artefactDir())
        , observer(observer)
    {
    }

    const store::Project &project;
    store::Database db;
    store::RunStore runs;
    TrainingObserver &observer;

    std::int64_t runId = 0;
    bool resuming = false;
    TrainConfig config;
    // The settings left at 0 that create() picked from the data, as "key" → the number, for the
    // run's training summary (the stored settings hold only the numbers). A resumed run reads
    // them back from the summary create() stored (readPickedSettings).
    std::vector<std::pair<std::string, std::string>> pickedFromData;
    // The same, typed: read on create, and for a resumed run when it starts training.
    TrainSettings settings;
    data::DatasetSnapshot snapshot;
    // A features run's cached text vectors, once embedded (prepareFeatures).
    std::optional<FeatureVectors> features;
    const FeatureVectors *featureVectors() const { return features ? &*features : nullptr; }
    // Every snapshot example tokenised once as the run's model reads it (not for a features
    // run): the trainer, the cross-validation folds and the stored predictions read it.
    std::optional<EncodedSnapshot> encoded;
    const EncodedSnapshot *encodedInputs() const { return encoded ? &*encoded : nullptr; }

    // Held from create or resume to the end: while this process lives, others see the run as
    // alive (RunStore::markInterrupted), and no second process can resume it at the same time.
    std::optional<FileLock> liveness;

    void holdLiveness(const std::string &runName)
    {
        std::filesystem::create_directories(runs.runDir(runId));
        liveness = FileLock::tryLock(runs.livenessLockOf(runId));
        if (!liveness)
            throw Error("run '" + runName
                        + "' is being trained by another process right now; wait for it to end, or "
                          "stop it there");
    }

    std::mutex controlMutex; // guards the two below, which pause() and resume() reach
    Trainer *trainer = nullptr;
    RunRecorder *recorder = nullptr;
    bool paused = false;

    // Lets pause() and resume() reach the running trainer and recorder for as long as it lives.
    class Controls
    {
    public:
        Controls(Impl &impl, Trainer &trainer, RunRecorder &recorder)
            : m_impl(impl)
        {
            std::lock_guard lock(m_impl.controlMutex);
            m_impl.trainer = &trainer;
            m_impl.recorder = &recorder;
            if (m_impl.paused) {
                trainer.pause();
                recorder.setPaused(true);
            }
        }
        ~Controls()
        {
            std::lock_guard lock(m_impl.controlMutex);
            m_impl.trainer = nullptr;
            m_impl.recorder = nullptr;
        }
        Controls(const Controls &) = delete;
        Controls &operator=(const Controls &) = delete;

    private:
        Impl &m_impl;
    };

    void encodeSnapshot(const text::Tokenizer &reader)
    {
        if (features)
            return; // its head reads the cached vectors, not ids
        std::vector<const data::SnapshotExample *> all;
        all.reserve(snapshot.examples.size());
        for (const auto &example : snapshot.examples)
            all.push_back(&example);
        encoded.emplace(all, ModelInput(settings, reader.vocabSize()), reader);
    }

    // A features run's vectors: read from the project's cache, the new texts embedded and
    // cached; false when a stop came first.
    bool prepareFeatures(RunRecorder &recorder, std::stop_token stop)
    {
        features = embedForFeatures(db, settings, distinctTexts(snapshot), recorder, stop);
        if (!features)
            return false;
        keepEncoderWeights(runs, runId, settings, features->folderFingerprint, recorder);
        return true;
    }

    [[noreturn]] void fail(const std::string &message)
    {
        runs.setStatus(runId, store::RunStatus::Failed, message);
        observer.failed(message);
        throw Error(message);
    }

    void storeSnapshot()
    {
        const auto scratch = runs.runDir(runId) / "snapshot.bin";
        std::filesystem::create_directories(scratch.parent_path());
        data::saveSnapshot(snapshot, scratch);
        runs.linkArtefact(runId, snapshotRole, runs.addArtefact("snapshot", scratch).id);
    }

    // A file of the pretrained model's folder, copied to the run as its artefact in `role`.
    store::ArtefactInfo keepModelFile(const std::filesystem::path &file, std::string_view role,
                                      std::string_view kind = {})
    {
        const auto copy = runs.runDir(runId) / file.filename();
        std::filesystem::create_directories(copy.parent_path());
        copyFileAtomically(file, copy);
        const auto stored = runs.addArtefact(kind.empty() ? role : kind, copy, runId);
        runs.linkArtefact(runId, role, stored.id);
        return stored;
    }

    // The settings the run picked from its data, stored at once as its first training summary:
    // a run resumed by another process reads them back (readPickedSettings), and the Runs tab
    // shows them as automatic while the run trains.
    void storePickedSettings()
    {
        TrainingSummary summary;
        summary.settingsUsed = pickedFromData;
        runs.addReport(runId, 0, 0, trainingSummarySplit, trainingSummaryToJson(summary));
    }

    void readPickedSettings()
    {
        pickedFromData.clear();
        const auto json = runs.latestReport(runId, trainingSummarySplit);
        const auto summary = json ? trainingSummaryFromJson(*json) : std::nullopt;
        if (!summary)
            return; // a run older than these summaries: its numbers read as set
        for (const auto &[key, value] : summary->settingsUsed) {
            const auto &schema = TrainConfig::schema();
            const auto field = std::find_if(schema.begin(), schema.end(), [&](const auto &f) { return f.key == key; });
            if (field != schema.end() && field->automaticAtZero)
                pickedFromData.emplace_back(key, value);
        }
    }

    // A pretrained model's config.json, kept so that the run predicts and exports without its
    // folder: the trained weights are all in the run's checkpoint.
    void storeEncoderConfig()
    {
        if (settings.model.type == ModelType::Pretrained)
            keepModelFile(std::filesystem::path(settings.model.path) / "config.json", encoderConfigRole);
    }

    // The model's own vocabulary, kept with the run for the same reason: its
    // sentencepiece.bpe.model, its vocab.txt with the tokenizer_config.json that says how
    // to read it, or its BPE tokenizer.json.
    text::RunTokenizer keepModelVocabulary()
    {
        const auto vocabulary = model::findFolderVocabulary(settings.model.path);
        if (!vocabulary)
            return model::loadFolderTokenizer(settings.model.path); // throws, naming what is missing
        auto tokenizer = model::loadVocabulary(*vocabulary);        // checked before anything is kept
        if (vocabulary->format == model::VocabularyFormat::SentencePiece) {
            keepModelFile(vocabulary->file, tokenizerRole);
        } else if (vocabulary->format == model::VocabularyFormat::WordPiece) {
            keepModelFile(vocabulary->file, tokenizerRole, wordPieceArtefactKind);
            if (!vocabulary->tokenizerConfig.empty())
                keepModelFile(vocabulary->tokenizerConfig, tokenizerConfigRole);
        } else {
            // A tokenizer.json is kept as the files it reads as, which exports write too.
            const auto converted = runs.runDir(runId) / "converted-tokenizer";
            std::filesystem::create_directories(converted);
            model::writeHfTokenizerFiles(converted, tokenizer,
                                         model::readHfEncoderConfig(settings.model.path).maxTokens());
            if (tokenizer.sentencePiece()) {
                keepModelFile(converted / model::sentencePieceVocabularyFile, tokenizerRole);
            } else if (tokenizer.bpe()) { // the bytes it was read from, which nothing converts
                keepModelFile(converted / model::tokenizerJsonFile, tokenizerRole, bpeTokenizerArtefactKind);
            } else {
                keepModelFile(converted / model::wordPieceVocabularyFile, tokenizerRole, wordPieceArtefactKind);
                keepModelFile(converted / model::tokenizerConfigFile, tokenizerConfigRole);
            }
        }
        observer.message(TokenizerReady{TokenizerReady::How::ModelOwn, tokenizer.vocabSize(), 0,
                                        vocabulary->file.filename().string()});
        return tokenizer;
    }

    // `seen`: the snapshot as the run trains on it (restricted to its source languages).
    text::RunTokenizer tokenizerFor(TrainingOutcome &outcome, const data::DatasetSnapshot &seen)
    {
        if (settings.model.type == ModelType::Pretrained && !resuming)
            return keepModelVocabulary();
        if (resuming) {
            const auto run = runs.run(runId);
            if (run && runs.runArtefact(runId, tokenizerRole)) {
                outcome.tokenizerReused = true;
                return loadRunTokenizer(runs, *run);
            }
        }
        const auto started = std::chrono::steady_clock::now();
        auto prepared = prepareTokenizer(seen, config, runs, project.artefactDir());
        outcome.tokenizerSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        outcome.tokenizerReused = prepared.reused;
        runs.linkArtefact(runId, tokenizerRole, prepared.artefactId);
        observer.message(TokenizerReady{prepared.reused ? TokenizerReady::How::Reused : TokenizerReady::How::Trained,
                                        static_cast<std::int64_t>(prepared.tokenizer.vocabSize()),
                                        outcome.tokenizerSeconds,
                                        prepared.reused ? prepared.file.filename().string() : std::string()});
        return std::move(prepared.tokenizer);
    }

    // One model per fold, each scoring the examples it did not see; nullopt when a stop came
    // before the last fold.
    std::optional<CrossValidation> runFolds(const ExampleList &labelled, const EvaluationPlan &plan,
                                            const text::Tokenizer &reader, RunRecorder &recorder, std::stop_token stop)
    {
        TrainingObserver quiet;               // each fold's steps stay out of the run's charts
        std::optional<Controls> foldControls; // pause and resume reach the fold in training
        try {
            return crossValidate(
                labelled, snapshot.labels, snapshot.datasetName, config, reader, plan.folds,
                runs.runDir(runId) / "folds", quiet,
                [&](const FoldReport &report) {
                    const auto &scores = report.result.test.overall;
                    std::ostringstream line;
                    line << std::fixed << std::setprecision(3) << "cross-validation: fold " << report.fold + 1 << " of "
                         << report.folds << " trained on " << report.trainExamples << " examples, held out "
                         << scores.examples << ": accuracy " << scores.accuracy << ", macro-F1 " << scores.macroF1;
                    recorder.log(line.str());
                },
                stop,
                [&](Trainer *trainer) {
                    foldControls.reset();
                    if (trainer)
                        foldControls.emplace(*this, *trainer, recorder);
                },
                featureVectors(), encodedInputs());
        } catch (const Error &) {
            if (!stop.stop_requested())
                throw;
            return std::nullopt;
        }
    }

    // Small data: every labelled example scored by a model that did not see it (one per fold),
    // then the run's model trained on all of them, one group in ten picking its checkpoint.
    TrainingResult crossValidated(const EvaluationPlan &plan, const text::Tokenizer &reader, RunRecorder &recorder,
                                  std::stop_token stop)
    {
        recorder.log("cross-validation: " + plan.reason);
        const auto labelled = labelledExamples(snapshot);
        const auto folds = runFolds(labelled, plan, reader, recorder, stop);
        if (!folds) {
            // Stopped in the folds: no model yet. Resuming does the folds again (they are small
            // by construction), then trains the model.
            recorder.log("cross-validation: stopped before its last fold; resuming starts the folds again");
            TrainingResult stopped;
            stopped.status = store::RunStatus::Stopped;
            stopped.evaluation = "cross-validation";
            stopped.folds = plan.folds;
            return stopped;
        }
        const auto &cv = *folds;
        std::vector<int> gold;
        std::vector<std::string> languages;
        for (const auto *example : labelled) {
            gold.push_back(example->label);
            languages.push_back(example->lang);
        }
        const auto classes = static_cast<int>(snapshot.labels.size());
        auto report = evaluationReport(gold, cv.predicted, languages, classes);
        addConfidenceIntervals(report, gold, cv.predicted, languages, classes);

        TrainingData data{snapshot.datasetName, snapshot.labels, {}, {}, {}};
        splitForTraining(labelled, static_cast<std::uint64_t>(settings.run.seed), data.train, data.dev);
        recorder.log("cross-validation: the run's model trains on " + std::to_string(data.train.size()) + " examples; "
                     + std::to_string(data.dev.size()) + " pick its checkpoint");
        // A run stopped in its folds has no state to go on from: its model starts afresh.
        const bool resumeModel = resuming && std::filesystem::exists(runs.runDir(runId) / "state.pt");
        Trainer trainer(data, config, reader,
                        {runs.runDir(runId), resumeModel, false, featureVectors(), encodedInputs()}, recorder);
        const Controls controls(*this, trainer, recorder);
        auto result = trainer.run(stop);
        result.test = std::move(report);
        result.evaluation = "cross-validation";
        result.folds = plan.folds;
        return result;
    }

    // The rows a run trains, selects and is tested on (not cross-validated).
    TrainingData trainingData(const data::DatasetSnapshot &seen, const EvaluationPlan &plan, RunRecorder &recorder)
    {
        auto data = TrainingData::fromSnapshot(seen);
        if (plan.devFromTraining) {
            ExampleList rest = data.train;
            rest.insert(rest.end(), data.dev.begin(), data.dev.end());
            data.train.clear();
            data.dev.clear();
            splitForTraining(rest, static_cast<std::uint64_t>(settings.run.seed), data.train, data.dev);
        }
        if (!settings.eval.sourceLanguages.empty()) {
            using Checkpoint = SourceLanguagesUsed::Checkpoint;
            const auto checkpoint = plan.devFromTraining                      ? Checkpoint::HeldOutTrain
                                    : data.dev.size() < minEvaluationExamples ? Checkpoint::FewSourceDev
                                                                              : Checkpoint::SourceDev;
            recorder.message(SourceLanguagesUsed{
                settings.eval.sourceLanguages, static_cast<std::int64_t>(data.train.size()),
                static_cast<std::int64_t>(data.dev.size()), static_cast<std::int64_t>(data.test.size()), checkpoint});
        }
        return data;
    }

    void storeOutcome(TrainingResult &result, text::RunTokenizer tokenizer)
    {
        const auto testJson =
            reportToJson(StoredReport{snapshot.labels, result.test, result.evaluation, result.folds}).dump();
        runs.addReport(runId, result.steps, result.epochs, "test", testJson);
        // How it trained: the automatic settings resolved, the epochs run, an early stop.
        TrainingSummary summary;
        summary.settingsUsed = result.settingsUsed;
        summary.settingsUsed.insert(summary.settingsUsed.end(), pickedFromData.begin(), pickedFromData.end());
        summary.epochs = result.epochs;
        summary.steps = result.steps;
        summary.earlyStopped = result.earlyStopped;
        if (result.best)
            summary.bestEpoch = result.best->epoch;
        runs.addReport(runId, result.steps, result.epochs, trainingSummarySplit, trainingSummaryToJson(summary));
        const auto &test = result.test.overall;
        std::vector<store::MetricPoint> figures = {
            {result.steps, result.epochs, "test", "accuracy", test.accuracy},
            {result.steps, result.epochs, "test", "macro_f1", test.macroF1},
            {result.steps, result.epochs, "test", "micro_f1", test.microF1},
            // What lists of runs show beside the score, read without parsing the report.
            {result.steps, result.epochs, "test", "examples", static_cast<double>(test.examples)},
            {result.steps, result.epochs, "test", "folds", static_cast<double>(result.folds)}};
        if (test.macroF1Interval) {
            figures.push_back({result.steps, result.epochs, "test", "macro_f1_low", test.macroF1Interval->low});
            figures.push_back({result.steps, result.epochs, "test", "macro_f1_high", test.macroF1Interval->high});
        }
        runs.appendMetrics(runId, figures);
        // The best model becomes an artefact; a stopped run keeps its own copy to resume with.
        const auto copy = runs.runDir(runId) / "model.pt";
        copyFileAtomically(result.checkpoint, copy);
        runs.linkArtefact(runId, modelRole, runs.addArtefact("model", copy, runId).id);
        // Before the status: a run the browser sees as finished has its predictions.
        auto started = std::chrono::steady_clock::now();
        const auto predicted = [&] {
            if (features) // from the cached vectors: the encoder does not run again
                return storeFeaturePredictions(db, project.artefactDir(), runId, snapshot, *result.model, *features);
            auto predictor =
                Predictor::fromTrained(config, snapshot.labels, std::move(tokenizer), std::move(result.model));
            if (predictor.quantization() == Quantization::Int8) { // stored predictions are int8: say how close
                observer.message(measureInt8Agreement(predictor, snapshot));
                started = std::chrono::steady_clock::now();
            }
            return storeRunPredictions(db, project.artefactDir(), runId, snapshot, predictor, encodedInputs());
        }();
        observer.message(
            PredictionsStored{static_cast<std::int64_t>(predicted),
                              std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count()});
        runs.setStatus(runId, result.status);
        if (result.status == store::RunStatus::Finished) {
            std::error_code ignored; // only working files: the artefacts live elsewhere
            std::filesystem::remove_all(runs.runDir(runId), ignored);
        }
    }
};

TrainingJob::TrainingJob(const store::Project &project, TrainingObserver &observer)
    : m_impl(std::make_unique<Impl>(project, observer))
{
}

TrainingJob::~TrainingJob() = default;

std::int64_t TrainingJob::create(std::string_view dataset, const TrainConfig &config, std::string_view runName)
{
    auto &d = *m_impl;
    config.requireValid();
    d.snapshot = data::takeSnapshot(d.db, dataset);
    // The run records the numbers it trains with, not "automatic".
    d.config = resolveAutomaticSettings(config, d.snapshot);
    d.pickedFromData.clear();
    for (const auto &field : TrainConfig::schema())
        if (field.automaticAtZero && config.value(field.key) != d.config.value(field.key))
            d.pickedFromData.emplace_back(field.key, describe(d.config.value(field.key)));
    d.settings = TrainSettings::from(d.config);
    planEvaluation(d.snapshot, d.settings); // data that cannot be scored makes no run
    if (!runName.empty())
        requireFreeRunName(d.db, runName);
    const auto name = runName.empty() ? defaultRunName(d.db, d.settings) : std::string(runName);
    d.runId = d.runs.createRun(d.snapshot.datasetId, name, d.config.toJsonString(), d.snapshot.hash);
    d.resuming = false;
    try {
        d.holdLiveness(name);
        d.storeSnapshot();
        d.storePickedSettings();
        d.storeEncoderConfig();
    } catch (const std::exception &e) {
        d.fail(e.what());
    }
    return d.runId;
}

std::int64_t TrainingJob::prepareResume(std::string_view idOrName)
{
    auto &d = *m_impl;
    const auto run = d.runs.findRun(idOrName);
    if (!store::isResumable(run.status))
        throw Error("run '" + run.name + "' is " + std::string(store::toString(run.status))
                    + "; only a stopped or interrupted run can resume (train a new run instead)");
    d.runId = run.id;
    d.resuming = true;
    d.holdLiveness(run.name);
    d.config = TrainConfig::fromJsonString(run.configJson);
    try {
        d.readPickedSettings();
        const auto stored = d.runs.runArtefact(run.id, snapshotRole);
        if (!stored)
            throw Error("run '" + run.name + "' has no dataset snapshot to resume from");
        d.snapshot = data::loadSnapshot(stored->path);
        // Without a state.pt (killed before its first save, or stopped in its cross-validation
        // folds) the run starts again from its first step: it has its snapshot and settings.
    } catch (const std::exception &e) {
        d.fail(e.what());
    }
    return d.runId;
}

TrainingOutcome TrainingJob::run(std::stop_token stop)
{
    auto &d = *m_impl;
    if (d.runId == 0)
        throw Error("no run to train: create or resume one first");
    TrainingOutcome outcome;
    std::optional<RunRecorder> recorder;
    try {
        d.settings = TrainSettings::from(d.config); // a resumed run's, read from its record
        d.runs.markStarted(d.runId, resolveDevice(d.settings));
        // Records from the start: a long tokenizer training must not look like a dead run.
        recorder.emplace(d.project, d.runId, d.snapshot.labels, d.observer);
        // A run restricted to source languages sees none of the other languages' train and dev
        // rows, not even through its tokenizer; it is tested on every language.
        const auto sources = parseSourceLanguages(d.settings.eval.sourceLanguages);
        std::optional<data::DatasetSnapshot> restricted;
        if (!sources.empty())
            restricted = restrictToSources(d.snapshot, sources);
        const auto &seen = restricted ? *restricted : d.snapshot;
        auto tokenizer = d.tokenizerFor(outcome, seen);
        if (isFeaturesRun(d.settings) && !d.prepareFeatures(*recorder, stop)) {
            outcome.result.status = store::RunStatus::Stopped; // resumable: the vectors so far are cached
        } else {
            const auto reading = readingTokenizer(d.config, tokenizer);
            const auto &reader = reading ? *reading : tokenizer.pieces();
            d.encodeSnapshot(reader);
            const auto plan = planEvaluation(d.snapshot, d.settings);
            if (plan.crossValidation) {
                outcome.result = d.crossValidated(plan, reader, *recorder, stop);
            } else {
                const auto data = d.trainingData(seen, plan, *recorder);
                const bool fromState = d.resuming && std::filesystem::exists(d.runs.runDir(d.runId) / "state.pt");
                if (d.resuming && !fromState)
                    recorder->resumed(0); // what the killed attempt recorded is replayed
                Trainer trainer(data, d.config, reader,
                                {d.runs.runDir(d.runId), fromState, false, d.featureVectors(), d.encodedInputs()},
                                *recorder);
                const Impl::Controls controls(d, trainer, *recorder);
                outcome.result = trainer.run(stop);
            }
        }
        recorder->finish();
        if (outcome.result.model)
            d.storeOutcome(outcome.result, std::move(tokenizer));
        else // stopped while embedding or in the cross-validation folds, before a model: resumable
            d.runs.setStatus(d.runId, outcome.result.status);
    } catch (const c10::Error &e) {
        recorder.reset();
        d.fail(e.what_without_backtrace());
    } catch (const std::exception &e) {
        recorder.reset();
        d.fail(e.what());
    }
    outcome.run = *d.runs.run(d.runId);
    outcome.labels = d.snapshot.labels;
    d.observer.finished(outcome.result);
    return outcome;
}

void TrainingJob::pause()
{
    auto &d = *m_impl;
    std::lock_guard lock(d.controlMutex);
    d.paused = true;
    if (d.trainer)
        d.trainer->pause();
    if (d.recorder)
        d.recorder->setPaused(true);
}

void TrainingJob::resume()
{
    auto &d = *m_impl;
    std::lock_guard lock(d.controlMutex);
    d.paused = false;
    if (d.trainer)
        d.trainer->resume();
    if (d.recorder)
        d.recorder->setPaused(false);
}

} // namespace glossa::core::train
