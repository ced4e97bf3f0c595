// A features run from the Train tab (finetune.strategy=features on a tiny random XLM-R folder):
// it trains in glossa-cli like any run; while it embeds the texts the progress line says so and
// the log words the cache's hits and the embedding in the UI's language; a second run after it
// finds every vector in the project and embeds nothing.

#include "ui/session/projectsession.h"
#include "ui/session/runlist.h"
#include "ui/session/trainingcontroller.h"
#include "ui/shell/mainwindow.h"
#include "ui/train/configeditor.h"
#include "ui/train/trainpage.h"

#include "data/demoproject.h"
#include "model/hfconfig.h"
#include "model/safetensors.h"
#include "store/project.h"
#include "train/trainconfig.h"

#include <QFileInfo>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

#include <filesystem>
#include <fstream>
#include <random>

using namespace glossa;

namespace {

// A 2-layer XLM-R encoder of width 32 with random weights, as config.json and model.safetensors
// under transformers' names, and a SentencePiece vocabulary with XLM-R's layout.
bool writeTinyFolder(const std::filesystem::path &folder)
{
    std::filesystem::create_directories(folder);
    core::model::HfEncoderConfig config;
    config.family = core::model::EncoderFamily::XlmRoberta;
    config.modelType = "xlm-roberta";
    config.vocabSize = 300;
    config.hiddenSize = 32;
    config.layers = 2;
    config.heads = 4;
    config.intermediateSize = 64;
    config.maxPositions = 66;
    config.typeVocabSize = 1;
    config.layerNormEps = 1e-5;
    std::vector<std::pair<std::string, std::vector<std::int64_t>>> shapes = {
        {"embeddings.word_embeddings.weight", {300, 32}},     {"embeddings.position_embeddings.weight", {66, 32}},
        {"embeddings.token_type_embeddings.weight", {1, 32}}, {"embeddings.LayerNorm.weight", {32}},
        {"embeddings.LayerNorm.bias", {32}}};
    for (int layer = 0; layer < 2; ++layer) {
        const auto prefix = "encoder.layer." + std::to_string(layer) + ".";
        for (const char *linear :
             {"attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense"}) {
            shapes.push_back({prefix + linear + ".weight", {32, 32}});
            shapes.push_back({prefix + linear + ".bias", {32}});
        }
        shapes.push_back({prefix + "attention.output.LayerNorm.weight", {32}});
        shapes.push_back({prefix + "attention.output.LayerNorm.bias", {32}});
        shapes.push_back({prefix + "intermediate.dense.weight", {64, 32}});
        shapes.push_back({prefix + "intermediate.dense.bias", {64}});
        shapes.push_back({prefix + "output.dense.weight", {32, 64}});
        shapes.push_back({prefix + "output.dense.bias", {32}});
        shapes.push_back({prefix + "output.LayerNorm.weight", {32}});
        shapes.push_back({prefix + "output.LayerNorm.bias", {32}});
    }
    std::mt19937 random(5);
    std::normal_distribution<float> normal(0, 0.3f);
    std::vector<std::vector<float>> values;
    std::vector<core::model::TensorToWrite> tensors;
    for (const auto &[name, shape] : shapes) {
        std::int64_t count = 1;
        for (const auto size : shape)
            count *= size;
        auto &data = values.emplace_back(static_cast<std::size_t>(count));
        const bool norm = name.find("LayerNorm.weight") != std::string::npos;
        for (auto &value : data)
            value = norm ? 1.0f : normal(random);
        tensors.push_back({"roberta." + name, core::model::TensorDtype::F32, shape,
                           std::as_bytes(std::span<const float>(data))});
    }
    core::model::writeSafetensors(folder / "model.safetensors", tensors);
    std::ofstream(folder / "config.json") << core::model::hfConfigJson(config);
    QStringList sentences;
    const QStringList words{QStringLiteral("where"), QStringLiteral("is"),     QStringLiteral("my"),
                            QStringLiteral("parcel"), QStringLiteral("order"), QStringLiteral("cancel"),
                            QStringLiteral("refund"), QStringLiteral("paket"), QStringLiteral("包裹")};
    for (int i = 0; i < 300; ++i)
        sentences << words[i % words.size()] + QLatin1Char(' ') + words[(i * 7 + 3) % words.size()];
    const auto corpus = folder / "corpus.txt";
    std::ofstream(corpus) << sentences.join(QLatin1Char('\n')).toStdString();
    QProcess train;
    train.start(
        QStringLiteral("spm_train"),
        {QStringLiteral("--input=%1").arg(QString::fromStdString(corpus.string())),
         QStringLiteral("--model_prefix=%1").arg(QString::fromStdString((folder / "sentencepiece.bpe").string())),
         QStringLiteral("--vocab_size=40"), QStringLiteral("--model_type=unigram"),
         QStringLiteral("--hard_vocab_limit=false"), QStringLiteral("--unk_id=0"), QStringLiteral("--bos_id=1"),
         QStringLiteral("--eos_id=2"), QStringLiteral("--pad_id=-1"), QStringLiteral("--minloglevel=2")});
    return train.waitForFinished(60000) && train.exitCode() == 0;
}

} // namespace

