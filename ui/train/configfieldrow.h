#pragma once

#include "train/trainconfig.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QFrame;
class QLabel;
class QLineEdit;
class QToolButton;

namespace glossa::ui {

// One setting in the ConfigEditor's form: label, an editor by kind, unit, reset button and,
// under the editor, the setting's problem. It shows and reports text; ConfigEditor parses,
// validates and keeps the undo stack.
class ConfigFieldRow : public QWidget
{
    Q_OBJECT

public:
    explicit ConfigFieldRow(const core::train::ConfigField &field, QWidget *parent = nullptr);

    const core::train::ConfigField &field() const { return m_field; }
    QString key() const;
    QWidget *editor() const { return m_editor; }
    QString editorText() const;

    // Leaves the editor alone when its text already means the value, so typing "0.10" is not
    // rewritten to "0.1" under the cursor; canonical rewrites it anyway.
    void showValue(const core::train::ConfigValue &value, bool canonical = false);
    void setResettable(bool resettable);
    // Shown in the unit's place, e.g. what a 0 that means "automatic" picks.
    void setNote(const QString &note);
    void setProblem(const QString &message);
    // A line under the editor about the value (the model folder's description); with an
    // action, a link after it that emits infoActionTriggered.
    void setInfo(const QString &info, const QString &action = {});
    QString problem() const { return m_problem; }
    // A comparison with an earlier run is active and this setting differs from it.
    void setComparison(bool differs, const QString &runValue = {});
    bool differs() const { return m_differs; }

    int labelWidthHint() const;
    int unitWidthHint() const;
    int editorWidthHint() const;
    // The same columns in every row, so the form reads as one table across its groups.
    void setColumnWidths(int label, int editor, int unit);

Q_SIGNALS:
    // typing: a keystroke in a line edit (merged into one undo step); else a choice or a tick.
    void edited(const QString &text, bool typing);
    void editingFinished();
    void resetRequested();
    void infoActionTriggered();

protected:
    void changeEvent(QEvent *event) override;

private:
    void createEditor();
    void addFolderPicker();
    void nameWidgets();
    void setUpResetButton();
    void layOut();
    void updateToolTip();
    void updateColours();

    const core::train::ConfigField &m_field;
    QFrame *m_bar = nullptr;
    QLabel *m_label = nullptr;
    QWidget *m_editor = nullptr;
    QLineEdit *m_line = nullptr;
    QComboBox *m_combo = nullptr;
    QCheckBox *m_check = nullptr;
    QLabel *m_unit = nullptr;
    QToolButton *m_reset = nullptr;
    QLabel *m_message = nullptr;
    QLabel *m_info = nullptr;
    QString m_problem;
    QString m_runValue;
    bool m_differs = false;
    // A loaded configuration may hold a choice the schema does not list; it is shown as an
    // extra item at the end (with its problem) rather than silently replaced.
    bool m_hasUnlistedChoice = false;
};

} // namespace glossa::ui
