#include "ui/data/datapage.h"

#include "ui/data/examplepanel.h"
#include "ui/data/exampletablemodel.h"
#include "ui/data/filterbar.h"
#include "ui/data/labeldistributionchart.h"
#include "ui/data/labelpicker.h"
#include "ui/session/projectsession.h"
#include "ui/widgets/editfailure.h"

#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMetaObject>
#include <QSettings>
#include <QSignalBlocker>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace glossa::ui {

namespace {

// A one-line banner above the table, in tooltip colours, hidden until it has something to say.
void styleAsNotice(QLabel *notice)
{
    notice->setWordWrap(true);
    notice->setContentsMargins(8, 4, 8, 4);
    notice->setAutoFillBackground(true);
    QPalette palette = notice->palette();
    palette.setColor(QPalette::Window, palette.color(QPalette::ToolTipBase));
    palette.setColor(QPalette::WindowText, palette.color(QPalette::ToolTipText));
    notice->setPalette(palette);
    notice->hide();
}

} // namespace

DataPage::DataPage(ProjectSession *session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_filterBar(new FilterBar(this))
    , m_model(new ExampleTableModel(session, this))
    , m_table(new QTableView(this))
    , m_panel(new ExamplePanel(this))
    , m_chart(new LabelDistributionChart(this))
    , m_picker(new LabelPicker(this))
    , m_horizontal(new QSplitter(Qt::Horizontal, this))
    , m_vertical(new QSplitter(Qt::Vertical, this))
    , m_trainingNotice(new QLabel(this))
    , m_splitNotice(new QLabel(this))
{
    setObjectName(QStringLiteral("dataPage"));
    m_table->setObjectName(QStringLiteral("exampleTable"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(0, Qt::AscendingOrder);
    m_table->setWordWrap(false);
    m_table->setTextElideMode(Qt::ElideRight);
    m_table->setAlternatingRowColors(true);
    // Fixed row heights and no per-row size hints: a million rows scroll without measuring any.
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_table->horizontalHeader()->setStretchLastSection(true); // the text
    m_table->horizontalHeader()->setHighlightSections(false);
    m_table->installEventFilter(this);
    // Esc or Enter in the search field hands the keyboard back to the table, for labelling.
    m_filterBar->searchField()->installEventFilter(this);
    m_chart->setObjectName(QStringLiteral("labelChart"));
    m_chart->setMinimumHeight(220);

    m_horizontal->addWidget(m_table);
    m_horizontal->addWidget(m_panel);
    m_horizontal->setStretchFactor(0, 3);
    m_horizontal->setStretchFactor(1, 2);
    m_horizontal->setChildrenCollapsible(false);
    m_vertical->addWidget(m_horizontal);
    m_vertical->addWidget(m_chart);
    m_vertical->setStretchFactor(0, 3);
    m_vertical->setStretchFactor(1, 1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_filterBar);
    layout->addWidget(m_trainingNotice);
    layout->addWidget(m_splitNotice);
    layout->addWidget(m_vertical, 1);
    m_trainingNotice->setObjectName(QStringLiteral("trainingNotice"));
    styleAsNotice(m_trainingNotice);
    // Translations that straddle splits make test scores measure recognition: say so, with the
    // fix one click away.
    m_splitNotice->setObjectName(QStringLiteral("splitNotice"));
    m_splitNotice->setTextFormat(Qt::RichText);
    styleAsNotice(m_splitNotice);
    connect(m_splitNotice, &QLabel::linkActivated, this, [this] { Q_EMIT resplitRequested(m_dataset.name); });

    QSettings settings;
    if (!m_horizontal->restoreState(settings.value(QStringLiteral("data/horizontalSplitter")).toByteArray()))
        m_horizontal->setSizes({660, 460});
    if (!m_vertical->restoreState(settings.value(QStringLiteral("data/verticalSplitter")).toByteArray()))
        m_vertical->setSizes({500, 300});

    connect(m_filterBar, &FilterBar::filterChanged, this, [this](const BrowseFilter &filter) {
        if (m_dataset.id <= 0)
            return;
        m_model->setQuery(m_dataset.id, filter);
        if (m_model->currentSort().column == BrowseColumn::Rank) {
            // The queue's order belongs to no column: no header claims it.
            const QSignalBlocker blocker(m_table->horizontalHeader());
            m_table->horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder);
        }
    });
    connect(m_model, &ExampleTableModel::queryStarted, this, [this] { m_filterBar->setSearching(true); });
    connect(m_model, &ExampleTableModel::queryFinished, this, [this](qint64 matching, qint64 total) {
        m_filterBar->setCounts(matching, total);
        sizeColumns();
        const int wanted = m_selectAfterQuery >= 0 ? m_model->rowOfExample(m_selectAfterQuery) : -1;
        m_selectAfterQuery = -1;
        if (m_model->rowCount() > 0) {
            const auto current = m_model->index(std::max(wanted, 0), 0);
            m_table->setCurrentIndex(current);
            m_table->scrollTo(current, QAbstractItemView::PositionAtCenter);
        } else {
            m_panel->showNothing();
        }
    });
    connect(m_model, &ExampleTableModel::queryFailed, this,
            [this](const QString &message) { Q_EMIT statusMessage(tr("The query failed: %1").arg(message)); });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &DataPage::requestDetail);
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        // A reset replaces the selection model's rows; keep following the current row.
        connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &DataPage::requestDetail,
                Qt::UniqueConnection);
    });

    connect(m_session, &ProjectSession::labelsEdited, this, &DataPage::onLabelsEdited);
    connect(m_panel, &ExamplePanel::labelChosen, this, [this](qint64 labelId) { applyLabel(labelId, false); });
    connect(m_panel, &ExamplePanel::pickerRequested, this, &DataPage::openLabelPicker);
    connect(m_picker, &LabelPicker::labelPicked, this, [this](int index) {
        if (index >= 0 && index < m_dataset.labelSet.size())
            applyLabel(m_dataset.labelSet[index].id, selectedExampleIds().size() == 1);
        m_table->setFocus();
    });
}

