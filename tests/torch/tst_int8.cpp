// Int8 inference (model.quantize=int8, embed --quantize int8): a pretrained encoder whose linear
// layers run in int8 gives vectors close to float32 and mostly the same labels; gradients still
// flow through the float weights (token attributions); the setting validates; the CLI embeds in
// int8 and the embeddings cache keeps int8 vectors apart from float32 ones; a run trained with
// the setting reports how close int8 came to float32 on its dev split.

#include "app/clirun.h"
#include "testsupport.h"
#include "tinycheckpoint.h"

#include "engine/model/int8linear.h"
#include "engine/model/lora.h"
#include "engine/model/pretrainedclassifier.h"
#include "engine/train/embedder.h"
#include "store/project.h"
#include "text/xlmrtokenizer.h"
#include "train/trainconfig.h"
#include "train/trainsettings.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cmath>

using namespace glossa;
using namespace glossa::test;

namespace {

QString str(const std::filesystem::path &path)
{
    return QString::fromStdString(path.string());
}

// Random XLM-R ids of different lengths, padded, with their mask.
std::pair<torch::Tensor, torch::Tensor> randomBatch(std::int64_t rows, std::int64_t length, std::int64_t vocab)
{
    auto ids = torch::randint(4, vocab, {rows, length}, torch::kLong);
    auto mask = torch::ones({rows, length}, torch::kLong);
    for (std::int64_t r = 0; r < rows; ++r) {
        const auto used = 3 + r % (length - 2);
        ids[r].slice(0, used).fill_(core::text::XlmrTokenizer::padId);
        mask[r].slice(0, used).zero_();
    }
    ids.select(1, 0).fill_(core::text::XlmrTokenizer::bosId);
    return {ids, mask};
}

std::vector<std::vector<double>> vectorsOf(const QByteArray &jsonLines)
{
    std::vector<std::vector<double>> vectors;
    for (const auto &line : jsonLines.trimmed().split('\n')) {
        std::vector<double> vector;
        for (const auto &value : QJsonDocument::fromJson(line).object()[QStringLiteral("embedding")].toArray())
            vector.push_back(value.toDouble());
        vectors.push_back(vector);
    }
    return vectors;
}

double cosine(const std::vector<double> &a, const std::vector<double> &b)
{
    double dot = 0, aa = 0, bb = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        dot += a[i] * b[i];
        aa += a[i] * a[i];
        bb += b[i] * b[i];
    }
    return dot / std::sqrt(aa * bb);
}

int embeddedNow(const CliRun &run)
{
    const auto match = QRegularExpression(QStringLiteral("(\\d+) embedded now")).match(QString::fromUtf8(run.err));
    return match.hasMatch() ? match.captured(1).toInt() : -1;
}

} // namespace

class TestInt8 : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void encoderOutputsStayCloseToFloat32();
    void fusedProjectionsEqualTheirOwnLayers();
    void gradientsTakeTheFloatWeights();
    void classifierLabelsMostlyAgree();
    void settingValidates();
    void embedRunsInInt8();
    void cacheKeepsInt8VectorsApart();
    void runReportsAgreementOnDev();

private:
    QTemporaryDir m_dir;
    std::filesystem::path m_folder;
    core::model::HfEncoderConfig m_config;
};

void TestInt8::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY2(core::model::int8Available(), "this LibTorch has no quantised engine");
    torch::manual_seed(3);
    m_folder = pathIn(m_dir, QStringLiteral("tiny-xlmr"));
    m_config = tinyConfig(core::model::EncoderFamily::XlmRoberta);
    m_config.hiddenDropout = 0;
    m_config.attentionDropout = 0;
    writeTinyCheckpoint(m_folder, m_config);
    QVERIFY(writeTinyVocabulary(m_folder));
}

