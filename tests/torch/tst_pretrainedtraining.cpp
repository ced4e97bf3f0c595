// Fine-tuning a pretrained encoder through the trainer: layer-wise learning-rate decay gives
// each layer its share of the step, gradient accumulation steps as one larger batch does,
// and bf16 autocast trains in bf16 while the weights stay float32.

#include "testsupport.h"
#include "tinycheckpoint.h"

#include "data/snapshot.h"
#include "engine/model/pretrainedclassifier.h"
#include "engine/train/inference.h"
#include "engine/train/trainer.h"
#include "text/xlmrtokenizer.h"
#include "train/trainconfig.h"

#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace glossa::core;
using namespace glossa::test;

namespace {

class RecordingObserver final : public train::TrainingObserver
{
public:
    void progress(const train::TrainingProgress &progress) override { losses.push_back(progress.loss); }
    void log(std::string_view line) override { lines.emplace_back(line); }

    std::vector<double> losses;
    std::vector<std::string> lines;
};

// The largest change of each named parameter between two models of the same structure.
std::map<std::string, double> largestChanges(model::TextClassifier &before, model::TextClassifier &after)
{
    std::map<std::string, double> changes;
    const auto trained = after.named_parameters();
    for (const auto &item : before.named_parameters())
        changes[item.key()] = (trained[item.key()] - item.value()).abs().max().item<double>();
    return changes;
}

} // namespace

class TestPretrainedTraining : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void layerwiseDecayScalesEachLayersStep();
    void accumulatedBatchesStepAsOneLargerBatch();
    void bf16AutocastTrainsWithFloatWeights();

private:
    train::TrainConfig configFor(const std::filesystem::path &folder) const;
    train::TrainingResult train(const train::TrainConfig &config, RecordingObserver &observer);
    std::shared_ptr<model::PretrainedClassifier> untrained(const train::TrainConfig &config) const;

    QTemporaryDir m_dir;
    std::filesystem::path m_folder;          // dropout as the config says (0.1)
    std::filesystem::path m_folderNoDropout; // the same weights without dropout
    std::vector<data::SnapshotExample> m_examples;
    train::TrainingData m_data;
    std::unique_ptr<text::XlmrTokenizer> m_tokenizer;
};

void TestPretrainedTraining::initTestCase()
{
    QVERIFY(m_dir.isValid());
    torch::manual_seed(11);
    m_folder = pathIn(m_dir, QStringLiteral("model"));
    auto config = tinyConfig(model::EncoderFamily::XlmRoberta);
    writeTinyCheckpoint(m_folder, config);
    QVERIFY(writeTinyVocabulary(m_folder));
    m_folderNoDropout = pathIn(m_dir, QStringLiteral("model-no-dropout"));
    std::filesystem::create_directories(m_folderNoDropout);
    for (const char *name : {"model.safetensors", "sentencepiece.bpe.model"})
        std::filesystem::copy_file(m_folder / name, m_folderNoDropout / name);
    config.hiddenDropout = 0;
    config.attentionDropout = 0;
    writeFile(m_folderNoDropout / "config.json", QByteArray::fromStdString(model::hfConfigJson(config)));
    m_tokenizer = std::make_unique<text::XlmrTokenizer>(text::XlmrTokenizer::load(m_folder));

    // Two intents, in sentences of different lengths so that batches pad.
    const std::vector<std::pair<std::string, int>> texts{{"where is my parcel", 0},
                                                         {"wo ist mein paket", 0},
                                                         {"包裹 在哪里", 0},
                                                         {"my parcel is where", 0},
                                                         {"cancel my order", 1},
                                                         {"取消 订单", 1},
                                                         {"cancel order refund my", 1},
                                                         {"refund", 1},
                                                         {"where is parcel", 0},
                                                         {"cancel my order refund", 1},
                                                         {"mein paket", 0},
                                                         {"取消", 1},
                                                         {"where is my parcel order", 0},
                                                         {"refund my order", 1}};
    m_data.name = "intents";
    m_data.labels = {"parcel", "cancel"};
    for (std::size_t i = 0; i < texts.size(); ++i) {
        data::SnapshotExample example;
        example.id = static_cast<std::int64_t>(i + 1);
        example.text = texts[i].first;
        example.label = texts[i].second;
        example.split = i < 8 ? data::Split::Train : i < 12 ? data::Split::Dev : data::Split::Test;
        m_examples.push_back(example);
    }
    for (const auto &example : m_examples)
        (example.split == data::Split::Train ? m_data.train
         : example.split == data::Split::Dev ? m_data.dev
                                             : m_data.test)
            .push_back(&example);
}

