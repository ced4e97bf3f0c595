#include "ui/data/labeldistributionchart.h"

#include "ui/widgets/qcustomplotinclude.h"

#include <QEvent>
#include <QHelpEvent>
#include <QLocale>
#include <QSet>
#include <QTimer>
#include <QToolTip>

#include <algorithm>
#include <array>
#include <climits>
#include <cmath>

namespace glossa::ui {

namespace {

// Distinguishable on white, after Tableau's palettes; no grey, which means "unlabelled" here.
constexpr std::array<QRgb, 12> kPalette = {
    0x4e79a7, 0xf28e2b, 0x59a14f, 0xe15759, 0xb07aa1, 0x76b7b2,
    0xedc948, 0x9c755f, 0xff9da7, 0x2f4b7c, 0xa0cbe8, 0xd37295,
};
constexpr QRgb kUnlabelledColour = 0xc3c8ce;
constexpr QRgb kOtherColour = 0xcdbb9b;

// Coalesces the edits of one burst (a multi-row relabel, undo of a batch) into one replot.
constexpr int kUpdateDelayMs = 40;
constexpr int kMaxLegendChars = 28;

QString otherKey()
{
    return QChar(0x1f) + QStringLiteral("other");
}

// Stable across runs (qHash is seeded per process), so a label beyond the palette keeps its colour.
QColor hashedColour(const QString &label)
{
    quint32 hash = 2166136261u;
    for (const QChar c : label) {
        hash ^= c.unicode();
        hash *= 16777619u;
    }
    const int hue = static_cast<int>(hash % 360);
    const int saturation = 110 + static_cast<int>((hash >> 9) % 80);
    const int value = 170 + static_cast<int>((hash >> 17) % 50);
    return QColor::fromHsv(hue, saturation, value);
}

QString elided(const QString &text)
{
    return text.size() <= kMaxLegendChars ? text : text.left(kMaxLegendChars - 1) + QChar(0x2026);
}

QString languageName(const QString &code)
{
    if (code.isEmpty())
        return LabelDistributionChart::tr("(unknown)");
    return code;
}

// Whole numbers only, with the locale's digit grouping: counts never have a half.
class CountTicker : public QCPAxisTicker
{
protected:
    double getTickStep(const QCPRange &range) override { return std::max(1.0, QCPAxisTicker::getTickStep(range)); }
    QString getTickLabel(double tick, const QLocale &, QChar, int) override
    {
        return QLocale().toString(static_cast<qint64>(std::llround(tick)));
    }
};

QColor mixed(const QColor &a, const QColor &b, double share)
{
    return QColor::fromRgbF(static_cast<float>(a.redF() * (1 - share) + b.redF() * share),
                            static_cast<float>(a.greenF() * (1 - share) + b.greenF() * share),
                            static_cast<float>(a.blueF() * (1 - share) + b.blueF() * share));
}

} // namespace

LabelDistributionChart::LabelDistributionChart(QWidget *parent)
    : QWidget(parent)
    , m_plot(new QCustomPlot(this))
    , m_updateTimer(new QTimer(this))
{
    setObjectName(QStringLiteral("labelDistributionChart"));
    m_plot->setObjectName(QStringLiteral("labelDistributionPlot"));
    m_plot->setMouseTracking(true);
    m_plot->installEventFilter(this);
    m_plot->setInteractions({});

    m_updateTimer->setObjectName(QStringLiteral("labelDistributionUpdate"));
    m_updateTimer->setSingleShot(true);
    m_updateTimer->setInterval(kUpdateDelayMs);
    connect(m_updateTimer, &QTimer::timeout, this, &LabelDistributionChart::rebuild);

    // Languages down the left (most examples at the top), examples along the bottom.
    auto languageTicker = QSharedPointer<QCPAxisTickerText>::create();
    m_plot->yAxis->setTicker(languageTicker);
    m_plot->yAxis->setRangeReversed(true);
    m_plot->yAxis->setSubTicks(false);
    m_plot->yAxis->setTickLength(0, 0);
    m_plot->yAxis->grid()->setVisible(false);
    m_plot->yAxis->setPadding(6);
    m_plot->xAxis->setTicker(QSharedPointer<CountTicker>::create());
    m_plot->xAxis->setSubTicks(false);
    m_plot->xAxis->setTickLength(0, 4);
    m_plot->xAxis->setRange(0, 1);

    m_plot->plotLayout()->setMargins(QMargins(4, 4, 12, 4));
    m_plot->plotLayout()->setRowSpacing(2);
    m_title = new QCPTextElement(m_plot, QString());
    m_plot->plotLayout()->insertRow(0);
    m_plot->plotLayout()->addElement(0, 0, m_title);

    // The legend goes between title and bars (in sight however tall the chart), wrapped into
    // rows to the plot's width (fitToSize); its cell between two stretching ones keeps it
    // compact and centred.
    m_plot->legend->setVisible(true);
    m_plot->axisRect()->insetLayout()->take(m_plot->legend);
    auto *legendRow = new QCPLayoutGrid;
    m_plot->plotLayout()->insertRow(1);
    m_plot->plotLayout()->addElement(1, 0, legendRow);
    legendRow->addElement(0, 1, m_plot->legend);
    legendRow->expandTo(1, 3);
    legendRow->setColumnStretchFactors({1, 0.001, 1});
    m_plot->plotLayout()->setRowStretchFactor(0, 0.001);
    m_plot->plotLayout()->setRowStretchFactor(1, 0.001);
    m_plot->legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
    m_plot->legend->setIconSize(12, 12);
    m_plot->legend->setIconTextPadding(6);
    m_plot->legend->setColumnSpacing(14);
    m_plot->legend->setRowSpacing(2);
    m_plot->legend->setMargins(QMargins(8, 6, 8, 6));
    m_plot->legend->setSelectableParts(QCPLegend::spNone);

    m_emptyText = new QCPItemText(m_plot);
    m_emptyText->position->setType(QCPItemPosition::ptAxisRectRatio);
    m_emptyText->position->setCoords(0.5, 0.5);
    m_emptyText->setPositionAlignment(Qt::AlignCenter);

    // Bar thickness follows the rows' height, which is only known once the layout has run.
    connect(m_plot, &QCustomPlot::afterLayout, this, &LabelDistributionChart::fitBarWidth);

    applyTheme();
    rebuild();
}

LabelDistributionChart::~LabelDistributionChart() = default;

void LabelDistributionChart::setCounts(const QList<LabelLanguageCount> &counts)
{
    m_pending = counts;
    if (!m_updateTimer->isActive())
        m_updateTimer->start();
}

void LabelDistributionChart::setLabelOrder(const QStringList &labels)
{
    m_labelOrder = labels;
    if (!m_updateTimer->isActive())
        m_updateTimer->start();
}

void LabelDistributionChart::setMaxLabelStacks(int stacks)
{
    m_maxStacks = std::max(2, stacks);
    if (!m_updateTimer->isActive())
        m_updateTimer->start();
}

QColor LabelDistributionChart::labelColour(const QString &label) const
{
    if (label.isEmpty())
        return QColor(kUnlabelledColour);
    if (label == otherKey())
        return QColor(kOtherColour);
    const int slot = m_paletteSlot.value(label, -1);
    return slot >= 0 ? QColor(kPalette[slot]) : hashedColour(label);
}

// A label keeps its palette slot while it has one; new labels take a never used slot, then the
// slot of a label that is gone, then a hashed colour.
void LabelDistributionChart::assignColours(const QStringList &labels)
{
    static_assert(!kPalette.empty());
    if (m_slotOwners.isEmpty())
        m_slotOwners.resize(static_cast<qsizetype>(kPalette.size()));
    QStringList waiting;
    for (const auto &label : labels) {
        const int slot = m_paletteSlot.value(label, -2);
        if (slot == -1 || (slot >= 0 && m_slotOwners[slot] == label))
            continue;
        waiting.append(label);
    }
    const QSet<QString> present(labels.begin(), labels.end());
    for (const auto &label : waiting) {
        int free = -1;
        for (int slot = 0; slot < m_slotOwners.size() && free < 0; ++slot) {
            if (m_slotOwners[slot].isNull())
                free = slot;
        }
        for (int slot = 0; slot < m_slotOwners.size() && free < 0; ++slot) {
            if (!present.contains(m_slotOwners[slot]))
                free = slot;
        }
        if (free >= 0)
            m_slotOwners[free] = label;
        m_paletteSlot.insert(label, free);
    }
}

void LabelDistributionChart::rebuild()
{
    m_updateTimer->stop();
    const auto tally = tallyPending();
    orderLanguages(tally.languageTotals);
    buildStacks(tally);
    updateBars();
    updateLanguageAxis();
    updateTotalTexts();

    m_emptyText->setVisible(m_languages.isEmpty());
    m_plot->yAxis->setVisible(!m_languages.isEmpty());
    m_plot->xAxis->setVisible(!m_languages.isEmpty());

    fitToSize(size());
    updateGeometry();
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

LabelDistributionChart::Tally LabelDistributionChart::tallyPending()
{
    Tally tally;
    for (const auto &cell : std::as_const(m_pending)) {
        if (cell.count <= 0)
            continue;
        if (cell.label.isEmpty())
            tally.hasUnlabelled = true;
        else if (!tally.labelTotals.contains(cell.label))
            tally.labels.append(cell.label);
        tally.labelTotals[cell.label] += cell.count;
        tally.languageTotals[cell.lang] += cell.count;
        tally.cells[cell.label][cell.lang] += cell.count;
    }
    // Labels keep the order they were first shown in, so a stack does not jump on an edit.
    QHash<QString, qsizetype> position;
    for (qsizetype i = 0; i < m_labelOrder.size(); ++i)
        position.insert(m_labelOrder[i], i);
    for (const auto &label : std::as_const(tally.labels)) {
        if (!position.contains(label)) {
            position.insert(label, m_labelOrder.size());
            m_labelOrder.append(label);
        }
    }
    std::sort(tally.labels.begin(), tally.labels.end(),
              [&](const QString &a, const QString &b) { return position.value(a) < position.value(b); });
    return tally;
}

// Most examples at the top; ties by code.
void LabelDistributionChart::orderLanguages(const QHash<QString, qint64> &languageTotals)
{
    m_languages = languageTotals.keys();
    std::sort(m_languages.begin(), m_languages.end(), [&](const QString &a, const QString &b) {
        const qint64 ta = languageTotals.value(a), tb = languageTotals.value(b);
        return ta != tb ? ta > tb : a < b;
    });
    m_languageTotals.clear();
    for (const auto &lang : std::as_const(m_languages))
        m_languageTotals.append(languageTotals.value(lang));
}

// One stack a label; past the stack limit, the smallest labels fold into one "Other" stack;
// unlabelled examples last.
void LabelDistributionChart::buildStacks(const Tally &tally)
{
    QStringList shown = tally.labels;
    QStringList folded;
    if (tally.labels.size() > m_maxStacks) {
        QStringList bySize = tally.labels;
        std::stable_sort(bySize.begin(), bySize.end(), [&](const QString &a, const QString &b) {
            return tally.labelTotals.value(a) > tally.labelTotals.value(b);
        });
        const QStringList keep = bySize.mid(0, m_maxStacks - 1);
        shown.clear();
        for (const auto &label : std::as_const(tally.labels))
            (keep.contains(label) ? shown : folded).append(label);
    }
    assignColours(shown);

    const auto countsOf = [&](const QString &label) {
        QList<qint64> counts;
        counts.reserve(m_languages.size());
        const auto row = tally.cells.value(label);
        for (const auto &lang : std::as_const(m_languages))
            counts.append(row.value(lang));
        return counts;
    };
    m_stacks.clear();
    for (const auto &label : std::as_const(shown))
        m_stacks.append({label, elided(label), labelColour(label), countsOf(label), {}, nullptr});
    m_foldedCounts.clear();
    if (!folded.isEmpty()) {
        Stack other{otherKey(),
                    tr("Other (%n labels)", nullptr, static_cast<int>(folded.size())),
                    QColor(kOtherColour),
                    QList<qint64>(m_languages.size(), 0),
                    folded,
                    nullptr};
        for (const auto &label : std::as_const(folded)) {
            const auto counts = countsOf(label);
            m_foldedCounts.insert(label, counts);
            for (int i = 0; i < counts.size(); ++i)
                other.counts[i] += counts[i];
        }
        m_stacks.append(other);
    }
    if (tally.hasUnlabelled)
        m_stacks.append({QString(), tr("Unlabelled"), QColor(kUnlabelledColour), countsOf(QString()), {}, nullptr});
}

// The stacks' bars, in order, and the legend. The plottables of stacks that stay are reused, so
// an edit only swaps data.
void LabelDistributionChart::updateBars()
{
    QHash<QString, QCPBars *> previous;
    previous.swap(m_bars);
    const QColor separator = palette().color(QPalette::Base);
    for (auto &stack : m_stacks) {
        QCPBars *bars = previous.take(stack.key);
        if (!bars) {
            bars = new QCPBars(m_plot->yAxis, m_plot->xAxis);
            bars->setSelectable(QCP::stNone);
            bars->setAntialiased(false);
        }
        bars->setObjectName(stack.key);
        bars->setName(stack.name);
        bars->setBrush(stack.colour);
        bars->setPen(QPen(separator, 1));
        QVector<double> keys;
        QVector<double> values;
        for (int i = 0; i < stack.counts.size(); ++i) {
            if (stack.counts[i] > 0) {
                keys.append(i + 1);
                values.append(static_cast<double>(stack.counts[i]));
            }
        }
        bars->setData(keys, values, true);
        stack.bars = bars;
        m_bars.insert(stack.key, bars);
    }
    for (auto *bars : std::as_const(previous))
        m_plot->removePlottable(bars);
    for (const auto &stack : std::as_const(m_stacks))
        stack.bars->moveAbove(nullptr);
    for (int i = 1; i < m_stacks.size(); ++i)
        m_stacks[i].bars->moveAbove(m_stacks[i - 1].bars);
    m_plot->legend->clearItems();
    for (const auto &stack : std::as_const(m_stacks)) {
        stack.bars->addToLegend();
        // QCustomPlot clips a layerable one pixel short at the bottom: room for "_" and "g".
        if (auto *item = m_plot->legend->itemWithPlottable(stack.bars))
            item->setMargins(QMargins(0, 1, 0, 3));
    }
    m_plot->legend->setVisible(!m_stacks.isEmpty());
}

void LabelDistributionChart::updateLanguageAxis()
{
    auto ticker = m_plot->yAxis->ticker().dynamicCast<QCPAxisTickerText>();
    QMap<double, QString> ticks;
    for (int i = 0; i < m_languages.size(); ++i)
        ticks.insert(i + 1, languageName(m_languages[i]));
    ticker->setTicks(ticks);
    m_plot->yAxis->setRange(0.5, std::max<qsizetype>(1, m_languages.size()) + 0.5);
}

// Each bar's total at its end, so the figures read without hovering.
void LabelDistributionChart::updateTotalTexts()
{
    const QLocale locale;
    while (m_totalTexts.size() > m_languages.size())
        m_plot->removeItem(m_totalTexts.takeLast());
    QFont totalFont = font();
    totalFont.setPointSizeF(totalFont.pointSizeF() * 0.9);
    const QColor totalColour = mixed(palette().color(QPalette::Text), palette().color(QPalette::Base), 0.35);
    while (m_totalTexts.size() < m_languages.size()) {
        auto *text = new QCPItemText(m_plot);
        text->setPositionAlignment(Qt::AlignLeft | Qt::AlignVCenter);
        text->setPadding(QMargins(5, 0, 0, 0));
        text->setSelectable(false);
        m_totalTexts.append(text);
    }
    for (int i = 0; i < m_languages.size(); ++i) {
        m_totalTexts[i]->position->setCoords(static_cast<double>(m_languageTotals[i]), i + 1);
        m_totalTexts[i]->setText(locale.toString(m_languageTotals[i]));
        m_totalTexts[i]->setFont(totalFont);
        m_totalTexts[i]->setColor(totalColour);
    }
}

void LabelDistributionChart::applyTheme()
{
    const QPalette pal = palette();
    const QColor base = pal.color(QPalette::Base);
    const QColor text = pal.color(QPalette::Text);
    const QColor faint = mixed(text, base, 0.88);
    const QColor muted = mixed(text, base, 0.35);

    m_plot->setBackground(base);
    const QFont plain = font();
    QFont titleFont = plain;
    titleFont.setBold(true);

    for (QCPAxis *axis : {m_plot->xAxis, m_plot->yAxis}) {
        axis->setTickLabelFont(plain);
        axis->setLabelFont(plain);
        axis->setTickLabelColor(text);
        axis->setLabelColor(muted);
        axis->setTickPen(QPen(faint));
        axis->setBasePen(QPen(faint));
    }
    m_plot->xAxis->setBasePen(Qt::NoPen);
    m_plot->yAxis->setBasePen(QPen(muted));
    m_plot->xAxis->grid()->setPen(QPen(faint, 1));
    m_plot->xAxis->grid()->setZeroLinePen(Qt::NoPen);
    m_plot->xAxis->setLabel(tr("Examples"));

    m_title->setFont(titleFont);
    m_title->setTextColor(text);
    m_title->setText(tr("Labels per language"));

    m_plot->legend->setFont(plain);
    m_plot->legend->setTextColor(text);
    m_plot->legend->setBrush(Qt::NoBrush);
    m_plot->legend->setBorderPen(Qt::NoPen);
    m_plot->legend->setIconBorderPen(Qt::NoPen);

    m_emptyText->setFont(plain);
    m_emptyText->setColor(muted);
    m_emptyText->setText(tr("No examples yet"));
}

// Legend rows and the room right of the longest bar for its total depend on the width.
void LabelDistributionChart::fitToSize(const QSize &size)
{
    const QFontMetrics metrics(font());
    QCPLegend *legend = m_plot->legend;
    if (!m_stacks.isEmpty()) {
        // itemCount() counts the wrapped grid's empty cells too.
        int widest = 0;
        for (int i = 0; i < legend->itemCount(); ++i) {
            if (const auto *item = legend->item(i))
                widest = std::max(widest, item->minimumOuterSizeHint().width());
        }
        const int available = size.width() - 40;
        const int columns = std::max(1, (available + legend->columnSpacing()) / (widest + legend->columnSpacing()));
        const int wrap = std::min(columns, static_cast<int>(m_stacks.size()));
        if (wrap != legend->wrap()) {
            legend->setWrap(wrap);
            legend->setFillOrder(QCPLayoutGrid::foColumnsFirst, true); // re-flows the items
        }
    }

    qint64 largest = 0;
    QString longestText;
    const QLocale locale;
    for (const auto total : std::as_const(m_languageTotals)) {
        largest = std::max(largest, total);
        const QString text = locale.toString(total);
        if (text.size() > longestText.size())
            longestText = text;
    }
    if (largest == 0) {
        m_plot->xAxis->setRange(0, 1);
        return;
    }
    QCPAxisRect *rect = m_plot->axisRect();
    const QMargins margins = rect->margins();
    int axisWidth = size.width() - margins.left() - margins.right() - 16;
    if (rect->width() <= 0) {
        int codeWidth = 0;
        for (const auto &lang : std::as_const(m_languages))
            codeWidth = std::max(codeWidth, metrics.horizontalAdvance(languageName(lang)));
        axisWidth = size.width() - codeWidth - 40;
    }
    const int textWidth = metrics.horizontalAdvance(longestText) + 12;
    const double usable = std::max(axisWidth - textWidth, axisWidth / 2);
    const double upper = static_cast<double>(largest) * std::max(1.05, axisWidth / std::max(1.0, usable));
    m_plot->xAxis->setRange(0, upper);
}

void LabelDistributionChart::fitBarWidth()
{
    const int rows = static_cast<int>(std::max<qsizetype>(1, m_languages.size()));
    const double pitch = static_cast<double>(m_plot->axisRect()->height()) / rows;
    const double width = std::clamp(pitch * 0.72, 3.0, 30.0);
    for (const auto &stack : std::as_const(m_stacks)) {
        stack.bars->setWidthType(QCPBars::wtAbsolute);
        stack.bars->setWidth(width);
    }
}

QSize LabelDistributionChart::sizeHint() const
{
    const int line = fontMetrics().height();
    const int rows = static_cast<int>(std::max<qsizetype>(2, m_languages.size()));
    const int columns = std::max(1, m_plot->legend->wrap());
    const int legendRows = (static_cast<int>(m_stacks.size()) + columns - 1) / columns;
    return {640, 5 * line + 40 + legendRows * (line + 4) + rows * std::max(24, line + 10)};
}

QSize LabelDistributionChart::minimumSizeHint() const
{
    const int line = fontMetrics().height();
    const int rows = static_cast<int>(std::max<qsizetype>(2, m_languages.size()));
    return {320, 5 * line + 40 + rows * std::max(12, line / 2 + 6)};
}

void LabelDistributionChart::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    switch (event->type()) {
    case QEvent::FontChange:
    case QEvent::PaletteChange:
    case QEvent::LanguageChange:
        applyTheme();
        rebuild();
        break;
    default: break;
    }
}

void LabelDistributionChart::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    // Fit first: the plot replots as soon as it is resized.
    fitToSize(size());
    m_plot->setGeometry(rect());
}