// Every token's hidden state in int8 points where float32's does (cosine > 0.99), and going
// back to float32 gives float32's states exactly.
void TestInt8::encoderOutputsStayCloseToFloat32()
{
    core::model::PretrainedEncoder encoder(m_config, /*withPooler=*/false);
    core::model::loadEncoderWeights(*encoder, core::model::Checkpoint::open(m_folder));
    encoder->eval();
    torch::NoGradGuard noGrad;
    const auto [ids, mask] = randomBatch(8, 14, m_config.vocabSize);
    const auto reference = encoder->forward(ids, mask);

    // Six linear layers a layer: query, key, value, attention output, intermediate, output.
    QCOMPARE(core::model::quantizeEncoderInt8(*encoder), std::size_t(6 * m_config.layers));
    const auto int8 = encoder->forward(ids, mask);
    const auto tokens = mask.to(torch::kBool);
    const auto cosines = torch::cosine_similarity(reference, int8, -1).masked_select(tokens);
    QVERIFY2(cosines.min().item<double>() > 0.99, qPrintable(QString::number(cosines.min().item<double>())));
    QVERIFY2(!torch::equal(reference, int8), "int8 gave float32's numbers: it did not run");

    core::model::quantizeEncoderInt8(*encoder, /*int8=*/false);
    QVERIFY(torch::equal(encoder->forward(ids, mask), reference));
}

// quantizeEncoderInt8 runs each layer's query, key and value as one int8 product; the hidden
// states are those of the three projections quantised one by one.
void TestInt8::fusedProjectionsEqualTheirOwnLayers()
{
    core::model::PretrainedEncoder fused(m_config, /*withPooler=*/false);
    core::model::PretrainedEncoder apart(m_config, /*withPooler=*/false);
    for (auto *encoder : {&fused, &apart}) {
        core::model::loadEncoderWeights(**encoder, core::model::Checkpoint::open(m_folder));
        (*encoder)->eval();
    }
    core::model::quantizeEncoderInt8(*fused);
    for (const auto &module : apart->modules(/*include_self=*/false))
        if (auto *linear = dynamic_cast<core::model::LoraLinearImpl *>(module.get()))
            linear->useInt8(std::make_shared<const core::model::Int8Linear>(linear->weight, linear->bias));
    torch::NoGradGuard noGrad;
    const auto [ids, mask] = randomBatch(6, 11, m_config.vocabSize);
    const auto expected = apart->forward(ids, mask);
    const auto actual = fused->forward(ids, mask);
    const double difference = (actual - expected).abs().max().item<double>();
    QVERIFY2(difference <= 1e-5, qPrintable(QString::number(difference)));
    // Both are int8: apart from float32 by far more than that.
    core::model::quantizeEncoderInt8(*fused, /*int8=*/false);
    QVERIFY((fused->forward(ids, mask) - expected).abs().max().item<double>() > 1e-4);
}

// Int8 has no backward: a pass that needs the input's gradient (token attributions) runs on the
// float weights, and gets float32's numbers and a gradient.
void TestInt8::gradientsTakeTheFloatWeights()
{
    core::model::PretrainedEncoder encoder(m_config, /*withPooler=*/false);
    core::model::loadEncoderWeights(*encoder, core::model::Checkpoint::open(m_folder));
    encoder->eval();
    const auto [ids, mask] = randomBatch(2, 9, m_config.vocabSize);
    const auto reference = encoder->forward(ids, mask).detach();
    core::model::quantizeEncoderInt8(*encoder);
    const auto embedded = encoder->wordEmbeddings(ids).detach().requires_grad_(true);
    const auto hidden = encoder->forwardFromWordEmbeddings(embedded, ids, mask);
    QVERIFY(torch::allclose(hidden, reference, 1e-5, 1e-6));
    hidden.sum().backward();
    QVERIFY(embedded.grad().defined());
    QVERIFY(embedded.grad().abs().sum().item<double>() > 0);
}

// A classifier's labels in int8 are float32's for nearly every text.
void TestInt8::classifierLabelsMostlyAgree()
{
    torch::manual_seed(5);
    auto classifier = core::model::PretrainedClassifier::fromFolder(m_folder, 3, {});
    classifier->eval();
    torch::NoGradGuard noGrad;
    const auto [ids, mask] = randomBatch(64, 12, m_config.vocabSize);
    core::model::Batch batch;
    batch.padded = ids;
    batch.mask = mask;
    const auto reference = classifier->logits(batch).argmax(1);
    core::model::quantizeEncoderInt8(classifier->encoder());
    const auto int8 = classifier->logits(batch).argmax(1);
    const double agreement = reference.eq(int8).to(torch::kDouble).mean().item<double>();
    QVERIFY2(agreement >= 0.9, qPrintable(QString::number(agreement)));
}

