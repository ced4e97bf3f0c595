// finetune.strategy=features: a pretrained encoder stays frozen, every text's vector is computed
// once and kept in the project, and a small head trains on the vectors. A run trains and stores
// predictions like any run, a retrain after relabelling embeds only the texts the cache lacks,
// the run's model predicts new texts as its stored predictions say, and the label-error search
// trains heads on the same vectors.

#include "testsupport.h"
#include "tinycheckpoint.h"

#include "data/demoproject.h"
#include "data/snapshot.h"
#include "data/snapshotfile.h"
#include "engine/train/crossvalidation.h"
#include "engine/train/embedder.h"
#include "engine/train/featurefolder.h"
#include "engine/train/featurevectors.h"
#include "engine/train/labelerrors.h"
#include "engine/train/modelinput.h"
#include "engine/train/predictor.h"
#include "engine/train/trainingjob.h"
#include "store/datasetstore.h"
#include "store/embeddingcache.h"
#include "store/labeljournal.h"
#include "store/project.h"
#include "store/runstore.h"
#include "store/typedexample.h"
#include "text/runtokenizer.h"
#include "text/sentencepiecetokenizer.h"
#include "train/trainconfig.h"
#include "train/trainsettings.h"

#include <QTemporaryDir>
#include <QTest>

#include <map>
#include <set>

using namespace glossa::core;
using namespace glossa::test;

namespace {

class RecordingObserver final : public train::TrainingObserver
{
public:
    void progress(const train::TrainingProgress &progress) override { steps.push_back(progress.step); }
    void log(std::string_view line) override { lines.emplace_back(line); }

    std::vector<std::int64_t> steps;
    std::vector<std::string> lines;
};

std::map<std::int64_t, std::pair<std::int64_t, double>> storedPredictions(store::Database &db, std::int64_t runId)
{
    std::map<std::int64_t, std::pair<std::int64_t, double>> stored;
    auto query = db.prepare("SELECT example_id, label_id, confidence FROM predictions WHERE run_id = ?1");
    query.bind(1, runId);
    while (query.step())
        stored[query.int64(0)] = {query.int64(1), query.real(2)};
    return stored;
}

} // namespace

class TestFeaturesRun : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void theSettingValidates();
    void aFeaturesRunTrainsAndStoresPredictions();
    void itsModelPredictsAsItsStoredPredictions();
    void anExportPredictsAsTheRun();
    void anExportKeepsEveryFamilysVocabulary_data();
    void anExportKeepsEveryFamilysVocabulary();
    void aRetrainAfterRelabellingEmbedsOnlyNewTexts();
    void theLabelErrorSearchTrainsHeadsOnTheCache();
    void aStopWhileEmbeddingKeepsTheVectors();

private:
    train::TrainConfig featuresConfig() const;
    std::size_t cachedVectors();

    QTemporaryDir m_dir;
    std::filesystem::path m_folder;
    std::unique_ptr<store::Project> m_project;
    std::int64_t m_firstRun = 0;
    train::TrainingOutcome m_firstOutcome;
    RecordingObserver m_firstObserver;
};

void TestFeaturesRun::initTestCase()
{
    QVERIFY(m_dir.isValid());
    torch::manual_seed(5);
    m_folder = pathIn(m_dir, QStringLiteral("tiny-xlmr"));
    writeTinyCheckpoint(m_folder, tinyConfig(model::EncoderFamily::XlmRoberta));
    QVERIFY(writeTinyVocabulary(m_folder));
    m_project = std::make_unique<store::Project>(store::Project::create(pathIn(m_dir, QStringLiteral("f.glossa"))));
    data::importDemoData(m_project->db(), GLOSSA_DEMO_DIR);

    train::TrainingJob job(*m_project, m_firstObserver);
    m_firstRun = job.create(data::demoDatasetName, featuresConfig());
    m_firstOutcome = job.run();
}

