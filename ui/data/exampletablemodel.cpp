#include "ui/data/exampletablemodel.h"

#include <algorithm>

#include "ui/session/projectsession.h"
#include "ui/widgets/languagename.h"
#include "ui/widgets/splitname.h"

#include <QBrush>
#include <QColor>
#include <QFont>
#include <QLocale>
#include <QPalette>

namespace glossa::ui {

namespace {

// Table cells show one line: the text's line breaks and tabs become spaces.
QString oneLine(const QString &text)
{
    QString line = text;
    for (QChar &c : line) {
        if (c == QLatin1Char('\n') || c == QLatin1Char('\r') || c == QLatin1Char('\t'))
            c = QLatin1Char(' ');
    }
    return line;
}

// The text is last, so it takes the width the others leave; label and prediction sit next to
// each other, where the eye compares them.
QList<BrowseColumn> columnsFor(bool withPredictions)
{
    QList<BrowseColumn> columns{BrowseColumn::Id, BrowseColumn::Lang, BrowseColumn::Label};
    if (withPredictions)
        columns += {BrowseColumn::Predicted, BrowseColumn::Confidence, BrowseColumn::Correct};
    columns += {BrowseColumn::Split, BrowseColumn::Group, BrowseColumn::Text};
    return columns;
}

} // namespace

ExampleTableModel::ExampleTableModel(ProjectSession *session, QObject *parent)
    : QAbstractTableModel(parent)
    , m_session(session)
    , m_columns(columnsFor(false))
{
}

void ExampleTableModel::onQueryFailed(quint64 generation, const QString &message)
{
    if (generation != m_generation)
        return;
    m_queryRunning = false;
    // The rows on show stay: let the view ask again for pages dropped meanwhile.
    if (rowCount() > 0)
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1));
    Q_EMIT queryFailed(message);
}

ExampleTableModel::~ExampleTableModel()
{
    m_queryStop.request_stop();
}

void ExampleTableModel::setQuery(qint64 datasetId, const BrowseFilter &filter)
{
    const bool runChanged = (filter.runId >= 0) != (m_filter.runId >= 0);
    // A review queue comes in its own order (likeliest error first); leaving it goes back to ids.
    if (filter.review != m_filter.review) {
        if (filter.review != BrowseReview::None)
            m_sort = {BrowseColumn::Rank, Qt::AscendingOrder};
        else if (m_sort.column == BrowseColumn::Rank)
            m_sort = {};
    }
    m_datasetId = datasetId;
    m_filter = filter;
    if (runChanged) {
        beginResetModel();
        m_columns = columnsFor(filter.runId >= 0);
        m_pages.clear();
        m_lru.clear();
        endResetModel();
    }
    startQuery();
}

void ExampleTableModel::refresh()
{
    if (m_datasetId >= 0)
        startQuery();
}

void ExampleTableModel::clear()
{
    m_queryStop.request_stop();
    ++m_generation;
    beginResetModel();
    m_datasetId = -1;
    m_ids.reset();
    m_pages.clear();
    m_lru.clear();
    m_pending.clear();
    m_queryRunning = false;
    endResetModel();
}

void ExampleTableModel::startQuery()
{
    // A newer query makes the running one pointless: stop it where it is.
    m_queryStop.request_stop();
    m_queryStop = std::stop_source();
    const quint64 generation = ++m_generation;
    m_queryRunning = true;
    whenDone(
        m_session->queryExamples(m_datasetId, m_filter, m_sort, m_queryStop.get_token()), this,
        [this, generation](const BrowseQueryResult &result) {
            onQueryReady(generation, result.ids, result.datasetSize);
        },
        [this, generation](const QString &message) { onQueryFailed(generation, message); });
    Q_EMIT queryStarted();
}

void ExampleTableModel::onQueryReady(quint64 generation, const ExampleIds &ids, qint64 datasetSize)
{
    if (generation != m_generation)
        return;
    beginResetModel();
    m_ids = ids;
    m_idsGeneration = generation;
    m_datasetSize = datasetSize;
    m_pages.clear();
    m_lru.clear();
    m_pending.clear();
    m_queryRunning = false;
    endResetModel();
    Q_EMIT queryFinished(rowCount(), datasetSize);
}

