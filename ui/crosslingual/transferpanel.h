#pragma once

#include "ui/session/studytypes.h"
#include "ui/session/trainingcontroller.h"

#include <QWidget>

#include <functional>

class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QTreeWidget;

namespace glossa::ui {

class LanguageMatrixView;
class ProjectSession;

// The transfer matrix of the Cross-lingual tab: which language's labels teach the model most
// about another language. The analyst starts a study (NewStudyDialog), its runs train one
// after another through the session's TrainingController (so the Train tab shows each one
// live, and Stop, pause and resume work as for any run), and the matrix fills in as each run
// ends: rows trained on one language (or all), columns tested on one language, the diagonal
// framed, each target's best other source framed in orange. Beside it, per target, the source
// that transfers best and what the language's own labels add, largest first: the languages to
// label next. A cell opens that run's Evaluate view on the target language's test rows.
class TransferPanel : public QWidget
{
    Q_OBJECT

public:
    explicit TransferPanel(ProjectSession *session, QWidget *parent = nullptr);

    void setDataset(qint64 datasetId);
    // The settings a new study's runs share: the Train tab's, asked when the study starts.
    void setSettingsSource(std::function<QString()> currentConfigJson);
    // Reads the dataset's studies again and shows this one (or the newest when -1).
    void showStudy(qint64 studyId = -1);
    // As the dialog's Start: the study of these languages with the current settings (the one
    // that exists, or a new one), its missing runs queued.
    void startStudy(const QStringList &languages);
    // Queues the runs the shown study still needs (new, or resumed where stopped).
    void continueStudy();
    // Stops the study's run in training (resumable) and drops its queued runs.
    void stopStudy();

    const TransferStudyData &study() const { return m_study; }
    LanguageMatrixView *matrixView() const { return m_matrix; }
    QTreeWidget *targetsView() const { return m_targets; }
    QLabel *advice() const { return m_advice; }
    QLabel *progressText() const { return m_progressText; }

Q_SIGNALS:
    // A cell: the run trained on `source`, its test rows in `language`.
    void evaluationRequested(qint64 runId, const QString &language);
    void statusMessage(const QString &message);
    // The shown study was read again (its matrix, runs and advice are up to date).
    void studyShown();

private:
    void buildLayout();
    void connectControls();
    void askForLanguages();
    void readStudies(qint64 selectId);
    void readStudy();
    void showMatrix();
    void showTargets();
    void queueSteps(const QList<StudyStepData> &steps);
    void updateProgress();
    bool trainsThisStudy() const;
    int queuedRunsOfStudy() const;
    qint64 shownStudyId() const;

    ProjectSession *m_session;
    std::function<QString()> m_currentConfig;
    qint64 m_datasetId = -1;
    TransferStudyData m_study;
    QString m_liveSource; // the source of the study's run in training, if any

    QComboBox *m_studies;
    QPushButton *m_newStudy;
    QPushButton *m_continue;
    QPushButton *m_stop;
    QProgressBar *m_progress;
    QLabel *m_progressText;
    QLabel *m_explanation;
    LanguageMatrixView *m_matrix;
    QLabel *m_advice;
    QTreeWidget *m_targets;
};

} // namespace glossa::ui
