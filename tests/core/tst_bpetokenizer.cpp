// BPE tokenizer.json files (the Hugging Face tokenizers format), read by model::readTokenizerJson
// and run by text::BpeTokenizer. Each tokenizer here is written by hand, vocabulary and merges
// included, and each expected token list is worked out by hand from the library's documented
// rules (GPT-2's pattern, merges by rank, added tokens, normalisers, pre-tokenizers, the
// post-processor), so that a rule read wrongly makes a row fail. Merges that would join
// across a pre-tokenizer boundary ("traps") show each split: they must not apply.

#include "bytelevelbpe.h"
#include "jsonfile.h"
#include "testsupport.h"

#include "model/foldervocabulary.h"
#include "model/tokenizerjson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <map>
#include <string>
#include <vector>

using namespace glossa;
using namespace glossa::core;
using namespace glossa::test;

using Pieces = std::vector<std::string>;
Q_DECLARE_METATYPE(Pieces)

namespace {

QJsonObject special(const char *token)
{
    return {{QStringLiteral("SpecialToken"),
             QJsonObject{{QStringLiteral("id"), QLatin1String(token)}, {QStringLiteral("type_id"), 0}}}};
}

QJsonObject sequence(const char *id)
{
    return {{QStringLiteral("Sequence"),
             QJsonObject{{QStringLiteral("id"), QLatin1String(id)}, {QStringLiteral("type_id"), 0}}}};
}

QJsonObject type(const char *name)
{
    return {{QStringLiteral("type"), QLatin1String(name)}};
}

// A hand-built tokenizer: its tokenizer.json, and the id of each piece a row names.
struct HandBuilt
{
    QJsonObject json;
    std::map<std::string, int> ids;
    std::vector<int> prefix;
    std::vector<int> suffix;
};

// RoBERTa's layout (bytelevelbpe.h) with merges for thirteen scripts and emoji. Pieces are named
// by their UTF-8 bytes.
HandBuilt byteLevelTokenizer(bool addPrefixSpace, bool legacyMerges)
{
    const std::vector<std::pair<std::string, std::string>> merges{
        {" ", "t"},                       // 0
        {"h", "e"},                       // 1
        {" t", "he"},                     // 2
        {"b", "c"},                       // 3: before a b, so "abc" is a + bc
        {"a", "b"},                       // 4
        {"'", "s"},                       // 5
        {"\xd0", "\xbc"},                 // 6: м
        {"\xd0", "\xb8"},                 // 7: и
        {"\xd1", "\x80"},                 // 8: р
        {"\xd0\xbc", "\xd0\xb8"},         // 9: ми, before " м"
        {" ", "\xd0\xbc"},                // 10: " м"
        {"\xc3", "\xa9"},                 // 11: é
        {"c", "a"},                       // 12
        {"ca", "f"},                      // 13
        {"caf", "\xc3\xa9"},              // 14: café
        {" ", " "},                       // 15
        {"\n", "\n"},                     // 16
        {"1", "2"},                       // 17
        {" ", "b"},                       // 18
        {"\xe0", "\xa4"},                 // 19: Devanagari's lead bytes
        {"\xe0\xa4", "\xb8"},             // 20: स
        {"\xe0\xa4\xb8", "\xe0"},         // 21: trap, स + the virama's first byte
        {"\xe0\xa4", "\xa8"},             // 22: न
        {"\xe0\xa4", "\xae"},             // 23: म
        {"\xe0\xa4\xa8", "\xe0\xa4\xae"}, // 24: नम
        {"\xe4", "\xbd"},                 // 25
        {"\xe4\xbd", "\xa0"},             // 26: 你
        {"\xe3", "\x81"},                 // 27
        {"\xe3\x81", "\xaf"},             // 28: は
        {"\xce", "\xb3"},                 // 29: γ
        {"\xce", "\xb5"},                 // 30: ε
        {"\xd8", "\xb3"},                 // 31: س
        {"\xe1", "\x83"},                 // 32: Georgian's lead bytes
        {"\xe1\x83", "\x90"},             // 33: ა
        {"\x8d", "\xf0"},                 // 34: one 👍 into the next
        {"k", "\xf0"},                    // 35: trap, a letter into an emoji
        {"\xe0", "\xb8"},                 // 36: Thai's lead bytes
        {"\xe0\xb8", "\xaa"},             // 37: ส
        {"\xa7", "\xe0\xb8"},             // 38: trap, ว's last byte into the mark after it
        {"'", "S"},                       // 39: trap, 'S is no contraction
        {"e", "'"},                       // 40: trap, across "we'll"
    };
    auto bpe = robertaTokenizerJson(merges, addPrefixSpace, legacyMerges);
    return {std::move(bpe.json), std::move(bpe.ids), {0}, {2}};
}

// A word-level BPE (as tokenizers' CharBPETokenizer builds one): NFKC then Lowercase,
// Whitespace, "##" before every character but a word's first, "</w>" after its last, [UNK]
// fused, [CLS] text [SEP] by BertProcessing. Pieces are named by their tokens.
HandBuilt wordTokenizer()
{
    const std::vector<std::string> tokens{"[UNK]", "[CLS]", "[SEP]",         "h", "##e", "##l", "##o</w>", "he",
                                          "##ll",  "hell",  "hello</w>",     "w", "##o", "##r", "##l</w>", "##d</w>",
                                          ",</w>", "i",     "##\xcc\x87</w>"};
    HandBuilt built;
    QJsonObject vocab;
    for (const auto &token : tokens) {
        built.ids[token] = static_cast<int>(vocab.size());
        vocab.insert(QString::fromStdString(token), static_cast<int>(vocab.size()));
    }
    built.prefix = {1};
    built.suffix = {2};
    built.json = {{QStringLiteral("normalizer"),
                   QJsonObject{{QStringLiteral("type"), QStringLiteral("Sequence")},
                               {QStringLiteral("normalizers"), QJsonArray{type("NFKC"), type("Lowercase")}}}},
                  {QStringLiteral("pre_tokenizer"), type("Whitespace")},
                  {QStringLiteral("post_processor"),
                   QJsonObject{{QStringLiteral("type"), QStringLiteral("BertProcessing")},
                               {QStringLiteral("sep"), QJsonArray{QStringLiteral("[SEP]"), 2}},
                               {QStringLiteral("cls"), QJsonArray{QStringLiteral("[CLS]"), 1}}}},
                  {QStringLiteral("model"),
                   QJsonObject{{QStringLiteral("type"), QStringLiteral("BPE")},
                               {QStringLiteral("unk_token"), QStringLiteral("[UNK]")},
                               {QStringLiteral("continuing_subword_prefix"), QStringLiteral("##")},
                               {QStringLiteral("end_of_word_suffix"), QStringLiteral("</w>")},
                               {QStringLiteral("fuse_unk"), true},
                               {QStringLiteral("vocab"), vocab},
                               {QStringLiteral("merges"),
                                QJsonArray{QJsonArray{QStringLiteral("h"), QStringLiteral("##e")},
                                           QJsonArray{QStringLiteral("##l"), QStringLiteral("##l")},
                                           QJsonArray{QStringLiteral("he"), QStringLiteral("##ll")},
                                           QJsonArray{QStringLiteral("hell"), QStringLiteral("##o</w>")}}}}}};
    return built;
}

// SentencePiece-style BPE (as Llama's converter writes one): NFC, Metaspace prepending ▁ to
// the text's start only, byte_fallback, ignore_merges, <s> text by TemplateProcessing.
HandBuilt metaspaceTokenizer()
{
    HandBuilt built;
    QJsonObject vocab;
    auto add = [&](const std::string &token) {
        built.ids[token] = static_cast<int>(vocab.size());
        vocab.insert(QString::fromStdString(token), static_cast<int>(vocab.size()));
    };
    for (const char *token : {"<unk>", "<s>", "</s>"})
        add(token);
    for (int byte = 0; byte < 256; ++byte) {
        char name[8];
        std::snprintf(name, sizeof name, "<0x%02X>", byte);
        add(name);
    }
    for (const char *token : {"\xe2\x96\x81", "h", "i", "\xe2\x96\x81h", "\xe2\x96\x81hi", "\xe2\x96\x81there"})
        add(token);
    built.prefix = {1};
    built.json = {
        {QStringLiteral("added_tokens"),
         QJsonArray{addedTokenJson(0, QStringLiteral("<unk>")), addedTokenJson(1, QStringLiteral("<s>")),
                    addedTokenJson(2, QStringLiteral("</s>"))}},
        {QStringLiteral("normalizer"), type("NFC")},
        {QStringLiteral("pre_tokenizer"), QJsonObject{{QStringLiteral("type"), QStringLiteral("Metaspace")},
                                                      {QStringLiteral("replacement"), QStringLiteral("\u2581")},
                                                      {QStringLiteral("prepend_scheme"), QStringLiteral("first")},
                                                      {QStringLiteral("split"), true}}},
        {QStringLiteral("post_processor"),
         QJsonObject{{QStringLiteral("type"), QStringLiteral("TemplateProcessing")},
                     {QStringLiteral("single"), QJsonArray{special("<s>"), sequence("A")}},
                     {QStringLiteral("pair"), QJsonArray{special("<s>"), sequence("A"), sequence("B")}},
                     {QStringLiteral("special_tokens"),
                      QJsonObject{{QStringLiteral("<s>"),
                                   QJsonObject{{QStringLiteral("id"), QStringLiteral("<s>")},
                                               {QStringLiteral("ids"), QJsonArray{1}},
                                               {QStringLiteral("tokens"), QJsonArray{QStringLiteral("<s>")}}}}}}}},
        {QStringLiteral("model"),
         QJsonObject{{QStringLiteral("type"), QStringLiteral("BPE")},
                     {QStringLiteral("unk_token"), QStringLiteral("<unk>")},
                     {QStringLiteral("byte_fallback"), true},
                     {QStringLiteral("ignore_merges"), true},
                     {QStringLiteral("vocab"), vocab},
                     {QStringLiteral("merges"), QJsonArray{QStringLiteral("\u2581 h"), QStringLiteral("\u2581h i")}}}}};
    return built;
}

HandBuilt tokenizerNamed(const QString &name)
{
    if (name == QLatin1String("words"))
        return wordTokenizer();
    if (name == QLatin1String("metaspace"))
        return metaspaceTokenizer();
    return byteLevelTokenizer(name == QLatin1String("bytelevel-prefix"), name == QLatin1String("bytelevel-prefix"));
}

} // namespace

