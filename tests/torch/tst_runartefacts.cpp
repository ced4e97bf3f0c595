// Every run that ends finished or stopped is usable, whatever settings made it: it evaluates,
// predicts, answers the Compare tab's stream, is compared with another run and exports (where
// its type exports). Runs here
// differ only in seed, tokenizer settings, model type and fine-tuning strategy, which is how
// artefacts come out byte for byte like an earlier run's (the same tokenizer trained again, the
// same config.json) and must still be linked to the run that made them.

#include "bytelevelbpe.h"
#include "jsonfile.h"
#include "testsupport.h"
#include "tinycheckpoint.h"

#include "data/demoproject.h"
#include "engine/train/trainingjob.h"
#include "store/database.h"
#include "store/project.h"
#include "store/runstore.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <filesystem>
#include <stop_token>
#include <string>
#include <vector>

using namespace glossa::core;
using namespace glossa::test;

namespace {

class StopAfter : public train::TrainingObserver
{
public:
    explicit StopAfter(std::int64_t step, std::stop_source &stop)
        : m_step(step)
        , m_stop(stop)
    {
    }
    void progress(const train::TrainingProgress &progress) override
    {
        if (m_step > 0 && progress.step >= m_step)
            m_stop.request_stop();
    }

private:
    std::int64_t m_step;
    std::stop_source &m_stop;
};

struct CliResult
{
    int exitCode = -1;
    QByteArray out;
    QString err;
};

CliResult runCli(const QStringList &arguments, const QByteArray &input = {})
{
    QProcess cli;
    cli.start(QStringLiteral(GLOSSA_CLI_PATH), arguments);
    cli.write(input);
    cli.closeWriteChannel();
    CliResult result;
    if (!cli.waitForFinished(300000))
        return result;
    result.exitCode = cli.exitStatus() == QProcess::NormalExit ? cli.exitCode() : -1;
    result.out = cli.readAllStandardOutput();
    result.err = QString::fromUtf8(cli.readAllStandardError());
    return result;
}

// A folder saved with only the fast tokenizer of a byte-level BPE, as roberta-base has it
// (RoBERTa's layout, bytelevelbpe.h): 4 + 256 + 7 ids, then <mask>.
void writeTinyBpeTokenizerJson(const std::filesystem::path &folder)
{
    const auto bpe =
        robertaTokenizerJson({{" ", "p"}, {"a", "r"}, {" p", "ar"}, {"e", "l"}, {"c", "el"}, {" ", "i"}, {"o", "r"}});
    writeJson(folder / "tokenizer.json", bpe.json);
}

struct Variant
{
    const char *name;
    std::vector<std::string> settings;
    std::int64_t stopAfterStep = 0; // 0: train to the end
};

} // namespace

class TestRunArtefacts : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void everyEndedRunIsUsable_data();
    void everyEndedRunIsUsable();
    void identicalTokenizersAreOneArtefactLinkedToEachRun();
    void aRunWithoutItsTokenizerSaysWhatToDo();

private:
    std::int64_t train(const Variant &variant);
    QStringList cli(const char *command, std::int64_t runId) const;

    QTemporaryDir m_dir;
    std::unique_ptr<store::Project> m_project;
    QString m_projectPath;
    std::filesystem::path m_modelFolder;
    std::filesystem::path m_wordPieceFolder;  // a BERT-family model with vocab.txt
    std::filesystem::path m_distilBertFolder; // a DistilBERT model with vocab.txt
    std::vector<std::pair<std::string, std::int64_t>> m_runs;
};

std::int64_t TestRunArtefacts::train(const Variant &variant)
{
    train::TrainConfig config;
    config.setAssignment("optimizer.epochs=1");
    config.setAssignment("run.cpu_threads=1");
    config.setAssignment("model.max_length=32");
    for (const auto &setting : variant.settings)
        config.setAssignment(setting);
    std::stop_source stop;
    StopAfter observer(variant.stopAfterStep, stop);
    train::TrainingJob job(*m_project, observer);
    const auto runId = job.create(data::demoDatasetName, config, variant.name);
    job.run(stop.get_token());
    return runId;
}