void ExampleTableModel::onRowsReady(quint64 generation, int firstRow, const QList<ExampleRowData> &rows)
{
    // Rows of the ids on show only. A page asked for while a new query ran belongs to ids that
    // are about to go: dropped, and asked for again if those ids stay (the query failed).
    if (generation != m_idsGeneration)
        return;
    const int page = firstRow / pageSize;
    m_pending.remove(page);
    if (m_queryRunning)
        return;
    m_lru.push_front(page);
    m_pages.insert(page, Page{rows, m_lru.begin()});
    while (m_pages.size() > maxCachedPages) {
        m_pages.remove(m_lru.back());
        m_lru.pop_back();
    }
    const int lastRow = std::min(firstRow + pageSize, rowCount()) - 1;
    if (lastRow >= firstRow) {
        Q_EMIT dataChanged(index(firstRow, 0), index(lastRow, columnCount() - 1));
        Q_EMIT rowsLoaded(firstRow, lastRow - firstRow + 1);
    }
}

void ExampleTableModel::requestPage(int page) const
{
    if (m_pending.contains(page) || !m_ids)
        return;
    m_pending.insert(page);
    const auto first = static_cast<size_t>(page) * pageSize;
    const auto last = std::min(first + pageSize, m_ids->size());
    std::vector<std::int64_t> ids(m_ids->begin() + static_cast<std::ptrdiff_t>(first),
                                  m_ids->begin() + static_cast<std::ptrdiff_t>(last));
    // data() is const, and asking for an unloaded row is what loads it: the answer changes
    // the model.
    auto *self = const_cast<ExampleTableModel *>(this);
    whenDone(
        m_session->exampleRows(ids, m_filter.runId), self,
        [self, generation = m_idsGeneration, firstRow = static_cast<int>(first)](const QList<ExampleRowData> &rows) {
            self->onRowsReady(generation, firstRow, rows);
        },
        [self, generation = m_idsGeneration](const QString &message) { self->onQueryFailed(generation, message); });
}

void ExampleTableModel::touch(int page) const
{
    auto it = m_pages.find(page);
    if (it == m_pages.end() || it->lruPosition == m_lru.begin())
        return;
    m_lru.splice(m_lru.begin(), m_lru, it->lruPosition);
}

qint64 ExampleTableModel::exampleIdAt(int row) const
{
    if (!m_ids || row < 0 || static_cast<size_t>(row) >= m_ids->size())
        return -1;
    return (*m_ids)[static_cast<size_t>(row)];
}

int ExampleTableModel::rowOfExample(qint64 exampleId) const
{
    if (!m_ids)
        return -1;
    const auto found = std::find(m_ids->begin(), m_ids->end(), exampleId);
    return found == m_ids->end() ? -1 : static_cast<int>(found - m_ids->begin());
}

const ExampleRowData *ExampleTableModel::loadedRow(int row) const
{
    if (row < 0 || row >= rowCount())
        return nullptr;
    const auto it = m_pages.constFind(row / pageSize);
    if (it == m_pages.constEnd())
        return nullptr;
    const int offset = row % pageSize;
    return offset < it->rows.size() ? &it->rows[offset] : nullptr;
}

BrowseColumn ExampleTableModel::columnKind(int column) const
{
    return m_columns.value(column, BrowseColumn::Id);
}

void ExampleTableModel::applyLabelUpdates(const QList<LabelUpdate> &updates, const QHash<qint64, QString> &labelNames)
{
    QHash<qint64, qint64> newLabels;
    for (const auto &update : updates)
        newLabels.insert(update.exampleId, update.labelId);
    for (auto it = m_pages.begin(); it != m_pages.end(); ++it) {
        for (int i = 0; i < it->rows.size(); ++i) {
            auto &row = it->rows[i];
            const auto found = newLabels.constFind(row.id);
            if (found == newLabels.constEnd())
                continue;
            row.labelId = *found;
            row.label = labelNames.value(*found);
            row.edited = true;
            const int at = it.key() * pageSize + i;
            Q_EMIT dataChanged(index(at, 0), index(at, columnCount() - 1));
        }
    }
}

void ExampleTableModel::setLabelNames(const QHash<qint64, QString> &labelNames)
{
    for (auto &page : m_pages) {
        for (auto &row : page.rows) {
            if (row.labelId >= 0)
                row.label = labelNames.value(row.labelId, row.label);
            if (row.predictedLabelId >= 0)
                row.predictedLabel = labelNames.value(row.predictedLabelId, row.predictedLabel);
        }
    }
    if (rowCount() > 0)
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1));
}

int ExampleTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() || !m_ids ? 0 : static_cast<int>(m_ids->size());
}

int ExampleTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_columns.size());
}

