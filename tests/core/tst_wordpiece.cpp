// BERT's WordPiece tokenizer, as transformers' BertTokenizer documents its rules, on texts in
// fifteen scripts: what an uncased model (lower-cased, accents stripped) and a cased one see,
// the cleaning of control and format characters, CJK ideographs as words of their own (kana
// and Hangul not), punctuation split, and the greedy longest-match word pieces.

#include "model/tokenizerconfig.h"
#include "text/wordpiecetokenizer.h"
#include "util/error.h"

#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

using namespace glossa::core;
using Tokens = std::vector<std::string>;

namespace {

text::WordPieceTokenizer uncased()
{
    return text::WordPieceTokenizer::fromTokens({"[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "un", "##aff", "##able",
                                                 "hello", "world", ",", "!", "?", "a", "##b", "##c", "abc", "##d"});
}

text::WordPieceTokenizer cased()
{
    text::WordPieceOptions options;
    options.lowerCase = false;
    return text::WordPieceTokenizer::fromTokens({"[PAD]", "[UNK]", "[CLS]", "[SEP]"}, options);
}

std::string utf8(const char32_t *text)
{
    std::string out;
    for (; *text; ++text) {
        const auto cp = static_cast<std::uint32_t>(*text);
        if (cp < 0x80) {
            out += static_cast<char>(cp);
        } else if (cp < 0x800) {
            out += static_cast<char>(0xC0 | (cp >> 6));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            out += static_cast<char>(0xE0 | (cp >> 12));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        } else {
            out += static_cast<char>(0xF0 | (cp >> 18));
            out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        }
    }
    return out;
}

QByteArray shown(const Tokens &tokens)
{
    QByteArray text;
    for (const auto &token : tokens)
        text += "[" + QByteArray::fromStdString(token) + "]";
    return text;
}

} // namespace

class WordPieceTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void uncasedBasicTokens_data();
    void uncasedBasicTokens();
    void casedKeepsCaseAndAccents();
    void cleansControlAndFormatCharacters();
    void greedyLongestMatchPieces();
    void encodesWithClassAndSeparator();
    void findsSpecialTokensWrittenInTheText();
    void loadsVocabularyFiles();
    void readsTokenizerConfig();
};

void WordPieceTest::uncasedBasicTokens_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("tokens");
    auto row = [](const char *name, const char32_t *text, std::initializer_list<const char32_t *> tokens) {
        QStringList expected;
        for (const auto *token : tokens)
            expected.append(QString::fromStdString(utf8(token)));
        QTest::newRow(name) << QString::fromStdString(utf8(text)) << expected;
    };
    row("Latin, punctuation", U"Hello, World!", {U"hello", U",", U"world", U"!"});
    row("Latin, accents stripped", U"Où est mon colis?", {U"ou", U"est", U"mon", U"colis", U"?"});
    row("German sharp s stays", U"Straße ÄRGER", {U"straße", U"arger"});
    row("Turkish dotted I: i and a dot, the dot stripped", U"İSTANBUL", {U"istanbul"});
    row("Greek: final sigma, tonos stripped", U"ΟΔΟΣ Αθήνα", {U"οδος", U"αθηνα"});
    row("Cyrillic: the breve of й is an accent", U"Где мой заказ?", {U"где", U"мои", U"заказ", U"?"});
    row("Arabic: hamza stripped, Arabic question mark split", U"أين طلبي؟", {U"اين", U"طلبي", U"؟"});
    row("Hebrew", U"שלום, עולם", {U"שלום", U",", U"עולם"});
    row("Devanagari: virama and vowel signs are nonspacing marks", U"नमस्ते", {U"नमसत"});
    row("Chinese: every ideograph a word", U"我的包裹在哪里", {U"我", U"的", U"包", U"裹", U"在", U"哪", U"里"});
    // The dakuten of ど is a combining mark once decomposed: uncased BERT reads どこ as とこ.
    row("Japanese: ideographs split, kana kept together, dakuten stripped", U"荷物はどこ？",
        {U"荷", U"物", U"はとこ", U"？"});
    row("Korean: Hangul decomposed into jamo by NFD", U"제 주문",
        {U"\U0000110C\U00001166", U"\U0000110C\U0000116E\U00001106\U0000116E\U000011AB"});
    row("Thai: vowel marks above stripped", U"สวัสดีครับ", {U"สวสดครบ"});
    row("Georgian", U"გამარჯობა", {U"გამარჯობა"});
    row("Armenian", U"Բարեւ", {U"բարեւ"});
    row("Ethiopic", U"ሰላም ዓለም", {U"ሰላም", U"ዓለም"});
    row("Tamil: vowel sign and virama stripped", U"வணக்கம்", {U"வணககம"});
}

