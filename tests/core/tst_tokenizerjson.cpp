// Folders that ship their tokenizer only as tokenizer.json (the Hugging Face tokenizers format):
// a WordPiece one reads as BERT's WordPiece with its normaliser's options, and a Unigram one in
// XLM-R's layout as the SentencePiece model transformers' converter made it from, so the ids
// equal those of sentencepiece.bpe.model on texts in many scripts (BPE ones: tst_bpetokenizer).
// Everything else is refused, naming the file and the component.

#include "jsonfile.h"
#include "testsupport.h"

#include "model/foldervocabulary.h"
#include "model/tokenizerjson.h"
#include "text/unigrammodelproto.h"
#include "text/xlmrtokenizer.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <bit>

using namespace glossa;
using namespace glossa::core;
using glossa::test::errorFrom;
using glossa::test::pathIn;
using glossa::test::writeFile;
using glossa::test::writeJson;

namespace {

const std::vector<std::string> multilingualTexts{"Where is my parcel?",
                                                 "wo ist mein Paket",
                                                 "où est mon colis ?",
                                                 "我的包裹在哪里",
                                                 "取消订单",
                                                 "Где моя посылка?",
                                                 "أين طردي؟",
                                                 "मेरा पार्सल कहाँ है?",
                                                 "小包はどこですか",
                                                 "  spaced   out  ",
                                                 "ＦＵＬＬＷＩＤＴＨ ｐａｒｃｅｌ",
                                                 "Ἀθῆναι",
                                                 "",
                                                 "e\u0301 café"};

QJsonObject special(const char *token)
{
    return {{QStringLiteral("SpecialToken"),
             QJsonObject{{QStringLiteral("id"), QLatin1String(token)}, {QStringLiteral("type_id"), 0}}}};
}

// mBERT-cased's tokenizer.json, shortened: its model, BERT normaliser (cased), pre-tokenizer and
// [CLS] $A [SEP] template.
QJsonObject wordPieceJson(const std::vector<std::string> &tokens, const QJsonValue &postProcessor)
{
    QJsonObject vocab;
    for (std::size_t id = 0; id < tokens.size(); ++id)
        vocab.insert(QString::fromStdString(tokens[id]), static_cast<int>(id));
    return {
        {QStringLiteral("version"), QStringLiteral("1.0")},
        {QStringLiteral("normalizer"), QJsonObject{{QStringLiteral("type"), QStringLiteral("BertNormalizer")},
                                                   {QStringLiteral("clean_text"), true},
                                                   {QStringLiteral("handle_chinese_chars"), true},
                                                   {QStringLiteral("strip_accents"), QJsonValue()},
                                                   {QStringLiteral("lowercase"), false}}},
        {QStringLiteral("pre_tokenizer"), QJsonObject{{QStringLiteral("type"), QStringLiteral("BertPreTokenizer")}}},
        {QStringLiteral("post_processor"), postProcessor},
        {QStringLiteral("model"), QJsonObject{{QStringLiteral("type"), QStringLiteral("WordPiece")},
                                              {QStringLiteral("unk_token"), QStringLiteral("[UNK]")},
                                              {QStringLiteral("continuing_subword_prefix"), QStringLiteral("##")},
                                              {QStringLiteral("max_input_chars_per_word"), 100},
                                              {QStringLiteral("vocab"), vocab}}}};
}

// The pieces and scores of a serialized SentencePiece model (ModelProto field 1: piece 1, score 2).
std::vector<std::pair<std::string, float>> piecesOf(std::string_view bytes)
{
    std::vector<std::pair<std::string, float>> pieces;
    std::size_t at = 0;
    auto varint = [](std::string_view data, std::size_t &pos) {
        std::uint64_t value = 0;
        for (int shift = 0; pos < data.size(); shift += 7) {
            const auto byte = static_cast<unsigned char>(data[pos++]);
            value |= std::uint64_t(byte & 0x7F) << shift;
            if (!(byte & 0x80))
                break;
        }
        return value;
    };
    auto skip = [&](std::string_view data, std::size_t &pos, std::uint64_t key) -> std::string_view {
        switch (key & 7) {
        case 0: varint(data, pos); return {};
        case 1: pos += 8; return {};
        case 5: pos += 4; return data.substr(pos - 4, 4);
        default: {
            const auto length = varint(data, pos);
            pos += length;
            return data.substr(pos - length, length);
        }
        }
    };
    while (at < bytes.size()) {
        const auto key = varint(bytes, at);
        const auto payload = skip(bytes, at, key);
        if ((key >> 3) != 1)
            continue;
        std::pair<std::string, float> piece;
        for (std::size_t inner = 0; inner < payload.size();) {
            const auto innerKey = varint(payload, inner);
            const auto value = skip(payload, inner, innerKey);
            if ((innerKey >> 3) == 1)
                piece.first = std::string(value);
            else if ((innerKey >> 3) == 2) {
                std::uint32_t bits = 0;
                for (int b = 3; b >= 0; --b)
                    bits = (bits << 8) | static_cast<unsigned char>(value[static_cast<std::size_t>(b)]);
                piece.second = std::bit_cast<float>(bits);
            }
        }
        pieces.push_back(piece);
    }
    return pieces;
}

// A Unigram tokenizer.json as transformers' XLMRobertaConverter writes it for a SentencePiece
// model: <s> <pad> </s> <unk>, the pieces after the model's first three with their scores,
// <mask>; Precompiled (the model's character map) then spaces collapsed; Metaspace.
QJsonObject xlmrUnigramJson(const std::string &modelBytes, bool currentConverter = false)
{
    QJsonArray vocab{QJsonArray{QStringLiteral("<s>"), 0.0}, QJsonArray{QStringLiteral("<pad>"), 0.0},
                     QJsonArray{QStringLiteral("</s>"), 0.0}, QJsonArray{QStringLiteral("<unk>"), 0.0}};
    const auto pieces = piecesOf(modelBytes);
    for (std::size_t i = 3; i < pieces.size(); ++i)
        vocab.append(QJsonArray{QString::fromStdString(pieces[i].first), static_cast<double>(pieces[i].second)});
    vocab.append(QJsonArray{QStringLiteral("<mask>"), 0.0});
    const auto charsMap = text::precompiledCharsMapOf(modelBytes);
    QJsonArray normalizers{QJsonObject{
        {QStringLiteral("type"), QStringLiteral("Precompiled")},
        {QStringLiteral("precompiled_charsmap"), QString::fromLatin1(QByteArray::fromStdString(charsMap).toBase64())}}};
    // transformers' current converter strips trailing spaces and collapses runs into ▁; older
    // ones collapsed them into a space.
    if (currentConverter)
        normalizers.append(QJsonObject{{QStringLiteral("type"), QStringLiteral("Strip")},
                                       {QStringLiteral("strip_left"), false},
                                       {QStringLiteral("strip_right"), true}});
    normalizers.append(
        QJsonObject{{QStringLiteral("type"), QStringLiteral("Replace")},
                    {QStringLiteral("pattern"), QJsonObject{{QStringLiteral("Regex"), QStringLiteral(" {2,}")}}},
                    {QStringLiteral("content"), currentConverter ? QStringLiteral("\u2581") : QStringLiteral(" ")}});
    return {
        {QStringLiteral("normalizer"), QJsonObject{{QStringLiteral("type"), QStringLiteral("Sequence")},
                                                   {QStringLiteral("normalizers"), normalizers}}},
        {QStringLiteral("pre_tokenizer"), QJsonObject{{QStringLiteral("type"), QStringLiteral("Metaspace")},
                                                      {QStringLiteral("replacement"), QStringLiteral("\u2581")},
                                                      {QStringLiteral("add_prefix_space"), true},
                                                      {QStringLiteral("prepend_scheme"), QStringLiteral("always")}}},
        {QStringLiteral("post_processor"),
         QJsonObject{{QStringLiteral("type"), QStringLiteral("TemplateProcessing")},
                     {QStringLiteral("single"),
                      QJsonArray{special("<s>"),
                                 QJsonObject{{QStringLiteral("Sequence"),
                                              QJsonObject{{QStringLiteral("id"), QStringLiteral("A")}}}},
                                 special("</s>")}}}},
        {QStringLiteral("model"), QJsonObject{{QStringLiteral("type"), QStringLiteral("Unigram")},
                                              {QStringLiteral("unk_id"), 3},
                                              {QStringLiteral("vocab"), vocab},
                                              {QStringLiteral("byte_fallback"), false}}}};
}

} // namespace

