// The training loop on the demo data: useful scores with the defaults, the same run twice for
// one seed, stop and pause between steps, and clear errors for data that cannot train.

#include "testsupport.h"

#include "data/demoproject.h"
#include "data/importer.h"
#include "data/snapshot.h"
#include "engine/model/textclassifier.h"
#include "engine/train/modelbuilder.h"
#include "engine/train/trainer.h"
#include "store/project.h"
#include "store/runstore.h"
#include "train/tokenizercache.h"
#include "util/error.h"

#include <QTest>

#include <functional>
#include <thread>

using namespace glossa::core;
using namespace glossa::test;

namespace {

// Records what the trainer reports; an optional hook runs on every step.
class RecordingObserver : public train::TrainingObserver
{
public:
    void progress(const train::TrainingProgress &progress) override
    {
        losses.push_back(progress.loss);
        steps.push_back(progress.step);
        if (onStep)
            onStep(progress);
    }
    void held(bool holding) override
    {
        if (onHeld)
            onHeld(holding);
    }
    void evaluated(const train::TrainingEvaluation &evaluation) override { evaluations.push_back(evaluation); }
    void log(std::string_view line) override { lines.emplace_back(line); }

    std::vector<double> losses;
    std::vector<std::int64_t> steps;
    std::vector<train::TrainingEvaluation> evaluations;
    std::vector<std::string> lines;
    std::function<void(const train::TrainingProgress &)> onStep;
    std::function<void(bool)> onHeld;
};

} // namespace

class TestTrainer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void defaultsLearnTheDemoSet();
    void sameSeedSameRun();
    void stopEndsTheRunAfterTheCurrentStep();
    void pauseHoldsTheRunUntilStopped();
    void pauseHoldsTheRunUntilResumed();
    void transformerLearnsTheDemoSet();
    void resumedTransformerEndsWhereAnUninterruptedOneDoes();
    void moreEpochsEndNoWorse_data();
    void moreEpochsEndNoWorse();
    void refusesDataThatCannotTrain_data();
    void refusesDataThatCannotTrain();

private:
    train::TrainingResult trainDemo(const train::TrainConfig &config, RecordingObserver &observer,
                                    std::stop_token stop = {});

    QTemporaryDir m_dir;
    std::unique_ptr<store::Project> m_project;
    std::unique_ptr<data::DatasetSnapshot> m_snapshot;
    train::TrainingData m_data;
    std::unique_ptr<text::SentencePieceTokenizer> m_tokenizer;
};

void TestTrainer::initTestCase()
{
    m_project = std::make_unique<store::Project>(store::Project::create(pathIn(m_dir, QStringLiteral("demo.glossa"))));
    data::importDemoData(m_project->db(), GLOSSA_DEMO_DIR);
    m_snapshot = std::make_unique<data::DatasetSnapshot>(data::takeSnapshot(m_project->db(), data::demoDatasetName));
    m_data = train::TrainingData::fromSnapshot(*m_snapshot);
    store::RunStore runs(m_project->db(), m_project->artefactDir());
    m_tokenizer = std::make_unique<text::SentencePieceTokenizer>(
        train::prepareTokenizer(*m_snapshot, train::TrainConfig(), runs, m_project->artefactDir()).tokenizer);
}

train::TrainingResult TestTrainer::trainDemo(const train::TrainConfig &config, RecordingObserver &observer,
                                             std::stop_token stop)
{
    static int run = 0;
    train::Trainer trainer(m_data, config, *m_tokenizer, {pathIn(m_dir, QStringLiteral("run%1").arg(++run))}, observer);
    return trainer.run(stop);
}

