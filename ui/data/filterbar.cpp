#include "ui/data/filterbar.h"

#include "ui/widgets/runcolors.h"

#include "ui/widgets/icons.h"
#include "ui/widgets/languagename.h"
#include "ui/widgets/splitname.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSignalBlocker>
#include <QVBoxLayout>

namespace glossa::ui {

namespace {

// Keeps the combo's current data when the new items still have it.
void refill(QComboBox *combo, const QString &anyText, const QList<QPair<QString, QVariant>> &items)
{
    const QVariant current = combo->currentData();
    const QSignalBlocker blocker(combo);
    combo->clear();
    combo->addItem(anyText, QVariant());
    for (const auto &[text, data] : items)
        combo->addItem(text, data);
    const int index = current.isValid() ? combo->findData(current) : 0;
    combo->setCurrentIndex(std::max(index, 0));
}

// Selects the item with this data, or the first ("any") when there is none.
void choose(QComboBox *combo, const QVariant &value)
{
    const int index = combo->findData(value);
    combo->setCurrentIndex(std::max(index, 0));
}

} // namespace

FilterBar::FilterBar(QWidget *parent)
    : QWidget(parent)
    , m_search(new QLineEdit(this))
    , m_language(new QComboBox(this))
    , m_label(new QComboBox(this))
    , m_split(new QComboBox(this))
    , m_metadataColumn(new QComboBox(this))
    , m_metadataValue(new QLineEdit(this))
    , m_unlabelled(new QCheckBox(tr("Unlabelled"), this))
    , m_edited(new QCheckBox(tr("Edited"), this))
    , m_run(new QComboBox(this))
    , m_predicted(new QComboBox(this))
    , m_disagreements(new QCheckBox(tr("Disagreements"), this))
    , m_lowConfidence(new QCheckBox(tr("Low confidence"), this))
    , m_review(new QComboBox(this))
    , m_retrain(new QPushButton(tr("Retrain"), this))
    , m_count(new QLabel(this))
{
    describeControls();
    layOut();
    connectControls();
    setCounts(0, 0);
}

// Names (for tests and the tour), tooltips and fixed choices of the controls.
void FilterBar::describeControls()
{
    setObjectName(QStringLiteral("filterBar"));
    m_search->setObjectName(QStringLiteral("searchField"));
    m_search->setPlaceholderText(tr("Search text (any language)…  /"));
    m_search->setClearButtonEnabled(true);
    m_search->addAction(themedIcon(QStringLiteral("edit-find")), QLineEdit::LeadingPosition);
    m_search->setMinimumWidth(220);
    m_language->setObjectName(QStringLiteral("languageFilter"));
    m_language->setToolTip(tr("Only this language"));
    m_label->setObjectName(QStringLiteral("labelFilter"));
    m_label->setToolTip(tr("Only this label"));
    m_split->setObjectName(QStringLiteral("splitFilter"));
    m_split->setToolTip(tr("Only this split"));
    m_split->addItem(tr("All splits"), QVariant());
    for (const QString &split : {QStringLiteral("train"), QStringLiteral("dev"), QStringLiteral("test")})
        m_split->addItem(splitDisplayName(split), split);
    m_metadataColumn->setObjectName(QStringLiteral("metadataColumnFilter"));
    m_metadataColumn->setToolTip(tr("Only examples with this value in a column of their source file"));
    m_metadataColumn->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_metadataValue->setObjectName(QStringLiteral("metadataValueFilter"));
    m_metadataValue->setPlaceholderText(tr("contains…"));
    m_metadataValue->setToolTip(tr("Text the column's value contains (any case); empty: any value"));
    m_metadataValue->setClearButtonEnabled(true);
    m_metadataValue->setEnabled(false);
    m_metadataColumn->hide();
    m_metadataValue->hide();
    m_unlabelled->setObjectName(QStringLiteral("unlabelledFilter"));
    m_unlabelled->setToolTip(tr("Only examples without a label"));
    m_edited->setObjectName(QStringLiteral("editedFilter"));
    m_edited->setToolTip(tr("Only examples whose label was changed by hand"));
    m_run->setObjectName(QStringLiteral("runFilter"));
    m_run->setToolTip(tr("Show the predictions of a run"));
    m_predicted->setObjectName(QStringLiteral("predictedFilter"));
    m_predicted->setToolTip(tr("Only examples the run predicted as this label"));
    m_disagreements->setObjectName(QStringLiteral("disagreementFilter"));
    m_disagreements->setToolTip(tr("Only examples where the run's prediction differs from the label"));
    m_lowConfidence->setObjectName(QStringLiteral("lowConfidenceFilter"));
    m_lowConfidence->setToolTip(
        tr("Only predictions with a confidence below %1").arg(QLocale().toString(lowConfidenceThreshold, 'f', 1)));
    m_review->setObjectName(QStringLiteral("reviewFilter"));
    m_review->setToolTip(tr("Only a review queue of the run, in its order (Review tab)"));
    m_review->addItem(tr("All examples"), QVariant::fromValue(int(BrowseReview::None)));
    m_review->addItem(tr("Likely label errors"), QVariant::fromValue(int(BrowseReview::LikelyLabelErrors)));
    m_review->addItem(tr("Most uncertain unlabelled"), QVariant::fromValue(int(BrowseReview::MostUncertain)));
    m_retrain->setObjectName(QStringLiteral("reviewRetrain"));
    m_retrain->setToolTip(tr("Train a new run with this run's settings on the labels as they are now"));
    m_retrain->hide();
    // Sized by what they hold, not by what they held when first shown ("No run with predi…");
    // the lists of languages and labels at a readable width however long a name is.
    for (auto *combo : {m_run, m_review, m_split}) {
        combo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
        combo->setSizePolicy(QSizePolicy::Minimum, QSizePolicy::Fixed); // never squeezed below its text
    }
    for (auto *combo : {m_language, m_label, m_predicted}) {
        combo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        combo->setMinimumContentsLength(14);
    }
    m_count->setObjectName(QStringLiteral("matchCount"));
    m_count->setTextInteractionFlags(Qt::TextSelectableByMouse);
}

// Search, language, label, split, metadata and the checkboxes on one row; the run's filters
// and the count on the second.
void FilterBar::layOut()
{
    auto *firstRow = new QHBoxLayout;
    firstRow->setContentsMargins(0, 0, 0, 0);
    firstRow->addWidget(m_search, 3);
    firstRow->addWidget(m_language, 1);
    firstRow->addWidget(m_label, 1);
    firstRow->addWidget(m_split);
    firstRow->addWidget(m_metadataColumn);
    firstRow->addWidget(m_metadataValue, 1);
    firstRow->addWidget(m_unlabelled);
    firstRow->addWidget(m_edited);
    auto *secondRow = new QHBoxLayout;
    secondRow->setContentsMargins(0, 0, 0, 0);
    auto *runLabel = new QLabel(tr("Predictions:"), this);
    runLabel->setBuddy(m_run);
    secondRow->addWidget(runLabel);
    secondRow->addWidget(m_run, 1);
    secondRow->addWidget(m_predicted, 1);
    secondRow->addWidget(m_disagreements);
    secondRow->addWidget(m_lowConfidence);
    secondRow->addWidget(m_review);
    secondRow->addWidget(m_retrain);
    secondRow->addStretch(2);
    secondRow->addWidget(m_count);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 2);
    layout->setSpacing(4);
    layout->addLayout(firstRow);
    layout->addLayout(secondRow);
}

