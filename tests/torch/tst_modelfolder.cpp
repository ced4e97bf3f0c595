// The model folder's list of tensors (train::expectedTensors), which a folder's weights are
// checked against before a model is allocated, is exactly what the models have: the same
// names and shapes, for the bag and for the transformer in each pooling. Were they to drift
// apart, every export would be refused by its own reader.

#include "engine/model/textclassifier.h"
#include "engine/train/modelbuilder.h"
#include "train/modelfolder.h"
#include "train/trainconfig.h"
#include "train/trainsettings.h"

#include <QTest>

#include <map>
#include <vector>

using namespace glossa::core;

class TestModelFolder : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void expectedTensorsAreTheModels_data();
    void expectedTensorsAreTheModels();
    void configRoundTripsThroughTrainSettings();
};

void TestModelFolder::expectedTensorsAreTheModels_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("pooling");
    QTest::addColumn<int>("ngramOrder");
    QTest::newRow("bag, 2-grams") << QStringLiteral("bag") << QString() << 2;
    QTest::newRow("bag, subwords only") << QStringLiteral("bag") << QString() << 1;
    QTest::newRow("transformer, mean") << QStringLiteral("transformer") << QStringLiteral("mean") << 0;
    QTest::newRow("transformer, max") << QStringLiteral("transformer") << QStringLiteral("max") << 0;
    QTest::newRow("transformer, cls") << QStringLiteral("transformer") << QStringLiteral("cls") << 0;
}

void TestModelFolder::expectedTensorsAreTheModels()
{
    QFETCH(QString, type);
    QFETCH(QString, pooling);
    QFETCH(int, ngramOrder);
    train::ModelFolderConfig config;
    config.modelType = type.toStdString();
    config.labels = {"a", "b", "c"};
    config.vocabSize = 50;
    config.maxLength = 12;
    config.dimension = 8;
    config.ngramOrder = ngramOrder;
    config.hashBuckets = 1024;
    config.layers = 2;
    config.heads = 2;
    config.feedForward = 16;
    config.pooling = pooling.toStdString();

    const auto model = train::buildModel(config.toTrainConfig(), static_cast<int>(config.vocabSize), 3);
    std::map<std::string, std::vector<std::int64_t>> actual;
    for (const auto &item : model->named_parameters(true))
        actual.emplace(item.key(), item.value().sizes().vec());
    for (const auto &item : model->named_buffers(true))
        actual.emplace(item.key(), item.value().sizes().vec());
    std::map<std::string, std::vector<std::int64_t>> expected;
    for (const auto &tensor : train::expectedTensors(config))
        QVERIFY2(expected.emplace(tensor.name, tensor.shape).second, tensor.name.c_str());
    for (const auto &[name, shape] : actual) {
        QVERIFY2(expected.contains(name), ("the model has " + name + ", the folder format not").c_str());
        QVERIFY2(expected.at(name) == shape, name.c_str());
    }
    QCOMPARE(expected.size(), actual.size());
}

void TestModelFolder::configRoundTripsThroughTrainSettings()
{
    // What a folder's config makes of a run's settings is what the run trained with.
    train::TrainConfig settings;
    settings.set("model.type", std::string("transformer"));
    settings.set("model.embedding_dim", std::int64_t(48));
    settings.set("model.heads", std::int64_t(3));
    settings.set("model.layers", std::int64_t(3));
    settings.set("model.ff_dim", std::int64_t(96));
    settings.set("model.pooling", std::string("max"));
    settings.set("model.max_length", std::int64_t(100));
    const auto folder = train::ModelFolderConfig::fromRun(train::TrainSettings::from(settings), {"x", "y"}, 321);
    const auto back = folder.toTrainConfig();
    for (const char *key : {"model.type", "model.embedding_dim", "model.heads", "model.layers", "model.ff_dim",
                            "model.pooling", "model.max_length"})
        QVERIFY2(back.value(key) == settings.value(key), key);
}

QTEST_APPLESS_MAIN(TestModelFolder)
#include "tst_modelfolder.moc"