class TestTokenizerJson : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }
    void wordPieceReadsAsBertsWordPiece();
    void xlmrUnigramReadsAsItsSentencePieceModel();
    void aFolderWithOnlyTokenizerJsonHasAVocabulary();
    void refusesWhatItDoesNotRead();

private:
    QTemporaryDir m_dir;
};

void TestTokenizerJson::wordPieceReadsAsBertsWordPiece()
{
    const std::vector<std::string> tokens{"[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "Where", "is",
                                          "my",    "par",   "##cel", "?",     "我",     "的",    "包",
                                          "裹",    "é",     "e",     "caf",   "##é",    "##e"};
    text::WordPieceOptions cased;
    cased.lowerCase = false;
    const auto expected = text::WordPieceTokenizer::fromTokens(tokens, cased);

    const auto templated = pathIn(m_dir, QStringLiteral("wordpiece-template.json"));
    writeJson(
        templated,
        wordPieceJson(tokens,
                      QJsonObject{{QStringLiteral("type"), QStringLiteral("TemplateProcessing")},
                                  {QStringLiteral("single"),
                                   QJsonArray{special("[CLS]"),
                                              QJsonObject{{QStringLiteral("Sequence"),
                                                           QJsonObject{{QStringLiteral("id"), QStringLiteral("A")}}}},
                                              special("[SEP]")}}}));
    const auto bertProcessing = pathIn(m_dir, QStringLiteral("wordpiece-bert.json"));
    writeJson(bertProcessing,
              wordPieceJson(tokens, QJsonObject{{QStringLiteral("type"), QStringLiteral("BertProcessing")},
                                                {QStringLiteral("sep"), QJsonArray{QStringLiteral("[SEP]"), 3}},
                                                {QStringLiteral("cls"), QJsonArray{QStringLiteral("[CLS]"), 2}}}));
    for (const auto &file : {templated, bertProcessing}) {
        const auto read = model::readTokenizerJson(file);
        QVERIFY(read.wordPiece());
        QCOMPARE(read.wordPiece()->options().lowerCase, false);
        QVERIFY(!read.wordPiece()->options().stripAccents);
        for (const auto &text : multilingualTexts)
            QCOMPARE(read.pieces().encode(text), expected.encode(text));
    }
    QCOMPARE(model::readTokenizerJson(templated).pieces().encode("Where is my parcel?"),
             (std::vector<int>{2, 5, 6, 7, 8, 9, 10, 3}));
}

