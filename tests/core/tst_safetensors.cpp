// Hugging Face checkpoints as Glossa reads them: safetensors files written and read back in
// every floating-point type checkpoints use, sharded folders, and malformed or hostile files,
// each refused with a message that says what is wrong, never a crash or a read past the file.

#include "testsupport.h"

#include "model/safetensors.h"

#include <QTemporaryDir>
#include <QTest>

#include <cstring>
#include <vector>

using namespace glossa::core;
using namespace glossa::test;
using model::TensorDtype;

namespace {

template <typename T> std::span<const std::byte> bytesOf(const std::vector<T> &values)
{
    return std::as_bytes(std::span<const T>(values));
}

// A file from a header text and data bytes; the length field says headerLength when given.
QByteArray rawFile(const QByteArray &header, const QByteArray &data, std::optional<quint64> headerLength = {})
{
    QByteArray file(8, '\0');
    const quint64 length = headerLength.value_or(static_cast<quint64>(header.size()));
    for (int i = 0; i < 8; ++i)
        file[i] = static_cast<char>((length >> (8 * i)) & 0xFF);
    return file + header + data;
}

} // namespace

class TestSafetensors : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roundTripsEveryType();
    void convertsHalfAndBfloatToFloat();
    void readsShardedFolders();
    void refusesMalformedFiles_data();
    void refusesMalformedFiles();
    void survivesRandomCorruption();

private:
    QTemporaryDir m_dir;
};

void TestSafetensors::roundTripsEveryType()
{
    const std::vector<float> weights{1.5f, -2.25f, 0.0f, 3.0e-3f, 7.0f, -1.0f};
    const std::vector<std::uint16_t> half{0x3C00, 0xC000};           // 1, -2
    const std::vector<std::uint16_t> bfloat{0x3F80, 0xC020, 0x0000}; // 1, -2.5, 0
    const std::vector<std::int64_t> positions{0, 1, 2, 3};
    const std::vector<model::TensorToWrite> tensors{
        {"encoder.weight", TensorDtype::F32, {2, 3}, bytesOf(weights)},
        {"encoder.half", TensorDtype::F16, {2}, bytesOf(half)},
        {"encoder.bf16", TensorDtype::BF16, {3}, bytesOf(bfloat)},
        {"embeddings.position_ids", TensorDtype::I64, {1, 4}, bytesOf(positions)},
        {"empty", TensorDtype::F32, {0, 4}, {}},
    };
    const auto file = pathIn(m_dir, QStringLiteral("round.safetensors"));
    model::writeSafetensors(file, tensors);

    // As the reference writer lays it out: header padded to 8, tensors aligned to their size.
    const auto raw = readFile(file);
    quint64 headerLength = 0;
    for (int i = 7; i >= 0; --i)
        headerLength = headerLength << 8 | static_cast<unsigned char>(raw[i]);
    QCOMPARE(headerLength % 8, quint64(0));

    const auto read = model::SafetensorsFile::open(file);
    QCOMPARE(read.tensors().size(), tensors.size());
    QCOMPARE(read.metadata().at("format"), std::string("pt"));
    for (const auto &tensor : read.tensors()) {
        const auto offset = tensor.bytes.data() - reinterpret_cast<const std::byte *>(0);
        QCOMPARE(static_cast<std::size_t>(offset) % model::dtypeSize(tensor.dtype), std::size_t(0));
    }
    const auto *weight = read.find("encoder.weight");
    QVERIFY(weight);
    QCOMPARE(weight->shape, (std::vector<std::int64_t>{2, 3}));
    QCOMPARE(model::toFloat32(*weight), weights);
    QCOMPARE(model::toFloat32(*read.find("encoder.half")), (std::vector<float>{1.0f, -2.0f}));
    QCOMPARE(model::toFloat32(*read.find("encoder.bf16")), (std::vector<float>{1.0f, -2.5f, 0.0f}));
    const auto *ids = read.find("embeddings.position_ids");
    QCOMPARE(ids->dtype, TensorDtype::I64);
    std::vector<std::int64_t> back(4);
    std::memcpy(back.data(), ids->bytes.data(), 32);
    QCOMPARE(back, positions);
    QCOMPARE(read.find("empty")->numel(), std::int64_t(0));
    QVERIFY(!read.find("missing"));
    QVERIFY(errorFrom([&] { model::toFloat32(*ids); }).value_or(QString()).contains(QLatin1String("I64")));

    // A tensor whose bytes do not fit its shape is not written.
    const auto error = errorFrom([&] {
        const std::vector<model::TensorToWrite> bad{{"w", TensorDtype::F32, {4}, bytesOf(half)}};
        model::writeSafetensors(pathIn(m_dir, QStringLiteral("bad.safetensors")), bad);
    });
    QVERIFY(error && error->contains(QLatin1String("needs 16 bytes")));
}

