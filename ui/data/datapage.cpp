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
#include <QScrollArea>
#include <QSettings>
#include <QSignalBlocker>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

#include <cmath>

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
    , m_chartScroll(new QScrollArea(this))
    , m_picker(new LabelPicker(this))
    , m_horizontal(new QSplitter(Qt::Horizontal, this))
    , m_vertical(new QSplitter(Qt::Vertical, this))
    , m_trainingNotice(new QLabel(this))
    , m_splitNotice(new QLabel(this))
    , m_legend(new QLabel(this))
{
    setObjectName(QStringLiteral("dataPage"));
    setUpTable();
    setUpChart();
    layOut();
    connectQueries();
    connectLabelling();
}

DataPage::~DataPage() = default;

// A table for a million rows: fixed row heights, the text column stretched, keys caught.
void DataPage::setUpTable()
{
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
    // A narrow column's title shows its start and an ellipsis (the tooltip has it whole), not a
    // middle cut from both sides.
    m_table->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    m_table->horizontalHeader()->setTextElideMode(Qt::ElideRight);
    m_table->installEventFilter(this);
    m_table->viewport()->installEventFilter(this);
    connect(m_table->horizontalHeader(), &QHeaderView::sectionResized, this, [this](int column) {
        // The stretched text column follows the others; a column the analyst drags does not.
        if (!m_sizingColumns && m_model->columnKind(column) != BrowseColumn::Text)
            m_columnsResizedByHand = true;
    });
    // Esc or Enter in the search field hands the keyboard back to the table, for labelling.
    m_filterBar->searchField()->installEventFilter(this);
}

// The label chart, as tall as its languages need, in a scrolling pane.
void DataPage::setUpChart()
{
    m_chart->setObjectName(QStringLiteral("labelChart"));
    // The chart is as tall as its languages need (a row each, never squeezed until the names
    // overlap); the splitter's share of it scrolls.
    m_chartScroll->setObjectName(QStringLiteral("labelChartScroll"));
    m_chartScroll->setWidget(m_chart);
    m_chartScroll->setWidgetResizable(true);
    m_chartScroll->setFrameShape(QFrame::NoFrame);
    m_chartScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_chartScroll->setMinimumHeight(220);
}

// Table and side panel above the chart, the filter bar and notices on top; the splitters as
// the analyst left them.
void DataPage::layOut()
{
    // What the table's type styles mean, under it.
    auto *tableSide = new QWidget(this);
    auto *tableLayout = new QVBoxLayout(tableSide);
    tableLayout->setContentsMargins(0, 0, 0, 0);
    tableLayout->setSpacing(2);
    tableLayout->addWidget(m_table, 1);
    m_legend->setObjectName(QStringLiteral("tableLegend"));
    m_legend->setTextFormat(Qt::RichText);
    m_legend->setContentsMargins(6, 0, 6, 2);
    m_legend->setForegroundRole(QPalette::PlaceholderText);
    m_legend->setText(tr("<i>Italic</i> language: guessed from the text · <b>Bold</b> label: edited by hand"));
    tableLayout->addWidget(m_legend);
    m_horizontal->addWidget(tableSide);
    m_horizontal->addWidget(m_panel);
    m_horizontal->setStretchFactor(0, 3);
    m_horizontal->setStretchFactor(1, 2);
    m_horizontal->setChildrenCollapsible(false);
    m_vertical->addWidget(m_horizontal);
    m_vertical->addWidget(m_chartScroll);
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
}

// The filter bar queries the model; the model's answers fill the count, the columns and the
// side panel.
void DataPage::connectQueries()
{
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
}

// Labels chosen in the panel or the picker, and edits made anywhere in the session.
void DataPage::connectLabelling()
{
    connect(m_session, &ProjectSession::labelsEdited, this, &DataPage::onLabelsEdited);
    connect(m_panel, &ExamplePanel::labelChosen, this, [this](qint64 labelId) { applyLabel(labelId, false); });
    connect(m_panel, &ExamplePanel::pickerRequested, this, &DataPage::openLabelPicker);
    connect(m_picker, &LabelPicker::labelPicked, this, [this](int index) {
        if (index >= 0 && index < m_dataset.labelSet.size())
            applyLabel(m_dataset.labelSet[index].id, selectedExampleIds().size() == 1);
        m_table->setFocus();
    });
}


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
        m_sizedColumns = 0; // the new dataset's label names size the label columns
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
    m_chartScroll->setVisible(visible);
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
    // One example is named by its ID, so the status and Edit ▸ Undo say which ("label r12 as …").
    const ExampleRowData *row = one ? m_model->loadedRow(m_model->rowOfExample(ids.front())) : nullptr;
    const QString example = row ? row->externalId : QString();
    const QString description =
        labelId >= 0
            ? (one ? (example.isEmpty() ? tr("label one example as %1").arg(name)
                                        : tr("label %1 as %2").arg(example, name))
                   : tr("label %1 examples as %2").arg(count, name))
            : (one ? (example.isEmpty() ? tr("remove one example's label") : tr("remove the label of %1").arg(example))
                   : tr("remove the labels of %1 examples").arg(count));
    whenDone(
        m_session->setLabel(m_dataset.id, ids, labelId, description), this, [] {},
        [this](const QString &message) {
            showEditFailure(this, message);
            m_model->refresh(); // drop the optimistic label the table showed
        });
    Q_EMIT statusMessage(
        labelId >= 0
            ? (one ? (example.isEmpty() ? tr("Labelled as %1").arg(name) : tr("Labelled %1 as %2").arg(example, name))
                   : tr("Labelled %1 examples as %2").arg(count, name))
            : (one ? (example.isEmpty() ? tr("Removed the label") : tr("Removed the label of %1").arg(example))
                   : tr("Removed the labels of %1 examples").arg(count)));
    const QModelIndex current = m_table->currentIndex();
    if (moveOn && ids.size() == 1 && current.isValid() && current.row() + 1 < m_model->rowCount())
        m_table->setCurrentIndex(current.siblingAtRow(current.row() + 1));
}

