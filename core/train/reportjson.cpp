#include "train/reportjson.h"

namespace glossa::core::train {
namespace {

using nlohmann::ordered_json;

// Classes that occur in the set only: a language without a class says nothing about it.
ordered_json perClassJson(const ClassificationReport &report, const std::vector<std::string> &labels)
{
    ordered_json classes = ordered_json::object();
    for (std::size_t i = 0; i < report.perClass.size() && i < labels.size(); ++i) {
        if (i < report.classInSet.size() && !report.classInSet[i])
            continue;
        const auto &scores = report.perClass[i];
        classes[labels[i]] = {{"precision", scores.precision},
                              {"recall", scores.recall},
                              {"f1", scores.f1},
                              {"support", scores.support},
                              {"predicted", scores.predicted}};
    }
    return classes;
}

} // namespace

ordered_json reportToJson(const EvaluationReport &report, const std::vector<std::string> &labels)
{
    const auto &overall = report.overall;
    ordered_json json{{"examples", overall.examples},
                      {"accuracy", overall.accuracy},
                      {"macro_f1", overall.macroF1},
                      {"micro_f1", overall.microF1},
                      {"macro_precision", overall.macroPrecision},
                      {"macro_recall", overall.macroRecall},
                      {"weighted_f1", overall.weightedF1},
                      {"per_class", perClassJson(overall, labels)},
                      {"confusion", {{"labels", labels}, {"matrix", overall.confusion}}}};
    ordered_json languages = ordered_json::object();
    for (const auto &[language, scores] : report.perLanguage)
        languages[language.empty() ? std::string("und") : language] = {{"n", scores.examples},
                                                                       {"accuracy", scores.accuracy},
                                                                       {"macro_f1", scores.macroF1},
                                                                       {"micro_f1", scores.microF1},
                                                                       {"per_class", perClassJson(scores, labels)}};
    json["per_language"] = std::move(languages);
    return json;
}

} // namespace glossa::core::train
