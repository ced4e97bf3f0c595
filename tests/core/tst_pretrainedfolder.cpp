// What Glossa says about a folder an analyst points it at as a pretrained model, before loading
// anything: the families it reads (XLM-R with sentencepiece.bpe.model, BERT with vocab.txt or
// with XLM-R's vocabulary, DistilBERT with vocab.txt), and for every other folder what it is and
// what it lacks, with the fix: DeBERTa-v2 named, pickled weights refused with a conversion command that
// works, a tokenizer.json-only folder said so.

#include "testsupport.h"

#include "model/foldervocabulary.h"
#include "model/pretrainedfolder.h"
#include "text/runtokenizer.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace glossa;
using namespace glossa::core;
using glossa::test::pathIn;
using glossa::test::qs;
using glossa::test::writeFile;

namespace {

// A folder with these files; config.json's model_type as given (none when empty).
std::filesystem::path folderWith(const QTemporaryDir &dir, const QString &name, const std::string &modelType,
                                 const std::vector<std::string> &files)
{
    const auto folder = pathIn(dir, name);
    std::filesystem::create_directories(folder);
    const std::string type = modelType.empty() ? std::string() : R"("model_type": ")" + modelType + R"(", )";
    writeFile(folder / "config.json", QByteArray::fromStdString("{" + type + R"("hidden_size": 32, )"
                                                                + R"("num_attention_heads": 4, "vocab_size": 120})"));
    for (const auto &file : files)
        writeFile(folder / file, QByteArrayLiteral("x"));
    return folder;
}

QString problemsOf(const model::PretrainedFolderCheck &check)
{
    return qs(check.message());
}

} // namespace

class TestPretrainedFolder : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }
    void readsXlmrAndBertFamilies();
    void recognisesTheNamedCheckpoints_data();
    void recognisesTheNamedCheckpoints();
    void namesFamiliesItDoesNotReadYet();
    void refusesPickledWeightsWithAWorkingConversion();
    void saysWhichTokenizerFilesItLacks();
    void saysWhenAFolderIsNoModelAtAll();
    void writesTheTokenizerFilesOfTheFamily();

private:
    QTemporaryDir m_dir;
};

void TestPretrainedFolder::readsXlmrAndBertFamilies()
{
    const auto xlmr = model::checkPretrainedFolder(
        folderWith(m_dir, QStringLiteral("xlmr"), "xlm-roberta", {"model.safetensors", "sentencepiece.bpe.model"}));
    QVERIFY2(xlmr.usable(), qPrintable(problemsOf(xlmr)));
    QCOMPARE(qs(xlmr.family), QStringLiteral("XLM-R"));
    QCOMPARE(qs(xlmr.vocabulary), QStringLiteral("sentencepiece.bpe.model"));

    // multilingual BERT and LaBSE: WordPiece; sharded weights are as good as one file.
    const auto mbert = model::checkPretrainedFolder(
        folderWith(m_dir, QStringLiteral("mbert"), "bert",
                   {"model.safetensors.index.json", "vocab.txt", "tokenizer_config.json"}));
    QVERIFY2(mbert.usable(), qPrintable(problemsOf(mbert)));
    QCOMPARE(qs(mbert.family), QStringLiteral("BERT"));
    QCOMPARE(qs(mbert.vocabulary), QStringLiteral("vocab.txt"));

    // paraphrase-multilingual-MiniLM: a BERT encoder that reads XLM-R's vocabulary.
    const auto miniLm = model::checkPretrainedFolder(folderWith(
        m_dir, QStringLiteral("minilm"), "bert", {"model.safetensors", "sentencepiece.bpe.model", "tokenizer.json"}));
    QVERIFY2(miniLm.usable(), qPrintable(problemsOf(miniLm)));
    QCOMPARE(qs(miniLm.vocabulary), QStringLiteral("sentencepiece.bpe.model"));
    const auto found = model::findFolderVocabulary(folderWith(m_dir, QStringLiteral("minilm"), "bert", {}));
    QVERIFY(found && found->format == model::VocabularyFormat::SentencePiece);

    // distilbert-base-multilingual-cased: its own encoder, BERT's WordPiece vocabulary.
    const auto distil = model::checkPretrainedFolder(folderWith(
        m_dir, QStringLiteral("distil"), "distilbert", {"model.safetensors", "vocab.txt", "tokenizer_config.json"}));
    QVERIFY2(distil.usable(), qPrintable(problemsOf(distil)));
    QCOMPARE(qs(distil.family), QStringLiteral("DistilBERT"));
    QCOMPARE(qs(distil.vocabulary), QStringLiteral("vocab.txt"));
}

