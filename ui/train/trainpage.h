#pragma once

#include "ui/session/duplicatetypes.h"
#include "ui/session/runtypes.h"
#include "ui/session/trainingcontroller.h"

#include <QWidget>

#include <stop_token>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QToolButton;

namespace glossa::ui {

class ConfigEditor;
class ProjectSession;
class TrainingCharts;

// The Train tab: the settings editor on the left; on the right the run in progress (pause,
// resume, stop, a progress line with epoch, step, speed, ETA and device), its live curves with
// earlier runs overlaid on demand, and its log. Training runs in a child process
// (TrainingController), so nothing here waits on it.
class TrainPage : public QWidget
{
    Q_OBJECT

public:
    explicit TrainPage(ProjectSession *session, QWidget *parent = nullptr);
    ~TrainPage() override;

    ConfigEditor *editor() const { return m_editor; }
    TrainingCharts *charts() const { return m_charts; }
    QString dataset() const;
    void setDataset(const QString &name);
    // Says, above the Start button, when the dataset's dev or test rows repeat training rows
    // (hidden otherwise); filled in from the session's duplicates thread, never waited for.
    QLabel *duplicateWarning() const { return m_duplicateWarning; }

public Q_SLOTS:
    // Starts a run with the editor's settings (or queues it behind the one in progress).
    void startRun();
    // Loads a run's settings and dataset into the editor (one undoable step) and starts it.
    void rerun(const glossa::ui::RunRow &run);
    void resumeRun(qint64 runId);

Q_SIGNALS:
    void statusMessage(const QString &message);
    // The analyst asked to see the dataset's duplicates.
    void duplicatesRequested(const QString &dataset);
    // The duplicate check of the dataset shown has answered (the warning is up to date).
    void duplicateCheckFinished();

private:
    void nameWidgets();
    void buildLayout();
    void connectControls();
    void connectPresets();
    void connectTraining();
    void showDatasets();
    void showState(TrainingController::State state);
    void showStatus(const TrainingStatus &status);
    void showQueue();
    void showRuns();
    void exportCharts();
    void chooseOverlays();
    void updateStartButton();
    void checkDuplicates();
    void showDuplicateWarning(const glossa::ui::DuplicateReview &review);

    ProjectSession *m_session;
    TrainingController *m_training;
    ConfigEditor *m_editor;
    TrainingCharts *m_charts;
    QComboBox *m_datasetBox;
    QLineEdit *m_nameEdit;
    QPushButton *m_startButton;
    QPushButton *m_pauseButton;
    QPushButton *m_stopButton;
    QProgressBar *m_progress;
    QLabel *m_runLabel;
    QLabel *m_queueLabel;
    QToolButton *m_overlayButton;
    QPlainTextEdit *m_log;
    QList<qint64> m_overlaid;
    QLabel *m_duplicateWarning;
    std::stop_source m_duplicateCheck;
    QList<qint64> m_checkedShape; // the dataset as last checked: id, rows, train, dev, test
};

} // namespace glossa::ui
