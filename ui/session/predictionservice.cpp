#include "ui/session/predictionservice.h"

#include "ui/session/trainingcontroller.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace glossa::ui {

namespace {

constexpr qsizetype stderrTailBytes = 4096;

} // namespace

TextPrediction TextPrediction::fromJson(const QJsonObject &answer)
{
    TextPrediction prediction;
    prediction.label = answer.value(QLatin1String("label")).toString();
    prediction.margin = answer.value(QLatin1String("margin")).toDouble();
    const auto probabilities = answer.value(QLatin1String("probabilities")).toObject();
    for (auto it = probabilities.begin(); it != probabilities.end(); ++it)
        prediction.probabilities.append({it.key(), it.value().toDouble()});
    std::stable_sort(prediction.probabilities.begin(), prediction.probabilities.end(),
                     [](const auto &a, const auto &b) { return a.second > b.second; });
    const auto attributions = answer.value(QLatin1String("attributions")).toObject();
    prediction.attributionMethod = attributions.value(QLatin1String("method")).toString();
    for (const auto &token : attributions.value(QLatin1String("tokens")).toArray()) {
        const auto object = token.toObject();
        // The tokens a model adds to every text (<s>, </s>) say nothing about this text's words,
        // and their large scores would pale the words' colours.
        if (object.value(QLatin1String("special")).toBool())
            continue;
        prediction.tokens.append(
            {object.value(QLatin1String("piece")).toString(), object.value(QLatin1String("score")).toDouble()});
    }
    return prediction;
}

PredictionService::PredictionService(QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<glossa::ui::TextPrediction>();
}

PredictionService::~PredictionService()
{
    keepOnly({});
    // Their input is closed and they are on their way out: a moment for each, so none is
    // killed mid-write (the window closing is the only time this waits).
    for (auto *process : findChildren<QProcess *>(Qt::FindDirectChildrenOnly))
        process->waitForFinished(1000);
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
    child->process = std::make_unique<QProcess>();
    auto *process = child->process.get();
    connect(process, &QProcess::readyReadStandardOutput, this, [this, runId] { readAnswers(runId); });
    connect(process, &QProcess::readyReadStandardError, this, [child, process] {
        child->stderrTail.append(process->readAllStandardError());
        if (child->stderrTail.size() > stderrTailBytes)
            child->stderrTail = child->stderrTail.right(stderrTailBytes);
    });
    connect(process, &QProcess::finished, this, [this, runId] { childEnded(runId); });
    connect(process, &QProcess::errorOccurred, this, [this, runId](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart)
            childEnded(runId);
    });
    const QString program = TrainingController::cliPath();
    process->start(program.isEmpty() ? QStringLiteral("glossa-cli") : program,
                   {QStringLiteral("predict"), QStringLiteral("--project"), m_projectPath, QStringLiteral("--run"),
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
    // Written while the child still starts: QProcess keeps it until the pipe is open.
    child.process->write(line.toUtf8() + '\n');
}

void PredictionService::readAnswers(qint64 runId)
{
    auto *child = m_children.value(runId);
    if (!child)
        return;
    while (child->process->canReadLine()) {
        const QByteArray line = child->process->readLine().trimmed();
        if (line.isEmpty() || child->keys.isEmpty())
            continue;
        const auto document = QJsonDocument::fromJson(line);
        const quint64 key = child->keys.dequeue();
        if (document.isObject())
            Q_EMIT predicted(runId, key, TextPrediction::fromJson(document.object()));
    }
}

void PredictionService::childEnded(qint64 runId)
{
    auto *child = m_children.take(runId);
    if (!child)
        return;
    child->process->disconnect(this);
    QString message = QString::fromUtf8(child->stderrTail).trimmed().split(QLatin1Char('\n')).last();
    if (message.isEmpty())
        message = tr("glossa-cli ended before it answered.");
    child->process.release()->deleteLater(); // it may be emitting the signal that brought us here
    delete child;
    Q_EMIT failed(runId, message);
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
        connect(process, &QProcess::finished, process, &QObject::deleteLater);
        process->closeWriteChannel();
    }
}

} // namespace glossa::ui