// Columns for the short fields sized to what they hold, within caps, so the text keeps a
// readable width however many columns a run adds; again when the table's width changes, until
// the analyst resizes a column (their widths then stay).
void DataPage::sizeColumns()
{
    const int viewport = m_table->viewport()->width();
    if (m_sizedColumns == m_model->columnCount() && (m_columnsResizedByHand || viewport == m_sizedForWidth))
        return;
    if (m_sizedColumns != m_model->columnCount())
        m_columnsResizedByHand = false;
    m_sizedColumns = m_model->columnCount();
    m_sizedForWidth = viewport;
    const QFontMetrics metrics = m_table->fontMetrics();
    const int em = metrics.horizontalAdvance(QLatin1Char('M'));
    const int padding = 16;
    int widestLabel = 0;
    for (const auto &name : std::as_const(m_labelNames))
        widestLabel = std::max(widestLabel, metrics.horizontalAdvance(name));
    const auto headerWidth = [&](int column) {
        return metrics.horizontalAdvance(m_model->headerData(column, Qt::Horizontal).toString()) + 24;
    };
    struct Sized
    {
        int column;
        int width;
        int least;          // what it may shrink to when the text needs room
        bool first = false; // shrinks before the others: its cells elide well (ids, labels)
    };
    const auto fitting = [&](const QString &sample) { return metrics.horizontalAdvance(sample) + padding; };
    QList<Sized> sized;
    int total = 0;
    int textColumn = -1;
    for (int column = 0; column < m_model->columnCount(); ++column) {
        int width = 0;
        int least = 0;
        switch (m_model->columnKind(column)) {
        case BrowseColumn::Id:
            width = fitting(QStringLiteral("ar-g0000000"));
            least = fitting(QStringLiteral("r0000"));
            break;
        case BrowseColumn::Lang:
            width = std::max(headerWidth(column), fitting(QStringLiteral("zh-Hant")));
            least = fitting(QStringLiteral("zh-Hant"));
            break;
        case BrowseColumn::Split:
            width = std::max(headerWidth(column), fitting(QStringLiteral("train")));
            least = fitting(QStringLiteral("train"));
            break;
        case BrowseColumn::Confidence:
            width = std::max(headerWidth(column), fitting(QStringLiteral("0.00")));
            least = fitting(QStringLiteral("0.00"));
            break;
        case BrowseColumn::Correct:
            width = std::max(headerWidth(column), fitting(QStringLiteral("✗")));
            least = fitting(QStringLiteral("✗✗"));
            break;
        case BrowseColumn::Label:
        case BrowseColumn::Predicted:
            width = std::clamp(widestLabel + padding, headerWidth(column), 14 * em);
            least = std::min(width, 4 * em);
            break;
        case BrowseColumn::Group:
            width = fitting(QStringLiteral("group-0000"));
            least = fitting(QStringLiteral("g000"));
            break;
        case BrowseColumn::Text: textColumn = column; continue;
        case BrowseColumn::Rank: continue; // no column
        }
        const auto kind = m_model->columnKind(column);
        sized.append({column, width, std::min(least, width),
                      kind == BrowseColumn::Id || kind == BrowseColumn::Label || kind == BrowseColumn::Predicted
                          || kind == BrowseColumn::Group});
        total += width;
    }
    // The text keeps at least 40% of the table, and never less than 12 em.
    int textWidth = std::max(12 * em, viewport * 2 / 5);
    const int room = viewport - textWidth;
    int least = 0;
    for (const auto &column : sized)
        least += column.least;
    // Ids, labels and groups give way first; the short fields keep their titles readable as
    // long as they can.
    for (const bool first : {true, false}) {
        int shrinkable = 0;
        for (const auto &column : sized)
            if (column.first == first)
                shrinkable += column.width - column.least;
        if (total <= room || shrinkable == 0)
            continue;
        const double share = std::min(1.0, static_cast<double>(total - room) / shrinkable);
        for (auto &column : sized)
            if (column.first == first) {
                const int cut = static_cast<int>(std::ceil((column.width - column.least) * share));
                column.width -= cut;
                total -= cut;
            }
    }
    // In a very narrow table the text takes what the others leave at their least, so it ends
    // inside the view rather than past its edge.
    if (least > room)
        textWidth = std::max(12 * em, viewport - least);
    m_sizingColumns = true;
    for (const auto &column : sized)
        m_table->setColumnWidth(column.column, column.width);
    if (textColumn >= 0)
        m_table->setColumnWidth(textColumn, textWidth);
    m_sizingColumns = false;
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
    if (watched == m_table->viewport() && event->type() == QEvent::Resize && m_model->columnCount() > 0) {
        sizeColumns();
        return false;
    }
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
