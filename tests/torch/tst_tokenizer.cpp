// SentencePiece and LibTorch in one process (PLATFORM.md, trap 1): linked together they crash
// before main(), so SentencePiece lives in a dlopen'ed bridge. This executable links LibTorch,
// runs torch ops, trains and uses SentencePiece models through the bridge, and feeds the token
// ids to a torch embedding, all in one process, as a training run does.

// Only this test includes the whole of LibTorch (slow to compile); QT_NO_KEYWORDS is set for
// every target, so its `slots` identifiers do not clash with Qt (PLATFORM.md, trap 2).
#include "testsupport.h"

#include <torch/torch.h>

#include "text/sentencepiecebridge.h"
#include "text/sentencepiecetokenizer.h"
#include "util/error.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <climits>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

using namespace glossa::core;
using namespace glossa::test;
using text::SentencePieceOptions;
using text::SentencePieceTokenizer;
namespace fs = std::filesystem;
using Algorithm = SentencePieceOptions::Algorithm;

Q_DECLARE_METATYPE(Algorithm)

namespace {

// Hands the sentences to the trainer one by one, as the dataset reader does.
SentencePieceTokenizer::SentenceSource sourceOf(const std::vector<std::string> &sentences)
{
    auto next = std::make_shared<size_t>(0);
    return [&sentences, next](std::string_view &sentence) {
        if (*next >= sentences.size())
            return false;
        sentence = sentences[(*next)++];
        return true;
    };
}

SentencePieceTokenizer trainOn(const std::vector<std::string> &sentences, const SentencePieceOptions &options)
{
    return SentencePieceTokenizer::train(options, sourceOf(sentences));
}

// What SentencePiece's default normaliser (nmt_nfkc) makes of a text: NFKC (full-width "？"
// becomes "?", "…" becomes "...") with runs of white space collapsed. Decoding gives this back.
QString normalised(const QString &text)
{
    return text.normalized(QString::NormalizationForm_KC).simplified();
}

} // namespace

class TestTokenizer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void torchRunsBeforeAndAfterSentencePiece();
    void encodeDecodeRoundTrip_data();
    void encodeDecodeRoundTrip();
    void saveAndLoadRoundTrip();
    void vocabSizeIsExact_data();
    void vocabSizeIsExact();
    void tinyCorpusShrinksTheVocabulary_data();
    void tinyCorpusShrinksTheVocabulary();
    void samplingTrainsOnPartOfTheCorpus();
    void sameSeedSameModel_data();
    void sameSeedSameModel();
    void idsFeedATorchEmbedding();
    void trainingErrors_data();
    void trainingErrors();
    void loadErrors_data();
    void loadErrors();
    void decodeRejectsIdsOutsideTheVocabulary_data();
    void decodeRejectsIdsOutsideTheVocabulary();

private:
    std::vector<std::string> m_corpus;
    std::map<std::string, std::vector<std::string>> m_byLanguage;
    std::optional<SentencePieceTokenizer> m_unigram;
};

void TestTokenizer::initTestCase()
{
    // LibTorch works before SentencePiece is anywhere near the process.
    QCOMPARE(torch::ones({2, 3}).sum().item<float>(), 6.0f);

    // The demo data: customer-support messages in nine languages and five scripts.
    const QDir demo(QStringLiteral(GLOSSA_DEMO_DIR));
    const auto files = demo.entryList({QStringLiteral("*.jsonl")}, QDir::Files, QDir::Name);
    QVERIFY2(files.size() >= 9, qPrintable(demo.path()));
    for (const auto &name : files) {
        QFile file(demo.filePath(name));
        QVERIFY(file.open(QIODevice::ReadOnly));
        while (!file.atEnd()) {
            const auto line = file.readLine().trimmed();
            if (line.isEmpty())
                continue;
            const auto object = QJsonDocument::fromJson(line).object();
            const auto text = object.value(QStringLiteral("text")).toString().toStdString();
            QVERIFY(!text.empty());
            m_corpus.push_back(text);
            m_byLanguage[object.value(QStringLiteral("lang")).toString().toStdString()].push_back(text);
        }
    }
    QVERIFY(m_corpus.size() > 1000);
    QVERIFY(m_byLanguage.size() >= 9);

    // One model the error tests share. Full character coverage: no <unk> in the demo data.
    SentencePieceOptions options;
    options.vocabSize = 2000;
    options.characterCoverage = 1.0;
    m_unigram.emplace(trainOn(m_corpus, options));
    qInfo() << "SentencePiece bridge:" << qs(text::SentencePieceBridge::instance().path.string());
}

