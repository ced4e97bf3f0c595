#pragma once

#include "ui/session/browsetypes.h"
#include "ui/session/retrievalservice.h"

#include <QWidget>

class QButtonGroup;
class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QRadioButton;
class QToolButton;

namespace glossa::ui {

class LanguageMatrixView;
class ProjectSession;
class RunPicker;
class TranslationFinder;

// Cross-lingual retrieval in the Cross-lingual tab: can the model's representations find a
// text's translation? The analyst chooses the model (a finished run of the dataset, or a
// Hugging Face model folder with its pooling) and the split, measures (progress, cancel), and
// reads precision at 1 for every ordered language pair as a matrix (mean reciprocal rank one
// toggle away) with the means and n. "Find translation" then shows, for a typed text or one of
// the split's, its nearest texts in every language with their similarity, the query's own
// translations marked. Everything goes through the session's RetrievalService.
class RetrievalPanel : public QWidget
{
    Q_OBJECT

public:
    explicit RetrievalPanel(ProjectSession *session, QWidget *parent = nullptr);

    // The dataset measured (the tab's choice); the project's first one until set.
    void setDataset(const QString &name);
    QString dataset() const { return m_dataset; }
    // Choose the model as the analyst would: a run (its own pooling), or a model folder.
    void chooseRun(qint64 runId);
    void chooseModelFolder(const QString &folder, const QString &pooling = QStringLiteral("mean"));
    void chooseSplit(const QString &split);
    // The choice the controls make now.
    RetrievalChoice choice() const;
    // As the Measure button: starts measuring the current choice.
    void measure();
    // Asks for the nearest texts of text now, as typing does 300 ms after it stops.
    void findTranslation(const QString &text);

    LanguageMatrixView *matrixView() const { return m_matrix; }
    // Which score the matrix shows: P@1 (true) or MRR.
    bool showsPrecision() const;
    void showPrecision(bool precision);
    // The split's texts offered to pick from (after the project answered).
    const QList<ExampleRowData> &splitTexts() const;

private:
    static QString notMeasuredText();
    void buildControls();
    void buildResults();
    void connectSession();
    void updateRuns();
    void updateControls();
    void serviceStateChanged(RetrievalService::State state);
    void showProgress(qint64 embedded, qint64 total);
    void showResult(const RetrievalResult &result);
    void showMatrix();
    void readSplitTexts();
    void matrixCellActivated(int row, int column);

    ProjectSession *m_session;
    QString m_dataset;

    QRadioButton *m_useRun;
    RunPicker *m_runPicker;
    QRadioButton *m_useFolder;
    QLineEdit *m_folder;
    QToolButton *m_browse;
    QComboBox *m_pooling;
    QComboBox *m_split;
    QPushButton *m_measure;
    QPushButton *m_cancel;
    QProgressBar *m_progress;
    QLabel *m_status;

    QLabel *m_summary;
    QButtonGroup *m_scoreChoice;
    LanguageMatrixView *m_matrix;

    TranslationFinder *m_finder;
};

} // namespace glossa::ui