train::TrainConfig TestFeaturesRun::featuresConfig() const
{
    train::TrainConfig config;
    config.setAssignment("model.type=pretrained");
    config.set("model.path", m_folder.string());
    config.setAssignment("finetune.strategy=features");
    config.setAssignment("finetune.head=hidden");
    config.setAssignment("finetune.head_width=16");
    config.setAssignment("model.max_length=32");
    config.setAssignment("optimizer.epochs=4");
    config.setAssignment("eval.min_epochs=1");
    return config;
}

std::size_t TestFeaturesRun::cachedVectors()
{
    const auto settings = train::TrainSettings::from(featuresConfig());
    const auto key = train::Embedder::folderModelKey(m_folder, train::EmbeddingPooling::Mean,
                                                     static_cast<std::size_t>(settings.model.maxLength));
    return store::EmbeddingCache(m_project->db(), key, 32).count();
}

void TestFeaturesRun::theSettingValidates()
{
    auto config = featuresConfig();
    QVERIFY(config.validate().empty());
    const auto settings = train::TrainSettings::from(config);
    QCOMPARE(settings.finetune.strategy, train::FineTuneStrategy::Features);
    QCOMPARE(settings.finetune.head, train::FeatureHead::Hidden);
    QCOMPARE(settings.finetune.headWidth, std::int64_t(16));
    QCOMPARE(settings.finetune.pooling, train::FeaturePooling::Mean);
    // Its own settings show only for it: the hidden width only for the hidden head.
    QVERIFY(config.applies(train::TrainConfig::field("finetune.head_width")));
    config.setAssignment("finetune.head=linear");
    QVERIFY(!config.applies(train::TrainConfig::field("finetune.head_width")));
    config.setAssignment("finetune.strategy=full");
    QVERIFY(!config.applies(train::TrainConfig::field("finetune.head")));
    // A head of a kind there is not is refused, naming the setting.
    const auto refused = errorFrom([&] { config.setAssignment("finetune.head=deep"); });
    const bool refusedNow = refused.has_value();
    if (!refusedNow) {
        const auto problems = config.validate();
        QVERIFY(!problems.empty());
        QCOMPARE(qs(problems.front().key), QStringLiteral("finetune.head"));
    }
    // A head trained from zero steps larger than a fine-tuned encoder.
    QCOMPARE(featuresConfig().effectiveLearningRate(), 1e-3);
}

void TestFeaturesRun::aFeaturesRunTrainsAndStoresPredictions()
{
    QCOMPARE(qs(m_firstOutcome.run.status), qs(store::RunStatus::Finished));
    QVERIFY(m_firstOutcome.result.test.overall.examples > 0);
    QVERIFY(m_firstOutcome.result.best.has_value());
    QVERIFY(!m_firstObserver.steps.empty());
    store::RunStore runs(m_project->db(), m_project->artefactDir());
    QVERIFY(runs.hasPredictions(m_firstRun));
    const auto snapshot = data::takeSnapshot(m_project->db(), data::demoDatasetName);
    QCOMPARE(storedPredictions(m_project->db(), m_firstRun).size(), snapshot.examples.size());
    // Every distinct text embedded once and kept.
    QCOMPARE(cachedVectors(), train::distinctTexts(snapshot).size());
    // The model artefact is the head alone; the encoder is one artefact shared by the folder's runs.
    const auto head = runs.runArtefact(m_firstRun, "model");
    const auto encoder = runs.runArtefact(m_firstRun, "encoder-weights");
    QVERIFY(head && encoder);
    QVERIFY2(head->sizeBytes < encoder->sizeBytes / 4,
             qPrintable(QStringLiteral("head %1 B, encoder %2 B").arg(head->sizeBytes).arg(encoder->sizeBytes)));
}

