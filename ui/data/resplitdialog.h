#pragma once

#include "data/resplit.h"

#include <QDialog>

#include <functional>

class QCheckBox;
class QDialogButtonBox;
class QLabel;
class QSpinBox;
class QTableWidget;
class QTimer;

namespace glossa::core::store {
class Database;
}

namespace glossa::ui {

class ProjectSession;

// Data ▸ Re-split…: splits a dataset's rows into train, dev and test again, seeded, stratified
// by label × language and, unless unticked, by group, so no translation of a test text is in
// training. The preview (rows per split × language and × label, how many change, how many
// groups straddle splits before and after) is computed by the session off the UI thread, as is the re-split
// itself; what it writes is what the preview showed. Runs keep the
// snapshot they trained on; Data ▸ Undo Re-split puts the splits back.
class ResplitDialog : public QDialog
{
    Q_OBJECT

public:
    // The session previews the re-split on its browse thread and applies it on its project thread.
    ResplitDialog(ProjectSession *session, const QString &dataset, qint64 datasetId, QWidget *parent = nullptr);

    core::data::ResplitOptions options() const;
    // The latest preview (empty rows until the first arrives).
    const core::data::ResplitPlan &preview() const { return m_preview; }
    QTableWidget *languageTable() const { return m_languages; }
    QTableWidget *labelTable() const { return m_labels; }

    void accept() override; // applies the re-split, then closes

Q_SIGNALS:
    void previewShown();
    void resplit(const QString &dataset, qint64 changedRows);
    void failed(const QString &message);

private:
    void schedulePreview();
    void requestPreview();
    void showPreview(const core::data::ResplitPlan &plan);
    void showError(const QString &message);

    ProjectSession *m_session;
    QString m_dataset;
    qint64 m_datasetId;
    QSpinBox *m_train;
    QSpinBox *m_dev;
    QSpinBox *m_test;
    QSpinBox *m_seed;
    QCheckBox *m_byGroup;
    QLabel *m_summary;
    QTableWidget *m_languages;
    QTableWidget *m_labels;
    QDialogButtonBox *m_buttons;
    QTimer *m_debounce;
    core::data::ResplitPlan m_preview;
    quint64 m_generation = 0; // answers to older settings are dropped
    bool m_applying = false;
};

} // namespace glossa::ui
