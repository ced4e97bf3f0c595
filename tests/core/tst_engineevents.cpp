// The engine's event lines, written by glossa-cli and read by the workbench through one codec:
// a field that one end names differently from the other would show a chart without points or a
// run that never ends.

#include "train/engineevents.h"
#include "train/metrics.h"

#include <QTest>

#include <string>

using namespace glossa::core::train;
using events::EngineEvent;

Q_DECLARE_METATYPE(EngineEvent)

namespace {
// A test report as the engine computes one: three examples, two languages, two classes.
StoredReport testReport()
{
    const std::vector<int> gold{0, 1, 1};
    const std::vector<int> predicted{0, 1, 0};
    const std::vector<std::string> languages{"en", "de", "de"};
    return {{"yes", "no"}, evaluationReport(gold, predicted, languages, 2), "cross-validation", 5};
}
} // namespace

class TestEngineEvents : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roundTrip_data();
    void roundTrip();
    void fieldsKeepTheirValues();
    void resultFieldsAreTrainJson();
    void unknownKindsAreSkipped();
    void malformedLinesSayWhy_data();
    void malformedLinesSayWhy();
    void predictionRoundTrip();
    void invalidUtf8IsReplaced();
};

void TestEngineEvents::roundTrip_data()
{
    QTest::addColumn<EngineEvent>("event");
    QTest::newRow("run") << EngineEvent(events::RunStarted{7, "bag-1", true, "cpu"});
    QTest::newRow("progress") << EngineEvent(events::Progress{10, 200, 0.5, 1.25, 3e-4, 1500.5, 12.5});
    events::Evaluation evaluation{40, 1.0, 0.7, true, 0.8, 0.75, Interval{0.7, 0.8}, 0.8, {}};
    evaluation.perLanguage = {{"en", 0.7, Interval{0.6, 0.8}, 0.75, 12}, {"und", 0.5, std::nullopt, 0.5, 3}};
    QTest::newRow("evaluation") << EngineEvent(evaluation);
    QTest::newRow("evaluation without intervals")
        << EngineEvent(events::Evaluation{5, 0.1, 2.0, false, 0.1, 0.2, std::nullopt, 0.1, {}});
    QTest::newRow("log") << EngineEvent(events::Log{"tokenizer: trained 800 pieces \"quoted\"\n", std::nullopt});
    using glossa::core::train::TokenizerReady;
    QTest::newRow("log, data") << EngineEvent(
        events::Log{"training on 8 examples", glossa::core::train::DataPrepared{8, 2, 3, 4, "bag", "cpu"}});
    QTest::newRow("log, tokenizer trained")
        << EngineEvent(events::Log{"tokenizer: trained", TokenizerReady{TokenizerReady::How::Trained, 800, 1.5, ""}});
    QTest::newRow("log, tokenizer reused") << EngineEvent(
        events::Log{"tokenizer: reused", TokenizerReady{TokenizerReady::How::Reused, 800, 0, "ab.model"}});
    QTest::newRow("log, early stop") << EngineEvent(
        events::Log{"early stop", glossa::core::train::EarlyStop{"macro_f1", 3, 4.5}});
    QTest::newRow("log, resuming") << EngineEvent(events::Log{"resuming", glossa::core::train::ResumingAt{40, 120}});
    QTest::newRow("log, predictions") << EngineEvent(
        events::Log{"predictions", glossa::core::train::PredictionsStored{90, 0.5}});
    QTest::newRow("log, features cached") << EngineEvent(
        events::Log{"features", glossa::core::train::FeaturesCached{2000, 2152}});
    QTest::newRow("log, texts embedded") << EngineEvent(
        events::Log{"features", glossa::core::train::TextsEmbedded{128, 152, 36.5, 0.7}});
    using glossa::core::train::SourceLanguagesUsed;
    QTest::newRow("log, source languages") << EngineEvent(events::Log{
        "zero-shot transfer", SourceLanguagesUsed{"de,fr", 380, 24, 225, SourceLanguagesUsed::Checkpoint::FewSourceDev}});
    QTest::newRow("log, source languages held out") << EngineEvent(events::Log{
        "zero-shot transfer", SourceLanguagesUsed{"sw", 90, 10, 225, SourceLanguagesUsed::Checkpoint::HeldOutTrain}});
    QTest::newRow("log, int8 agreement") << EngineEvent(events::Log{
        "int8 against float32", glossa::core::train::QuantizationAgreement{"dev", 120, 0.9987, 0.975, 0.81, 0.8}});
    QTest::newRow("resumed") << EngineEvent(events::Resumed{120});
    QTest::newRow("state paused") << EngineEvent(events::State{events::State::Kind::Paused});
    QTest::newRow("state running") << EngineEvent(events::State{events::State::Kind::Running});
    QTest::newRow("state stopping") << EngineEvent(events::State{events::State::Kind::Stopping});
    events::Result result;
    result.run = 3;
    result.name = "run 3";
    result.status = glossa::core::store::RunStatus::Finished;
    result.epochs = 2.5;
    result.steps = 80;
    result.trainSeconds = 4.5;
    result.examplesPerSecond = 900;
    result.device = "cpu";
    result.resumedFromStep = 40;
    result.tokenizer = {true, false, 0.25};
    result.bestDev = events::Result::BestDev{60, 2.0, 0.8, 0.85};
    result.test = testReport();
    QTest::newRow("result") << EngineEvent(result);
    QTest::newRow("result, stopped early") << EngineEvent(events::Result{});
    QTest::newRow("failed with run") << EngineEvent(events::Failed{4, "out of memory"});
    QTest::newRow("failed before the run") << EngineEvent(events::Failed{std::nullopt, "unknown dataset 'x'"});
    QTest::newRow("fold") << EngineEvent(events::FoldStarted{2, 5});
    QTest::newRow("label errors") << EngineEvent(events::LabelErrorsFound{3, 100, 9, 5, 5, 0.875});
}