void TestFeaturesRun::itsModelPredictsAsItsStoredPredictions()
{
    // Loaded from the project alone (the encoder from its artefact), the run's model computes
    // the vectors again from the texts: what it predicts must be what was stored from the cache.
    const auto predictor = train::Predictor::load(m_project->db(), m_project->artefactDir(), m_firstRun);
    const auto snapshot = data::takeSnapshot(m_project->db(), data::demoDatasetName);
    const auto stored = storedPredictions(m_project->db(), m_firstRun);
    store::DatasetStore datasets(m_project->db());
    std::map<std::string, std::int64_t> labelIds;
    for (const auto &label : datasets.labels(snapshot.datasetId))
        labelIds[label.name] = label.id;
    std::vector<std::string> texts;
    std::vector<std::int64_t> ids;
    for (std::size_t i = 0; i < snapshot.examples.size(); i += 37) {
        texts.push_back(snapshot.examples[i].text);
        ids.push_back(snapshot.examples[i].id);
    }
    const auto predictions = predictor.predict(texts);
    for (std::size_t i = 0; i < texts.size(); ++i) {
        const auto &[labelId, confidence] = stored.at(ids[i]);
        const auto &prediction = predictions[i];
        QCOMPARE(labelIds.at(predictor.labels()[static_cast<std::size_t>(prediction.label)]), labelId);
        QVERIFY2(std::abs(prediction.probabilities[static_cast<std::size_t>(prediction.label)] - confidence) < 1e-4,
                 qPrintable(QStringLiteral("%1: %2 predicted, %3 stored")
                                .arg(qs(texts[i]))
                                .arg(prediction.probabilities[static_cast<std::size_t>(prediction.label)])
                                .arg(confidence)));
    }
    // The Compare tab's attributions work on it too.
    const auto attribution = predictor.attribute(texts.front());
    QVERIFY(!attribution.scores.empty());
    QCOMPARE(attribution.scores.size(), attribution.pieces.size());
}

void TestFeaturesRun::anExportPredictsAsTheRun()
{
    store::RunStore runs(m_project->db(), m_project->artefactDir());
    const auto output = pathIn(m_dir, QStringLiteral("exported"));
    train::exportFeatureRun(runs, *runs.run(m_firstRun), output);
    // The encoder is an ordinary Hugging Face folder: the embedder reads it as a base model.
    QVERIFY(std::filesystem::exists(output / "config.json"));
    QVERIFY(std::filesystem::exists(output / "sentencepiece.bpe.model"));
    const auto exported = train::Predictor::fromFolder(output);
    const auto original = train::Predictor::load(m_project->db(), m_project->artefactDir(), m_firstRun);
    QCOMPARE(exported.labels(), original.labels());
    const std::vector<std::string> texts{"where is my parcel", "cancel order refund", "包裹在哪里"};
    const auto a = exported.predict(texts);
    const auto b = original.predict(texts);
    for (std::size_t i = 0; i < texts.size(); ++i) {
        QCOMPARE(a[i].label, b[i].label);
        for (std::size_t c = 0; c < a[i].probabilities.size(); ++c)
            QVERIFY(std::abs(a[i].probabilities[c] - b[i].probabilities[c]) < 1e-5);
    }
    // A head file that lacks a tensor is refused, naming it, rather than predicting at random.
    std::filesystem::remove(output / train::featureHeadWeightsName);
    const auto refused = errorFrom([&] { train::Predictor::fromFolder(output); });
    QVERIFY(refused && refused->contains(QString::fromUtf8(train::featureHeadWeightsName)));
}

void TestFeaturesRun::anExportKeepsEveryFamilysVocabulary_data()
{
    QTest::addColumn<int>("family");
    QTest::addColumn<QString>("vocabularyFile");
    QTest::newRow("bert, vocab.txt") << int(model::EncoderFamily::Bert) << QStringLiteral("vocab.txt");
    QTest::newRow("deberta-v2, spm.model") << int(model::EncoderFamily::DebertaV2) << QStringLiteral("spm.model");
}