void TestTokenizer::torchRunsBeforeAndAfterSentencePiece()
{
    // initTestCase has loaded the bridge and trained with it; LibTorch must be unharmed.
    QVERIFY(m_unigram);
    const auto a = torch::arange(6, torch::kFloat).reshape({2, 3}); // [[0 1 2] [3 4 5]]
    const auto b = torch::ones({3, 2});
    const auto product = torch::matmul(a, b);
    QCOMPARE(product.sizes().vec(), (std::vector<int64_t>{2, 2}));
    QCOMPARE(product[0][0].item<float>(), 3.0f);
    QCOMPARE(product[1][1].item<float>(), 12.0f);
    QCOMPARE(torch::ones({2, 3}).sum().item<float>(), 6.0f);
    // And SentencePiece keeps working after torch has run again.
    QVERIFY(!m_unigram->encode("Where is my parcel?").empty());
}

void TestTokenizer::encodeDecodeRoundTrip_data()
{
    QTest::addColumn<Algorithm>("algorithm");
    QTest::newRow("unigram") << Algorithm::Unigram;
    QTest::newRow("bpe") << Algorithm::Bpe;
}

void TestTokenizer::encodeDecodeRoundTrip()
{
    QFETCH(Algorithm, algorithm);
    SentencePieceOptions options;
    options.algorithm = algorithm;
    options.vocabSize = 2000;
    options.characterCoverage = 1.0;
    const auto tokenizer = trainOn(m_corpus, options);
    QVERIFY(tokenizer.vocabSize() > 100 && tokenizer.vocabSize() <= 2000);
    // Padding is id 0 for the models; the other specials follow.
    QCOMPARE(tokenizer.padId(), std::optional<int>(0));
    QCOMPARE(tokenizer.unkId(), std::optional<int>(1));
    QCOMPARE(tokenizer.bosId(), std::optional<int>(2));
    QCOMPARE(tokenizer.eosId(), std::optional<int>(3));

    std::map<std::string, int> exactPerLanguage;
    for (const auto &[lang, sentences] : m_byLanguage) {
        for (const auto &sentence : sentences) {
            const auto ids = tokenizer.encode(sentence);
            const auto pieces = tokenizer.encodePieces(sentence);
            QVERIFY(!ids.empty());
            // Ids and pieces are two views of one segmentation.
            QCOMPARE(pieces.size(), ids.size());
            QString joined;
            for (size_t i = 0; i < ids.size(); ++i) {
                QVERIFY(ids[i] > 3 && ids[i] < tokenizer.vocabSize()); // no specials, no <unk>
                QCOMPARE(tokenizer.pieceToId(pieces[i]), ids[i]);
                QCOMPARE(qs(tokenizer.idToPiece(ids[i])), qs(pieces[i]));
                joined += qs(pieces[i]);
            }
            const auto decoded = qs(tokenizer.decode(ids));
            const auto original = qs(sentence);
            QCOMPARE(decoded, normalised(original));
            QCOMPARE(joined.replace(QChar(0x2581), QLatin1Char(' ')).trimmed(), decoded);
            exactPerLanguage[lang] += decoded == original ? 1 : 0;
        }
    }
    // Text that is already normalised comes back byte for byte: most of the corpus, and some
    // of every language (Japanese least, as it mostly uses full-width punctuation).
    int exact = 0;
    for (const auto &[lang, sentences] : m_byLanguage) {
        QVERIFY2(exactPerLanguage[lang] > 0, lang.c_str());
        exact += exactPerLanguage[lang];
    }
    QVERIFY2(exact > int(m_corpus.size()) * 3 / 4, qPrintable(QString::number(exact)));
    for (const char *sentence :
         {"Where is my parcel?", "Ich möchte mein Geld zurück.", "Où est ma commande ?", "Отмените заказ, пожалуйста.",
          "أين طلبي؟", "मेरा पार्सल कहाँ है", "我的包裹在哪里", "荷物はどこですか"})
        QCOMPARE(qs(tokenizer.decode(tokenizer.encode(sentence))), QString::fromUtf8(sentence));
    // Full-width punctuation and the ellipsis come back in their NFKC form, by design.
    QCOMPARE(qs(tokenizer.decode(tokenizer.encode("荷物どこ？？"))), QStringLiteral("荷物どこ??"));
    QCOMPARE(qs(tokenizer.decode(tokenizer.encode("warte…"))), QStringLiteral("warte..."));
    // Empty text is no tokens, and no tokens is empty text.
    QVERIFY(tokenizer.encode("").empty());
    QCOMPARE(qs(tokenizer.decode({})), QString());
}

