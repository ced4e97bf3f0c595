#include "ui/widgets/runsettings.h"

#include "ui/session/qtcore.h"
#include "ui/session/runreport.h"

#include "train/trainconfig.h"

#include <QCoreApplication>
#include <QLocale>

#include <exception>

namespace glossa::ui {

namespace {

QString automatic()
{
    return QCoreApplication::translate("RunSettings", "automatic");
}

// The value the engine chose for an automatic setting, or empty when it was not automatic.
QString resolved(const core::train::TrainConfig &config, const core::train::ConfigField &field,
                 const RunTrainingSummary *training, const QString &device)
{
    const std::string &key = field.key;
    const QString stored = training ? training->settingsUsed.value(fromUtf8(key)) : QString();
    if (key == "optimizer.learning_rate" && config.real(key) <= 0)
        return stored.isEmpty() ? QString::number(config.effectiveLearningRate(), 'g', 6) : stored;
    if (key == "eval.interval" && config.integer(key) <= 0)
        return stored.isEmpty() ? QCoreApplication::translate("RunSettings", "once per epoch")
                                : QCoreApplication::translate("RunSettings", "%1 steps (once per epoch)").arg(stored);
    if (key == "run.cpu_threads" && config.integer(key) <= 0)
        return stored;
    if (key == "run.device" && config.text(key) == "auto")
        return stored.isEmpty() ? device : stored;
    // Stored as the number picked from the data; the summary says it was picked.
    if (field.automaticAtZero)
        return stored;
    return {};
}

} // namespace

QList<SettingLine> runSettingLines(const QString &configJson, const RunTrainingSummary *training, const QString &device)
{
    QList<SettingLine> lines;
    try {
        const auto config = core::train::TrainConfig::fromJsonString(toUtf8(configJson));
        const core::train::TrainConfig defaults;
        for (const auto &field : core::train::TrainConfig::schema()) {
            const auto &value = config.value(field.key);
            SettingLine line;
            line.applies = config.applies(field);
            line.key = fromUtf8(field.key);
            line.value = fromUtf8(core::train::describe(value));
            line.changed = value != defaults.value(field.key);
            if (const QString used = resolved(config, field, training, device); !used.isEmpty()) {
                line.value = used;
                line.note = automatic();
                line.changed = line.changed && !field.automaticAtZero; // its default is "picked"
            }
            lines.append(line);
        }
    } catch (const std::exception &) {
        lines.clear();
    }
    return lines;
}

} // namespace glossa::ui
