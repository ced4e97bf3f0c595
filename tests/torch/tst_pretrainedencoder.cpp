// Pretrained XLM-R, BERT-family and DistilBERT encoders: Hugging Face folders load (prefixes, old names,
// buffers and heads handled as transformers handles them, missing and unexpected weights
// reported), round trip, and compute the hidden states an independent implementation in
// Debian's python3-torch computes, to 1e-4.

#include "testsupport.h"
#include "tinycheckpoint.h"

#include "engine/model/debertav2layer.h"
#include "engine/model/inferenceattention.h"
#include "engine/model/lora.h"
#include "engine/model/pretrainedclassifier.h"
#include "engine/model/pretrainedencoder.h"
#include "model/foldervocabulary.h"
#include "model/hfconfig.h"
#include "model/safetensors.h"
#include "text/debertav2tokenizer.h"
#include "text/xlmrtokenizer.h"
#include "util/error.h"

#include <torch/nn/functional/loss.h>
#include <torch/optim/adamw.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using namespace glossa::core;
using namespace glossa::test;
using model::EncoderFamily;

namespace {

const std::vector<std::vector<std::int64_t>> sampleIds(const model::HfEncoderConfig &config)
{
    const auto pad = config.padTokenId;
    // <s> ... </s> then padding, two lengths, as a tokenizer batch looks.
    return {{0, 17, 54, 9, 33, 2, pad, pad}, {0, 88, 2, pad, pad, pad, pad, pad}};
}

std::pair<torch::Tensor, torch::Tensor> batchOf(const model::HfEncoderConfig &config)
{
    const auto rows = sampleIds(config);
    auto ids = torch::empty({2, 8}, torch::kLong);
    for (int b = 0; b < 2; ++b)
        for (int t = 0; t < 8; ++t)
            ids[b][t] = rows[b][t];
    auto mask = ids.ne(config.padTokenId).to(torch::kLong);
    if (config.padTokenId == 0) // BERT's and DistilBERT's pad id 0 is also <s>'s: mark by length
        mask = torch::tensor({1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0}, torch::kLong).view({2, 8});
    return {ids, mask};
}

// What the reference computes for a batch of XLM-R ids: "hidden", and "logits" for a
// classifier folder; with adapters, peft's adapter folder applied to the folder's model.
QJsonObject runReference(const std::filesystem::path &folder, const torch::Tensor &ids, const torch::Tensor &mask,
                         const std::filesystem::path &adapters = {})
{
    auto list = [](const torch::Tensor &t) {
        QJsonArray rows;
        for (int b = 0; b < t.size(0); ++b) {
            QJsonArray row;
            for (int i = 0; i < t.size(1); ++i)
                row.append(static_cast<qint64>(t[b][i].item<std::int64_t>()));
            rows.append(row);
        }
        return rows;
    };
    const QJsonObject inputs{{QStringLiteral("ids"), list(ids)}, {QStringLiteral("mask"), list(mask)}};
    QStringList arguments{QStringLiteral(GLOSSA_TEST_DATA_DIR "/../reference/hf_encoder_reference.py"),
                          QString::fromStdString(folder.string()),
                          QString::fromUtf8(QJsonDocument(inputs).toJson(QJsonDocument::Compact))};
    if (!adapters.empty())
        arguments.append(QString::fromStdString(adapters.string()));
    QProcess python;
    python.start(QStringLiteral("/usr/bin/python3"), arguments);
    if (!python.waitForFinished(120000) || python.exitCode() != 0) {
        qWarning("%s", python.readAllStandardError().constData());
        return {};
    }
    return QJsonDocument::fromJson(python.readAllStandardOutput()).object();
}

// The reference's hidden states for the batch, [2, 8, H].
torch::Tensor referenceHidden(const std::filesystem::path &folder, const torch::Tensor &ids, const torch::Tensor &mask)
{
    const auto hidden = runReference(folder, ids, mask)[QStringLiteral("hidden")].toArray();
    std::vector<float> values;
    for (const auto &batch : hidden)
        for (const auto &token : batch.toArray())
            for (const auto &value : token.toArray())
                values.push_back(static_cast<float>(value.toDouble()));
    return torch::from_blob(values.data(), {2, 8, static_cast<std::int64_t>(values.size() / 16)}, torch::kFloat)
        .clone();
}

// The reference's class probabilities for one text, by label, from a Hugging Face classifier
// folder (and peft adapters), with the labels its config.json names.
std::map<QString, double> referenceProbabilities(const std::filesystem::path &folder, const std::vector<int> &xlmrIds,
                                                 const std::vector<std::string> &labels,
                                                 const std::filesystem::path &adapters = {})
{
    std::vector<std::int64_t> ids(xlmrIds.begin(), xlmrIds.end());
    const auto row = torch::tensor(ids).unsqueeze(0);
    const auto logits =
        runReference(folder, row, torch::ones_like(row), adapters)[QStringLiteral("logits")].toArray().at(0).toArray();
    std::vector<double> values;
    for (const auto &value : logits)
        values.push_back(value.toDouble());
    if (values.size() != labels.size())
        return {};
    const double largest = *std::max_element(values.begin(), values.end());
    double sum = 0;
    for (double &value : values)
        sum += value = std::exp(value - largest);
    std::map<QString, double> probabilities;
    for (std::size_t i = 0; i < labels.size(); ++i)
        probabilities[QString::fromStdString(labels[i])] = values[i] / sum;
    return probabilities;
}

// The largest difference between Glossa's probabilities (predict --json) and the reference's.
double largestDifference(const QJsonObject &probabilities, const std::map<QString, double> &reference)
{
    if (reference.size() != static_cast<std::size_t>(probabilities.size()))
        return 1;
    double largest = 0;
    for (const auto &[label, probability] : reference)
        largest = std::max(largest, std::abs(probabilities[label].toDouble(-1) - probability));
    return largest;
}

// SentencePiece's own ids for a text, from Debian's spm_encode.
std::vector<int> spmIds(const std::filesystem::path &folder, const QString &text,
                        const char *modelFile = "sentencepiece.bpe.model")
{
    QProcess encode;
    encode.start(QStringLiteral("spm_encode"),
                 {QStringLiteral("--model=%1").arg(QString::fromStdString((folder / modelFile).string())),
                  QStringLiteral("--output_format=id")});
    encode.write(text.toUtf8() + '\n');
    encode.closeWriteChannel();
    encode.waitForFinished(30000);
    std::vector<int> ids;
    for (const auto &id : encode.readAllStandardOutput().trimmed().split(' '))
        if (!id.isEmpty())
            ids.push_back(id.toInt());
    return ids;
}

} // namespace

class TestPretrainedEncoder : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void readsConfigs();
    void loadsAndReportsAsTransformersDoes();
    void roundTripsInEveryStorageType();
    void matchesAnIndependentImplementation_data();
    void matchesAnIndependentImplementation();
    void inferenceAttentionIsTheMatmulAttention_data();
    void inferenceAttentionIsTheMatmulAttention();
    void xlmrTokenizerShiftsSentencePieceIds();
    void debertaTokenizerKeepsSentencePieceIds();
    void debertaRelativePositionsAreTransformers();
    void debertaParametersAreCountedAsBuilt();
    void embedCommandPrintsIdsAndEmbeddings_data();
    void embedCommandPrintsIdsAndEmbeddings();
    void loraTrainsOnlyTheAdaptersAndMergesExactly();
    void classifierExportsAndLoadsBack_data();
    void classifierExportsAndLoadsBack();
    void loraExportsAdaptersOrMerged();
    void frozenStrategyFreezesTheBottom();
    void distilBertSinusoidalPositionsAreTransformers();
    void distilBertFreezesDecaysAndAdaptsItsOwnLayers();
    void finetunesThroughTheCli();

private:
    QTemporaryDir m_dir;
};

void TestPretrainedEncoder::initTestCase()
{
    QVERIFY(m_dir.isValid());
    torch::manual_seed(7);
}