void TestRunArtefacts::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_projectPath = m_dir.filePath(QStringLiteral("matrix.glossa"));
    m_project = std::make_unique<store::Project>(store::Project::create(m_projectPath.toStdString()));
    data::importDemoData(m_project->db(), GLOSSA_DEMO_DIR);
    m_modelFolder = pathIn(m_dir, QStringLiteral("tiny-xlmr"));
    writeTinyCheckpoint(m_modelFolder, tinyConfig(model::EncoderFamily::XlmRoberta));
    QVERIFY(writeTinyVocabulary(m_modelFolder));

    const auto pretrained = "model.path=" + m_modelFolder.string();
    m_wordPieceFolder = pathIn(m_dir, QStringLiteral("tiny-mbert"));
    writeTinyCheckpoint(m_wordPieceFolder, tinyConfig(model::EncoderFamily::Bert));
    writeTinyWordPieceVocabulary(m_wordPieceFolder);
    const auto wordPiece = "model.path=" + m_wordPieceFolder.string();
    const auto fastOnlyFolder = pathIn(m_dir, QStringLiteral("tiny-mbert-fast-only"));
    writeTinyCheckpoint(fastOnlyFolder, tinyConfig(model::EncoderFamily::Bert));
    writeTinyTokenizerJson(fastOnlyFolder);
    // A RoBERTa (XLM-R's architecture under model_type "roberta") with a byte-level BPE
    // tokenizer.json: 4 + 256 + 7 + 1 ids, <mask> last.
    const auto robertaFolder = pathIn(m_dir, QStringLiteral("tiny-roberta-bpe"));
    auto robertaConfig = tinyConfig(model::EncoderFamily::XlmRoberta);
    robertaConfig.modelType = "roberta";
    robertaConfig.vocabSize = 268;
    writeTinyCheckpoint(robertaFolder, robertaConfig);
    writeTinyBpeTokenizerJson(robertaFolder);
    m_distilBertFolder = pathIn(m_dir, QStringLiteral("tiny-distilbert"));
    writeTinyCheckpoint(m_distilBertFolder, tinyConfig(model::EncoderFamily::DistilBert));
    writeTinyWordPieceVocabulary(m_distilBertFolder);
    const auto distilBert = "model.path=" + m_distilBertFolder.string();
    const auto debertaFolder = pathIn(m_dir, QStringLiteral("tiny-mdeberta"));
    writeTinyCheckpoint(debertaFolder, tinyConfig(model::EncoderFamily::DebertaV2));
    QVERIFY(writeTinyVocabulary(debertaFolder, /*debertaLayout=*/true));
    const auto deberta = "model.path=" + debertaFolder.string();
    const std::vector<Variant> variants = {
        {"bag", {}},
        {"bag-seed5", {"run.seed=5"}},
        {"bag-vocab1000", {"tokenizer.vocab_size=1000"}},
        {"bag-bpe", {"tokenizer.algorithm=bpe", "run.seed=5"}},
        {"bag-stopped", {"run.seed=6"}, 3},
        {"transformer", {"model.type=transformer", "model.embedding_dim=32", "model.layers=1", "model.heads=2"}},
        {"transformer-seed5",
         {"model.type=transformer", "model.embedding_dim=32", "model.layers=1", "model.heads=2", "run.seed=5"}},
        {"full", {"model.type=pretrained", pretrained}},
        {"full-seed5", {"model.type=pretrained", pretrained, "run.seed=5"}},
        {"frozen", {"model.type=pretrained", pretrained, "finetune.strategy=frozen", "finetune.frozen_layers=1"}},
        {"lora", {"model.type=pretrained", pretrained, "finetune.strategy=lora"}},
        {"lora-stopped", {"model.type=pretrained", pretrained, "finetune.strategy=lora", "run.seed=5"}, 3},
        {"wordpiece-full", {"model.type=pretrained", wordPiece}},
        {"wordpiece-lora-stopped", {"model.type=pretrained", wordPiece, "finetune.strategy=lora"}, 3},
        // A folder with only tokenizer.json: kept and exported as vocab.txt.
        {"wordpiece-from-tokenizer-json", {"model.type=pretrained", "model.path=" + fastOnlyFolder.string()}},
        // A BPE tokenizer.json: kept as it is, exported with vocab.json and merges.txt.
        {"bpe-from-tokenizer-json", {"model.type=pretrained", "model.path=" + robertaFolder.string()}},
        {"wordpiece-distilbert-frozen",
         {"model.type=pretrained", distilBert, "finetune.strategy=frozen", "finetune.frozen_layers=1"}},
        {"wordpiece-distilbert-lora", {"model.type=pretrained", distilBert, "finetune.strategy=lora"}},
        {"deberta-full", {"model.type=pretrained", deberta}},
        {"deberta-lora-stopped", {"model.type=pretrained", deberta, "finetune.strategy=lora"}, 3},
        // A transfer study's runs: German alone, tested on every language.
        {"bag-from-de", {"eval.source_languages=de"}},
        {"transformer-from-de",
         {"model.type=transformer", "model.embedding_dim=32", "model.layers=1", "model.heads=2",
          "eval.source_languages=de"}},
        {"lora-from-de", {"model.type=pretrained", pretrained, "finetune.strategy=lora", "eval.source_languages=de"}},
    };
    for (const auto &variant : variants)
        m_runs.emplace_back(variant.name, train(variant));
}