void TestTrainer::defaultsLearnTheDemoSet()
{
    RecordingObserver observer;
    const auto result = trainDemo(train::TrainConfig(), observer);
    QCOMPARE(qs(result.status), QStringLiteral("finished"));
    QCOMPARE(QString::fromStdString(result.device), QStringLiteral("cpu"));
    QVERIFY(std::filesystem::exists(result.checkpoint));
    QVERIFY(!observer.evaluations.empty());
    QVERIFY(result.best.has_value());
    // Nine intents, nine languages, ~1,700 training messages: far above chance (0.11).
    qInfo("test macro-F1 %.3f, accuracy %.3f, %.0f examples/s, %.1f s, %lld steps", result.test.overall.macroF1,
          result.test.overall.accuracy, result.examplesPerSecond, result.trainSeconds,
          static_cast<long long>(result.steps));
    QVERIFY2(result.test.overall.macroF1 > 0.62, qPrintable(QString::number(result.test.overall.macroF1)));
    QCOMPARE(result.test.perLanguage.size(), size_t(9));
    // The loss goes down: the last epoch's steps are below the first's.
    QVERIFY(observer.losses.back() < observer.losses.front());
}

void TestTrainer::sameSeedSameRun()
{
    train::TrainConfig config;
    config.setAssignment("optimizer.epochs=2");
    RecordingObserver first;
    RecordingObserver second;
    const auto a = trainDemo(config, first);
    const auto b = trainDemo(config, second);
    QCOMPARE(first.losses, second.losses);
    QCOMPARE(a.test.overall.macroF1, b.test.overall.macroF1);
    config.setAssignment("run.seed=14");
    RecordingObserver third;
    trainDemo(config, third);
    QVERIFY(third.losses != first.losses);
}

void TestTrainer::stopEndsTheRunAfterTheCurrentStep()
{
    std::stop_source stop;
    RecordingObserver observer;
    observer.onStep = [&](const train::TrainingProgress &progress) {
        if (progress.step == 3)
            stop.request_stop();
    };
    const auto result = trainDemo(train::TrainConfig(), observer, stop.get_token());
    QCOMPARE(qs(result.status), QStringLiteral("stopped"));
    QCOMPARE(result.steps, std::int64_t(3));
    QCOMPARE(observer.steps.back(), std::int64_t(3));
    // Stopped runs still leave a usable model and its test scores.
    QVERIFY(std::filesystem::exists(result.checkpoint));
    QVERIFY(result.test.overall.examples > 0);
}

// Paused after step 2, the run holds there (the observer hears it take hold, with no step
// after it) until a stop ends it. A pause that did nothing would never be held: the run would
// train on to its end.
void TestTrainer::pauseHoldsTheRunUntilStopped()
{
    std::stop_source stop;
    RecordingObserver observer;
    train::Trainer *running = nullptr;
    std::thread stopper;
    std::int64_t lastStep = 0;
    std::int64_t heldAfter = -1;
    observer.onStep = [&](const train::TrainingProgress &progress) {
        lastStep = progress.step;
        if (progress.step == 2)
            running->pause();
    };
    observer.onHeld = [&](bool holding) {
        if (holding && heldAfter < 0) {
            heldAfter = lastStep;
            stopper = std::thread([&] { stop.request_stop(); });
        }
    };
    train::Trainer trainer(m_data, train::TrainConfig(), *m_tokenizer, {pathIn(m_dir, QStringLiteral("paused"))},
                           observer);
    running = &trainer;
    const auto result = trainer.run(stop.get_token());
    if (stopper.joinable())
        stopper.join();
    QCOMPARE(heldAfter, std::int64_t(2));
    QCOMPARE(qs(result.status), QStringLiteral("stopped"));
    QCOMPARE(result.steps, std::int64_t(2));
}

// Held after step 2, resumed from another thread: the run goes on from step 3 and ends
// finished, holding exactly once.
void TestTrainer::pauseHoldsTheRunUntilResumed()
{
    RecordingObserver observer;
    train::Trainer *running = nullptr;
    std::thread resumer;
    std::int64_t lastStep = 0;
    std::vector<std::pair<bool, std::int64_t>> holds;
    observer.onStep = [&](const train::TrainingProgress &progress) {
        lastStep = progress.step;
        if (progress.step == 2)
            running->pause();
    };
    observer.onHeld = [&](bool holding) {
        holds.emplace_back(holding, lastStep);
        if (holding)
            resumer = std::thread([&] { running->resume(); });
    };
    auto config = train::TrainConfig();
    config.setAssignment("optimizer.epochs=1");
    train::Trainer trainer(m_data, config, *m_tokenizer, {pathIn(m_dir, QStringLiteral("resumed"))}, observer);
    running = &trainer;
    const auto result = trainer.run();
    if (resumer.joinable())
        resumer.join();
    QCOMPARE(holds, (std::vector<std::pair<bool, std::int64_t>>{{true, 2}, {false, 2}}));
    QCOMPARE(qs(result.status), QStringLiteral("finished"));
    QVERIFY(result.steps > 2);
}