// The checkpoints the README names, each with its config.json and root files as the Hugging Face
// Hub lists them (December 2026; the weights themselves are not here): what Glossa says of each.
void TestPretrainedFolder::recognisesTheNamedCheckpoints_data()
{
    QTest::addColumn<QString>("config");
    QTest::addColumn<QStringList>("files");
    QTest::addColumn<QString>("family");
    QTest::addColumn<QString>("vocabulary"); // empty: not usable
    QTest::addColumn<QString>("problem");    // what the message says when not usable
    const QString xlmrBase = QStringLiteral(
        R"({"architectures":["XLMRobertaForMaskedLM"],"attention_probs_dropout_prob":0.1,"bos_token_id":0,"eos_token_id":2,
        "hidden_act":"gelu","hidden_dropout_prob":0.1,"hidden_size":768,"initializer_range":0.02,"intermediate_size":3072,
        "layer_norm_eps":1e-05,"max_position_embeddings":514,"model_type":"xlm-roberta","num_attention_heads":12,
        "num_hidden_layers":12,"output_past":true,"pad_token_id":1,"position_embedding_type":"absolute",
        "transformers_version":"4.17.0.dev0","type_vocab_size":1,"use_cache":true,"vocab_size":250002})");
    QString xlmrLarge = xlmrBase;
    xlmrLarge.replace(QStringLiteral("\"hidden_size\":768"), QStringLiteral("\"hidden_size\":1024"))
        .replace(QStringLiteral("\"intermediate_size\":3072"), QStringLiteral("\"intermediate_size\":4096"))
        .replace(QStringLiteral("\"num_attention_heads\":12"), QStringLiteral("\"num_attention_heads\":16"))
        .replace(QStringLiteral("\"num_hidden_layers\":12"), QStringLiteral("\"num_hidden_layers\":24"));
    QString bgeM3 = xlmrLarge;
    bgeM3.replace(QStringLiteral("\"max_position_embeddings\":514"),
                  QStringLiteral("\"max_position_embeddings\":8194"));
    const QString mbert = QStringLiteral(
        R"({"architectures":["BertForMaskedLM"],"attention_probs_dropout_prob":0.1,"directionality":"bidi",
        "hidden_act":"gelu","hidden_dropout_prob":0.1,"hidden_size":768,"initializer_range":0.02,"intermediate_size":3072,
        "layer_norm_eps":1e-12,"max_position_embeddings":512,"model_type":"bert","num_attention_heads":12,
        "num_hidden_layers":12,"pad_token_id":0,"pooler_fc_size":768,"pooler_num_attention_heads":12,
        "pooler_num_fc_layers":3,"pooler_size_per_head":128,"pooler_type":"first_token_transform","type_vocab_size":2,
        "vocab_size":119547})");
    QString labse = mbert;
    labse.replace(QStringLiteral("119547"), QStringLiteral("501153"))
        .replace(QStringLiteral("BertForMaskedLM"), QStringLiteral("BertModel"));
    const QString miniLm = QStringLiteral(
        R"({"architectures":["BertModel"],"attention_probs_dropout_prob":0.1,"gradient_checkpointing":false,
        "hidden_act":"gelu","hidden_dropout_prob":0.1,"hidden_size":384,"initializer_range":0.02,"intermediate_size":1536,
        "layer_norm_eps":1e-12,"max_position_embeddings":512,"model_type":"bert","num_attention_heads":12,
        "num_hidden_layers":12,"pad_token_id":0,"position_embedding_type":"absolute","tokenizer_class":"XLMRobertaTokenizer",
        "type_vocab_size":2,"use_cache":true,"vocab_size":250037})");
    const QString robertaBase = QStringLiteral(
        R"({"architectures":["RobertaForMaskedLM"],"attention_probs_dropout_prob":0.1,"bos_token_id":0,"eos_token_id":2,
        "hidden_act":"gelu","hidden_dropout_prob":0.1,"hidden_size":768,"initializer_range":0.02,"intermediate_size":3072,
        "layer_norm_eps":1e-05,"max_position_embeddings":514,"model_type":"roberta","num_attention_heads":12,
        "num_hidden_layers":12,"pad_token_id":1,"type_vocab_size":1,"vocab_size":50265})");
    const QString distilbert = QStringLiteral(
        R"({"activation":"gelu","architectures":["DistilBertForMaskedLM"],"attention_dropout":0.1,"dim":768,"dropout":0.1,
        "hidden_dim":3072,"initializer_range":0.02,"max_position_embeddings":512,"model_type":"distilbert","n_heads":12,
        "n_layers":6,"output_past":true,"pad_token_id":0,"qa_dropout":0.1,"seq_classif_dropout":0.2,
        "sinusoidal_pos_embds":false,"tie_weights_":true,"vocab_size":119547})");
    const QString mdeberta = QStringLiteral(
        R"({"model_type":"deberta-v2","attention_probs_dropout_prob":0.1,"hidden_act":"gelu","hidden_dropout_prob":0.1,
        "hidden_size":768,"initializer_range":0.02,"intermediate_size":3072,"max_position_embeddings":512,
        "relative_attention":true,"position_buckets":256,"norm_rel_ebd":"layer_norm","share_att_key":true,
        "pos_att_type":"p2c|c2p","layer_norm_eps":1e-7,"max_relative_positions":-1,"position_biased_input":false,
        "num_attention_heads":12,"num_hidden_layers":12,"type_vocab_size":0,"vocab_size":251000})");
    const QStringList xlmrFiles{QStringLiteral("model.safetensors"), QStringLiteral("pytorch_model.bin"),
                                QStringLiteral("sentencepiece.bpe.model"), QStringLiteral("tokenizer.json"),
                                QStringLiteral("tokenizer_config.json")};
    const QStringList bertFiles{QStringLiteral("model.safetensors"), QStringLiteral("pytorch_model.bin"),
                                QStringLiteral("vocab.txt"), QStringLiteral("tokenizer.json"),
                                QStringLiteral("tokenizer_config.json")};
    const QString spm = QStringLiteral("sentencepiece.bpe.model");
    const QString wordPiece = QStringLiteral("vocab.txt");
    const QString xlmr = QStringLiteral("XLM-R");
    const QString bert = QStringLiteral("BERT");
    QTest::newRow("xlm-roberta-base") << xlmrBase << xlmrFiles << xlmr << spm << QString();
    QTest::newRow("xlm-roberta-large") << xlmrLarge << xlmrFiles << xlmr << spm << QString();
    QTest::newRow("bert-base-multilingual-cased") << mbert << bertFiles << bert << wordPiece << QString();
    QString uncased = mbert;
    uncased.replace(QStringLiteral("119547"), QStringLiteral("105879"));
    QTest::newRow("bert-base-multilingual-uncased") << uncased << bertFiles << bert << wordPiece << QString();
    QTest::newRow("LaBSE") << labse << (QStringList(bertFiles) << QStringLiteral("special_tokens_map.json")) << bert
                           << wordPiece << QString();
    QTest::newRow("paraphrase-multilingual-MiniLM-L12-v2")
        << miniLm << (QStringList(xlmrFiles) << QStringLiteral("unigram.json")) << bert << spm << QString();
    QTest::newRow("multilingual-e5-small") << miniLm << xlmrFiles << bert << spm << QString();
    QTest::newRow("multilingual-e5-base") << xlmrBase << xlmrFiles << xlmr << spm << QString();
    QTest::newRow("multilingual-e5-large") << xlmrLarge << xlmrFiles << xlmr << spm << QString();
    QTest::newRow("bge-m3") << bgeM3 << (QStringList(xlmrFiles) << QStringLiteral("colbert_linear.pt")) << xlmr << spm
                            << QString();
    // RoBERTa is XLM-R's architecture; its vocabulary is the byte-level BPE tokenizer.json.
    QTest::newRow("roberta-base") << robertaBase << QStringList{QStringLiteral("model.safetensors"),
                                                                QStringLiteral("pytorch_model.bin"),
                                                                QStringLiteral("vocab.json"),
                                                                QStringLiteral("merges.txt"),
                                                                QStringLiteral("dict.txt"),
                                                                QStringLiteral("tokenizer.json")}
                                  << QStringLiteral("RoBERTa") << QStringLiteral("tokenizer.json") << QString();
    QTest::newRow("distilbert-base-multilingual-cased")
        << distilbert << bertFiles << QStringLiteral("DistilBERT") << wordPiece << QString();
    // As the Hub has it, with pickled weights only: read once they are converted.
    const QStringList debertaFiles{QStringLiteral("pytorch_model.bin"), QStringLiteral("spm.model"),
                                   QStringLiteral("tokenizer_config.json")};
    QTest::newRow("mdeberta-v3-base") << mdeberta << debertaFiles << QStringLiteral("DeBERTa-v2") << QString()
                                      << QStringLiteral("only in pytorch_model.bin");
    QTest::newRow("mdeberta-v3-base, converted")
        << mdeberta << (QStringList(debertaFiles) << QStringLiteral("model.safetensors"))
        << QStringLiteral("DeBERTa-v2") << QStringLiteral("spm.model") << QString();
}