void WordPieceTest::uncasedBasicTokens()
{
    QFETCH(QString, text);
    QFETCH(QStringList, tokens);
    Tokens expected;
    for (const auto &token : tokens)
        expected.push_back(token.toStdString());
    const auto got = uncased().basicTokens(text.toStdString());
    const QByteArray message = shown(got) + " instead of " + shown(expected);
    QVERIFY2(got == expected, message.constData());
}

void WordPieceTest::casedKeepsCaseAndAccents()
{
    const auto tokenizer = cased();
    QCOMPARE(tokenizer.basicTokens(utf8(U"Où est Straße, İstanbul?")),
             (Tokens{utf8(U"Où"), "est", utf8(U"Straße"), ",", utf8(U"İstanbul"), "?"}));
    QCOMPARE(tokenizer.basicTokens(utf8(U"제 주문은 어디에?")),
             (Tokens{utf8(U"제"), utf8(U"주문은"), utf8(U"어디에"), "?"}));
    // A cased model that asks for stripped accents gets them stripped, the case kept.
    text::WordPieceOptions options;
    options.lowerCase = false;
    options.stripAccents = true;
    const auto stripping = text::WordPieceTokenizer::fromTokens({"[UNK]", "[CLS]", "[SEP]"}, options);
    QCOMPARE(stripping.basicTokens(utf8(U"Où")), (Tokens{"Ou"}));
    // An uncased model told not to strip accents only lower-cases.
    options.lowerCase = true;
    options.stripAccents = false;
    const auto keeping = text::WordPieceTokenizer::fromTokens({"[UNK]", "[CLS]", "[SEP]"}, options);
    QCOMPARE(keeping.basicTokens(utf8(U"OÙ")), (Tokens{utf8(U"où")}));
}

void WordPieceTest::cleansControlAndFormatCharacters()
{
    const auto tokenizer = uncased();
    // NUL, U+FFFD, a zero-width joiner (format, Cf) and an escape (control, Cc) disappear; a tab,
    // a no-break space and a line separator split words; invalid UTF-8 reads as U+FFFD.
    QCOMPARE(tokenizer.basicTokens(std::string("a\0b", 3) + utf8(U"\U0000FFFDc\U0000200Dd\x1B") + "e"),
             (Tokens{"abcde"}));
    QCOMPARE(tokenizer.basicTokens(utf8(U"one\ttwo\U000000A0three\U00002028four")),
             (Tokens{"one", "two", "three", "four"}));
    QCOMPARE(tokenizer.basicTokens("ok\xff\xfe!"), (Tokens{"ok", "!"}));
    // Decomposed and composed forms are one word after NFC (and the accent stripped anyway).
    QCOMPARE(tokenizer.basicTokens(utf8(U"e\U00000301")), tokenizer.basicTokens(utf8(U"\U000000E9")));
}

void WordPieceTest::greedyLongestMatchPieces()
{
    const auto tokenizer = uncased();
    QCOMPARE(tokenizer.encodePieces("unaffable"), (Tokens{"un", "##aff", "##able"}));
    // Longest first: "abc" beats "a" + "##b" + "##c".
    QCOMPARE(tokenizer.encodePieces("abcd"), (Tokens{"abc", "##d"}));
    // A word with a part no piece matches is the unknown token, whole.
    QCOMPARE(tokenizer.encodePieces("unknown hello"), (Tokens{"[UNK]", "hello"}));
    // Over 100 characters: unknown, even when pieces would match.
    QCOMPARE(tokenizer.encodePieces("a" + std::string(100, 'b')), (Tokens{"[UNK]"}));
    QCOMPARE(tokenizer.encodePieces("a" + std::string(99, 'b')).size(), std::size_t(100));
}

void WordPieceTest::encodesWithClassAndSeparator()
{
    const auto tokenizer = uncased();
    QCOMPARE(tokenizer.encode("Hello, unaffable world!"), (std::vector<int>{2, 8, 10, 5, 6, 7, 9, 11, 3}));
    QCOMPARE(tokenizer.encode("Hello, unaffable world!", 4), (std::vector<int>{2, 8, 10, 3}));
    QCOMPARE(tokenizer.decode(tokenizer.encode("Hello, unaffable world!")), std::string("hello , unaffable world !"));
    QVERIFY_THROWS_EXCEPTION(Error, tokenizer.encode("x", 1));
}

