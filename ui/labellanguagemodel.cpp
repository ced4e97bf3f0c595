#include "labellanguagemodel.h"

#include <QBrush>
#include <QColor>
#include <QFont>
#include <QLocale>

namespace glossa::ui {

namespace {

QString key(const QString &label, const QString &lang)
{
    return label + QChar(0x1f) + lang;
}

} // namespace

LabelLanguageModel::LabelLanguageModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void LabelLanguageModel::setDataset(const DatasetSummary &dataset)
{
    beginResetModel();
    m_labels.clear();
    m_languages.clear();
    m_counts.clear();
    m_maxCell = 0;
    for (const auto &cell : dataset.counts) {
        if (!m_labels.contains(cell.label))
            m_labels.append(cell.label);
        if (!m_languages.contains(cell.lang))
            m_languages.append(cell.lang);
        m_counts[key(cell.label, cell.lang)] += cell.count;
        m_maxCell = std::max(m_maxCell, m_counts[key(cell.label, cell.lang)]);
    }
    m_languages.sort();
    endResetModel();
}

int LabelLanguageModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() || m_labels.isEmpty() ? 0 : static_cast<int>(m_labels.size()) + 1;
}

int LabelLanguageModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() || m_labels.isEmpty() ? 0 : static_cast<int>(m_languages.size()) + 1;
}

qint64 LabelLanguageModel::count(int row, int column) const
{
    const bool totalRow = row == m_labels.size();
    const bool totalColumn = column == m_languages.size();
    qint64 sum = 0;
    for (int r = 0; r < m_labels.size(); ++r) {
        if (!totalRow && r != row)
            continue;
        for (int c = 0; c < m_languages.size(); ++c) {
            if (!totalColumn && c != column)
                continue;
            sum += m_counts.value(key(m_labels[r], m_languages[c]));
        }
    }
    return sum;
}

QVariant LabelLanguageModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    const bool total = index.row() == m_labels.size() || index.column() == m_languages.size();
    switch (role) {
    case Qt::DisplayRole: return QLocale().toString(count(index.row(), index.column()));
    case Qt::TextAlignmentRole: return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    case Qt::FontRole:
        if (total) {
            QFont font;
            font.setBold(true);
            return font;
        }
        return {};
    case Qt::BackgroundRole: {
        if (total || m_maxCell == 0)
            return {};
        // A light heat scale makes gaps (a label missing in a language) visible at a glance.
        const double share = static_cast<double>(count(index.row(), index.column())) / static_cast<double>(m_maxCell);
        QColor colour = QColor::fromRgb(0x2b, 0x7b, 0xb9);
        colour.setAlphaF(static_cast<float>(0.08 + 0.35 * share));
        return QBrush(colour);
    }
    default: return {};
    }
}

QVariant LabelLanguageModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role == Qt::ToolTipRole && orientation == Qt::Horizontal && section < m_languages.size()) {
        // Codes are compact; the tooltip names the language in its own script.
        const QLocale locale(m_languages[section]);
        return locale.language() == QLocale::C ? QVariant() : QVariant(locale.nativeLanguageName());
    }
    if (role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (orientation == Qt::Horizontal)
        return section == m_languages.size() ? tr("Total") : m_languages.value(section);
    if (section == m_labels.size())
        return tr("Total");
    const auto label = m_labels.value(section);
    return label.isEmpty() ? tr("(unlabelled)") : label;
}

} // namespace glossa::ui
