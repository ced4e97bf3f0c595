// Dataset snapshots and the tokenizer a run trains from one: the snapshot pins texts and
// labels at a moment, and the tokenizer is stored once and reused while its inputs stay the same.

#include "testsupport.h"

#include "data/demoproject.h"
#include "data/importer.h"
#include "data/snapshot.h"
#include "store/datasetstore.h"
#include "store/labeljournal.h"
#include "store/project.h"
#include "store/runstore.h"
#include "train/automaticsettings.h"
#include "train/tokenizercache.h"
#include "train/tokenizersample.h"
#include "train/trainconfig.h"
#include "train/trainsettings.h"
#include "util/error.h"

#include <QTest>

#include <algorithm>
#include <future>

using namespace glossa::core;
using namespace glossa::test;

class TestTokenizerCache : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void snapshotPinsLabelsAndHashesContent();
    void tokenizerIsTrainedOnceAndReused();
    void twoPreparingAtOnceTrainItOnce();
    void damagedTokenizerIsRebuilt();
    void datasetWithoutTrainingTextIsRefused();
    void vocabularyGrowsToHoldEveryScript();
    void largeDataSamplesLanguagesEvenly();
    void automaticSettingsFollowTheData();
    void automaticSettingsCountOnlyWhatTheRunSees();

private:
    store::Project demoProject(const QTemporaryDir &dir);

    std::filesystem::path m_demoDir;
};

void TestTokenizerCache::initTestCase()
{
    m_demoDir = GLOSSA_DEMO_DIR;
    QVERIFY(std::filesystem::is_directory(m_demoDir));
}

store::Project TestTokenizerCache::demoProject(const QTemporaryDir &dir)
{
    auto project = store::Project::create(pathIn(dir, QStringLiteral("demo.glossa")));
    data::importDemoData(project.db(), m_demoDir);
    return project;
}

void TestTokenizerCache::snapshotPinsLabelsAndHashesContent()
{
    QTemporaryDir dir;
    auto project = demoProject(dir);
    const auto first = data::takeSnapshot(project.db(), data::demoDatasetName);
    QCOMPARE(first.examples.size(), size_t(2152));
    QCOMPARE(first.labels.size(), size_t(9));
    QCOMPARE(first.hash.size(), size_t(32));
    QCOMPARE(data::takeSnapshot(project.db(), data::demoDatasetName).hash, first.hash);
    const auto train = first.inSplit(data::Split::Train);
    QVERIFY(train.size() > 1500 && train.size() < 1800);

    // A label edit after the snapshot: the snapshot keeps the old label, a new one differs.
    const auto &example = first.examples.front();
    store::DatasetStore store(project.db());
    const auto other = (example.label + 1) % static_cast<int>(first.labels.size());
    store::LabelJournal(project.db())
        .setLabel(first.datasetId, {example.id},
                  store.findLabel(first.datasetId, first.labels[static_cast<size_t>(other)]), store::EditSource::User);
    const auto second = data::takeSnapshot(project.db(), data::demoDatasetName);
    QVERIFY(second.hash != first.hash);
    QCOMPARE(second.examples.front().label, other);
    QVERIFY(first.examples.front().label != other);
}

void TestTokenizerCache::tokenizerIsTrainedOnceAndReused()
{
    QTemporaryDir dir;
    auto project = demoProject(dir);
    store::RunStore runs(project.db(), project.artefactDir());
    train::TrainConfig config;
    config.setAssignment("tokenizer.vocab_size=2000");
    const auto snapshot = data::takeSnapshot(project.db(), data::demoDatasetName);

    const auto first = train::prepareTokenizer(snapshot, config, runs, project.artefactDir());
    QVERIFY(!first.reused);
    QVERIFY(std::filesystem::exists(first.file));
    QCOMPARE(first.tokenizer.vocabSize(), 2000);
    QVERIFY(first.file.parent_path().filename() == "tokenizer");

    // Same texts and settings: the stored model, not a new one.
    const auto again = train::prepareTokenizer(snapshot, config, runs, project.artefactDir());
    QVERIFY(again.reused);
    QCOMPARE(again.file, first.file);
    QCOMPARE(again.tokenizer.encode("Where is my parcel?"), first.tokenizer.encode("Where is my parcel?"));

    // Relabelling changes the snapshot but not the texts: still reused.
    store::DatasetStore store(project.db());
    const auto &example = snapshot.examples.front();
    store::LabelJournal(project.db()).setLabel(snapshot.datasetId, {example.id}, std::nullopt, store::EditSource::User);
    const auto relabelled = data::takeSnapshot(project.db(), data::demoDatasetName);
    QVERIFY(relabelled.hash != snapshot.hash);
    QVERIFY(train::prepareTokenizer(relabelled, config, runs, project.artefactDir()).reused);

    // Other settings: another tokenizer, kept beside the first.
    config.setAssignment("tokenizer.algorithm=bpe");
    const auto bpe = train::prepareTokenizer(snapshot, config, runs, project.artefactDir());
    QVERIFY(!bpe.reused);
    QVERIFY(bpe.file != first.file);
    QVERIFY(std::filesystem::exists(first.file));

    // It survives closing the project.
    const auto file = project.file();
    {
        auto reopened = store::Project::open(file);
        store::RunStore reopenedRuns(reopened.db(), reopened.artefactDir());
        QVERIFY(train::prepareTokenizer(snapshot, config, reopenedRuns, reopened.artefactDir()).reused);
    }
}

