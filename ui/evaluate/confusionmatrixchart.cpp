#include "ui/evaluate/confusionmatrixchart.h"

#include "ui/widgets/qcustomplotinclude.h"

#include <QFontMetrics>
#include <QToolTip>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace glossa::ui {

namespace {
constexpr int maxLabelledCells = 20; // beyond this, numbers in the cells would not fit
} // namespace

ConfusionMatrixChart::ConfusionMatrixChart(QWidget *parent)
    : QWidget(parent)
    , m_plot(new QCustomPlot(this))
{
    setObjectName(QStringLiteral("confusionMatrix"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot);
    m_plot->setBackground(palette().color(QPalette::Base));
    m_plot->setMinimumSize(320, 320);
    m_plot->xAxis->setLabel(tr("Predicted label"));
    m_plot->yAxis->setLabel(tr("Gold label"));
    m_plot->yAxis->setRangeReversed(true); // the first label at the top, as a table reads
    for (auto *axis : {m_plot->xAxis, m_plot->yAxis}) {
        axis->grid()->setVisible(false);
        axis->setTicker(QSharedPointer<QCPAxisTickerText>(new QCPAxisTickerText));
        axis->setSubTicks(false);
        axis->setTickLength(0, 3);
    }
    m_plot->xAxis->setTickLabelRotation(-40);
    connect(m_plot, &QCustomPlot::mouseMove, this, &ConfusionMatrixChart::showValueAt);
    connect(m_plot, &QCustomPlot::mouseRelease, this, [this](QMouseEvent *event) {
        const auto [gold, predicted] = cellAt(event->position());
        if (gold >= 0)
            Q_EMIT cellClicked(gold, predicted);
    });
}

void ConfusionMatrixChart::setMatrix(const QStringList &labels, const QList<QList<qint64>> &counts)
{
    m_labels = labels;
    m_counts = counts;
    redraw();
}

void ConfusionMatrixChart::setRowNormalised(bool normalised)
{
    if (m_normalised == normalised)
        return;
    m_normalised = normalised;
    redraw();
}

double ConfusionMatrixChart::shownValue(int gold, int predicted) const
{
    if (gold < 0 || gold >= m_counts.size() || predicted < 0 || predicted >= m_counts[gold].size())
        return 0;
    const double count = static_cast<double>(m_counts[gold][predicted]);
    if (!m_normalised)
        return count;
    qint64 row = 0;
    for (const auto value : m_counts[gold])
        row += value;
    return row > 0 ? count / static_cast<double>(row) : 0.0;
}

QPair<int, int> ConfusionMatrixChart::cellAt(const QPointF &position) const
{
    if (!m_plot->axisRect()->rect().contains(position.toPoint()))
        return {-1, -1};
    const int predicted = static_cast<int>(std::lround(m_plot->xAxis->pixelToCoord(position.x())));
    const int gold = static_cast<int>(std::lround(m_plot->yAxis->pixelToCoord(position.y())));
    const int n = static_cast<int>(m_labels.size());
    if (gold < 0 || gold >= n || predicted < 0 || predicted >= n)
        return {-1, -1};
    return {gold, predicted};
}

void ConfusionMatrixChart::redraw()
{
    m_plot->clearPlottables();
    m_plot->clearItems();
    m_map = nullptr;
    const int n = static_cast<int>(m_labels.size());
    if (n == 0) {
        m_plot->replot();
        return;
    }
    m_map = new QCPColorMap(m_plot->xAxis, m_plot->yAxis);
    m_map->data()->setSize(n, n);
    m_map->data()->setRange(QCPRange(0, n - 1), QCPRange(0, n - 1));
    double highest = 0;
    for (int gold = 0; gold < n; ++gold)
        for (int predicted = 0; predicted < n; ++predicted) {
            const double value = shownValue(gold, predicted);
            m_map->data()->setCell(predicted, gold, value);
            highest = std::max(highest, value);
        }
    QCPColorGradient gradient;
    gradient.setColorStopAt(0, palette().color(QPalette::Base));
    gradient.setColorStopAt(0.25, QColor(0xc6dbef));
    gradient.setColorStopAt(1, QColor(0x08306b));
    m_map->setGradient(gradient);
    m_map->setDataRange(QCPRange(0, m_normalised ? 1.0 : std::max(1.0, highest)));
    m_map->setInterpolate(false);

    // Ticks: every label while they fit, smaller as the classes grow.
    QFont tickFont = font();
    tickFont.setPointSizeF(n <= 20 ? font().pointSizeF() - 1 : std::max(6.0, font().pointSizeF() - 3));
    // A long label is cut in its middle to 14 em, so one label does not take the matrix's
    // room; the hover text names it whole.
    const QFontMetrics tickMetrics(tickFont);
    const int longestTick = tickMetrics.horizontalAdvance(QLatin1Char('M')) * 14;
    for (auto *axis : {m_plot->xAxis, m_plot->yAxis}) {
        auto ticker = qSharedPointerCast<QCPAxisTickerText>(axis->ticker());
        ticker->clear();
        for (int i = 0; i < n; ++i)
            ticker->addTick(i, tickMetrics.horizontalAdvance(m_labels[i]) > longestTick
                                   ? tickMetrics.elidedText(m_labels[i], Qt::ElideMiddle, longestTick)
                                   : m_labels[i]);
        axis->setTickLabelFont(tickFont);
        axis->setRange(-0.5, n - 0.5);
    }

    if (n <= maxLabelledCells) {
        QFont cellFont = font();
        cellFont.setPointSizeF(n <= 10 ? font().pointSizeF() : font().pointSizeF() - 2);
        for (int gold = 0; gold < n; ++gold)
            for (int predicted = 0; predicted < n; ++predicted) {
                const double value = shownValue(gold, predicted);
                if (value == 0)
                    continue;
                auto *text = new QCPItemText(m_plot);
                text->position->setCoords(predicted, gold);
                text->setText(m_normalised ? QString::number(100 * value, 'f', 0) + QLatin1Char('%')
                                           : QString::number(static_cast<qint64>(value)));
                text->setFont(cellFont);
                const double shade = value / (m_normalised ? 1.0 : std::max(1.0, highest));
                text->setColor(shade > 0.55 ? Qt::white : palette().color(QPalette::Text));
                text->setClipToAxisRect(true);
            }
    }
    m_plot->replot();
}

void ConfusionMatrixChart::showValueAt(QMouseEvent *event)
{
    const auto [gold, predicted] = cellAt(event->position());
    if (gold < 0) {
        QToolTip::hideText();
        return;
    }
    qint64 row = 0;
    for (const auto value : m_counts[gold])
        row += value;
    const qint64 count = m_counts[gold][predicted];
    const QString share = row > 0
                              ? QString::number(100.0 * static_cast<double>(count) / static_cast<double>(row), 'f', 1)
                              : QStringLiteral("0");
    QToolTip::showText(event->globalPosition().toPoint(),
                       tr("Gold %1, predicted %2: %3 examples (%4% of %1)\nClick to see them in the Data tab.")
                           .arg(m_labels[gold], m_labels[predicted])
                           .arg(count)
                           .arg(share),
                       m_plot);
}

} // namespace glossa::ui