void TestSafetensors::convertsHalfAndBfloatToFloat()
{
    const std::vector<std::uint16_t> half{0x3800, 0x7BFF, 0x0001, 0x7C00, 0xFC00, 0x8000, 0x3555};
    const std::vector<model::TensorToWrite> tensors{{"h", TensorDtype::F16, {7}, bytesOf(half)}};
    const auto file = pathIn(m_dir, QStringLiteral("half.safetensors"));
    model::writeSafetensors(file, tensors);
    const auto values = model::toFloat32(*model::SafetensorsFile::open(file).find("h"));
    QCOMPARE(values[0], 0.5f);
    QCOMPARE(values[1], 65504.0f);      // the largest half
    QCOMPARE(values[2], 5.9604645e-8f); // the smallest subnormal
    QVERIFY(std::isinf(values[3]) && values[3] > 0);
    QVERIFY(std::isinf(values[4]) && values[4] < 0);
    QVERIFY(values[5] == 0.0f && std::signbit(values[5]));
    QVERIFY(std::abs(values[6] - 0.333251953125f) < 1e-9f);
}

void TestSafetensors::readsShardedFolders()
{
    QTemporaryDir folder;
    const std::vector<float> a{1, 2, 3, 4};
    const std::vector<float> b{5, 6};
    const std::vector<model::TensorToWrite> first{{"layer.0.weight", TensorDtype::F32, {2, 2}, bytesOf(a)}};
    const std::vector<model::TensorToWrite> second{{"layer.1.weight", TensorDtype::F32, {2}, bytesOf(b)}};
    model::writeSafetensors(pathIn(folder, QStringLiteral("model-00001-of-00002.safetensors")), first);
    model::writeSafetensors(pathIn(folder, QStringLiteral("model-00002-of-00002.safetensors")), second);
    writeFile(pathIn(folder, QStringLiteral("model.safetensors.index.json")),
              R"({"metadata": {"total_size": 24}, "weight_map": {"layer.0.weight": "model-00001-of-00002.safetensors",
                 "layer.1.weight": "model-00002-of-00002.safetensors"}})");
    const auto checkpoint = model::Checkpoint::open(pathIn(folder, QString()));
    QCOMPARE(checkpoint.fileCount(), std::size_t(2));
    QCOMPARE(checkpoint.tensors().size(), std::size_t(2));
    QCOMPARE(model::toFloat32(*checkpoint.find("layer.1.weight")), b);

    // The index names a tensor its shard does not hold; a shard outside the folder.
    writeFile(pathIn(folder, QStringLiteral("model.safetensors.index.json")),
              R"({"weight_map": {"layer.0.weight": "model-00002-of-00002.safetensors"}})");
    auto error = errorFrom([&] { model::Checkpoint::open(pathIn(folder, QString())); });
    QVERIFY2(error && error->contains(QLatin1String("does not hold it")), qPrintable(error.value_or(QString())));
    writeFile(pathIn(folder, QStringLiteral("model.safetensors.index.json")),
              R"({"weight_map": {"layer.0.weight": "../elsewhere.safetensors"}})");
    error = errorFrom([&] { model::Checkpoint::open(pathIn(folder, QString())); });
    QVERIFY2(error && error->contains(QLatin1String("not a file in the folder")),
             qPrintable(error.value_or(QString())));

    QTemporaryDir empty;
    error = errorFrom([&] { model::Checkpoint::open(pathIn(empty, QString())); });
    QVERIFY2(error && error->contains(QLatin1String("no model.safetensors")), qPrintable(error.value_or(QString())));
}