// Two preparers of the same tokenizer at the same moment (glossa-cli's child and its engine,
// or two runs started together), each with its own connection: one trains and stores it, the
// other waits on the lock and finds it stored.
void TestTokenizerCache::twoPreparingAtOnceTrainItOnce()
{
    QTemporaryDir dir;
    auto project = demoProject(dir);
    train::TrainConfig config;
    config.setAssignment("tokenizer.vocab_size=2000");
    const auto file = project.file();

    auto prepare = [&] {
        auto own = store::Project::open(file);
        store::RunStore runs(own.db(), own.artefactDir());
        const auto snapshot = data::takeSnapshot(own.db(), data::demoDatasetName);
        return train::prepareTokenizer(snapshot, config, runs, own.artefactDir());
    };
    auto other = std::async(std::launch::async, prepare);
    const auto mine = prepare();
    const auto theirs = other.get();

    QCOMPARE(int(mine.reused) + int(theirs.reused), 1);
    QCOMPARE(mine.file, theirs.file);
    QCOMPARE(mine.tokenizer.encode("Où est mon colis ?"), theirs.tokenizer.encode("Où est mon colis ?"));
    auto count = project.db().prepare("SELECT count(*) FROM artefacts WHERE kind = 'tokenizer'");
    QVERIFY(count.step());
    QCOMPARE(count.int64(0), std::int64_t(1));
}

void TestTokenizerCache::damagedTokenizerIsRebuilt()
{
    QTemporaryDir dir;
    auto project = demoProject(dir);
    store::RunStore runs(project.db(), project.artefactDir());
    train::TrainConfig config;
    config.setAssignment("tokenizer.vocab_size=2000");
    const auto snapshot = data::takeSnapshot(project.db(), data::demoDatasetName);
    const auto first = train::prepareTokenizer(snapshot, config, runs, project.artefactDir());
    const auto expected = first.tokenizer.encode("Wo ist mein Paket?");

    writeFile(first.file, "truncated");
    const auto rebuilt = train::prepareTokenizer(snapshot, config, runs, project.artefactDir());
    QVERIFY(!rebuilt.reused);
    QCOMPARE(rebuilt.tokenizer.encode("Wo ist mein Paket?"), expected);
    QVERIFY(train::prepareTokenizer(snapshot, config, runs, project.artefactDir()).reused);

    std::filesystem::remove(rebuilt.file);
    QVERIFY(!train::prepareTokenizer(snapshot, config, runs, project.artefactDir()).reused);
}

void TestTokenizerCache::datasetWithoutTrainingTextIsRefused()
{
    QTemporaryDir dir;
    auto project = store::Project::create(pathIn(dir, QStringLiteral("tiny.glossa")));
    const auto input = pathIn(dir, QStringLiteral("tiny.csv"));
    writeFile(input, "text,label,split\nhello,greet,test\nbye,leave,dev\n");
    data::importFile(project.db(), "tiny", input);
    store::RunStore runs(project.db(), project.artefactDir());
    const auto snapshot = data::takeSnapshot(project.db(), "tiny");
    try {
        train::prepareTokenizer(snapshot, train::TrainConfig(), runs, project.artefactDir());
        QFAIL("a dataset without training texts must be refused");
    } catch (const Error &e) {
        QVERIFY2(QString::fromUtf8(e.what()).contains(QStringLiteral("no texts in its train split")), e.what());
    }
    QVERIFY_THROWS_EXCEPTION(Error, data::takeSnapshot(project.db(), "missing"));
}

