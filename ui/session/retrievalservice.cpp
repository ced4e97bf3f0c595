#include "ui/session/retrievalservice.h"

#include "ui/session/cliprocess.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>

#include <cmath>
#include <utility>

namespace glossa::ui {

namespace {

// How long a child asked to stop may take before it is terminated: while it embeds it reads no
// input, and SIGTERM stops it between chunks (keeping what it embedded in the project's cache).
constexpr int stopGraceMs = 2000;
// Bounds on what is read from an answer: the engine is trusted, but a line is not a reason to
// allocate without limit.
constexpr qsizetype maxLanguages = 1000;
constexpr qsizetype maxNeighbours = 100;

bool isScore(const QJsonValue &value)
{
    return value.isDouble() && std::isfinite(value.toDouble()) && value.toDouble() >= 0 && value.toDouble() <= 1;
}

} // namespace

QStringList RetrievalChoice::arguments(const QString &projectPath) const
{
    QStringList arguments{QStringLiteral("retrieve"), QStringLiteral("--project"), projectPath,
                          QStringLiteral("--dataset"), dataset};
    if (usesRun()) {
        // A run embeds as it was trained to pool; retrieve refuses --pooling with --run.
        arguments << QStringLiteral("--run") << QString::number(runId);
    } else {
        arguments << QStringLiteral("--model") << modelFolder << QStringLiteral("--pooling") << pooling;
    }
    arguments << QStringLiteral("--split") << split << QStringLiteral("--stream") << QStringLiteral("--top-k")
              << QString::number(topK);
    return arguments;
}

const RetrievalPair *RetrievalResult::pair(const QString &queryLanguage, const QString &candidateLanguage) const
{
    for (const auto &pair : pairs) {
        if (pair.queryLanguage == queryLanguage && pair.candidateLanguage == candidateLanguage)
            return &pair;
    }
    return nullptr;
}

qint64 RetrievalResult::queries() const
{
    qint64 total = 0;
    for (const auto &pair : pairs)
        total += pair.queries;
    return total;
}

std::optional<RetrievalResult> RetrievalResult::fromJson(const QJsonObject &object, QString *problem)
{
    const auto refuse = [problem](const QString &why) -> std::optional<RetrievalResult> {
        if (problem)
            *problem = why;
        return std::nullopt;
    };
    RetrievalResult result;
    result.split = object.value(QLatin1String("split")).toString();
    result.model = object.value(QLatin1String("model")).toString();
    result.pooling = object.value(QLatin1String("pooling")).toString();
    result.texts = object.value(QLatin1String("texts")).toInteger();
    const QJsonArray languages = object.value(QLatin1String("languages")).toArray();
    if (languages.size() > maxLanguages)
        return refuse(tr("the result names %1 languages, more than %2.").arg(languages.size()).arg(maxLanguages));
    for (const auto &language : languages) {
        if (!language.isString() || language.toString().isEmpty())
            return refuse(tr("a language of the result is not a code."));
        result.languages.append(language.toString());
    }
    const QJsonValue pairs = object.value(QLatin1String("pairs"));
    if (!pairs.isObject())
        return refuse(tr("the result has no pairs."));
    const QJsonObject pairObject = pairs.toObject();
    for (auto it = pairObject.begin(); it != pairObject.end(); ++it) {
        const QStringList codes = it.key().split(QLatin1Char('|'));
        const QJsonObject scores = it.value().toObject();
        if (codes.size() != 2 || codes[0].isEmpty() || codes[1].isEmpty())
            return refuse(tr("the pair \"%1\" is not written as query|candidate.").arg(it.key()));
        const QJsonValue p = scores.value(QLatin1String("p_at_1"));
        const QJsonValue mrr = scores.value(QLatin1String("mrr"));
        const QJsonValue n = scores.value(QLatin1String("n"));
        if (!isScore(p) || !isScore(mrr) || !n.isDouble() || n.toDouble() < 0)
            return refuse(tr("the scores of the pair %1 are not numbers in [0, 1] with their n.").arg(it.key()));
        result.pairs.append({codes[0], codes[1], p.toDouble(), mrr.toDouble(), n.toInteger()});
        for (const QString &code : codes) {
            if (!result.languages.contains(code))
                result.languages.append(code); // a pair's language the list left out
        }
    }
    for (const auto &[key, target] : {std::pair{QLatin1String("mean_p_at_1"), &result.meanPrecisionAt1},
                                      std::pair{QLatin1String("mean_mrr"), &result.meanReciprocalRank}}) {
        const QJsonValue value = object.value(key);
        if (isScore(value))
            *target = value.toDouble();
        else if (!value.isNull() && !value.isUndefined())
            return refuse(tr("%1 is not a number in [0, 1].").arg(key));
    }
    return result;
}

RetrievalService::RetrievalService(QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<glossa::ui::RetrievalResult>();
    qRegisterMetaType<glossa::ui::TranslationMatches>();
}

RetrievalService::~RetrievalService()
{
    stopChild();
    // Each stopping CliProcess waits a moment as it goes, so none is killed mid-write.
    qDeleteAll(findChildren<CliProcess *>(Qt::FindDirectChildrenOnly));
}

void RetrievalService::setProject(const QString &projectPath)
{
    if (projectPath == m_projectPath)
        return;
    cancel();
    m_projectPath = projectPath;
    m_result = {};
}

void RetrievalService::measure(const RetrievalChoice &choice)
{
    if (choice == m_choice && (m_state == State::Measuring || m_state == State::Ready))
        return;
    stopChild();
    m_choice = choice;
    m_result = {};
    m_failure.clear();
    m_process = new CliProcess(CliProcess::Output::Lines, this);
    connect(m_process, &CliProcess::lineRead, this, &RetrievalService::readLine);
    connect(m_process, &CliProcess::ended, this, [this](int, const QString &failure) { childEnded(failure); });
    setState(State::Measuring);
    m_process->start(choice.arguments(m_projectPath));
}

void RetrievalService::cancel()
{
    stopChild();
    m_failure.clear();
    setState(State::Idle);
}

void RetrievalService::stopChild()
{
    if (auto *process = std::exchange(m_process, nullptr)) {
        process->disconnect(this);
        // The child ends by itself on "stop" or the end of its input; nothing here waits for
        // it, and it goes once it has.
        connect(process, &CliProcess::ended, process, &QObject::deleteLater);
        process->writeLine("stop");
        process->requestStop(stopGraceMs);
    }
    // Whoever still waits for an answer is told it will not come (from copies: a receiver may
    // ask again).
    const auto sent = std::exchange(m_sent, {});
    const auto newest = std::exchange(m_newest, {});
    const auto waiting = std::exchange(m_waiting, {});
    for (auto it = sent.cbegin(); it != sent.cend(); ++it) {
        if (newest.value(it->asker) == it.key())
            Q_EMIT translationFailed(it->asker, tr("The search was stopped."));
    }
    for (auto it = waiting.cbegin(); it != waiting.cend(); ++it)
        Q_EMIT translationFailed(it.key(), tr("The search was stopped."));
}

void RetrievalService::setState(State state)
{
    if (state == m_state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

void RetrievalService::findTranslation(quint64 asker, const QString &text)
{
    if (text.trimmed().isEmpty()) {
        m_waiting.remove(asker);
        m_newest.remove(asker); // an answer still coming is for a text no longer asked
        return;
    }
    switch (m_state) {
    case State::Idle:
    case State::Failed:
        Q_EMIT translationFailed(asker, tr("Measure retrieval with a model first: its texts are what is searched."));
        return;
    case State::Measuring:
        m_waiting.insert(asker, text);
        m_newest.remove(asker);
        return;
    case State::Ready: send(asker, text); return;
    }
}

void RetrievalService::send(quint64 asker, const QString &text)
{
    if (!m_process) {
        Q_EMIT translationFailed(asker, tr("The search was stopped."));
        return;
    }
    const quint64 key = m_nextKey++;
    m_sent.insert(key, {asker, text});
    m_newest.insert(asker, key);
    const QJsonObject request{{QStringLiteral("key"), static_cast<qint64>(key)}, {QStringLiteral("text"), text}};
    m_process->writeLine(QJsonDocument(request).toJson(QJsonDocument::Compact));
}

void RetrievalService::readLine(const QByteArray &line)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(line, &error);
    if (!document.isObject())
        return; // not the protocol's (a stray library message): nothing to show
    const QJsonObject object = document.object();
    if (object.contains(QLatin1String("key"))) {
        readAnswer(object);
    } else if (const QJsonValue progressValue = object.value(QLatin1String("progress")); progressValue.isObject()) {
        const QJsonObject counts = progressValue.toObject();
        Q_EMIT progress(counts.value(QLatin1String("embedded")).toInteger(),
                        counts.value(QLatin1String("total")).toInteger());
    } else if (const QJsonValue ready = object.value(QLatin1String("ready")); ready.isObject()) {
        readReady(ready.toObject());
    } else if (const QJsonValue failedValue = object.value(QLatin1String("failed")); failedValue.isString()) {
        fail(failedValue.toString());
    }
}

void RetrievalService::readReady(const QJsonObject &ready)
{
    if (m_state != State::Measuring)
        return;
    QString problem;
    auto result = RetrievalResult::fromJson(ready.value(QLatin1String("retrieval")).toObject(), &problem);
    if (!result) {
        fail(tr("glossa-cli retrieve answered with a result Glossa cannot read: %1").arg(problem));
        return;
    }
    result->texts = ready.value(QLatin1String("texts")).toInteger(result->texts);
    const QJsonArray languages = ready.value(QLatin1String("languages")).toArray();
    for (const auto &language : languages) {
        if (language.isString() && !language.toString().isEmpty() && !result->languages.contains(language.toString())
            && result->languages.size() < maxLanguages)
            result->languages.append(language.toString());
    }
    m_result = *result;
    setState(State::Ready);
    Q_EMIT measured(m_result);
    const auto waiting = std::exchange(m_waiting, {});
    for (auto it = waiting.cbegin(); it != waiting.cend(); ++it)
        send(it.key(), it.value());
}

void RetrievalService::readAnswer(const QJsonObject &answer)
{
    const quint64 key = static_cast<quint64>(answer.value(QLatin1String("key")).toInteger(-1));
    if (!m_sent.contains(key))
        return;
    const Sent sent = m_sent.take(key);
    if (m_newest.value(sent.asker) != key)
        return; // a newer request of the same asker is on its way
    m_newest.remove(sent.asker);
    if (const QJsonValue error = answer.value(QLatin1String("error")); error.isString()) {
        Q_EMIT translationFailed(sent.asker, error.toString());
        return;
    }
    const QJsonObject byLanguage = answer.value(QLatin1String("neighbours")).toObject();
    TranslationMatches matches;
    matches.query = sent.text;
    // The result's order first (the matrix's), then any other language the answer has.
    QStringList order = m_result.languages;
    for (auto it = byLanguage.begin(); it != byLanguage.end(); ++it) {
        if (!order.contains(it.key()))
            order.append(it.key());
    }
    for (const QString &code : order) {
        if (!byLanguage.contains(code) || matches.languages.size() >= maxLanguages)
            continue;
        TranslationMatches::Language language{code, {}};
        for (const auto &value : byLanguage.value(code).toArray()) {
            if (language.neighbours.size() >= maxNeighbours)
                break;
            const QJsonObject neighbour = value.toObject();
            const double similarity = neighbour.value(QLatin1String("similarity")).toDouble(std::nan(""));
            if (!std::isfinite(similarity))
                continue;
            language.neighbours.append({neighbour.value(QLatin1String("id")).toInteger(-1),
                                        neighbour.value(QLatin1String("text")).toString(), similarity});
        }
        matches.languages.append(language);
    }
    Q_EMIT translationsFound(sent.asker, matches);
}

void RetrievalService::fail(const QString &message)
{
    if (m_state == State::Failed)
        return;
    m_failure = message;
    stopChild();
    setState(State::Failed);
    Q_EMIT failed(message);
}

void RetrievalService::childEnded(const QString &failure)
{
    // A child that ends on its own: before its result, that is a failure; after it, it can no
    // longer answer, which is one too.
    m_process->disconnect(this);
    m_process->deleteLater(); // it is emitting the signal that brought us here
    m_process = nullptr;
    if (m_state == State::Failed)
        return;
    fail(failure.isEmpty() ? (m_state == State::Measuring ? tr("glossa-cli retrieve ended before it measured.")
                                                          : tr("glossa-cli retrieve ended; measure again to search."))
                           : failure);
}

} // namespace glossa::ui
