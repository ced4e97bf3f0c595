#pragma once

#include <QList>
#include <QStringList>
#include <QWidget>

class QCPColorMap;
class QCustomPlot;
class QMouseEvent;

namespace glossa::ui {

// A confusion matrix as a heat map: gold labels down, predicted labels across, counts or
// each row as percentages of its gold examples. Counts are written in the cells while they fit
// (up to 20 classes); beyond that the colours and the hover text say it, up to 60 classes and
// more. A click on a cell reports which one, so the browser can show its examples.
class ConfusionMatrixChart : public QWidget
{
    Q_OBJECT

public:
    explicit ConfusionMatrixChart(QWidget *parent = nullptr);

    void setMatrix(const QStringList &labels, const QList<QList<qint64>> &counts);
    void setRowNormalised(bool normalised);
    bool isRowNormalised() const { return m_normalised; }
    // The value a cell shows: its count, or its share of the row.
    double shownValue(int gold, int predicted) const;
    QCustomPlot *plot() const { return m_plot; }
    // The cell under a widget position, or {-1, -1}.
    QPair<int, int> cellAt(const QPointF &position) const;

Q_SIGNALS:
    void cellClicked(int gold, int predicted);

private:
    void redraw();
    void showValueAt(QMouseEvent *event);

    QCustomPlot *m_plot;
    QCPColorMap *m_map = nullptr;
    QStringList m_labels;
    QList<QList<qint64>> m_counts;
    bool m_normalised = false;
};

} // namespace glossa::ui
