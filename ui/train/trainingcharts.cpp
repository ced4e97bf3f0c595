#include "ui/train/trainingcharts.h"

#include "ui/widgets/qcustomplotinclude.h"
#include "ui/widgets/runcolors.h"
#include "ui/widgets/safefilewrite.h"

#include <QBuffer>
#include <QFile>
#include <QHBoxLayout>
#include <QMenu>
#include <QPainter>
#include <QPdfWriter>
#include <QSignalBlocker>
#include <QSplitter>
#include <QTextStream>
#include <QToolButton>
#include <QToolTip>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace glossa::ui {

namespace {
constexpr int replotIntervalMs = 40; // at most 25 replots a second
constexpr double smoothing = 0.9;    // of the training loss's moving average
// More languages than this and a chart of lines per language is unreadable: the ones with the
// most dev examples start shown, the others are one click away in the Languages menu.
constexpr int maxLanguageLines = 12;
// A language's line from fewer dev examples than this is dashed: it jumps with every example.
constexpr qint64 reliableExamples = 10;
constexpr int legendWidth = 185;
constexpr int leftMargin = 78; // room for "2.0·10⁻²" and the axis label

QColor faded(QColor color, int alpha)
{
    color.setAlpha(alpha);
    return color;
}

QColor languageColor(int index)
{
    static const QList<QColor> palette = {QColor(0x1b9e77), QColor(0xd95f02), QColor(0x7570b3), QColor(0xe7298a),
                                          QColor(0x66a61e), QColor(0xe6ab02), QColor(0xa6761d), QColor(0x666666),
                                          QColor(0x1f78b4), QColor(0xb15928), QColor(0x6a3d9a), QColor(0x33a02c)};
    return palette.at(index % palette.size());
}

} // namespace

// The moving average of a run's loss, as TensorBoard draws it: debiased, so it starts at the
// first value rather than at zero.
double LossSmoother::add(double loss)
{
    m_average = smoothing * m_average + (1 - smoothing) * loss;
    m_weight = smoothing * m_weight + (1 - smoothing);
    return m_average / m_weight;
}

TrainingCharts::TrainingCharts(QWidget *parent)
    : QWidget(parent)
    , m_lossPlot(makePlot(tr("Loss")))
    , m_scorePlot(makePlot(tr("Dev score")))
    , m_ratePlot(makePlot(tr("Learning rate")))
    , m_languageButton(new QToolButton(this))
    , m_languageMenu(new QMenu(this))
{
    setObjectName(QStringLiteral("trainingCharts"));
    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_lossPlot);
    splitter->addWidget(m_scorePlot);
    splitter->addWidget(m_ratePlot);
    splitter->setStretchFactor(0, 4);
    splitter->setStretchFactor(1, 4);
    splitter->setStretchFactor(2, 2);
    splitter->setChildrenCollapsible(false);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter);
    // Every language has its line; this names the hidden ones and shows or hides any of them.
    m_languageButton->setObjectName(QStringLiteral("languageLines"));
    m_languageButton->setPopupMode(QToolButton::InstantPopup);
    m_languageButton->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_languageButton->setMenu(m_languageMenu);
    m_languageButton->hide();
    auto *languageRow = new QHBoxLayout;
    languageRow->setContentsMargins(leftMargin, 0, 0, 0);
    languageRow->addWidget(m_languageButton);
    languageRow->addStretch(1);
    layout->addLayout(languageRow);

    m_scorePlot->yAxis->setRange(0, 1);
    m_ratePlot->yAxis->setNumberFormat(QStringLiteral("eb"));
    m_ratePlot->yAxis->setNumberPrecision(1);
    m_ratePlot->setMinimumHeight(90);
    m_lossPlot->setMinimumHeight(140);
    m_scorePlot->setMinimumHeight(140);

    m_replotTimer.setSingleShot(true);
    m_replotTimer.setInterval(replotIntervalMs);
    connect(&m_replotTimer, &QTimer::timeout, this, &TrainingCharts::replotAll);
    clearRun();
}

