#pragma once

#include "ui/session/browsetypes.h"
#include "ui/session/projectoverview.h"

#include <QTimer>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace glossa::ui {

// The browser's filter bar: full-text search, language, label, split, a metadata column's
// value (when the dataset's files had other columns), unlabelled and hand-edited only, and
// with a run chosen its disagreements and low-confidence predictions; plus the count of what
// passes ("1,234 of 52,000").
class FilterBar : public QWidget
{
    Q_OBJECT

public:
    explicit FilterBar(QWidget *parent = nullptr);

    // The choices of the dataset on show; keeps what is selected where it still exists.
    void setDataset(const DatasetSummary &dataset, const QList<RunSummary> &runs);
    void setLanguages(const QStringList &languages);
    BrowseFilter filter() const;
    void setCounts(qint64 matching, qint64 total);
    void setSearching(bool searching);
    void focusSearch();
    QLineEdit *searchField() const { return m_search; }
    void clearFilters();
    // Exactly the examples of a confusion-matrix cell: a run's predictions, a split, the gold
    // label and the predicted label; every other filter off.
    // language: only that language's examples (a cell of a one-language report); empty: all.
    void showConfusionCell(qint64 runId, const QString &split, qint64 labelId, qint64 predictedLabelId,
                           const QString &language = {});
    // A run's review queue, in its order; every other filter off.
    void showReviewQueue(qint64 runId, glossa::ui::BrowseReview review);

Q_SIGNALS:
    void filterChanged(const glossa::ui::BrowseFilter &filter);
    // From a review queue: train again with the run's settings on the labels as they are now.
    void retrainRequested(qint64 runId);

private:
    void describeControls();
    void layOut();
    void connectControls();
    void emitChange();
    void resetFilters(); // without emitting

    QLineEdit *m_search = nullptr;
    QComboBox *m_language = nullptr;
    QComboBox *m_label = nullptr;
    QComboBox *m_split = nullptr;
    QComboBox *m_metadataColumn = nullptr;
    QLineEdit *m_metadataValue = nullptr;
    QCheckBox *m_unlabelled = nullptr;
    QCheckBox *m_edited = nullptr;
    QComboBox *m_run = nullptr;
    QComboBox *m_predicted = nullptr;
    QCheckBox *m_disagreements = nullptr;
    QCheckBox *m_lowConfidence = nullptr;
    QComboBox *m_review = nullptr;
    QPushButton *m_retrain = nullptr;
    QLabel *m_count = nullptr;
    // Typing pauses before the search runs, so each key press does not start a query.
    QTimer m_searchDelay;
    bool m_updating = false;
};

} // namespace glossa::ui