DataPage::~DataPage() = default;

void DataPage::showDataset(const DatasetSummary &dataset, const QList<RunSummary> &runs)
{
    const bool sameDataset = dataset.id == m_dataset.id;
    m_dataset = dataset;
    m_labelNames.clear();
    for (const auto &label : dataset.labelSet)
        m_labelNames.insert(label.id, label.name);
    m_filterBar->setDataset(dataset, runs);
    m_panel->setLabels(dataset.labelSet);
    QStringList names;
    for (const auto &label : dataset.labelSet)
        names.append(label.name);
    m_picker->setLabels(names);
    m_chart->setLabelOrder(names); // stacks in key order, like the label buttons
    m_chart->setCounts(dataset.counts);
    m_splitNotice->setVisible(dataset.groupsAcrossSplits > 0);
    if (dataset.groupsAcrossSplits > 0)
        m_splitNotice->setText(
            tr("%n translation group(s) of this dataset have rows in more than one split, so test scores count "
               "texts whose translation was seen in training. <a href='resplit'>Re-split by group…</a>",
               nullptr, static_cast<int>(dataset.groupsAcrossSplits)));
    m_model->setLabelNames(m_labelNames);
    if (!sameDataset) {
        whenDone(
            m_session->languages(dataset.id), this,
            [this, id = dataset.id](const QStringList &languages) {
                if (id == m_dataset.id)
                    m_filterBar->setLanguages(languages);
            },
            [this](const QString &message) { Q_EMIT statusMessage(tr("The query failed: %1").arg(message)); });
        m_panel->showNothing();
        m_model->setQuery(dataset.id, m_filterBar->filter());
        m_session->readUndoState(dataset.id);
    }
}

void DataPage::showReviewQueue(qint64 runId, BrowseReview review, qint64 exampleId)
{
    m_selectAfterQuery = exampleId;
    m_filterBar->showReviewQueue(runId, review);
    m_table->setFocus();
}

void DataPage::clear()
{
    m_dataset = {};
    m_model->clear();
    m_panel->showNothing();
}

