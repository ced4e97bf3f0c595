// The bag-of-subwords classifier: hashed subword n-gram features, logits of the right shape,
// learning a toy task, and a checkpoint that reads back to the same predictions.

#include "testsupport.h"

#include "engine/model/bagmean.h"
#include "engine/model/bagofsubwords.h"
#include "engine/model/subwordfeatures.h"
#include "engine/train/sparserowoptimizer.h"
#include "util/error.h"

#include <torch/nn/functional/loss.h>
#include <torch/optim/adam.h>
#include <torch/optim/adamw.h>

#include <QTest>

#include <set>

using namespace glossa::core;
using namespace glossa::test;

class TestBagModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void featuresHashNgramsIntoBuckets();
    void featuresAreStableAndOrderSensitive();
    void logitsHaveOneRowPerExample();
    void learnsWhichTokensMeanWhichClass();
    void bagMeanGradientMatchesLibTorch();
    void uniformFillFollowsTheSeed();
    void rowOptimizerMatchesLibTorchAdamW();
    void checkpointRoundTrip();
    void missingOrCorruptCheckpointIsAnError();

private:
    static model::Batch batchOf(const std::vector<std::vector<std::int64_t>> &examples);
};

model::Batch TestBagModel::batchOf(const std::vector<std::vector<std::int64_t>> &examples)
{
    std::vector<std::int64_t> ids;
    std::vector<std::int64_t> offsets;
    for (const auto &example : examples) {
        offsets.push_back(static_cast<std::int64_t>(ids.size()));
        ids.insert(ids.end(), example.begin(), example.end());
    }
    return {torch::tensor(ids, torch::kInt64), torch::tensor(offsets, torch::kInt64), {}, {}};
}

void TestBagModel::featuresHashNgramsIntoBuckets()
{
    const model::SubwordFeatures features(100, 3, 1000);
    std::vector<std::int64_t> out;
    const std::vector<int> tokens = {5, 17, 42, 8};
    features.extract(tokens, out);
    // 4 tokens, 3 bigrams, 2 trigrams.
    QCOMPARE(out.size(), size_t(9));
    for (size_t i = 0; i < 4; ++i)
        QCOMPARE(out[i], std::int64_t(tokens[i]));
    for (size_t i = 4; i < out.size(); ++i)
        QVERIFY(out[i] >= 100 && out[i] < 1100);
    QCOMPARE(features.featureCount(), std::int64_t(1100));

    std::vector<std::int64_t> unigramsOnly;
    model::SubwordFeatures(100, 1, 0).extract(tokens, unigramsOnly);
    QCOMPARE(unigramsOnly.size(), size_t(4));
    QVERIFY_THROWS_EXCEPTION(Error, model::SubwordFeatures(100, 2, 0));
}

void TestBagModel::featuresAreStableAndOrderSensitive()
{
    const model::SubwordFeatures features(50, 2, 1 << 16);
    std::vector<std::int64_t> forward, backward, again;
    features.extract(std::vector<int>{3, 9}, forward);
    features.extract(std::vector<int>{9, 3}, backward);
    features.extract(std::vector<int>{3, 9}, again);
    QCOMPARE(forward, again);
    QVERIFY(forward.back() != backward.back()); // "not good" is not "good not"
}

void TestBagModel::logitsHaveOneRowPerExample()
{
    torch::manual_seed(1);
    model::BagOfSubwords bag({200, 16, 4, 0.0});
    const auto logits = bag.logits(batchOf({{1, 2, 3}, {4}, {5, 6}}));
    QCOMPARE(logits.size(0), 3);
    QCOMPARE(logits.size(1), 4);
    // A fresh model has no preference: zero output layer.
    QCOMPARE(logits.abs().max().item<float>(), 0.0f);
    QCOMPARE(bag.classCount(), 4);
    QCOMPARE(QString::fromStdString(bag.typeName()), QStringLiteral("bag"));
}

