#include "ui/compare/probabilitybars.h"

#include <QLocale>
#include <QPainter>

#include <algorithm>
#include <cmath>

namespace glossa::ui {

namespace {
constexpr int labelGap = 6; // between a label and its bar
} // namespace

ProbabilityBars::ProbabilityBars(QWidget *parent)
    : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
}

void ProbabilityBars::setProbabilities(const QList<QPair<QString, double>> &probabilities, const QColor &colour)
{
    m_probabilities = probabilities;
    m_colour = colour;
    updateGeometry();
    update();
}

void ProbabilityBars::clear()
{
    m_probabilities.clear();
    updateGeometry();
    update();
}

void ProbabilityBars::setTopK(int topK)
{
    m_topK = std::max(1, topK);
    updateGeometry();
    update();
}

int ProbabilityBars::shownBars() const
{
    return std::min(static_cast<int>(m_probabilities.size()), m_topK);
}

// The label's width, rounded up: elidedText measures in fractions of a pixel, so a label that
// is given exactly its rounded-down width is cut to "…" (every short or numeric label was).
int ProbabilityBars::labelAdvance(const QString &label) const
{
    return static_cast<int>(std::ceil(QFontMetricsF(font()).horizontalAdvance(label))) + 1;
}

QString ProbabilityBars::shownLabel(const QString &label, int width) const
{
    if (labelAdvance(label) <= width)
        return label;
    return fontMetrics().elidedText(label, Qt::ElideRight, width);
}

QString ProbabilityBars::labelShownAt(int bar) const
{
    if (bar < 0 || bar >= shownBars())
        return {};
    return shownLabel(m_probabilities[bar].first, labelColumnWidth() - labelGap);
}

// The widest label of those shown, within 45% of the width.
int ProbabilityBars::labelColumnWidth() const
{
    int labelWidth = 0;
    for (int i = 0; i < shownBars(); ++i)
        labelWidth = std::max(labelWidth, labelAdvance(m_probabilities[i].first));
    return std::min(labelWidth + labelGap, width() * 45 / 100);
}

int ProbabilityBars::lineHeight() const
{
    return fontMetrics().height() + 4;
}

int ProbabilityBars::lines() const
{
    return shownBars() + (m_probabilities.size() > m_topK ? 1 : 0);
}

QSize ProbabilityBars::sizeHint() const
{
    return {240, lines() * lineHeight()};
}

QSize ProbabilityBars::minimumSizeHint() const
{
    return {120, lines() * lineHeight()};
}

void ProbabilityBars::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    const auto metrics = fontMetrics();
    const int height = lineHeight();
    const QLocale locale;
    // The labels, their bars, and the percentage on the right.
    const int labelWidth = labelColumnWidth();
    const int percentWidth = metrics.horizontalAdvance(QStringLiteral("100%")) + 6;
    const int barSpace = std::max(10, width() - labelWidth - percentWidth);
    const bool rightToLeft = layoutDirection() == Qt::RightToLeft;
    const QColor track = palette().color(QPalette::AlternateBase);
    const QColor faded = QColor::fromHsvF(m_colour.hsvHueF(), m_colour.hsvSaturationF() * 0.35f, 0.92f);
    for (int i = 0; i < shownBars(); ++i) {
        const auto &[label, probability] = m_probabilities[i];
        const int y = i * height;
        QRect labelRect(0, y, labelWidth - labelGap, height);
        QRect barRect(labelWidth, y + 3, barSpace, height - 6);
        QRect percentRect(labelWidth + barSpace, y, percentWidth, height);
        if (rightToLeft) {
            labelRect.moveRight(width() - 1);
            barRect.moveRight(width() - labelWidth - 1);
            percentRect.moveLeft(0);
        }
        painter.setPen(palette().color(QPalette::Text));
        painter.drawText(labelRect, Qt::AlignVCenter | (rightToLeft ? Qt::AlignRight : Qt::AlignLeft),
                         shownLabel(label, labelRect.width()));
        painter.fillRect(barRect, track);
        QRect filled = barRect;
        filled.setWidth(static_cast<int>(barRect.width() * std::clamp(probability, 0.0, 1.0)));
        if (rightToLeft)
            filled.moveRight(barRect.right());
        painter.fillRect(filled, i == 0 ? m_colour : faded);
        painter.drawText(percentRect, Qt::AlignVCenter | Qt::AlignRight,
                         locale.toString(probability * 100, 'f', probability < 0.1 ? 1 : 0) + QLatin1Char('%'));
    }
    if (m_probabilities.size() > m_topK) {
        double rest = 0;
        for (qsizetype i = m_topK; i < m_probabilities.size(); ++i)
            rest += m_probabilities[i].second;
        painter.setPen(palette().color(QPalette::PlaceholderText));
        painter.drawText(QRect(0, shownBars() * height, width(), height), Qt::AlignVCenter | Qt::AlignLeft,
                         tr("%n other class(es): %1%", nullptr, static_cast<int>(m_probabilities.size() - m_topK))
                             .arg(locale.toString(rest * 100, 'f', 1)));
    }
}

} // namespace glossa::ui