void TestPretrainedEncoder::readsConfigs()
{
    const auto folder = pathIn(m_dir, QStringLiteral("config"));
    std::filesystem::create_directories(folder);
    writeFile(folder / "config.json", R"({"model_type": "bert", "vocab_size": 250037, "hidden_size": 384,
        "num_hidden_layers": 12, "num_attention_heads": 12, "intermediate_size": 1536, "max_position_embeddings": 512,
        "type_vocab_size": 2, "layer_norm_eps": 1e-12, "pad_token_id": 0, "hidden_act": "gelu",
        "id2label": {"1": "positive", "0": "negative"}})");
    const auto bert = model::readHfEncoderConfig(folder);
    QCOMPARE(bert.family, EncoderFamily::Bert);
    QCOMPARE(bert.headDim(), std::int64_t(32));
    QCOMPARE(bert.maxTokens(), std::int64_t(512));
    QCOMPARE(bert.labels, (std::vector<std::string>{"negative", "positive"}));
    // paraphrase-multilingual-MiniLM-L12-v2 has 117,653,760 parameters, its pooler included.
    QCOMPARE(bert.encoderParameters() + 384 * 384 + 384, std::int64_t(117653760));

    writeFile(folder / "config.json", R"({"model_type": "xlm-roberta", "vocab_size": 250002,
        "max_position_embeddings": 514, "type_vocab_size": 1, "layer_norm_eps": 1e-05})");
    const auto xlmr = model::readHfEncoderConfig(folder);
    QCOMPARE(xlmr.maxTokens(), std::int64_t(512)); // 514 positions less pad + 1
    QCOMPARE(xlmr.padTokenId, std::int64_t(1));
    QCOMPARE(xlmr.hiddenSize, std::int64_t(768)); // transformers' default

    // Round trip through the writer an export uses.
    auto exported = xlmr;
    exported.labels = {"a", "b", "c"};
    writeFile(folder / "config.json", QByteArray::fromStdString(model::hfConfigJson(exported)));
    const auto back = model::readHfEncoderConfig(folder);
    QCOMPARE(back.labels, exported.labels);
    QCOMPARE(back.maxPositions, exported.maxPositions);
    QCOMPARE(back.layerNormEps, exported.layerNormEps);

    // distilbert-base-multilingual-cased's config.json, in DistilBertConfig's own names.
    writeFile(folder / "config.json", R"({"activation": "gelu", "architectures": ["DistilBertForMaskedLM"],
        "attention_dropout": 0.1, "dim": 768, "dropout": 0.1, "hidden_dim": 3072, "initializer_range": 0.02,
        "max_position_embeddings": 512, "model_type": "distilbert", "n_heads": 12, "n_layers": 6, "output_past": true,
        "pad_token_id": 0, "qa_dropout": 0.1, "seq_classif_dropout": 0.2, "sinusoidal_pos_embds": false,
        "tie_weights_": true, "vocab_size": 119547})");
    const auto distil = model::readHfEncoderConfig(folder);
    QCOMPARE(distil.family, EncoderFamily::DistilBert);
    QCOMPARE(distil.layers, std::int64_t(6));
    QCOMPARE(distil.intermediateSize, std::int64_t(3072));
    QCOMPARE(distil.classifierDropout, 0.2);
    QCOMPARE(distil.maxTokens(), std::int64_t(512));
    QVERIFY(!distil.sinusoidalPositions);
    // Its DistilBertModel has 134,734,080 parameters (the model card's "134M"): no token types.
    QCOMPARE(distil.encoderParameters(), std::int64_t(134734080));
    auto distilExport = distil;
    distilExport.labels = {"no", "yes"};
    distilExport.hiddenAct = "relu";
    const auto distilJson = QByteArray::fromStdString(model::hfConfigJson(distilExport));
    const auto written = QJsonDocument::fromJson(distilJson).object();
    QCOMPARE(written[QStringLiteral("architectures")].toArray().first().toString(),
             QStringLiteral("DistilBertForSequenceClassification"));
    QCOMPARE(written[QStringLiteral("dim")].toInt(), 768);
    QVERIFY(!written.contains(QStringLiteral("hidden_size")) && !written.contains(QStringLiteral("type_vocab_size")));
    writeFile(folder / "config.json", distilJson);
    const auto distilBack = model::readHfEncoderConfig(folder);
    QCOMPARE(distilBack.labels, distilExport.labels);
    QCOMPARE(distilBack.hiddenAct, std::string("relu"));
    QCOMPARE(distilBack.encoderParameters(), distil.encoderParameters());
    QCOMPARE(distilBack.classifierDropout, 0.2);

    // mdeberta-v3-base's config.json (DebertaV2Config): relative positions only, log-bucketed
    // beyond 128, content-to-position and position-to-content through shared projections.
    writeFile(folder / "config.json", R"({"model_type": "deberta-v2", "attention_probs_dropout_prob": 0.1,
        "hidden_act": "gelu", "hidden_dropout_prob": 0.1, "hidden_size": 768, "initializer_range": 0.02,
        "intermediate_size": 3072, "max_position_embeddings": 512, "relative_attention": true,
        "position_buckets": 256, "norm_rel_ebd": "layer_norm", "share_att_key": true, "pos_att_type": "p2c|c2p",
        "layer_norm_eps": 1e-7, "max_relative_positions": -1, "position_biased_input": false,
        "num_attention_heads": 12, "num_hidden_layers": 12, "type_vocab_size": 0, "vocab_size": 251000})");
    const auto deberta = model::readHfEncoderConfig(folder);
    QCOMPARE(deberta.family, EncoderFamily::DebertaV2);
    QCOMPARE(deberta.weightPrefix(), std::string("deberta"));
    QCOMPARE(deberta.layerNormEps, 1e-7);
    QCOMPARE(deberta.padTokenId, std::int64_t(0));
    QCOMPARE(deberta.maxTokens(), std::int64_t(512));
    QCOMPARE(deberta.maxRelativeDistance(), std::int64_t(512)); // -1: max_position_embeddings
    QCOMPARE(deberta.attentionSpan(), std::int64_t(256));
    const auto &relative = deberta.relative;
    QVERIFY(relative.contentToPosition && relative.positionToContent && relative.shareKeys
            && relative.normaliseEmbeddings && !relative.positionBiasedInput);
    // The model card's "86M backbone parameters" and 250K-token embedding: 278,218,752 in all.
    QCOMPARE(deberta.encoderParameters(), std::int64_t(278218752));
    auto debertaExport = deberta;
    debertaExport.labels = {"neg", "pos"};
    const auto debertaJson = QByteArray::fromStdString(model::hfConfigJson(debertaExport));
    const auto debertaWritten = QJsonDocument::fromJson(debertaJson).object();
    QCOMPARE(debertaWritten[QStringLiteral("architectures")].toArray().first().toString(),
             QStringLiteral("DebertaV2ForSequenceClassification"));
    QCOMPARE(debertaWritten[QStringLiteral("pos_att_type")].toString(), QStringLiteral("p2c|c2p"));
    writeFile(folder / "config.json", debertaJson);
    const auto debertaBack = model::readHfEncoderConfig(folder);
    QCOMPARE(debertaBack.labels, debertaExport.labels);
    QCOMPARE(debertaBack.encoderParameters(), deberta.encoderParameters());
    QCOMPARE(debertaBack.attentionSpan(), deberta.attentionSpan());
    QVERIFY(debertaBack.relative.shareKeys && !debertaBack.relative.positionBiasedInput);

    const std::vector<std::pair<QByteArray, QString>> refused{
        {R"({"model_type": "gpt2"})", QStringLiteral("model_type is 'gpt2'")},
        {R"({"model_type": "deberta-v2"})", QStringLiteral("relative_attention is not true")},
        {R"({"model_type": "deberta-v2", "relative_attention": true, "pos_att_type": "p2c|c2p|p2p"})",
         QStringLiteral("names 'p2p'")},
        {R"({"model_type": "deberta-v2", "relative_attention": true, "pos_att_type": 3})",
         QStringLiteral("not names joined by |")},
        {R"({"model_type": "deberta-v2", "relative_attention": true, "conv_kernel_size": 3})",
         QStringLiteral("convolution")},
        {R"({"model_type": "deberta-v2", "relative_attention": true, "position_buckets": 2})",
         QStringLiteral("must be at least 4")},
        {R"({"model_type": "deberta-v2", "relative_attention": true, "pooler_hidden_size": 1024})",
         QStringLiteral("differs from hidden_size")},
        {R"({"model_type": "deberta-v2", "relative_attention": "yes"})", QStringLiteral("not true or false")},
        {R"({"model_type": "bert", "hidden_size": 100, "num_attention_heads": 12})", QStringLiteral("does not divide")},
        {R"({"model_type": "bert", "position_embedding_type": "relative_key"})", QStringLiteral("only absolute")},
        {R"({"model_type": "bert", "hidden_act": "mish"})", QStringLiteral("does not implement")},
        {R"({"model_type": "bert", "num_hidden_layers": -1})", QStringLiteral("not a count")},
        {R"({"model_type": "bert", "id2label": {"0": "a", "2": "c"}})", QStringLiteral("skips id 1")},
        {R"({"model_type": "distilbert", "dim": 100})", QStringLiteral("n_heads (12) does not divide dim")},
        {R"({"model_type": "distilbert", "activation": "mish"})", QStringLiteral("activation is 'mish'")},
        {R"({"model_type": "distilbert", "sinusoidal_pos_embds": 1})", QStringLiteral("not true or false")},
        {R"({"model_type": "distilbert", "n_layers": 100000})", QStringLiteral("more than the")},
        {R"([1, 2])", QStringLiteral("not a JSON object")},
        {R"({"model_type": )", QStringLiteral("not valid JSON")},
    };
    for (const auto &[json, message] : refused) {
        writeFile(folder / "config.json", json);
        const auto error = errorFrom([&] { model::readHfEncoderConfig(folder); });
        QVERIFY2(error && error->contains(message),
                 qPrintable(error.value_or(QStringLiteral("accepted: ")) + QString::fromUtf8(json)));
        QVERIFY(error->contains(QLatin1String("config.json")));
    }
}