// A features run on a WordPiece or DeBERTa-v2 model exports its own vocabulary files (not an
// XLM-R one), which the exported folder then reads to predict as the run does.
void TestFeaturesRun::anExportKeepsEveryFamilysVocabulary()
{
    QFETCH(int, family);
    QFETCH(QString, vocabularyFile);
    const auto folder = pathIn(m_dir, QStringLiteral("features-model-%1").arg(family));
    writeTinyCheckpoint(folder, tinyConfig(static_cast<model::EncoderFamily>(family)));
    if (vocabularyFile == QLatin1String("vocab.txt"))
        writeTinyWordPieceVocabulary(folder);
    else
        QVERIFY(writeTinyVocabulary(folder, /*debertaLayout=*/true));
    auto config = featuresConfig();
    config.set("model.path", folder.string());
    config.setAssignment("optimizer.epochs=1");
    RecordingObserver observer;
    train::TrainingJob job(*m_project, observer);
    const auto runId = job.create(data::demoDatasetName, config);
    job.run();
    store::RunStore runs(m_project->db(), m_project->artefactDir());
    const auto output = pathIn(m_dir, QStringLiteral("exported-%1").arg(family));
    train::exportFeatureRun(runs, *runs.run(runId), output);
    QVERIFY(std::filesystem::exists(output / vocabularyFile.toStdString()));
    QVERIFY(!std::filesystem::exists(output / "sentencepiece.bpe.model"));
    QVERIFY(std::filesystem::exists(output / "tokenizer_config.json"));
    const auto exported = train::Predictor::fromFolder(output);
    const auto original = train::Predictor::load(m_project->db(), m_project->artefactDir(), runId);
    const std::vector<std::string> texts{"Where is my parcel?", "cancel order refund", "包裹在哪里"};
    const auto a = exported.predict(texts);
    const auto b = original.predict(texts);
    for (std::size_t i = 0; i < texts.size(); ++i)
        for (std::size_t c = 0; c < a[i].probabilities.size(); ++c)
            QVERIFY(std::abs(a[i].probabilities[c] - b[i].probabilities[c]) < 1e-5);
}

void TestFeaturesRun::aRetrainAfterRelabellingEmbedsOnlyNewTexts()
{
    auto &db = m_project->db();
    store::DatasetStore datasets(db);
    const auto dataset = datasets.dataset(data::demoDatasetName);
    const auto labels = datasets.labels(dataset.id);
    auto snapshot = data::takeSnapshot(db, data::demoDatasetName);
    // Relabel one labelled example in ten, and add one new text.
    std::vector<std::int64_t> relabelled;
    for (std::size_t i = 0; i < snapshot.examples.size(); i += 10)
        if (snapshot.examples[i].label >= 0)
            relabelled.push_back(snapshot.examples[i].id);
    store::LabelJournal(db).setLabel(dataset.id, relabelled, labels.front().id, store::EditSource::User);
    const std::string newText = "a text no run has seen: where is parcel cancel refund";
    store::addTypedExample(db, dataset.id, newText, "en", labels.back().id, "train", "features test");
    const auto before = cachedVectors();

    RecordingObserver observer;
    train::TrainingJob job(*m_project, observer);
    const auto runId = job.create(data::demoDatasetName, featuresConfig());
    const auto outcome = job.run();
    QCOMPARE(qs(outcome.run.status), qs(store::RunStatus::Finished));
    // Only the new text was embedded: the relabelled texts' vectors were the cache's.
    QCOMPARE(cachedVectors(), before + 1);
    const auto said = std::find_if(observer.lines.begin(), observer.lines.end(),
                                   [](const std::string &line) { return line.find("to embed") != std::string::npos; });
    QVERIFY(said != observer.lines.end());
    QVERIFY2(said->find("; 1 to embed") != std::string::npos, said->c_str());
    // It trained on the new labels: its snapshot is not the first run's.
    store::RunStore runs(db, m_project->artefactDir());
    QVERIFY(runs.run(runId)->snapshotHash != runs.run(m_firstRun)->snapshotHash);
    QCOMPARE(storedPredictions(db, runId).size(), snapshot.examples.size() + 1);
    // Both runs read one encoder artefact.
    QCOMPARE(runs.runArtefact(runId, "encoder-weights")->id, runs.runArtefact(m_firstRun, "encoder-weights")->id);

    // The same seed and data train the same head: every stored prediction is the same again.
    RecordingObserver againObserver;
    train::TrainingJob again(*m_project, againObserver);
    const auto againId = again.create(data::demoDatasetName, featuresConfig());
    again.run();
    QCOMPARE(storedPredictions(db, againId), storedPredictions(db, runId));
}

