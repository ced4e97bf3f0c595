#include "ui/train/configeditor.h"

#include "ui/session/modelfolderinspector.h"

#include "ui/session/qtcore.h"
#include "ui/train/configcommands.h"
#include "ui/train/configfieldrow.h"
#include "ui/train/configfieldtexts.h"
#include "ui/train/configvalues.h"

#include "train/trainconfig.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFrame>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollArea>
#include <QSignalBlocker>
#include <QTreeWidget>
#include <QUndoStack>
#include <QVBoxLayout>

#include <algorithm>
#include <exception>
#include <optional>

namespace glossa::ui {

using core::train::ConfigField;
using core::train::ConfigValue;
using core::train::TrainConfig;

namespace {

enum ComparisonColumn { SettingColumn, CurrentColumn, RunColumn };
constexpr int keyRole = Qt::UserRole;

std::optional<TrainConfig> parseConfig(const QString &json, QString *error)
{
    try {
        return TrainConfig::fromJsonString(toUtf8(json));
    } catch (const std::exception &e) {
        *error = QString::fromUtf8(e.what());
        return std::nullopt;
    }
}

QString label(const ConfigField &field)
{
    return translatedConfigText(field.label);
}

// A learning rate of 0 means "the model's own"; say which, so 0 does not read as a mistake.
// The other automatic settings depend on the data: the run picks them and records the numbers
// (the field's tooltip says how); the note fits the unit's narrow column.
QString valueNote(const TrainConfig &config, const ConfigField &field)
{
    if (field.key == "optimizer.learning_rate" && config.real(field.key) == 0)
        return ConfigEditor::tr("auto: %1").arg(formatReal(config.effectiveLearningRate(), true));
    if (field.automaticAtZero && config.integer(field.key) == 0)
        return ConfigEditor::tr("auto");
    return {};
}

void setWarningColour(QLabel *label)
{
    const bool dark = label->palette().color(QPalette::Window).lightness() < 128;
    QPalette palette = label->palette();
    palette.setColor(QPalette::WindowText, dark ? QColor(0xff, 0x80, 0x80) : QColor(0xc0, 0x1c, 0x28));
    label->setPalette(palette);
}

} // namespace

ConfigEditor::ConfigEditor(QWidget *parent)
    : QWidget(parent)
    , m_document(new ConfigDocument(this))
    , m_undoStack(new QUndoStack(this))
    , m_shown(std::make_unique<TrainConfig>())
    , m_modelFolder(new ModelFolderInspector(this))
{
    connect(m_modelFolder, &ModelFolderInspector::inspected, this, [this](const ModelFolderInfo &info) {
        auto *row = m_rowByKey.value(QStringLiteral("model.path"));
        if (!row || info.path != fromUtf8(m_document->config().text("model.path")))
            return; // about a folder no longer chosen
        row->setInfo(info.summary);
        m_modelFolderProblem = info.problem;
        refreshStrategyAdvice();
        refreshState();
    });
    setObjectName(QStringLiteral("configEditor"));
    m_namePrompt = [this](const QString &suggestion) {
        bool ok = false;
        const QString name =
            QInputDialog::getText(this, tr("Save Preset"), tr("Preset name:"), QLineEdit::Normal, suggestion, &ok);
        return ok ? name : QString();
    };
    m_confirm = [this](const QString &title, const QString &question) {
        return QMessageBox::question(this, title, question, QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel)
               == QMessageBox::Yes;
    };

    m_advancedToggle = new QCheckBox(this);
    m_advancedToggle->setObjectName(QStringLiteral("advancedToggle"));
    connect(m_advancedToggle, &QCheckBox::toggled, this, &ConfigEditor::setAdvancedVisible);
    m_problemSummary = new QLabel(this);
    m_problemSummary->setObjectName(QStringLiteral("problemSummary"));
    setWarningColour(m_problemSummary);
    m_problemSummary->hide();

    auto *toggleRow = new QHBoxLayout;
    toggleRow->setContentsMargins(0, 0, 0, 0);
    toggleRow->addWidget(m_advancedToggle);
    toggleRow->addStretch(1);
    toggleRow->addWidget(m_problemSummary);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(6);
    layout->addLayout(buildHeader());
    layout->addWidget(buildComparisonPanel());
    layout->addLayout(toggleRow);
    layout->addWidget(buildForm(), 1);

    connect(m_document, &ConfigDocument::changed, this, &ConfigEditor::onDocumentChanged);
    alignColumns();
    refreshPresetButtons();
    refreshState();
}

ConfigEditor::~ConfigEditor() = default;

QLayout *ConfigEditor::buildHeader()
{
    m_presetCombo = new QComboBox(this);
    m_presetCombo->setObjectName(QStringLiteral("presetCombo"));
    m_presetCombo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_presetCombo->setMinimumContentsLength(10);
    m_presetCombo->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    m_presetCombo->setToolTip(tr("Presets saved in this project"));
    m_presetCombo->setPlaceholderText(tr("No presets"));
    connect(m_presetCombo, &QComboBox::currentIndexChanged, this, &ConfigEditor::refreshPresetButtons);

    m_loadPreset = new QPushButton(tr("Load"), this);
    m_loadPreset->setObjectName(QStringLiteral("loadPresetButton"));
    m_loadPreset->setToolTip(tr("Replace the settings with the chosen preset (can be undone)"));
    connect(m_loadPreset, &QPushButton::clicked, this, &ConfigEditor::loadPreset);
    m_savePreset = new QPushButton(tr("Save As…"), this);
    m_savePreset->setObjectName(QStringLiteral("savePresetButton"));
    m_savePreset->setToolTip(tr("Save these settings as a preset in the project"));
    connect(m_savePreset, &QPushButton::clicked, this, &ConfigEditor::savePresetAs);
    m_deletePreset = new QPushButton(tr("Delete"), this);
    m_deletePreset->setObjectName(QStringLiteral("deletePresetButton"));
    m_deletePreset->setToolTip(tr("Delete the chosen preset from the project"));
    connect(m_deletePreset, &QPushButton::clicked, this, &ConfigEditor::deletePreset);

    m_runCombo = new QComboBox(this);
    m_runCombo->setObjectName(QStringLiteral("compareRunCombo"));
    m_runCombo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_runCombo->setMinimumContentsLength(10);
    m_runCombo->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    m_runCombo->setToolTip(tr("Mark the settings that differ from an earlier run"));
    m_runCombo->addItem(tr("None"), qint64(0));
    connect(m_runCombo, &QComboBox::currentIndexChanged, this,
            [this](int index) { compareWithRun(m_runCombo->itemData(index).toLongLong()); });

    auto *presetLabel = new QLabel(tr("&Preset:"), this);
    presetLabel->setBuddy(m_presetCombo);
    auto *runLabel = new QLabel(tr("Compare &with run:"), this);
    runLabel->setBuddy(m_runCombo);

    auto *buttons = new QHBoxLayout;
    buttons->setContentsMargins(0, 0, 0, 0);
    buttons->setSpacing(4);
    buttons->addWidget(m_loadPreset);
    buttons->addWidget(m_savePreset);
    buttons->addWidget(m_deletePreset);

    auto *grid = new QGridLayout;
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setHorizontalSpacing(6);
    grid->setVerticalSpacing(4);
    grid->addWidget(presetLabel, 0, 0);
    grid->addWidget(m_presetCombo, 0, 1);
    grid->addLayout(buttons, 0, 2);
    grid->addWidget(runLabel, 1, 0);
    grid->addWidget(m_runCombo, 1, 1, 1, 2);
    grid->setColumnStretch(1, 1);
    return grid;
}

QWidget *ConfigEditor::buildComparisonPanel()
{
    m_comparisonPanel = new QFrame(this);
    m_comparisonPanel->setObjectName(QStringLiteral("comparisonPanel"));
    m_comparisonPanel->setFrameShape(QFrame::StyledPanel);

    m_comparisonTitle = new QLabel(m_comparisonPanel);
    m_comparisonTitle->setObjectName(QStringLiteral("comparisonTitle"));
    m_comparisonTitle->setWordWrap(true);

    m_comparisonList = new QTreeWidget(m_comparisonPanel);
    m_comparisonList->setObjectName(QStringLiteral("comparisonList"));
    m_comparisonList->setColumnCount(3);
    m_comparisonList->setRootIsDecorated(false);
    m_comparisonList->setUniformRowHeights(true);
    m_comparisonList->setAlternatingRowColors(true);
    m_comparisonList->setSelectionMode(QAbstractItemView::SingleSelection);
    m_comparisonList->header()->setSectionResizeMode(SettingColumn, QHeaderView::ResizeToContents);
    m_comparisonList->header()->setSectionResizeMode(CurrentColumn, QHeaderView::Stretch);
    m_comparisonList->header()->setSectionResizeMode(RunColumn, QHeaderView::Stretch);
    m_comparisonList->header()->setStretchLastSection(true);
    // A few rows; a long list scrolls rather than pushing the form out of view.
    m_comparisonList->setToolTip(tr("Double-click a setting to go to it"));
    connect(m_comparisonList, &QTreeWidget::itemActivated, this,
            [this](QTreeWidgetItem *item) { focusField(item->data(SettingColumn, keyRole).toString()); });

    m_useRunSettings = new QPushButton(tr("Use This Run's Settings"), m_comparisonPanel);
    m_useRunSettings->setObjectName(QStringLiteral("useRunSettingsButton"));
    m_useRunSettings->setToolTip(tr("Replace every setting with the compared run's (can be undone)"));
    connect(m_useRunSettings, &QPushButton::clicked, this, &ConfigEditor::useComparedRunSettings);

    auto *buttonRow = new QHBoxLayout;
    buttonRow->setContentsMargins(0, 0, 0, 0);
    buttonRow->addStretch(1);
    buttonRow->addWidget(m_useRunSettings);

    auto *layout = new QVBoxLayout(m_comparisonPanel);
    layout->setContentsMargins(6, 4, 6, 6);
    layout->setSpacing(4);
    layout->addWidget(m_comparisonTitle);
    layout->addWidget(m_comparisonList);
    layout->addLayout(buttonRow);
    m_comparisonPanel->hide();
    return m_comparisonPanel;
}

QWidget *ConfigEditor::buildForm()
{
    auto *content = new QWidget;
    content->setObjectName(QStringLiteral("configForm"));
    auto *layout = new QVBoxLayout(content);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(6);

    for (const ConfigField &field : TrainConfig::schema()) {
        auto group =
            std::find_if(m_groups.begin(), m_groups.end(), [&](const Group &g) { return g.name == field.group; });
        if (group == m_groups.end()) {
            auto *box = new QGroupBox(translatedConfigText(field.group), content);
            box->setObjectName(QStringLiteral("group:") + fromUtf8(field.group));
            auto *boxLayout = new QVBoxLayout(box);
            boxLayout->setContentsMargins(6, 4, 6, 6);
            boxLayout->setSpacing(3);
            layout->addWidget(box);
            m_groups.push_back({field.group, box, {}});
            group = m_groups.end() - 1;
        }
        auto *row = new ConfigFieldRow(field, group->box);
        group->box->layout()->addWidget(row);
        group->rows.push_back(row);
        m_rows.push_back(row);
        m_rowByKey.insert(row->key(), row);
        connect(row, &ConfigFieldRow::edited, this,
                [this, row](const QString &text, bool typing) { onRowEdited(row, text, typing); });
        connect(row, &ConfigFieldRow::editingFinished, this, [this, row] { onRowEditingFinished(row); });
        connect(row, &ConfigFieldRow::resetRequested, this, [this, row] { resetRow(row); });
        if (field.key == "finetune.strategy")
            connect(row, &ConfigFieldRow::infoActionTriggered, this,
                    [this] { offerChoice("finetune.strategy", "features"); });
        if (field.key == "model.quantize")
            connect(row, &ConfigFieldRow::infoActionTriggered, this, [this] { offerChoice("model.quantize", "int8"); });
    }
    layout->addStretch(1);

    m_scroll = new QScrollArea(this);
    m_scroll->setObjectName(QStringLiteral("configScroll"));
    m_scroll->setWidget(content);
    m_scroll->setWidgetResizable(true);
    m_scroll->setFrameShape(QFrame::NoFrame);
    m_scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    return m_scroll;
}

void ConfigEditor::alignColumns()
{
    int labelWidth = 0;
    int editorWidth = fontMetrics().horizontalAdvance(QStringLiteral("0000000000000"));
    int unitWidth = 0;
    for (const ConfigFieldRow *row : m_rows) {
        labelWidth = std::max(labelWidth, row->labelWidthHint());
        editorWidth = std::max(editorWidth, row->editorWidthHint());
        unitWidth = std::max(unitWidth, row->unitWidthHint());
    }
    unitWidth = std::max(unitWidth, fontMetrics().horizontalAdvance(tr("auto: %1").arg(QStringLiteral("5e-4"))) + 2);
    // Wide enough for every choice, narrow enough that the form fits a side panel.
    editorWidth = std::clamp(editorWidth, 110, 220);
    for (ConfigFieldRow *row : m_rows)
        row->setColumnWidths(labelWidth, editorWidth, unitWidth);
}

QString ConfigEditor::configJson() const
{
    return fromUtf8(m_document->config().toJsonString());
}

bool ConfigEditor::setConfigJson(const QString &json, const QString &undoText)
{
    QString error;
    const auto config = parseConfig(json, &error);
    if (!config)
        return false;
    // What is loaded replaces whatever half-typed text the fields held.
    m_textErrors.clear();
    if (*config == m_document->config()) {
        syncRows();
        refreshState();
        return true;
    }
    m_undoStack->push(new ReplaceConfigCommand(m_document, m_document->config(), *config,
                                               undoText.isEmpty() ? tr("Load settings") : undoText));
    return true;
}

bool ConfigEditor::isValid() const
{
    return m_valid;
}

QStringList ConfigEditor::problems() const
{
    return m_problems;
}

QUndoStack *ConfigEditor::undoStack() const
{
    return m_undoStack;
}

bool ConfigEditor::advancedVisible() const
{
    return m_advancedVisible;
}

void ConfigEditor::setAdvancedVisible(bool visible)
{
    if (visible == m_advancedVisible)
        return;
    m_advancedVisible = visible;
    {
        const QSignalBlocker blocker(m_advancedToggle);
        m_advancedToggle->setChecked(visible);
    }
    refreshVisibility();
    Q_EMIT advancedVisibleChanged(visible);
}

void ConfigEditor::setPresetNames(const QStringList &names)
{
    const QString current = currentPresetName();
    m_presetNames = names;
    {
        const QSignalBlocker blocker(m_presetCombo);
        m_presetCombo->clear();
        m_presetCombo->addItems(names);
        // The preset just saved, else the one chosen before; nothing chosen otherwise.
        qsizetype index = names.indexOf(m_lastSavedPreset);
        if (index < 0)
            index = names.indexOf(current);
        m_presetCombo->setCurrentIndex(int(index));
        m_presetCombo->setPlaceholderText(names.isEmpty() ? tr("No presets") : tr("Choose a preset"));
    }
    m_lastSavedPreset.clear();
    refreshPresetButtons();
}

QString ConfigEditor::currentPresetName() const
{
    return m_presetCombo->currentIndex() >= 0 ? m_presetCombo->currentText() : QString();
}

void ConfigEditor::setComparableRuns(const QList<ComparableRun> &runs)
{
    m_runs = runs;
    std::stable_sort(m_runs.begin(), m_runs.end(),
                     [](const ComparableRun &a, const ComparableRun &b) { return a.id > b.id; });
    {
        const QSignalBlocker blocker(m_runCombo);
        m_runCombo->clear();
        m_runCombo->addItem(tr("None"), qint64(0));
        for (const ComparableRun &run : m_runs) {
            const QString text =
                run.name.isEmpty() ? tr("#%1").arg(run.id) : tr("#%1 %2").arg(QString::number(run.id), run.name);
            m_runCombo->addItem(text, run.id);
        }
    }
    // Keeps comparing with the same run while it is listed, re-reading its settings.
    compareWithRun(m_comparedRunId);
}

void ConfigEditor::compareWithRun(qint64 runId)
{
    const auto run =
        std::find_if(m_runs.cbegin(), m_runs.cend(), [runId](const ComparableRun &r) { return r.id == runId; });
    m_comparedRunId = run == m_runs.cend() ? 0 : runId;
    m_comparedConfig.reset();
    m_comparisonError.clear();
    m_comparedRunName.clear();
    if (m_comparedRunId) {
        m_comparedRunName = run->name.isEmpty() ? tr("#%1").arg(run->id) : run->name;
        QString error;
        if (auto config = parseConfig(run->configJson, &error))
            m_comparedConfig = std::make_unique<TrainConfig>(*config);
        else
            m_comparisonError = error;
    }
    {
        const QSignalBlocker blocker(m_runCombo);
        m_runCombo->setCurrentIndex(std::max(0, m_runCombo->findData(m_comparedRunId)));
    }
    refreshComparison();
}

QStringList ConfigEditor::differingKeys() const
{
    QStringList keys;
    for (const ConfigFieldRow *row : m_rows)
        if (row->differs())
            keys.append(row->key());
    return keys;
}

void ConfigEditor::useComparedRunSettings()
{
    if (!m_comparedConfig)
        return;
    m_textErrors.clear();
    if (*m_comparedConfig == m_document->config()) {
        syncRows();
        refreshState();
        return;
    }
    m_undoStack->push(new ReplaceConfigCommand(m_document, m_document->config(), *m_comparedConfig,
                                               tr("Use the settings of run %1").arg(m_comparedRunName)));
}

void ConfigEditor::setNamePrompt(NamePrompt prompt)
{
    m_namePrompt = std::move(prompt);
}

void ConfigEditor::setConfirmation(Confirmation confirm)
{
    m_confirm = std::move(confirm);
}

void ConfigEditor::onRowEdited(ConfigFieldRow *row, const QString &text, bool typing)
{
    const ConfigField &field = row->field();
    const QString key = row->key();
    const ParsedValue parsed = parseEditText(field, text);
    if (!parsed.value) {
        // The config keeps its last good value; the field says what is wrong with the text.
        m_textErrors.insert(key, parsed.error);
        refreshState();
        return;
    }
    const bool hadError = m_textErrors.remove(key) > 0;
    const ConfigValue current = m_document->config().value(field.key);
    if (*parsed.value == current) {
        if (hadError)
            refreshState();
        return;
    }
    const QString undoText = tr("Set %1 to %2").arg(label(field), displayText(field, *parsed.value));
    m_pushingTyping = typing;
    m_undoStack->push(
        new SetValueCommand(m_document, field.key, current, *parsed.value, undoText, typing ? m_typingSession : -1));
    m_pushingTyping = false;
}

void ConfigEditor::onRowEditingFinished(ConfigFieldRow *row)
{
    ++m_typingSession;
    // "0.10" becomes "0.1", ".0003" becomes "3e-4": the field shows what the run will record.
    if (!m_textErrors.contains(row->key()))
        row->showValue(m_document->config().value(row->field().key), true);
}

void ConfigEditor::resetRow(ConfigFieldRow *row)
{
    const ConfigField &field = row->field();
    const bool hadError = m_textErrors.remove(row->key()) > 0;
    const ConfigValue current = m_document->config().value(field.key);
    if (current == field.defaultValue) {
        if (hadError) {
            row->showValue(current, true);
            refreshState();
        }
        return;
    }
    m_undoStack->push(
        new SetValueCommand(m_document, field.key, current, field.defaultValue,
                            tr("Reset %1 to %2").arg(label(field), displayText(field, field.defaultValue))));
}

void ConfigEditor::onDocumentChanged()
{
    if (!m_pushingTyping)
        ++m_typingSession;
    const TrainConfig &config = m_document->config();
    // An undo, a load or a reset replaces the text of the fields whose values it changed.
    for (const ConfigFieldRow *row : m_rows)
        if (!(config.value(row->field().key) == m_shown->value(row->field().key)))
            m_textErrors.remove(row->key());
    syncRows();
    *m_shown = config;
    refreshState();
    Q_EMIT configChanged();
}

void ConfigEditor::syncRows()
{
    const TrainConfig &config = m_document->config();
    for (ConfigFieldRow *row : m_rows)
        if (!m_textErrors.contains(row->key()))
            row->showValue(config.value(row->field().key));
}

void ConfigEditor::refreshState()
{
    const TrainConfig &config = m_document->config();
    for (ConfigFieldRow *row : m_rows) {
        row->setResettable(m_textErrors.contains(row->key())
                           || !(config.value(row->field().key) == row->field().defaultValue));
        row->setNote(valueNote(config, row->field()));
    }
    refreshModelFolder();
    refreshProblems();
    refreshVisibility();
    refreshAdvancedToggle();
    refreshComparison();
    const bool valid = m_problems.isEmpty();
    if (valid != m_valid) {
        m_valid = valid;
        Q_EMIT validityChanged(valid);
    }
}

void ConfigEditor::refreshModelFolder()
{
    auto *row = m_rowByKey.value(QStringLiteral("model.path"));
    if (!row)
        return;
    const TrainConfig &config = m_document->config();
    const QString path = fromUtf8(config.text("model.path"));
    if (config.text("model.type") != "pretrained" || path.isEmpty()) {
        row->setInfo({});
        m_modelFolderProblem.clear();
        refreshStrategyAdvice();
        return;
    }
    if (m_modelFolder->last().path != path) {
        row->setInfo(tr("Reading the model folder…"));
        m_modelFolderProblem.clear();
    }
    m_modelFolder->inspect(path, config.integer("optimizer.batch_size"), config.integer("model.max_length"),
                           config.text("finetune.strategy") == "lora", m_datasetTexts);
    refreshStrategyAdvice();
}

// Under the strategy: full fine-tuning's and features' time here, and, when the model is large
// for the machine, a link that switches to features (the form offers it first).
void ConfigEditor::refreshStrategyAdvice()
{
    auto *row = m_rowByKey.value(QStringLiteral("finetune.strategy"));
    auto *quantize = m_rowByKey.value(QStringLiteral("model.quantize"));
    if (!row || !quantize)
        return;
    const TrainConfig &config = m_document->config();
    const auto &info = m_modelFolder->last();
    if (config.text("model.type") != "pretrained" || info.path != fromUtf8(config.text("model.path"))
        || info.strategyAdvice.isEmpty()) {
        row->setInfo({});
        quantize->setInfo({});
        return;
    }
    const bool offer = info.featuresFirst && config.text("finetune.strategy") != "features";
    row->setInfo(info.strategyAdvice, offer ? tr("Use features") : QString());
    // A model that is large for the machine also predicts and embeds faster in int8 (1.9 times
    // float32's texts/s, bench/encoder_features on 2 cores).
    if (info.featuresFirst && config.text("model.quantize") != "int8")
        quantize->setInfo(tr("This model is large for this machine: in int8 it predicts and embeds about twice as "
                             "fast on a CPU, its scores a little different (the run's log says how much)."),
                          tr("Use int8"));
    else
        quantize->setInfo({});
}

void ConfigEditor::setDatasetTexts(qint64 texts)
{
    if (texts == m_datasetTexts)
        return;
    m_datasetTexts = texts;
    refreshModelFolder();
}

void ConfigEditor::offerChoice(const std::string &key, const std::string &choice)
{
    const ConfigField &field = TrainConfig::field(key);
    const ConfigValue current = m_document->config().value(field.key);
    const ConfigValue chosen = choice;
    if (current == chosen)
        return;
    m_undoStack->push(new SetValueCommand(m_document, field.key, current, chosen,
                                          tr("Set %1 to %2").arg(label(field), displayText(field, chosen))));
}

void ConfigEditor::refreshProblems()
{
    const TrainConfig &config = m_document->config();
    QHash<QString, QStringList> byKey;
    for (const auto &problem : config.validate()) {
        const QString key = fromUtf8(problem.key);
        // Text that does not parse says more than a problem of the value it failed to replace.
        if (!m_textErrors.contains(key))
            byKey[key].append(problemMessage(config, problem));
    }
    for (auto it = m_textErrors.cbegin(); it != m_textErrors.cend(); ++it)
        byKey[it.key()] = QStringList{it.value()};
    if (!m_modelFolderProblem.isEmpty() && !m_textErrors.contains(QStringLiteral("model.path")))
        byKey[QStringLiteral("model.path")].append(m_modelFolderProblem);

    m_problems.clear();
    for (ConfigFieldRow *row : m_rows) {
        const QStringList messages = byKey.take(row->key());
        row->setProblem(messages.join(QLatin1Char('\n')));
        for (const QString &message : messages)
            m_problems.append(tr("%1: %2").arg(label(row->field()), message));
    }
    for (auto it = byKey.cbegin(); it != byKey.cend(); ++it)
        for (const QString &message : it.value())
            m_problems.append(tr("%1: %2").arg(it.key(), message));

    m_problemSummary->setVisible(!m_problems.isEmpty());
    m_problemSummary->setText(m_problems.size() == 1 ? tr("One problem to fix")
                                                     : tr("%n problems to fix", "", int(m_problems.size())));
    m_problemSummary->setToolTip(m_problems.join(QLatin1Char('\n')));
}

void ConfigEditor::refreshVisibility()
{
    const TrainConfig &config = m_document->config();
    for (const Group &group : m_groups) {
        bool anyVisible = false;
        for (ConfigFieldRow *row : group.rows) {
            const ConfigField &field = row->field();
            // A setting with a problem stays in view wherever it is, or it could not be fixed.
            const bool problem = !row->problem().isEmpty();
            const bool visible =
                (config.applies(field) || problem) && (!field.advanced || m_advancedVisible || problem);
            if (row->isHidden() == visible)
                row->setVisible(visible);
            anyVisible = anyVisible || visible;
        }
        if (group.box->isHidden() == anyVisible)
            group.box->setVisible(anyVisible);
    }
}

void ConfigEditor::refreshAdvancedToggle()
{
    const TrainConfig &config = m_document->config();
    QStringList changed;
    for (const ConfigFieldRow *row : m_rows) {
        const ConfigField &field = row->field();
        if (field.advanced && config.applies(field) && !(config.value(field.key) == field.defaultValue))
            changed.append(label(field));
    }
    // Changed advanced settings stay discoverable in the basic view: the toggle counts them.
    m_advancedToggle->setText(changed.isEmpty() ? tr("Show advanced settings")
                                                : tr("Show advanced settings (%n changed)", "", int(changed.size())));
    m_advancedToggle->setToolTip(changed.isEmpty()
                                     ? tr("Settings most runs leave at their defaults")
                                     : tr("Changed from their defaults: %1").arg(changed.join(QLatin1String(", "))));
}

void ConfigEditor::refreshComparison()
{
    if (!m_comparedRunId) {
        m_comparisonPanel->hide();
        for (ConfigFieldRow *row : m_rows)
            row->setComparison(false);
        return;
    }
    m_comparisonPanel->show();
    m_comparisonList->clear();
    if (!m_comparedConfig) {
        m_comparisonTitle->setText(
            tr("The settings of run %1 cannot be read: %2").arg(m_comparedRunName, m_comparisonError));
        m_comparisonList->hide();
        m_useRunSettings->setEnabled(false);
        for (ConfigFieldRow *row : m_rows)
            row->setComparison(false);
        return;
    }

    const TrainConfig &config = m_document->config();
    m_comparisonList->setHeaderLabels({tr("Setting"), tr("Current"), tr("Run %1").arg(m_comparedRunName)});
    int differences = 0;
    for (ConfigFieldRow *row : m_rows) {
        const ConfigField &field = row->field();
        const ConfigValue &mine = config.value(field.key);
        const ConfigValue &theirs = m_comparedConfig->value(field.key);
        const bool differs = !(mine == theirs);
        row->setComparison(differs, displayText(field, theirs));
        if (!differs)
            continue;
        ++differences;
        auto *item =
            new QTreeWidgetItem(m_comparisonList, {label(field), displayText(field, mine), displayText(field, theirs)});
        item->setData(SettingColumn, keyRole, row->key());
        item->setToolTip(SettingColumn, row->key());
    }
    m_comparisonList->setVisible(differences > 0);
    if (differences > 0) {
        // As tall as its rows, up to eight; more scroll.
        const int rowHeight = std::max(m_comparisonList->sizeHintForRow(0), fontMetrics().height());
        m_comparisonList->setFixedHeight(m_comparisonList->header()->sizeHint().height()
                                         + std::min(differences, 8) * rowHeight + 2 * m_comparisonList->frameWidth()
                                         + 2);
    }
    if (differences == 0)
        m_comparisonTitle->setText(tr("Same settings as run %1.").arg(m_comparedRunName));
    else if (differences == 1)
        m_comparisonTitle->setText(tr("One setting differs from run %1.").arg(m_comparedRunName));
    else
        m_comparisonTitle->setText(tr("%n settings differ from run %1.", "", differences).arg(m_comparedRunName));
    m_useRunSettings->setEnabled(differences > 0);
}

void ConfigEditor::refreshPresetButtons()
{
    const bool chosen = m_presetCombo->currentIndex() >= 0;
    m_loadPreset->setEnabled(chosen);
    m_deletePreset->setEnabled(chosen);
}

void ConfigEditor::focusField(const QString &key)
{
    ConfigFieldRow *row = m_rowByKey.value(key);
    if (!row)
        return;
    if (row->field().advanced && !m_advancedVisible && row->isHidden())
        setAdvancedVisible(true);
    if (!row->isVisibleTo(this))
        return;
    m_scroll->ensureWidgetVisible(row);
    row->editor()->setFocus(Qt::OtherFocusReason);
}

void ConfigEditor::loadPreset()
{
    const QString name = currentPresetName();
    if (!name.isEmpty())
        Q_EMIT loadPresetRequested(name);
}

void ConfigEditor::savePresetAs()
{
    const QString name = m_namePrompt(currentPresetName()).trimmed();
    if (name.isEmpty())
        return;
    if (m_presetNames.contains(name)
        && !m_confirm(tr("Overwrite Preset"),
                      tr("A preset named “%1” exists. Replace it with these settings?").arg(name)))
        return;
    m_lastSavedPreset = name;
    Q_EMIT savePresetRequested(name, configJson());
}

void ConfigEditor::deletePreset()
{
    const QString name = currentPresetName();
    if (name.isEmpty())
        return;
    if (!m_confirm(tr("Delete Preset"), tr("Delete the preset “%1” from the project?").arg(name)))
        return;
    Q_EMIT deletePresetRequested(name);
}

} // namespace glossa::ui
