#include "ui/train/configvalues.h"

#include "ui/train/configfieldtexts.h"
#include "ui/session/qtcore.h"

#include <QCoreApplication>
#include <QLocale>
#include <QRegularExpression>

#include <algorithm>
#include <cmath>

namespace glossa::ui {

using core::train::ConfigField;
using core::train::ConfigProblem;
using core::train::ConfigValue;
using core::train::TrainConfig;
using core::train::ValueKind;

namespace {

// Beyond 2^53 a double no longer holds every whole number, so "1e20" is not taken as one.
constexpr double largestExactWhole = 9007199254740992.0;

QString formatBound(const ConfigField &field, double bound)
{
    if (field.kind == ValueKind::Integer)
        return QString::number(static_cast<qint64>(bound));
    return formatReal(bound, field.logScale && bound != 0);
}

bool isNumber(const ConfigField &field)
{
    return field.kind == ValueKind::Integer || field.kind == ValueKind::Real;
}

double numberOf(const ConfigValue &value)
{
    if (const auto *whole = std::get_if<std::int64_t>(&value))
        return static_cast<double>(*whole);
    if (const auto *real = std::get_if<double>(&value))
        return *real;
    return 0;
}

} // namespace

QString formatReal(double value, bool scientific)
{
    if (!scientific || value == 0)
        return QString::number(value, 'f', QLocale::FloatingPointShortest);
    // Qt writes "3e-04"; people and papers write 3e-4.
    QString text = QString::number(value, 'e', QLocale::FloatingPointShortest);
    static const QRegularExpression exponent(QStringLiteral("e([+-])0*(\\d)"));
    text.replace(exponent, QStringLiteral("e\\1\\2"));
    return text.replace(QLatin1String("e+"), QLatin1String("e"));
}

QString editText(const ConfigField &field, const ConfigValue &value)
{
    if (const auto *whole = std::get_if<std::int64_t>(&value))
        return QString::number(*whole);
    if (const auto *real = std::get_if<double>(&value))
        return formatReal(*real, field.logScale);
    if (const auto *flag = std::get_if<bool>(&value))
        return *flag ? QStringLiteral("true") : QStringLiteral("false");
    return fromUtf8(std::get<std::string>(value));
}

QString displayText(const ConfigField &field, const ConfigValue &value)
{
    if (field.kind == ValueKind::Choice)
        if (const auto *choice = std::get_if<std::string>(&value))
            return choiceDisplayName(*choice);
    if (const auto *flag = std::get_if<bool>(&value))
        return *flag ? QCoreApplication::translate("ConfigValue", "on")
                     : QCoreApplication::translate("ConfigValue", "off");
    const QString text = editText(field, value);
    return text.isEmpty() ? QCoreApplication::translate("ConfigValue", "(empty)") : text;
}

QString rangeText(const ConfigField &field)
{
    if (!isNumber(field))
        return {};
    return QCoreApplication::translate("ConfigValue", "%1 to %2")
        .arg(formatBound(field, field.minimum), formatBound(field, field.maximum));
}

ParsedValue parseEditText(const ConfigField &field, const QString &text)
{
    const QString trimmed = text.trimmed();
    switch (field.kind) {
    case ValueKind::Integer: {
        bool ok = false;
        const qint64 whole = trimmed.toLongLong(&ok);
        if (ok)
            return {ConfigValue(std::int64_t(whole)), {}};
        // "1e6" sentences or buckets is a whole number too.
        const double number = trimmed.toDouble(&ok);
        if (ok && std::isfinite(number) && std::trunc(number) == number && std::abs(number) <= largestExactWhole)
            return {ConfigValue(static_cast<std::int64_t>(number)), {}};
        if (trimmed.isEmpty())
            return {std::nullopt, QCoreApplication::translate("ConfigValue", "Enter a whole number")};
        return {std::nullopt, QCoreApplication::translate("ConfigValue", "“%1” is not a whole number").arg(trimmed)};
    }
    case ValueKind::Real: {
        bool ok = false;
        const double number = trimmed.toDouble(&ok);
        if (ok && std::isfinite(number))
            return {ConfigValue(number), {}};
        if (trimmed.isEmpty())
            return {std::nullopt, QCoreApplication::translate("ConfigValue", "Enter a number")};
        if (trimmed.count(QLatin1Char(',')) == 1 && !trimmed.contains(QLatin1Char('.')))
            return {std::nullopt,
                    QCoreApplication::translate("ConfigValue", "“%1” is not a number (write the decimal point as “.”)")
                        .arg(trimmed)};
        return {std::nullopt, QCoreApplication::translate("ConfigValue", "“%1” is not a number").arg(trimmed)};
    }
    case ValueKind::Boolean:
        if (trimmed == QLatin1String("true"))
            return {ConfigValue(true), {}};
        if (trimmed == QLatin1String("false"))
            return {ConfigValue(false), {}};
        return {std::nullopt, QCoreApplication::translate("ConfigValue", "“%1” is not true or false").arg(trimmed)};
    case ValueKind::Choice:
    case ValueKind::Text: break;
    }
    return {ConfigValue(toUtf8(text)), {}};
}

QString problemMessage(const TrainConfig &config, const ConfigProblem &problem)
{
    const ConfigField *field = nullptr;
    for (const auto &candidate : TrainConfig::schema())
        if (candidate.key == problem.key)
            field = &candidate;
    if (!field)
        return fromUtf8(problem.message);
    const ConfigValue &value = config.value(field->key);

    // The checks of TrainConfig::validate(), recognised by their condition rather than by
    // their English wording; a check the editor does not know keeps core's message.
    if (isNumber(*field)) {
        const double number = numberOf(value);
        if (!std::isfinite(number) || number < field->minimum || number > field->maximum)
            return QCoreApplication::translate("ConfigValue", "Must be from %1 to %2")
                .arg(formatBound(*field, field->minimum), formatBound(*field, field->maximum));
    }
    if (field->kind == ValueKind::Choice) {
        const auto &chosen = std::get<std::string>(value);
        if (std::find(field->choices.begin(), field->choices.end(), chosen) == field->choices.end()) {
            QStringList names;
            for (const auto &choice : field->choices)
                names.append(choiceDisplayName(choice));
            return QCoreApplication::translate("ConfigValue", "“%1” is not one of %2")
                .arg(fromUtf8(chosen), names.join(QLatin1String(", ")));
        }
    }
    if (field->key == "model.path" && config.text("model.path").empty())
        return QCoreApplication::translate("ConfigValue", "Choose the folder of a pretrained model");
    if (field->key == "model.heads" && config.integer("model.heads") > 0
        && config.integer("model.embedding_dim") % config.integer("model.heads") != 0)
        return QCoreApplication::translate("ConfigValue", "Must divide the embedding size (%1)")
            .arg(config.integer("model.embedding_dim"));
    if (field->key == "run.device")
        return QCoreApplication::translate("ConfigValue", "Must be auto, cpu, cuda or cuda:N (for example cuda:0)");
    return fromUtf8(problem.message);
}

} // namespace glossa::ui
