// Splits an analyst can trust on grouped multilingual data: the translations of one item (rows
// that share a group) never straddle train, dev and test, whether the split comes from an
// import or a re-split; a re-split's preview is what it does, and it can be undone.

#include "testsupport.h"

#include "data/demoproject.h"
#include "data/importer.h"
#include "data/resplit.h"
#include "store/datasetstore.h"
#include "store/project.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <map>
#include <set>

using namespace glossa::core;
using namespace glossa::test;

namespace {

// The UDHR's paragraphs in 17 languages, group = article + paragraph, written by
// bench/udhr_grouped.py (test.sh fetches it into the build folder).
const QString udhrFile = QStringLiteral(GLOSSA_UDHR_FILE);

std::map<std::int64_t, std::pair<std::string, bool>> splitsById(store::Database &db, std::int64_t datasetId)
{
    std::map<std::int64_t, std::pair<std::string, bool>> splits;
    auto query = db.prepare("SELECT id, split, split_seeded FROM examples WHERE dataset_id = ?1");
    query.bind(1, datasetId);
    while (query.step())
        splits[query.int64(0)] = {query.text(1), query.int64(2) != 0};
    return splits;
}

// The dataset's rows per split x language and split x label, as the store counts them.
data::SplitCounts storedCounts(store::Database &db, std::int64_t datasetId)
{
    data::SplitCounts counts;
    for (const auto &cell : store::DatasetStore(db).stats(datasetId)) {
        const int split = cell.split == "dev" ? 1 : cell.split == "test" ? 2 : 0;
        counts.total[split] += cell.count;
        counts.perLanguage[cell.lang][split] += cell.count;
        counts.perLabel[cell.label][split] += cell.count;
    }
    return counts;
}

} // namespace

class TestSplits : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void importKeepsTheDemosTranslationsTogether();
    void importKeepsTheUdhrsTranslationsTogether();
    void givenSplitsAreKeptAndTheirGroupsFollow();
    void resplitDoesWhatItsPreviewShowsAndUndoes();
    void resplitIsSeededAndByRowWhenAsked();
    void ratiosParse_data();
    void ratiosParse();
};

// The demo's nine languages come in nine files, imported one by one: a translation imported
// later joins the split its group already has.
void TestSplits::importKeepsTheDemosTranslationsTogether()
{
    QTemporaryDir dir;
    auto project = store::Project::create(pathIn(dir, QStringLiteral("demo.glossa")));
    data::importDemoData(project.db(), GLOSSA_DEMO_DIR);
    store::DatasetStore store(project.db());
    const auto dataset = store.dataset(data::demoDatasetName);
    QCOMPARE(store.groupsAcrossSplits(dataset.id), std::int64_t(0));
    QVERIFY(project.db().queryInt("SELECT count(DISTINCT group_id) FROM examples") >= 100);
    // Whole groups still give every split its share (80/10/10, within a few points).
    const auto counts = storedCounts(project.db(), dataset.id);
    const double rows = static_cast<double>(counts.total[0] + counts.total[1] + counts.total[2]);
    for (int split = 0; split < 3; ++split) {
        const double share = counts.total[split] / rows;
        const double expected = split == 0 ? 0.8 : 0.1;
        QVERIFY2(std::abs(share - expected) < 0.04, qPrintable(QStringLiteral("split %1: %2").arg(split).arg(share)));
    }
}