// As BertTokenizer and the fast tokenizer do: a special token written in the text is that token,
// found before cleaning and lower-casing (so "[mask]" is not one), wherever it stands.
void WordPieceTest::findsSpecialTokensWrittenInTheText()
{
    const auto tokenizer = uncased();
    QCOMPARE(tokenizer.encode("[CLS]"), (std::vector<int>{2, 2, 3}));
    QCOMPARE(tokenizer.encode("hello[MASK]world"), (std::vector<int>{2, 8, 4, 9, 3}));
    QCOMPARE(tokenizer.encodePieces("Hello [SEP] world [UNK]"), (Tokens{"hello", "[SEP]", "world", "[UNK]"}));
    // Written in lower case it is three words this vocabulary does not hold: [ mask ].
    QCOMPARE(tokenizer.encode("[mask]"), (std::vector<int>{2, 1, 1, 1, 3}));
}

void WordPieceTest::loadsVocabularyFiles()
{
    QTemporaryDir dir;
    const auto path = std::filesystem::path(dir.filePath(QStringLiteral("vocab.txt")).toStdString());
    {
        std::ofstream file(path, std::ios::binary);
        file << "[PAD]\r\n[UNK]\r\n[CLS]\r\n[SEP]\r\nhello\r\nhello\r\n##s";
    }
    const auto tokenizer = text::WordPieceTokenizer::load(path);
    QCOMPARE(tokenizer.vocabSize(), 7);
    QCOMPARE(tokenizer.idOf("hello"), std::optional<int>(5)); // a repeated token answers to its last line
    QCOMPARE(tokenizer.idOf("##s"), std::optional<int>(6));
    QCOMPARE(tokenizer.paddingId(), std::optional<int>(0));
    QCOMPARE(tokenizer.encode("Hellos"), (std::vector<int>{2, 5, 6, 3}));
    {
        std::ofstream file(path, std::ios::binary);
        file << "[PAD]\n[CLS]\n[SEP]\nhello\n";
    }
    try {
        text::WordPieceTokenizer::load(path);
        QFAIL("a vocabulary without [UNK] was accepted");
    } catch (const Error &e) {
        QVERIFY2(std::string(e.what()).find("vocab.txt: the vocabulary has no unknown token '[UNK]'")
                     != std::string::npos,
                 e.what());
    }
    {
        std::ofstream file(path, std::ios::binary);
        file << "[UNK]\n[CLS]\n[SEP]\nbad\xff\n";
    }
    try {
        text::WordPieceTokenizer::load(path);
        QFAIL("a vocabulary that is not UTF-8 was accepted");
    } catch (const Error &e) {
        QVERIFY2(std::string(e.what()).find("vocab.txt:4: not UTF-8") != std::string::npos, e.what());
    }
    QVERIFY_THROWS_EXCEPTION(Error, text::WordPieceTokenizer::load(dir.path().toStdString()));
}

void WordPieceTest::readsTokenizerConfig()
{
    QTemporaryDir dir;
    const std::filesystem::path folder = dir.path().toStdString();
    // No tokenizer_config.json: BertTokenizer's defaults.
    auto options = model::readWordPieceOptions(folder);
    QVERIFY(options.lowerCase);
    QVERIFY(!options.stripAccents);
    QCOMPARE(options.unknownToken, std::string("[UNK]"));
    auto write = [&](const char *json) {
        std::ofstream file(folder / "tokenizer_config.json", std::ios::binary);
        file << json;
    };
    // bert-base-multilingual-cased's, with an AddedToken object as newer transformers write them.
    write(R"({"do_lower_case": false, "strip_accents": null, "tokenize_chinese_chars": true,
              "unk_token": {"content": "<unk>", "lstrip": false, "__type": "AddedToken"}, "cls_token": "[CLS]",
              "model_max_length": 512, "tokenizer_class": "BertTokenizer"})");
    options = model::readWordPieceOptions(folder);
    QVERIFY(!options.lowerCase);
    QVERIFY(!options.stripAccents);
    QCOMPARE(options.unknownToken, std::string("<unk>"));
    QCOMPARE(options.separatorToken, std::string("[SEP]"));
    write(R"({"do_lower_case": true, "strip_accents": false})");
    QCOMPARE(model::readWordPieceOptions(folder).stripAccents, std::optional<bool>(false));
    // A field of the wrong type is refused by name; so is a file nested too deep.
    write(R"({"do_lower_case": "yes"})");
    try {
        model::readWordPieceOptions(folder);
        QFAIL("do_lower_case \"yes\" was accepted");
    } catch (const Error &e) {
        QVERIFY2(std::string(e.what()).find("tokenizer_config.json: do_lower_case is \"yes\", not true or false")
                     != std::string::npos,
                 e.what());
    }
    write((std::string(40, '[') + std::string(40, ']')).c_str());
    QVERIFY_THROWS_EXCEPTION(Error, model::readWordPieceOptions(folder));
    write(R"({"unk_token": 7})");
    QVERIFY_THROWS_EXCEPTION(Error, model::readWordPieceOptions(folder));
}

QTEST_GUILESS_MAIN(WordPieceTest)
#include "tst_wordpiece.moc"