void TestPretrainedEncoder::loadsAndReportsAsTransformersDoes()
{
    // XLM-R saved as a masked LM: "roberta." names, an lm_head, a pooler the encoder lacks.
    const auto xlmrFolder = pathIn(m_dir, QStringLiteral("xlmr-mlm"));
    const auto config = tinyConfig(EncoderFamily::XlmRoberta);
    TinyCheckpointOptions mlm;
    mlm.extraNames = {"lm_head.bias", "lm_head.dense.bias"};
    auto written = writeTinyCheckpoint(xlmrFolder, config, mlm);
    model::PretrainedEncoder encoder(model::readHfEncoderConfig(xlmrFolder), /*withPooler=*/false);
    auto report = model::loadEncoderWeights(*encoder, model::Checkpoint::open(xlmrFolder));
    QVERIFY(report.missing.empty());
    QVERIFY(report.unexpected.empty());
    QVERIFY(report.head.empty());
    for (const auto &item : encoder->named_parameters())
        QVERIFY2(torch::equal(item.value(), written->named_parameters()[item.key()]), item.key().c_str());

    // BERT saved bare (no prefix) with the old position_ids buffer, a stray tensor, a head, and
    // a weight missing.
    const auto bertFolder = pathIn(m_dir, QStringLiteral("bert-bare"));
    TinyCheckpointOptions bare;
    bare.prefixed = false;
    bare.positionIdsBuffer = true;
    bare.extraNames = {"foo.weight", "classifier.bias"};
    bare.leaveOut = {"encoder.layer.1.attention.self.query.weight"};
    writeTinyCheckpoint(bertFolder, tinyConfig(EncoderFamily::Bert), bare);
    model::PretrainedEncoder bert(model::readHfEncoderConfig(bertFolder), /*withPooler=*/true);
    report = model::loadEncoderWeights(*bert, model::Checkpoint::open(bertFolder));
    QCOMPARE(report.missing, std::vector<std::string>{"encoder.layer.1.attention.self.query.weight"});
    QCOMPARE(report.unexpected, std::vector<std::string>{"foo.weight"});
    QCOMPARE(report.head, std::vector<std::string>{"classifier.bias"});

    // DistilBERT as distilbert-base-multilingual-cased is saved (DistilBertForMaskedLM): its
    // masked-LM head beside "distilbert.", which the encoder does not use.
    const auto distilFolder = pathIn(m_dir, QStringLiteral("distil-mlm"));
    TinyCheckpointOptions distilMlm;
    distilMlm.extraNames = {"vocab_transform.bias", "vocab_layer_norm.weight", "vocab_projector.bias"};
    distilMlm.positionIdsBuffer = true;
    auto distilWritten = writeTinyCheckpoint(distilFolder, tinyConfig(EncoderFamily::DistilBert), distilMlm);
    model::PretrainedEncoder distil(model::readHfEncoderConfig(distilFolder), /*withPooler=*/true);
    QVERIFY(!distil->hasPooler()); // DistilBERT has none
    report = model::loadEncoderWeights(*distil, model::Checkpoint::open(distilFolder));
    QVERIFY(report.missing.empty() && report.unexpected.empty() && report.head.empty());
    for (const auto &item : distil->named_parameters())
        QVERIFY2(torch::equal(item.value(), distilWritten->named_parameters()[item.key()]), item.key().c_str());

    // DeBERTa-v2 as mdeberta-v3-base is saved (DebertaV2ForMaskedLM, converted to safetensors):
    // the masked-LM head and a fine-tuned checkpoint's ContextPooler beside "deberta.", the one
    // ignored, the other a head for the classifier to take.
    const auto debertaFolder = pathIn(m_dir, QStringLiteral("deberta-mlm"));
    TinyCheckpointOptions debertaMlm;
    debertaMlm.extraNames = {"lm_predictions.lm_head.bias", "cls.predictions.bias", "pooler.dense.bias"};
    debertaMlm.positionIdsBuffer = true;
    auto debertaWritten = writeTinyCheckpoint(debertaFolder, tinyConfig(EncoderFamily::DebertaV2), debertaMlm);
    model::PretrainedEncoder deberta(model::readHfEncoderConfig(debertaFolder), /*withPooler=*/true);
    report = model::loadEncoderWeights(*deberta, model::Checkpoint::open(debertaFolder));
    QVERIFY(report.missing.empty() && report.unexpected.empty());
    QCOMPARE(report.head, std::vector<std::string>{"pooler.dense.bias"});
    for (const auto &item : deberta->named_parameters())
        QVERIFY2(torch::equal(item.value(), debertaWritten->named_parameters()[item.key()]), item.key().c_str());

    // A config that does not belong to the weights.
    auto wrong = config;
    wrong.intermediateSize = 48;
    model::PretrainedEncoder mismatched(wrong, false);
    const auto error = errorFrom([&] { model::loadEncoderWeights(*mismatched, model::Checkpoint::open(xlmrFolder)); });
    QVERIFY2(error && error->contains(QLatin1String("[64]")) && error->contains(QLatin1String("[48]")),
             qPrintable(error.value_or(QString())));
}

void TestPretrainedEncoder::roundTripsInEveryStorageType()
{
    const auto config = tinyConfig(EncoderFamily::XlmRoberta);
    const auto [ids, mask] = batchOf(config);
    for (const auto dtype : {model::TensorDtype::F32, model::TensorDtype::F16, model::TensorDtype::BF16}) {
        const auto folder = pathIn(m_dir, QStringLiteral("round-%1").arg(QString::fromUtf8(model::dtypeName(dtype))));
        TinyCheckpointOptions options;
        options.dtype = dtype;
        auto written = writeTinyCheckpoint(folder, config, options);
        model::PretrainedEncoder loaded(model::readHfEncoderConfig(folder), true);
        const auto report = model::loadEncoderWeights(*loaded, model::Checkpoint::open(folder));
        QVERIFY(report.missing.empty() && report.unexpected.empty());
        written->eval();
        loaded->eval();
        torch::NoGradGuard noGrad;
        const double difference = (written->forward(ids, mask) - loaded->forward(ids, mask)).abs().max().item<double>();
        // F32 is exact; half precision rounds every weight (11 or 8 bits of mantissa).
        const double allowed = dtype == model::TensorDtype::F32 ? 0.0 : dtype == model::TensorDtype::F16 ? 0.02 : 0.15;
        QVERIFY2(difference <= allowed,
                 qPrintable(QStringLiteral("%1: %2").arg(dtype == model::TensorDtype::F32).arg(difference)));
    }
}

void TestPretrainedEncoder::matchesAnIndependentImplementation_data()
{
    QTest::addColumn<int>("family");
    QTest::addColumn<bool>("debertaOwnProjections"); // DeBERTa-v2 without mDeBERTa-v3's switches
    QTest::newRow("xlm-roberta") << int(EncoderFamily::XlmRoberta) << false;
    QTest::newRow("bert") << int(EncoderFamily::Bert) << false;
    QTest::newRow("distilbert") << int(EncoderFamily::DistilBert) << false;
    QTest::newRow("deberta-v2, as mdeberta-v3") << int(EncoderFamily::DebertaV2) << false;
    QTest::newRow("deberta-v2, own position projections") << int(EncoderFamily::DebertaV2) << true;
}

void TestPretrainedEncoder::matchesAnIndependentImplementation()
{
    QFETCH(int, family);
    QProcess probe;
    probe.start(QStringLiteral("/usr/bin/python3"), {QStringLiteral("-c"), QStringLiteral("import torch")});
    if (!probe.waitForFinished(60000) || probe.exitCode() != 0)
        QFAIL("the reference needs Debian's python3-torch (scripts/packages.txt lists it; ./test.sh installs it)");

    QFETCH(bool, debertaOwnProjections);
    auto config = tinyConfig(static_cast<EncoderFamily>(family));
    if (debertaOwnProjections) {
        // pos_key_proj / pos_query_proj, absolute positions added, no buckets and a distance of
        // 3, so that an 8-token batch reaches past the table's ends.
        config.relative.shareKeys = false;
        config.relative.positionBiasedInput = true;
        config.relative.buckets = -1;
        config.relative.maxRelativePositions = 3;
        config.relative.normaliseEmbeddings = false;
    }
    const auto folder = pathIn(m_dir, QStringLiteral("parity-%1-%2").arg(family).arg(debertaOwnProjections));
    writeTinyCheckpoint(folder, config);
    model::PretrainedEncoder encoder(model::readHfEncoderConfig(folder), false);
    QVERIFY(model::loadEncoderWeights(*encoder, model::Checkpoint::open(folder)).missing.empty());
    encoder->eval();
    const auto [ids, mask] = batchOf(config);
    // Training's pass (autograd, batched matmuls) and inference's (inferenceAttention) alike.
    const auto withGraph = encoder->forward(ids, mask).detach();
    torch::NoGradGuard noGrad;
    const auto ours = encoder->forward(ids, mask);
    const auto reference = referenceHidden(folder, ids, mask);
    QVERIFY(reference.defined());
    QCOMPARE(reference.sizes(), ours.sizes());
    for (const auto &computed : {ours, withGraph}) {
        const double difference = (computed - reference).abs().max().item<double>();
        qInfo("largest difference from the reference: %.3g", difference);
        QVERIFY2(difference <= 1e-4, qPrintable(QString::number(difference)));
    }
    // Not trivially equal: the hidden states vary across tokens and texts.
    QVERIFY(ours.std().item<double>() > 0.1);
}

void TestPretrainedEncoder::inferenceAttentionIsTheMatmulAttention_data()
{
    QTest::addColumn<int>("length");
    QTest::addColumn<int>("heads");
    QTest::addColumn<int>("dim");
    // Head sizes of the checkpoints (32 MiniLM, 64 base) and odd ones; lengths that fill the
    // kernels' tiles of 4 queries and 16 keys, and that do not.
    QTest::newRow("one token") << 1 << 2 << 32;
    QTest::newRow("MiniLM heads") << 21 << 12 << 32;
    QTest::newRow("base heads, whole tiles") << 32 << 4 << 64;
    QTest::newRow("40 values a head") << 17 << 3 << 40;
    QTest::newRow("5 values a head") << 7 << 5 << 5;
}

// inferenceAttention against the attention written out in LibTorch's operations: views of one
// fused projection, texts padded to different lengths, the same context to float rounding.
void TestPretrainedEncoder::inferenceAttentionIsTheMatmulAttention()
{
    QFETCH(int, length);
    QFETCH(int, heads);
    QFETCH(int, dim);
    const std::int64_t batch = 3;
    const std::int64_t hidden = heads * dim;
    torch::manual_seed(length * 100 + dim);
    const auto projected = torch::randn({batch, length, 3 * hidden});
    const auto parts = projected.chunk(3, -1);
    auto keyBias = torch::zeros({batch, length});
    for (std::int64_t text = 1; text < batch; ++text) // the first text fills the batch; the others end early
        keyBias[text]
            .slice(0, std::max<std::int64_t>(1, length - text * 3))
            .fill_(model::mostNegative(torch::kFloat32));
    const double scale = 1.0 / std::sqrt(static_cast<double>(dim));

    torch::NoGradGuard noGrad;
    auto split = [&](const torch::Tensor &t) { return t.reshape({batch, length, heads, dim}).permute({0, 2, 1, 3}); };
    const auto scores =
        torch::matmul(split(parts[0]), split(parts[1]).transpose(-1, -2)) * scale + keyBias.view({batch, 1, 1, length});
    const auto expected = torch::matmul(torch::softmax(scores, -1), split(parts[2]))
                              .permute({0, 2, 1, 3})
                              .reshape({batch, length, hidden});
    QVERIFY(model::canUseInferenceAttention(projected, /*dropoutActive=*/false));
    const auto actual = model::inferenceAttention(parts[0], parts[1], parts[2], keyBias, heads, scale);
    QCOMPARE(actual.sizes(), expected.sizes());
    QVERIFY(actual.is_contiguous());
    const double difference = (actual - expected).abs().max().item<double>();
    QVERIFY2(difference <= 1e-5, qPrintable(QString::number(difference)));
    // Padding's keys take no part: changing their values changes nothing.
    if (length > 3) {
        auto changed = projected.clone();
        changed[batch - 1].slice(0, length - 1).fill_(7.0);
        const auto changedParts = changed.chunk(3, -1);
        const auto again =
            model::inferenceAttention(changedParts[0], changedParts[1], changedParts[2], keyBias, heads, scale);
        QVERIFY(torch::allclose(again[batch - 1].slice(0, 0, length - 3), actual[batch - 1].slice(0, 0, length - 3)));
    }
}