QCustomPlot *TrainingCharts::makePlot(const QString &yLabel)
{
    auto *plot = new QCustomPlot(this);
    plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    plot->axisRect()->setRangeDrag(Qt::Horizontal | Qt::Vertical);
    plot->axisRect()->setRangeZoom(Qt::Horizontal | Qt::Vertical);
    plot->xAxis->setLabel(tr("Step"));
    plot->yAxis->setLabel(yLabel);
    plot->setNoAntialiasingOnDrag(true);
    const QFont small(font().family(), qMax(7, font().pointSize() - 1));
    plot->xAxis->setLabelFont(small);
    plot->yAxis->setLabelFont(small);
    plot->xAxis->setTickLabelFont(small);
    plot->yAxis->setTickLabelFont(small);
    plot->legend->setVisible(true);
    plot->legend->setFont(small);
    plot->legend->setBrush(QBrush(palette().color(QPalette::Base)));
    plot->legend->setBorderPen(QPen(Qt::NoPen));
    // The legend sits in a column of its own right of the curves, the same width on the three
    // charts, and their left margins are the same too: the step axes line up, and no legend
    // hides a curve.
    plot->axisRect()->insetLayout()->take(plot->legend);
    auto *side = new QCPLayoutGrid;
    plot->plotLayout()->addElement(0, 1, side);
    side->addElement(0, 0, plot->legend);
    side->addElement(1, 0, new QCPLayoutElement(plot));
    side->setRowStretchFactor(0, 0.001);
    side->setMinimumSize(legendWidth, 0);
    side->setMaximumSize(legendWidth, QWIDGETSIZE_MAX);
    plot->plotLayout()->setColumnStretchFactor(1, 0.001);
    plot->axisRect()->setAutoMargins(QCP::msTop | QCP::msRight | QCP::msBottom);
    plot->axisRect()->setMargins(QMargins(leftMargin, 0, 0, 0));
    plot->setBackground(palette().color(QPalette::Base));
    connect(plot->xAxis, qOverload<const QCPRange &>(&QCPAxis::rangeChanged), this, [this, plot] { syncRanges(plot); });
    connect(plot, &QCustomPlot::mousePress, this, [this] { m_rescale = false; });
    connect(plot, &QCustomPlot::mouseWheel, this, [this] { m_rescale = false; });
    connect(plot, &QCustomPlot::mouseDoubleClick, this, [this] { resetZoom(); });
    connect(plot, &QCustomPlot::mouseMove, this, [this, plot](QMouseEvent *event) { showValueAt(plot, event); });
    connect(plot, &QCustomPlot::legendClick, this,
            [this, plot](QCPLegend *, QCPAbstractLegendItem *item, QMouseEvent *) {
                if (auto *plottableItem = qobject_cast<QCPPlottableLegendItem *>(item))
                    if (auto *graph = qobject_cast<QCPGraph *>(plottableItem->plottable()))
                        toggleLegendItem(plot, graph);
            });
    return plot;
}

QCPGraph *TrainingCharts::addGraph(QCustomPlot *plot, const QString &name, const QColor &color, Qt::PenStyle style,
                                   double width)
{
    auto *graph = plot->addGraph();
    graph->setName(name);
    QPen pen(color, width, style);
    pen.setCosmetic(true);
    graph->setPen(pen);
    graph->setAdaptiveSampling(true);
    return graph;
}

void TrainingCharts::clearRun()
{
    RunHistory empty;
    showRun(empty);
}

