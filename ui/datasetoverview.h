#pragma once

#include "projectoverview.h"

#include <QWidget>

class QLabel;
class QTableView;

namespace glossa::ui {

class LabelLanguageModel;

// The central page for one dataset: its headline figures and the label x language table.
class DatasetOverview : public QWidget
{
    Q_OBJECT

public:
    explicit DatasetOverview(QWidget *parent = nullptr);

    void showDataset(const DatasetSummary &dataset);

private:
    QLabel *m_title = nullptr;
    QLabel *m_figures = nullptr;
    QLabel *m_splits = nullptr;
    QTableView *m_table = nullptr;
    LabelLanguageModel *m_model = nullptr;
};

} // namespace glossa::ui