// One optimizer step over the eight training examples, at a fixed rate, nothing else moving
// the weights (no warm-up, decay, clipping or weight decay).
train::TrainConfig TestPretrainedTraining::configFor(const std::filesystem::path &folder) const
{
    train::TrainConfig config;
    config.set("model.type", std::string("pretrained"));
    config.set("model.path", folder.string());
    config.set("model.max_length", std::int64_t(16));
    config.set("optimizer.learning_rate", 0.01);
    config.set("optimizer.batch_size", std::int64_t(8));
    config.set("optimizer.epochs", std::int64_t(1));
    config.set("optimizer.warmup_ratio", 0.0);
    config.set("optimizer.schedule", std::string("constant"));
    config.set("optimizer.weight_decay", 0.0);
    config.set("optimizer.grad_clip", 0.0);
    config.set("run.cpu_threads", std::int64_t(2));
    return config;
}

train::TrainingResult TestPretrainedTraining::train(const train::TrainConfig &config, RecordingObserver &observer)
{
    static int run = 0;
    train::Trainer trainer(m_data, config, *m_tokenizer, {pathIn(m_dir, QStringLiteral("run%1").arg(++run))}, observer);
    return trainer.run();
}

std::shared_ptr<model::PretrainedClassifier> TestPretrainedTraining::untrained(const train::TrainConfig &config) const
{
    // The head is initialised from the seed the trainer sets, as in the trainer.
    torch::manual_seed(static_cast<std::uint64_t>(config.integer("run.seed")));
    return model::PretrainedClassifier::fromFolder(config.text("model.path"), 2, {});
}

// AdamW's first step moves every weight that has a gradient by the learning rate (the update
// is the gradient over its own size), so each parameter's largest change is its group's rate:
// the head the full rate, the top layer half, the layer below a quarter, the embeddings an
// eighth, with a decay of 0.5 over two layers.
void TestPretrainedTraining::layerwiseDecayScalesEachLayersStep()
{
    auto config = configFor(m_folder);
    config.set("optimizer.layer_decay", 0.5);
    const auto before = untrained(config);
    RecordingObserver observer;
    const auto result = train(config, observer);
    QCOMPARE(qs(result.status), QStringLiteral("finished"));
    QCOMPARE(result.steps, std::int64_t(1));
    const auto changes = largestChanges(*before, *result.model);
    const std::vector<std::pair<std::string, double>> expected{
        {"classifier.out_proj.weight", 1.0},
        {"classifier.dense.weight", 1.0},
        {"roberta.encoder.layer.1.attention.self.query.weight", 0.5},
        {"roberta.encoder.layer.1.output.LayerNorm.weight", 0.5},
        {"roberta.encoder.layer.0.intermediate.dense.weight", 0.25},
        {"roberta.embeddings.word_embeddings.weight", 0.125},
        {"roberta.embeddings.LayerNorm.bias", 0.125}};
    for (const auto &[name, share] : expected) {
        const double measured = changes.at(name) / 0.01;
        QVERIFY2(
            std::abs(measured - share) < 0.01 * share,
            qPrintable(QStringLiteral("%1 moved by %2 of the rate, not %3").arg(qs(name)).arg(measured).arg(share)));
    }
    const bool logged = std::any_of(observer.lines.begin(), observer.lines.end(), [](const std::string &line) {
        return line.find("layer-wise rate decay 0.5") != std::string::npos;
    });
    QVERIFY(logged);

    // Without decay, every layer takes the full step.
    RecordingObserver plainObserver;
    const auto plain = train(configFor(m_folder), plainObserver);
    const auto plainChanges = largestChanges(*before, *plain.model);
    QVERIFY(std::abs(plainChanges.at("roberta.embeddings.word_embeddings.weight") / 0.01 - 1.0) < 0.01);
    QVERIFY(std::abs(plainChanges.at("roberta.encoder.layer.0.intermediate.dense.weight") / 0.01 - 1.0) < 0.01);
}