void TestSafetensors::refusesMalformedFiles_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("message");
    const QByteArray eight(8, 'x');
    const QByteArray sixteen(16, 'x');
    const QByteArray one = R"({"w": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]}})";
    QTest::newRow("shorter than the length field") << QByteArray("abc") << QStringLiteral("too short");
    QTest::newRow("header past the end") << rawFile(one, eight, 4096) << QStringLiteral("runs past the end");
    QTest::newRow("huge header length") << rawFile(one, eight, quint64(1) << 62) << QStringLiteral("exceeds the limit");
    QTest::newRow("invalid JSON") << rawFile(R"({"w": {"dtype": )", eight) << QStringLiteral("not valid JSON");
    QTest::newRow("not an object") << rawFile("[1, 2, 3]", {}) << QStringLiteral("not a JSON object");
    QTest::newRow("a key twice") << rawFile(R"({"w": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]},
        "w": {"dtype": "F32", "shape": [1], "data_offsets": [4, 8]}})",
                                            eight)
                                 << QStringLiteral("names 'w' twice");
    QTest::newRow("unknown dtype") << rawFile(R"({"w": {"dtype": "Q7", "shape": [2], "data_offsets": [0, 8]}})", eight)
                                   << QStringLiteral("dtype Q7 is unknown");
    QTest::newRow("dtype without a LibTorch type")
        << rawFile(R"({"w": {"dtype": "U16", "shape": [4], "data_offsets": [0, 8]}})", eight)
        << QStringLiteral("U16 is not supported");
    QTest::newRow("missing dtype") << rawFile(R"({"w": {"shape": [2], "data_offsets": [0, 8]}})", eight)
                                   << QStringLiteral("dtype is missing");
    QTest::newRow("negative size") << rawFile(R"({"w": {"dtype": "F32", "shape": [-2], "data_offsets": [0, 8]}})",
                                              eight)
                                   << QStringLiteral("not a size");
    QTest::newRow("fractional size") << rawFile(R"({"w": {"dtype": "F32", "shape": [1.5], "data_offsets": [0, 8]}})",
                                                eight)
                                     << QStringLiteral("not a size");
    QTest::newRow("offsets backwards") << rawFile(R"({"w": {"dtype": "F32", "shape": [0], "data_offsets": [8, 0]}})",
                                                  eight)
                                       << QStringLiteral("end before they begin");
    QTest::newRow("offsets out of the file")
        << rawFile(R"({"w": {"dtype": "F32", "shape": [4], "data_offsets": [0, 16]}})", eight)
        << QStringLiteral("past the 8 bytes of data");
    QTest::newRow("offsets not a pair") << rawFile(R"({"w": {"dtype": "F32", "shape": [2], "data_offsets": [0]}})",
                                                   eight)
                                        << QStringLiteral("not [begin, end]");
    QTest::newRow("size does not match the shape")
        << rawFile(R"({"w": {"dtype": "F32", "shape": [3], "data_offsets": [0, 8]}})", eight)
        << QStringLiteral("needs 12");
    QTest::newRow("size overflows") << rawFile(R"({"w": {"dtype": "F32", "shape": [4294967296, 4294967296],
        "data_offsets": [0, 8]}})",
                                               eight)
                                    << QStringLiteral("more than 2^64");
    QTest::newRow("overlapping tensors") << rawFile(R"({"a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]},
                      "b": {"dtype": "F32", "shape": [2], "data_offsets": [4, 12]}})",
                                                    sixteen.left(12))
                                         << QStringLiteral("overlaps");
    QTest::newRow("a gap between tensors") << rawFile(R"({"a": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]},
                      "b": {"dtype": "F32", "shape": [1], "data_offsets": [8, 12]}})",
                                                      sixteen.left(12))
                                           << QStringLiteral("a gap in the data");
    QTest::newRow("bytes after the last tensor") << rawFile(one, sixteen) << QStringLiteral("bytes after the last");
    QTest::newRow("truncated data") << rawFile(R"({"a": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]},
        "b": {"dtype": "F32", "shape": [1], "data_offsets": [4, 8]}})",
                                               eight.left(6))
                                    << QStringLiteral("past the 6 bytes");
    QTest::newRow("metadata not text") << rawFile(R"({"__metadata__": {"format": 1}})", {})
                                       << QStringLiteral("is not a string");
    QTest::newRow("entry not an object") << rawFile(R"({"w": [0, 8]})", eight) << QStringLiteral("is not an object");
}

