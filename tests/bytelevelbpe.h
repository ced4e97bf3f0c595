#pragma once

// A byte-level BPE tokenizer.json in RoBERTa's layout, written by hand for the tests that read
// one (tst_bpetokenizer) or train on one (tst_runartefacts).

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace glossa::test {

// GPT-2's byte-to-character map as its definition gives it: the printable bytes '!'..'~',
// '¡'..'¬' and '®'..'ÿ' are their own Latin-1 characters; the other 68 bytes, in byte order,
// are U+0100 onwards.
inline QString byteLevel(const std::string &bytes)
{
    auto printable = [](unsigned b) { return (b >= 0x21 && b <= 0x7E) || (b >= 0xA1 && b <= 0xAC) || b >= 0xAE; };
    QString out;
    for (const char c : bytes) {
        const auto byte = static_cast<unsigned char>(c);
        char16_t shifted = 0x100;
        for (unsigned before = 0; before < byte; ++before)
            shifted += printable(before) ? 0 : 1;
        out += QChar(printable(byte) ? char16_t(byte) : shifted);
    }
    return out;
}

// An added_tokens entry, special and, unless said, not normalised.
inline QJsonObject addedTokenJson(int id, const QString &content, bool lstrip = false)
{
    return {{QStringLiteral("id"), id},
            {QStringLiteral("content"), content},
            {QStringLiteral("single_word"), false},
            {QStringLiteral("lstrip"), lstrip},
            {QStringLiteral("rstrip"), false},
            {QStringLiteral("normalized"), false},
            {QStringLiteral("special"), true}};
}

struct ByteLevelBpe
{
    QJsonObject json;
    std::map<std::string, int> ids; // each token's id by its UTF-8 bytes, and "<mask>"'s
};

// RoBERTa's layout, small: <s> <pad> </s> <unk>, the 256 byte characters (byte b is id 4 + b),
// then each merge's token in merge order (merges given as UTF-8 bytes); <mask> only in
// added_tokens (lstrip, as RoBERTa's), so the tokenizers library gives it the id after the
// vocabulary. No normaliser, ByteLevel, <s> text </s> by RobertaProcessing. legacyMerges:
// merges as "a b" strings after a "#version" line, as files from before tokenizers 0.20.
inline ByteLevelBpe robertaTokenizerJson(const std::vector<std::pair<std::string, std::string>> &merges,
                                         bool addPrefixSpace = false, bool legacyMerges = false)
{
    ByteLevelBpe built;
    QJsonObject vocab;
    auto add = [&](const std::string &piece, const QString &token) {
        const int id = static_cast<int>(vocab.size());
        vocab.insert(token, id);
        built.ids[piece] = id;
    };
    for (const char *token : {"<s>", "<pad>", "</s>", "<unk>"})
        add(token, QLatin1String(token));
    for (int byte = 0; byte < 256; ++byte)
        add(std::string(1, char(byte)), byteLevel(std::string(1, char(byte))));
    QJsonArray mergeList;
    if (legacyMerges)
        mergeList.append(QStringLiteral("#version: 0.2"));
    for (const auto &[left, right] : merges) {
        add(left + right, byteLevel(left + right));
        if (legacyMerges)
            mergeList.append(QString(byteLevel(left) + QLatin1Char(' ') + byteLevel(right)));
        else
            mergeList.append(QJsonArray{byteLevel(left), byteLevel(right)});
    }
    const int mask = static_cast<int>(vocab.size());
    built.ids["<mask>"] = mask;
    const QJsonObject byteLevelPart{{QStringLiteral("type"), QStringLiteral("ByteLevel")},
                                    {QStringLiteral("add_prefix_space"), addPrefixSpace},
                                    {QStringLiteral("trim_offsets"), true},
                                    {QStringLiteral("use_regex"), true}};
    built.json = {
        {QStringLiteral("version"), QStringLiteral("1.0")},
        {QStringLiteral("added_tokens"),
         QJsonArray{addedTokenJson(0, QStringLiteral("<s>")), addedTokenJson(1, QStringLiteral("<pad>")),
                    addedTokenJson(2, QStringLiteral("</s>")), addedTokenJson(3, QStringLiteral("<unk>")),
                    addedTokenJson(mask, QStringLiteral("<mask>"), true)}},
        {QStringLiteral("normalizer"), QJsonValue()},
        {QStringLiteral("pre_tokenizer"), byteLevelPart},
        {QStringLiteral("post_processor"), QJsonObject{{QStringLiteral("type"), QStringLiteral("RobertaProcessing")},
                                                       {QStringLiteral("sep"), QJsonArray{QStringLiteral("</s>"), 2}},
                                                       {QStringLiteral("cls"), QJsonArray{QStringLiteral("<s>"), 0}},
                                                       {QStringLiteral("trim_offsets"), true},
                                                       {QStringLiteral("add_prefix_space"), addPrefixSpace}}},
        {QStringLiteral("decoder"), byteLevelPart},
        {QStringLiteral("model"), QJsonObject{{QStringLiteral("type"), QStringLiteral("BPE")},
                                              {QStringLiteral("dropout"), QJsonValue()},
                                              {QStringLiteral("unk_token"), QJsonValue()},
                                              {QStringLiteral("continuing_subword_prefix"), QString()},
                                              {QStringLiteral("end_of_word_suffix"), QString()},
                                              {QStringLiteral("fuse_unk"), false},
                                              {QStringLiteral("byte_fallback"), false},
                                              {QStringLiteral("vocab"), vocab},
                                              {QStringLiteral("merges"), mergeList}}}};
    return built;
}

} // namespace glossa::test
