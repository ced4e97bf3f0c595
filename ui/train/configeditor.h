#pragma once

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>
#include <QWidget>

#include <functional>
#include <memory>
#include <string>
#include <vector>

class QCheckBox;
class QComboBox;
class QFrame;
class QGroupBox;
class QLabel;
class QPushButton;
class QScrollArea;
class QTreeWidget;
class QTreeWidgetItem;
class QUndoStack;

namespace glossa::core::train {
class TrainConfig;
}

namespace glossa::ui {

class ModelFolderInspector;

class ConfigDocument;
class ConfigFieldRow;

// An earlier run the settings can be compared with.
struct ComparableRun
{
    qint64 id = 0;
    QString name;
    QString configJson;
};

// The Train tab's hyperparameter form, generated from TrainConfig::schema(): one row per
// setting, grouped, with inline validation, basic and advanced views, presets (kept by the
// owner), a comparison with an earlier run, and every change on an undo stack.
class ConfigEditor : public QWidget
{
    Q_OBJECT

public:
    // The dialogs behind the preset buttons; tests replace them. An empty name cancels.
    using NamePrompt = std::function<QString(const QString &suggestion)>;
    using Confirmation = std::function<bool(const QString &title, const QString &question)>;

    explicit ConfigEditor(QWidget *parent = nullptr);
    ~ConfigEditor() override;

    QString configJson() const;
    // One undoable step; invalid JSON returns false and changes nothing.
    bool setConfigJson(const QString &json, const QString &undoText);
    // validate() finds nothing and every field's text reads as a value.
    bool isValid() const;
    // "Label: message", in schema order.
    QStringList problems() const;
    QUndoStack *undoStack() const;

    bool advancedVisible() const;
    void setAdvancedVisible(bool visible);

    void setPresetNames(const QStringList &names);
    QString currentPresetName() const;
    void setComparableRuns(const QList<ComparableRun> &runs);
    // 0 ends the comparison.
    void compareWithRun(qint64 runId);
    qint64 comparedRunId() const { return m_comparedRunId; }
    // Keys (schema order) of the settings that differ from the compared run.
    QStringList differingKeys() const;
    // Takes over the compared run's settings as one undoable step.
    void useComparedRunSettings();

    void setNamePrompt(NamePrompt prompt);
    void setConfirmation(Confirmation confirm);
    // The chosen dataset's examples, for the fine-tuning strategy's time estimates.
    void setDatasetTexts(qint64 texts);
    // Sets a choice field to what its info line offers (features for the strategy, int8 for
    // the quantization), as one undoable step.
    void offerChoice(const std::string &key, const std::string &choice);

Q_SIGNALS:
    void configChanged();
    void validityChanged(bool valid);
    void savePresetRequested(const QString &name, const QString &configJson);
    void loadPresetRequested(const QString &name);
    void deletePresetRequested(const QString &name);
    void advancedVisibleChanged(bool visible);

private:
    struct Group
    {
        std::string name;
        QGroupBox *box = nullptr;
        std::vector<ConfigFieldRow *> rows;
    };

    QLayout *buildHeader();
    QWidget *buildComparisonPanel();
    QWidget *buildForm();
    void alignColumns();

    void onRowEdited(ConfigFieldRow *row, const QString &text, bool typing);
    void onRowEditingFinished(ConfigFieldRow *row);
    void resetRow(ConfigFieldRow *row);
    void onDocumentChanged();
    void syncRows();
    void refreshState();
    void refreshProblems();
    void refreshVisibility();
    void refreshAdvancedToggle();
    void refreshComparison();
    void refreshPresetButtons();
    void refreshModelFolder();
    void refreshStrategyAdvice();
    void focusField(const QString &key);

    void loadPreset();
    void savePresetAs();
    void deletePreset();

    ConfigDocument *m_document = nullptr;
    QUndoStack *m_undoStack = nullptr;
    // What the rows last showed, to tell which values an undo or a load changed.
    std::unique_ptr<core::train::TrainConfig> m_shown;

    std::vector<Group> m_groups;
    std::vector<ConfigFieldRow *> m_rows; // schema order
    QHash<QString, ConfigFieldRow *> m_rowByKey;
    // Text typed into a field that does not parse: the config keeps the last good value and
    // the field shows this message until the text is fixed, undone or replaced.
    QHash<QString, QString> m_textErrors;
    QStringList m_problems;
    bool m_valid = true;
    bool m_advancedVisible = false;
    // Keystrokes merge into one undo step while they stay in one field; leaving the field, an
    // undo or any other change starts a new session.
    int m_typingSession = 0;
    qint64 m_datasetTexts = 0;
    bool m_pushingTyping = false;

    QComboBox *m_presetCombo = nullptr;
    QPushButton *m_loadPreset = nullptr;
    QPushButton *m_savePreset = nullptr;
    QPushButton *m_deletePreset = nullptr;
    QStringList m_presetNames;
    QString m_lastSavedPreset;

    QComboBox *m_runCombo = nullptr;
    QList<ComparableRun> m_runs; // newest first
    qint64 m_comparedRunId = 0;
    QString m_comparedRunName;
    std::unique_ptr<core::train::TrainConfig> m_comparedConfig;
    QString m_comparisonError;
    QFrame *m_comparisonPanel = nullptr;
    QLabel *m_comparisonTitle = nullptr;
    QTreeWidget *m_comparisonList = nullptr;
    QPushButton *m_useRunSettings = nullptr;

    // A pretrained model's folder, read off the UI thread: its description, or why not.
    ModelFolderInspector *m_modelFolder = nullptr;
    QString m_modelFolderProblem;

    QCheckBox *m_advancedToggle = nullptr;
    QLabel *m_problemSummary = nullptr;
    QScrollArea *m_scroll = nullptr;

    NamePrompt m_namePrompt;
    Confirmation m_confirm;
};

} // namespace glossa::ui