class TestBpeTokenizer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }
    void idsFollowTheLibrarysRules_data();
    void idsFollowTheLibrarysRules();
    void decodesWhatItEncodes();
    void robertaLayoutIsWrittenForRobertaTokenizer();
    void otherBpeIsWrittenForTheFastTokenizer();
    void refusesWhatItCannotRunFaithfully_data();
    void refusesWhatItCannotRunFaithfully();

private:
    QTemporaryDir m_dir;
};

void TestBpeTokenizer::idsFollowTheLibrarysRules_data()
{
    QTest::addColumn<QString>("tokenizer");
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<Pieces>("pieces");
    const auto byteLevel = QStringLiteral("bytelevel");
    auto row = [](const char *name, const QString &tokenizer, const char *text, Pieces pieces) {
        QTest::newRow(name) << tokenizer << QByteArray(text) << std::move(pieces);
    };
    // Thirteen scripts and emoji: letters are one word each, marks and emoji are not letters.
    row("latin-accents", byteLevel, "caf\xc3\xa9", {"caf\xc3\xa9"});
    row("cyrillic-ranks", byteLevel, "мир мир", {"ми", "р", " ", "ми", "р"});
    row("greek", byteLevel, "γεια", {"γ", "ε", "\xce", "\xb9", "\xce", "\xb1"});
    row("arabic", byteLevel, "سلام", {"س", "\xd9", "\x84", "\xd8", "\xa7", "\xd9", "\x85"});
    row("hebrew", byteLevel, "שלום", {"\xd7", "\xa9", "\xd7", "\x9c", "\xd7", "\x95", "\xd7", "\x9d"});
    row("devanagari-marks-split", byteLevel, "नमस्ते",
        {"नम", "स", "\xe0", "\xa5", "\x8d", "\xe0\xa4", "\xa4", "\xe0", "\xa5", "\x87"});
    row("thai-marks-split", byteLevel, "สวัสดี",
        {"ส", "\xe0\xb8", "\xa7", "\xe0\xb8", "\xb1", "ส", "\xe0\xb8", "\x94", "\xe0\xb8", "\xb5"});
    row("han", byteLevel, "你好", {"你", "\xe5", "\xa5", "\xbd"});
    row("kana", byteLevel, "こんにちは",
        {"\xe3\x81", "\x93", "\xe3", "\x82", "\x93", "\xe3\x81", "\xab", "\xe3\x81", "\xa1", "は"});
    row("hangul", byteLevel, "안녕", {"\xec", "\x95", "\x88", "\xeb", "\x85", "\x95"});
    row("georgian", byteLevel, "გამარჯობა",
        {"\xe1\x83", "\x92", "ა", "\xe1\x83", "\x9b", "ა", "\xe1\x83", "\xa0", "\xe1\x83", "\xaf", "\xe1\x83", "\x9d",
         "\xe1\x83", "\x91", "ა"});
    row("armenian", byteLevel, "բարեւ",
        {"\xd5", "\xa2", "\xd5", "\xa1", "\xd6", "\x80", "\xd5", "\xa5", "\xd6", "\x82"});
    row("ethiopic", byteLevel, "ሰላም", {"\xe1", "\x88", "\xb0", "\xe1", "\x88", "\x8b", "\xe1", "\x88", "\x9d"});
    row("emoji-run", byteLevel, "👍👍", {"\xf0", "\x9f", "\x91", "\x8d\xf0", "\x9f", "\x91", "\x8d"});
    row("emoji-after-word", byteLevel, "ok👍", {"o", "k", "\xf0", "\x9f", "\x91", "\x8d"});
    // GPT-2's contractions are lower-case and split from the word before.
    row("contraction", byteLevel, "it's", {"i", "t", "'s"});
    row("contraction-upper-case", byteLevel, "IT'S", {"I", "T", "'", "S"});
    row("contraction-ll", byteLevel, "we'll", {"w", "e", "'", "l", "l"});
    // Whitespace: a run before a word leaves its last space to the word.
    row("spaces", byteLevel, "a   b", {"a", "  ", " b"});
    row("newlines", byteLevel, "a\n\nb", {"a", "\n", "\n", "b"});
    row("trailing-newlines", byteLevel, "a\n\n", {"a", "\n\n"});
    row("digits", byteLevel, "2024 12", {"2", "0", "2", "4", " ", "12"});
    row("letters-then-digits", byteLevel, "abc123", {"a", "bc", "12", "3"});
    row("space-word", byteLevel, "in the", {"i", "n", " the"});
    row("empty", byteLevel, "", {});
    // Added tokens are found in the raw text; <mask> takes the space before it (lstrip).
    row("specials-in-text", byteLevel, "<s>hi</s>", {"<s>", "h", "i", "</s>"});
    row("mask-lstrip", byteLevel, "a <mask>", {"a", "<mask>"});
    // add_prefix_space puts a space before every piece between added tokens.
    const auto prefixed = QStringLiteral("bytelevel-prefix");
    row("prefix-space", prefixed, "the", {" the"});
    row("prefix-space-kept", prefixed, " the", {" the"});
    row("prefix-space-cyrillic", prefixed, "мир", {" ", "ми", "р"});
    row("prefix-space-after-special", prefixed, "<s>the", {"<s>", " the"});
    // Word-level BPE: NFKC, Lowercase (İ keeps its dot), Whitespace, prefix, suffix, fused [UNK].
    const auto words = QStringLiteral("words");
    row("words-merge", words, "HELLO", {"hello</w>"});
    row("words-nfkc", words, "ｈｅｌｌｏ", {"hello</w>"});
    row("words-unknown-fused", words, "hexxo", {"he", "[UNK]", "##o</w>"});
    row("words-punctuation", words, "hello, world!",
        {"hello</w>", ",</w>", "w", "##o", "##r", "##l", "##d</w>", "[UNK]"});
    row("words-dotted-capital-i", words, "\xc4\xb0", {"i", "##\xcc\x87</w>"});
    // Metaspace: ▁ first only at the text's start, <0xNN> byte tokens, ignore_merges.
    const auto metaspace = QStringLiteral("metaspace");
    row("metaspace-ignore-merges", metaspace, "hi there", {"\xe2\x96\x81hi", "\xe2\x96\x81there"});
    row("metaspace-byte-fallback", metaspace, "e\xcc\x81", {"\xe2\x96\x81", "<0xC3>", "<0xA9>"});
    row("metaspace-after-special", metaspace, "<s>hi", {"<s>", "h", "i"});
    row("metaspace-spaces", metaspace, "  x", {"\xe2\x96\x81", "\xe2\x96\x81", "<0x78>"});
}