class TestFeaturesTraining : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void aFeaturesRunShowsItsEmbeddingAndReusesIt();

private:
    QTemporaryDir m_dir;
};

void TestFeaturesTraining::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
    if (qEnvironmentVariableIsEmpty("GLOSSA_CLI"))
        qputenv("GLOSSA_CLI", GLOSSA_CLI_PATH);
    if (qEnvironmentVariableIsEmpty("GLOSSA_DATA_DIR"))
        qputenv("GLOSSA_DATA_DIR", QFileInfo(QStringLiteral(GLOSSA_DEMO_DIR)).path().toUtf8());
}

void TestFeaturesTraining::aFeaturesRunShowsItsEmbeddingAndReusesIt()
{
    const auto folder = std::filesystem::path(m_dir.filePath(QStringLiteral("tiny-xlmr")).toStdString());
    QVERIFY(writeTinyFolder(folder));
    const QString path = m_dir.filePath(QStringLiteral("features.glossa"));
    {
        auto project = core::store::Project::create(path.toStdString());
        core::data::importDemoData(project.db(), GLOSSA_DEMO_DIR);
    }
    ui::ProjectSession session;
    ui::MainWindow window(&session);
    window.show();
    QSignalSpy opened(&session, &ui::ProjectSession::projectOpened);
    window.openProjectFile(path);
    QVERIFY(opened.wait(20000));
    auto *page = window.trainPage();
    auto *training = session.training();
    window.tabs()->setCurrentWidget(page);
    core::train::TrainConfig config;
    config.setAssignment("model.type=pretrained");
    config.set("model.path", folder.string());
    config.setAssignment("finetune.strategy=features");
    config.setAssignment("model.max_length=32");
    QVERIFY(page->editor()->setConfigJson(QString::fromStdString(config.toJsonString()), QStringLiteral("test")));
    auto *start = page->findChild<QPushButton *>(QStringLiteral("startRun"));
    QVERIFY(start);
    QTRY_VERIFY_WITH_TIMEOUT(start->isEnabled(), 20000);

    qint64 textsToEmbed = 0;
    QStringList log;
    connect(training, &ui::TrainingController::updated, this,
            [&](const auto &, const auto &, const ui::TrainingStatus &status, const QStringList &lines) {
                textsToEmbed = std::max(textsToEmbed, status.textsToEmbed);
                log << lines;
            });
    QSignalSpy ended(training, &ui::TrainingController::runEnded);
    QTest::mouseClick(start, Qt::LeftButton);
    QVERIFY(ended.wait(180000));
    QVERIFY(ended.first().at(0).value<ui::RunOutcome>().status == core::store::RunStatus::Finished);
    // The progress line had the embedding to follow, and the log said it in the UI's words.
    QVERIFY(textsToEmbed > 0);
    const QString all = log.join(QLatin1Char('\n'));
    QVERIFY2(all.contains(QStringLiteral("Features: 0 of")), qPrintable(all));
    QVERIFY2(all.contains(QStringLiteral("Features: embedded")), qPrintable(all));

    // A second run finds every text's vector in the project.
    log.clear();
    QTRY_VERIFY_WITH_TIMEOUT(start->isEnabled(), 20000);
    QTest::mouseClick(start, Qt::LeftButton);
    QVERIFY(ended.wait(180000));
    QVERIFY(ended.last().at(0).value<ui::RunOutcome>().status == core::store::RunStatus::Finished);
    const QString second = log.join(QLatin1Char('\n'));
    QVERIFY2(second.contains(QStringLiteral("; 0 to embed")) && !second.contains(QStringLiteral("Features: embedded")),
             qPrintable(second));
}

QTEST_MAIN(TestFeaturesTraining)
#include "tst_featurestraining.moc"
