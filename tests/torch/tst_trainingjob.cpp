// Runs as the project keeps them: what a finished run stores, resuming a stopped or killed run
// to the very model an uninterrupted one ends with, every way a run can fail (each leaving the
// project whole), prediction with exact attributions, and likely label errors.

#include "testsupport.h"

#include "data/demoproject.h"
#include "data/importer.h"
#include "data/snapshot.h"
#include "data/snapshotfile.h"
#include "engine/model/textclassifier.h"
#include "engine/train/labelerrors.h"
#include "engine/train/modelbuilder.h"
#include "engine/train/predictor.h"
#include "engine/train/sparserowoptimizer.h"
#include "engine/train/trainingjob.h"
#include "engine/train/trainingstate.h"
#include "store/datasetstore.h"
#include "store/labeljournal.h"
#include "store/project.h"
#include "store/runstore.h"
#include "text/sentencepiecetokenizer.h"
#include "train/trainingsummary.h"
#include "util/error.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <torch/optim/adamw.h>

#include <cmath>
#include <functional>
#include <map>
#include <mutex>
#include <random>
#include <thread>

using namespace glossa::core;
using namespace glossa::test;

namespace {

class StepHook : public train::TrainingObserver
{
public:
    void progress(const train::TrainingProgress &progress) override
    {
        if (onStep)
            onStep(progress);
    }
    void evaluated(const train::TrainingEvaluation &) override { ++evaluations; }
    void finished(const train::TrainingResult &result) override { endStatus = store::toString(result.status); }
    void failed(std::string_view message) override { failure = message; }
    std::function<void(const train::TrainingProgress &)> onStep;
    int evaluations = 0;
    std::string endStatus;
    std::string failure;
};

// Quick but real: two epochs (54 steps), an evaluation every 10 steps, dropout on, no early
// stop (the tests stop runs at chosen steps themselves).
train::TrainConfig quickConfig()
{
    train::TrainConfig config;
    config.setAssignment("optimizer.epochs=2");
    config.setAssignment("eval.interval=10");
    config.setAssignment("eval.patience=0");
    config.setAssignment("run.cpu_threads=1");
    return config;
}

std::vector<double> trainLosses(store::RunStore &runs, std::int64_t runId)
{
    std::vector<double> losses;
    for (const auto &point : runs.metrics(runId, "loss"))
        if (point.split == "train")
            losses.push_back(point.value);
    return losses;
}

std::string statusOf(store::Project &project, std::int64_t runId)
{
    return std::string(store::toString(store::RunStore(project.db(), project.artefactDir()).run(runId)->status));
}

// Three intents in three languages, each said with its own words: a model learns it
// perfectly, so a wrong label stands out.
QByteArray separableCsv(int perCell)
{
    const std::vector<std::vector<std::vector<std::string>>> words = {
        {{"refund", "money", "back", "return"},
         {"rückerstattung", "geld", "zurück", "erstatten"},
         {"reembolso", "dinero", "devolver", "devolución"}},
        {{"password", "login", "account", "locked"},
         {"passwort", "anmelden", "konto", "gesperrt"},
         {"contraseña", "acceso", "cuenta", "bloqueada"}},
        {{"parcel", "tracking", "delivery", "shipped"},
         {"paket", "sendung", "lieferung", "versandt"},
         {"paquete", "seguimiento", "entrega", "enviado"}}};
    const char *labels[] = {"refund", "login", "delivery"};
    const char *languages[] = {"en", "de", "es"};
    std::mt19937 random(7);
    QByteArray csv("id,text,label,lang\n");
    int id = 0;
    for (int label = 0; label < 3; ++label)
        for (int lang = 0; lang < 3; ++lang)
            for (int i = 0; i < perCell; ++i) {
                const auto &pool = words[label][lang];
                std::string text;
                for (int w = 0; w < 4; ++w)
                    text += (w ? " " : "") + pool[random() % pool.size()];
                csv += QByteArray::number(++id) + ',' + QByteArray::fromStdString(text) + ',' + labels[label] + ','
                       + languages[lang] + '\n';
            }
    return csv;
}

} // namespace