void TestBpeTokenizer::idsFollowTheLibrarysRules()
{
    QFETCH(QString, tokenizer);
    QFETCH(QByteArray, text);
    QFETCH(Pieces, pieces);
    const auto built = tokenizerNamed(tokenizer);
    const auto file = pathIn(m_dir, tokenizer + QStringLiteral(".json"));
    writeJson(file, built.json);
    const auto read = model::readTokenizerJson(file);
    QVERIFY(read.bpe());
    std::vector<int> expected = built.prefix;
    for (const auto &piece : pieces) {
        const auto found = built.ids.find(piece);
        QVERIFY2(found != built.ids.end(), piece.c_str());
        expected.push_back(found->second);
    }
    expected.insert(expected.end(), built.suffix.begin(), built.suffix.end());
    QCOMPARE(read.pieces().encode(text.toStdString()), expected);
}

void TestBpeTokenizer::decodesWhatItEncodes()
{
    const auto file = pathIn(m_dir, QStringLiteral("decode.json"));
    writeJson(file, byteLevelTokenizer(false, false).json);
    const auto read = model::readTokenizerJson(file);
    for (const char *text : {"мир мир", "नमस्ते 👍👍", "a   b\n\nc", "Where is my parcel?"}) {
        const auto ids = read.pieces().encode(text);
        QCOMPARE(read.pieces().decode(ids), std::string(text));
    }
    // Pieces as the vocabulary spells them, GPT-2's Ġ for a space.
    QCOMPARE(read.pieces().encodePieces("in the"), (std::vector<std::string>{"i", "n", "\xc4\xa0the"}));
    QCOMPARE(read.pieces().vocabSize(), 4 + 256 + 41 + 1); // <mask> last
}