void TestTokenizerJson::xlmrUnigramReadsAsItsSentencePieceModel()
{
    QStringList sentences;
    for (const auto &text : multilingualTexts)
        for (int i = 0; i < 20; ++i)
            sentences << QString::fromStdString(text) + QStringLiteral(" ") + QString::number(i % 7);
    const auto corpus = pathIn(m_dir, QStringLiteral("corpus.txt"));
    writeFile(corpus, sentences.join(QLatin1Char('\n')).toUtf8());
    const auto prefix = pathIn(m_dir, QStringLiteral("xlmr/sentencepiece.bpe"));
    std::filesystem::create_directories(prefix.parent_path());
    QProcess train;
    train.start(QStringLiteral("spm_train"),
                {QStringLiteral("--input=%1").arg(QString::fromStdString(corpus.string())),
                 QStringLiteral("--model_prefix=%1").arg(QString::fromStdString(prefix.string())),
                 QStringLiteral("--vocab_size=150"), QStringLiteral("--model_type=unigram"),
                 QStringLiteral("--hard_vocab_limit=false"), QStringLiteral("--character_coverage=0.98"),
                 QStringLiteral("--unk_id=0"), QStringLiteral("--bos_id=1"), QStringLiteral("--eos_id=2"),
                 QStringLiteral("--pad_id=-1"), QStringLiteral("--minloglevel=2")});
    QVERIFY(train.waitForFinished(60000) && train.exitCode() == 0);
    const auto slow = text::XlmrTokenizer::load(prefix.parent_path());
    const auto modelBytes = glossa::test::readFile(prefix.parent_path() / "sentencepiece.bpe.model").toStdString();
    QVERIFY(!text::precompiledCharsMapOf(modelBytes).empty()); // NFKC rules, as XLM-R's has

    for (const bool currentConverter : {false, true}) { // as older and current transformers write it
        const auto file = pathIn(m_dir, QStringLiteral("unigram-%1.json").arg(currentConverter));
        writeJson(file, xlmrUnigramJson(modelBytes, currentConverter));
        const auto read = model::readTokenizerJson(file);
        QVERIFY(read.sentencePiece());
        const auto fast = text::XlmrTokenizer::fromSentencePiece(
            text::SentencePieceTokenizer::fromSerialized(read.sentencePiece()->serialized()));
        QCOMPARE(fast.vocabSize(), slow.vocabSize());
        for (const auto &text : multilingualTexts) // every script, unseen characters, NFKC, spaces
            QCOMPARE(fast.encode(text, 512), slow.encode(text, 512));
        QCOMPARE(fast.encode("wo  ist  ", 512), slow.encode("wo  ist  ", 512));
        // Fullwidth letters read as ASCII ones through the character map.
        QCOMPARE(fast.encode("ｗｏ ｉｓｔ", 512), fast.encode("wo ist", 512));
    }
}

