#pragma once

#include "ui/session/browsetypes.h"
#include "ui/session/reviewtypes.h"
#include "ui/session/runtypes.h"

#include <QWidget>

class QCheckBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QSplitter;
class QTableWidget;

namespace glossa::ui {

class ProjectSession;
class RunPicker;

// The Review tab, the error-analysis loop of a run: its likely label errors (k-fold confident
// learning, searched on request in a child process), ranked, each with the suggested label to
// accept (a journalled, undoable edit) or dismiss (remembered in the project); and the
// unlabelled examples it is least sure of, to label next. Either list opens in the Data tab,
// and one button trains again with the same settings on the corrected labels.
class ReviewPage : public QWidget
{
    Q_OBJECT

public:
    explicit ReviewPage(ProjectSession *session, QWidget *parent = nullptr);

    void showRun(qint64 runId);
    qint64 runId() const;
    const RunReview &review() const { return m_review; }
    QTableWidget *errorTable() const { return m_errors; }
    QTableWidget *uncertainTable() const { return m_uncertain; }

    // Starts the label error search for the shown run.
    void findLabelErrors();
    // On the current row of the error table.
    void acceptSuggestion();
    void toggleDismissed();
    void openCurrentInBrowser(glossa::ui::BrowseReview review);

Q_SIGNALS:
    void statusMessage(const QString &message);
    void browserRequested(qint64 runId, const QString &dataset, glossa::ui::BrowseReview review, qint64 exampleId);
    void retrainRequested(const glossa::ui::RunRow &run);
    // An edit of this dataset's labels is about to be made: Edit ▸ Undo should follow it.
    void editingDataset(const QString &dataset);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    void setUpWidgets();
    void layOut();
    void connectControls();
    void connectSearch();
    void requestReview();
    void showReview(const RunReview &review);
    void fillErrorTable();
    void fillUncertainTable();
    void updateSearchState();
    void updateButtons();
    const LabelErrorItem *currentError() const;
    const UncertainItem *currentUncertain() const;

    ProjectSession *m_session;
    RunPicker *m_runPicker;
    QLabel *m_errorSummary;
    QSpinBox *m_folds;
    QPushButton *m_findButton;
    QPushButton *m_cancelButton;
    QProgressBar *m_searchProgress;
    QCheckBox *m_showDismissed;
    QTableWidget *m_errors;
    QPushButton *m_acceptButton;
    QPushButton *m_dismissButton;
    QPushButton *m_openErrorButton;
    QLabel *m_uncertainSummary;
    QTableWidget *m_uncertain;
    QPushButton *m_openUncertainButton;
    QPushButton *m_retrainButton;
    QSplitter *m_split;
    RunReview m_review;
    bool m_reviewStale = false; // labels were edited while the page was hidden
    QList<int> m_errorRows;     // m_review.labelErrors index of each row shown
};

} // namespace glossa::ui