// Two batches of four, accumulated, make the step one batch of eight makes (plain SGD, whose
// step is proportional to the gradient, and no dropout, so the two runs compute the same
// thing); two steps of four do not.
void TestPretrainedTraining::accumulatedBatchesStepAsOneLargerBatch()
{
    auto config = configFor(m_folderNoDropout);
    config.set("optimizer.type", std::string("sgd"));
    config.set("optimizer.momentum", 0.0);
    config.set("optimizer.learning_rate", 0.5);
    const auto before = untrained(config);

    RecordingObserver wholeObserver;
    const auto whole = train(config, wholeObserver);
    auto accumulating = config;
    accumulating.set("optimizer.batch_size", std::int64_t(4));
    accumulating.set("optimizer.grad_accumulation", std::int64_t(2));
    RecordingObserver accumulatedObserver;
    const auto accumulated = train(accumulating, accumulatedObserver);
    QCOMPARE(whole.steps, std::int64_t(1));
    QCOMPARE(accumulated.steps, std::int64_t(1));
    QVERIFY(std::abs(wholeObserver.losses.front() - accumulatedObserver.losses.front()) < 1e-5);

    double moved = 0;
    for (const auto &[name, change] : largestChanges(*before, *whole.model))
        moved = std::max(moved, change);
    QVERIFY2(moved > 1e-3, qPrintable(QString::number(moved))); // the step did move the weights
    double apart = 0;
    for (const auto &[name, change] : largestChanges(*whole.model, *accumulated.model))
        apart = std::max(apart, change);
    QVERIFY2(apart < 1e-5, qPrintable(QString::number(apart)));

    auto smaller = config;
    smaller.set("optimizer.batch_size", std::int64_t(4));
    RecordingObserver smallerObserver;
    const auto twoSteps = train(smaller, smallerObserver);
    QCOMPARE(twoSteps.steps, std::int64_t(2));
    double different = 0;
    for (const auto &[name, change] : largestChanges(*whole.model, *twoSteps.model))
        different = std::max(different, change);
    QVERIFY2(different > 100 * apart, qPrintable(QString::number(different)));
}

// With run.mixed_precision=bf16 the encoder computes in bf16 (on the CPU here, as on a GPU
// that supports it), close to float32, and a run trains with it (and with accumulation)
// while keeping float32 weights, which is what makes it safe.
void TestPretrainedTraining::bf16AutocastTrainsWithFloatWeights()
{
    {
        const auto model = model::PretrainedClassifier::fromFolder(m_folderNoDropout, 2, {});
        model->eval();
        torch::NoGradGuard noGrad;
        model::Batch batch;
        const auto ids = m_tokenizer->encode("where is my parcel", 16);
        batch.padded = torch::tensor(std::vector<std::int64_t>(ids.begin(), ids.end())).unsqueeze(0);
        const auto exact = model->logits(batch);
        torch::Tensor halved;
        {
            train::AutocastScope autocast(true, torch::kCPU);
            halved = model->logits(batch);
        }
        QCOMPARE(halved.scalar_type(), torch::kBFloat16);
        QCOMPARE(exact.scalar_type(), torch::kFloat32);
        const double difference = (halved.to(torch::kFloat32) - exact).abs().max().item<double>();
        QVERIFY2(difference > 0, "bf16 computed exactly what float32 did: autocast did not act");
        QVERIFY2(difference < 0.05 * exact.abs().max().item<double>() + 0.05, qPrintable(QString::number(difference)));
    }

    auto config = configFor(m_folder);
    config.set("run.mixed_precision", std::string("bf16"));
    config.set("optimizer.batch_size", std::int64_t(4));
    config.set("optimizer.grad_accumulation", std::int64_t(2));
    config.set("optimizer.epochs", std::int64_t(3));
    RecordingObserver observer;
    const auto result = train(config, observer);
    QCOMPARE(qs(result.status), QStringLiteral("finished"));
    QCOMPARE(result.steps, std::int64_t(3));
    for (const double loss : observer.losses)
        QVERIFY(std::isfinite(loss));
    for (const auto &parameter : result.model->parameters())
        QCOMPARE(parameter.scalar_type(), torch::kFloat32);
    QVERIFY(result.best.has_value());
}

QTEST_GUILESS_MAIN(TestPretrainedTraining)
#include "tst_pretrainedtraining.moc"
