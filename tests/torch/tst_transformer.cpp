// The transformer encoder classifier: padding never changes a prediction, a checkpoint reads
// back to the same predictions (and a wrong one is refused), it learns word order, which a bag
// of words cannot, and token attributions are zero at padding.

#include "testsupport.h"

#include "engine/model/transformerencoder.h"
#include "util/error.h"

#include <torch/nn/functional/loss.h>
#include <torch/optim/adamw.h>

#include <QElapsedTimer>
#include <QTest>

#include <algorithm>
#include <random>

using namespace glossa::core;
using namespace glossa::test;

namespace {

model::TransformerOptions smallOptions(const std::string &pooling = "mean")
{
    model::TransformerOptions options;
    options.vocabSize = 40;
    options.dimension = 32;
    options.layers = 2;
    options.heads = 4;
    options.feedForward = 64;
    options.maxLength = 32;
    options.dropout = 0.1;
    options.classes = 3;
    options.pooling = pooling;
    return options;
}

// Right-padded to the longest example, or to width when that is wider.
model::Batch paddedBatch(const std::vector<std::vector<std::int64_t>> &examples, std::int64_t width = 0)
{
    for (const auto &example : examples)
        width = std::max(width, static_cast<std::int64_t>(example.size()));
    std::vector<std::int64_t> ids(examples.size() * static_cast<size_t>(width), 0);
    for (size_t row = 0; row < examples.size(); ++row)
        std::copy(examples[row].begin(), examples[row].end(), ids.begin() + static_cast<std::ptrdiff_t>(row * width));
    const auto padded = torch::tensor(ids, torch::kInt64).view({static_cast<std::int64_t>(examples.size()), width});
    return {{}, {}, padded, {}};
}

// Weights far from their small initial values, so that any leak of padding into real tokens
// would move the logits well beyond the tolerance.
void randomise(model::TransformerEncoder &model)
{
    torch::NoGradGuard noGrad;
    for (auto &parameter : model.parameters())
        parameter.normal_(0.0, 0.3);
}

QByteArray largestDifference(const torch::Tensor &a, const torch::Tensor &b)
{
    return QByteArray::number((a - b).abs().max().item<double>());
}

} // namespace

class TestTransformer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void poolings_data();
    void extraPaddingDoesNotChangeLogits_data() { poolings_data(); }
    void extraPaddingDoesNotChangeLogits();
    void logitsDoNotDependOnTheRestOfTheBatch_data() { poolings_data(); }
    void logitsDoNotDependOnTheRestOfTheBatch();
    void checkpointRoundTrip();
    void checkpointOfAnotherShapeIsRefused();
    void learnsWordOrder();
    void attributionsAreZeroAtPadding_data() { poolings_data(); }
    void attributionsAreZeroAtPadding();
    void badOptionsAreRefused_data();
    void badOptionsAreRefused();
    void textLongerThanMaxLengthIsRefused();
};

void TestTransformer::poolings_data()
{
    QTest::addColumn<QString>("pooling");
    QTest::newRow("mean") << QStringLiteral("mean");
    QTest::newRow("max") << QStringLiteral("max");
    QTest::newRow("cls") << QStringLiteral("cls");
}

void TestTransformer::extraPaddingDoesNotChangeLogits()
{
    QFETCH(QString, pooling);
    torch::manual_seed(1);
    model::TransformerEncoder model(smallOptions(pooling.toStdString()));
    randomise(model);
    model.eval();
    const std::vector<std::vector<std::int64_t>> examples = {{5, 9, 3, 7}, {8}, {4, 4, 6, 11, 12, 13, 2}};
    const auto tight = model.logits(paddedBatch(examples));
    const auto loose = model.logits(paddedBatch(examples, 20));
    QCOMPARE(tight.size(0), 3);
    QCOMPARE(tight.size(1), 3);
    QVERIFY2(torch::allclose(tight, loose, 0.0, 1e-5), largestDifference(tight, loose));
    // Not trivially equal: the examples get different logits.
    QVERIFY((tight[0] - tight[1]).abs().max().item<double>() > 1e-3);
}