void TestTokenizerJson::aFolderWithOnlyTokenizerJsonHasAVocabulary()
{
    const auto folder = pathIn(m_dir, QStringLiteral("fast-only"));
    std::filesystem::create_directories(folder);
    writeJson(folder / "tokenizer.json",
              wordPieceJson({"[PAD]", "[UNK]", "[CLS]", "[SEP]", "hola"},
                            QJsonObject{{QStringLiteral("type"), QStringLiteral("BertProcessing")},
                                        {QStringLiteral("sep"), QJsonArray{QStringLiteral("[SEP]"), 3}},
                                        {QStringLiteral("cls"), QJsonArray{QStringLiteral("[CLS]"), 2}}}));
    const auto found = model::findFolderVocabulary(folder);
    QVERIFY(found && found->format == model::VocabularyFormat::TokenizerJson);
    QCOMPARE(model::loadFolderTokenizer(folder).pieces().encode("hola"), (std::vector<int>{2, 4, 3}));
    // The files it reads as, for a run to keep and an export to write.
    const auto written = pathIn(m_dir, QStringLiteral("fast-only-written"));
    std::filesystem::create_directories(written);
    model::writeHfTokenizerFiles(written, model::loadFolderTokenizer(folder), 512);
    QCOMPARE(glossa::test::readFile(written / "vocab.txt"), QByteArray("[PAD]\n[UNK]\n[CLS]\n[SEP]\nhola\n"));
}

void TestTokenizerJson::refusesWhatItDoesNotRead()
{
    auto refusal = [&](const QString &name, const QByteArray &content) {
        const auto file = pathIn(m_dir, name);
        writeFile(file, content);
        return errorFrom([&] { model::readTokenizerJson(file); }).value_or(QString());
    };
    const auto wordLevel = refusal(QStringLiteral("wordlevel.json"),
                                   R"({"model": {"type": "WordLevel", "vocab": {"a": 0}, "unk_token": "a"}})");
    QVERIFY2(wordLevel.contains(QLatin1String("wordlevel.json: model.type is 'WordLevel'")), qPrintable(wordLevel));
    // BPE is read (tst_bpetokenizer), but not without tokens.
    const auto bpe = refusal(QStringLiteral("bpe.json"), R"({"model": {"type": "BPE", "vocab": {}, "merges": []}})");
    QVERIFY2(bpe.contains(QLatin1String("bpe.json: model.vocab holds no tokens")), qPrintable(bpe));
    const auto layout =
        refusal(QStringLiteral("layout.json"),
                R"({"model": {"type": "Unigram", "unk_id": 0, "vocab": [["<unk>", 0], ["a", -1], ["b", -1],
                                   ["c", -1], ["d", -1], ["e", -1]]}})");
    QVERIFY2(layout.contains(QLatin1String("does not start <s> <pad> </s> <unk>")), qPrintable(layout));
    const auto lowercase =
        refusal(QStringLiteral("normaliser.json"),
                R"({"normalizer": {"type": "Lowercase"}, "pre_tokenizer": {"type": "BertPreTokenizer"},
            "model": {"type": "WordPiece", "unk_token": "[UNK]", "vocab": {"[UNK]": 0, "[CLS]": 1, "[SEP]": 2}}})");
    QVERIFY2(lowercase.contains(QLatin1String("normalizer is not BERT's")), qPrintable(lowercase));
    const auto ids =
        refusal(QStringLiteral("ids.json"),
                R"({"model": {"type": "WordPiece", "unk_token": "[UNK]", "vocab": {"[UNK]": 0, "[CLS]": 7}}})");
    QVERIFY2(ids.contains(QLatin1String("an id that is not one of 0 to 1 once each")), qPrintable(ids));
    const auto typed = refusal(QStringLiteral("typed.json"), R"({"model": {"type": "Unigram", "vocab": "many"}})");
    QVERIFY2(typed.contains(QLatin1String("typed.json: model.vocab")), qPrintable(typed));
    QVERIFY(refusal(QStringLiteral("array.json"), "[1, 2]").contains(QLatin1String("array.json")));
    QVERIFY(refusal(QStringLiteral("deep.json"), QByteArray(100, '[')).contains(QLatin1String("deep.json")));
}

QTEST_GUILESS_MAIN(TestTokenizerJson)
#include "tst_tokenizerjson.moc"