bool LabelDistributionChart::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_plot && event->type() == QEvent::ToolTip) {
        const auto *help = static_cast<QHelpEvent *>(event);
        if (!showToolTip(help->pos(), help->globalPos())) {
            QToolTip::hideText();
            event->ignore();
        }
        return true;
    }
    return QWidget::eventFilter(watched, event);
}

// The language under the mouse (its bar or its name) with every label's count and share; the
// stack under the mouse in bold, and for "Other" the labels it holds.
bool LabelDistributionChart::showToolTip(const QPoint &pos, const QPoint &globalPos)
{
    if (m_languages.isEmpty())
        return false;
    const QRect area = m_plot->axisRect()->rect();
    if (pos.y() < area.top() || pos.y() > area.bottom() || pos.x() > area.right())
        return false;
    const double key = m_plot->yAxis->pixelToCoord(pos.y());
    const int index = static_cast<int>(std::lround(key)) - 1;
    if (index < 0 || index >= m_languages.size())
        return false;

    int hovered = -1;
    const double centre = m_plot->yAxis->coordToPixel(index + 1);
    const double halfWidth = m_stacks.isEmpty() ? 0 : m_stacks.first().bars->width() / 2 + 1;
    QRect hoverRect(area.left() - 200, static_cast<int>(centre - halfWidth), area.width() + 200,
                    static_cast<int>(2 * halfWidth));
    if (pos.x() >= area.left() && std::abs(pos.y() - centre) <= halfWidth) {
        const double value = m_plot->xAxis->pixelToCoord(pos.x());
        double base = 0;
        for (int s = 0; s < m_stacks.size() && hovered < 0; ++s) {
            const double count = static_cast<double>(m_stacks[s].counts[index]);
            if (count > 0 && value >= base && value < base + count) {
                hovered = s;
                const int left = static_cast<int>(m_plot->xAxis->coordToPixel(base));
                const int right = static_cast<int>(m_plot->xAxis->coordToPixel(base + count));
                hoverRect = QRect(left, hoverRect.top(), std::max(1, right - left), hoverRect.height());
            }
            base += count;
        }
    }

    const QLocale locale;
    const QString lang = m_languages[index];
    const qint64 total = m_languageTotals[index];
    const auto share = [&](qint64 count) {
        return total > 0 ? locale.toString(100.0 * static_cast<double>(count) / static_cast<double>(total), 'f', 1)
                               + QLatin1Char('%')
                         : QString();
    };
    QString html = QStringLiteral("<b>") + languageName(lang).toHtmlEscaped() + QStringLiteral("</b>");
    const QLocale named(lang);
    if (!lang.isEmpty() && named.language() != QLocale::C) {
        // "French · français"; just "English" rather than "English · American English".
        const QString english = QLocale::languageToString(named.language());
        const QString native = named.nativeLanguageName();
        html += QStringLiteral(" · ") + english.toHtmlEscaped();
        if (!native.isEmpty() && !native.contains(english, Qt::CaseInsensitive))
            html += QStringLiteral(" · ") + native.toHtmlEscaped();
    }
    html += QStringLiteral("<br/>") + tr("%Ln examples", nullptr, static_cast<int>(std::min<qint64>(total, INT_MAX)))
            + QStringLiteral("<table cellspacing=\"0\" cellpadding=\"1\" style=\"margin-top:4px\">");
    const auto row = [&](const QColor &colour, const QString &name, qint64 count, bool bold, bool indent) {
        const QString open = bold ? QStringLiteral("<b>") : QString();
        const QString close = bold ? QStringLiteral("</b>") : QString();
        const QString swatch =
            colour.isValid() ? QStringLiteral("<span style=\"color:%1\">&#9632;</span>").arg(colour.name()) : QString();
        return QStringLiteral("<tr><td>%1</td><td style=\"padding-left:%2px\">%3%4%5</td>"
                              "<td align=\"right\" style=\"padding-left:12px\">%3%6%5</td>"
                              "<td align=\"right\" style=\"padding-left:8px\">%3%7%5</td></tr>")
            .arg(swatch, QString::number(indent ? 14 : 4), open, name.toHtmlEscaped(), close, locale.toString(count),
                 share(count));
    };
    for (int s = 0; s < m_stacks.size(); ++s) {
        const auto &stack = m_stacks[s];
        const QString name = stack.key == otherKey() || stack.key.isEmpty() ? stack.name : stack.key;
        html += row(stack.colour, name, stack.counts[index], s == hovered, false);
        if (s == hovered && !stack.folded.isEmpty()) {
            QList<QPair<qint64, QString>> inside;
            for (const auto &label : stack.folded) {
                const qint64 count = m_foldedCounts.value(label).value(index);
                if (count > 0)
                    inside.append({count, label});
            }
            std::stable_sort(inside.begin(), inside.end(),
                             [](const auto &a, const auto &b) { return a.first > b.first; });
            constexpr int kListed = 10;
            for (int i = 0; i < std::min<qsizetype>(kListed, inside.size()); ++i)
                html += row(QColor(), inside[i].second, inside[i].first, false, true);
            if (inside.size() > kListed)
                html += QStringLiteral("<tr><td></td><td style=\"padding-left:14px\" colspan=\"3\">")
                        + tr("… and %Ln more", nullptr, static_cast<int>(inside.size() - kListed))
                        + QStringLiteral("</td></tr>");
        }
    }
    html += QStringLiteral("</table>");
    QToolTip::showText(globalPos, html, m_plot, hoverRect);
    return true;
}

} // namespace glossa::ui
