#include "ui/session/modelfolderinspector.h"

#include "model/hfconfig.h"
#include "model/pretrainedfolder.h"
#include "util/error.h"

#include <QLocale>
#include <QtConcurrent/QtConcurrentRun>

namespace glossa::ui {

QString describeModelFolder(const QString &path, qint64 batchSize, qint64 maxLength, bool adaptersOnly,
                            ModelFolderInfo &info)
{
    info.path = path;
    try {
        const auto check = core::model::checkPretrainedFolder(path.toStdString());
        if (!check.usable()) {
            QStringList problems;
            for (const auto &problem : check.problems)
                problems.append(QString::fromStdString(problem));
            info.problem = problems.size() == 1 ? problems.front()
                                                : QStringLiteral("• ") + problems.join(QStringLiteral("\n• "));
            return {};
        }
        const auto config = core::model::readHfEncoderConfig(path.toStdString());
        const QLocale locale;
        info.parameters = config.encoderParameters();
        const qint64 length = std::min<qint64>(maxLength, config.maxTokens());
        info.memoryBytes = config.trainingMemoryBytes(batchSize, length, adaptersOnly);
        const QString family = ModelFolderInspector::tr("%1 (%2)").arg(QString::fromStdString(check.family),
                                                                       QString::fromStdString(check.vocabulary));
        info.summary =
            ModelFolderInspector::tr("%1, %2 layers × %3 · %4 M parameters · vocabulary %5 · up to %6 tokens "
                                     "· about %7 GB to train at batch %8")
                .arg(family)
                .arg(config.layers)
                .arg(config.hiddenSize)
                .arg(locale.toString(static_cast<double>(info.parameters) / 1e6, 'f', 1))
                .arg(locale.toString(config.vocabSize))
                .arg(config.maxTokens())
                .arg(locale.toString(static_cast<double>(info.memoryBytes) / 1e9, 'f', 1))
                .arg(batchSize);
        // Lines break between the facts only, never inside one ("batch" / "8").
        info.summary.replace(QLatin1Char(' '), QChar::Nbsp)
            .replace(QStringLiteral("\u00a0·\u00a0"), QStringLiteral("\u00a0· "));
    } catch (const std::exception &e) {
        info.problem = QString::fromUtf8(e.what());
    }
    return info.summary;
}

ModelFolderInspector::ModelFolderInspector(QObject *parent)
    : QObject(parent)
{
    connect(&m_watcher, &QFutureWatcher<ModelFolderInfo>::finished, this, [this] {
        m_last = m_watcher.result();
        m_pending.clear();
        Q_EMIT inspected(m_last);
        if (m_next) {
            auto next = std::exchange(m_next, {});
            m_pending = m_wanted;
            m_watcher.setFuture(QtConcurrent::run(next));
        }
    });
}

void ModelFolderInspector::inspect(const QString &path, qint64 batchSize, qint64 maxLength, bool adaptersOnly)
{
    const QString request = QStringLiteral("%1|%2|%3|%4").arg(path).arg(batchSize).arg(maxLength).arg(adaptersOnly);
    if (request == m_wanted)
        return;
    m_wanted = request;
    auto work = [=] {
        ModelFolderInfo info;
        describeModelFolder(path, batchSize, maxLength, adaptersOnly, info);
        return info;
    };
    if (m_watcher.isRunning()) {
        m_next = work; // one at a time: the newest waits, older ones are dropped
        return;
    }
    m_pending = request;
    m_watcher.setFuture(QtConcurrent::run(work));
}

} // namespace glossa::ui