void TestFeaturesRun::theLabelErrorSearchTrainsHeadsOnTheCache()
{
    const auto snapshot = data::takeSnapshot(m_project->db(), data::demoDatasetName);
    const auto config = featuresConfig();
    RecordingObserver observer;
    const auto vectors = train::embedForFeatures(m_project->db(), train::TrainSettings::from(config),
                                                 train::distinctTexts(snapshot), observer);
    QVERIFY(vectors.has_value());
    QCOMPARE(vectors->computed, std::int64_t(0)); // every text is cached by now
    QCOMPARE(static_cast<std::size_t>(vectors->reused), train::distinctTexts(snapshot).size());
    train::LabelErrorOptions options;
    options.folds = 3;
    options.workDir = pathIn(m_dir, QStringLiteral("errors"));
    options.features = &*vectors;
    // As glossa-cli errors reads a run's tokenizer (the fold heads read only the vectors).
    const text::RunTokenizer pieces = text::SentencePieceTokenizer::load(m_folder / "sentencepiece.bpe.model");
    const auto reader = train::readingTokenizer(config, pieces);
    const auto search = train::findLabelErrors(snapshot, config, *reader, options, observer);
    QCOMPARE(search.folds, 3);
    QCOMPARE(search.examples, static_cast<std::int64_t>(train::labelledExamples(snapshot).size()));
    QVERIFY(search.cap >= static_cast<std::int64_t>(search.candidates.size()));
    QVERIFY(search.outOfSampleAccuracy > 0);
    QVERIFY(!std::filesystem::exists(options.workDir));
}

void TestFeaturesRun::aStopWhileEmbeddingKeepsTheVectors()
{
    auto &db = m_project->db();
    store::DatasetStore datasets(db);
    const auto dataset = datasets.dataset(data::demoDatasetName);
    const auto labels = datasets.labels(dataset.id);
    // 300 new texts: more than one chunk of the encoder's work.
    for (int i = 0; i < 300; ++i)
        store::addTypedExample(db, dataset.id, "new text number " + std::to_string(i), "en", labels.front().id, "train",
                               "features test");
    const auto before = cachedVectors();
    std::stop_source stop;
    class StopAfterFirstChunk final : public train::TrainingObserver
    {
    public:
        explicit StopAfterFirstChunk(std::stop_source &stop)
            : m_stop(stop)
        {
        }
        void log(std::string_view line) override
        {
            if (line.find("embedded") != std::string_view::npos)
                m_stop.request_stop();
        }

    private:
        std::stop_source &m_stop;
    } observer(stop);
    std::int64_t runId = 0;
    {
        train::TrainingJob job(*m_project, observer); // holds the run until it ends
        runId = job.create(data::demoDatasetName, featuresConfig());
        const auto outcome = job.run(stop.get_token());
        QCOMPARE(qs(outcome.run.status), qs(store::RunStatus::Stopped));
    }
    const auto kept = cachedVectors() - before;
    QVERIFY2(kept > 0 && kept < 300, qPrintable(QString::number(kept)));
    // Resumed, it embeds the rest and finishes.
    RecordingObserver resumedObserver;
    train::TrainingJob resumed(*m_project, resumedObserver);
    resumed.prepareResume(std::to_string(runId));
    QCOMPARE(qs(resumed.run().run.status), qs(store::RunStatus::Finished));
    QCOMPARE(cachedVectors(), before + 300);
}

QTEST_GUILESS_MAIN(TestFeaturesRun)
#include "tst_featuresrun.moc"
