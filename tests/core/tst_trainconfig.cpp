// TrainConfig: the schema the GUI builds its form from, --set parsing, validation messages per
// field, and the JSON round trip that stores a run's settings in the project.

#include "testsupport.h"

#include "train/configdiff.h"
#include "train/trainconfig.h"
#include "util/error.h"

#include <nlohmann/json.hpp>

#include <QTest>

#include <set>

using namespace glossa::core;
using train::TrainConfig;

class TestTrainConfig : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void misspeltSettingsGetTheirName();
    void schemaDescribesEveryField();
    void distinguishingSettingsTellRunsApart();
    void defaultsAreValid();
    void jsonRoundTrip();
    void setFromString_data();
    void setFromString();
    void rejectsBadAssignments_data();
    void rejectsBadAssignments();
    void validationNamesEachBadField();
    void fromJsonListsEveryProblem();
    void learningRateFollowsModelWhenAutomatic();
};

void TestTrainConfig::schemaDescribesEveryField()
{
    std::set<std::string> keys;
    for (const auto &field : TrainConfig::schema()) {
        QVERIFY2(keys.insert(field.key).second, field.key.c_str());
        QVERIFY2(!field.label.empty() && !field.description.empty() && !field.group.empty(), field.key.c_str());
        if (field.kind == train::ValueKind::Integer || field.kind == train::ValueKind::Real)
            QVERIFY2(field.minimum < field.maximum, field.key.c_str());
        if (field.kind == train::ValueKind::Choice)
            QVERIFY2(field.choices.size() >= 2, field.key.c_str());
    }
    // What the issue lists, by key.
    for (const char *key : {"model.type",
                            "model.embedding_dim",
                            "model.layers",
                            "model.heads",
                            "model.ff_dim",
                            "model.pooling",
                            "model.ngram_order",
                            "model.hash_buckets",
                            "tokenizer.algorithm",
                            "tokenizer.vocab_size",
                            "tokenizer.character_coverage",
                            "optimizer.type",
                            "optimizer.learning_rate",
                            "optimizer.weight_decay",
                            "optimizer.batch_size",
                            "optimizer.grad_accumulation",
                            "optimizer.epochs",
                            "optimizer.warmup_ratio",
                            "optimizer.schedule",
                            "optimizer.grad_clip",
                            "model.dropout",
                            "optimizer.label_smoothing",
                            "optimizer.class_weighting",
                            "model.max_length",
                            "eval.early_stopping_metric",
                            "eval.patience",
                            "eval.interval",
                            "run.seed",
                            "run.device",
                            "run.cpu_threads",
                            "run.mixed_precision"})
        QVERIFY2(keys.count(key), key);
    QCOMPARE(TrainConfig::field("optimizer.batch_size").unit, std::string("examples"));
    QVERIFY(TrainConfig::field("optimizer.learning_rate").logScale);
    QCOMPARE(TrainConfig::field("model.layers").modelTypes, std::vector<std::string>{"transformer"});
}

void TestTrainConfig::defaultsAreValid()
{
    const TrainConfig config;
    QVERIFY(config.validate().empty());
    QCOMPARE(config.text("model.type"), std::string("bag"));
    QCOMPARE(config.text("run.device"), std::string("auto"));
}

void TestTrainConfig::jsonRoundTrip()
{
    TrainConfig config;
    config.setAssignment("model.type=transformer");
    config.setAssignment("optimizer.learning_rate=3e-4");
    config.setAssignment("optimizer.epochs=4");
    config.setAssignment("run.device=cuda:1");
    const auto json = config.toJson();
    // Nested by group, as a person would write it by hand.
    QCOMPARE(json["model"]["type"].get<std::string>(), std::string("transformer"));
    QCOMPARE(json["optimizer"]["epochs"].get<std::int64_t>(), 4);
    const auto back = TrainConfig::fromJsonString(config.toJsonString());
    QVERIFY(back == config);
    QCOMPARE(back.real("optimizer.learning_rate"), 3e-4);
    // A partial file keeps the defaults for what it does not mention.
    const auto partial = TrainConfig::fromJsonString(R"({"optimizer": {"batch_size": 48}})");
    QCOMPARE(partial.integer("optimizer.batch_size"), 48);
    QCOMPARE(partial.integer("optimizer.epochs"), TrainConfig().integer("optimizer.epochs"));
}