// transformers' XLMRobertaTokenizer: <s> 0, then SentencePiece's ids plus one (its <unk>, 0,
// becomes 3), then </s> 2; a long text is cut before </s>.
void TestPretrainedEncoder::xlmrTokenizerShiftsSentencePieceIds()
{
    const auto folder = pathIn(m_dir, QStringLiteral("vocabulary"));
    std::filesystem::create_directories(folder);
    QVERIFY(writeTinyVocabulary(folder));
    const auto tokenizer = text::XlmrTokenizer::load(folder);
    for (const auto &sample : {QStringLiteral("where is my parcel"), QStringLiteral("包裹在哪里 ✈ Ωmega"),
                               QStringLiteral("cancel my order")}) {
        const auto spm = spmIds(folder, sample);
        QVERIFY(!spm.empty());
        std::vector<int> expected{0};
        for (const int id : spm)
            expected.push_back(id == 0 ? 3 : id + 1);
        expected.push_back(2);
        QCOMPARE(tokenizer.encode(sample.toStdString(), 512), expected);
    }
    const auto unknown = tokenizer.encode("✈✈", 512);
    QVERIFY(std::find(unknown.begin(), unknown.end(), text::XlmrTokenizer::unkId) != unknown.end());
    // Specials written in the text are theirs, each stretch between them encoded on its own, and
    // <mask> takes the spaces before it (XLMRobertaTokenizer's lstrip).
    QCOMPARE(tokenizer.encode("<s>", 512), (std::vector<int>{0, 0, 2}));
    auto shifted = [&](const QString &part) {
        std::vector<int> ids;
        for (const int id : spmIds(folder, part))
            ids.push_back(id == 0 ? 3 : id + 1);
        return ids;
    };
    std::vector<int> masked{0};
    for (const auto &part :
         {shifted(QStringLiteral("where")), std::vector<int>{tokenizer.maskId()}, shifted(QStringLiteral("parcel"))})
        masked.insert(masked.end(), part.begin(), part.end());
    masked.push_back(2);
    QCOMPARE(tokenizer.encode("where <mask>parcel", 512), masked);
    QCOMPARE(tokenizer.encode("where<mask>parcel", 512), masked);
    const auto cut = tokenizer.encode("where is my parcel where is my parcel", 5);
    QCOMPARE(cut.size(), std::size_t(5));
    QCOMPARE(cut.front(), 0);
    QCOMPARE(cut.back(), 2);
    QCOMPARE(tokenizer.pieces({0, 1, 2, 3}), (std::vector<std::string>{"<s>", "<pad>", "</s>", "<unk>"}));
    QCOMPARE(tokenizer.maskId(), tokenizer.vocabSize() - 1);
    QVERIFY(errorFrom([&] { text::XlmrTokenizer::load(pathIn(m_dir, QStringLiteral("nowhere"))); })
                .value_or(QString())
                .contains(QLatin1String("sentencepiece.bpe.model")));
}

// transformers' DebertaV2Tokenizer: spm.model's own ids, unshifted, between [CLS] and [SEP]
// (1 and 2 in mDeBERTa-v3's layout); a long text is cut before [SEP].
void TestPretrainedEncoder::debertaTokenizerKeepsSentencePieceIds()
{
    const auto folder = pathIn(m_dir, QStringLiteral("deberta-vocabulary"));
    std::filesystem::create_directories(folder);
    QVERIFY(writeTinyVocabulary(folder, /*debertaLayout=*/true));
    const auto vocabulary = model::loadFolderTokenizer(folder);
    QVERIFY(vocabulary.sentencePiece());
    QCOMPARE(model::findFolderVocabulary(folder)->file.filename().string(), std::string("spm.model"));
    const auto tokenizer = text::DebertaV2Tokenizer::fromSentencePiece(
        text::SentencePieceTokenizer::fromSerialized(vocabulary.sentencePiece()->serialized()));
    QCOMPARE(tokenizer.classId(), 1);
    QCOMPARE(tokenizer.separatorId(), 2);
    QCOMPARE(tokenizer.paddingId(), 0);
    for (const auto &sample : {QStringLiteral("where is my parcel"), QStringLiteral("包裹在哪里 ✈ Ωmega"),
                               QStringLiteral("cancel my order")}) {
        const auto spm = spmIds(folder, sample, "spm.model");
        QVERIFY(!spm.empty());
        std::vector<int> expected{1};
        expected.insert(expected.end(), spm.begin(), spm.end());
        expected.push_back(2);
        QCOMPARE(tokenizer.encode(sample.toStdString(), 512), expected);
    }
    const auto unknown = tokenizer.encode("✈✈", 512);
    QVERIFY(std::find(unknown.begin(), unknown.end(), 3) != unknown.end()); // [UNK]
    // Specials written in the text are theirs, as DebertaV2Tokenizer finds them.
    QCOMPARE(tokenizer.encode("[CLS]", 512), (std::vector<int>{1, 1, 2}));
    std::vector<int> masked{1};
    for (const auto &part : {spmIds(folder, QStringLiteral("where"), "spm.model"), std::vector<int>{tokenizer.maskId()},
                             spmIds(folder, QStringLiteral("parcel"), "spm.model")})
        masked.insert(masked.end(), part.begin(), part.end());
    masked.push_back(2);
    QCOMPARE(tokenizer.encode("where[MASK]parcel", 512), masked);
    const auto cut = tokenizer.encode("where is my parcel where is my parcel", 5);
    QCOMPARE(cut.size(), std::size_t(5));
    QCOMPARE(cut.front(), 1);
    QCOMPARE(cut.back(), 2);
    QCOMPARE(tokenizer.encodePieces("my").front(), std::string("[CLS]"));
    QCOMPARE(tokenizer.decode(tokenizer.encode("cancel my order", 512)), std::string("cancel my order"));
    QCOMPARE(tokenizer.maskId(), tokenizer.vocabSize() - 1);

    // XLM-R's layout is not DeBERTa's, and an spm.model in it is refused rather than misread.
    const auto xlmr = pathIn(m_dir, QStringLiteral("deberta-vocabulary-xlmr"));
    std::filesystem::create_directories(xlmr);
    QVERIFY(writeTinyVocabulary(xlmr));
    QVERIFY(!text::DebertaV2Tokenizer::fits(text::SentencePieceTokenizer::load(xlmr / "sentencepiece.bpe.model")));
    std::filesystem::rename(xlmr / "sentencepiece.bpe.model", xlmr / "spm.model");
    QVERIFY(errorFrom([&] { model::loadFolderTokenizer(xlmr); }).value_or(QString()).contains(QLatin1String("[CLS]")));
    // Options Glossa does not implement are refused, naming the file.
    writeFile(folder / "tokenizer_config.json", R"({"do_lower_case": true, "tokenizer_class": "DebertaV2Tokenizer"})");
    const auto lowerCase = errorFrom([&] { model::loadFolderTokenizer(folder); });
    QVERIFY2(lowerCase && lowerCase->contains(QLatin1String("tokenizer_config.json: do_lower_case")),
             qPrintable(lowerCase.value_or(QString())));
}

// make_log_bucket_position at mDeBERTa-v3's settings (256 buckets, distances to 512), every
// distance a 512-token input has, against the reference's float32 arithmetic.
void TestPretrainedEncoder::debertaRelativePositionsAreTransformers()
{
    const auto ours = model::relativePositionBuckets(512, 256, 512);
    QProcess python;
    python.start(QStringLiteral("/usr/bin/python3"),
                 {QStringLiteral(GLOSSA_TEST_DATA_DIR "/../reference/hf_encoder_reference.py"),
                  QStringLiteral("--buckets"), QStringLiteral("512"), QStringLiteral("256"), QStringLiteral("512")});
    QVERIFY(python.waitForFinished(120000));
    QVERIFY2(python.exitCode() == 0, python.readAllStandardError().constData());
    const auto buckets =
        QJsonDocument::fromJson(python.readAllStandardOutput()).object()[QStringLiteral("buckets")].toArray();
    QCOMPARE(buckets.size(), qsizetype(1023));
    int differing = 0;
    for (int i = 0; i < 512; ++i)
        for (int j = 0; j < 512; ++j)
            differing += ours[i][j].item<std::int64_t>() != buckets[i - j + 511].toInteger();
    QCOMPARE(differing, 0);
    // Exact up to 128 either way, then log-spaced into the last of 128 rows each side.
    QCOMPARE(ours[200][73].item<std::int64_t>(), std::int64_t(127));
    QCOMPARE(ours.max().item<std::int64_t>(), std::int64_t(255));
    QCOMPARE(ours.min().item<std::int64_t>(), std::int64_t(-255));
}

// The parameter count the Train tab's memory estimate uses is what the encoder holds, for
// both of DeBERTa-v2's layouts.
void TestPretrainedEncoder::debertaParametersAreCountedAsBuilt()
{
    for (const bool shared : {true, false}) {
        auto config = tinyConfig(EncoderFamily::DebertaV2);
        config.relative.shareKeys = shared;
        config.relative.positionBiasedInput = !shared;
        model::PretrainedEncoder encoder(config, /*withPooler=*/true);
        QVERIFY(!encoder->hasPooler()); // DeBERTa-v2's pooler is its classifier's
        std::int64_t count = 0;
        for (const auto &parameter : encoder->parameters())
            count += parameter.numel();
        QCOMPARE(count, config.encoderParameters());
        const auto names = encoder->named_parameters();
        QCOMPARE(names.contains("encoder.layer.0.attention.self.pos_key_proj.weight"), !shared);
        QCOMPARE(names.contains("embeddings.position_embeddings.weight"), !shared);
        QVERIFY(names.contains("encoder.rel_embeddings.weight") && names.contains("encoder.LayerNorm.weight"));
    }
}