void TrainingCharts::showRun(const RunHistory &history)
{
    for (auto *plot : {m_lossPlot, m_scorePlot, m_ratePlot}) {
        plot->clearPlottables(); // the graphs and the whiskers on them
        plot->legend->clearItems();
    }
    m_languageGraphs.clear();
    m_languageMenu->clear();
    m_languageButton->hide();
    m_overlayGraphs.clear();
    m_run = RunHistory{history.runId, history.name, {}, {}};
    m_smoother = {};

    const QColor color = history.runId >= 0 ? runColor(history.runId) : palette().color(QPalette::Highlight);
    m_rawLoss = addGraph(m_lossPlot, tr("Training loss"), faded(color, 70), Qt::SolidLine, 1);
    m_smoothLoss = addGraph(m_lossPlot, tr("Smoothed loss"), color, Qt::SolidLine, 2);
    m_devLoss = addGraph(m_lossPlot, tr("Dev loss"), color.darker(160), Qt::SolidLine, 1.5);
    m_devLoss->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 5));
    m_macroF1 = addGraph(m_scorePlot, tr("Macro-F1"), color, Qt::SolidLine, 2.2);
    m_macroF1->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 5));
    m_whiskers.clear();
    m_whiskers.insert(m_macroF1, whiskersFor(m_macroF1, color));
    m_microF1 = addGraph(m_scorePlot, tr("Micro-F1"), color.darker(150), Qt::DashLine, 1.5);
    m_accuracy = addGraph(m_scorePlot, tr("Accuracy"), color.lighter(130), Qt::DotLine, 1.5);
    m_rate = addGraph(m_ratePlot, tr("Learning rate"), color, Qt::SolidLine, 1.5);
    m_rescale = true;
    setOverlays(m_overlays); // drawn again behind the new run
    addPoints(history.training, history.evaluations);
    scheduleReplot();
}

void TrainingCharts::append(const QList<TrainPoint> &training, const QList<EvalPoint> &evaluations)
{
    addPoints(training, evaluations);
    scheduleReplot();
}

void TrainingCharts::addPoints(const QList<TrainPoint> &training, const QList<EvalPoint> &evaluations)
{
    for (const auto &point : training) {
        const auto step = static_cast<double>(point.step);
        m_rawLoss->addData(step, point.loss);
        m_smoothLoss->addData(step, m_smoother.add(point.loss));
        m_rate->addData(step, point.learningRate);
        m_run.training.append(point);
    }
    for (const auto &point : evaluations) {
        const auto step = static_cast<double>(point.step);
        m_devLoss->addData(step, point.loss);
        m_macroF1->addData(step, point.macroF1);
        addWhisker(m_macroF1, point.macroF1, point.macroF1Interval);
        m_microF1->addData(step, point.microF1);
        m_accuracy->addData(step, point.accuracy);
        if (m_languageGraphs.isEmpty() && !point.languageMacroF1.isEmpty()) {
            // Every language gets a line; those with the most dev examples start shown (the
            // first evaluation decides), the rest wait in the Languages menu.
            auto largest = point.languageMacroF1.keys();
            std::stable_sort(largest.begin(), largest.end(), [&point](const QString &a, const QString &b) {
                return point.languageExamples.value(a) > point.languageExamples.value(b);
            });
            largest = largest.mid(0, maxLanguageLines);
            for (const auto &lang : point.languageMacroF1.keys())
                languageGraph(lang, point.languageExamples.value(lang), largest.contains(lang));
            updateLanguageButton();
        }
        for (auto it = point.languageMacroF1.begin(); it != point.languageMacroF1.end(); ++it)
            if (auto *graph = m_languageGraphs.value(it.key()))
                graph->addData(step, it.value()); // its interval shows on hover: a dozen whiskers a step hide the lines
        m_run.evaluations.append(point);
    }
}