void TestPretrainedFolder::recognisesTheNamedCheckpoints()
{
    QFETCH(QString, config);
    QFETCH(QStringList, files);
    QFETCH(QString, family);
    QFETCH(QString, vocabulary);
    QFETCH(QString, problem);
    const auto folder = pathIn(m_dir, QStringLiteral("hub-") + QString::fromLatin1(QTest::currentDataTag()));
    std::filesystem::create_directories(folder);
    writeFile(folder / "config.json", config.toUtf8());
    for (const auto &file : files)
        writeFile(folder / file.toStdString(), QByteArrayLiteral("x"));
    const auto check = model::checkPretrainedFolder(folder);
    QCOMPARE(qs(check.family), family);
    if (vocabulary.isEmpty()) {
        QVERIFY(!check.usable());
        QVERIFY2(problemsOf(check).contains(problem), qPrintable(problemsOf(check)));
    } else {
        QVERIFY2(check.usable(), qPrintable(problemsOf(check)));
        QCOMPARE(qs(check.vocabulary), vocabulary);
    }
}

void TestPretrainedFolder::namesFamiliesItDoesNotReadYet()
{
    // An ELECTRA folder with pickled weights and a GPT-2 style vocabulary: all three things
    // wrong, all three said.
    const auto electra = model::checkPretrainedFolder(
        folderWith(m_dir, QStringLiteral("electra"), "electra", {"pytorch_model.bin", "vocab.json"}));
    QCOMPARE(electra.problems.size(), std::size_t(3));
    QVERIFY2(problemsOf(electra).contains(QStringLiteral("model_type 'electra' is ELECTRA")),
             qPrintable(problemsOf(electra)));
    QVERIFY(problemsOf(electra).contains(QStringLiteral("pytorch_model.bin")));
    QVERIFY(problemsOf(electra).contains(QStringLiteral("it has vocab.json")));

    const auto gpt = model::checkPretrainedFolder(
        folderWith(m_dir, QStringLiteral("gpt"), "gpt2", {"model.safetensors", "vocab.json", "merges.txt"}));
    QVERIFY2(problemsOf(gpt).contains(QStringLiteral("A 'gpt2' model, which Glossa does not read")),
             qPrintable(problemsOf(gpt)));
    const auto untyped =
        model::checkPretrainedFolder(folderWith(m_dir, QStringLiteral("untyped"), "", {"model.safetensors"}));
    QVERIFY2(problemsOf(untyped).contains(QStringLiteral("names no model_type")), qPrintable(problemsOf(untyped)));
}