void TestTokenizer::saveAndLoadRoundTrip()
{
    QTemporaryDir dir;
    const auto file = fs::path(dir.filePath(QStringLiteral("tokenizer.model")).toStdString());
    m_unigram->save(file);
    QCOMPARE(static_cast<size_t>(fs::file_size(file)), m_unigram->serialized().size());

    const auto loaded = SentencePieceTokenizer::load(file);
    QCOMPARE(loaded.vocabSize(), m_unigram->vocabSize());
    QVERIFY(loaded.serialized() == m_unigram->serialized());
    const auto copy = SentencePieceTokenizer::fromSerialized(m_unigram->serialized());
    // The reloaded model segments every sentence exactly as the trained one did.
    for (const auto &sentence : m_corpus) {
        const auto ids = m_unigram->encode(sentence);
        QCOMPARE(loaded.encode(sentence), ids);
        QCOMPARE(copy.encode(sentence), ids);
    }
    // Saving over an existing model replaces it.
    SentencePieceOptions small;
    small.vocabSize = 300;
    small.characterCoverage = 0.98;
    const auto other = trainOn(m_byLanguage.at("en"), small);
    other.save(file);
    QCOMPARE(SentencePieceTokenizer::load(file).vocabSize(), other.vocabSize());
}

void TestTokenizer::vocabSizeIsExact_data()
{
    QTest::addColumn<Algorithm>("algorithm");
    QTest::addColumn<int>("vocabSize");
    // 1309 distinct characters reach 99.95% coverage of the demo data, so 1500 is near the floor.
    QTest::newRow("unigram 1500") << Algorithm::Unigram << 1500;
    QTest::newRow("unigram 3000") << Algorithm::Unigram << 3000;
    QTest::newRow("bpe 1500") << Algorithm::Bpe << 1500;
    QTest::newRow("bpe 3000") << Algorithm::Bpe << 3000;
}

void TestTokenizer::vocabSizeIsExact()
{
    QFETCH(Algorithm, algorithm);
    QFETCH(int, vocabSize);
    SentencePieceOptions options;
    options.algorithm = algorithm;
    options.vocabSize = vocabSize;
    // With enough text, the requested size is what the model gets, shrinking allowed or not:
    // the embedding table a run allocates is sized from it.
    for (const bool allowSmaller : {false, true}) {
        options.allowSmallerVocab = allowSmaller;
        const auto tokenizer = trainOn(m_corpus, options);
        QCOMPARE(tokenizer.vocabSize(), vocabSize);
        for (const auto &sentence : m_corpus)
            for (const int id : tokenizer.encode(sentence))
                QVERIFY(id >= 0 && id < vocabSize);
    }
}

void TestTokenizer::tinyCorpusShrinksTheVocabulary_data()
{
    QTest::addColumn<Algorithm>("algorithm");
    QTest::newRow("unigram") << Algorithm::Unigram;
    QTest::newRow("bpe") << Algorithm::Bpe;
}