void TestInt8::settingValidates()
{
    core::train::TrainConfig config;
    config.set("model.type", std::string("pretrained"));
    config.set("model.path", m_folder.string());
    QCOMPARE(config.text("model.quantize"), std::string("none")); // float32 unless asked
    config.set("model.quantize", std::string("int8"));
    QVERIFY(config.validate().empty());
    QCOMPARE(core::train::TrainSettings::from(config).model.quantize, core::train::Quantization::Int8);
    QVERIFY(config.applies(core::train::TrainConfig::field("model.quantize")));
    config.set("model.type", std::string("bag"));
    QVERIFY(!config.applies(core::train::TrainConfig::field("model.quantize"))); // pretrained models only

    config.set("model.quantize", std::string("int4"));
    const auto problems = config.validate();
    QCOMPARE(problems.size(), std::size_t(1));
    QCOMPARE(problems.front().key, std::string("model.quantize"));
    QVERIFY(problems.front().message.find("none, int8") != std::string::npos);
}

// embed --quantize int8 prints vectors close to float32's, not the same ones; a wrong word is
// refused with the option named.
void TestInt8::embedRunsInInt8()
{
    const QByteArray input = "where is my parcel\nwo ist mein paket\n取消 订单\ncancel my order refund\n";
    const QStringList arguments{QStringLiteral("embed"),     QStringLiteral("--model"), str(m_folder),
                                QStringLiteral("--pooling"), QStringLiteral("mean"),    QStringLiteral("--json")};
    const auto reference = runCli(arguments, input);
    QVERIFY2(reference.exitCode == 0, reference.describe().constData());
    const auto int8 = runCli(arguments + QStringList{QStringLiteral("--quantize"), QStringLiteral("int8")}, input);
    QVERIFY2(int8.exitCode == 0, int8.describe().constData());
    const auto floats = vectorsOf(reference.out);
    const auto ints = vectorsOf(int8.out);
    QCOMPARE(ints.size(), std::size_t(4));
    QCOMPARE(floats.size(), ints.size());
    for (std::size_t i = 0; i < ints.size(); ++i)
        QVERIFY2(cosine(floats[i], ints[i]) > 0.99, qPrintable(QString::number(cosine(floats[i], ints[i]))));
    QVERIFY(floats != ints);

    const auto refused = runCli(arguments + QStringList{QStringLiteral("--quantize"), QStringLiteral("int4")}, input);
    QVERIFY(refused.exitCode != 0);
    QVERIFY2(refused.err.contains("--quantize is none or int8"), refused.describe().constData());
}

// The cache key names the quantisation: int8 vectors are computed and kept beside float32's,
// each found again by its own kind.
void TestInt8::cacheKeepsInt8VectorsApart()
{
    using core::train::Embedder;
    using core::train::EmbeddingPooling;
    const auto floatKey = Embedder::fromFolder(m_folder, EmbeddingPooling::Mean).modelKey();
    const auto int8Key =
        Embedder::fromFolder(m_folder, EmbeddingPooling::Mean, {}, core::train::Quantization::Int8).modelKey();
    QVERIFY(floatKey != int8Key);

    QByteArray csv = "text,label,lang,split,group\n";
    const QStringList english{QStringLiteral("where is my parcel"), QStringLiteral("cancel my order"),
                              QStringLiteral("refund my order"), QStringLiteral("where is my order")};
    const QStringList german{QStringLiteral("wo ist mein paket"), QStringLiteral("mein paket"),
                             QStringLiteral("wo ist paket"), QStringLiteral("ist mein paket")};
    for (int g = 0; g < 4; ++g)
        csv += (english[g] + QStringLiteral(",a,en,test,g") + QString::number(g) + QLatin1Char('\n') + german[g]
                + QStringLiteral(",a,de,test,g") + QString::number(g) + QLatin1Char('\n'))
                   .toUtf8();
    writeFile(pathIn(m_dir, QStringLiteral("groups.csv")), csv);
    const QString project = m_dir.filePath(QStringLiteral("groups.glossa"));
    const auto import =
        runCli({QStringLiteral("import"), QStringLiteral("--project"), project, QStringLiteral("--dataset"),
                QStringLiteral("groups"), QStringLiteral("--input"), m_dir.filePath(QStringLiteral("groups.csv")),
                QStringLiteral("--map"), QStringLiteral("text=text,label=label,lang=lang,split=split,group=group")});
    QVERIFY2(import.exitCode == 0, import.describe().constData());

    const QStringList retrieve{
        QStringLiteral("retrieve"), QStringLiteral("-p"),      project,      QStringLiteral("-d"),
        QStringLiteral("groups"),   QStringLiteral("--model"), str(m_folder)};
    const QStringList int8{QStringLiteral("--quantize"), QStringLiteral("int8")};
    const auto first = runCli(retrieve);
    QVERIFY2(first.exitCode == 0, first.describe().constData());
    QCOMPARE(embeddedNow(first), 8);
    const auto quantized = runCli(retrieve + int8);
    QVERIFY2(quantized.exitCode == 0, quantized.describe().constData());
    QCOMPARE(embeddedNow(quantized), 8); // float32's vectors are not int8's
    QVERIFY2(quantized.out.contains("(int8)"), quantized.describe().constData());
    QCOMPARE(embeddedNow(runCli(retrieve + int8)), 0);
    QCOMPARE(embeddedNow(runCli(retrieve)), 0);

    auto opened = core::store::Project::open(project.toStdString());
    QCOMPARE(opened.db().queryInt("SELECT count(DISTINCT model_key) FROM embeddings"), std::int64_t(2));
    QCOMPARE(opened.db().queryInt("SELECT count(*) FROM embeddings WHERE model_key LIKE '%quantize=int8%'"),
             std::int64_t(8));
}