void TestSafetensors::refusesMalformedFiles()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, message);
    const auto name = QStringLiteral("bad-%1.safetensors").arg(QString::fromUtf8(QTest::currentDataTag()));
    const auto file = pathIn(m_dir, QString(name).replace(QLatin1Char(' '), QLatin1Char('-')));
    writeFile(file, content);
    const auto error = errorFrom([&] { model::SafetensorsFile::open(file); });
    QVERIFY2(error, "accepted");
    QVERIFY2(error->contains(message), qPrintable(*error));
    QVERIFY2(error->contains(QString::fromStdString(file.filename().string())), qPrintable(*error)); // names the file
}

// Bytes changed at random, in the length field, the header and the data: every file either
// opens with its tensors inside it or is refused with an Error.
void TestSafetensors::survivesRandomCorruption()
{
    const std::vector<float> a{1, 2, 3, 4, 5, 6};
    const std::vector<std::uint16_t> b{1, 2, 3};
    const std::vector<model::TensorToWrite> tensors{{"a", TensorDtype::F32, {2, 3}, bytesOf(a)},
                                                    {"b", TensorDtype::BF16, {3}, bytesOf(b)}};
    const auto good = pathIn(m_dir, QStringLiteral("good.safetensors"));
    model::writeSafetensors(good, tensors);
    const QByteArray original = readFile(good);
    const auto file = pathIn(m_dir, QStringLiteral("mutated.safetensors"));
    std::uint64_t state = 42;
    auto next = [&state] {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        return state;
    };
    int opened = 0;
    int refused = 0;
    for (int round = 0; round < 2000; ++round) {
        QByteArray mutated = original;
        const int changes = 1 + static_cast<int>(next() % 3);
        for (int i = 0; i < changes; ++i)
            mutated[static_cast<int>(next() % static_cast<std::uint64_t>(mutated.size()))] = static_cast<char>(next());
        if (next() % 8 == 0)
            mutated.truncate(static_cast<int>(next() % static_cast<std::uint64_t>(mutated.size())));
        writeFile(file, mutated);
        try {
            const auto read = model::SafetensorsFile::open(file);
            // Every byte of every tensor is read: one outside the mapping would crash here.
            std::size_t total = 0;
            unsigned checksum = 0;
            for (const auto &tensor : read.tensors()) {
                for (const auto byte : tensor.bytes)
                    checksum += std::to_integer<unsigned>(byte);
                total += tensor.bytes.size();
            }
            QVERIFY(total < std::size_t(mutated.size()));
            QVERIFY(checksum < 256U * std::size_t(mutated.size()));
            ++opened;
        } catch (const Error &) {
            ++refused;
        }
    }
    QVERIFY(refused > 1000); // most changes break something, and are caught
    QVERIFY(opened > 0);     // a change in the data alone is a valid file
}

QTEST_APPLESS_MAIN(TestSafetensors)
#include "tst_safetensors.moc"