// `glossa-cli embed` prints each text's ids and its embedding: the first token's hidden state
// (cls) or the mean over its tokens (mean), as the encoder computes them.
void TestPretrainedEncoder::embedCommandPrintsIdsAndEmbeddings_data()
{
    QTest::addColumn<int>("family");
    QTest::addColumn<bool>("wordPiece");
    QTest::newRow("bert, sentencepiece.bpe.model") << int(EncoderFamily::Bert) << false; // multilingual MiniLM, E5
    QTest::newRow("bert, vocab.txt") << int(EncoderFamily::Bert) << true;                // multilingual BERT, LaBSE
    QTest::newRow("distilbert, vocab.txt") << int(EncoderFamily::DistilBert) << true;
    QTest::newRow("deberta-v2, spm.model") << int(EncoderFamily::DebertaV2) << false; // mDeBERTa-v3
}

void TestPretrainedEncoder::embedCommandPrintsIdsAndEmbeddings()
{
    QFETCH(int, family);
    QFETCH(bool, wordPiece);
    const auto folder = pathIn(m_dir, QStringLiteral("embed-%1-%2").arg(family).arg(wordPiece));
    const auto config = tinyConfig(static_cast<EncoderFamily>(family));
    auto encoder = writeTinyCheckpoint(folder, config);
    const bool deberta = family == int(EncoderFamily::DebertaV2);
    if (wordPiece)
        writeTinyWordPieceVocabulary(folder);
    else
        QVERIFY(writeTinyVocabulary(folder, deberta));
    const auto vocabulary = model::loadFolderTokenizer(folder);
    QVERIFY(vocabulary.vocabSize() <= config.vocabSize);
    auto expectedIdsOf = [&](const QString &text) {
        const auto utf8 = text.toStdString();
        if (const auto *pieces = vocabulary.wordPiece())
            return pieces->encode(utf8, 512);
        if (deberta)
            return text::DebertaV2Tokenizer::fromSentencePiece(text::SentencePieceTokenizer::load(folder / "spm.model"))
                .encode(utf8, 512);
        return text::XlmrTokenizer::load(folder).encode(utf8, 512);
    };
    encoder->eval();
    const QStringList texts{QStringLiteral("Where is my parcel?"), QStringLiteral("取消订单")};
    for (const auto &pooling : {QStringLiteral("cls"), QStringLiteral("mean")}) {
        QProcess cli;
        cli.start(QStringLiteral(GLOSSA_CLI_PATH),
                  {QStringLiteral("embed"), QStringLiteral("--model"), QString::fromStdString(folder.string()),
                   QStringLiteral("--pooling"), pooling, QStringLiteral("--json")});
        cli.write(texts.join(QLatin1Char('\n')).toUtf8() + '\n');
        cli.closeWriteChannel();
        QVERIFY(cli.waitForFinished(120000));
        QVERIFY2(cli.exitCode() == 0, cli.readAllStandardError().constData());
        const auto lines = cli.readAllStandardOutput().trimmed().split('\n');
        QCOMPARE(lines.size(), texts.size());
        for (int i = 0; i < texts.size(); ++i) {
            const auto answer = QJsonDocument::fromJson(lines[i]).object();
            const auto expectedIds = expectedIdsOf(texts[i]);
            std::vector<int> ids;
            for (const auto &id : answer[QStringLiteral("ids")].toArray())
                ids.push_back(id.toInt());
            QCOMPARE(ids, expectedIds);
            // The cased vocabulary's ids: [CLS] Where is my parcel ? [SEP]; each ideograph a word.
            if (wordPiece) {
                const std::vector<int> cased =
                    i == 0 ? std::vector<int>{2, 10, 11, 12, 13, 7, 3} : std::vector<int>{2, 32, 33, 34, 35, 3};
                QCOMPARE(ids, cased);
            }
            auto input = torch::tensor(std::vector<std::int64_t>(ids.begin(), ids.end())).unsqueeze(0);
            torch::NoGradGuard noGrad;
            const auto hidden = encoder->forward(input, torch::ones_like(input))[0];
            const auto expected = pooling == QLatin1String("cls") ? hidden[0] : hidden.mean(0);
            const auto embedding = answer[QStringLiteral("embedding")].toArray();
            QCOMPARE(embedding.size(), qsizetype(config.hiddenSize));
            double largest = 0;
            for (int d = 0; d < embedding.size(); ++d)
                largest = std::max(largest, std::abs(embedding[d].toDouble() - expected[d].item<double>()));
            QVERIFY2(largest < 1e-4, qPrintable(QStringLiteral("%1 %2: %3").arg(pooling).arg(i).arg(largest)));
        }
    }
}

// LoRA as peft does it: adapters on query and value start at zero (the model computes what it
// did), training moves only them and the head, and merging them into the weights changes no
// output.
void TestPretrainedEncoder::loraTrainsOnlyTheAdaptersAndMergesExactly()
{
    const auto config = tinyConfig(EncoderFamily::XlmRoberta);
    model::PretrainedEncoder encoder(config, false);
    torch::nn::Linear head(config.hiddenSize, 3);
    const auto [ids, mask] = batchOf(config);
    encoder->eval();
    torch::Tensor before;
    {
        torch::NoGradGuard noGrad;
        before = encoder->forward(ids, mask);
    }
    std::map<std::string, torch::Tensor> frozen;
    for (const auto &item : encoder->named_parameters())
        frozen[item.key()] = item.value().detach().clone();

    model::LoraOptions options;
    options.rank = 4;
    options.alpha = 8;
    const auto adapted = model::applyLora(*encoder, options);
    QCOMPARE(adapted.size(), std::size_t(2 * config.layers));
    const auto parameters = encoder->named_parameters();
    QVERIFY(parameters.contains("encoder.layer.0.attention.self.query.lora_A.weight"));
    QCOMPARE(parameters["encoder.layer.1.attention.self.value.lora_B.weight"].sizes(),
             (c10::IntArrayRef{config.hiddenSize, 4}));
    {
        torch::NoGradGuard noGrad;
        QVERIFY(torch::equal(encoder->forward(ids, mask), before)); // B = 0
    }
    std::vector<torch::Tensor> trainable;
    for (const auto &parameter : encoder->parameters())
        if (parameter.requires_grad())
            trainable.push_back(parameter);
    QCOMPARE(trainable.size(), std::size_t(4 * config.layers)); // A and B per adapted layer
    for (const auto &parameter : head->parameters())
        trainable.push_back(parameter);
    const auto headBefore = head->weight.detach().clone();

    torch::optim::AdamW optimizer(trainable, torch::optim::AdamWOptions(1e-2));
    encoder->train();
    const auto labels = torch::tensor({0, 2}, torch::kLong);
    double firstLoss = 0;
    double lastLoss = 0;
    for (int step = 0; step < 30; ++step) {
        optimizer.zero_grad();
        const auto loss = torch::nn::functional::cross_entropy(head(encoder->forward(ids, mask).select(1, 0)), labels);
        loss.backward();
        optimizer.step();
        (step == 0 ? firstLoss : lastLoss) = loss.item<double>();
    }
    QVERIFY2(lastLoss < firstLoss * 0.5, qPrintable(QStringLiteral("%1 -> %2").arg(firstLoss).arg(lastLoss)));
    for (const auto &[name, value] : frozen)
        QVERIFY2(torch::equal(encoder->named_parameters()[name], value), name.c_str());
    QVERIFY(encoder->named_parameters()["encoder.layer.0.attention.self.query.lora_B.weight"].abs().sum().item<double>()
            > 0);
    QVERIFY(!torch::equal(head->weight, headBefore));

    encoder->eval();
    torch::NoGradGuard noGrad;
    const auto unmerged = encoder->forward(ids, mask);
    QVERIFY((unmerged - before).abs().max().item<double>() > 1e-3); // the adapters changed something
    model::mergeLora(*encoder);
    const auto merged = encoder->forward(ids, mask);
    const double difference = (merged - unmerged).abs().max().item<double>();
    QVERIFY2(difference < 1e-5, qPrintable(QString::number(difference)));
    QVERIFY(!torch::equal(encoder->named_parameters()["encoder.layer.0.attention.self.query.weight"],
                          frozen["encoder.layer.0.attention.self.query.weight"]));

    const auto error = errorFrom([&] {
        model::PretrainedEncoder other(config, false);
        model::LoraOptions wrong;
        wrong.targets = {"querry"};
        model::applyLora(*other, wrong);
    });
    QVERIFY(error && error->contains(QLatin1String("querry")));
}

namespace {

// Two texts of XLM-R ids padded with 0, and their mask, as train::makeBatch writes them.
model::Batch classifierBatch()
{
    model::Batch batch;
    batch.padded = torch::tensor({0, 17, 54, 9, 33, 2, 0, 0, 0, 88, 2, 0, 0, 0, 0, 0}, torch::kLong).view({2, 8});
    batch.mask = torch::tensor({1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0}, torch::kLong).view({2, 8});
    return batch;
}

torch::Tensor evalLogits(model::PretrainedClassifier &classifier)
{
    classifier.eval();
    torch::NoGradGuard noGrad;
    return classifier.logits(classifierBatch());
}

// The reference's logits for classifierBatch's first text, from an exported folder (and
// peft's adapter files on it).
std::vector<double> referenceLogits(const std::filesystem::path &folder, const std::filesystem::path &adapters = {})
{
    const auto row = torch::tensor({0, 17, 54, 9, 33, 2}, torch::kLong).unsqueeze(0);
    std::vector<double> logits;
    for (const auto &value :
         runReference(folder, row, torch::ones_like(row), adapters)[QStringLiteral("logits")].toArray().at(0).toArray())
        logits.push_back(value.toDouble());
    return logits;
}

double largestDifference(const std::vector<double> &reference, const torch::Tensor &logits)
{
    if (reference.size() != static_cast<std::size_t>(logits.size(0)))
        return 1e9;
    double largest = 0;
    for (std::size_t c = 0; c < reference.size(); ++c)
        largest = std::max(largest, std::abs(reference[c] - logits[static_cast<std::int64_t>(c)].item<double>()));
    return largest;
}

} // namespace