// A small encoder, as an analyst would try first on a laptop.
static train::TrainConfig smallTransformer()
{
    train::TrainConfig config;
    for (const char *setting : {"model.type=transformer", "model.embedding_dim=64", "model.layers=2", "model.heads=4",
                                "model.ff_dim=128", "model.max_length=64", "optimizer.epochs=4", "run.cpu_threads=2"})
        config.setAssignment(setting);
    return config;
}

void TestTrainer::transformerLearnsTheDemoSet()
{
    RecordingObserver observer;
    const auto result = trainDemo(smallTransformer(), observer);
    qInfo("transformer: test macro-F1 %.3f, %.0f examples/s, %.1f s", result.test.overall.macroF1,
          result.examplesPerSecond, result.trainSeconds);
    QCOMPARE(qs(result.status), QStringLiteral("finished"));
    // Nine classes: chance is 0.11.
    QVERIFY2(result.test.overall.macroF1 > 0.3, qPrintable(QString::number(result.test.overall.macroF1)));
    QVERIFY(observer.losses.back() < observer.losses.front());
}

void TestTrainer::resumedTransformerEndsWhereAnUninterruptedOneDoes()
{
    auto config = smallTransformer();
    config.setAssignment("optimizer.epochs=2");
    config.setAssignment("eval.interval=25");
    RecordingObserver whole;
    const auto uninterrupted = trainDemo(config, whole);

    // Stopped between two evaluations, with dropout mid-flight, then resumed in a new Trainer.
    const auto dir = pathIn(m_dir, QStringLiteral("resumed"));
    std::stop_source stop;
    RecordingObserver first;
    first.onStep = [&](const train::TrainingProgress &progress) {
        if (progress.step == 37)
            stop.request_stop();
    };
    train::Trainer stopped(m_data, config, *m_tokenizer, {dir}, first);
    QCOMPARE(qs(stopped.run(stop.get_token()).status), QStringLiteral("stopped"));
    RecordingObserver second;
    train::Trainer resumed(m_data, config, *m_tokenizer, {dir, true}, second);
    const auto result = resumed.run();
    QCOMPARE(result.resumedFromStep, std::int64_t(37));
    QCOMPARE(second.steps.front(), std::int64_t(38));

    // Every later loss, and the final model, as if it had never stopped.
    const std::vector<double> tail(whole.losses.begin() + 37, whole.losses.end());
    QCOMPARE(second.losses, tail);
    QCOMPARE(result.best->step, uninterrupted.best->step);
    QCOMPARE(result.test.overall.macroF1, uninterrupted.test.overall.macroF1);
    const auto a = train::buildModel(config, m_tokenizer->vocabSize(), 9);
    const auto b = train::buildModel(config, m_tokenizer->vocabSize(), 9);
    a->loadWeights(uninterrupted.checkpoint);
    b->loadWeights(result.checkpoint);
    for (size_t i = 0; i < a->parameters().size(); ++i)
        QVERIFY(torch::allclose(a->parameters()[i], b->parameters()[i], 0.0, 1e-6));
}

void TestTrainer::moreEpochsEndNoWorse_data()
{
    QTest::addColumn<bool>("transformer");
    QTest::newRow("bag") << false;
    QTest::newRow("transformer") << true;
}