void TestTransformer::logitsDoNotDependOnTheRestOfTheBatch()
{
    QFETCH(QString, pooling);
    torch::manual_seed(2);
    model::TransformerEncoder model(smallOptions(pooling.toStdString()));
    randomise(model);
    model.eval();
    const std::vector<std::int64_t> shortText = {7, 3, 12};
    const std::vector<std::int64_t> longText = {9, 9, 1, 30, 31, 2, 17, 18, 19, 20, 3};
    const auto alone = model.logits(paddedBatch({shortText}));
    const auto together = model.logits(paddedBatch({longText, shortText, {25}}));
    QVERIFY2(torch::allclose(alone[0], together[1], 0.0, 1e-5), largestDifference(alone[0], together[1]));
}

void TestTransformer::checkpointRoundTrip()
{
    QTemporaryDir dir;
    const auto file = pathIn(dir, QStringLiteral("transformer.pt"));
    torch::manual_seed(3);
    model::TransformerEncoder trained(smallOptions("cls"));
    randomise(trained);
    trained.saveWeights(file);
    torch::manual_seed(99);
    model::TransformerEncoder restored(smallOptions("cls"));
    restored.loadWeights(file);
    trained.eval();
    restored.eval();
    const auto batch = paddedBatch({{1, 2, 39}, {7}});
    QVERIFY(torch::equal(trained.logits(batch), restored.logits(batch)));
    QCOMPARE(QString::fromStdString(restored.typeName()), QStringLiteral("transformer"));
    QCOMPARE(restored.classCount(), 3);
}

void TestTransformer::checkpointOfAnotherShapeIsRefused()
{
    QTemporaryDir dir;
    auto narrower = smallOptions();
    narrower.dimension = 16;
    auto shallower = smallOptions();
    shallower.layers = 1;
    struct Case
    {
        model::TransformerOptions model;
        model::TransformerOptions checkpoint;
        QString expected;
    };
    const std::vector<Case> cases = {{smallOptions(), narrower, QStringLiteral("is [32, 16]")},
                                     {smallOptions(), shallower, QStringLiteral("no layers.1.")},
                                     {smallOptions("cls"), smallOptions("mean"), QStringLiteral("no cls")}};
    const auto batch = paddedBatch({{1, 2, 3}, {4}});
    for (const auto &[modelOptions, checkpointOptions, expected] : cases) {
        const auto file = pathIn(dir, QStringLiteral("other.pt"));
        model::TransformerEncoder(checkpointOptions).saveWeights(file);
        model::TransformerEncoder model(modelOptions);
        model.eval();
        const auto before = model.logits(batch);
        const auto message = errorFrom([&] { model.loadWeights(file); });
        QVERIFY2(message, qPrintable(expected));
        QVERIFY2(message->contains(expected), qPrintable(*message));
        QVERIFY(torch::equal(model.logits(batch), before));
    }
}

// Random texts with two markers, A and B, once each; the class is whether A comes first. Every
// order of the same tokens is equally likely, so a bag of words is at chance.
void TestTransformer::learnsWordOrder()
{
    constexpr std::int64_t markerA = 4;
    constexpr std::int64_t markerB = 5;
    constexpr std::int64_t vocabulary = 32;
    std::mt19937 random(17);
    const auto sample = [&](int count) {
        std::vector<std::vector<std::int64_t>> texts;
        std::vector<std::int64_t> labels;
        for (int i = 0; i < count; ++i) {
            const int length = std::uniform_int_distribution<int>(6, 12)(random);
            std::vector<std::int64_t> text(static_cast<size_t>(length));
            for (auto &token : text)
                token = std::uniform_int_distribution<std::int64_t>(6, vocabulary - 1)(random);
            const auto a = std::uniform_int_distribution<size_t>(0, text.size() - 1)(random);
            auto b = std::uniform_int_distribution<size_t>(0, text.size() - 2)(random);
            if (b >= a)
                ++b;
            text[a] = markerA;
            text[b] = markerB;
            texts.push_back(std::move(text));
            labels.push_back(a < b ? 1 : 0);
        }
        return std::pair{paddedBatch(texts), torch::tensor(labels, torch::kInt64)};
    };

    QElapsedTimer timer;
    timer.start();
    torch::manual_seed(5);
    // Max pooling: the order is read off at the markers, and averaging it with the filler
    // around them makes it slower to learn (mean pooling needs about twice the steps).
    auto options = smallOptions("max");
    options.vocabSize = vocabulary;
    options.classes = 2;
    options.dropout = 0.0;
    model::TransformerEncoder model(options);
    constexpr double peakRate = 2e-3;
    constexpr int steps = 150;
    constexpr int warmUp = 15;
    torch::optim::AdamW optimizer(model.parameters(), torch::optim::AdamWOptions(peakRate).weight_decay(0.01));
    for (int step = 0; step < steps; ++step) {
        // Linear warm-up, then linear decay to zero.
        const double rate = peakRate * std::min((step + 1.0) / warmUp, (steps - step) / double(steps - warmUp));
        for (auto &group : optimizer.param_groups())
            static_cast<torch::optim::AdamWOptions &>(group.options()).lr(rate);
        const auto [batch, labels] = sample(32);
        optimizer.zero_grad();
        torch::nn::functional::cross_entropy(model.logits(batch), labels).backward();
        optimizer.step();
    }
    model.eval();
    const auto [heldOut, labels] = sample(500);
    torch::NoGradGuard noGrad;
    const double accuracy = model.logits(heldOut).argmax(1).eq(labels).to(torch::kDouble).mean().item<double>();
    qInfo("held-out accuracy %.3f after %d steps in %lld ms", accuracy, steps, static_cast<long long>(timer.elapsed()));
    QVERIFY2(accuracy > 0.95, QByteArray::number(accuracy));
}

