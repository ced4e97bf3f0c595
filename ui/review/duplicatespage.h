#pragma once

#include "ui/session/browsetypes.h"
#include "ui/session/duplicatetypes.h"
#include "ui/session/projectoverview.h"

#include <QWidget>

#include <stop_token>

class QComboBox;
class QDoubleSpinBox;
class QGridLayout;
class QLabel;
class QPushButton;
class QSplitter;
class QTableWidget;

namespace glossa::ui {

class ProjectSession;

// The Duplicates tab: a dataset's texts that repeat after normalisation (NFKC, case, spacing)
// or nearly repeat (character 5-grams), as a queue of clusters: conflicting labels first, then
// those across train and test, then the rest. The analyst steps through the clusters, sees the
// members side by side (text, split, label, id) and relabels them with the label keys or gives
// the whole cluster one member's label; each edit is journalled (Edit ▸ Undo). The search runs
// on the session's duplicates thread; this page never waits for it.
class DuplicatesPage : public QWidget
{
    Q_OBJECT

public:
    explicit DuplicatesPage(ProjectSession *session, QWidget *parent = nullptr);
    ~DuplicatesPage() override;

    QString dataset() const;
    void setDataset(const QString &name);
    const DuplicateReview &review() const { return m_review; }
    QTableWidget *clusterTable() const { return m_clusters; }
    QTableWidget *memberTable() const { return m_members; }
    bool isSearching() const { return m_searching; }

    // Looks again, with the threshold shown.
    void search();
    // The label at position (0-8, the keys 1-9) for the selected members of the current cluster.
    void labelSelected(int position);
    // Every member of the current cluster gets the current member's label; on to the next cluster.
    void labelClusterAsCurrent();

Q_SIGNALS:
    void statusMessage(const QString &message);
    // An edit of this dataset's labels is about to be made: Edit ▸ Undo should follow it.
    void editingDataset(const QString &dataset);
    // The Data tab at this example.
    void exampleRequested(const QString &dataset, qint64 exampleId);
    // Emitted once each search has been shown (or failed), for tests and the tour.
    void searchFinished();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    void setUpWidgets();
    void layOut();
    void connectControls();
    void showDatasets();
    void showReview(const DuplicateReview &review);
    void fillClusterTable();
    void fillMemberTable();
    void fillSummary();
    void rebuildLabelButtons();
    void applyLabelUpdates(qint64 datasetId, const QList<LabelUpdate> &updates);
    void setLabel(const QList<qint64> &exampleIds, qint64 labelId, const QString &description);
    const DuplicateClusterItem *currentCluster() const;
    QList<qint64> selectedMemberIds() const;
    const DatasetSummary *datasetSummary() const;

    ProjectSession *m_session;
    QComboBox *m_datasetBox;
    QDoubleSpinBox *m_threshold;
    QPushButton *m_searchButton;
    QLabel *m_busy;
    QLabel *m_summary;
    QTableWidget *m_clusters;
    QLabel *m_clusterTitle;
    QTableWidget *m_members;
    QGridLayout *m_labelKeys; // a button per label, five to a row
    QPushButton *m_sameLabelButton;
    QPushButton *m_openButton;
    QSplitter *m_split;
    DuplicateReview m_review;
    std::stop_source m_stop;
    bool m_searching = false;
    bool m_stale = true; // the data changed (or nothing was searched) while the page was hidden
    // What the dataset looked like when searched: an import or a re-split makes it stale.
    QList<qint64> m_searchedShape;
};

} // namespace glossa::ui