void TestTokenizerCache::vocabularyGrowsToHoldEveryScript()
{
    // 1,200 distinct Chinese characters: more than a 300-piece vocabulary can cover.
    QTemporaryDir dir;
    auto project = store::Project::create(pathIn(dir, QStringLiteral("han.glossa")));
    QByteArray csv("text,label,split\n");
    for (int row = 0; row < 200; ++row) {
        QString text;
        for (int k = 0; k < 12; ++k)
            text += QChar(0x4E00 + (row * 6 + k * 17) % 1200);
        csv += text.toUtf8() + (row % 2 ? ",a," : ",b,") + (row % 10 == 0 ? "dev" : "train") + "\n";
    }
    const auto input = pathIn(dir, QStringLiteral("han.csv"));
    writeFile(input, csv);
    data::importFile(project.db(), "han", input);
    store::RunStore runs(project.db(), project.artefactDir());
    const auto snapshot = data::takeSnapshot(project.db(), "han");
    train::TrainConfig config;
    config.setAssignment("tokenizer.vocab_size=300");
    config.setAssignment("tokenizer.character_coverage=1.0");
    const auto prepared = train::prepareTokenizer(snapshot, config, runs, project.artefactDir());
    QVERIFY2(prepared.tokenizer.vocabSize() > 1200, qPrintable(QString::number(prepared.tokenizer.vocabSize())));
    // Every character is known: nothing encodes to <unk> (id 1).
    for (const int id : prepared.tokenizer.encode(snapshot.examples.front().text))
        QVERIFY(id != 1);
}

// Above tokenizer.max_sentences the tokenizer reads a sample in which a small language keeps all
// its texts and the large ones share the rest evenly: 30 Amharic, 200 German and 5,000 English
// texts sampled to 1,000 give all 30 and all 200, and 770 English ones. Seeds pick different
// English texts; the same seed the same ones.
void TestTokenizerCache::largeDataSamplesLanguagesEvenly()
{
    std::vector<data::SnapshotExample> examples;
    auto add = [&](const std::string &lang, int count) {
        for (int i = 0; i < count; ++i) {
            data::SnapshotExample example;
            example.id = static_cast<std::int64_t>(examples.size() + 1);
            example.text = lang + std::to_string(i);
            example.lang = lang;
            examples.push_back(example);
        }
    };
    add("en", 5000);
    add("am", 30);
    add("de", 200);
    std::vector<const data::SnapshotExample *> texts;
    for (const auto &example : examples)
        texts.push_back(&example);

    auto countOf = [](const std::vector<const data::SnapshotExample *> &sample, const std::string &lang) {
        return std::count_if(sample.begin(), sample.end(), [&](const auto *e) { return e->lang == lang; });
    };
    const auto sample = train::languageBalancedSample(texts, 1000, 7);
    QCOMPARE(sample.size(), std::size_t(1000));
    QCOMPARE(countOf(sample, "am"), 30);
    QCOMPARE(countOf(sample, "de"), 200);
    QCOMPARE(countOf(sample, "en"), 770);
    // In the texts' order, no text twice.
    QVERIFY(std::is_sorted(sample.begin(), sample.end(), [](const auto *a, const auto *b) { return a->id < b->id; }));
    QVERIFY(std::adjacent_find(sample.begin(), sample.end()) == sample.end());

    QVERIFY(train::languageBalancedSample(texts, 1000, 7) == sample);
    QVERIFY(train::languageBalancedSample(texts, 1000, 8) != sample);
    // An even share when every language has more than it: 3 x 100.
    const auto even = train::languageBalancedSample(texts, 90, 7);
    QCOMPARE(countOf(even, "am"), 30);
    QCOMPARE(countOf(even, "de"), 30);
    QCOMPARE(countOf(even, "en"), 30);
    // At or below the limit: every text, as it was.
    QVERIFY(train::languageBalancedSample(texts, texts.size(), 7) == texts);
}

namespace {

// `count` labelled training texts, cycling through the languages, and a tenth as many dev and
// test ones.
data::DatasetSnapshot snapshotOf(std::size_t count, const std::vector<std::string> &languages)
{
    data::DatasetSnapshot snapshot;
    snapshot.labels = {"a", "b"};
    auto add = [&](data::Split split, std::size_t n) {
        for (std::size_t i = 0; i < n; ++i) {
            data::SnapshotExample example;
            example.id = static_cast<std::int64_t>(snapshot.examples.size() + 1);
            example.text = "text " + std::to_string(example.id);
            example.lang = languages[i % languages.size()];
            example.split = split;
            example.label = static_cast<int>(i % 2);
            snapshot.examples.push_back(std::move(example));
        }
    };
    add(data::Split::Train, count);
    add(data::Split::Dev, count / 10);
    add(data::Split::Test, count / 10);
    return snapshot;
}

} // namespace