void DataPage::focusSearch()
{
    m_filterBar->focusSearch();
}

void DataPage::setChartVisible(bool visible)
{
    m_chart->setVisible(visible);
}

void DataPage::saveLayout() const
{
    QSettings settings;
    settings.setValue(QStringLiteral("data/horizontalSplitter"), m_horizontal->saveState());
    settings.setValue(QStringLiteral("data/verticalSplitter"), m_vertical->saveState());
}

QList<qint64> DataPage::selectedExampleIds() const
{
    QList<qint64> ids;
    // Ranges, not selectedRows(): a selection of every row of a million must not build a
    // million indexes first.
    for (const auto &range : m_table->selectionModel()->selection()) {
        for (int row = range.top(); row <= range.bottom(); ++row)
            ids.append(m_model->exampleIdAt(row));
    }
    if (ids.isEmpty() && m_table->currentIndex().isValid())
        ids.append(m_model->exampleIdAt(m_table->currentIndex().row()));
    ids.removeAll(-1);
    return ids;
}

void DataPage::assignLabelAt(int position)
{
    if (position >= 0 && position < m_dataset.labelSet.size())
        applyLabel(m_dataset.labelSet[position].id, true);
}

void DataPage::assignLabel(qint64 labelId)
{
    applyLabel(labelId, true);
}

void DataPage::clearLabel()
{
    applyLabel(-1, true);
}

void DataPage::openLabelPicker()
{
    if (m_dataset.labelSet.isEmpty() || selectedExampleIds().isEmpty())
        return;
    const QRect rowRect = m_table->visualRect(m_table->currentIndex());
    m_picker->popup(m_table->viewport()->mapToGlobal(rowRect.bottomLeft()));
}

void DataPage::applyLabel(qint64 labelId, bool moveOn)
{
    const QList<qint64> ids = selectedExampleIds();
    if (ids.isEmpty() || m_dataset.id <= 0)
        return;
    // Show the new label at once; the project thread's answer (labelsEdited) confirms it.
    QList<LabelUpdate> updates;
    updates.reserve(ids.size());
    for (qint64 id : ids)
        updates.append({id, labelId});
    m_model->applyLabelUpdates(updates, m_labelNames);
    // Singular and plural as separate sentences: English has no numerus translation file.
    const QString count = QLocale().toString(ids.size());
    const QString name = labelName(labelId);
    const bool one = ids.size() == 1;
    const QString description =
        labelId >= 0 ? (one ? tr("label one example as %1").arg(name) : tr("label %1 examples as %2").arg(count, name))
                     : (one ? tr("remove one example's label") : tr("remove the labels of %1 examples").arg(count));
    whenDone(
        m_session->setLabel(m_dataset.id, ids, labelId, description), this, [] {},
        [this](const QString &message) {
            showEditFailure(this, message);
            m_model->refresh(); // drop the optimistic label the table showed
        });
    Q_EMIT statusMessage(
        labelId >= 0 ? (one ? tr("Labelled as %1").arg(name) : tr("Labelled %1 examples as %2").arg(count, name))
                     : (one ? tr("Removed the label") : tr("Removed the labels of %1 examples").arg(count)));
    const QModelIndex current = m_table->currentIndex();
    if (moveOn && ids.size() == 1 && current.isValid() && current.row() + 1 < m_model->rowCount())
        m_table->setCurrentIndex(current.siblingAtRow(current.row() + 1));
}