void TestTokenizer::tinyCorpusShrinksTheVocabulary()
{
    QFETCH(Algorithm, algorithm);
    const std::vector<std::string> tiny = {"hello world", "hello there", "world peace", "peace and quiet"};
    SentencePieceOptions options;
    options.algorithm = algorithm;
    options.vocabSize = 8000; // the default, far more than four sentences hold

    // Allowed to shrink (the default): a smaller, working vocabulary instead of a failure.
    const auto tokenizer = trainOn(tiny, options);
    QVERIFY2(tokenizer.vocabSize() < 8000, qPrintable(QString::number(tokenizer.vocabSize())));
    QVERIFY(tokenizer.vocabSize() > 4);
    QCOMPARE(qs(tokenizer.decode(tokenizer.encode("hello quiet world"))), QStringLiteral("hello quiet world"));

    // Not allowed to shrink: a readable error that says which size would work.
    options.allowSmallerVocab = false;
    const auto error = errorFrom([&] { trainOn(tiny, options); });
    QVERIFY2(error, "a hard vocabulary limit the text cannot fill must fail");
    QVERIFY2(error->contains(QStringLiteral("Vocabulary size too high")), qPrintable(*error));
    QVERIFY2(error->contains(QString::number(tokenizer.vocabSize())), qPrintable(*error));
}

void TestTokenizer::samplingTrainsOnPartOfTheCorpus()
{
    SentencePieceOptions options;
    options.vocabSize = 1000;
    // All 2,152 sentences need 1,309 characters for 99.95% coverage, more than 1,000 pieces hold.
    options.maxSentences = 0;
    const auto full = errorFrom([&] { trainOn(m_corpus, options); });
    QVERIFY2(full && full->contains(QStringLiteral("Vocabulary size is smaller than required_chars")),
             qPrintable(full.value_or(QString())));

    // A sample of 300 sentences has fewer distinct characters, so the same settings train:
    // proof that the trainer saw the sample, not the whole corpus.
    options.maxSentences = 300;
    const auto sampled = trainOn(m_corpus, options);
    QCOMPARE(sampled.vocabSize(), 1000);
    // Sentences outside the sample still encode; characters it never saw become <unk>.
    int unknown = 0;
    for (const auto &sentence : m_corpus)
        for (const int id : sampled.encode(sentence))
            unknown += id == *sampled.unkId() ? 1 : 0;
    QVERIFY(unknown > 0);
    QCOMPARE(qs(sampled.decode(sampled.encode("where is my parcel"))), QStringLiteral("where is my parcel"));
}

void TestTokenizer::sameSeedSameModel_data()
{
    QTest::addColumn<Algorithm>("algorithm");
    QTest::addColumn<qint64>("maxSentences");
    QTest::newRow("unigram, all sentences") << Algorithm::Unigram << qint64(0);
    QTest::newRow("unigram, sampled") << Algorithm::Unigram << qint64(500);
    QTest::newRow("bpe, all sentences") << Algorithm::Bpe << qint64(0);
    QTest::newRow("bpe, sampled") << Algorithm::Bpe << qint64(500);
}

void TestTokenizer::sameSeedSameModel()
{
    QFETCH(Algorithm, algorithm);
    QFETCH(qint64, maxSentences);
    SentencePieceOptions options;
    options.algorithm = algorithm;
    options.vocabSize = 1500;
    options.maxSentences = maxSentences;
    options.seed = 7;
    // A rerun with the same settings must reproduce the model byte for byte, or two runs of
    // one experiment would not be comparable (and the artefact store could not dedup them).
    const auto first = trainOn(m_corpus, options);
    const auto second = trainOn(m_corpus, options);
    QVERIFY(first.serialized() == second.serialized());
    QCOMPARE(first.encode(m_corpus.front()), second.encode(m_corpus.front()));
}