QCPGraph *TrainingCharts::languageGraph(const QString &lang, qint64 devExamples, bool shown)
{
    const QString name = lang.isEmpty() ? tr("(no language)") : lang;
    auto *graph = addGraph(m_scorePlot, tr("Macro-F1 %1 (n %2)").arg(name).arg(devExamples),
                           languageColor(static_cast<int>(m_languageGraphs.size())),
                           devExamples < reliableExamples ? Qt::DashLine : Qt::SolidLine, 1);
    m_languageGraphs.insert(lang, graph);
    graph->setVisible(shown);
    if (!shown)
        graph->removeFromLegend(); // a legend of 500 languages helps nobody: the menu lists them
    auto *action =
        m_languageMenu->addAction(tr("%1 (%n dev example(s))", nullptr, static_cast<int>(devExamples)).arg(name));
    action->setCheckable(true);
    action->setChecked(shown);
    action->setData(lang);
    connect(action, &QAction::toggled, this, [this, lang](bool on) { setLanguageVisible(lang, on); });
    return graph;
}

void TrainingCharts::updateLanguageButton()
{
    const auto total = static_cast<int>(m_languageGraphs.size());
    QStringList hidden;
    for (auto it = m_languageGraphs.begin(); it != m_languageGraphs.end(); ++it)
        if (!it.value()->visible())
            hidden << (it.key().isEmpty() ? tr("(no language)") : it.key());
    m_languageButton->setVisible(total > 0);
    m_languageButton->setText(hidden.isEmpty()
                                  ? tr("Languages: all %1 shown").arg(total)
                                  : tr("Languages: %1 of %2 shown; hidden: %3")
                                        .arg(total - hidden.size())
                                        .arg(total)
                                        .arg(hidden.size() > 8
                                                 ? hidden.mid(0, 8).join(QStringLiteral(", ")) + QStringLiteral(", …")
                                                 : hidden.join(QStringLiteral(", "))));
    m_languageButton->setToolTip(tr("Show or hide the macro-F1 line of any language"));
}

void TrainingCharts::setOverlays(const QList<RunHistory> &runs)
{
    // A copy on purpose: runs may be m_overlays itself, which is cleared below.
    const QList<RunHistory> wanted = runs; // NOLINT(performance-unnecessary-copy-initialization)
    for (auto *graph : std::as_const(m_overlayGraphs))
        graph->parentPlot()->removeGraph(graph);
    m_overlayGraphs.clear();
    m_overlays.clear();
    for (const auto &run : wanted) {
        if (run.runId == m_run.runId)
            continue;
        m_overlays.append(run);
        const QColor color = runColor(run.runId);
        auto *loss = addGraph(m_lossPlot, tr("%1 loss").arg(run.name), faded(color, 200), Qt::DashLine, 1.5);
        LossSmoother smoother;
        for (const auto &point : run.training)
            loss->addData(static_cast<double>(point.step), smoother.add(point.loss));
        auto *f1 = addGraph(m_scorePlot, tr("%1 macro-F1").arg(run.name), faded(color, 200), Qt::DashLine, 1.5);
        for (const auto &point : run.evaluations)
            f1->addData(static_cast<double>(point.step), point.macroF1);
        // Behind the main run's curves, above the grid.
        for (auto *graph : {loss, f1}) {
            graph->setLayer(QStringLiteral("grid"));
            m_overlayGraphs.append(graph);
        }
    }
    m_rescale = true;
    scheduleReplot();
}

QList<qint64> TrainingCharts::overlaidRuns() const
{
    QList<qint64> ids;
    for (const auto &run : m_overlays)
        ids.append(run.runId);
    return ids;
}

void TrainingCharts::scheduleReplot()
{
    if (!m_replotTimer.isActive())
        m_replotTimer.start();
}

void TrainingCharts::replotAll()
{
    ++m_replots;
    if (m_rescale) {
        m_syncing = true;
        for (auto *plot : {m_lossPlot, m_scorePlot, m_ratePlot}) {
            plot->rescaleAxes(true);
            // Room above the highest point for the legend's corner.
            const auto range = plot->yAxis->range();
            plot->yAxis->setRange(plot == m_scorePlot ? 0.0 : std::min(0.0, range.lower),
                                  plot == m_scorePlot ? 1.02 : range.upper + range.size() * 0.08 + 1e-12);
        }
        QCPRange steps = m_lossPlot->xAxis->range();
        for (auto *plot : {m_scorePlot, m_ratePlot}) {
            steps.expand(plot->xAxis->range());
        }
        for (auto *plot : {m_lossPlot, m_scorePlot, m_ratePlot})
            plot->xAxis->setRange(steps.lower, std::max(steps.upper, steps.lower + 1));
        m_syncing = false;
    }
    fitLegends();
    for (auto *plot : {m_lossPlot, m_scorePlot, m_ratePlot})
        plot->replot(QCustomPlot::rpQueuedReplot);
}

