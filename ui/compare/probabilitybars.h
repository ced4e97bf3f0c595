#pragma once

#include <QColor>
#include <QList>
#include <QPair>
#include <QString>
#include <QWidget>

namespace glossa::ui {

// A run's class probabilities as horizontal bars, most probable first: the label, the bar and
// the percentage. With many classes only the top ones are drawn, and a last line says how
// much probability the rest share.
class ProbabilityBars : public QWidget
{
    Q_OBJECT

public:
    static constexpr int defaultTopK = 5;

    explicit ProbabilityBars(QWidget *parent = nullptr);

    // probabilities sorted most probable first.
    void setProbabilities(const QList<QPair<QString, double>> &probabilities, const QColor &colour);
    void clear();
    void setTopK(int topK);
    int shownBars() const;
    // The text drawn for bar i at the current width: the label, elided only when it does not fit.
    QString labelShownAt(int bar) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    int labelAdvance(const QString &label) const;
    int labelColumnWidth() const;
    QString shownLabel(const QString &label, int width) const;
    int lineHeight() const;
    int lines() const;

    QList<QPair<QString, double>> m_probabilities;
    QColor m_colour;
    int m_topK = defaultTopK;
};

} // namespace glossa::ui
