#include "ui/session/modelfolderinspector.h"

#include "model/hfconfig.h"
#include "model/pretrainedfolder.h"
#include "train/strategyestimate.h"
#include "util/error.h"

#include <QLocale>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <filesystem>

namespace glossa::ui {

namespace {

// "45 s", "12 min", "3.5 h": as long as it takes, in the unit that reads best.
QString duration(double seconds)
{
    const QLocale locale;
    if (seconds < 90)
        return ModelFolderInspector::tr("%1 s").arg(locale.toString(std::max(1.0, seconds), 'f', 0));
    if (seconds < 90 * 60)
        return ModelFolderInspector::tr("%1 min").arg(locale.toString(seconds / 60, 'f', 0));
    return ModelFolderInspector::tr("%1 h").arg(locale.toString(seconds / 3600, 'f', 1));
}

} // namespace

QString strategyAdviceText(const core::train::StrategyEstimate &estimate, qint64 texts)
{
    const QLocale locale;
    const int decimals = estimate.fullExamplesPerSecond < 10 ? 1 : 0;
    QString line;
    if (texts > 0)
        line = ModelFolderInspector::tr("Here, full fine-tuning: about %1 examples/s, %2 per epoch of %3 texts; "
                                        "features: the texts embedded once (about %4), then seconds per retrain.")
                   .arg(locale.toString(estimate.fullExamplesPerSecond, 'f', decimals),
                        duration(estimate.fullEpochSeconds), locale.toString(texts), duration(estimate.embedSeconds));
    else
        line = ModelFolderInspector::tr("Here, full fine-tuning: about %1 examples/s; features: about %2 texts/s "
                                        "embedded once, then seconds per retrain.")
                   .arg(locale.toString(estimate.fullExamplesPerSecond, 'f', decimals),
                        locale.toString(estimate.embedTextsPerSecond, 'f', 0));
    if (estimate.tooLittleMemory)
        line += QLatin1Char(' ')
                + ModelFolderInspector::tr("Full fine-tuning needs more than half of this machine's memory: "
                                           "features is the better start.");
    else if (estimate.featuresFirst)
        line += QLatin1Char(' ')
                + ModelFolderInspector::tr("This model is large for this machine: features is the "
                                           "better start.");
    return line;
}

QString describeModelFolder(const QString &path, qint64 batchSize, qint64 maxLength, bool adaptersOnly,
                            ModelFolderInfo &info, qint64 texts)
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
        const auto estimate =
            core::train::estimateStrategies(config, texts, batchSize, length, core::train::MachineResources::here());
        info.featuresFirst = estimate.featuresFirst;
        info.strategyAdvice = strategyAdviceText(estimate, texts);
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

void ModelFolderInspector::inspect(const QString &path, qint64 batchSize, qint64 maxLength, bool adaptersOnly,
                                   qint64 texts)
{
    const QString request =
        QStringLiteral("%1|%2|%3|%4|%5").arg(path).arg(batchSize).arg(maxLength).arg(adaptersOnly).arg(texts);
    if (request == m_wanted)
        return;
    m_wanted = request;
    auto work = [=] {
        ModelFolderInfo info;
        describeModelFolder(path, batchSize, maxLength, adaptersOnly, info, texts);
        return info;
    };
    if (m_watcher.isRunning()) {
        m_next = work; // one at a time: the newest waits, older ones are dropped
        return;
    }
    // A request still waiting is older than this one. Left there, it ran after this one when the
    // last run's finished signal was still queued, and its stale answer (a half-typed path)
    // replaced this one's.
    m_next = {};
    m_pending = request;
    m_watcher.setFuture(QtConcurrent::run(work));
}

} // namespace glossa::ui
