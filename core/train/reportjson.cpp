#include "train/reportjson.h"

#include "train/jsonfields.h"

#include <stdexcept>

namespace glossa::core::train {
namespace {

using namespace jsonfields;

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
            entry["f1_ci"] = intervalJson(report.classF1Intervals[i]);
    }
    return classes;
}

// n, and the intervals when they were computed, beside the scores they belong to.
void addIntervals(ordered_json &json, const ClassificationReport &report)
{
    if (report.accuracyInterval)
        json["accuracy_ci"] = intervalJson(report.accuracyInterval);
    if (report.macroF1Interval)
        json["macro_f1_ci"] = intervalJson(report.macroF1Interval);
}

// A set's per_class object into perClass, classInSet and classF1Intervals, indexed like labels;
// classes the report does not know are left out.
void readClasses(const ordered_json &json, const std::vector<std::string> &labels, ClassificationReport &report)
{
    report.perClass.assign(labels.size(), {});
    report.classInSet.assign(labels.size(), false);
    report.classF1Intervals.assign(labels.size(), std::nullopt);
    const auto classes = field<ordered_json>(json, "per_class", ordered_json::object());
    for (std::size_t i = 0; i < labels.size(); ++i) {
        const auto it = classes.find(labels[i]);
        if (it == classes.end() || !it->is_object())
            continue;
        report.perClass[i] = {field<double>(*it, "precision"), field<double>(*it, "recall"), field<double>(*it, "f1"),
                              field<std::int64_t>(*it, "support"), field<std::int64_t>(*it, "predicted")};
        report.classInSet[i] = true;
        report.classF1Intervals[i] = intervalField(*it, "f1_ci");
    }
}

// The scores every set has. Micro precision and recall equal accuracy for single-label data,
// so they are not written and are read back from it.
ClassificationReport readSet(const ordered_json &json, const std::vector<std::string> &labels)
{
    ClassificationReport report;
    report.examples = field<std::int64_t>(json, "n", field<std::int64_t>(json, "examples"));
    report.accuracy = field<double>(json, "accuracy");
    report.macroPrecision = field<double>(json, "macro_precision");
    report.macroRecall = field<double>(json, "macro_recall");
    report.macroF1 = field<double>(json, "macro_f1");
    report.microF1 = field<double>(json, "micro_f1", report.accuracy);
    report.microPrecision = report.microRecall = report.microF1;
    report.weightedF1 = field<double>(json, "weighted_f1");
    report.accuracyInterval = intervalField(json, "accuracy_ci");
    report.macroF1Interval = intervalField(json, "macro_f1_ci");
    readClasses(json, labels, report);
    return report;
}

// The confusion matrix exactly as written: labels x labels, or none (a run stopped before its
// test), so that a hostile file cannot make a reader allocate what its text does not hold.
std::vector<std::vector<std::int64_t>> readConfusion(const ordered_json &matrix, std::size_t labels)
{
    if (matrix.is_null() || (matrix.is_array() && matrix.empty()))
        return {};
    if (!matrix.is_array() || matrix.size() != labels)
        throw std::invalid_argument("the confusion matrix is not " + std::to_string(labels) + " rows");
    std::vector<std::vector<std::int64_t>> confusion;
    confusion.reserve(labels);
    for (const auto &row : matrix) {
        if (!row.is_array() || row.size() != labels)
            throw std::invalid_argument("a confusion matrix row is not " + std::to_string(labels) + " counts");
        confusion.push_back(row.get<std::vector<std::int64_t>>());
    }
    return confusion;
}

StoredReport readReport(const ordered_json &json)
{
    if (!json.is_object())
        throw std::invalid_argument("not a JSON object");
    StoredReport stored;
    const auto confusion = field<ordered_json>(json, "confusion", ordered_json::object());
    stored.labels = field<std::vector<std::string>>(confusion, "labels");
    if (stored.labels.empty())
        throw std::invalid_argument("no labels (confusion.labels)");
    stored.scores.overall = readSet(json, stored.labels);
    stored.scores.overall.confusion = readConfusion(field<ordered_json>(confusion, "matrix"), stored.labels.size());
    const auto languages = field<ordered_json>(json, "per_language", ordered_json::object());
    for (const auto &[language, scores] : languages.items()) { // "und" is how the writer names none
        if (!scores.is_object())
            throw std::invalid_argument("per_language." + language + " is not an object");
        stored.scores.perLanguage.emplace(language == "und" ? std::string() : language, readSet(scores, stored.labels));
    }
    stored.evaluation = field<std::string>(json, "evaluation");
    stored.folds = field<int>(json, "folds");
    return stored;
}

// Runs a reader over the JSON; its error, not an exception, for anything malformed.
template <typename Read>
auto readJson(const ordered_json &json, std::string *error, Read read) -> std::optional<decltype(read(json))>
{
    try {
        if (json.is_discarded())
            throw std::invalid_argument("not JSON");
        return read(json);
    } catch (const std::exception &e) { // nlohmann's type errors, and the readers' own
        if (error)
            *error = e.what();
        return std::nullopt;
    }
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

ordered_json reportToJson(const StoredReport &report)
{
    auto json = reportToJson(report.scores, report.labels);
    if (!report.evaluation.empty())
        json["evaluation"] = report.evaluation;
    if (report.folds > 0)
        json["folds"] = report.folds;
    return json;
}

std::optional<StoredReport> reportFromJsonValue(const ordered_json &json, std::string *error)
{
    return readJson(json, error, readReport);
}

std::optional<StoredReport> reportFromJson(std::string_view json, std::string *error)
{
    return reportFromJsonValue(ordered_json::parse(json, nullptr, false), error);
}

std::string labelErrorSummaryToJson(const LabelErrorSummary &summary)
{
    ordered_json json{{"method", summary.method},       {"examples", summary.examples},
                      {"flagged", summary.flagged},     {"candidates", summary.candidates},
                      {"cap", summary.cap},             {"folds", summary.folds},
                      {"ranking", summary.ranking},     {"accuracy_too_low", summary.accuracyTooLow}};
    if (summary.outOfSampleAccuracy)
        json["out_of_sample_accuracy"] = *summary.outOfSampleAccuracy;
    if (summary.minUsefulAccuracy)
        json["min_useful_accuracy"] = *summary.minUsefulAccuracy;
    return dumped(json);
}

std::optional<LabelErrorSummary> labelErrorSummaryFromJson(std::string_view json, std::string *error)
{
    return readJson(ordered_json::parse(json, nullptr, false), error, [](const ordered_json &object) {
        if (!object.is_object())
            throw std::invalid_argument("not a JSON object");
        LabelErrorSummary summary;
        summary.method = field<std::string>(object, "method", summary.method);
        summary.examples = field<std::int64_t>(object, "examples");
        summary.flagged = field<std::int64_t>(object, "flagged");
        summary.candidates = field<std::int64_t>(object, "candidates");
        summary.cap = field<std::int64_t>(object, "cap");
        summary.folds = field<int>(object, "folds");
        summary.ranking = field<std::string>(object, "ranking");
        summary.outOfSampleAccuracy = optionalField<double>(object, "out_of_sample_accuracy");
        summary.accuracyTooLow = field<bool>(object, "accuracy_too_low");
        summary.minUsefulAccuracy = optionalField<double>(object, "min_useful_accuracy");
        return summary;
    });
}

} // namespace glossa::core::train