void TestTokenizer::idsFeedATorchEmbedding()
{
    torch::manual_seed(3);
    const auto &tokenizer = *m_unigram;
    const std::vector<std::string> batch = {m_byLanguage.at("en").front(), m_byLanguage.at("ja").front(),
                                            m_byLanguage.at("ar").front()};
    // Pad the batch with the pad id (0), as the data loader does.
    std::vector<std::vector<int>> encoded;
    size_t longest = 0;
    for (const auto &sentence : batch) {
        encoded.push_back(tokenizer.encode(sentence));
        longest = std::max(longest, encoded.back().size());
    }
    const int pad = *tokenizer.padId();
    auto ids = torch::full({static_cast<int64_t>(batch.size()), static_cast<int64_t>(longest)}, pad, torch::kLong);
    int64_t tokens = 0;
    for (size_t row = 0; row < encoded.size(); ++row) {
        for (size_t col = 0; col < encoded[row].size(); ++col)
            ids[static_cast<int64_t>(row)][static_cast<int64_t>(col)] = encoded[row][col];
        tokens += static_cast<int64_t>(encoded[row].size());
    }

    torch::nn::Embedding embedding(torch::nn::EmbeddingOptions(tokenizer.vocabSize(), 16).padding_idx(pad));
    const auto vectors = embedding->forward(ids);
    QCOMPARE(vectors.sizes().vec(), (std::vector<int64_t>{3, static_cast<int64_t>(longest), 16}));
    // Each token's vector is its row of the table; padding maps to the zero row.
    const auto first = encoded[0][0];
    QVERIFY(torch::equal(vectors[0][0], embedding->weight[first]));
    QCOMPARE((ids != pad).sum().item<int64_t>(), tokens);
    const auto padded = vectors.index({ids == pad});
    QVERIFY(padded.numel() == 0 || padded.abs().sum().item<float>() == 0.0f);
    // Mean pooling over real tokens, as the bag-of-subwords model does, gives finite numbers.
    const auto mask = (ids != pad).unsqueeze(-1).to(torch::kFloat);
    const auto pooled = (vectors * mask).sum(1) / mask.sum(1);
    QCOMPARE(pooled.sizes().vec(), (std::vector<int64_t>{3, 16}));
    QVERIFY(torch::isfinite(pooled).all().item<bool>());
}

void TestTokenizer::trainingErrors_data()
{
    QTest::addColumn<QString>("problem");
    QTest::addColumn<QString>("fragment");

    QTest::newRow("empty input") << "empty"
                                 << "no training text";
    // Texts that normalise to nothing made SentencePiece's unigram trainer end the process.
    QTest::newRow("only white space and zero-width marks") << "invisible"
                                                           << "no training text";
    QTest::newRow("coverage below what SentencePiece accepts") << "coverage 0.9"
                                                               << "character coverage must be";
    QTest::newRow("vocabulary 0") << "vocab 0"
                                  << "vocabulary size must be";
    QTest::newRow("negative vocabulary") << "vocab -5"
                                         << "vocabulary size must be";
    QTest::newRow("vocabulary below the special pieces") << "vocab 7"
                                                         << "vocabulary size must be";
    QTest::newRow("vocabulary of two million") << "vocab 2000000"
                                               << "vocabulary size must be";
    QTest::newRow("coverage 0") << "coverage 0"
                                << "character coverage must be";
    QTest::newRow("negative coverage") << "coverage -0.5"
                                       << "character coverage must be";
    QTest::newRow("coverage above 1") << "coverage 1.5"
                                      << "character coverage must be";
    QTest::newRow("vocabulary smaller than the alphabet") << "alphabet"
                                                          << "Vocabulary size is smaller than required_chars";
}

void TestTokenizer::trainingErrors()
{
    QFETCH(QString, problem);
    QFETCH(QString, fragment);
    SentencePieceOptions options;
    options.vocabSize = 500;
    std::vector<std::string> sentences = m_byLanguage.at("en");
    const auto words = problem.split(QLatin1Char(' '));
    if (problem == QLatin1String("empty"))
        sentences.clear();
    else if (problem == QLatin1String("invisible"))
        sentences = {"   ", "\u00a0", "\u200b\u200b", "\u3000", "\x01\t"};
    else if (words.front() == QLatin1String("vocab"))
        options.vocabSize = words.back().toInt();
    else if (words.front() == QLatin1String("coverage"))
        options.characterCoverage = words.back().toDouble();
    else {
        // Every character of nine languages (over 1,300) cannot fit in 500 pieces.
        sentences = m_corpus;
        options.characterCoverage = 1.0;
    }

    // A bad setting from the tokenizer dialog is an error message, never an abort of Glossa
    // (SentencePiece itself CHECK-fails on some of these).
    const auto error = errorFrom([&] { trainOn(sentences, options); });
    QVERIFY2(error, "training must fail");
    QVERIFY2(error->startsWith(QStringLiteral("tokenizer training failed: ")), qPrintable(*error));
    QVERIFY2(error->contains(fragment), qPrintable(*error));
}

