#pragma once

#include "projectoverview.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QStringList>

namespace glossa::ui {

// Examples per label (rows) and language (columns) of one dataset, with totals: the first
// thing an analyst checks after an import.
class LabelLanguageModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    explicit LabelLanguageModel(QObject *parent = nullptr);

    void setDataset(const DatasetSummary &dataset);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    qint64 count(int row, int column) const;

    QStringList m_labels; // "" stands for unlabelled
    QStringList m_languages;
    QHash<QString, qint64> m_counts; // key: label + '\x1f' + lang
    qint64 m_maxCell = 0;
};

} // namespace glossa::ui