void TestBpeTokenizer::robertaLayoutIsWrittenForRobertaTokenizer()
{
    const auto source = pathIn(m_dir, QStringLiteral("roberta.json"));
    writeJson(source, byteLevelTokenizer(false, false).json);
    const auto folder = pathIn(m_dir, QStringLiteral("roberta-written"));
    std::filesystem::create_directories(folder);
    model::writeHfTokenizerFiles(folder, model::readTokenizerJson(source), 512);
    // tokenizer.json as it was read, vocab.json and merges.txt for the slow tokenizer.
    QCOMPARE(readFile(folder / "tokenizer.json"), readFile(source));
    const auto vocab = QJsonDocument::fromJson(readFile(folder / "vocab.json")).object();
    QCOMPARE(vocab.size(), 4 + 256 + 41);
    QCOMPARE(vocab[QStringLiteral("</s>")].toInt(), 2);
    QCOMPARE(vocab[byteLevel(" the")].toInt(), 4 + 256 + 2);
    const auto merges = readFile(folder / "merges.txt").split('\n');
    QCOMPARE(merges.front(), QByteArray("#version: 0.2")); // transformers skips the first line
    QCOMPARE(merges[1], byteLevel(" t").toUtf8().insert(2, ' '));
    QCOMPARE(merges.size(), 1 + 41 + 1);
    const auto config = QJsonDocument::fromJson(readFile(folder / "tokenizer_config.json")).object();
    QCOMPARE(config[QStringLiteral("tokenizer_class")].toString(), QStringLiteral("RobertaTokenizer"));
    QCOMPARE(config[QStringLiteral("add_prefix_space")].toBool(true), false);
    QCOMPARE(config[QStringLiteral("mask_token")].toString(), QStringLiteral("<mask>"));
    QCOMPARE(config[QStringLiteral("model_max_length")].toInt(), 512);
    const auto map = QJsonDocument::fromJson(readFile(folder / "special_tokens_map.json")).object();
    QCOMPARE(map[QStringLiteral("cls_token")].toString(), QStringLiteral("<s>"));
    // The written folder reads as the same tokenizer.
    const auto reread = model::loadFolderTokenizer(folder);
    QVERIFY(reread.bpe());
    QCOMPARE(reread.pieces().encode("мир <mask>"), model::readTokenizerJson(source).pieces().encode("мир <mask>"));
}