void TestPretrainedEncoder::classifierExportsAndLoadsBack_data()
{
    QTest::addColumn<int>("family");
    QTest::newRow("xlm-roberta") << int(EncoderFamily::XlmRoberta);
    QTest::newRow("bert") << int(EncoderFamily::Bert);
    QTest::newRow("distilbert") << int(EncoderFamily::DistilBert);
    QTest::newRow("deberta-v2") << int(EncoderFamily::DebertaV2);
}

// A classifier on a checkpoint exports as a Hugging Face folder that loads back, head and all,
// to the same logits.
void TestPretrainedEncoder::classifierExportsAndLoadsBack()
{
    QFETCH(int, family);
    const auto source = pathIn(m_dir, QStringLiteral("classifier-source-%1").arg(family));
    writeTinyCheckpoint(source, tinyConfig(static_cast<EncoderFamily>(family)));
    const bool distil = family == int(EncoderFamily::DistilBert);
    const bool deberta = family == int(EncoderFamily::DebertaV2);
    if (distil) // as distilbert-base-multilingual-cased: WordPiece
        writeTinyWordPieceVocabulary(source);
    else
        QVERIFY(writeTinyVocabulary(source, deberta));
    model::WeightLoadReport report;
    auto classifier = model::PretrainedClassifier::fromFolder(source, 3, {}, &report);
    QVERIFY(report.missing.empty());
    const auto logits = evalLogits(*classifier);
    QCOMPARE(logits.sizes(), (c10::IntArrayRef{2, 3}));
    const auto names = classifier->named_parameters();
    QVERIFY(
        names.contains(family == int(EncoderFamily::XlmRoberta) ? "classifier.out_proj.weight" : "classifier.weight"));
    QVERIFY(names.contains(family == int(EncoderFamily::XlmRoberta) ? "roberta.encoder.layer.1.output.dense.bias"
                           : distil                                 ? "distilbert.transformer.layer.1.ffn.lin2.bias"
                           : deberta                                ? "deberta.encoder.rel_embeddings.weight"
                                                                    : "bert.pooler.dense.weight"));
    if (deberta) // ContextPooler beside the classifier, outside "deberta."
        QVERIFY(names.contains("pooler.dense.weight") && !names.contains("deberta.pooler.dense.weight"));
    if (distil) { // pre_classifier + ReLU + classifier on [CLS]; no pooler, no token types
        QVERIFY(names.contains("pre_classifier.weight"));
        QVERIFY(!names.contains("distilbert.embeddings.token_type_embeddings.weight"));
        QCOMPARE(names.size(), std::size_t(4 + 2 * 16 + 4));
    }

    const auto exported = pathIn(m_dir, QStringLiteral("classifier-export-%1").arg(family));
    const auto vocabulary = model::loadFolderTokenizer(source);
    classifier->exportHuggingFace(exported, {"cancel", "refund", "track"}, &vocabulary, source.string(), false);
    for (const char *file : {"config.json", "model.safetensors",
                             distil    ? "vocab.txt"
                             : deberta ? "spm.model"
                                       : "sentencepiece.bpe.model"})
        QVERIFY2(std::filesystem::exists(exported / file), file);
    if (deberta) {
        const auto tokenizerConfig = QJsonDocument::fromJson(readFile(exported / "tokenizer_config.json")).object();
        QCOMPARE(tokenizerConfig[QStringLiteral("tokenizer_class")].toString(), QStringLiteral("DebertaV2Tokenizer"));
    }
    if (distil) { // DistilBERT's tokenizer, which gives no token_type_ids for DistilBERT's forward to refuse
        const auto tokenizerConfig = QJsonDocument::fromJson(readFile(exported / "tokenizer_config.json")).object();
        QCOMPARE(tokenizerConfig[QStringLiteral("tokenizer_class")].toString(), QStringLiteral("DistilBertTokenizer"));
    }
    const auto config = model::readHfEncoderConfig(exported);
    QCOMPARE(config.labels, (std::vector<std::string>{"cancel", "refund", "track"}));
    // A BERT encoder with XLM-R's vocabulary names its tokenizer, as multilingual E5 small does.
    const auto configText = readFile(exported / "config.json");
    QCOMPARE(configText.contains("\"tokenizer_class\": \"XLMRobertaTokenizer\""), family == int(EncoderFamily::Bert));
    auto reloaded = model::PretrainedClassifier::fromFolder(exported, 3, {}, &report);
    QVERIFY(report.missing.empty() && report.unexpected.empty() && report.head.empty());
    QVERIFY(torch::equal(evalLogits(*reloaded), logits));

    // The independent reference reads the export as transformers does (XLM-R's dense + tanh +
    // out_proj on <s>, BERT's pooler + classifier, DistilBERT's pre_classifier + ReLU +
    // classifier) and computes the same logits.
    const double difference = largestDifference(referenceLogits(exported), logits[0]);
    QVERIFY2(difference < 1e-4, qPrintable(QString::number(difference)));
}

// LoRA exports as peft's adapter files (adapters and head under base_model.model.), or merged
// into a plain model with the same outputs.
void TestPretrainedEncoder::loraExportsAdaptersOrMerged()
{
    const auto source = pathIn(m_dir, QStringLiteral("lora-source"));
    writeTinyCheckpoint(source, tinyConfig(EncoderFamily::XlmRoberta));
    model::PretrainedOptions options;
    options.strategy = model::FineTuning::Lora;
    options.lora.rank = 4;
    auto classifier = model::PretrainedClassifier::fromFolder(source, 3, options);
    // The run's log says what trains: the adapters and the head, a small share of the model.
    const auto &summary = classifier->loadSummary();
    QVERIFY(!summary.empty());
    QVERIFY2(summary.front().find("weights train") != std::string::npos, summary.front().c_str());
    std::int64_t trainable = 0;
    std::int64_t total = 0;
    for (const auto &parameter : classifier->parameters()) {
        total += parameter.numel();
        trainable += parameter.requires_grad() ? parameter.numel() : 0;
    }
    QVERIFY(trainable * 5 < total);
    QVERIFY(summary.front().find(std::to_string(trainable) + " of " + std::to_string(total)) != std::string::npos);
    {
        torch::NoGradGuard noGrad; // as if trained: adapters away from zero, a head that tells classes apart
        for (auto &item : classifier->named_parameters())
            if (item.key().find("lora_B") != std::string::npos)
                item.value().normal_(0, 0.2);
            else if (item.key().rfind("classifier.", 0) == 0)
                item.value().normal_(0, 0.5);
    }
    const auto logits = evalLogits(*classifier);

    const auto adapters = pathIn(m_dir, QStringLiteral("lora-adapters"));
    classifier->exportHuggingFace(adapters, {"a", "b", "c"}, {}, source.string(), /*mergeLora=*/false);
    const auto file = model::SafetensorsFile::open(adapters / "adapter_model.safetensors");
    QVERIFY(file.find("base_model.model.roberta.encoder.layer.0.attention.self.query.lora_A.weight"));
    QVERIFY(file.find("base_model.model.roberta.encoder.layer.1.attention.self.value.lora_B.weight"));
    QVERIFY(file.find("base_model.model.classifier.out_proj.weight"));
    QVERIFY(!file.find("base_model.model.roberta.encoder.layer.0.attention.self.query.weight"));
    QCOMPARE(file.tensors().size(), std::size_t(2 * 2 * 2 + 4)); // A, B x query, value x 2 layers; head
    const auto adapterConfig = QJsonDocument::fromJson(readFile(adapters / "adapter_config.json")).object();
    QCOMPARE(adapterConfig[QStringLiteral("r")].toInt(), 4);
    QCOMPARE(adapterConfig[QStringLiteral("peft_type")].toString(), QStringLiteral("LORA"));
    QCOMPARE(adapterConfig[QStringLiteral("target_modules")].toArray().size(), 2);

    const auto merged = pathIn(m_dir, QStringLiteral("lora-merged"));
    classifier->exportHuggingFace(merged, {"a", "b", "c"}, {}, source.string(), /*mergeLora=*/true);
    QVERIFY(!model::SafetensorsFile::open(merged / "model.safetensors")
                 .find("roberta.encoder.layer.0.attention.self.query.lora_A.weight"));
    auto reloaded = model::PretrainedClassifier::fromFolder(merged, 3, {});
    const double difference = (evalLogits(*reloaded) - logits).abs().max().item<double>();
    QVERIFY2(difference < 1e-5, qPrintable(QString::number(difference)));

    // The independent reference applies peft's files to the base model as peft does (B A
    // scaled by alpha / r, the saved head), and reads the merged folder: both give the logits.
    const double adapted = largestDifference(referenceLogits(source, adapters), logits[0]);
    QVERIFY2(adapted < 1e-4, qPrintable(QString::number(adapted)));
    const double mergedApart = largestDifference(referenceLogits(merged), logits[0]);
    QVERIFY2(mergedApart < 1e-4, qPrintable(QString::number(mergedApart)));
}

void TestPretrainedEncoder::frozenStrategyFreezesTheBottom()
{
    const auto source = pathIn(m_dir, QStringLiteral("frozen-source"));
    writeTinyCheckpoint(source, tinyConfig(EncoderFamily::Bert));
    model::PretrainedOptions options;
    options.strategy = model::FineTuning::Frozen;
    options.frozenLayers = 1;
    auto classifier = model::PretrainedClassifier::fromFolder(source, 2, options);
    for (const auto &item : classifier->named_parameters()) {
        const auto &name = item.key();
        const bool shouldFreeze = name.rfind("bert.embeddings.", 0) == 0 || name.rfind("bert.encoder.layer.0.", 0) == 0;
        QVERIFY2(item.value().requires_grad() != shouldFreeze, name.c_str());
    }
    options.frozenLayers = 5;
    QVERIFY(errorFrom([&] { model::PretrainedClassifier::fromFolder(source, 2, options); }));
}

