#include "datasetoverview.h"

#include "labellanguagemodel.h"

#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QTableView>
#include <QVBoxLayout>

namespace glossa::ui {

DatasetOverview::DatasetOverview(QWidget *parent)
    : QWidget(parent)
    , m_title(new QLabel(this))
    , m_figures(new QLabel(this))
    , m_splits(new QLabel(this))
    , m_table(new QTableView(this))
    , m_model(new LabelLanguageModel(this))
{
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.5);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_title->setObjectName(QStringLiteral("datasetTitle"));
    m_figures->setObjectName(QStringLiteral("datasetFigures"));
    m_splits->setObjectName(QStringLiteral("datasetSplits"));
    m_figures->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_table->setModel(m_model);
    m_table->setObjectName(QStringLiteral("labelLanguageTable"));
    m_table->setSelectionMode(QAbstractItemView::ContiguousSelection);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->setAlternatingRowColors(false);

    auto *caption = new QLabel(tr("Examples per label and language"), this);
    QFont captionFont = caption->font();
    captionFont.setBold(true);
    caption->setFont(captionFont);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(16, 12, 16, 12);
    layout->addWidget(m_title);
    layout->addWidget(m_figures);
    layout->addWidget(m_splits);
    layout->addSpacing(8);
    layout->addWidget(caption);
    layout->addWidget(m_table);
    layout->addStretch(1);
}

void DatasetOverview::showDataset(const DatasetSummary &dataset)
{
    const QLocale locale;
    m_title->setText(dataset.name);
    const double labelledShare = dataset.examples ? 100.0 * dataset.labelled / dataset.examples : 0.0;
    m_figures->setText(tr("%1 examples · %2 labelled (%3%) · %4 labels · %5 languages")
                           .arg(locale.toString(dataset.examples), locale.toString(dataset.labelled),
                                locale.toString(labelledShare, 'f', 1), locale.toString(dataset.labels),
                                locale.toString(dataset.languages)));
    m_splits->setText(
        tr("Splits: train %1 · dev %2 · test %3")
            .arg(locale.toString(dataset.train), locale.toString(dataset.dev), locale.toString(dataset.test)));
    m_model->setDataset(dataset);
    // As tall as its rows, so the figures read as one block; scrolls when there are many labels.
    m_table->resizeRowsToContents();
    int height = m_table->horizontalHeader()->sizeHint().height() + 2 * m_table->frameWidth();
    for (int row = 0; row < m_model->rowCount(); ++row)
        height += m_table->rowHeight(row);
    m_table->setMaximumHeight(height);
    m_table->setMinimumHeight(std::min(height, 240));
}

} // namespace glossa::ui