// Legends never clip: a legend taller than its chart flows into more columns, and the legend
// column is as wide as the widest legend needs (up to twice its usual width), the same on the
// three charts so their step axes still line up.
void TrainingCharts::fitLegends(const QHash<QCustomPlot *, int> &heights) const
{
    int width = legendWidth;
    for (auto *plot : {m_lossPlot, m_scorePlot, m_ratePlot}) {
        auto *legend = plot->legend;
        int rowHeight = 0;
        int items = 0;
        for (int i = 0; i < legend->elementCount(); ++i)
            if (auto *item = legend->elementAt(i)) {
                rowHeight = std::max(rowHeight, item->minimumOuterSizeHint().height());
                ++items;
            }
        if (items == 0)
            continue;
        // The height it is drawn at: on screen, or that of a picture being exported.
        const int available =
            heights.value(plot, plot->viewport().height()) - legend->margins().top() - legend->margins().bottom();
        const int fitting = available / std::max(1, rowHeight + legend->rowSpacing());
        // Not laid out yet (a chart drawn only into a picture): one column, as tall as it is.
        const int rows = fitting < 3 ? items : std::clamp(fitting, 1, items);
        if (legend->fillOrder() != QCPLayoutGrid::foRowsFirst || legend->wrap() != rows) {
            legend->setWrap(rows);
            legend->setFillOrder(QCPLayoutGrid::foRowsFirst, true); // re-flows the items
        }
        width = std::max(width, legend->minimumOuterSizeHint().width() + 4);
    }
    width = std::min(width, legendWidth * 2);
    for (auto *plot : {m_lossPlot, m_scorePlot, m_ratePlot})
        if (auto *side = plot->plotLayout()->element(0, 1)) {
            side->setMinimumSize(width, 0);
            side->setMaximumSize(width, QWIDGETSIZE_MAX);
        }
}

void TrainingCharts::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    fitLegends();
}

void TrainingCharts::syncRanges(QCustomPlot *source)
{
    if (m_syncing)
        return;
    m_syncing = true;
    for (auto *plot : {m_lossPlot, m_scorePlot, m_ratePlot})
        if (plot != source) {
            plot->xAxis->setRange(source->xAxis->range());
            plot->replot(QCustomPlot::rpQueuedReplot);
        }
    m_syncing = false;
}

void TrainingCharts::resetZoom()
{
    m_rescale = true;
    replotAll();
}