void TestEngineEvents::roundTrip()
{
    QFETCH(EngineEvent, event);
    const auto line = events::encode(event);
    QVERIFY2(line.find('\n') == std::string::npos, line.c_str()); // one event, one line
    const auto decoded = events::decode(line);
    QVERIFY2(decoded.error.empty(), decoded.error.c_str());
    QVERIFY(decoded.event);
    QCOMPARE(decoded.event->index(), event.index());
    QCOMPARE(events::encode(*decoded.event), line);
}

void TestEngineEvents::fieldsKeepTheirValues()
{
    // The names the workbench read before the codec existed: a line from an older engine.
    const auto progress =
        events::decode(R"({"event":"progress","step":3,"total_steps":9,"epoch":0.25,"loss":1.5,"learning_rate":0.001,)"
                       R"("examples_per_second":250.0,"eta_seconds":6.0})");
    QVERIFY(progress.event);
    const auto &step = std::get<events::Progress>(*progress.event);
    QCOMPARE(step.step, std::int64_t(3));
    QCOMPARE(step.totalSteps, std::int64_t(9));
    QCOMPARE(step.learningRate, 0.001);
    QCOMPARE(step.etaSeconds, 6.0);

    const auto evaluation =
        events::decode(R"({"event":"evaluation","step":8,"macro_f1":0.5,"macro_f1_ci":[0.4,0.6],)"
                       R"("per_language":{"de":{"macro_f1":0.25,"macro_f1_ci":null,"accuracy":0.5,"n":4}}})");
    QVERIFY(evaluation.event);
    const auto &scores = std::get<events::Evaluation>(*evaluation.event);
    QCOMPARE(scores.macroF1, 0.5);
    QVERIFY(scores.macroF1Interval);
    QCOMPARE(scores.macroF1Interval->high, 0.6);
    QCOMPARE(scores.perLanguage.size(), std::size_t(1));
    QCOMPARE(scores.perLanguage[0].language, std::string("de"));
    QCOMPARE(scores.perLanguage[0].examples, std::int64_t(4));
    QVERIFY(!scores.perLanguage[0].macroF1Interval);

    // A newer engine's message kind: the line stays, the message is left out.
    const auto newer = events::decode(R"({"event":"log","line":"warming up","message":{"kind":"warmup","steps":3}})");
    QVERIFY(newer.event);
    QCOMPARE(std::get<events::Log>(*newer.event).line, std::string("warming up"));
    QVERIFY(!std::get<events::Log>(*newer.event).message);
    // A message with a field of the wrong type: the line stays, as it was written.
    const auto odd =
        events::decode(R"({"event":"log","line":"tokenizer","message":{"kind":"tokenizer","how":"trained",)"
                       R"("pieces":"many"}})");
    QVERIFY(odd.event);
    QCOMPARE(std::get<events::Log>(*odd.event).line, std::string("tokenizer"));
    QVERIFY(!std::get<events::Log>(*odd.event).message);
    const auto stop = events::decode(R"({"event":"log","line":"x","message":{"kind":"early_stop","metric":"loss",)"
                                     R"("patience":2,"best_epoch":3.5}})");
    QVERIFY(stop.event);
    const auto &early = std::get<glossa::core::train::EarlyStop>(*std::get<events::Log>(*stop.event).message);
    QCOMPARE(early.metric, std::string("loss"));
    QCOMPARE(early.patience, std::int64_t(2));
    QCOMPARE(early.bestEpoch, 3.5);

    const auto failed = events::decode(R"({"event":"failed","message":"no such dataset"})");
    QVERIFY(failed.event);
    QVERIFY(!std::get<events::Failed>(*failed.event).run);
    QCOMPARE(std::get<events::Failed>(*failed.event).message, std::string("no such dataset"));
}