class TestTrainingJob : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void finishedRunIsKeptInTheProject();
    void runTrainsOnTheSnapshotTakenAtItsStart();
    void stoppedRunResumesToTheSameModel();
    void pausedRunShowsAsPausedAndGoesOn();
    void killedRunIsMarkedInterruptedAndResumes();
    void resumeRefusesRunsThatCannotGoOn();
    void damagedCheckpointFailsTheRunAndNothingElse();
    void runWithoutCheckpointStartsAgainFromItsFirstStep();
    void runWithoutItsProcessIsSeenAtOnce();
    void missingTokenizerFailsTheRun();
    void nanLossFailsTheRun();
    void invalidConfigCreatesNoRun();
    void predictorGivesProbabilitiesAndExactAttributions();
    void storedPredictionsAreThePredictorsOwn();
    void likelyLabelErrorsFindFlippedLabels();
    void pauseReachesTheCrossValidationFolds();
    void aStopInTheFoldsIsResumable();

private:
    std::int64_t train(const train::TrainConfig &config, StepHook &hook, std::stop_token stop = {},
                       train::TrainingOutcome *outcome = nullptr);
    std::int64_t stoppedRun(std::int64_t atStep);

    QTemporaryDir m_dir;
    std::unique_ptr<store::Project> m_project;
    std::int64_t m_finishedRun = 0;
};

void TestTrainingJob::initTestCase()
{
    m_project = std::make_unique<store::Project>(store::Project::create(pathIn(m_dir, QStringLiteral("jobs.glossa"))));
    data::importDemoData(m_project->db(), GLOSSA_DEMO_DIR);
    StepHook hook;
    m_finishedRun = train(quickConfig(), hook);
}

std::int64_t TestTrainingJob::train(const train::TrainConfig &config, StepHook &hook, std::stop_token stop,
                                    train::TrainingOutcome *outcome)
{
    train::TrainingJob job(*m_project, hook);
    const auto runId = job.create(data::demoDatasetName, config);
    auto result = job.run(stop);
    if (outcome)
        *outcome = std::move(result);
    return runId;
}

// A run stopped (Ctrl-C, the Stop button) after `atStep` steps.
std::int64_t TestTrainingJob::stoppedRun(std::int64_t atStep)
{
    std::stop_source stop;
    StepHook hook;
    hook.onStep = [&](const train::TrainingProgress &progress) {
        if (progress.step == atStep)
            stop.request_stop();
    };
    const auto runId = train(quickConfig(), hook, stop.get_token());
    [&] { QCOMPARE(qs(statusOf(*m_project, runId)), QStringLiteral("stopped")); }();
    return runId;
}

void TestTrainingJob::finishedRunIsKeptInTheProject()
{
    store::RunStore runs(m_project->db(), m_project->artefactDir());
    const auto run = runs.run(m_finishedRun);
    QVERIFY(run);
    QCOMPARE(qs(run->status), QStringLiteral("finished"));
    QCOMPARE(qs(run->device.value_or("")), QStringLiteral("cpu"));
    QVERIFY(run->startedAt && run->finishedAt && *run->finishedAt >= *run->startedAt);
    QVERIFY(!run->errorMessage);
    // The run names the labels it trained on, and keeps them.
    const auto now = data::takeSnapshot(m_project->db(), data::demoDatasetName);
    QCOMPARE(qs(run->snapshotHash.value_or("")), qs(now.hash));
    const auto snapshot = data::loadSnapshot(runs.runArtefact(m_finishedRun, "snapshot")->path);
    QCOMPARE(qs(snapshot.hash), qs(now.hash));
    QCOMPARE(snapshot.examples.size(), now.examples.size());
    // Settings round-trip, the automatic ones (0) as the numbers the run used for the demo's
    // 1,750 training texts; the epochs set stay as set.
    auto used = quickConfig();
    QCOMPARE(used.integer("tokenizer.vocab_size"), std::int64_t(0));
    for (const auto *setting : {"tokenizer.vocab_size=4000", "tokenizer.max_sentences=5000",
                                "model.hash_buckets=65536", "optimizer.epochs=2"})
        used.setAssignment(setting);
    QCOMPARE(qs(train::TrainConfig::fromJsonString(run->configJson).toJsonString()), qs(used.toJsonString()));
    // Its training summary says which were picked, and as what; the epochs were set.
    const auto summary =
        train::trainingSummaryFromJson(runs.latestReport(m_finishedRun, train::trainingSummarySplit).value_or(""));
    QVERIFY(summary);
    QVERIFY(summary->used("tokenizer.vocab_size") && *summary->used("tokenizer.vocab_size") == "4000");
    QVERIFY(summary->used("model.hash_buckets") && *summary->used("model.hash_buckets") == "65536");
    QVERIFY(!summary->used("optimizer.epochs"));

    // Metrics for the charts: training loss, and dev scores at every evaluation.
    QVERIFY(trainLosses(runs, m_finishedRun).size() > 10);
    const auto devF1 = runs.metrics(m_finishedRun, "macro_f1");
    QVERIFY(std::count_if(devF1.begin(), devF1.end(), [](const auto &p) { return p.split == "dev"; }) >= 5);
    // The test report, with every language.
    const auto test = QJsonDocument::fromJson(QByteArray::fromStdString(*runs.latestReport(m_finishedRun, "test")));
    QCOMPARE(test[QStringLiteral("per_language")].toObject().size(), 9);
    QVERIFY(test[QStringLiteral("macro_f1")].toDouble() > 0.3);
    QCOMPARE(test[QStringLiteral("confusion")][QStringLiteral("labels")].toArray().size(), qsizetype(9));
    // What prediction needs is there; the working folder is gone.
    for (const char *role : {"model", "tokenizer", "snapshot"})
        QVERIFY2(std::filesystem::exists(runs.runArtefact(m_finishedRun, role)->path), role);
    QVERIFY(!std::filesystem::exists(runs.runDir(m_finishedRun)));
}

