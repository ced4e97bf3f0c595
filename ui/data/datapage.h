#pragma once

#include "ui/session/browsetypes.h"
#include "ui/session/projectoverview.h"

#include <QHash>
#include <QWidget>

class QScrollArea;
class QSplitter;
class QLabel;
class QTableView;

namespace glossa::ui {

class ExampleTableModel;
class ExamplePanel;
class FilterBar;
class LabelDistributionChart;
class LabelPicker;
class ProjectSession;

// The Data tab: the filter bar, the paged example table, the side panel and the label
// distribution chart of one dataset, and labelling at keyboard speed: 1-9 assign the first
// nine labels (and move on), L picks any label, Delete clears, j/k and the arrows move.
class DataPage : public QWidget
{
    Q_OBJECT

public:
    DataPage(ProjectSession *session, QWidget *parent = nullptr);
    ~DataPage() override;

    // Shows a dataset, or the same one again with fresh counts after an edit or import.
    void showDataset(const DatasetSummary &dataset, const QList<RunSummary> &runs);
    void clear();
    qint64 datasetId() const { return m_dataset.id; }
    const DatasetSummary &dataset() const { return m_dataset; }

    QTableView *table() const { return m_table; }
    ExampleTableModel *model() const { return m_model; }
    FilterBar *filterBar() const { return m_filterBar; }
    ExamplePanel *panel() const { return m_panel; }
    LabelDistributionChart *chart() const { return m_chart; }
    // A line above the table while a run trains: it uses the labels as they were when it
    // started, so edits made now count from the next run. Empty hides it.
    void setTrainingNotice(const QString &text);
    QString trainingNotice() const;

    // Labels the selected rows with the label at this position of the label set (0-based);
    // a single row then moves the cursor to the next one.
    void assignLabelAt(int position);
    void assignLabel(qint64 labelId);
    void clearLabel();
    void openLabelPicker();
    void focusSearch();
    void setChartVisible(bool visible);
    void saveLayout() const;
    // A run's review queue in its order, the cursor on exampleId (-1: the first).
    void showReviewQueue(qint64 runId, glossa::ui::BrowseReview review, qint64 exampleId = -1);

Q_SIGNALS:
    void statusMessage(const QString &message);
    // The analyst asked to split the dataset again (from the notice about straddling groups).
    void resplitRequested(const QString &dataset);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void setUpTable();
    void setUpChart();
    void layOut();
    void connectQueries();
    void connectLabelling();
    QList<qint64> selectedExampleIds() const;
    void applyLabel(qint64 labelId, bool moveOn);
    void requestDetail();
    void onLabelsEdited(qint64 datasetId, const QList<LabelUpdate> &updates);
    QString labelName(qint64 labelId) const;
    void sizeColumns();

    ProjectSession *m_session;
    DatasetSummary m_dataset;
    qint64 m_selectAfterQuery = -1; // an example to put the cursor on once the list arrives
    QHash<qint64, QString> m_labelNames;
    FilterBar *m_filterBar = nullptr;
    ExampleTableModel *m_model = nullptr;
    QTableView *m_table = nullptr;
    ExamplePanel *m_panel = nullptr;
    LabelDistributionChart *m_chart = nullptr;
    QScrollArea *m_chartScroll = nullptr;
    LabelPicker *m_picker = nullptr;
    QSplitter *m_horizontal = nullptr;
    QSplitter *m_vertical = nullptr;
    QLabel *m_trainingNotice = nullptr;
    QLabel *m_splitNotice = nullptr;
    QLabel *m_legend = nullptr;
    qint64 m_detailWanted = -1;
    int m_sizedColumns = 0;
    int m_sizedForWidth = 0;
    bool m_sizingColumns = false;
    bool m_columnsResizedByHand = false;
};

} // namespace glossa::ui