void TestTransformer::attributionsAreZeroAtPadding()
{
    QFETCH(QString, pooling);
    torch::manual_seed(6);
    model::TransformerEncoder model(smallOptions(pooling.toStdString()));
    randomise(model);
    model.eval();
    const auto batch = paddedBatch({{5, 9, 3, 7, 1, 2}, {8, 12}}, 9);
    const auto embeddings = model.embedTokens(batch.padded).detach().requires_grad_(true);
    const auto logits = model.logitsFromEmbeddings(embeddings, batch.padded);
    QVERIFY(torch::equal(logits, model.logits(batch)));
    logits.select(1, 1).sum().backward();
    const auto perToken = embeddings.grad().abs().sum(-1); // [B, T]
    const auto real = batch.padded.ne(0);
    QVERIFY2(perToken.masked_select(real).min().item<double>() > 0.0, "a real token got no gradient");
    QCOMPARE(perToken.masked_select(~real).abs().max().item<double>(), 0.0);
}

void TestTransformer::badOptionsAreRefused_data()
{
    QTest::addColumn<qint64>("dimension");
    QTest::addColumn<qint64>("heads");
    QTest::addColumn<int>("classes");
    QTest::addColumn<QString>("pooling");
    QTest::addColumn<QString>("expected");
    QTest::newRow("heads do not divide") << qint64(32) << qint64(3) << 2 << QStringLiteral("mean")
                                         << QStringLiteral("heads (3) must divide the dimension (32)");
    QTest::newRow("zero heads") << qint64(32) << qint64(0) << 2 << QStringLiteral("mean")
                                << QStringLiteral("heads (0)");
    QTest::newRow("one class") << qint64(32) << qint64(4) << 1 << QStringLiteral("mean")
                               << QStringLiteral("at least two classes");
    QTest::newRow("unknown pooling") << qint64(32) << qint64(4) << 2 << QStringLiteral("average")
                                     << QStringLiteral("unknown pooling \"average\"");
}

void TestTransformer::badOptionsAreRefused()
{
    QFETCH(qint64, dimension);
    QFETCH(qint64, heads);
    QFETCH(int, classes);
    QFETCH(QString, pooling);
    QFETCH(QString, expected);
    auto options = smallOptions(pooling.toStdString());
    options.dimension = dimension;
    options.heads = heads;
    options.classes = classes;
    const auto message = errorFrom([&] { model::TransformerEncoder model(options); });
    QVERIFY2(message, "bad options were accepted");
    QVERIFY2(message->contains(expected), qPrintable(*message));
}

void TestTransformer::textLongerThanMaxLengthIsRefused()
{
    auto options = smallOptions();
    options.maxLength = 4;
    model::TransformerEncoder model(options);
    const auto message = errorFrom([&] { model.logits(paddedBatch({{1, 2, 3, 4, 5}})); });
    QVERIFY2(message, "a text longer than the positions was accepted");
    QVERIFY2(message->contains(QStringLiteral("5 tokens")), qPrintable(*message));
}

QTEST_MAIN(TestTransformer)
#include "tst_transformer.moc"
