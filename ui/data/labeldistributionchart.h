#pragma once

#include "ui/session/projectoverview.h"

#include <QHash>
#include <QList>
#include <QStringList>
#include <QWidget>

class QCPBars;
class QCPItemText;
class QCPTextElement;
class QCustomPlot;
class QTimer;

namespace glossa::ui {

// Examples per language as horizontal bars, one stack per label: shows at a glance which
// languages are thin and which labels a language lacks. Cheap to call after every label edit.
class LabelDistributionChart : public QWidget
{
    Q_OBJECT

public:
    explicit LabelDistributionChart(QWidget *parent = nullptr);
    ~LabelDistributionChart() override;

    void setCounts(const QList<LabelLanguageCount> &counts);
    // Stacks go left to right in this order (the dataset's label order); labels it lacks follow
    // in the order the chart first saw them, so stacks do not move between updates.
    void setLabelOrder(const QStringList &labels);
    // Labels beyond this many stacks (the smallest by examples) share one "Other" stack.
    void setMaxLabelStacks(int stacks);
    int maxLabelStacks() const { return m_maxStacks; }
    // The colour a label's stack has now (stable for a label name while the chart lives).
    QColor labelColour(const QString &label) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void changeEvent(QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    struct Stack
    {
        QString key;  // label name; "" for unlabelled; otherKey() for the folded labels
        QString name; // as the legend shows it
        QColor colour;
        QList<qint64> counts; // per language, in m_languages order
        QStringList folded;   // labels inside "Other"
        QCPBars *bars = nullptr;
    };

    // The pending counts summed per label, per language and per (label, language).
    struct Tally
    {
        QStringList labels; // in the order of m_labelOrder, new labels last
        bool hasUnlabelled = false;
        QHash<QString, qint64> labelTotals;
        QHash<QString, qint64> languageTotals;
        QHash<QString, QHash<QString, qint64>> cells; // label -> language -> examples
    };

    void rebuild();
    Tally tallyPending();
    void orderLanguages(const QHash<QString, qint64> &languageTotals);
    void buildStacks(const Tally &tally);
    void updateBars();
    void updateLanguageAxis();
    void updateTotalTexts();
    void assignColours(const QStringList &labels);
    void applyTheme();
    void fitToSize(const QSize &size);
    void fitBarWidth();
    bool showToolTip(const QPoint &pos, const QPoint &globalPos);

    QCustomPlot *m_plot = nullptr;
    QCPTextElement *m_title = nullptr;
    QCPItemText *m_emptyText = nullptr;
    QTimer *m_updateTimer = nullptr;
    QList<LabelLanguageCount> m_pending;
    int m_maxStacks = 12;

    QStringList m_languages; // top to bottom: most examples first
    QList<qint64> m_languageTotals;
    QList<Stack> m_stacks; // left to right
    QHash<QString, QCPBars *> m_bars;
    QList<QCPItemText *> m_totalTexts;
    QHash<QString, int> m_paletteSlot; // label -> palette index, or -1 for a hashed colour
    QStringList m_slotOwners;          // palette index -> the label that has it now
    QStringList m_labelOrder;
    // Folded labels' counts per language, for the tooltip of the "Other" stack.
    QHash<QString, QList<qint64>> m_foldedCounts;
};

} // namespace glossa::ui