void TestTrainingJob::runTrainsOnTheSnapshotTakenAtItsStart()
{
    store::DatasetStore datasets(m_project->db());
    const auto dataset = datasets.dataset(data::demoDatasetName);
    const auto before = data::takeSnapshot(m_project->db(), data::demoDatasetName);
    const auto &example = before.examples.front();
    const auto otherLabel = datasets.findLabel(dataset.id, before.labels[(example.label + 1) % before.labels.size()]);

    StepHook hook;
    train::TrainingJob job(*m_project, hook);
    const auto runId = job.create(data::demoDatasetName, quickConfig());
    // The analyst relabels while the run is queued or training.
    store::LabelJournal journal(m_project->db());
    journal.setLabel(dataset.id, {example.id}, otherLabel, store::EditSource::User);
    job.run();

    store::RunStore runs(m_project->db(), m_project->artefactDir());
    const auto used = data::loadSnapshot(runs.runArtefact(runId, "snapshot")->path);
    QCOMPARE(qs(runs.run(runId)->snapshotHash.value_or("")), qs(before.hash));
    QCOMPARE(used.examples.front().label, example.label);
    QVERIFY(data::takeSnapshot(m_project->db(), data::demoDatasetName).hash != before.hash);
    journal.undo(dataset.id);
}

void TestTrainingJob::stoppedRunResumesToTheSameModel()
{
    // Stopped mid-epoch, between two evaluations: the hardest place to pick up from.
    const auto runId = stoppedRun(47);
    store::RunStore runs(m_project->db(), m_project->artefactDir());
    QVERIFY(std::filesystem::exists(runs.runDir(runId) / "state.pt"));
    // A stopped run can already predict with its best model so far.
    QVERIFY(runs.runArtefact(runId, "model"));

    StepHook hook;
    train::TrainingJob job(*m_project, hook);
    QCOMPARE(job.prepareResume(std::to_string(runId)), runId);
    const auto outcome = job.run();
    QCOMPARE(qs(outcome.run.status), QStringLiteral("finished"));
    QCOMPARE(qs(hook.endStatus), QStringLiteral("finished"));
    QCOMPARE(outcome.result.resumedFromStep, std::int64_t(47));

    // The very model the uninterrupted run ended with, and the same history.
    QCOMPARE(qs(runs.runArtefact(runId, "model")->sha256), qs(runs.runArtefact(m_finishedRun, "model")->sha256));
    QCOMPARE(trainLosses(runs, runId), trainLosses(runs, m_finishedRun));
    QCOMPARE(runs.metrics(runId, "macro_f1").size(), runs.metrics(m_finishedRun, "macro_f1").size());
    QCOMPARE(qs(*runs.latestReport(runId, "test")), qs(*runs.latestReport(m_finishedRun, "test")));
}

void TestTrainingJob::pausedRunShowsAsPausedAndGoesOn()
{
    StepHook hook;
    train::TrainingJob job(*m_project, hook);
    const auto runId = job.create(data::demoDatasetName, quickConfig());
    // Another connection, as the UI's, watches the run while it is held at step 10.
    auto watcher = m_project->connect();
    store::RunStore watched(watcher, m_project->artefactDir());
    std::string seenWhilePaused;
    std::jthread releaser;
    hook.onStep = [&](const train::TrainingProgress &progress) {
        if (progress.step != 10)
            return;
        job.pause();
        releaser = std::jthread([&] {
            // The recorder writes the paused state within its flush interval.
            while (watched.run(runId)->status != store::RunStatus::Paused)
                std::this_thread::yield();
            seenWhilePaused = store::toString(watched.run(runId)->status);
            job.resume();
        });
    };
    const auto outcome = job.run();
    QCOMPARE(qs(seenWhilePaused), QStringLiteral("paused"));
    QCOMPARE(qs(outcome.run.status), QStringLiteral("finished"));
    store::RunStore runs(m_project->db(), m_project->artefactDir());
    // Pausing changes nothing in what is learned.
    QCOMPARE(qs(runs.runArtefact(runId, "model")->sha256), qs(runs.runArtefact(m_finishedRun, "model")->sha256));
}

