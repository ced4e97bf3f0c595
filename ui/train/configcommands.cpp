#include "ui/train/configcommands.h"

namespace glossa::ui {

namespace {

// QUndoStack merges only commands with the same id; every typing command shares this one and
// mergeWith() decides by key and session.
constexpr int typingCommandId = 0x6C0F16;

} // namespace

void ConfigDocument::setValue(const std::string &key, const core::train::ConfigValue &value)
{
    m_config.set(key, value);
    Q_EMIT changed();
}

void ConfigDocument::setConfig(const core::train::TrainConfig &config)
{
    m_config = config;
    Q_EMIT changed();
}

SetValueCommand::SetValueCommand(ConfigDocument *document, std::string key, core::train::ConfigValue before,
                                 core::train::ConfigValue after, const QString &text, int typingSession)
    : QUndoCommand(text)
    , m_document(document)
    , m_key(std::move(key))
    , m_before(std::move(before))
    , m_after(std::move(after))
    , m_typingSession(typingSession)
{
}

void SetValueCommand::undo()
{
    m_document->setValue(m_key, m_before);
}

void SetValueCommand::redo()
{
    m_document->setValue(m_key, m_after);
}

int SetValueCommand::id() const
{
    return m_typingSession >= 0 ? typingCommandId : -1;
}

bool SetValueCommand::mergeWith(const QUndoCommand *other)
{
    const auto *next = static_cast<const SetValueCommand *>(other);
    if (next->m_key != m_key || next->m_typingSession != m_typingSession)
        return false;
    m_after = next->m_after;
    setText(next->text());
    // Typed back to where it started: QUndoStack drops the step.
    setObsolete(m_after == m_before);
    return true;
}

ReplaceConfigCommand::ReplaceConfigCommand(ConfigDocument *document, core::train::TrainConfig before,
                                           core::train::TrainConfig after, const QString &text)
    : QUndoCommand(text)
    , m_document(document)
    , m_before(std::move(before))
    , m_after(std::move(after))
{
}

void ReplaceConfigCommand::undo()
{
    m_document->setConfig(m_before);
}

void ReplaceConfigCommand::redo()
{
    m_document->setConfig(m_after);
}

} // namespace glossa::ui
