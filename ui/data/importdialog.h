#pragma once

#include <QDialog>
#include <QMap>
#include <QStringList>

#include <array>
#include <functional>
#include <memory>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QGridLayout;
class QGroupBox;
class QHBoxLayout;
class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTableView;
class QTimer;

namespace glossa::core::store {
class Database;
}

namespace glossa::ui {

class ImportCheck;
class ImportPreviewModel;
class ImportRunner;
struct ImportPreview;
struct ImportRequest;
struct ImportResult;

// Choose a file, see its first rows as the importer reads them (format, encoding, the
// column each field comes from, the first problem with its line), map the columns and import
// into a new or an existing dataset. Previews, the whole-file check and the import all run off
// the UI thread; the dialog itself never touches the project.
class ImportDialog : public QDialog
{
    Q_OBJECT

public:
    explicit ImportDialog(const QStringList &existingDatasets, QWidget *parent = nullptr);
    ~ImportDialog() override;

    void setFile(const QString &filePath);
    // What imports into the project (ProjectSession::newImportRunner); the dialog owns it, and
    // Import stays disabled until there is one.
    void setImportRunner(ImportRunner *runner);

public Q_SLOTS:
    // While an import runs: cancels it (the dialog stays open until it has rolled back).
    void reject() override;

Q_SIGNALS:
    void imported(const QString &datasetName);

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    // The constructor's parts, each building and connecting its widgets.
    QGridLayout *buildFileForm();
    QGroupBox *buildColumnsBox();
    QGroupBox *buildSplitBox();
    void setUpPreview();
    QHBoxLayout *buildProgressRow();
    QCheckBox *buildSkipInvalidBox();
    QDialogButtonBox *buildButtons();

    void browse();
    void settingsChanged();
    void schedulePreview();
    void startPreview();
    void showPreview(const ImportPreview &preview);
    void startValidation();
    void showValidationProgress();
    void fieldChosen(int field);
    void startImport();
    void importProgress(qint64 rows, quint64 bytesRead, quint64 totalBytes);
    void importFinished(const ImportResult &result);
    void importEnded(const QString &error, const QString &status);
    void setImporting(bool importing);
    void updateDatasetHint();
    void updateState();
    void elideFileName();
    ImportRequest request() const;
    QString ratioProblem() const;

    QStringList m_datasets;
    QString m_filePath;
    QString m_defaultDataset;
    ImportRunner *m_runner = nullptr;

    QWidget *m_settings = nullptr;
    QLabel *m_fileLabel = nullptr;
    QComboBox *m_formatCombo = nullptr;
    QLabel *m_encodingLabel = nullptr;
    QComboBox *m_datasetCombo = nullptr;
    QLabel *m_datasetHint = nullptr;
    std::array<QComboBox *, 6> m_fieldCombos{};
    QSpinBox *m_trainSpin = nullptr;
    QSpinBox *m_devSpin = nullptr;
    QSpinBox *m_testSpin = nullptr;
    QSpinBox *m_seedSpin = nullptr;
    QLabel *m_previewCaption = nullptr;
    QTableView *m_table = nullptr;
    ImportPreviewModel *m_model = nullptr;
    QLabel *m_errorLabel = nullptr;
    QLabel *m_statusLabel = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_progressLabel = nullptr;
    QCheckBox *m_skipInvalid = nullptr;
    QPushButton *m_importButton = nullptr;
    QPushButton *m_closeButton = nullptr;
    QTimer *m_previewTimer = nullptr;
    QTimer *m_validationTimer = nullptr;

    // The user's choices; a field left out is found by name, as the importer does.
    QMap<QString, QString> m_mapping;
    // Results of an older preview or check are dropped when they arrive.
    int m_generation = 0;
    bool m_previewReady = false;
    bool m_textMapped = false;
    bool m_importing = false;
    bool m_imported = false;
    QString m_previewError;
    QString m_validationError;
    // The problem is with one row (it has a line), which skipping would leave out.
    bool m_previewRowProblem = false;
    bool m_validationRowProblem = false;
    QString m_importError;
    std::unique_ptr<ImportCheck> m_check; // the whole-file check under way
};

} // namespace glossa::ui