void TestTrainConfig::setFromString_data()
{
    QTest::addColumn<QString>("assignment");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("expected");

    QTest::newRow("integer") << "optimizer.batch_size=128"
                             << "optimizer.batch_size"
                             << "128";
    QTest::newRow("real in exponent form") << "optimizer.learning_rate=2e-5"
                                           << "optimizer.learning_rate"
                                           << "2e-05";
    QTest::newRow("whole number for a real") << "model.dropout=0"
                                             << "model.dropout"
                                             << "0";
    QTest::newRow("choice") << "optimizer.schedule=cosine"
                            << "optimizer.schedule"
                            << "cosine";
    QTest::newRow("device") << "run.device=cpu"
                            << "run.device"
                            << "cpu";
}

void TestTrainConfig::setFromString()
{
    QFETCH(QString, assignment);
    QFETCH(QString, key);
    QFETCH(QString, expected);
    TrainConfig config;
    config.setAssignment(assignment.toStdString());
    QCOMPARE(glossa::test::qs(train::describe(config.value(key.toStdString()))), expected);
}

void TestTrainConfig::rejectsBadAssignments_data()
{
    QTest::addColumn<QString>("assignment");
    QTest::addColumn<QString>("fragment");

    QTest::newRow("unknown key") << "optimizer.lr=1"
                                 << "unknown setting 'optimizer.lr'";
    QTest::newRow("text for an integer") << "optimizer.epochs=many"
                                         << "'many' is not a whole number";
    QTest::newRow("fraction for an integer") << "optimizer.epochs=2.5"
                                             << "is not a whole number";
    QTest::newRow("text for a real") << "model.dropout=half"
                                     << "'half' is not a number";
    QTest::newRow("not finite") << "model.dropout=nan"
                                << "is not a number";
    QTest::newRow("no equals sign") << "optimizer.epochs"
                                    << "is not of the form key=value";
}

void TestTrainConfig::rejectsBadAssignments()
{
    QFETCH(QString, assignment);
    QFETCH(QString, fragment);
    TrainConfig config;
    const TrainConfig before = config;
    try {
        config.setAssignment(assignment.toStdString());
        QFAIL("the assignment must be refused");
    } catch (const Error &e) {
        QVERIFY2(QString::fromUtf8(e.what()).contains(fragment), e.what());
    }
    QVERIFY(config == before);
}

void TestTrainConfig::validationNamesEachBadField()
{
    TrainConfig config;
    config.setAssignment("optimizer.batch_size=0");
    config.setAssignment("model.dropout=1.5");
    config.setAssignment("optimizer.schedule=exponential");
    config.setAssignment("run.device=gpu");
    config.setAssignment("model.type=transformer");
    config.setAssignment("model.embedding_dim=100");
    config.setAssignment("model.heads=3");
    std::map<std::string, std::string> byKey;
    for (const auto &problem : config.validate())
        byKey[problem.key] = problem.message;
    QCOMPARE(byKey.size(), size_t(5));
    QVERIFY2(byKey["optimizer.batch_size"].find("from 1 to 8192 (got 0)") != std::string::npos,
             byKey["optimizer.batch_size"].c_str());
    QVERIFY(byKey["model.dropout"].find("got 1.5") != std::string::npos);
    QVERIFY(byKey["optimizer.schedule"].find("linear, cosine, constant") != std::string::npos);
    QVERIFY(byKey["run.device"].find("auto, cpu or cuda:N") != std::string::npos);
    QVERIFY(byKey["model.heads"].find("must divide the embedding size (100)") != std::string::npos);
    QVERIFY_THROWS_EXCEPTION(Error, config.requireValid());
}