void TestBagModel::learnsWhichTokensMeanWhichClass()
{
    torch::manual_seed(7);
    model::BagOfSubwords bag({100, 16, 2, 0.0});
    // Class 0 texts use tokens 10-19, class 1 texts tokens 20-29, both with shared filler 1-5.
    const auto batch = batchOf({{10, 1, 11}, {12, 2, 13, 3}, {20, 1, 21}, {22, 4, 23, 5}, {14, 15}, {24, 25}});
    const auto gold = torch::tensor({0, 0, 1, 1, 0, 1}, torch::kInt64);
    // The embedding table's gradient is sparse: it is updated row by row, the rest densely.
    std::vector<torch::Tensor> dense;
    for (const auto &parameter : bag.parameters())
        if (!parameter.is_same(bag.sparseWeight()))
            dense.push_back(parameter);
    torch::optim::Adam optimizer(dense, torch::optim::AdamOptions(0.05));
    train::SparseRowOptimizer rows(bag.sparseWeight(), train::SparseRowOptimizer::Kind::AdamW, 0.0);
    for (int step = 0; step < 100; ++step) {
        optimizer.zero_grad();
        rows.zeroGrad();
        auto loss = torch::nn::functional::cross_entropy(bag.logits(batch), gold);
        loss.backward();
        QVERIFY(bag.sparseWeight().grad().is_sparse());
        optimizer.step();
        rows.step(0.05);
    }
    bag.eval();
    // New combinations of the class tokens, with filler of the other class's texts.
    const auto predicted = bag.logits(batchOf({{14, 11, 4}, {24, 21, 2}})).argmax(1);
    QCOMPARE(predicted[0].item<std::int64_t>(), std::int64_t(0));
    QCOMPARE(predicted[1].item<std::int64_t>(), std::int64_t(1));
}

// On rows a batch touches, the row optimizer is AdamW exactly (LibTorch's, on a dense copy);
// rows it does not touch are left alone (lazy), where dense AdamW would still decay them.
// The model's own backward for the mean of bags gives the gradient LibTorch's embedding_bag
// gives, coalesced, with rows repeated within a bag, shared between bags, and an empty bag.
void TestBagModel::bagMeanGradientMatchesLibTorch()
{
    torch::manual_seed(7);
    const auto table = torch::randn({50, 6});
    const auto ids = torch::tensor({3, 3, 9, 41, 9, 0, 49, 3}, torch::kInt64);
    const auto offsets = torch::tensor({0, 3, 3, 5}, torch::kInt64); // bag 1 is empty
    const auto upstream = torch::randn({4, 6});

    auto ours = table.clone().requires_grad_(true);
    const auto pooled = model::bagMean(ours, ids, offsets);
    (pooled * upstream).sum().backward();

    auto reference = table.clone().requires_grad_(true);
    const auto expected = std::get<0>(torch::embedding_bag(reference, ids, offsets, false, 1));
    (expected * upstream).sum().backward();

    QVERIFY(torch::allclose(pooled, expected));
    const auto gradient = ours.grad();
    QVERIFY(gradient.is_sparse());
    // Rows 0, 3, 9, 41 and 49, each once and in order, as coalesce() would give them.
    const auto rows = gradient._indices()[0];
    QVERIFY(torch::equal(rows, torch::tensor({0, 3, 9, 41, 49}, torch::kInt64)));
    QVERIFY(torch::allclose(gradient.to_dense(), reference.grad(), 1e-6, 1e-6));
}

void TestBagModel::uniformFillFollowsTheSeed()
{
    auto fill = [](std::uint64_t seed) {
        torch::manual_seed(seed);
        auto values = torch::empty({1001, 7});
        model::fillUniform(values, -0.25, 0.25);
        return values;
    };
    const auto first = fill(3);
    QVERIFY(torch::equal(first, fill(3)));
    QVERIFY(!torch::equal(first, fill(4)));
    QVERIFY(first.min().item<float>() >= -0.25f);
    QVERIFY(first.max().item<float>() < 0.25f);
    // Spread over the whole range, not bunched: mean near 0, variance near (0.5)^2 / 12.
    QVERIFY(std::abs(first.mean().item<double>()) < 0.01);
    QVERIFY(std::abs(first.var().item<double>() - 0.25 / 12) < 0.002);
}