void TestSplits::importKeepsTheUdhrsTranslationsTogether()
{
    if (!QFile::exists(udhrFile))
        QSKIP(qPrintable(QStringLiteral("%1 is missing: test.sh fetches it (bench/udhr_grouped.py)").arg(udhrFile)));
    QTemporaryDir dir;
    auto project = store::Project::create(pathIn(dir, QStringLiteral("udhr.glossa")));
    data::importFile(project.db(), "udhr", udhrFile.toStdString());
    store::DatasetStore store(project.db());
    const auto dataset = store.dataset("udhr");
    QCOMPARE(dataset.exampleCount, std::int64_t(850));
    QCOMPARE(store.groupsAcrossSplits(dataset.id), std::int64_t(0));
    // A paragraph and its 16 translations go together, so every language has the same number
    // of test rows: none of them is a translation of a training paragraph.
    const auto counts = storedCounts(project.db(), dataset.id);
    QCOMPARE(counts.perLanguage.size(), std::size_t(17));
    std::set<std::int64_t> testRowsPerLanguage;
    for (const auto &[lang, perSplit] : counts.perLanguage)
        testRowsPerLanguage.insert(perSplit[2]);
    QCOMPARE(testRowsPerLanguage.size(), std::size_t(1));
    QVERIFY(*testRowsPerLanguage.begin() > 0);
    QVERIFY(counts.total[1] > 0);
}

void TestSplits::givenSplitsAreKeptAndTheirGroupsFollow()
{
    QTemporaryDir dir;
    auto project = store::Project::create(pathIn(dir, QStringLiteral("given.glossa")));
    const auto input = pathIn(dir, QStringLiteral("given.csv"));
    QByteArray csv("id,text,label,lang,group,split\n");
    for (int item = 0; item < 40; ++item) {
        const QByteArray group = "item" + QByteArray::number(item);
        // The English original says where the item belongs; its translations do not.
        csv += "en" + QByteArray::number(item) + ",text " + QByteArray::number(item) + ",l"
               + QByteArray::number(item % 4) + ",en," + group + "," + (item % 5 == 0 ? "test" : "") + "\n";
        for (const char *lang : {"de", "fr"})
            csv += lang + QByteArray::number(item) + ",Text " + QByteArray::number(item) + ",l"
                   + QByteArray::number(item % 4) + "," + lang + "," + group + ",\n";
    }
    writeFile(input, csv);
    data::importFile(project.db(), "given", input);
    store::DatasetStore store(project.db());
    const auto dataset = store.dataset("given");
    QCOMPARE(store.groupsAcrossSplits(dataset.id), std::int64_t(0));
    for (int item = 0; item < 40; item += 5)
        for (const char *lang : {"en", "de", "fr"}) {
            const auto row = store.exampleByExternalId(dataset.id, lang + std::to_string(item));
            QCOMPARE(qs(row->split), QStringLiteral("test"));
        }
}