void TestTrainingJob::killedRunIsMarkedInterruptedAndResumes()
{
    const auto runId = stoppedRun(33);
    // What a killed process leaves: "running", a heartbeat that stopped long ago.
    m_project->db()
        .prepare("UPDATE runs SET status = 'running', finished_at = NULL, heartbeat_at = 1 WHERE id = ?1")
        .bind(1, runId)
        .run();
    const auto file = m_project->file();
    m_project.reset();
    m_project = std::make_unique<store::Project>(store::Project::open(file));
    store::RunStore runs(m_project->db(), m_project->artefactDir());
    QCOMPARE(qs(runs.run(runId)->status), QStringLiteral("interrupted"));
    QVERIFY(qs(runs.run(runId)->errorMessage.value_or("")).contains(QStringLiteral("crashed or killed")));

    StepHook hook;
    train::TrainingJob job(*m_project, hook);
    job.prepareResume(runs.run(runId)->name);
    QCOMPARE(qs(job.run().run.status), QStringLiteral("finished"));
    QCOMPARE(qs(runs.runArtefact(runId, "model")->sha256), qs(runs.runArtefact(m_finishedRun, "model")->sha256));
    // The job that resumed it did not create it, and still knows what the run picked from its
    // data: the Runs tab shows those settings as automatic, not as set.
    const auto summary =
        train::trainingSummaryFromJson(runs.latestReport(runId, train::trainingSummarySplit).value_or(""));
    QVERIFY(summary);
    QVERIFY(summary->used("tokenizer.vocab_size") && *summary->used("tokenizer.vocab_size") == "4000");
    QVERIFY(summary->used("model.hash_buckets") && *summary->used("model.hash_buckets") == "65536");
    QVERIFY(summary->steps > 0);
}

void TestTrainingJob::resumeRefusesRunsThatCannotGoOn()
{
    StepHook hook;
    train::TrainingJob job(*m_project, hook);
    auto error = errorFrom([&] { job.prepareResume(std::to_string(m_finishedRun)); });
    QVERIFY(error && error->contains(QStringLiteral("only a stopped or interrupted run can resume")));
    error = errorFrom([&] { job.prepareResume("no-such-run"); });
    QVERIFY(error && error->contains(QStringLiteral("no run named or numbered 'no-such-run'")));
    QCOMPARE(qs(statusOf(*m_project, m_finishedRun)), QStringLiteral("finished"));
}

void TestTrainingJob::damagedCheckpointFailsTheRunAndNothingElse()
{
    const auto runId = stoppedRun(30);
    store::RunStore runs(m_project->db(), m_project->artefactDir());
    writeFile(runs.runDir(runId) / "state.pt", QByteArray("not a checkpoint at all"));
    const auto before = projectFingerprint(m_project->db());

    StepHook hook;
    train::TrainingJob job(*m_project, hook);
    job.prepareResume(std::to_string(runId));
    const auto error = errorFrom([&] { job.run(); });
    QVERIFY(error);
    QVERIFY2(error->contains(QStringLiteral("state.pt")) && error->contains(QStringLiteral("damaged")),
             qPrintable(*error));
    const auto run = runs.run(runId);
    QCOMPARE(qs(run->status), QStringLiteral("failed"));
    QCOMPARE(qs(run->errorMessage.value_or("")), *error);
    QCOMPARE(qs(hook.failure), *error);
    QVERIFY(hook.endStatus.empty());
    QCOMPARE(projectFingerprint(m_project->db()), before);
    QCOMPARE(qs(statusOf(*m_project, m_finishedRun)), QStringLiteral("finished"));
}

// A run killed before its first checkpoint (state.pt is written every 30 s) still resumes: it
// starts again from its first step and ends as the uninterrupted run did.
void TestTrainingJob::runWithoutCheckpointStartsAgainFromItsFirstStep()
{
    const auto runId = stoppedRun(30);
    store::RunStore runs(m_project->db(), m_project->artefactDir());
    std::filesystem::remove(runs.runDir(runId) / "state.pt");
    StepHook hook;
    train::TrainingJob job(*m_project, hook);
    QCOMPARE(job.prepareResume(std::to_string(runId)), runId);
    const auto outcome = job.run();
    QCOMPARE(qs(outcome.run.status), QStringLiteral("finished"));
    QCOMPARE(outcome.result.resumedFromStep, std::int64_t(-1));
    QCOMPARE(qs(runs.runArtefact(runId, "model")->sha256), qs(runs.runArtefact(m_finishedRun, "model")->sha256));
    QCOMPARE(trainLosses(runs, runId), trainLosses(runs, m_finishedRun));
}