void TestBagModel::rowOptimizerMatchesLibTorchAdamW()
{
    torch::manual_seed(3);
    const auto start = torch::randn({8, 5});
    auto sparse = start.clone().requires_grad_(true);
    auto dense = start.clone().requires_grad_(true);
    train::SparseRowOptimizer rows(sparse, train::SparseRowOptimizer::Kind::AdamW, 0.01);
    torch::optim::AdamW reference({dense}, torch::optim::AdamWOptions(0.03).weight_decay(0.01));
    const auto touched = torch::tensor({1, 3, 4, 6}, torch::kInt64);
    for (int step = 0; step < 20; ++step) {
        const auto target = torch::randn({4, 5});
        rows.zeroGrad();
        reference.zero_grad();
        // The same loss through a sparse lookup and a dense one.
        torch::embedding(sparse, touched, -1, false, true).sub(target).pow(2).sum().backward();
        dense.index_select(0, touched).sub(target).pow(2).sum().backward();
        QVERIFY(sparse.grad().is_sparse());
        rows.step(0.03);
        reference.step();
    }
    torch::NoGradGuard noGrad;
    const auto maxError = (sparse.index_select(0, touched) - dense.index_select(0, touched)).abs().max();
    QVERIFY2(maxError.item<double>() < 1e-5, qPrintable(QString::number(maxError.item<double>())));
    const auto untouched = torch::tensor({0, 2, 5, 7}, torch::kInt64);
    QVERIFY(torch::equal(sparse.index_select(0, untouched), start.index_select(0, untouched)));
}

void TestBagModel::checkpointRoundTrip()
{
    QTemporaryDir dir;
    const auto file = pathIn(dir, QStringLiteral("bag.pt"));
    torch::manual_seed(3);
    model::BagOfSubwords trained({300, 8, 3, 0.0});
    {
        torch::NoGradGuard noGrad;
        for (auto &parameter : trained.parameters())
            parameter.normal_();
    }
    trained.saveWeights(file);
    torch::manual_seed(99);
    model::BagOfSubwords restored({300, 8, 3, 0.0});
    restored.loadWeights(file);
    const auto batch = batchOf({{1, 2, 250}, {7}});
    QVERIFY(torch::equal(trained.logits(batch), restored.logits(batch)));
}

void TestBagModel::missingOrCorruptCheckpointIsAnError()
{
    QTemporaryDir dir;
    model::BagOfSubwords bag({300, 8, 3, 0.0});
    const auto missing = pathIn(dir, QStringLiteral("missing.pt"));
    try {
        bag.loadWeights(missing);
        QFAIL("a missing checkpoint must be refused");
    } catch (const Error &e) {
        QVERIFY2(QString::fromUtf8(e.what()).contains(QStringLiteral("checkpoint is missing")), e.what());
    }
    const auto corrupt = pathIn(dir, QStringLiteral("corrupt.pt"));
    writeFile(corrupt, "PK\x03\x04 not really a checkpoint");
    try {
        bag.loadWeights(corrupt);
        QFAIL("a corrupt checkpoint must be refused");
    } catch (const Error &e) {
        QVERIFY2(QString::fromUtf8(e.what()).contains(QStringLiteral("not a readable checkpoint")), e.what());
    }
    // A checkpoint of another shape is refused too, not half loaded.
    const auto other = pathIn(dir, QStringLiteral("other.pt"));
    model::BagOfSubwords({300, 16, 3, 0.0}).saveWeights(other);
    const auto batch = batchOf({{1, 2}});
    const auto before = bag.logits(batch);
    try {
        bag.loadWeights(other);
        QFAIL("a checkpoint of another shape must be refused");
    } catch (const Error &e) {
        QVERIFY2(QString::fromUtf8(e.what()).contains(QStringLiteral("[300, 16]")), e.what());
    }
    QVERIFY(torch::equal(bag.logits(batch), before));
}

QTEST_MAIN(TestBagModel)
#include "tst_bagmodel.moc"
