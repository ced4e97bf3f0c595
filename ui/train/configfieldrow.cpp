#include "ui/train/configfieldrow.h"

#include "ui/session/qtcore.h"
#include "ui/train/configfieldtexts.h"
#include "ui/train/configvalues.h"
#include "ui/widgets/icons.h"

#include <QCheckBox>
#include <QComboBox>
#include <QEvent>
#include <QFileDialog>
#include <QFrame>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSignalBlocker>
#include <QToolButton>

namespace glossa::ui {

using core::train::ConfigField;
using core::train::ConfigValue;
using core::train::TrainConfig;
using core::train::ValueKind;

ConfigFieldRow::ConfigFieldRow(const ConfigField &field, QWidget *parent)
    : QWidget(parent)
    , m_field(field)
    , m_bar(new QFrame(this))
    , m_label(new QLabel(translatedConfigText(field.label), this))
    , m_unit(new QLabel(translatedConfigText(field.unit), this))
    , m_reset(new QToolButton(this))
    , m_message(new QLabel(this))
{
    createEditor();
    nameWidgets();
    setUpResetButton();
    layOut();
    showValue(field.defaultValue, true);
    updateColours();
    updateToolTip();
}

// The widget the value is edited in, by its kind.
void ConfigFieldRow::createEditor()
{
    const ConfigField &field = m_field;
    switch (field.kind) {
    case ValueKind::Choice:
        m_combo = new QComboBox(this);
        for (const auto &choice : field.choices) {
            m_combo->addItem(choiceDisplayName(choice), fromUtf8(choice));
            // The value --set and the JSON take, for people who script runs.
            m_combo->setItemData(m_combo->count() - 1, fromUtf8(choice), Qt::ToolTipRole);
        }
        m_editor = m_combo;
        connect(m_combo, &QComboBox::currentIndexChanged, this, [this](int index) {
            if (index >= 0)
                Q_EMIT edited(m_combo->itemData(index).toString(), false);
        });
        break;
    case ValueKind::Boolean:
        m_check = new QCheckBox(this);
        m_editor = m_check;
        connect(m_check, &QCheckBox::toggled, this, [this](bool checked) {
            Q_EMIT edited(checked ? QStringLiteral("true") : QStringLiteral("false"), false);
        });
        break;
    case ValueKind::Integer:
    case ValueKind::Real:
    case ValueKind::Text:
        // A line edit rather than a spin box: a spin box clamps what is typed, and an
        // out-of-range value should stay visible with its message until it is fixed.
        m_line = new QLineEdit(this);
        m_editor = m_line;
        connect(m_line, &QLineEdit::textEdited, this, [this](const QString &text) { Q_EMIT edited(text, true); });
        connect(m_line, &QLineEdit::editingFinished, this, &ConfigFieldRow::editingFinished);
        if (field.key == "model.path")
            addFolderPicker();
        break;
    }
}

// A folder is chosen more than typed: the line edit with a Browse button beside it.
void ConfigFieldRow::addFolderPicker()
{
    // A folder is chosen more than typed: the line edit with a Browse button beside it.
    auto *box = new QWidget(this);
    auto *row = new QHBoxLayout(box);
    row->setContentsMargins(0, 0, 0, 0);
    m_line->setParent(box);
    m_line->setMinimumWidth(260);
    m_line->setPlaceholderText(tr("a Hugging Face model folder"));
    auto *browse = new QToolButton(box);
    browse->setObjectName(QStringLiteral("browse:model.path"));
    browse->setText(tr("Browse…"));
    row->addWidget(m_line, 1);
    row->addWidget(browse);
    connect(browse, &QToolButton::clicked, this, [this] {
        const QString folder = QFileDialog::getExistingDirectory(this, tr("Pretrained model folder"), m_line->text());
        if (folder.isEmpty())
            return;
        m_line->setText(folder);
        Q_EMIT edited(folder, false);
    });
    box->setFocusProxy(m_line);
    m_editor = box;
}

void ConfigFieldRow::nameWidgets()
{
    const QString key = this->key();
    setObjectName(QStringLiteral("row:") + key);
    // The value's own widget carries the name, also when it sits in a box with a button.
    (m_line ? static_cast<QWidget *>(m_line) : m_editor)->setObjectName(QStringLiteral("editor:") + key);
    m_label->setObjectName(QStringLiteral("label:") + key);
    m_label->setBuddy(m_editor);
    m_unit->setObjectName(QStringLiteral("unit:") + key);
    m_message->setObjectName(QStringLiteral("message:") + key);
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->hide();
    m_info = new QLabel(this);
    m_info->setObjectName(QStringLiteral("info:") + key);
    m_info->setWordWrap(true);
    m_info->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_info->hide();
    connect(m_info, &QLabel::linkActivated, this, &ConfigFieldRow::infoActionTriggered);
}

void ConfigFieldRow::setUpResetButton()
{
    const QString key = this->key();
    const ConfigField &field = m_field;
    m_reset->setObjectName(QStringLiteral("reset:") + key);
    m_reset->setAutoRaise(true);
    m_reset->setIcon(QIcon::fromTheme(QStringLiteral("document-revert"), themedIcon(QStringLiteral("edit-undo"))));
    m_reset->setIconSize(QSize(14, 14));
    m_reset->setFocusPolicy(Qt::TabFocus);
    m_reset->setToolTip(tr("Reset %1 to its default (%2)")
                            .arg(translatedConfigText(field.label), displayText(field, field.defaultValue)));
    m_reset->setEnabled(false);
    connect(m_reset, &QToolButton::clicked, this, &ConfigFieldRow::resetRequested);
}

void ConfigFieldRow::layOut()
{
    // The bar beside a setting that differs from the compared run.
    m_bar->setFixedWidth(3);
    m_bar->setAutoFillBackground(false);

    auto *grid = new QGridLayout(this);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setHorizontalSpacing(6);
    grid->setVerticalSpacing(1);
    grid->addWidget(m_bar, 0, 0, 2, 1);
    grid->addWidget(m_label, 0, 1);
    if (m_line && m_editor != m_line) {
        // A path needs the row's whole width: the box spans the editor, unit and reset columns
        // and the stretch, and carries the reset button at its end.
        grid->addWidget(m_editor, 0, 2, 1, 4);
        m_editor->layout()->addWidget(m_reset);
        m_unit->hide();
    } else {
        grid->addWidget(m_editor, 0, 2, Qt::AlignLeft | Qt::AlignVCenter);
        grid->addWidget(m_unit, 0, 3);
        grid->addWidget(m_reset, 0, 4);
    }
    grid->addWidget(m_message, 1, 2, 1, 3);
    grid->addWidget(m_info, 2, 2, 1, 4);
    grid->setColumnStretch(5, 1);
}

QString ConfigFieldRow::key() const
{
    return fromUtf8(m_field.key);
}

QString ConfigFieldRow::editorText() const
{
    if (m_line)
        return m_line->text();
    if (m_combo)
        return m_combo->currentData().toString();
    return m_check->isChecked() ? QStringLiteral("true") : QStringLiteral("false");
}

void ConfigFieldRow::showValue(const ConfigValue &value, bool canonical)
{
    if (m_line) {
        if (!canonical) {
            const auto parsed = parseEditText(m_field, m_line->text());
            if (parsed.value && *parsed.value == value)
                return;
        }
        const QString text = editText(m_field, value);
        if (m_line->text() != text)
            m_line->setText(text);
        return;
    }
    if (m_check) {
        const QSignalBlocker blocker(m_check);
        m_check->setChecked(std::get_if<bool>(&value) && std::get<bool>(value));
        return;
    }
    const QSignalBlocker blocker(m_combo);
    const QString raw = editText(m_field, value);
    if (m_hasUnlistedChoice) {
        m_combo->removeItem(m_combo->count() - 1);
        m_hasUnlistedChoice = false;
    }
    int index = m_combo->findData(raw);
    if (index < 0) {
        m_combo->addItem(raw, raw);
        m_hasUnlistedChoice = true;
        index = m_combo->count() - 1;
    }
    m_combo->setCurrentIndex(index);
}

void ConfigFieldRow::setResettable(bool resettable)
{
    m_reset->setEnabled(resettable);
}

void ConfigFieldRow::setNote(const QString &note)
{
    const QString text = note.isEmpty() ? translatedConfigText(m_field.unit) : note;
    if (m_unit->text() != text)
        m_unit->setText(text);
}

void ConfigFieldRow::setInfo(const QString &info, const QString &action)
{
    if (action.isEmpty()) {
        m_info->setTextFormat(Qt::PlainText);
        m_info->setTextInteractionFlags(Qt::TextSelectableByMouse);
        m_info->setText(info);
    } else {
        m_info->setTextFormat(Qt::RichText);
        m_info->setTextInteractionFlags(Qt::TextBrowserInteraction);
        m_info->setText(info.toHtmlEscaped()
                        + QStringLiteral(" <a href=\"action\">%1</a>").arg(action.toHtmlEscaped()));
    }
    m_info->setVisible(!info.isEmpty());
}

void ConfigFieldRow::setProblem(const QString &message)
{
    if (message == m_problem)
        return;
    m_problem = message;
    m_message->setText(message);
    m_message->setVisible(!message.isEmpty());
    m_editor->setProperty("problem", !message.isEmpty());
}

void ConfigFieldRow::setComparison(bool differs, const QString &runValue)
{
    if (differs == m_differs && runValue == m_runValue)
        return;
    m_differs = differs;
    m_runValue = differs ? runValue : QString();
    setProperty("differs", differs);
    QFont font = m_label->font();
    font.setBold(differs);
    m_label->setFont(font);
    updateColours();
    updateToolTip();
}

int ConfigFieldRow::labelWidthHint() const
{
    // Measured bold, so marking a differing setting never clips its label.
    QFont bold = m_label->font();
    bold.setBold(true);
    return QFontMetrics(bold).horizontalAdvance(m_label->text()) + 4;
}

int ConfigFieldRow::unitWidthHint() const
{
    return m_unit->text().isEmpty() ? 0 : m_unit->fontMetrics().horizontalAdvance(m_unit->text()) + 2;
}

int ConfigFieldRow::editorWidthHint() const
{
    return m_combo ? m_combo->sizeHint().width() : 0;
}

void ConfigFieldRow::setColumnWidths(int label, int editor, int unit)
{
    m_label->setFixedWidth(label);
    if (m_line && m_editor != m_line)
        m_editor->setMinimumWidth(editor);
    else if (!m_check)
        m_editor->setFixedWidth(editor);
    m_unit->setFixedWidth(unit);
    if (auto *grid = qobject_cast<QGridLayout *>(layout()))
        grid->setColumnMinimumWidth(2, editor);
}

void ConfigFieldRow::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        updateColours();
}