void TestBpeTokenizer::otherBpeIsWrittenForTheFastTokenizer()
{
    const auto source = pathIn(m_dir, QStringLiteral("metaspace-export.json"));
    writeJson(source, metaspaceTokenizer().json);
    const auto folder = pathIn(m_dir, QStringLiteral("metaspace-written"));
    std::filesystem::create_directories(folder);
    model::writeHfTokenizerFiles(folder, model::readTokenizerJson(source), 256);
    QCOMPARE(readFile(folder / "tokenizer.json"), readFile(source));
    QVERIFY(!std::filesystem::exists(folder / "vocab.json")); // RobertaTokenizer would read it differently
    const auto config = QJsonDocument::fromJson(readFile(folder / "tokenizer_config.json")).object();
    QCOMPARE(config[QStringLiteral("tokenizer_class")].toString(), QStringLiteral("PreTrainedTokenizerFast"));
    QCOMPARE(config[QStringLiteral("cls_token")].toString(), QStringLiteral("<s>"));
    QCOMPARE(config[QStringLiteral("unk_token")].toString(), QStringLiteral("<unk>"));
}

void TestBpeTokenizer::refusesWhatItCannotRunFaithfully_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("expected");
    const auto roberta = QJsonDocument(byteLevelTokenizer(false, false).json).toJson(QJsonDocument::Compact);
    auto edited = [&](const std::function<void(QJsonObject &)> &edit) {
        auto json = byteLevelTokenizer(false, false).json;
        edit(json);
        return QJsonDocument(json).toJson(QJsonDocument::Compact);
    };
    auto model = [&](const char *field, const QJsonValue &value) {
        return edited([&](QJsonObject &json) {
            auto inner = json[QStringLiteral("model")].toObject();
            inner[QLatin1String(field)] = value;
            json[QStringLiteral("model")] = inner;
        });
    };
    QTest::newRow("dropout") << model("dropout", 0.1) << QStringLiteral("model.dropout is 0.1; BPE dropout");
    QTest::newRow("unknown-pre-tokenizer")
        << edited([](QJsonObject &json) { json[QStringLiteral("pre_tokenizer")] = type("Digits"); })
        << QStringLiteral("pre_tokenizer has a 'Digits' part");
    QTest::newRow("split-in-sequence") << edited([](QJsonObject &json) {
        json[QStringLiteral("pre_tokenizer")] =
            QJsonObject{{QStringLiteral("type"), QStringLiteral("Sequence")},
                        {QStringLiteral("pretokenizers"), QJsonArray{type("Split"), type("ByteLevel")}}};
    }) << QStringLiteral("pre_tokenizer has a 'Split' part");
    QTest::newRow("unknown-normalizer") << edited([](QJsonObject &json) {
        json[QStringLiteral("normalizer")] = type("Precompiled");
    }) << QStringLiteral("normalizer has a 'Precompiled' part");
    QTest::newRow("unknown-post-processor")
        << edited([](QJsonObject &json) { json[QStringLiteral("post_processor")] = type("Unknown"); })
        << QStringLiteral("post_processor is 'Unknown'");
    QTest::newRow("merge-outside-vocab") << model("merges",
                                                  QJsonArray{QJsonArray{QStringLiteral("a"), QStringLiteral("\u0416")}})
                                         << QStringLiteral(
                                                "model.merges[0]: names '\u0416', which model.vocab does not hold");
    QTest::newRow("merged-token-outside-vocab")
        << model("merges", QJsonArray{QJsonArray{QStringLiteral("x"), QStringLiteral("y")}})
        << QStringLiteral("model.merges[0]: joins 'x' and 'y' into 'xy', which model.vocab does not hold");
    QTest::newRow("merge-not-a-pair") << model("merges", QJsonArray{QStringLiteral("a b c")})
                                      << QStringLiteral("model.merges[0] is not two tokens split by one space");
    QTest::newRow("unk-outside-vocab") << model("unk_token", QStringLiteral("[UNK]"))
                                       << QStringLiteral(
                                              "model.unk_token: is '[UNK]', which model.vocab does not hold");
    QTest::newRow("vocab-id-repeated") << edited([](QJsonObject &json) {
        auto inner = json[QStringLiteral("model")].toObject();
        auto vocab = inner[QStringLiteral("vocab")].toObject();
        vocab[QStringLiteral("<pad>")] = 0;
        inner[QStringLiteral("vocab")] = vocab;
        json[QStringLiteral("model")] = inner;
    }) << QStringLiteral("the id 0, which");
    QTest::newRow("added-token-id") << edited([](QJsonObject &json) {
        auto added = json[QStringLiteral("added_tokens")].toArray();
        added[4] = addedTokenJson(9999, QStringLiteral("<mask>"), true);
        json[QStringLiteral("added_tokens")] = added;
    }) << QStringLiteral("added_tokens[4]: gives '<mask>' the id 9999, but the tokenizers library gives it 301");
    QTest::newRow("field-type") << model("fuse_unk", QStringLiteral("yes"))
                                << QStringLiteral("model.fuse_unk is \"yes\", not true or false");
    QTest::newRow("truncated") << roberta.left(roberta.size() / 2) << QStringLiteral("not valid JSON");
}

void TestBpeTokenizer::refusesWhatItCannotRunFaithfully()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, expected);
    const auto file = pathIn(m_dir, QStringLiteral("refused.json"));
    writeFile(file, content);
    const auto error = errorFrom([&] { model::readTokenizerJson(file); }).value_or(QString());
    QVERIFY2(error.startsWith(QString::fromStdString(file.string()) + QStringLiteral(": ")), qPrintable(error));
    QVERIFY2(error.contains(expected), qPrintable(error));
}

QTEST_GUILESS_MAIN(TestBpeTokenizer)
#include "tst_bpetokenizer.moc"
