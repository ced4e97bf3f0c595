#pragma once

// Small helpers the Qt Tests share: strings across the core/Qt line, files in a temporary
// folder, and a fingerprint of everything an import or a crash could damage.

#include "store/database.h"
#include "store/datasetstore.h"
#include "store/runstatus.h"
#include "util/error.h"

#include <QByteArray>
#include <QFile>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>
#include <QTest>

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace glossa::test {

inline QString qs(std::string_view text)
{
    return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
}

inline QString qs(core::store::RunStatus status)
{
    return qs(core::store::toString(status));
}

// A run status by the word the project stores, as tests name them.
inline core::store::RunStatus runStatus(std::string_view word)
{
    return core::store::runStatusFrom(word).value();
}

inline std::filesystem::path pathIn(const QTemporaryDir &dir, const QString &name)
{
    return std::filesystem::path(dir.filePath(name).toStdString());
}

// Fails the calling test (QVERIFY/QCOMPARE return from this helper only; callers that must
// stop check QTest::currentTestFailed()).
inline void writeFile(const QString &path, const QByteArray &content)
{
    QFile file(path);
    QVERIFY2(file.open(QIODevice::WriteOnly), qPrintable(file.errorString()));
    QCOMPARE(file.write(content), content.size());
}

inline void writeFile(const std::filesystem::path &path, const QByteArray &content)
{
    writeFile(QString::fromStdString(path.string()), content);
}

inline QByteArray readFile(const std::filesystem::path &path)
{
    QFile file(QString::fromStdString(path.string()));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

// The message of the core::Error that action throws, or nullopt when it throws nothing. Any
// other exception escapes and fails the test: users must only ever see core::Error.
inline std::optional<QString> errorFrom(const std::function<void()> &action)
{
    try {
        action();
    } catch (const core::Error &e) {
        return QString::fromUtf8(e.what());
    }
    return std::nullopt;
}

// Every dataset, label and example, and the row count of every table an import writes, in a
// form QCOMPARE shows line by line when something changed.
inline QStringList projectFingerprint(core::store::Database &db)
{
    core::store::DatasetStore store(db);
    QStringList lines;
    for (const auto &dataset : store.datasets()) {
        lines << QStringLiteral("dataset %1: %2 examples, %3 labelled, %4 labels")
                     .arg(qs(dataset.name))
                     .arg(dataset.exampleCount)
                     .arg(dataset.labelledCount)
                     .arg(dataset.labelCount);
        for (const auto &label : store.labels(dataset.id))
            lines << QStringLiteral("  label %1 at %2: %3 examples")
                         .arg(qs(label.name))
                         .arg(label.position)
                         .arg(label.exampleCount);
        store.forEachExample(dataset.id, [&](const core::store::Example &example) {
            lines << QStringLiteral("  example %1 [%2] %3 %4 %5")
                         .arg(qs(example.externalId), qs(example.label.value_or("-")), qs(example.lang),
                              qs(example.split), qs(example.text));
        });
    }
    for (const char *table : {"datasets", "labels", "examples", "imports", "edit_batches", "label_journal"})
        lines << QStringLiteral("%1 rows: %2")
                     .arg(QLatin1String(table))
                     .arg(db.queryInt(std::string("SELECT count(*) FROM ") + table));
    return lines;
}

} // namespace glossa::test