// The process that trains a run holds its liveness lock: while it lives the run is never taken
// for dead, however old its heartbeat; once it is gone the run is interrupted at once.
void TestTrainingJob::runWithoutItsProcessIsSeenAtOnce()
{
    auto db = m_project->connect();
    store::RunStore runs(db, m_project->artefactDir());
    std::int64_t runId = 0;
    {
        StepHook hook;
        train::TrainingJob job(*m_project, hook);
        runId = job.create(data::demoDatasetName, quickConfig());
        QCOMPARE(runs.markInterrupted(0), 0);
        QCOMPARE(qs(statusOf(*m_project, runId)), QStringLiteral("queued"));
        // A second process cannot take it over while the first lives.
        train::TrainingJob second(*m_project, hook);
        runs.setStatus(runId, runStatus("interrupted"));
        const auto refused = errorFrom([&] { second.prepareResume(std::to_string(runId)); });
        QVERIFY2(refused && refused->contains(QStringLiteral("another process")),
                 qPrintable(refused.value_or(QString())));
        runs.setStatus(runId, runStatus("queued"));
    }
    QCOMPARE(runs.markInterrupted(store::staleRunAfterMs), 1);
    QCOMPARE(qs(statusOf(*m_project, runId)), QStringLiteral("interrupted"));
}

void TestTrainingJob::missingTokenizerFailsTheRun()
{
    const auto runId = stoppedRun(30);
    store::RunStore runs(m_project->db(), m_project->artefactDir());
    const auto tokenizer = runs.runArtefact(runId, "tokenizer")->path;
    const auto saved = readFile(tokenizer);
    std::filesystem::remove(tokenizer);
    StepHook hook;
    train::TrainingJob job(*m_project, hook);
    job.prepareResume(std::to_string(runId));
    const auto error = errorFrom([&] { job.run(); });
    writeFile(tokenizer, saved); // the other tests share it
    QVERIFY2(error && error->contains(QStringLiteral("its tokenizer"))
                 && error->contains(QStringLiteral("is missing from the artefacts folder")),
             qPrintable(error.value_or(QString())));
    QCOMPARE(qs(statusOf(*m_project, runId)), QStringLiteral("failed"));
}

void TestTrainingJob::nanLossFailsTheRun()
{
    // A checkpoint whose weights went bad (NaN) makes the next loss NaN.
    const auto runId = stoppedRun(30);
    store::RunStore runs(m_project->db(), m_project->artefactDir());
    const auto stateFile = runs.runDir(runId) / "state.pt";
    const auto config = train::TrainConfig::fromJsonString(runs.run(runId)->configJson);
    const auto tokenizer = text::SentencePieceTokenizer::load(runs.runArtefact(runId, "tokenizer")->path);
    const auto model = train::buildModel(config, tokenizer.vocabSize(), 9);
    std::vector<torch::Tensor> dense;
    for (const auto &parameter : model->parameters())
        if (!parameter.is_same(model->sparseWeight()))
            dense.push_back(parameter);
    torch::optim::AdamW optimizer(dense);
    train::SparseRowOptimizer sparse(model->sparseWeight(), train::SparseRowOptimizer::Kind::AdamW, 0.01);
    const auto position = train::loadTrainingState(stateFile, *model, optimizer, &sparse);
    {
        torch::NoGradGuard noGrad;
        model->sparseWeight().fill_(std::nan(""));
    }
    train::saveTrainingState(stateFile, position, *model, optimizer, &sparse);

    StepHook hook;
    train::TrainingJob job(*m_project, hook);
    job.prepareResume(std::to_string(runId));
    const auto error = errorFrom([&] { job.run(); });
    QVERIFY(error);
    QVERIFY2(error->contains(QStringLiteral("training loss became NaN at step 30")), qPrintable(*error));
    QCOMPARE(qs(runs.run(runId)->errorMessage.value_or("")), *error);
    QCOMPARE(qs(statusOf(*m_project, runId)), QStringLiteral("failed"));
}

