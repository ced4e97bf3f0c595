#include "train/reportjson.h"

namespace glossa::core::train {
namespace {

using nlohmann::ordered_json;

ordered_json intervalJson(const Interval &interval)
{
    return ordered_json::array({interval.low, interval.high});
}

// Classes that occur in the set only: a language without a class says nothing about it.
ordered_json perClassJson(const ClassificationReport &report, const std::vector<std::string> &labels)
{
    ordered_json classes = ordered_json::object();
    for (std::size_t i = 0; i < report.perClass.size() && i < labels.size(); ++i) {
        if (i < report.classInSet.size() && !report.classInSet[i])
            continue;
        const auto &scores = report.perClass[i];
        auto &entry = classes[labels[i]] = {{"precision", scores.precision},
                                            {"recall", scores.recall},
                                            {"f1", scores.f1},
                                            {"support", scores.support},
                                            {"predicted", scores.predicted}};
        if (i < report.classF1Intervals.size() && report.classF1Intervals[i])
            entry["f1_ci"] = intervalJson(*report.classF1Intervals[i]);
    }
    return classes;
}

// n, and the intervals when they were computed, beside the scores they belong to.
void addIntervals(ordered_json &json, const ClassificationReport &report)
{
    if (report.accuracyInterval)
        json["accuracy_ci"] = intervalJson(*report.accuracyInterval);
    if (report.macroF1Interval)
        json["macro_f1_ci"] = intervalJson(*report.macroF1Interval);
}

} // namespace

ordered_json reportToJson(const EvaluationReport &report, const std::vector<std::string> &labels)
{
    const auto &overall = report.overall;
    ordered_json json{{"examples", overall.examples},
                      {"n", overall.examples},
                      {"accuracy", overall.accuracy},
                      {"macro_f1", overall.macroF1},
                      {"micro_f1", overall.microF1},
                      {"macro_precision", overall.macroPrecision},
                      {"macro_recall", overall.macroRecall},
                      {"weighted_f1", overall.weightedF1},
                      {"per_class", perClassJson(overall, labels)},
                      {"confusion", {{"labels", labels}, {"matrix", overall.confusion}}}};
    addIntervals(json, overall);
    ordered_json languages = ordered_json::object();
    for (const auto &[language, scores] : report.perLanguage) {
        auto &entry =
            languages[language.empty() ? std::string("und") : language] = {{"n", scores.examples},
                                                                           {"accuracy", scores.accuracy},
                                                                           {"macro_f1", scores.macroF1},
                                                                           {"micro_f1", scores.microF1},
                                                                           {"per_class", perClassJson(scores, labels)}};
        addIntervals(entry, scores);
    }
    json["per_language"] = std::move(languages);
    return json;
}

} // namespace glossa::core::train
