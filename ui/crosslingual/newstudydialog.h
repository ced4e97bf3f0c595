#pragma once

#include "ui/session/studytypes.h"

#include <QDialog>

class QDialogButtonBox;
class QLabel;
class QTreeWidget;

namespace glossa::ui {

// Asks which languages a new transfer study compares: every language of the dataset with its
// labelled train, dev and test rows, those with both train and test rows ticked (a language
// without them cannot be a source or a target), and what the study will cost in runs.
class NewStudyDialog : public QDialog
{
    Q_OBJECT

public:
    // settingsText says which settings the runs share (the Train tab's, by model type).
    NewStudyDialog(const QList<TransferLanguageCount> &languages, const QString &settingsText,
                   QWidget *parent = nullptr);

    QStringList chosenLanguages() const;
    void setChosenLanguages(const QStringList &languages);
    QTreeWidget *languageList() const { return m_languages; }

private:
    void updateSummary();

    QTreeWidget *m_languages;
    QLabel *m_summary;
    QDialogButtonBox *m_buttons;
};

} // namespace glossa::ui