// A run with model.quantize=int8 says, before storing its int8 predictions, how close int8 came
// to float32 on its dev split; it then predicts, with attributions, as any run.
void TestInt8::runReportsAgreementOnDev()
{
    const QString project = m_dir.filePath(QStringLiteral("demo.glossa"));
    const auto init = runCli({QStringLiteral("init"), QStringLiteral("--project"), project, QStringLiteral("--demo")});
    QVERIFY2(init.exitCode == 0, init.describe().constData());
    const auto trained =
        runCli({QStringLiteral("train"), QStringLiteral("--project"), project, QStringLiteral("--dataset"),
                QStringLiteral("support-intents"), QStringLiteral("--set"), QStringLiteral("model.type=pretrained"),
                QStringLiteral("--set"), QStringLiteral("model.path=") + str(m_folder), QStringLiteral("--set"),
                QStringLiteral("model.quantize=int8"), QStringLiteral("--set"), QStringLiteral("model.max_length=40"),
                QStringLiteral("--set"), QStringLiteral("optimizer.epochs=1"), QStringLiteral("--json")});
    QVERIFY2(trained.exitCode == 0, trained.describe().constData());
    const auto line = QRegularExpression(QStringLiteral("int8 against float32 on (\\d+) dev examples: embeddings' mean "
                                                        "cosine ([0-9.]+), labels agree on ([0-9.]+)%, macro-F1 "
                                                        "[0-9.]+ against [0-9.]+ \\([+-][0-9.]+\\)"))
                          .match(QString::fromUtf8(trained.err));
    QVERIFY2(line.hasMatch(), trained.err.constData());
    QVERIFY(line.captured(1).toInt() > 0);
    QVERIFY2(line.captured(2).toDouble() > 0.99, qPrintable(line.captured(0)));
    QVERIFY2(line.captured(3).toDouble() >= 80, qPrintable(line.captured(0)));

    const auto predicted =
        runCli({QStringLiteral("predict"), QStringLiteral("--project"), project, QStringLiteral("--run"),
                QStringLiteral("1"), QStringLiteral("--json"), QStringLiteral("--explain")},
               "where is my parcel\n");
    QVERIFY2(predicted.exitCode == 0, predicted.describe().constData());
    const auto answer = QJsonDocument::fromJson(predicted.out.trimmed()).object();
    QVERIFY(!answer[QStringLiteral("label")].toString().isEmpty());
    QVERIFY(answer[QStringLiteral("attributions")].toObject()[QStringLiteral("tokens")].toArray().size() >= 3);
}

QTEST_GUILESS_MAIN(TestInt8)
#include "tst_int8.moc"