// The command the message gives is run as given (python3 with torch; safetensors' save_file
// stubbed, since Debian has no python3-safetensors) on a folder whose name needs quoting.
void TestPretrainedFolder::refusesPickledWeightsWithAWorkingConversion()
{
    const auto folder =
        folderWith(m_dir, QStringLiteral("it's a \"bin\" $HOME"), "xlm-roberta", {"sentencepiece.bpe.model"});
    const auto check = model::checkPretrainedFolder(folder);
    QCOMPARE(check.problems.size(), std::size_t(1));
    QVERIFY(!problemsOf(check).contains(QStringLiteral("pickle"))); // no weights at all yet
    QVERIFY2(problemsOf(check).contains(QStringLiteral("No weights")), qPrintable(problemsOf(check)));

    QProcess probe;
    probe.start(QStringLiteral("/usr/bin/python3"), {QStringLiteral("-c"), QStringLiteral("import torch")});
    if (!probe.waitForFinished(60000) || probe.exitCode() != 0)
        QSKIP("Debian's python3-torch is not installed");
    QProcess save;
    save.start(
        QStringLiteral("/usr/bin/python3"),
        {QStringLiteral("-c"),
         QStringLiteral("import sys, torch; w = torch.ones(2, 3); torch.save({'embeddings.word_embeddings.weight': "
                        "w, 'lm_head.decoder.weight': w}, sys.argv[1])"),
         qs((folder / "pytorch_model.bin").string())});
    QVERIFY(save.waitForFinished(60000) && save.exitCode() == 0);

    const auto pickled = model::checkPretrainedFolder(folder);
    QCOMPARE(pickled.problems.size(), std::size_t(1));
    const auto message = problemsOf(pickled);
    QVERIFY2(message.contains(QStringLiteral("Python pickle, which Glossa does not open")), qPrintable(message));
    const auto command = qs(model::pytorchBinConversion(folder));
    QVERIFY(message.endsWith(command));

    const auto stub = pathIn(m_dir, QStringLiteral("stub/safetensors"));
    std::filesystem::create_directories(stub);
    writeFile(stub / "__init__.py", QByteArray());
    writeFile(stub / "torch.py", QByteArrayLiteral("import json\n"
                                                   "def save_file(tensors, filename, metadata=None):\n"
                                                   "    json.dump({k: list(v.shape) for k, v in tensors.items()}, "
                                                   "open(filename, 'w'))\n"));
    QProcess convert;
    auto environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("PYTHONPATH"), qs(stub.parent_path().string()));
    environment.insert(QStringLiteral("PATH"), QStringLiteral("/usr/bin:/bin"));
    convert.setProcessEnvironment(environment);
    convert.start(QStringLiteral("/bin/sh"), {QStringLiteral("-c"), command});
    QVERIFY(convert.waitForFinished(60000));
    QVERIFY2(convert.exitCode() == 0, convert.readAllStandardError().constData());
    QCOMPARE(glossa::test::readFile(folder / "model.safetensors"),
             QByteArrayLiteral(R"({"embeddings.word_embeddings.weight": [2, 3], "lm_head.decoder.weight": [2, 3]})"));
    QVERIFY(model::checkPretrainedFolder(folder).usable());
}