// sinusoidal_pos_embds: the position table is transformers' sin / cos one, and stays fixed.
void TestPretrainedEncoder::distilBertSinusoidalPositionsAreTransformers()
{
    auto config = tinyConfig(EncoderFamily::DistilBert);
    config.sinusoidalPositions = true;
    model::PretrainedEncoder encoder(config, false);
    const auto table = encoder->named_parameters()["embeddings.position_embeddings.weight"];
    QVERIFY(!table.requires_grad());
    QProcess python;
    python.start(QStringLiteral("/usr/bin/python3"),
                 {QStringLiteral(GLOSSA_TEST_DATA_DIR "/../reference/hf_encoder_reference.py"),
                  QStringLiteral("--sinusoidal"), QString::number(config.maxPositions),
                  QString::number(config.hiddenSize)});
    QVERIFY(python.waitForFinished(120000) && python.exitCode() == 0);
    const auto rows =
        QJsonDocument::fromJson(python.readAllStandardOutput()).object()[QStringLiteral("table")].toArray();
    QCOMPARE(rows.size(), qsizetype(config.maxPositions));
    double largest = 0;
    for (qsizetype p = 0; p < rows.size(); ++p) {
        const auto row = rows[p].toArray();
        for (qsizetype j = 0; j < row.size(); ++j)
            largest = std::max(largest, std::abs(row[j].toDouble() - table[p][j].item<double>()));
    }
    QVERIFY2(largest < 1e-7, qPrintable(QString::number(largest)));
    QVERIFY(table.abs().sum().item<double>() > 1); // not left at zero

    // Written back as such, and read again as such; a checkpoint without the table (it is
    // computed) still loads, with the table computed.
    const auto folder = pathIn(m_dir, QStringLiteral("distil-sinusoidal"));
    TinyCheckpointOptions withoutTable;
    withoutTable.leaveOut = {"embeddings.position_embeddings.weight"};
    writeTinyCheckpoint(folder, config, withoutTable);
    QVERIFY(model::readHfEncoderConfig(folder).sinusoidalPositions);
    model::WeightLoadReport report;
    auto classifier = model::PretrainedClassifier::fromFolder(folder, 2, {}, &report);
    QCOMPARE(report.missing, std::vector<std::string>{"embeddings.position_embeddings.weight"});
    QVERIFY(torch::equal(classifier->encoder().named_parameters()["embeddings.position_embeddings.weight"], table));
}

// DistilBERT under its own names: the frozen strategy keeps the embeddings and the bottom
// transformer.layer.N, layer-wise decay counts its layers, and LoRA's default targets (query,
// value) become peft's DistilBERT targets (q_lin, v_lin), with the whole head saved, so that
// peft's files on the base model give the logits the run computes.
void TestPretrainedEncoder::distilBertFreezesDecaysAndAdaptsItsOwnLayers()
{
    const auto source = pathIn(m_dir, QStringLiteral("distil-source"));
    writeTinyCheckpoint(source, tinyConfig(EncoderFamily::DistilBert));
    model::PretrainedOptions frozen;
    frozen.strategy = model::FineTuning::Frozen;
    frozen.frozenLayers = 1;
    auto classifier = model::PretrainedClassifier::fromFolder(source, 2, frozen);
    for (const auto &item : classifier->named_parameters()) {
        const auto &name = item.key();
        const bool shouldFreeze =
            name.rfind("distilbert.embeddings.", 0) == 0 || name.rfind("distilbert.transformer.layer.0.", 0) == 0;
        QVERIFY2(item.value().requires_grad() != shouldFreeze, name.c_str());
    }
    QCOMPARE(classifier->learningRateFactor("distilbert.embeddings.word_embeddings.weight", 0.5), 0.125);
    QCOMPARE(classifier->learningRateFactor("distilbert.transformer.layer.0.attention.q_lin.weight", 0.5), 0.25);
    QCOMPARE(classifier->learningRateFactor("distilbert.transformer.layer.1.ffn.lin1.weight", 0.5), 0.5);
    QCOMPARE(classifier->learningRateFactor("pre_classifier.weight", 0.5), 1.0);

    model::PretrainedOptions options;
    options.strategy = model::FineTuning::Lora;
    options.lora.rank = 4;
    classifier = model::PretrainedClassifier::fromFolder(source, 3, options);
    QCOMPARE(classifier->options().lora.targets, (std::vector<std::string>{"q_lin", "v_lin"}));
    for (const auto &item : classifier->named_parameters()) {
        const bool adapter = item.key().find(".lora_") != std::string::npos;
        QVERIFY2(item.value().requires_grad() == (adapter || model::PretrainedClassifier::isHeadName(item.key())),
                 item.key().c_str());
    }
    {
        torch::NoGradGuard noGrad; // as if trained
        for (auto &item : classifier->named_parameters())
            if (item.key().find("lora_B") != std::string::npos)
                item.value().normal_(0, 0.2);
            else if (model::PretrainedClassifier::isHeadName(item.key()))
                item.value().normal_(0, 0.5);
    }
    const auto logits = evalLogits(*classifier);
    const auto adapters = pathIn(m_dir, QStringLiteral("distil-adapters"));
    classifier->exportHuggingFace(adapters, {"a", "b", "c"}, {}, source.string(), /*mergeLora=*/false);
    const auto file = model::SafetensorsFile::open(adapters / "adapter_model.safetensors");
    QVERIFY(file.find("base_model.model.distilbert.transformer.layer.0.attention.q_lin.lora_A.weight"));
    QVERIFY(file.find("base_model.model.distilbert.transformer.layer.1.attention.v_lin.lora_B.weight"));
    QVERIFY(file.find("base_model.model.pre_classifier.weight"));
    QVERIFY(file.find("base_model.model.classifier.bias"));
    QCOMPARE(file.tensors().size(), std::size_t(2 * 2 * 2 + 4));
    const auto adapterConfig = QJsonDocument::fromJson(readFile(adapters / "adapter_config.json")).object();
    QCOMPARE(adapterConfig[QStringLiteral("target_modules")].toArray(),
             (QJsonArray{QStringLiteral("q_lin"), QStringLiteral("v_lin")}));
    QCOMPARE(adapterConfig[QStringLiteral("modules_to_save")].toArray(),
             (QJsonArray{QStringLiteral("pre_classifier"), QStringLiteral("classifier")}));
    const double adapted = largestDifference(referenceLogits(source, adapters), logits[0]);
    QVERIFY2(adapted < 1e-4, qPrintable(QString::number(adapted)));

    const auto merged = pathIn(m_dir, QStringLiteral("distil-merged"));
    classifier->exportHuggingFace(merged, {"a", "b", "c"}, {}, source.string(), /*mergeLora=*/true);
    auto reloaded = model::PretrainedClassifier::fromFolder(merged, 3, {});
    const double difference = (evalLogits(*reloaded) - logits).abs().max().item<double>();
    QVERIFY2(difference < 1e-5, qPrintable(QString::number(difference)));
    const double mergedApart = largestDifference(referenceLogits(merged), logits[0]);
    QVERIFY2(mergedApart < 1e-4, qPrintable(QString::number(mergedApart)));

    // A target in BERT's names that DistilBERT has no counterpart of is refused, naming its layers.
    options.lora.targets = {"intermediate"};
    const auto error = errorFrom([&] { model::PretrainedClassifier::fromFolder(source, 3, options); });
    QVERIFY2(error && error->contains(QLatin1String("q_lin")), qPrintable(error.value_or(QString())));
}

namespace {

QByteArray runCli(const QStringList &arguments, const QByteArray &input = {})
{
    QProcess cli;
    cli.start(QStringLiteral(GLOSSA_CLI_PATH), arguments);
    cli.write(input);
    cli.closeWriteChannel();
    if (!cli.waitForFinished(300000) || cli.exitCode() != 0) {
        qWarning("glossa-cli %s: %s", qPrintable(arguments.join(QLatin1Char(' '))),
                 cli.readAllStandardError().constData());
        return {};
    }
    return cli.readAllStandardOutput();
}

} // namespace

