#include "runreport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace glossa::ui {

namespace {

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
            scores.value(QLatin1String("predicted")).toInteger()});
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
    report.perClass = classesFrom(root.value(QLatin1String("per_class")).toObject(), report.labels);
    const auto languages = root.value(QLatin1String("per_language")).toObject();
    for (auto it = languages.begin(); it != languages.end(); ++it) {
        const auto scores = it.value().toObject();
        report.languages.append(LanguageScores{
            it.key(), scores.value(QLatin1String("n")).toInteger(), scores.value(QLatin1String("accuracy")).toDouble(),
            scores.value(QLatin1String("macro_f1")).toDouble(),
            classesFrom(scores.value(QLatin1String("per_class")).toObject(), report.labels)});
    }
    return report;
}

} // namespace glossa::ui