void TestTrainingJob::invalidConfigCreatesNoRun()
{
    store::RunStore runs(m_project->db(), m_project->artefactDir());
    const auto before = runs.runs().size();
    auto config = quickConfig();
    config.set("optimizer.batch_size", std::int64_t(0));
    StepHook hook;
    train::TrainingJob job(*m_project, hook);
    const auto error = errorFrom([&] { job.create(data::demoDatasetName, config); });
    QVERIFY(error && error->contains(QStringLiteral("optimizer.batch_size")));
    QVERIFY(errorFrom([&] { job.create("no such dataset", quickConfig()); }));
    // Names find runs: one taken, or digits that read as an id, is refused before a run exists.
    if (before > 0) {
        const auto taken = runs.runs().front().name;
        const auto duplicate = errorFrom([&] { job.create(data::demoDatasetName, quickConfig(), taken); });
        QVERIFY(duplicate && duplicate->contains(QStringLiteral("already called")));
    }
    QVERIFY(errorFrom([&] { job.create(data::demoDatasetName, quickConfig(), "42"); }));
    QCOMPARE(runs.runs().size(), before);
}

// The job stores its predictions from the ids it tokenised for training; the browser's
// predicted label and confidence must be what the run's model says of each text.
void TestTrainingJob::storedPredictionsAreThePredictorsOwn()
{
    store::RunStore runs(m_project->db(), m_project->artefactDir());
    const auto snapshot = data::loadSnapshot(runs.runArtefact(m_finishedRun, "snapshot")->path);
    std::vector<std::string> texts;
    for (const auto &example : snapshot.examples)
        texts.push_back(example.text);
    const auto predictor = train::Predictor::load(m_project->db(), m_project->artefactDir(), m_finishedRun);
    const auto predicted = predictor.predict(texts);

    auto stored = m_project->db().prepare("SELECT p.example_id, l.name, p.confidence FROM predictions p "
                                          "JOIN labels l ON l.id = p.label_id WHERE p.run_id = ?1");
    stored.bind(1, m_finishedRun);
    std::map<std::int64_t, std::pair<std::string, double>> byId;
    while (stored.step())
        byId[stored.int64(0)] = {stored.text(1), stored.real(2)};
    QCOMPARE(byId.size(), snapshot.examples.size());
    for (std::size_t i = 0; i < snapshot.examples.size(); ++i) {
        const auto &[label, confidence] = byId.at(snapshot.examples[i].id);
        const auto &prediction = predicted[i];
        QCOMPARE(qs(label), qs(predictor.labels()[static_cast<std::size_t>(prediction.label)]));
        QVERIFY2(std::abs(confidence - prediction.probabilities[static_cast<std::size_t>(prediction.label)]) < 1e-5,
                 snapshot.examples[i].text.c_str());
    }
}

void TestTrainingJob::predictorGivesProbabilitiesAndExactAttributions()
{
    const auto predictor = train::Predictor::load(m_project->db(), m_project->artefactDir(), m_finishedRun);
    QCOMPARE(predictor.labels().size(), size_t(9));
    const std::vector<std::string> texts = {"I want my money back for the broken kettle",
                                            "Wo ist mein Paket? Die Sendungsverfolgung zeigt nichts",
                                            "我忘记了密码，无法登录", ""};
    const auto predictions = predictor.predict(texts);
    QCOMPARE(predictions.size(), texts.size());
    for (const auto &prediction : predictions) {
        double sum = 0;
        for (const float p : prediction.probabilities)
            sum += p;
        QVERIFY(std::abs(sum - 1.0) < 1e-4);
        const auto best = std::max_element(prediction.probabilities.begin(), prediction.probabilities.end());
        QCOMPARE(prediction.label, int(best - prediction.probabilities.begin()));
        QVERIFY(prediction.entropy >= 0 && prediction.entropy <= std::log(9.0) + 1e-6);
        QVERIFY(prediction.margin >= 0 && prediction.margin <= 1);
    }
    // Batched and one by one agree.
    const auto single = predictor.predict(std::vector<std::string>{texts[1]});
    QCOMPARE(single.front().label, predictions[1].label);
    QVERIFY(std::abs(single.front().probabilities[0] - predictions[1].probabilities[0]) < 1e-5);

    // The bag model's attributions are exact: for every class, the token scores plus the
    // baseline are its logit, so their softmax is the predicted distribution.
    std::vector<double> logits;
    for (int label = 0; label < 9; ++label) {
        const auto attribution = predictor.attribute(texts[0], label);
        QVERIFY(attribution.method.find("exact") != std::string::npos);
        QCOMPARE(attribution.pieces.size(), attribution.scores.size());
        QVERIFY(!attribution.pieces.empty());
        double logit = attribution.baseline;
        for (const double score : attribution.scores)
            logit += score;
        logits.push_back(logit);
    }
    const double top = *std::max_element(logits.begin(), logits.end());
    double norm = 0;
    for (const double logit : logits)
        norm += std::exp(logit - top);
    for (int label = 0; label < 9; ++label)
        QVERIFY2(std::abs(std::exp(logits[label] - top) / norm - predictions[0].probabilities[label]) < 1e-4,
                 qPrintable(QStringLiteral("class %1: %2 from the attributions, %3 predicted (logit %4)")
                                .arg(label)
                                .arg(std::exp(logits[label] - top) / norm)
                                .arg(predictions[0].probabilities[label])
                                .arg(logits[label])));
    QCOMPARE(predictor.attribute(texts[0]).label, predictions[0].label);
}