QVariant ExampleTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    if (role == ExampleIdRole)
        return exampleIdAt(index.row());
    const int page = index.row() / pageSize;
    const ExampleRowData *row = loadedRow(index.row());
    if (!row) {
        requestPage(page);
        if (role == LoadedRole)
            return false;
        if (role == Qt::DisplayRole && index.column() == 0)
            return QStringLiteral("…");
        return {};
    }
    touch(page);
    const BrowseColumn column = columnKind(index.column());
    switch (role) {
    case Qt::DisplayRole: return displayData(*row, column);
    case Qt::ToolTipRole:
        if (column == BrowseColumn::Text)
            return row->textTruncated ? row->text + QStringLiteral("…") : row->text;
        if (column == BrowseColumn::Lang)
            return row->langGuessed ? tr("%1, guessed from the text").arg(languageNameWithCode(row->lang))
                                    : languageNameWithCode(row->lang);
        if (column == BrowseColumn::Label && row->edited)
            return tr("Edited by hand");
        return {};
    case Qt::TextAlignmentRole:
        if (column == BrowseColumn::Confidence)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        if (column == BrowseColumn::Correct)
            return Qt::AlignCenter;
        return {};
    case Qt::FontRole:
        if ((column == BrowseColumn::Label && row->edited) || (column == BrowseColumn::Lang && row->langGuessed)) {
            QFont font;
            font.setItalic(column == BrowseColumn::Lang);
            font.setBold(column == BrowseColumn::Label);
            return font;
        }
        return {};
    case Qt::ForegroundRole:
        if (column == BrowseColumn::Label && row->labelId < 0)
            return QBrush(QColor(0x8a, 0x8f, 0x98));
        if (column == BrowseColumn::Correct && row->hasPrediction() && row->labelId >= 0)
            return QBrush(row->predictedLabelId == row->labelId ? QColor(0x2e, 0x8b, 0x57) : QColor(0xc0, 0x39, 0x2b));
        if (column == BrowseColumn::Confidence && row->hasPrediction() && row->confidence < lowConfidenceThreshold)
            return QBrush(QColor(0xb9, 0x77, 0x0e));
        return {};
    case LabelIdRole: return row->labelId;
    case LoadedRole: return true;
    case LowConfidenceRole: return row->hasPrediction() && row->confidence < lowConfidenceThreshold;
    case CorrectRole:
        if (!row->hasPrediction() || row->labelId < 0)
            return {};
        return row->predictedLabelId == row->labelId;
    default: return {};
    }
}

QVariant ExampleTableModel::displayData(const ExampleRowData &row, BrowseColumn column) const
{
    switch (column) {
    case BrowseColumn::Id: return row.externalId;
    case BrowseColumn::Lang: return row.lang;
    case BrowseColumn::Text: return oneLine(row.text);
    case BrowseColumn::Label: return row.labelId >= 0 ? row.label : tr("(unlabelled)");
    case BrowseColumn::Split: return splitDisplayName(row.split);
    case BrowseColumn::Group: return row.group;
    case BrowseColumn::Predicted: return row.predictedLabel;
    case BrowseColumn::Confidence: return row.hasPrediction() ? QLocale().toString(row.confidence, 'f', 2) : QString();
    case BrowseColumn::Correct:
        if (!row.hasPrediction() || row.labelId < 0)
            return QString();
        return row.predictedLabelId == row.labelId ? QStringLiteral("✓") : QStringLiteral("✗");
    case BrowseColumn::Rank: return {};
    }
    return {};
}

QVariant ExampleTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Vertical) {
        if (role == Qt::DisplayRole)
            return QLocale().toString(section + 1);
        return {};
    }
    if (role == Qt::ToolTipRole) {
        // Narrow columns elide their titles: the tooltip has them whole.
        if (columnKind(section) == BrowseColumn::Lang)
            return tr("Language; in italics: guessed from the text, since the file gave no language");
        return headerData(section, orientation, Qt::DisplayRole);
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (columnKind(section)) {
    case BrowseColumn::Id: return tr("ID");
    case BrowseColumn::Lang: return tr("Language");
    case BrowseColumn::Text: return tr("Text");
    case BrowseColumn::Label: return tr("Label");
    case BrowseColumn::Split: return tr("Split");
    case BrowseColumn::Group: return tr("Group");
    case BrowseColumn::Predicted: return tr("Predicted");
    case BrowseColumn::Confidence: return tr("Confidence");
    case BrowseColumn::Correct: return tr("Correct");
    case BrowseColumn::Rank: return {};
    }
    return {};
}

void ExampleTableModel::sort(int column, Qt::SortOrder order)
{
    const BrowseSort sort{columnKind(column), order};
    if (sort == m_sort && m_ids)
        return;
    m_sort = sort;
    if (m_datasetId >= 0)
        startQuery();
}

} // namespace glossa::ui