QStringList TestRunArtefacts::cli(const char *command, std::int64_t runId) const
{
    return {QString::fromLatin1(command), QStringLiteral("--project"), m_projectPath, QStringLiteral("--run"),
            QString::number(runId)};
}

void TestRunArtefacts::everyEndedRunIsUsable_data()
{
    QTest::addColumn<qint64>("runId");
    for (const auto &[name, runId] : m_runs)
        QTest::newRow(name.c_str()) << qint64(runId);
}

void TestRunArtefacts::everyEndedRunIsUsable()
{
    QFETCH(qint64, runId);
    store::RunStore runs(m_project->db(), m_project->artefactDir());
    const auto run = *runs.run(runId);
    const bool stopped = run.name.find("stopped") != std::string::npos;
    QCOMPARE(qs(run.status), stopped ? QStringLiteral("stopped") : QStringLiteral("finished"));
    for (const char *role : {"snapshot", "tokenizer", "model"})
        QVERIFY2(runs.runArtefact(runId, role), role);

    const auto eval = runCli(cli("eval", runId) << QStringLiteral("--json"));
    QVERIFY2(eval.exitCode == 0, qPrintable(eval.err));
    const auto scores = QJsonDocument::fromJson(eval.out).object();
    QVERIFY(scores[QStringLiteral("macro_f1")].toDouble(-1) >= 0);
    // A run that learnt from German alone is still scored on every language's test rows.
    QCOMPARE(scores[QStringLiteral("per_language")].toObject().size(), 9);

    const auto predicted = runCli(cli("predict", runId) << QStringLiteral("--json"), "where is my parcel\n");
    QVERIFY2(predicted.exitCode == 0, qPrintable(predicted.err));
    QCOMPARE(
        QJsonDocument::fromJson(predicted.out.trimmed()).object()[QStringLiteral("probabilities")].toObject().size(),
        9);

    // The Compare tab keeps one such process per run and writes a line at a time.
    const auto streamed = runCli(cli("predict", runId) << QStringLiteral("--json") << QStringLiteral("--stream"),
                                 "où est mon colis\n我的包裹在哪里\n");
    QVERIFY2(streamed.exitCode == 0, qPrintable(streamed.err));
    QCOMPARE(streamed.out.trimmed().split('\n').size(), 2);

    // Compared with the first run on their shared test examples (glossa-cli compare).
    const auto compared = runCli({QStringLiteral("compare"), QStringLiteral("--project"), m_projectPath,
                                  QStringLiteral("--run"), QString::number(m_runs.front().second),
                                  QStringLiteral("--run"), QString::number(runId), QStringLiteral("--json")});
    QVERIFY2(compared.exitCode == 0, qPrintable(compared.err));
    QVERIFY(QJsonDocument::fromJson(compared.out).object()[QStringLiteral("n")].toInt() > 0);

    const auto config = train::TrainConfig::fromJsonString(run.configJson);
    const auto folder = m_dir.filePath(QStringLiteral("export-") + QString::number(runId));
    const auto exported = runCli(cli("export", runId) << QStringLiteral("--format") << QStringLiteral("hf")
                                                      << QStringLiteral("--output") << folder);
    if (config.text("model.type") == "pretrained") {
        QVERIFY2(exported.exitCode == 0, qPrintable(exported.err));
        const bool wordPiece = run.name.starts_with("wordpiece");
        const bool bpe = run.name.starts_with("bpe");
        // The vocabulary of the model's family, kept with the run and written back.
        QCOMPARE(runs.runArtefact(runId, "tokenizer")->kind, std::string(wordPiece ? "wordpiece-vocab"
                                                                         : bpe     ? "bpe-tokenizer-json"
                                                                                   : "tokenizer"));
        QCOMPARE(runs.runArtefact(runId, "tokenizer-config").has_value(), wordPiece);
        for (const char *name : {"/config.json", "/tokenizer_config.json", "/special_tokens_map.json"})
            QVERIFY2(QFile::exists(folder + QLatin1String(name)), name);
        const bool deberta = run.name.starts_with("deberta");
        QVERIFY(QFile::exists(folder
                              + (wordPiece ? QStringLiteral("/vocab.txt")
                                 : bpe     ? QStringLiteral("/tokenizer.json")
                                 : deberta ? QStringLiteral("/spm.model")
                                           : QStringLiteral("/sentencepiece.bpe.model"))));
        if (bpe) { // what RobertaTokenizer and RobertaForSequenceClassification load
            auto jsonIn = [&](const char *name) {
                QFile file(folder + QLatin1String(name));
                return file.open(QIODevice::ReadOnly) ? QJsonDocument::fromJson(file.readAll()).object()
                                                      : QJsonObject();
            };
            QVERIFY(QFile::exists(folder + QStringLiteral("/vocab.json")));
            QVERIFY(QFile::exists(folder + QStringLiteral("/merges.txt")));
            QCOMPARE(jsonIn("/tokenizer_config.json")[QStringLiteral("tokenizer_class")].toString(),
                     QStringLiteral("RobertaTokenizer"));
            QCOMPARE(jsonIn("/vocab.json").size(), 4 + 256 + 7);
            const auto modelConfig = jsonIn("/config.json");
            QCOMPARE(modelConfig[QStringLiteral("model_type")].toString(), QStringLiteral("roberta"));
            QCOMPARE(modelConfig[QStringLiteral("architectures")].toArray().first().toString(),
                     QStringLiteral("RobertaForSequenceClassification"));
            QFile kept(QString::fromStdString(runs.runArtefact(runId, "tokenizer")->path.string()));
            QFile written(folder + QStringLiteral("/tokenizer.json"));
            QVERIFY(kept.open(QIODevice::ReadOnly) && written.open(QIODevice::ReadOnly));
            QCOMPARE(written.readAll(), kept.readAll()); // byte for byte the model's own
        }
        if (deberta) { // spm.model's own ids, [CLS] and [SEP]: DebertaV2Tokenizer
            QFile file(folder + QStringLiteral("/tokenizer_config.json"));
            QVERIFY(file.open(QIODevice::ReadOnly));
            const auto tokenizerConfig = QJsonDocument::fromJson(file.readAll()).object();
            QCOMPARE(tokenizerConfig[QStringLiteral("tokenizer_class")].toString(),
                     QStringLiteral("DebertaV2Tokenizer"));
            QCOMPARE(tokenizerConfig[QStringLiteral("cls_token")].toString(), QStringLiteral("[CLS]"));
        }
        if (wordPiece) {
            QFile file(folder + QStringLiteral("/tokenizer_config.json"));
            QVERIFY(file.open(QIODevice::ReadOnly));
            const auto tokenizerConfig = QJsonDocument::fromJson(file.readAll()).object();
            // DistilBERT's forward takes no token_type_ids, which BertTokenizer would give it.
            const bool distil = run.name.find("distilbert") != std::string::npos;
            QCOMPARE(tokenizerConfig[QStringLiteral("tokenizer_class")].toString(),
                     distil ? QStringLiteral("DistilBertTokenizer") : QStringLiteral("BertTokenizer"));
            QCOMPARE(tokenizerConfig[QStringLiteral("do_lower_case")].toBool(true), false); // as the model's said
        }
        // Exported again over itself: every file there is one an export writes.
        const auto again = runCli(cli("export", runId) << QStringLiteral("--format") << QStringLiteral("hf")
                                                       << QStringLiteral("--output") << folder);
        QVERIFY2(again.exitCode == 0, qPrintable(again.err));
        // The exported folder predicts as the run does, read with its own tokenizer files.
        const auto fromRun = runCli(cli("predict", runId) << QStringLiteral("--json"), "Where is my parcel?\n");
        const auto fromFolder =
            runCli({QStringLiteral("predict"), QStringLiteral("--model"), folder, QStringLiteral("--json")},
                   "Where is my parcel?\n");
        QVERIFY2(fromFolder.exitCode == 0, qPrintable(fromFolder.err));
        if (wordPiece || deberta || bpe) { // attributions over the model's own pieces, [CLS] or <s> first
            const auto explained =
                runCli(cli("predict", runId) << QStringLiteral("--json") << QStringLiteral("--explain"),
                       "Where is my parcel?\n");
            QVERIFY2(explained.exitCode == 0, qPrintable(explained.err));
            const auto tokens = QJsonDocument::fromJson(explained.out.trimmed())
                                    .object()[QStringLiteral("attributions")]
                                    .toObject()[QStringLiteral("tokens")]
                                    .toArray();
            QVERIFY(tokens.size() >= 3);
            QCOMPARE(tokens.first().toObject()[QStringLiteral("piece")].toString(),
                     bpe ? QStringLiteral("<s>") : QStringLiteral("[CLS]"));
        }
        const auto runProbabilities =
            QJsonDocument::fromJson(fromRun.out.trimmed()).object()[QStringLiteral("probabilities")].toObject();
        const auto folderProbabilities =
            QJsonDocument::fromJson(fromFolder.out.trimmed()).object()[QStringLiteral("probabilities")].toObject();
        QCOMPARE(folderProbabilities.keys(), runProbabilities.keys());
        for (const auto &label : runProbabilities.keys())
            QVERIFY2(std::abs(folderProbabilities[label].toDouble() - runProbabilities[label].toDouble()) < 1e-4,
                     qPrintable(label));
    } else {
        QVERIFY(exported.exitCode != 0); // said so: a model trained from scratch has no such form
        QVERIFY2(exported.err.contains(QStringLiteral("no Hugging Face form")), qPrintable(exported.err));
        QVERIFY(!QFile::exists(folder));
        // Without --format it is a Glossa model folder, made of the run's own artefacts.
        const auto own = runCli(cli("export", runId) << QStringLiteral("--output") << folder);
        QVERIFY2(own.exitCode == 0, qPrintable(own.err));
        for (const auto *name : {"/config.json", "/model.safetensors", "/tokenizer.model"})
            QVERIFY2(QFile::exists(folder + QLatin1String(name)), name);
    }
}