void TestPretrainedFolder::saysWhichTokenizerFilesItLacks()
{
    // A folder saved with only the fast tokenizer reads it.
    const auto fast = model::checkPretrainedFolder(
        folderWith(m_dir, QStringLiteral("fast-only"), "xlm-roberta", {"model.safetensors", "tokenizer.json"}));
    QVERIFY2(fast.usable(), qPrintable(problemsOf(fast)));
    QCOMPARE(qs(fast.vocabulary), QStringLiteral("tokenizer.json"));
    // One with a SentencePiece file under another name only is told which files Glossa reads.
    const auto spm = model::checkPretrainedFolder(
        folderWith(m_dir, QStringLiteral("spm-other"), "xlm-roberta", {"model.safetensors", "sentencepiece.model"}));
    QCOMPARE(spm.problems.size(), std::size_t(1));
    QVERIFY2(problemsOf(spm).contains(QStringLiteral("No vocabulary Glossa reads")), qPrintable(problemsOf(spm)));
    QVERIFY(problemsOf(spm).contains(QStringLiteral("it has sentencepiece.model, which Glossa does not read yet")));
    QVERIFY(!model::findFolderVocabulary(folderWith(m_dir, QStringLiteral("spm-other"), "xlm-roberta", {})));
    // DeBERTa-v2's spm.model is read.
    const auto deberta = model::checkPretrainedFolder(
        folderWith(m_dir, QStringLiteral("spm-deberta"), "deberta-v2", {"model.safetensors", "spm.model"}));
    QCOMPARE(qs(deberta.vocabulary), QStringLiteral("spm.model"));
}

