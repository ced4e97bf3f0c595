#include "ui/session/runreport.h"

#include "ui/session/qtcore.h"

#include "train/reportjson.h"

#include <algorithm>

namespace glossa::ui {

namespace train = core::train;

namespace {

std::optional<ScoreInterval> intervalFrom(const std::optional<train::Interval> &interval)
{
    if (!interval)
        return std::nullopt;
    return ScoreInterval{interval->low, interval->high};
}

std::optional<QPair<double, double>> pairFrom(const std::optional<train::Interval> &interval)
{
    if (!interval)
        return std::nullopt;
    return qMakePair(interval->low, interval->high);
}

// Aligned with the report's labels; none for a class the set does not have.
QList<std::optional<ClassScores>> classesFrom(const train::ClassificationReport &scores)
{
    QList<std::optional<ClassScores>> classes;
    for (std::size_t i = 0; i < scores.perClass.size(); ++i) {
        if (i < scores.classInSet.size() && !scores.classInSet[i]) {
            classes.append(std::nullopt);
            continue;
        }
        const auto &found = scores.perClass[i];
        classes.append(ClassScores{found.precision, found.recall, found.f1, found.support, found.predicted,
                                   i < scores.classF1Intervals.size() ? intervalFrom(scores.classF1Intervals[i])
                                                                      : std::nullopt});
    }
    return classes;
}

// How every view names a language: examples without one are "und" (ISO 639's undetermined).
QString languageName(const std::string &code)
{
    return code.empty() ? QStringLiteral("und") : fromUtf8(code);
}

} // namespace

RunReport runReportFrom(const train::StoredReport &stored)
{
    RunReport report;
    for (const auto &label : stored.labels)
        report.labels.append(fromUtf8(label));
    const auto &overall = stored.scores.overall;
    for (const auto &row : overall.confusion)
        report.confusion.append(QList<qint64>(row.begin(), row.end()));
    report.examples = overall.examples;
    report.accuracy = overall.accuracy;
    report.macroF1 = overall.macroF1;
    report.microF1 = overall.microF1;
    report.weightedF1 = overall.weightedF1;
    report.accuracyInterval = intervalFrom(overall.accuracyInterval);
    report.macroF1Interval = intervalFrom(overall.macroF1Interval);
    // Reports stored before the evaluation was named were all scored on the test split.
    report.evaluation = stored.evaluation.empty() ? QStringLiteral("test split") : fromUtf8(stored.evaluation);
    report.folds = stored.folds;
    report.perClass = classesFrom(overall);
    for (const auto &[language, scores] : stored.scores.perLanguage)
        report.languages.append(LanguageScores{languageName(language), scores.examples, scores.accuracy, scores.macroF1,
                                               intervalFrom(scores.accuracyInterval),
                                               intervalFrom(scores.macroF1Interval), classesFrom(scores)});
    std::sort(report.languages.begin(), report.languages.end(),
              [](const LanguageScores &a, const LanguageScores &b) { return a.lang < b.lang; });
    return report;
}

RunReport parseRunReport(const QByteArray &json)
{
    const auto stored = train::reportFromJson(std::string_view(json.constData(), static_cast<std::size_t>(json.size())));
    return stored ? runReportFrom(*stored) : RunReport{};
}

void readEvaluationScores(const train::EvaluationReport &report, EvalPoint &point)
{
    point.macroF1Interval = pairFrom(report.overall.macroF1Interval);
    for (const auto &[code, scores] : report.perLanguage) {
        const auto language = languageName(code);
        point.languageMacroF1.insert(language, scores.macroF1);
        point.languageExamples.insert(language, scores.examples);
        if (const auto interval = pairFrom(scores.macroF1Interval))
            point.languageIntervals.insert(language, *interval);
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