// Narrow columns for the short fields, so the text gets the rest; once per column layout, so
// widths the analyst set stay.
void DataPage::sizeColumns()
{
    if (m_sizedColumns == m_model->columnCount())
        return;
    m_sizedColumns = m_model->columnCount();
    const QFontMetrics metrics = m_table->fontMetrics();
    for (int column = 0; column < m_model->columnCount(); ++column) {
        int width = 0;
        switch (m_model->columnKind(column)) {
        case BrowseColumn::Id: width = metrics.horizontalAdvance(QStringLiteral("ar-g0000000")); break;
        case BrowseColumn::Lang:
        case BrowseColumn::Split:
        case BrowseColumn::Confidence:
        case BrowseColumn::Correct:
            width = std::max(metrics.horizontalAdvance(m_model->headerData(column, Qt::Horizontal).toString()) + 28,
                             metrics.horizontalAdvance(QStringLiteral("train")) + 16);
            break;
        case BrowseColumn::Label:
        case BrowseColumn::Predicted: width = metrics.horizontalAdvance(QStringLiteral("refund_request_xx")); break;
        case BrowseColumn::Group: width = metrics.horizontalAdvance(QStringLiteral("group-0000")); break;
        case BrowseColumn::Text:
        case BrowseColumn::Rank: continue; // the text takes the rest; Rank is no column
        }
        m_table->setColumnWidth(column, width);
    }
}

QString DataPage::labelName(qint64 labelId) const
{
    return m_labelNames.value(labelId);
}

void DataPage::requestDetail()
{
    const QModelIndex current = m_table->currentIndex();
    const qint64 id = current.isValid() ? m_model->exampleIdAt(current.row()) : -1;
    m_detailWanted = id;
    if (id < 0) {
        m_panel->showNothing();
        return;
    }
    whenDone(
        m_session->exampleDetail(id, m_model->filter().runId), this,
        [this](const ExampleDetail &detail) {
            if (detail.row.id == m_detailWanted)
                m_panel->showDetail(detail);
        },
        [this, id](const QString &message) {
            if (id == m_detailWanted)
                Q_EMIT statusMessage(tr("The query failed: %1").arg(message));
        });
}

void DataPage::onLabelsEdited(qint64 datasetId, const QList<LabelUpdate> &updates)
{
    if (datasetId != m_dataset.id)
        return;
    m_model->applyLabelUpdates(updates, m_labelNames);
    for (const auto &update : updates) {
        if (update.exampleId == m_detailWanted) {
            requestDetail(); // its history has a new line
            break;
        }
    }
}

bool DataPage::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() != QEvent::KeyPress)
        return QWidget::eventFilter(watched, event);
    auto *key = static_cast<QKeyEvent *>(event);
    if (watched == m_filterBar->searchField()) {
        if (key->key() == Qt::Key_Escape || key->key() == Qt::Key_Down) {
            m_table->setFocus(Qt::ShortcutFocusReason);
            return true;
        }
        if (key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter)
            QTimer::singleShot(0, m_table, [this] { m_table->setFocus(Qt::ShortcutFocusReason); });
        return false;
    }
    if (watched != m_table)
        return QWidget::eventFilter(watched, event);
    const auto modifiers = key->modifiers() & ~Qt::KeypadModifier;
    if (modifiers != Qt::NoModifier && modifiers != Qt::ShiftModifier)
        return false;
    const int k = key->key();
    if (k >= Qt::Key_1 && k <= Qt::Key_9 && modifiers == Qt::NoModifier) {
        assignLabelAt(k - Qt::Key_1);
        return true;
    }
    const QModelIndex current = m_table->currentIndex();
    switch (k) {
    case Qt::Key_J:
        if (current.isValid() && current.row() + 1 < m_model->rowCount())
            m_table->setCurrentIndex(current.siblingAtRow(current.row() + 1));
        return true;
    case Qt::Key_K:
        if (current.isValid() && current.row() > 0)
            m_table->setCurrentIndex(current.siblingAtRow(current.row() - 1));
        return true;
    case Qt::Key_L: openLabelPicker(); return true;
    case Qt::Key_Delete:
    case Qt::Key_Backspace:
    case Qt::Key_0: clearLabel(); return true;
    case Qt::Key_Slash: focusSearch(); return true;
    default: return false;
    }
}

void DataPage::setTrainingNotice(const QString &text)
{
    m_trainingNotice->setText(text);
    m_trainingNotice->setVisible(!text.isEmpty());
}

QString DataPage::trainingNotice() const
{
    return m_trainingNotice->isHidden() ? QString() : m_trainingNotice->text();
}

} // namespace glossa::ui