void TestPretrainedFolder::saysWhenAFolderIsNoModelAtAll()
{
    const auto empty = pathIn(m_dir, QStringLiteral("empty"));
    std::filesystem::create_directories(empty);
    QVERIFY2(problemsOf(model::checkPretrainedFolder(empty)).contains(QStringLiteral("No config.json")),
             qPrintable(problemsOf(model::checkPretrainedFolder(empty))));
    QVERIFY(problemsOf(model::checkPretrainedFolder(empty / "missing")).contains(QStringLiteral("Not a folder")));
    const auto broken = folderWith(m_dir, QStringLiteral("broken"), "bert", {"model.safetensors", "vocab.txt"});
    writeFile(broken / "config.json", QByteArrayLiteral("{\"model_type\": "));
    QVERIFY2(problemsOf(model::checkPretrainedFolder(broken)).contains(QStringLiteral("config.json")),
             qPrintable(problemsOf(model::checkPretrainedFolder(broken))));
}

// An export's tokenizer files are what transformers' AutoTokenizer reads for the family, and
// read back by Glossa as the same tokenizer.
void TestPretrainedFolder::writesTheTokenizerFilesOfTheFamily()
{
    text::WordPieceOptions options;
    options.lowerCase = false;
    options.stripAccents = true;
    const text::RunTokenizer tokenizer = text::WordPieceTokenizer::fromTokens(
        {"[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "hola", "##s", "é"}, options);
    const auto folder = pathIn(m_dir, QStringLiteral("export"));
    std::filesystem::create_directories(folder);
    model::writeHfTokenizerFiles(folder, tokenizer, 510);
    const auto config = glossa::test::readFile(folder / "tokenizer_config.json");
    QVERIFY2(config.contains("\"tokenizer_class\": \"BertTokenizer\""), config.constData());
    QVERIFY(config.contains("\"do_lower_case\": false") && config.contains("\"strip_accents\": true"));
    QVERIFY(config.contains("\"model_max_length\": 510"));
    QVERIFY(glossa::test::readFile(folder / "special_tokens_map.json").contains("\"cls_token\": \"[CLS]\""));
    QCOMPARE(glossa::test::readFile(folder / "vocab.txt"),
             QByteArray("[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\nhola\n##s\né\n"));

    const auto reread = model::loadFolderTokenizer(folder);
    QVERIFY(reread.wordPiece());
    QCOMPARE(reread.pieces().encode("Holas é"), tokenizer.pieces().encode("Holas é"));
    QCOMPARE(reread.wordPiece()->options().stripAccents, std::optional<bool>(true));
    QCOMPARE(reread.wordPiece()->options().lowerCase, false);
}

QTEST_GUILESS_MAIN(TestPretrainedFolder)
#include "tst_pretrainedfolder.moc"