// Every change filters at once, except typing, which pauses first.
void FilterBar::connectControls()
{
    m_searchDelay.setSingleShot(true);
    m_searchDelay.setInterval(250);
    connect(&m_searchDelay, &QTimer::timeout, this, &FilterBar::emitChange);
    connect(m_search, &QLineEdit::textChanged, this, [this] { m_searchDelay.start(); });
    connect(m_metadataValue, &QLineEdit::textChanged, this, [this] {
        if (m_metadataColumn->currentData().isValid())
            m_searchDelay.start();
    });
    connect(m_metadataValue, &QLineEdit::returnPressed, this, [this] {
        m_searchDelay.stop();
        emitChange();
    });
    connect(m_search, &QLineEdit::returnPressed, this, [this] {
        m_searchDelay.stop();
        emitChange();
    });
    for (auto *combo : {m_language, m_label, m_split, m_metadataColumn, m_run, m_predicted, m_review})
        connect(combo, &QComboBox::currentIndexChanged, this, &FilterBar::emitChange);
    for (auto *box : {m_unlabelled, m_edited, m_disagreements, m_lowConfidence})
        connect(box, &QCheckBox::toggled, this, &FilterBar::emitChange);
    connect(m_unlabelled, &QCheckBox::toggled, this, [this](bool on) { m_label->setEnabled(!on); });
    connect(m_retrain, &QPushButton::clicked, this, [this] {
        if (m_run->currentData().isValid())
            Q_EMIT retrainRequested(m_run->currentData().toLongLong());
    });
    m_disagreements->setEnabled(false);
    m_lowConfidence->setEnabled(false);
    m_predicted->setEnabled(false);
    m_review->setEnabled(false);
}