// The bug this guards against: a tokenizer trained again from inputs the project has no key for
// comes out as the same bytes; it is the same artefact, and the new run is linked to it.
void TestRunArtefacts::identicalTokenizersAreOneArtefactLinkedToEachRun()
{
    store::RunStore runs(m_project->db(), m_project->artefactDir());
    const auto first = runs.runArtefact(m_runs.front().second, "tokenizer")->id;
    const auto tokenizers = m_project->db().queryInt("SELECT count(*) FROM artefacts WHERE kind = 'tokenizer'");
    // Forget what made it, so the next run must train it again.
    m_project->db().exec("DELETE FROM artefact_sources");
    const auto again = train({"bag-retrained", {"run.seed=7"}});
    QCOMPARE(qs(runs.run(again)->status), QStringLiteral("finished"));
    QCOMPARE(runs.runArtefact(again, "tokenizer")->id, first);
    QCOMPARE(m_project->db().queryInt("SELECT count(*) FROM artefacts WHERE kind = 'tokenizer'"), tokenizers);
    // And a seed on data below tokenizer.max_sentences shares the tokenizer without training it.
    QCOMPARE(runs.runArtefact(m_runs[1].second, "tokenizer")->id, first);
    const auto predicted = runCli(cli("predict", again) << QStringLiteral("--json"), "where is my parcel\n");
    QVERIFY2(predicted.exitCode == 0, qPrintable(predicted.err));
}

void TestRunArtefacts::aRunWithoutItsTokenizerSaysWhatToDo()
{
    const auto runId = m_runs.front().second;
    m_project->db().exec("DELETE FROM run_artefacts WHERE role = 'tokenizer' AND run_id = " + std::to_string(runId));
    const auto eval = runCli(cli("eval", runId));
    QCOMPARE(eval.exitCode, 1);
    QVERIFY2(eval.err.contains(QStringLiteral("run 'bag' (finished) has no tokenizer")), qPrintable(eval.err));
    QVERIFY2(eval.err.contains(QStringLiteral("train it again")), qPrintable(eval.err));
    QVERIFY2(!eval.err.contains(QStringLiteral("only a finished")), qPrintable(eval.err));
}

QTEST_GUILESS_MAIN(TestRunArtefacts)
#include "tst_runartefacts.moc"
