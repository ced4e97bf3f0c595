// TrainSettings: the typed settings the engine reads. Every schema key must have a member (a
// key added to the schema without one would be ignored by training), and every value must
// arrive there unchanged.

#include "train/trainconfig.h"
#include "train/trainsettings.h"
#include "util/error.h"

#include <QTest>

#include <set>

using namespace glossa::core;
using train::TrainConfig;
using train::TrainSettings;

class TestTrainSettings : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everySchemaKeyHasAMember();
    void defaultsComeFromTheSchema();
    void valuesRoundTrip();
    void everyChoiceRoundTrips();
    void unknownChoiceIsRefused();
};

void TestTrainSettings::everySchemaKeyHasAMember()
{
    std::set<std::string> schemaKeys;
    for (const auto &field : TrainConfig::schema())
        schemaKeys.insert(field.key);
    std::set<std::string> read;
    for (const auto &key : TrainSettings::keys())
        QVERIFY2(read.insert(key).second, ("read twice: " + key).c_str());
    for (const auto &key : schemaKeys)
        QVERIFY2(read.count(key), ("no member for " + key).c_str());
    for (const auto &key : read)
        QVERIFY2(schemaKeys.count(key), ("not in the schema: " + key).c_str());
}

void TestTrainSettings::defaultsComeFromTheSchema()
{
    const auto settings = TrainSettings::from(TrainConfig());
    QCOMPARE(settings.model.type, train::ModelType::Bag);
    QCOMPARE(settings.optimizer.batchSize, std::int64_t{64});
    QCOMPARE(settings.optimizer.epochs, std::int64_t{0}); // picked from the data (automaticsettings.h)
    QCOMPARE(settings.optimizer.warmupRatio, 0.06);
    QCOMPARE(settings.optimizer.schedule, train::LearningRateSchedule::Linear);
    QCOMPARE(settings.eval.earlyStoppingMetric, train::StopMetric::MacroF1);
    QCOMPARE(settings.run.seed, std::int64_t{13});
    QCOMPARE(settings.run.device, std::string("auto"));
    QCOMPARE(settings.run.mixedPrecision, train::MixedPrecision::Off);
    QVERIFY(settings.toConfig() == TrainConfig());
}

// Every field set away from its default (so a member read from the wrong key, or not at all,
// shows), then read and written back.
void TestTrainSettings::valuesRoundTrip()
{
    TrainConfig config;
    for (const auto &field : TrainConfig::schema()) {
        switch (field.kind) {
        case train::ValueKind::Integer: {
            const auto value = static_cast<std::int64_t>(field.maximum);
            config.set(field.key, value == std::get<std::int64_t>(field.defaultValue)
                                      ? static_cast<std::int64_t>(field.minimum)
                                      : value);
            break;
        }
        case train::ValueKind::Real: {
            const double value = (field.minimum + field.maximum) / 3;
            config.set(field.key, value);
            break;
        }
        case train::ValueKind::Choice: config.set(field.key, field.choices.back()); break;
        case train::ValueKind::Text: config.set(field.key, field.key + "-value"); break;
        case train::ValueKind::Boolean: config.set(field.key, !std::get<bool>(field.defaultValue)); break;
        }
        QVERIFY2(!(config.value(field.key) == field.defaultValue), field.key.c_str());
    }
    const auto settings = TrainSettings::from(config);
    QCOMPARE(settings.optimizer.batchSize, std::int64_t{8192});
    QCOMPARE(settings.model.path, std::string("model.path-value"));
    QCOMPARE(settings.finetune.strategy, train::FineTuneStrategy::Features);
    QCOMPARE(settings.finetune.head, train::FeatureHead::Hidden);
    QCOMPARE(settings.eval.earlyStoppingMetric, train::StopMetric::Loss);
    for (const auto &field : TrainConfig::schema())
        QVERIFY2(settings.toConfig().value(field.key) == config.value(field.key), field.key.c_str());
}

void TestTrainSettings::everyChoiceRoundTrips()
{
    for (const auto &field : TrainConfig::schema()) {
        for (const auto &choice : field.choices) {
            TrainConfig config;
            config.set(field.key, choice);
            QCOMPARE(TrainSettings::from(config).toConfig().text(field.key), choice);
        }
    }
    TrainConfig config;
    config.set("model.type", std::string("pretrained"));
    QCOMPARE(train::name(TrainSettings::from(config).model.type), std::string_view("pretrained"));
}

void TestTrainSettings::unknownChoiceIsRefused()
{
    TrainConfig config;
    config.set("optimizer.schedule", std::string("exponential"));
    QVERIFY_THROWS_EXCEPTION(Error, TrainSettings::from(config));
}

QTEST_MAIN(TestTrainSettings)
#include "tst_trainsettings.moc"
