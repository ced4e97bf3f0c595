#include "ui/session/runreport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace glossa::ui {

namespace {

std::optional<ScoreInterval> intervalFrom(const QJsonValue &value)
{
    const auto pair = value.toArray();
    if (pair.size() != 2)
        return std::nullopt;
    return ScoreInterval{pair.at(0).toDouble(), pair.at(1).toDouble()};
}

QList<std::optional<ClassScores>> classesFrom(const QJsonObject &perClass, const QStringList &labels)
{
    QList<std::optional<ClassScores>> classes;
    for (const auto &label : labels) {
        const auto value = perClass.value(label);
        if (!value.isObject()) {
            classes.append(std::nullopt);
            continue;
        }
        const auto scores = value.toObject();
        classes.append(ClassScores{
            scores.value(QLatin1String("precision")).toDouble(), scores.value(QLatin1String("recall")).toDouble(),
            scores.value(QLatin1String("f1")).toDouble(), scores.value(QLatin1String("support")).toInteger(),
            scores.value(QLatin1String("predicted")).toInteger(), intervalFrom(scores.value(QLatin1String("f1_ci")))});
    }
    return classes;
}

} // namespace

RunReport parseRunReport(const QByteArray &json)
{
    RunReport report;
    const auto root = QJsonDocument::fromJson(json).object();
    const auto confusion = root.value(QLatin1String("confusion")).toObject();
    for (const auto &label : confusion.value(QLatin1String("labels")).toArray())
        report.labels.append(label.toString());
    if (report.labels.isEmpty())
        return {};
    for (const auto &row : confusion.value(QLatin1String("matrix")).toArray()) {
        QList<qint64> counts;
        for (const auto &count : row.toArray())
            counts.append(count.toInteger());
        counts.resize(report.labels.size());
        report.confusion.append(counts);
    }
    report.confusion.resize(report.labels.size(), QList<qint64>(report.labels.size()));
    report.examples = root.value(QLatin1String("examples")).toInteger();
    report.accuracy = root.value(QLatin1String("accuracy")).toDouble();
    report.macroF1 = root.value(QLatin1String("macro_f1")).toDouble();
    report.microF1 = root.value(QLatin1String("micro_f1")).toDouble();
    report.weightedF1 = root.value(QLatin1String("weighted_f1")).toDouble();
    report.accuracyInterval = intervalFrom(root.value(QLatin1String("accuracy_ci")));
    report.macroF1Interval = intervalFrom(root.value(QLatin1String("macro_f1_ci")));
    report.evaluation = root.value(QLatin1String("evaluation")).toString(QStringLiteral("test split"));
    report.folds = root.value(QLatin1String("folds")).toInt();
    report.perClass = classesFrom(root.value(QLatin1String("per_class")).toObject(), report.labels);
    const auto languages = root.value(QLatin1String("per_language")).toObject();
    for (auto it = languages.begin(); it != languages.end(); ++it) {
        const auto scores = it.value().toObject();
        report.languages.append(LanguageScores{
            it.key(), scores.value(QLatin1String("n")).toInteger(), scores.value(QLatin1String("accuracy")).toDouble(),
            scores.value(QLatin1String("macro_f1")).toDouble(),
            intervalFrom(scores.value(QLatin1String("accuracy_ci"))),
            intervalFrom(scores.value(QLatin1String("macro_f1_ci"))),
            classesFrom(scores.value(QLatin1String("per_class")).toObject(), report.labels)});
    }
    return report;
}

void readEvaluationScores(const QJsonObject &report, EvalPoint &point)
{
    if (const auto interval = intervalFrom(report.value(QLatin1String("macro_f1_ci"))))
        point.macroF1Interval = qMakePair(interval->low, interval->high);
    const auto languages = report.value(QLatin1String("per_language")).toObject();
    for (auto it = languages.begin(); it != languages.end(); ++it) {
        const auto scores = it.value().toObject();
        point.languageMacroF1.insert(it.key(), scores.value(QLatin1String("macro_f1")).toDouble());
        point.languageExamples.insert(it.key(), scores.value(QLatin1String("n")).toInteger());
        if (const auto interval = intervalFrom(scores.value(QLatin1String("macro_f1_ci"))))
            point.languageIntervals.insert(it.key(), qMakePair(interval->low, interval->high));
    }
}

QString scoreWithInterval(double value, const std::optional<ScoreInterval> &interval, int decimals)
{
    QString text = QString::number(value, 'f', decimals);
    if (interval)
        text += QStringLiteral(" [%1, %2]")
                    .arg(QString::number(interval->low, 'f', 2), QString::number(interval->high, 'f', 2));
    return text;
}

} // namespace glossa::ui