void TrainingCharts::showValueAt(QCustomPlot *plot, QMouseEvent *event)
{
    const QPointF at = event->position();
    QCPGraph *nearest = nullptr;
    double nearestDistance = 24; // pixels
    double key = 0;
    double value = 0;
    for (int i = 0; i < plot->graphCount(); ++i) {
        auto *graph = plot->graph(i);
        if (!graph->visible() || graph->data()->isEmpty())
            continue;
        const double mouseKey = plot->xAxis->pixelToCoord(at.x());
        auto it = graph->data()->findBegin(mouseKey, true);
        for (int n = 0; n < 2 && it != graph->data()->constEnd(); ++n, ++it) {
            const QPointF pixel = graph->coordsToPixels(it->key, it->value);
            const double distance = std::hypot(pixel.x() - at.x(), pixel.y() - at.y());
            if (distance < nearestDistance) {
                nearestDistance = distance;
                nearest = graph;
                key = it->key;
                value = it->value;
            }
        }
    }
    if (!nearest) {
        QToolTip::hideText();
        return;
    }
    QString shown = plot == m_ratePlot ? QString::number(value, 'e', 2) : QString::number(value, 'f', 4);
    // A dev score says how far it can be trusted: its 95% interval and n, where stored.
    const auto step = static_cast<qint64>(key);
    const QString lang = m_languageGraphs.key(nearest, QStringLiteral("\x1f"));
    for (const auto &point : std::as_const(m_run.evaluations)) {
        if (point.step != step)
            continue;
        std::optional<QPair<double, double>> interval;
        if (nearest == m_macroF1)
            interval = point.macroF1Interval;
        else if (point.languageIntervals.contains(lang))
            interval = point.languageIntervals.value(lang);
        if (interval)
            shown += QStringLiteral(" [%1, %2]")
                         .arg(QString::number(interval->first, 'f', 2), QString::number(interval->second, 'f', 2));
        if (point.languageExamples.contains(lang))
            shown += tr(", n %1").arg(point.languageExamples.value(lang));
    }
    QToolTip::showText(event->globalPosition().toPoint(),
                       tr("%1\nstep %2: %3").arg(nearest->name()).arg(step).arg(shown), plot);
}

// The dev macro-F1's 95% interval at each evaluation, as a thin whisker in the run's colour.
QCPErrorBars *TrainingCharts::whiskersFor(QCPGraph *graph, const QColor &color)
{
    auto *whiskers = new QCPErrorBars(graph->keyAxis(), graph->valueAxis());
    whiskers->removeFromLegend();
    whiskers->setDataPlottable(graph);
    QPen pen(faded(color, 120), 1);
    pen.setCosmetic(true);
    whiskers->setPen(pen);
    whiskers->setWhiskerWidth(4);
    return whiskers;
}

void TrainingCharts::addWhisker(QCPGraph *graph, double value, const std::optional<QPair<double, double>> &interval)
{
    if (auto *whiskers = m_whiskers.value(graph))
        whiskers->addData(interval ? std::max(0.0, value - interval->first) : 0.0,
                          interval ? std::max(0.0, interval->second - value) : 0.0);
}

void TrainingCharts::toggleLegendItem(QCustomPlot *plot, QCPGraph *graph)
{
    graph->setVisible(!graph->visible());
    if (auto *whiskers = m_whiskers.value(graph))
        whiskers->setVisible(graph->visible());
    if (auto *item = plot->legend->itemWithPlottable(graph))
        item->setTextColor(graph->visible() ? palette().color(QPalette::Text)
                                            : palette().color(QPalette::PlaceholderText));
    plot->replot(QCustomPlot::rpQueuedReplot);
}

bool TrainingCharts::isLanguageVisible(const QString &lang) const
{
    auto *graph = m_languageGraphs.value(lang);
    return graph && graph->visible();
}

void TrainingCharts::setLanguageVisible(const QString &lang, bool visible)
{
    auto *graph = m_languageGraphs.value(lang);
    if (!graph)
        return;
    if (visible && !m_scorePlot->legend->hasItemWithPlottable(graph))
        graph->addToLegend();
    if (graph->visible() != visible)
        toggleLegendItem(m_scorePlot, graph);
    for (auto *action : m_languageMenu->actions())
        if (action->data().toString() == lang && action->isChecked() != visible) {
            const QSignalBlocker quiet(action);
            action->setChecked(visible);
        }
    updateLanguageButton();
}

int TrainingCharts::trainingPointCount() const
{
    return m_rawLoss ? m_rawLoss->dataCount() : 0;
}

int TrainingCharts::evaluationPointCount() const
{
    return m_macroF1 ? m_macroF1->dataCount() : 0;
}