// Asking for more epochs must not give a worse model: early stopping waits for the warm-up
// (a share of all steps, so long for 60 epochs) and for eval.min_epochs, and the run keeps its
// best dev checkpoint. Before, 60 epochs stopped after 3, still warming up, far below 10 epochs.
void TestTrainer::moreEpochsEndNoWorse()
{
    QFETCH(bool, transformer);
#if defined(__SANITIZE_THREAD__)
    // Compute, not threads: 70 transformer epochs outlast sanitize.sh's half hour under TSan. The
    // bag row checks the same early stopping; the pause and stop tests check the threads.
    if (transformer)
        QSKIP("too slow under ThreadSanitizer");
#endif
    auto config = transformer ? smallTransformer() : train::TrainConfig();
    config.setAssignment("optimizer.epochs=10");
    RecordingObserver byDefault;
    const auto tenEpochs = trainDemo(config, byDefault);
    config.setAssignment("optimizer.epochs=60");
    RecordingObserver longer;
    const auto sixtyEpochs = trainDemo(config, longer);
    qInfo("test macro-F1: 10 epochs %.3f, 60 epochs %.3f (ended after %.1f epochs)", tenEpochs.test.overall.macroF1,
          sixtyEpochs.test.overall.macroF1, sixtyEpochs.epochs);
    // Tolerance: 0.02 of macro-F1 on 215 test messages, about one message per class.
    QVERIFY2(sixtyEpochs.test.overall.macroF1 >= tenEpochs.test.overall.macroF1 - 0.02,
             qPrintable(
                 QStringLiteral("%1 < %2").arg(sixtyEpochs.test.overall.macroF1).arg(tenEpochs.test.overall.macroF1)));
    QVERIFY(sixtyEpochs.epochs >= 5); // eval.min_epochs, and well past the warm-up's 3.6 epochs
    // The model kept is the best dev checkpoint of the run.
    double bestDev = 0;
    for (const auto &evaluation : longer.evaluations)
        bestDev = std::max(bestDev, evaluation.report.overall.macroF1);
    QCOMPARE(sixtyEpochs.best->report.overall.macroF1, bestDev);
}

void TestTrainer::refusesDataThatCannotTrain_data()
{
    QTest::addColumn<QByteArray>("csv");
    QTest::addColumn<QString>("setting");
    QTest::addColumn<QString>("fragment");

    QTest::newRow("one label") << QByteArray("text,label,split\na,x,train\nb,x,dev\n") << QString()
                               << "needs at least two labels";
    QTest::newRow("no dev examples") << QByteArray("text,label,split\na,x,train\nb,y,train\nc,x,test\n") << QString()
                                     << "no labelled examples in its dev split";
    QTest::newRow("no training examples") << QByteArray("text,label,split\na,x,dev\nb,y,dev\nc,x,train\n")
                                          << QStringLiteral("unlabelled-train") << "no labelled examples in its train";
    QTest::newRow("a pretrained model without its folder")
        << QByteArray("text,label,split\na,x,train\nb,y,dev\n") << QStringLiteral("model.type=pretrained")
        << "Choose the folder of a pretrained model";
    QTest::newRow("invalid settings") << QByteArray("text,label,split\na,x,train\nb,y,dev\n")
                                      << QStringLiteral("optimizer.batch_size=0") << "optimizer.batch_size";
}

void TestTrainer::refusesDataThatCannotTrain()
{
    QFETCH(QByteArray, csv);
    QFETCH(QString, setting);
    QFETCH(QString, fragment);
    QTemporaryDir dir;
    auto project = store::Project::create(pathIn(dir, QStringLiteral("bad.glossa")));
    const auto input = pathIn(dir, QStringLiteral("bad.csv"));
    if (setting == QLatin1String("unlabelled-train"))
        csv.replace("c,x,train", "c,,train");
    writeFile(input, csv);
    data::importFile(project.db(), "bad", input);
    const auto snapshot = data::takeSnapshot(project.db(), "bad");
    train::TrainConfig config;
    if (setting.contains(QLatin1Char('=')))
        config.setAssignment(setting.toStdString());
    RecordingObserver observer;
    const auto data = train::TrainingData::fromSnapshot(snapshot);
    train::Trainer trainer(data, config, *m_tokenizer, {pathIn(dir, QStringLiteral("run"))}, observer);
    try {
        trainer.run();
        QFAIL("training must be refused");
    } catch (const Error &e) {
        QVERIFY2(QString::fromUtf8(e.what()).contains(fragment), e.what());
    }
}

QTEST_MAIN(TestTrainer)
#include "tst_trainer.moc"