void TestTrainingJob::likelyLabelErrorsFindFlippedLabels()
{
    QTemporaryDir dir;
    auto project = store::Project::create(pathIn(dir, QStringLiteral("errors.glossa")));
    const auto csv = pathIn(dir, QStringLiteral("intents.csv"));
    writeFile(csv, separableCsv(40)); // 360 examples
    data::importFile(project.db(), "intents", csv);
    // Ten wrong labels, as an annotator's slips.
    store::DatasetStore datasets(project.db());
    const auto dataset = datasets.dataset("intents");
    store::LabelJournal journal(project.db());
    std::map<std::int64_t, std::string> flipped; // example id -> its true label
    const auto labels = datasets.labels(dataset.id);
    for (int i = 0; i < 10; ++i) {
        const auto example = *datasets.exampleByExternalId(dataset.id, std::to_string(7 + i * 36));
        const auto wrong =
            std::find_if(labels.begin(), labels.end(), [&](const auto &label) { return label.name != example.label; });
        journal.setLabel(dataset.id, {example.id}, wrong->id, store::EditSource::User);
        flipped.emplace(example.id, *example.label);
    }
    const auto snapshot = data::takeSnapshot(project.db(), "intents");
    auto config = quickConfig();
    config.setAssignment("tokenizer.vocab_size=300");
    config.setAssignment("optimizer.epochs=10");
    config.setAssignment("eval.interval=0"); // once per epoch: a fold has only seven steps per epoch
    store::RunStore runs(project.db(), project.artefactDir());
    const auto tokenizer = text::SentencePieceTokenizer::train({text::SentencePieceOptions::Algorithm::Unigram, 300},
                                                               [&, next = size_t(0)](std::string_view &s) mutable {
                                                                   if (next == snapshot.examples.size())
                                                                       return false;
                                                                   s = snapshot.examples[next++].text;
                                                                   return true;
                                                               });
    StepHook hook;
    std::vector<std::int64_t> steps;
    hook.onStep = [&](const train::TrainingProgress &progress) { steps.push_back(progress.step); };
    const auto search =
        train::findLabelErrors(snapshot, config, tokenizer, {3, pathIn(dir, QStringLiteral("folds"))}, hook);
    const auto &candidates = search.candidates;
    // What the queue says of itself: how many of how many, and how good the folds' model was.
    QCOMPARE(search.examples, std::int64_t(360));
    QCOMPARE(search.cap, std::int64_t(18)); // 5% of 360
    QVERIFY(search.flagged >= static_cast<std::int64_t>(candidates.size()));
    QVERIFY2(search.outOfSampleAccuracy > 0.9 && !search.accuracyTooLow(),
             qPrintable(QString::number(search.outOfSampleAccuracy)));
    // The three folds read as one task: steps only go up, and the folds' evaluations stay out.
    QVERIFY(std::is_sorted(steps.begin(), steps.end()) && steps.size() > 3);
    QCOMPARE(hook.evaluations, 0);

    std::size_t found = 0;
    for (size_t i = 0; i < candidates.size() && i < flipped.size(); ++i)
        found += flipped.count(candidates[i].exampleId);
    qInfo("%zu candidates; %zu of the 10 flipped labels in the top 10", candidates.size(), found);
    QVERIFY2(found >= 7, qPrintable(QString::number(found)));
    // And the list is short: mostly the slips themselves, not half the dataset.
    const auto slipsListed = std::count_if(candidates.begin(), candidates.end(),
                                           [&](const auto &candidate) { return flipped.count(candidate.exampleId); });
    QVERIFY2(candidates.size() <= 15 && slipsListed * 10 >= static_cast<long>(candidates.size()) * 7,
             qPrintable(QStringLiteral("%1 of %2").arg(slipsListed).arg(candidates.size())));
    for (size_t i = 0; i < candidates.size(); ++i) {
        QVERIFY(candidates[i].givenLabel != candidates[i].suggestedLabel);
        QVERIFY(candidates[i].score >= -1 && candidates[i].score <= 1);
        if (i > 0)
            QVERIFY(candidates[i - 1].score >= candidates[i].score);
        // Three classes: the suggestion for a slip is the label it had before.
        if (const auto slip = flipped.find(candidates[i].exampleId); slip != flipped.end())
            QCOMPARE(qs(candidates[i].suggestedLabel), qs(slip->second));
    }
    QVERIFY(!std::filesystem::exists(pathIn(dir, QStringLiteral("folds"))));
}