void TestTrainConfig::fromJsonListsEveryProblem()
{
    try {
        TrainConfig::fromJsonString(R"({"optimizer": {"epochs": "ten", "lr": 0.1}, "colour": "blue"})");
        QFAIL("the configuration must be refused");
    } catch (const Error &e) {
        const QString message = QString::fromUtf8(e.what());
        QVERIFY2(message.contains(QStringLiteral("optimizer.epochs: expected a whole number")), e.what());
        QVERIFY2(message.contains(QStringLiteral("unknown setting 'optimizer.lr'")), e.what());
        QVERIFY2(message.contains(QStringLiteral("unknown setting 'colour'")), e.what());
    }
    QVERIFY_THROWS_EXCEPTION(Error, TrainConfig::fromJsonString("{not json"));
}

// A typo in --set names the setting meant; a word like no setting gets the command that lists them.
void TestTrainConfig::misspeltSettingsGetTheirName()
{
    const auto messageFor = [](const char *key) {
        try {
            TrainConfig config;
            config.set(key, std::int64_t(3));
        } catch (const Error &e) {
            return QString::fromUtf8(e.what());
        }
        return QString();
    };
    QCOMPARE(messageFor("optimizer.epoch"), QStringLiteral("unknown setting 'optimizer.epoch' (did you mean optimizer.epochs?)"));
    QVERIFY(messageFor("optimizer.epcohs").contains(QStringLiteral("did you mean optimizer.epochs?")));
    QVERIFY(messageFor("epochs").contains(QStringLiteral("did you mean optimizer.epochs?")));
    QCOMPARE(messageFor("colour"), QStringLiteral("unknown setting 'colour' (glossa-cli settings lists them)"));
}

void TestTrainConfig::learningRateFollowsModelWhenAutomatic()
{
    TrainConfig config;
    QCOMPARE(config.effectiveLearningRate(), 2e-2);
    config.setAssignment("model.type=transformer");
    QCOMPARE(config.effectiveLearningRate(), 5e-4);
    config.setAssignment("optimizer.learning_rate=1e-3");
    QCOMPARE(config.effectiveLearningRate(), 1e-3);
}

// Like TensorBoard's hyperparameter table: what differs from the defaults or between the runs,
// and for each run only what applies to its model.
void TestTrainConfig::distinguishingSettingsTellRunsApart()
{
    train::TrainConfig bag;
    train::TrainConfig patient;
    patient.setAssignment("eval.patience=0");
    train::TrainConfig transformer;
    transformer.setAssignment("model.type=transformer");
    transformer.setAssignment("model.layers=4");
    const std::vector<train::TrainConfig> configs = {bag, patient, transformer};
    const auto differing = train::distinguishingSettings(configs);
    auto keys = [&](std::size_t run) {
        QStringList list;
        for (const auto &setting : differing[run])
            list << QString::fromStdString(setting.key + "=" + setting.value);
        return list;
    };
    QCOMPARE(keys(0), (QStringList{QStringLiteral("model.type=bag"), QStringLiteral("eval.patience=3")}));
    QCOMPARE(keys(1), (QStringList{QStringLiteral("model.type=bag"), QStringLiteral("eval.patience=0")}));
    QCOMPARE(keys(2), (QStringList{QStringLiteral("model.type=transformer"), QStringLiteral("model.layers=4"),
                                   QStringLiteral("eval.patience=3")}));
    // Runs with the defaults only: nothing to show.
    const std::vector<train::TrainConfig> same = {bag, bag};
    QVERIFY(train::distinguishingSettings(same)[1].empty());

    // Runs store the epochs and vocabulary they picked from the data: the same numbers in both
    // are nothing to show, a different number is.
    train::TrainConfig picked = bag;
    picked.setAssignment("optimizer.epochs=6");
    picked.setAssignment("tokenizer.vocab_size=4000");
    const std::vector<train::TrainConfig> resolved = {picked, picked};
    QVERIFY(train::distinguishingSettings(resolved)[0].empty());
    train::TrainConfig larger = picked;
    larger.setAssignment("optimizer.epochs=3");
    const std::vector<train::TrainConfig> sizes = {picked, larger};
    QCOMPARE(train::distinguishingSettings(sizes)[1].size(), std::size_t(1));
    QCOMPARE(train::distinguishingSettings(sizes)[1].front().value, std::string("3"));
}

QTEST_MAIN(TestTrainConfig)
#include "tst_trainconfig.moc"