void TestTokenizer::loadErrors_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("fragment");

    QTest::newRow("random bytes") << "random"
                                  << "not a SentencePiece model";
    QTest::newRow("text file") << "text"
                               << "not a SentencePiece model";
    QTest::newRow("empty file") << "empty"
                                << "not a SentencePiece model";
    QTest::newRow("truncated model") << "truncated"
                                     << "not a SentencePiece model";
    QTest::newRow("missing file") << "missing"
                                  << "cannot read the tokenizer model";
}

void TestTokenizer::loadErrors()
{
    QFETCH(QString, kind);
    QFETCH(QString, fragment);
    QTemporaryDir dir;
    const auto file = fs::path(dir.filePath(QStringLiteral("broken.model")).toStdString());
    QByteArray content;
    if (kind == QLatin1String("random")) {
        QRandomGenerator generator(11);
        content.resize(4096);
        for (auto &byte : content)
            byte = static_cast<char>(generator.bounded(256));
    } else if (kind == QLatin1String("text")) {
        content = "model_type=unigram\nvocab_size=8000\n";
    } else if (kind == QLatin1String("truncated")) {
        // An interrupted copy: the cut lands inside the normaliser's large character map.
        const auto whole = QByteArray::fromStdString(m_unigram->serialized());
        content = whole.left(whole.size() / 2);
    }
    if (kind != QLatin1String("missing")) {
        QFile out(QString::fromStdString(file.string()));
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(content);
    }

    // The message names the file, so "Open tokenizer..." can say which one is broken.
    const auto error = errorFrom([&] { SentencePieceTokenizer::load(file); });
    QVERIFY2(error, "a broken model file must be refused");
    QVERIFY2(error->contains(QString::fromStdString(file.string())), qPrintable(*error));
    QVERIFY2(error->contains(fragment), qPrintable(*error));
    if (kind != QLatin1String("missing")) {
        const auto fromBytes = errorFrom([&] { SentencePieceTokenizer::fromSerialized(content.toStdString()); });
        QVERIFY2(fromBytes && fromBytes->contains(fragment), qPrintable(fromBytes.value_or(QString())));
    }
}

void TestTokenizer::decodeRejectsIdsOutsideTheVocabulary_data()
{
    QTest::addColumn<int>("badId");
    QTest::newRow("-1") << -1;
    QTest::newRow("vocabulary size") << 2000;
    QTest::newRow("INT_MAX") << INT_MAX;
    QTest::newRow("INT_MIN") << INT_MIN;
}

void TestTokenizer::decodeRejectsIdsOutsideTheVocabulary()
{
    QFETCH(int, badId);
    const auto &tokenizer = *m_unigram;
    QCOMPARE(tokenizer.vocabSize(), 2000);
    // A checkpoint from another tokenizer can predict ids this one does not have.
    auto ids = tokenizer.encode("Where is my parcel?");
    ids.push_back(badId);
    const auto error = errorFrom([&] { tokenizer.decode(ids); });
    QVERIFY2(error, "decoding an id outside the vocabulary must fail");
    QVERIFY2(error->contains(QStringLiteral("outside the vocabulary")), qPrintable(*error));
    QVERIFY2(error->contains(QString::number(badId)), qPrintable(*error));
    const auto pieceError = errorFrom([&] { tokenizer.idToPiece(badId); });
    QVERIFY2(pieceError && pieceError->contains(QStringLiteral("outside the vocabulary")),
             qPrintable(pieceError.value_or(QString())));
    // The tokenizer is still usable afterwards.
    ids.pop_back();
    QCOMPARE(qs(tokenizer.decode(ids)), QStringLiteral("Where is my parcel?"));
}

QTEST_GUILESS_MAIN(TestTokenizer)
#include "tst_tokenizer.moc"