// A run scored by cross-validation (too small to split) pauses in its folds too, not only
// while its final model trains.
void TestTrainingJob::pauseReachesTheCrossValidationFolds()
{
    QTemporaryDir dir;
    auto project = store::Project::create(pathIn(dir, QStringLiteral("small.glossa")));
    const auto csv = pathIn(dir, QStringLiteral("small.csv"));
    writeFile(csv, separableCsv(3)); // 27 examples: dev and test far below 30
    data::importFile(project.db(), "small", csv);

    class LogHook : public StepHook
    {
    public:
        void log(std::string_view line) override
        {
            std::lock_guard lock(mutex);
            if (line.find("cross-validation: fold") != std::string_view::npos)
                ++foldsDone;
        }
        std::mutex mutex;
        int foldsDone = 0;
    } hook;
    auto config = quickConfig();
    config.setAssignment("tokenizer.vocab_size=300");
    train::TrainingJob job(project, hook);
    std::int64_t runId = 0;
    if (const auto error = errorFrom([&] { runId = job.create("small", config); }))
        QFAIL(qPrintable(*error));
    auto watcher = project.connect();
    store::RunStore watched(watcher, project.artefactDir());
    int foldsWhenPaused = -1;
    job.pause(); // before it starts: the first fold's trainer waits at its first step
    std::jthread releaser([&] {
        while (watched.run(runId)->status != store::RunStatus::Paused)
            std::this_thread::yield();
        {
            std::lock_guard lock(hook.mutex);
            foldsWhenPaused = hook.foldsDone;
        }
        job.resume();
    });
    const auto outcome = job.run();
    releaser.join();
    QCOMPARE(foldsWhenPaused, 0);
    QCOMPARE(qs(outcome.run.status), QStringLiteral("finished"));
    QCOMPARE(qs(outcome.result.evaluation), QStringLiteral("cross-validation"));
    QCOMPARE(hook.foldsDone, 5);
}

// Stopped while its folds train, a cross-validated run has no model yet; it shows as stopped,
// not failed, and resuming does the folds again and finishes.
void TestTrainingJob::aStopInTheFoldsIsResumable()
{
    QTemporaryDir dir;
    auto project = store::Project::create(pathIn(dir, QStringLiteral("stopped.glossa")));
    const auto csv = pathIn(dir, QStringLiteral("small.csv"));
    writeFile(csv, separableCsv(3));
    data::importFile(project.db(), "small", csv);
    auto config = quickConfig();
    config.setAssignment("tokenizer.vocab_size=300");
    StepHook hook;
    std::int64_t runId = 0;
    {
        train::TrainingJob job(project, hook);
        runId = job.create("small", config);
        auto watcher = project.connect();
        store::RunStore watched(watcher, project.artefactDir());
        std::stop_source stop;
        job.pause(); // the first fold waits at its first step, where the stop finds it
        std::jthread stopper([&] {
            while (watched.run(runId)->status != store::RunStatus::Paused)
                std::this_thread::yield();
            stop.request_stop();
        });
        const auto outcome = job.run(stop.get_token());
        stopper.join();
        QCOMPARE(qs(outcome.run.status), QStringLiteral("stopped"));
        QVERIFY(!outcome.run.errorMessage);
    }
    store::RunStore runs(project.db(), project.artefactDir());
    QVERIFY(!runs.runArtefact(runId, "model"));
    train::TrainingJob again(project, hook);
    again.prepareResume(std::to_string(runId));
    const auto resumed = again.run();
    QCOMPARE(qs(resumed.run.status), QStringLiteral("finished"));
    QCOMPARE(qs(resumed.result.evaluation), QStringLiteral("cross-validation"));
    QVERIFY(runs.runArtefact(runId, "model"));
    QCOMPARE(resumed.result.test.overall.examples, std::int64_t(27));
}

QTEST_MAIN(TestTrainingJob)
#include "tst_trainingjob.moc"
