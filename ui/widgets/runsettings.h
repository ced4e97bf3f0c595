#pragma once

#include <QList>
#include <QString>

namespace glossa::ui {

struct RunTrainingSummary;

// One setting of a run as it ran: automatic values (a learning rate of 0, device auto, …)
// resolved to what the engine used, with a note that says they were automatic.
struct SettingLine
{
    QString key;
    QString value;
    QString note;         // "automatic", or empty
    bool changed = false; // set differently from the defaults
    bool applies = true;  // to the run's model and settings (LoRA's rank does not to a bag)
};

// Every setting of configJson in schema order, the resolved values from training when the run
// stored them, else what the settings alone tell (the model's default learning rate) and the
// device the run names. Empty for settings that cannot be read.
QList<SettingLine> runSettingLines(const QString &configJson, const RunTrainingSummary *training = nullptr,
                                   const QString &device = {});

} // namespace glossa::ui