// `train --set model.type=pretrained` fine-tunes the folder's model on a project's dataset:
// the run finishes with test scores and predictions, keeps the model's vocabulary, and
// predicts with attributions over its pieces, from the CLI as from the workbench.
void TestPretrainedEncoder::finetunesThroughTheCli()
{
    const auto folder = pathIn(m_dir, QStringLiteral("finetune-model"));
    writeTinyCheckpoint(folder, tinyConfig(EncoderFamily::XlmRoberta));
    QVERIFY(writeTinyVocabulary(folder));
    const QString project = QString::fromStdString(pathIn(m_dir, QStringLiteral("finetune.glossa")).string());
    QVERIFY(!runCli({QStringLiteral("init"), QStringLiteral("--project"), project, QStringLiteral("--demo")}).isNull());
    const QString path = QString::fromStdString(folder.string());
    for (const QString &strategy : {QStringLiteral("full"), QStringLiteral("lora")}) {
        const auto output =
            runCli({QStringLiteral("train"), QStringLiteral("--project"), project, QStringLiteral("--dataset"),
                    QStringLiteral("support-intents"), QStringLiteral("--set"), QStringLiteral("model.type=pretrained"),
                    QStringLiteral("--set"), QStringLiteral("model.path=") + path, QStringLiteral("--set"),
                    QStringLiteral("finetune.strategy=") + strategy, QStringLiteral("--set"),
                    QStringLiteral("model.max_length=40"), QStringLiteral("--set"),
                    QStringLiteral("optimizer.learning_rate=0.001"), QStringLiteral("--set"),
                    QStringLiteral("optimizer.epochs=2"), QStringLiteral("--json")});
        const auto result = QJsonDocument::fromJson(output.trimmed().split('\n').last()).object();
        QCOMPARE(result[QStringLiteral("status")].toString(), QStringLiteral("finished"));
        // Named after the model and how it was fine-tuned, so runs of several models tell apart.
        QCOMPARE(result[QStringLiteral("name")].toString(), strategy == QLatin1String("full")
                                                                ? QStringLiteral("finetune-model-1")
                                                                : QStringLiteral("finetune-model-lora-2"));
        const double macroF1 = result[QStringLiteral("test")].toObject()[QStringLiteral("macro_f1")].toDouble(-1);
        QVERIFY2(macroF1 >= 0 && macroF1 <= 1, qPrintable(QString::number(macroF1)));
    }
    const auto predicted =
        runCli({QStringLiteral("predict"), QStringLiteral("--project"), project, QStringLiteral("--run"),
                QStringLiteral("1"), QStringLiteral("--json"), QStringLiteral("--explain")},
               "where is my parcel\n");
    const auto answer = QJsonDocument::fromJson(predicted.trimmed()).object();
    QVERIFY(!answer[QStringLiteral("label")].toString().isEmpty());
    QCOMPARE(answer[QStringLiteral("probabilities")].toObject().size(), 9);
    const auto tokens = answer[QStringLiteral("attributions")].toObject()[QStringLiteral("tokens")].toArray();
    QVERIFY(tokens.size() >= 3);
    QCOMPARE(tokens.first().toObject()[QStringLiteral("piece")].toString(), QStringLiteral("<s>"));
    QCOMPARE(tokens.last().toObject()[QStringLiteral("piece")].toString(), QStringLiteral("</s>"));
    // Marked as the model's own, so that a display can leave them out; the text's are not.
    QVERIFY(tokens.first().toObject()[QStringLiteral("special")].toBool());
    QVERIFY(tokens.last().toObject()[QStringLiteral("special")].toBool());
    for (qsizetype t = 1; t + 1 < tokens.size(); ++t)
        QVERIFY(!tokens.at(t).toObject().contains(QStringLiteral("special")));

    // Exported, each run is a Hugging Face folder whose model gives the label the run predicts.
    for (const QString &run : {QStringLiteral("1"), QStringLiteral("2")}) {
        const auto exported = pathIn(m_dir, QStringLiteral("finetune-export-") + run);
        QVERIFY(!runCli({QStringLiteral("export"), QStringLiteral("--project"), project, QStringLiteral("--run"), run,
                         QStringLiteral("--format"), QStringLiteral("hf"), QStringLiteral("--output"),
                         QString::fromStdString(exported.string())})
                     .isNull());
        const auto config = model::readHfEncoderConfig(exported);
        QCOMPARE(config.labels.size(), std::size_t(9));
        const auto text = QStringLiteral("where is my parcel");
        const auto cli =
            QJsonDocument::fromJson(runCli({QStringLiteral("predict"), QStringLiteral("--project"), project,
                                            QStringLiteral("--run"), run, QStringLiteral("--json")},
                                           text.toUtf8() + '\n')
                                        .trimmed())
                .object();
        auto classifier = model::PretrainedClassifier::fromFolder(exported, 9, {});
        const auto tokenizer = text::XlmrTokenizer::load(exported);
        const auto ids = tokenizer.encode(text.toStdString(), 40);
        model::Batch batch; // one text: no padding, no mask
        batch.padded = torch::tensor(std::vector<std::int64_t>(ids.begin(), ids.end())).unsqueeze(0);
        classifier->eval();
        torch::NoGradGuard noGrad;
        const auto best = classifier->logits(batch).argmax(1).item<std::int64_t>();
        QCOMPARE(QString::fromStdString(config.labels[static_cast<std::size_t>(best)]),
                 cli[QStringLiteral("label")].toString());
        // An implementation that shares no code with Glossa reads the folder as transformers
        // does and computes the probabilities the run predicts.
        const auto reference =
            referenceProbabilities(exported, tokenizer.encode(text.toStdString(), 40), config.labels);
        const double difference = largestDifference(cli[QStringLiteral("probabilities")].toObject(), reference);
        QVERIFY2(difference < 1e-4, qPrintable(QString::number(difference)));
        // predict --model reads the exported folder alone and predicts what the run predicts.
        const auto alone =
            QJsonDocument::fromJson(runCli({QStringLiteral("predict"), QStringLiteral("--model"),
                                            QString::fromStdString(exported.string()), QStringLiteral("--json")},
                                           text.toUtf8() + '\n')
                                        .trimmed())
                .object();
        QCOMPARE(alone[QStringLiteral("label")], cli[QStringLiteral("label")]);
        std::map<QString, double> inProject;
        const auto probabilities = cli[QStringLiteral("probabilities")].toObject();
        for (const auto &label : probabilities.keys())
            inProject[label] = probabilities[label].toDouble();
        const double apart = largestDifference(alone[QStringLiteral("probabilities")].toObject(), inProject);
        QVERIFY2(apart <= 1e-5, qPrintable(QString::number(apart)));
    }
    const auto adapters = pathIn(m_dir, QStringLiteral("finetune-adapters"));
    QVERIFY(!runCli({QStringLiteral("export"), QStringLiteral("--project"), project, QStringLiteral("--run"),
                     QStringLiteral("2"), QStringLiteral("--format"), QStringLiteral("hf"),
                     QStringLiteral("--lora-adapters"), QStringLiteral("--output"),
                     QString::fromStdString(adapters.string())})
                 .isNull());
    QVERIFY(std::filesystem::exists(adapters / "adapter_config.json"));
    QVERIFY(std::filesystem::exists(adapters / "adapter_model.safetensors"));
    {
        // peft's files, applied to the base model by the reference, give the run's predictions.
        const auto text = QStringLiteral("cancel my order");
        const auto cli =
            QJsonDocument::fromJson(runCli({QStringLiteral("predict"), QStringLiteral("--project"), project,
                                            QStringLiteral("--run"), QStringLiteral("2"), QStringLiteral("--json")},
                                           text.toUtf8() + '\n')
                                        .trimmed())
                .object();
        const auto labels = model::readHfEncoderConfig(adapters).labels;
        const auto ids = text::XlmrTokenizer::load(folder).encode(text.toStdString(), 40);
        const auto reference = referenceProbabilities(folder, ids, labels, adapters);
        const double difference = largestDifference(cli[QStringLiteral("probabilities")].toObject(), reference);
        QVERIFY2(difference < 1e-4, qPrintable(QString::number(difference)));
    }
    // A pretrained run exports as a Hugging Face folder, never as a Glossa model folder.
    QVERIFY(runCli({QStringLiteral("export"), QStringLiteral("--project"), project, QStringLiteral("--run"),
                    QStringLiteral("1"), QStringLiteral("--format"), QStringLiteral("glossa"),
                    QStringLiteral("--output"), QString::fromStdString(adapters.string())})
                .isNull());
    QVERIFY(std::filesystem::exists(adapters / "adapter_config.json"));
    // An adapters folder has no weights of its own to predict with: refused, saying what to do.
    QVERIFY(runCli({QStringLiteral("predict"), QStringLiteral("--model"), QString::fromStdString(adapters.string())},
                   "where is my parcel\n")
                .isNull());

    // The label-error search trains one model per fold from the folder's weights.
    const auto errors =
        QJsonDocument::fromJson(runCli({QStringLiteral("errors"), QStringLiteral("--project"), project,
                                        QStringLiteral("--run"), QStringLiteral("1"), QStringLiteral("--recompute"),
                                        QStringLiteral("--folds"), QStringLiteral("2"), QStringLiteral("--json")}))
            .object();
    const auto candidates = errors[QStringLiteral("candidates")].toArray();
    QVERIFY(!candidates.isEmpty()); // two epochs of a tiny random model leave plenty of doubt
    for (const auto &item : candidates) {
        const auto candidate = item.toObject();
        QVERIFY(candidate[QStringLiteral("suggested_label")] != candidate[QStringLiteral("given_label")]);
        QVERIFY(answer[QStringLiteral("probabilities")].toObject().contains(
            candidate[QStringLiteral("suggested_label")].toString()));
    }

    // A run keeps what it needs to predict and export: with the model folder moved away, it
    // predicts as before and exports a complete folder.
    const auto moved = pathIn(m_dir, QStringLiteral("finetune-model-moved"));
    std::filesystem::rename(folder, moved);
    const auto again = runCli({QStringLiteral("predict"), QStringLiteral("--project"), project, QStringLiteral("--run"),
                               QStringLiteral("1"), QStringLiteral("--json"), QStringLiteral("--explain")},
                              "where is my parcel\n");
    QCOMPARE(QJsonDocument::fromJson(again.trimmed()).object()[QStringLiteral("label")],
             answer[QStringLiteral("label")]);
    const auto exportedAlone = pathIn(m_dir, QStringLiteral("finetune-export-alone"));
    QVERIFY(!runCli({QStringLiteral("export"), QStringLiteral("--project"), project, QStringLiteral("--run"),
                     QStringLiteral("2"), QStringLiteral("--format"), QStringLiteral("hf"), QStringLiteral("--output"),
                     QString::fromStdString(exportedAlone.string())})
                 .isNull());
    for (const char *name : {"config.json", "model.safetensors", "sentencepiece.bpe.model"})
        QVERIFY2(std::filesystem::exists(exportedAlone / name), name);
    QCOMPARE(readFile(exportedAlone / "model.safetensors"),
             readFile(pathIn(m_dir, QStringLiteral("finetune-export-2")) / "model.safetensors"));
    std::filesystem::rename(moved, folder);

    // A folder that is not a model is refused before any run is made.
    const auto refused =
        runCli({QStringLiteral("train"), QStringLiteral("--project"), project, QStringLiteral("--dataset"),
                QStringLiteral("support-intents"), QStringLiteral("--set"), QStringLiteral("model.type=pretrained"),
                QStringLiteral("--set"), QStringLiteral("model.path=/nonexistent")});
    QVERIFY(refused.isNull());
}

QTEST_APPLESS_MAIN(TestPretrainedEncoder)
#include "tst_pretrainedencoder.moc"