void ConfigFieldRow::updateToolTip()
{
    QStringList facts;
    const QString range = rangeText(m_field);
    if (!range.isEmpty()) {
        const QString unit = translatedConfigText(m_field.unit);
        facts.append(unit.isEmpty() ? tr("Range: %1").arg(range) : tr("Range: %1 %2").arg(range, unit));
    }
    facts.append(tr("Default: %1").arg(displayText(m_field, m_field.defaultValue)));
    if (!m_field.modelTypes.empty()) {
        QStringList models;
        for (const auto &type : m_field.modelTypes)
            models.append(choiceDisplayName(type));
        facts.append(tr("Applies to: %1").arg(models.join(QLatin1String(", "))));
    }
    for (const auto &condition : m_field.conditions) {
        QStringList values;
        for (const auto &value : condition.values)
            values.append(choiceDisplayName(value));
        facts.append(tr("Only when %1 is %2")
                         .arg(translatedConfigText(TrainConfig::field(condition.key).label), values.join(tr(" or "))));
    }
    if (m_differs)
        facts.append(tr("In the compared run: %1").arg(m_runValue));
    QStringList escaped;
    for (const QString &fact : facts)
        escaped.append(fact.toHtmlEscaped());
    const QString tip = QStringLiteral("<p>") % translatedConfigText(m_field.description).toHtmlEscaped()
                        % QStringLiteral("</p><p>") % escaped.join(QStringLiteral("<br>"))
                        % QStringLiteral("<br><code>") % key().toHtmlEscaped() % QStringLiteral("</code></p>");
    m_label->setToolTip(tip);
    m_editor->setToolTip(tip);
    if (m_line)
        m_line->setToolTip(tip);
    m_unit->setToolTip(tip);
}

void ConfigFieldRow::updateColours()
{
    // A red that reads on light and dark palettes alike.
    const bool dark = palette().color(QPalette::Window).lightness() < 128;
    QPalette messagePalette = m_message->palette();
    messagePalette.setColor(QPalette::WindowText, dark ? QColor(0xff, 0x80, 0x80) : QColor(0xc0, 0x1c, 0x28));
    m_message->setPalette(messagePalette);

    QPalette unitPalette = m_unit->palette();
    unitPalette.setColor(QPalette::WindowText, palette().color(QPalette::PlaceholderText));
    m_unit->setPalette(unitPalette);

    QPalette barPalette = m_bar->palette();
    barPalette.setColor(QPalette::Window, palette().color(QPalette::Highlight));
    m_bar->setPalette(barPalette);
    m_bar->setAutoFillBackground(m_differs);
    m_bar->update();
}

} // namespace glossa::ui