void FilterBar::setDataset(const DatasetSummary &dataset, const QList<RunSummary> &runs)
{
    m_updating = true;
    QList<QPair<QString, QVariant>> labels;
    for (const auto &label : dataset.labelSet)
        labels.append({label.name, label.id});
    refill(m_label, tr("All labels"), labels);
    refill(m_predicted, tr("Any prediction"), labels);
    QList<QPair<QString, QVariant>> columns;
    for (const auto &column : dataset.metadataColumns)
        columns.append({column, column});
    refill(m_metadataColumn, tr("Any column"), columns);
    m_metadataColumn->setVisible(!columns.isEmpty());
    m_metadataValue->setVisible(!columns.isEmpty());
    m_metadataValue->setEnabled(m_metadataColumn->currentData().isValid());
    QList<QPair<QString, QVariant>> runItems;
    for (const auto &run : runs) {
        if (run.dataset == dataset.name && run.hasPredictions)
            runItems.append({run.name, run.id});
    }
    refill(m_run, runItems.isEmpty() ? tr("No run with predictions") : tr("None"), runItems);
    for (int i = 0; i < m_run->count(); ++i) // each run in its colour, as in the charts
        if (m_run->itemData(i).isValid())
            m_run->setItemData(i, runColor(m_run->itemData(i).toLongLong()), Qt::DecorationRole);
    m_run->setEnabled(!runItems.isEmpty());
    m_updating = false;
}

void FilterBar::setLanguages(const QStringList &languages)
{
    m_updating = true;
    QList<QPair<QString, QVariant>> items;
    for (const auto &lang : languages)
        items.append({languageNameWithCode(lang), lang});
    refill(m_language, tr("All languages"), items);
    m_updating = false;
}

BrowseFilter FilterBar::filter() const
{
    BrowseFilter filter;
    filter.search = m_search->text().trimmed();
    filter.lang = m_language->currentData().toString();
    filter.labelId =
        m_unlabelled->isChecked() || !m_label->currentData().isValid() ? -1 : m_label->currentData().toLongLong();
    filter.split = m_split->currentData().toString();
    filter.metadataColumn = m_metadataColumn->currentData().toString();
    if (!filter.metadataColumn.isEmpty())
        filter.metadataValue = m_metadataValue->text().trimmed();
    filter.unlabelledOnly = m_unlabelled->isChecked();
    filter.editedOnly = m_edited->isChecked();
    filter.runId = m_run->currentData().isValid() ? m_run->currentData().toLongLong() : -1;
    filter.disagreementsOnly = filter.runId >= 0 && m_disagreements->isChecked();
    filter.lowConfidenceOnly = filter.runId >= 0 && m_lowConfidence->isChecked();
    filter.predictedLabelId =
        filter.runId >= 0 && m_predicted->currentData().isValid() ? m_predicted->currentData().toLongLong() : -1;
    if (filter.runId >= 0)
        filter.review = static_cast<BrowseReview>(m_review->currentData().toInt());
    return filter;
}

void FilterBar::setCounts(qint64 matching, qint64 total)
{
    const QLocale locale;
    if (matching == total)
        m_count->setText(total == 1 ? tr("1 example") : tr("%1 examples").arg(locale.toString(total)));
    else
        m_count->setText(tr("%1 of %2 examples").arg(locale.toString(matching), locale.toString(total)));
}

void FilterBar::setSearching(bool searching)
{
    if (searching)
        m_count->setText(tr("Searching…"));
}

void FilterBar::focusSearch()
{
    m_search->setFocus(Qt::ShortcutFocusReason);
    m_search->selectAll();
}

void FilterBar::resetFilters()
{
    m_search->clear();
    m_metadataValue->clear();
    m_searchDelay.stop();
    for (auto *combo : {m_language, m_label, m_split, m_metadataColumn, m_run, m_predicted, m_review})
        combo->setCurrentIndex(0);
    for (auto *box : {m_unlabelled, m_edited, m_disagreements, m_lowConfidence})
        box->setChecked(false);
}

void FilterBar::clearFilters()
{
    m_updating = true;
    resetFilters();
    m_updating = false;
    emitChange();
}

void FilterBar::emitChange()
{
    const bool hasRun = m_run->currentData().isValid();
    m_metadataValue->setEnabled(m_metadataColumn->currentData().isValid());
    m_disagreements->setEnabled(hasRun);
    m_lowConfidence->setEnabled(hasRun);
    m_predicted->setEnabled(hasRun);
    m_review->setEnabled(hasRun);
    m_retrain->setVisible(hasRun && m_review->currentIndex() > 0);
    if (!m_updating)
        Q_EMIT filterChanged(filter());
}

void FilterBar::showConfusionCell(qint64 runId, const QString &split, qint64 labelId, qint64 predictedLabelId,
                                  const QString &language)
{
    m_updating = true;
    resetFilters();
    if (!language.isEmpty())
        choose(m_language, language);
    choose(m_run, runId);
    choose(m_split, split);
    choose(m_label, labelId);
    choose(m_predicted, predictedLabelId);
    m_updating = false;
    emitChange();
}

void FilterBar::showReviewQueue(qint64 runId, BrowseReview review)
{
    m_updating = true;
    resetFilters();
    choose(m_run, runId);
    choose(m_review, int(review));
    m_updating = false;
    emitChange();
}

} // namespace glossa::ui