// The settings left at 0 become numbers for the data: the demo's size keeps today's small
// model, the UDHR's (21,000 texts) and the emoji names' (129,000) get a bounded tokenizer
// sample, more hash buckets and fewer epochs, and the largest vocabulary only at that size.
void TestTokenizerCache::automaticSettingsFollowTheData()
{
    const train::TrainConfig automatic;
    for (const auto *key : {"tokenizer.vocab_size", "tokenizer.max_sentences", "model.hash_buckets", "optimizer.epochs"})
        QCOMPARE(automatic.integer(key), std::int64_t(0));
    QVERIFY(automatic.validate().empty());

    struct Expected
    {
        std::size_t texts;
        std::int64_t vocabulary, sample, buckets, epochs;
    };
    for (const auto &expected : {Expected{1750, 4000, 5000, 65536, 10}, Expected{20961, 4000, 5240, 262144, 6},
                                 Expected{129487, 8000, 32371, 262144, 3}}) {
        const auto resolved = train::resolveAutomaticSettings(automatic, snapshotOf(expected.texts, {"en", "de"}));
        QCOMPARE(resolved.integer("tokenizer.vocab_size"), expected.vocabulary);
        QCOMPARE(resolved.integer("tokenizer.max_sentences"), expected.sample);
        QCOMPARE(resolved.integer("model.hash_buckets"), expected.buckets);
        QCOMPARE(resolved.integer("optimizer.epochs"), expected.epochs);
        QVERIFY(resolved.validate().empty());
        // Resolving again changes nothing.
        QVERIFY(train::resolveAutomaticSettings(resolved, snapshotOf(10, {"en"})) == resolved);
    }
    // Bounds: no more than 32,000 pieces, 10 epochs, 262,144 buckets; other models train 10 epochs.
    QCOMPARE(train::automaticVocabularySize(10'000'000), std::int64_t(32000));
    QCOMPARE(train::automaticEpochs(train::ModelType::Bag, 10), std::int64_t(10));
    QCOMPARE(train::automaticEpochs(train::ModelType::Transformer, 500'000), std::int64_t(10));
    QCOMPARE(train::automaticHashBuckets(10'000'000), std::int64_t(262144));
    QCOMPARE(train::automaticHashBuckets(10'000), std::int64_t(131072));

    // A number the analyst set is kept.
    auto set = automatic;
    set.setAssignment("tokenizer.vocab_size=6000");
    set.setAssignment("optimizer.epochs=4");
    const auto resolved = train::resolveAutomaticSettings(set, snapshotOf(129487, {"en"}));
    QCOMPARE(resolved.integer("tokenizer.vocab_size"), std::int64_t(6000));
    QCOMPARE(resolved.integer("optimizer.epochs"), std::int64_t(4));
    QCOMPARE(resolved.integer("tokenizer.max_sentences"), std::int64_t(32371));

    // 0 is allowed beside each range, a number below it is not.
    auto small = automatic;
    small.setAssignment("tokenizer.vocab_size=100");
    QCOMPARE(small.validate().size(), std::size_t(1));
    QCOMPARE(QString::fromStdString(small.validate().front().key), QStringLiteral("tokenizer.vocab_size"));
}

// A run restricted to source languages is sized by their training texts only.
void TestTokenizerCache::automaticSettingsCountOnlyWhatTheRunSees()
{
    auto config = train::TrainConfig();
    const auto all = snapshotOf(40000, {"en", "de", "fr", "es"});
    QCOMPARE(train::resolveAutomaticSettings(config, all).integer("optimizer.epochs"), std::int64_t(3));
    config.setAssignment("eval.source_languages=en");
    const auto english = train::resolveAutomaticSettings(config, all);
    QCOMPARE(english.integer("optimizer.epochs"), std::int64_t(10)); // 130,000 / 10,000 texts
    QCOMPARE(english.integer("model.hash_buckets"), std::int64_t(131072));
}

QTEST_MAIN(TestTokenizerCache)
#include "tst_tokenizercache.moc"