QImage TrainingCharts::toImage(int width) const
{
    const int lossHeight = width * 3 / 8;
    const int rateHeight = width / 5;
    QImage image(width, lossHeight * 2 + rateHeight, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    QPainter painter(&image);
    fitLegends({{m_lossPlot, lossHeight}, {m_scorePlot, lossHeight}, {m_ratePlot, rateHeight}});
    int y = 0;
    for (auto [plot, height] :
         {std::pair{m_lossPlot, lossHeight}, {m_scorePlot, lossHeight}, {m_ratePlot, rateHeight}}) {
        painter.drawPixmap(0, y, plot->toPixmap(width, height));
        y += height;
    }
    fitLegends(); // back to the heights on screen
    return image;
}

bool TrainingCharts::exportPng(const QString &file) const
{
    QBuffer png;
    png.open(QIODevice::WriteOnly);
    return toImage(1200).save(&png, "PNG") && writeFileSafely(file, png.data());
}

bool TrainingCharts::exportPdf(const QString &file) const
{
    constexpr int width = 800;
    constexpr int plotHeight = 300;
    constexpr int rateHeight = 160;
    QBuffer pdf;
    pdf.open(QIODevice::WriteOnly);
    QPdfWriter writer(&pdf);
    writer.setPageSize(QPageSize(QSizeF(width, plotHeight * 2 + rateHeight), QPageSize::Point));
    writer.setPageMargins(QMarginsF(0, 0, 0, 0));
    writer.setResolution(72); // one device pixel per point: the plots lay out as on screen
    writer.setTitle(tr("Glossa run %1").arg(m_run.name));
    QCPPainter painter(&writer);
    if (!painter.isActive())
        return false;
    painter.setMode(QCPPainter::pmVectorized);
    painter.setMode(QCPPainter::pmNoCaching);
    fitLegends({{m_lossPlot, plotHeight}, {m_scorePlot, plotHeight}, {m_ratePlot, rateHeight}});
    int y = 0;
    for (auto [plot, height] :
         {std::pair{m_lossPlot, plotHeight}, {m_scorePlot, plotHeight}, {m_ratePlot, rateHeight}}) {
        painter.save();
        painter.translate(0, y);
        plot->toPainter(&painter, width, height);
        painter.restore();
        y += height;
    }
    fitLegends(); // back to the heights on screen
    return painter.end() && writeFileSafely(file, pdf.data());
}

bool TrainingCharts::exportCsv(const QString &file) const
{
    QBuffer out;
    out.open(QIODevice::WriteOnly | QIODevice::Text);
    QTextStream text(&out);
    text << "run_id,run,series,step,epoch,value\n";
    // Returns a QString, not the QStringBuilder that `auto` would keep (it would point into value).
    auto quoted = [](QString value) -> QString {
        return QLatin1Char('"') + value.replace(QLatin1Char('"'), QStringLiteral("\"\"")) + QLatin1Char('"');
    };
    auto write = [&](const RunHistory &run) {
        const QString prefix = QString::number(run.runId) + QLatin1Char(',') + quoted(run.name) + QLatin1Char(',');
        for (const auto &point : run.training) {
            text << prefix << "train_loss," << point.step << ',' << point.epoch << ',' << point.loss << '\n';
            text << prefix << "learning_rate," << point.step << ',' << point.epoch << ',' << point.learningRate << '\n';
        }
        for (const auto &point : run.evaluations) {
            for (auto [series, value] : {std::pair<const char *, double>{"dev_loss", point.loss},
                                         {"dev_macro_f1", point.macroF1},
                                         {"dev_micro_f1", point.microF1},
                                         {"dev_accuracy", point.accuracy}})
                text << prefix << series << ',' << point.step << ',' << point.epoch << ',' << value << '\n';
            for (auto it = point.languageMacroF1.begin(); it != point.languageMacroF1.end(); ++it)
                text << prefix << quoted(QStringLiteral("dev_macro_f1_") + it.key()) << ',' << point.step << ','
                     << point.epoch << ',' << it.value() << '\n';
        }
    };
    write(m_run);
    for (const auto &run : m_overlays)
        write(run);
    text.flush();
    return writeFileSafely(file, out.data());
}

} // namespace glossa::ui