void TestEngineEvents::resultFieldsAreTrainJson()
{
    events::Result result;
    result.run = 2;
    result.status = glossa::core::store::RunStatus::Stopped;
    const auto fields = events::encodeResultFields(result);
    QVERIFY(fields.find("\"event\"") == std::string::npos);
    QVERIFY(fields.find(R"("test":{})") != std::string::npos); // stopped before its test
    QVERIFY(fields.find(R"("resumed_from_step":null)") != std::string::npos);
    QVERIFY(fields.find(R"("best_dev":null)") != std::string::npos);
    QVERIFY(fields.find("\"folds\"") == std::string::npos); // only when cross-validated

    result.test = testReport();
    const auto tested = events::encodeResultFields(result);
    QVERIFY(tested.find(R"("evaluation":"cross-validation","folds":5,"test":{"examples":3,)") != std::string::npos);
    const auto decoded = events::decode(events::encode(result));
    QVERIFY2(decoded.event, decoded.error.c_str());
    const auto &test = std::get<events::Result>(*decoded.event).test;
    QCOMPARE(test.labels, (std::vector<std::string>{"yes", "no"}));
    QCOMPARE(test.scores.overall.accuracy, 2.0 / 3.0);
    QCOMPARE(test.scores.perLanguage.at("de").examples, std::int64_t(2));
    QCOMPARE(test.folds, 5);
}

void TestEngineEvents::unknownKindsAreSkipped()
{
    for (const char *line : {R"({"event":"checkpoint","step":4})", R"({"event":"state","state":"sleeping"})"}) {
        const auto decoded = events::decode(line);
        QVERIFY2(!decoded.event, line);
        QVERIFY2(decoded.error.empty(), line);
    }
}

void TestEngineEvents::malformedLinesSayWhy_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("human text") << QByteArray("step 3/9  epoch 0.25  loss 1.5");
    QTest::newRow("cut off") << QByteArray(R"({"event":"progress","step":)");
    QTest::newRow("an array") << QByteArray(R"([1,2,3])");
    QTest::newRow("no event name") << QByteArray(R"({"step":3})");
    QTest::newRow("event not a string") << QByteArray(R"({"event":3})");
    QTest::newRow("wrong field type") << QByteArray(R"({"event":"progress","step":"three"})");
    QTest::newRow("wrong nested type") << QByteArray(R"({"event":"evaluation","per_language":{"en":{"n":"x"}}})");
    QTest::newRow("bad interval") << QByteArray(R"({"event":"evaluation","macro_f1_ci":["a","b"]})");
    QTest::newRow("result with a broken test report")
        << QByteArray(R"({"event":"result","test":{"confusion":{"labels":["a"],"matrix":[[1,2]]}}})");
    QTest::newRow("result with an unknown status") << QByteArray(R"({"event":"result","status":"vanished"})");
    QTest::newRow("NUL bytes") << QByteArray("{\"event\":\0\"log\"}", 16);
}

void TestEngineEvents::malformedLinesSayWhy()
{
    QFETCH(QByteArray, line);
    const auto decoded = events::decode(std::string_view(line.constData(), static_cast<std::size_t>(line.size())));
    QVERIFY(!decoded.event);
    QVERIFY(!decoded.error.empty());
}

void TestEngineEvents::predictionRoundTrip()
{
    events::Prediction prediction;
    prediction.text = "bonjour le monde";
    prediction.language = "fr";
    prediction.label = "fr";
    prediction.top = {{"fr", 0.9}};
    prediction.probabilities = {{"fr", 0.9}, {"en", 0.1}}; // the model's order, kept
    prediction.entropy = 0.3;
    prediction.margin = 0.8;
    prediction.attributionMethod = "integrated gradients";
    prediction.tokens = std::vector<events::Prediction::Token>{{"<s>", 0.5, true}, {"▁bonjour", 0.25, false}};
    const auto line = events::encodePrediction(prediction);
    const auto decoded = events::decodePrediction(line);
    QVERIFY(decoded);
    QCOMPARE(decoded->label, std::string("fr"));
    QCOMPARE(decoded->language, std::string("fr"));
    QCOMPARE(decoded->top.size(), std::size_t(1));
    QCOMPARE(decoded->probabilities.size(), std::size_t(2));
    QCOMPARE(decoded->probabilities[1].first, std::string("en"));
    QVERIFY(decoded->tokens);
    QVERIFY((*decoded->tokens)[0].special);
    QCOMPARE(events::encodePrediction(*decoded), line);

    prediction.tokens.reset(); // without --explain
    QVERIFY(events::encodePrediction(prediction).find("attributions") == std::string::npos);
    std::string error;
    QVERIFY(!events::decodePrediction("glossa-cli: error: no run 'x'", &error));
    QVERIFY(!error.empty());
}

void TestEngineEvents::invalidUtf8IsReplaced()
{
    const auto line = events::encode(events::Log{"file \xff\xfe.csv", std::nullopt});
    const auto decoded = events::decode(line);
    QVERIFY(decoded.event);
    QCOMPARE(std::get<events::Log>(*decoded.event).line, std::string("file \xEF\xBF\xBD\xEF\xBF\xBD.csv"));
}

QTEST_GUILESS_MAIN(TestEngineEvents)
#include "tst_engineevents.moc"
