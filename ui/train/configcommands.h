#pragma once

#include "train/trainconfig.h"

#include <QObject>
#include <QUndoCommand>

#include <string>

namespace glossa::ui {

// The settings the ConfigEditor shows; changed only through the commands below, so every
// change is on the undo stack.
class ConfigDocument : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;

    const core::train::TrainConfig &config() const { return m_config; }
    void setValue(const std::string &key, const core::train::ConfigValue &value);
    void setConfig(const core::train::TrainConfig &config);

Q_SIGNALS:
    void changed();

private:
    core::train::TrainConfig m_config;
};

// One setting changed: an edit, a choice, a reset to the default.
class SetValueCommand : public QUndoCommand
{
public:
    // typingSession >= 0 for keystrokes: those of one visit to one field merge into one step.
    SetValueCommand(ConfigDocument *document, std::string key, core::train::ConfigValue before,
                    core::train::ConfigValue after, const QString &text, int typingSession = -1);

    void undo() override;
    void redo() override;
    int id() const override;
    bool mergeWith(const QUndoCommand *other) override;

private:
    ConfigDocument *m_document;
    std::string m_key;
    core::train::ConfigValue m_before;
    core::train::ConfigValue m_after;
    int m_typingSession;
};

// Every setting at once: a preset loaded, a run's settings taken over.
class ReplaceConfigCommand : public QUndoCommand
{
public:
    ReplaceConfigCommand(ConfigDocument *document, core::train::TrainConfig before, core::train::TrainConfig after,
                         const QString &text);

    void undo() override;
    void redo() override;

private:
    ConfigDocument *m_document;
    core::train::TrainConfig m_before;
    core::train::TrainConfig m_after;
};

} // namespace glossa::ui
