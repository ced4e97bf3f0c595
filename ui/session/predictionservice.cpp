#include "ui/session/predictionservice.h"

#include "ui/session/cliprocess.h"
#include "ui/session/qtcore.h"

#include "train/engineevents.h"


#include <algorithm>

namespace glossa::ui {

namespace {

TextPrediction textPrediction(const core::train::events::Prediction &answer)
{
    TextPrediction prediction;
    prediction.label = fromUtf8(answer.label);
    prediction.margin = answer.margin;
    for (const auto &[label, probability] : answer.probabilities)
        prediction.probabilities.append({fromUtf8(label), probability});
    std::stable_sort(prediction.probabilities.begin(), prediction.probabilities.end(),
                     [](const auto &a, const auto &b) { return a.second > b.second; });
    prediction.attributionMethod = fromUtf8(answer.attributionMethod);
    for (const auto &token : answer.tokens.value_or(std::vector<core::train::events::Prediction::Token>{})) {
        // The tokens a model adds to every text (<s>, </s>) say nothing about this text's words,
        // and their large scores would pale the words' colours.
        if (!token.special)
            prediction.tokens.append({fromUtf8(token.piece), token.score});
    }
    return prediction;
}

std::optional<core::train::events::Prediction> decoded(const QByteArray &line)
{
    return core::train::events::decodePrediction(
        std::string_view(line.constData(), static_cast<std::size_t>(line.size())));
}

} // namespace

TextPrediction TextPrediction::fromJson(const QByteArray &line)
{
    const auto answer = decoded(line);
    return answer ? textPrediction(*answer) : TextPrediction{};
}

PredictionService::PredictionService(QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<glossa::ui::TextPrediction>();
}

PredictionService::~PredictionService()
{
    keepOnly({});
    // Their input is closed and they are on their way out: each CliProcess waits a moment as
    // it goes, so none is killed mid-write (the window closing is the only time this waits).
    qDeleteAll(findChildren<CliProcess *>(Qt::FindDirectChildrenOnly));
}

void PredictionService::setProject(const QString &projectPath)
{
    if (projectPath == m_projectPath)
        return;
    keepOnly({});
    m_projectPath = projectPath;
}

int PredictionService::pending() const
{
    int count = 0;
    for (const auto *child : m_children)
        count += static_cast<int>(child->keys.size());
    return count;
}

PredictionService::Child &PredictionService::childFor(qint64 runId)
{
    if (auto *child = m_children.value(runId))
        return *child;
    auto *child = new Child;
    m_children.insert(runId, child);
    child->process = std::make_unique<CliProcess>(CliProcess::Output::Lines);
    auto *process = child->process.get();
    connect(process, &CliProcess::lineRead, this, [this, runId](const QByteArray &line) { answer(runId, line); });
    connect(process, &CliProcess::ended, this,
            [this, runId](int, const QString &failure) { childEnded(runId, failure); });
    process->start({QStringLiteral("predict"), QStringLiteral("--project"), m_projectPath, QStringLiteral("--run"),
                    QString::number(runId), QStringLiteral("--json"), QStringLiteral("--explain"),
                    QStringLiteral("--stream")});
    return *child;
}

void PredictionService::request(qint64 runId, quint64 key, const QString &text)
{
    auto &child = childFor(runId);
    QString line = text;
    line.replace(QLatin1Char('\r'), QLatin1Char(' ')).replace(QLatin1Char('\n'), QLatin1Char(' '));
    child.keys.enqueue(key);
    child.process->writeLine(line.toUtf8());
}

void PredictionService::answer(qint64 runId, const QByteArray &line)
{
    auto *child = m_children.value(runId);
    if (!child || child->keys.isEmpty())
        return;
    // One line answers one text, in order; a line that is no answer still uses up its key.
    const quint64 key = child->keys.dequeue();
    if (const auto prediction = decoded(line))
        Q_EMIT predicted(runId, key, textPrediction(*prediction));
}

void PredictionService::childEnded(qint64 runId, const QString &failure)
{
    auto *child = m_children.take(runId);
    if (!child)
        return;
    child->process->disconnect(this);
    child->process.release()->deleteLater(); // it is emitting the signal that brought us here
    delete child;
    Q_EMIT failed(runId, failure.isEmpty() ? tr("glossa-cli ended before it answered.") : failure);
}

void PredictionService::keepOnly(const QList<qint64> &runIds)
{
    const auto running = m_children.keys();
    for (const qint64 runId : running) {
        if (runIds.contains(runId))
            continue;
        auto *child = m_children.take(runId);
        auto *process = child->process.release();
        delete child;
        process->disconnect(this);
        // End of input: the child exits by itself, and nothing here waits for it.
        process->setParent(this);
        connect(process, &CliProcess::ended, process, &QObject::deleteLater);
        process->requestStop();
    }
}

} // namespace glossa::ui