// Splits from before group-aware splitting (or given by a file) leak translations across
// splits; a re-split fixes it, writes exactly what its preview counted, and undoes.
void TestSplits::resplitDoesWhatItsPreviewShowsAndUndoes()
{
    QTemporaryDir dir;
    auto project = store::Project::create(pathIn(dir, QStringLiteral("leaky.glossa")));
    const auto input = pathIn(dir, QStringLiteral("leaky.csv"));
    QByteArray csv("id,text,label,lang,group,split\n");
    const char *splits[] = {"train", "train", "dev", "test", "train"};
    int row = 0;
    for (int item = 0; item < 60; ++item)
        for (const char *lang : {"en", "de", "ja", "ar"}) {
            ++row;
            csv += QByteArray::number(row) + ",text " + QByteArray::number(row) + ",label"
                   + QByteArray::number(item % 6) + "," + lang + ",g" + QByteArray::number(item) + "," + splits[row % 5]
                   + "\n";
        }
    writeFile(input, csv);
    data::importFile(project.db(), "leaky", input);
    store::DatasetStore store(project.db());
    const auto datasetId = store.dataset("leaky").id;
    const auto leaked = store.groupsAcrossSplits(datasetId);
    QVERIFY(leaked > 40);
    const auto before = splitsById(project.db(), datasetId);

    const auto preview = data::planResplit(project.db(), datasetId, {});
    QCOMPARE(preview.before.groupsAcrossSplits, leaked);
    QCOMPARE(preview.after.groupsAcrossSplits, std::int64_t(0));
    QCOMPARE(preview.rows, std::int64_t(240));
    QVERIFY(preview.changed > 0);
    QCOMPARE(splitsById(project.db(), datasetId), before); // a preview writes nothing

    const auto applied = data::applyResplit(project.db(), datasetId, {});
    QCOMPARE(applied.changed, preview.changed);
    QCOMPARE(store.groupsAcrossSplits(datasetId), std::int64_t(0));
    const auto counts = storedCounts(project.db(), datasetId);
    QCOMPARE(counts.total, preview.after.total);
    QCOMPARE(counts.perLanguage, preview.after.perLanguage);
    QCOMPARE(counts.perLabel, preview.after.perLabel);
    QCOMPARE(data::undoableResplits(project.db(), datasetId).size(), std::size_t(1));

    // A second re-split with another seed, then two undos: back to the file's splits.
    data::applyResplit(project.db(), datasetId, {7, {70, 15, 15}, true});
    QCOMPARE(store.groupsAcrossSplits(datasetId), std::int64_t(0));
    const auto undone = data::undoResplit(project.db(), datasetId);
    QVERIFY(undone);
    QCOMPARE(undone->options.seed, std::uint64_t(7));
    QCOMPARE(qs(undone->options.ratios.toString()), QStringLiteral("70/15/15"));
    const auto counted = storedCounts(project.db(), datasetId);
    QCOMPARE(counted.total, preview.after.total);
    QVERIFY(data::undoResplit(project.db(), datasetId));
    QCOMPARE(splitsById(project.db(), datasetId), before);
    QVERIFY(!data::undoResplit(project.db(), datasetId));
}

void TestSplits::resplitIsSeededAndByRowWhenAsked()
{
    QTemporaryDir dir;
    auto project = store::Project::create(pathIn(dir, QStringLiteral("seeded.glossa")));
    data::importDemoData(project.db(), GLOSSA_DEMO_DIR);
    store::DatasetStore store(project.db());
    const auto datasetId = store.dataset(data::demoDatasetName).id;
    data::applyResplit(project.db(), datasetId, {21, {80, 10, 10}, true});
    const auto first = splitsById(project.db(), datasetId);
    data::undoResplit(project.db(), datasetId);
    data::applyResplit(project.db(), datasetId, {21, {80, 10, 10}, true});
    QCOMPARE(splitsById(project.db(), datasetId), first);
    data::applyResplit(project.db(), datasetId, {22, {80, 10, 10}, true});
    QVERIFY(splitsById(project.db(), datasetId) != first);
    // Row by row, translations go their own ways, as an analyst who asks for it wants.
    data::applyResplit(project.db(), datasetId, {21, {80, 10, 10}, false});
    QVERIFY(store.groupsAcrossSplits(datasetId) > 50);
}

void TestSplits::ratiosParse_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("parsed");
    QTest::newRow("default") << QStringLiteral("80/10/10") << QStringLiteral("80/10/10");
    QTest::newRow("no dev") << QStringLiteral("90/0/10") << QStringLiteral("90/0/10");
    QTest::newRow("not 100") << QStringLiteral("80/10/20") << QString();
    QTest::newRow("two parts") << QStringLiteral("80/20") << QString();
    QTest::newRow("negative") << QStringLiteral("110/-10/0") << QString();
    QTest::newRow("trailing") << QStringLiteral("80/10/10/") << QString();
    QTest::newRow("words") << QStringLiteral("eighty/10/10") << QString();
}

void TestSplits::ratiosParse()
{
    QFETCH(QString, text);
    QFETCH(QString, parsed);
    const auto ratios = data::SplitRatios::parse(text.toStdString());
    QCOMPARE(ratios ? qs(ratios->toString()) : QString(), parsed);
}

QTEST_GUILESS_MAIN(TestSplits)
#include "tst_splits.moc"
