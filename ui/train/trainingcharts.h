#pragma once

#include "ui/session/runtypes.h"

#include <QHash>
#include <QMap>
#include <QPair>
#include <QTimer>
#include <QWidget>

#include <optional>

class QCPErrorBars;
class QCPGraph;
class QCustomPlot;
class QMenu;
class QToolButton;
class QMouseEvent;

namespace glossa::ui {

// The training loss's moving average, fed one step at a time.
class LossSmoother
{
public:
    double add(double loss);

private:
    double m_average = 0;
    double m_weight = 0; // debiases the first points
};

// A run's curves, live or read back: training loss per step (raw, faint, and smoothed) with the
// dev loss; dev macro-F1, micro-F1 and accuracy with macro-F1 per language (switched on and off
// by clicking the legend); and the learning rate. Earlier runs can be overlaid, each in its
// run colour. Drag to pan, wheel to zoom, double-click to reset; hovering shows the nearest value.
// New points are drawn at most 25 times a second, however fast they come.
class TrainingCharts : public QWidget
{
    Q_OBJECT

public:
    explicit TrainingCharts(QWidget *parent = nullptr);

    // Starts over with this run as the one drawn in full (its points, if any, drawn at once).
    void showRun(const RunHistory &history);
    void clearRun();
    void append(const QList<TrainPoint> &training, const QList<EvalPoint> &evaluations);
    // Earlier runs drawn behind the main one: smoothed loss and dev macro-F1 in their colours.
    void setOverlays(const QList<RunHistory> &runs);
    QList<qint64> overlaidRuns() const;

    void resetZoom();
    // The three charts stacked, width pixels wide (for PNG export and reports).
    QImage toImage(int width) const;
    bool exportPng(const QString &file) const;
    bool exportPdf(const QString &file) const;
    bool exportCsv(const QString &file) const;

    qint64 runId() const { return m_run.runId; }
    // For tests and measurements: points drawn, replots made.
    int trainingPointCount() const;
    int evaluationPointCount() const;
    QStringList languages() const { return m_languageGraphs.keys(); }
    bool isLanguageVisible(const QString &lang) const;
    void setLanguageVisible(const QString &lang, bool visible);
    qint64 replotCount() const { return m_replots; }
    QCustomPlot *lossPlot() const { return m_lossPlot; }
    QCustomPlot *scorePlot() const { return m_scorePlot; }

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    void fitLegends(const QHash<QCustomPlot *, int> &heights = {}) const;
    QCustomPlot *makePlot(const QString &yLabel);
    QCPGraph *addGraph(QCustomPlot *plot, const QString &name, const QColor &color, Qt::PenStyle style,
                       double width = 1.5);
    void addPoints(const QList<TrainPoint> &training, const QList<EvalPoint> &evaluations);
    QCPGraph *languageGraph(const QString &lang, qint64 devExamples, bool shown);
    void updateLanguageButton();
    QCPErrorBars *whiskersFor(QCPGraph *graph, const QColor &color);
    void addWhisker(QCPGraph *graph, double value, const std::optional<QPair<double, double>> &interval);
    void scheduleReplot();
    void replotAll();
    void syncRanges(QCustomPlot *source);
    void showValueAt(QCustomPlot *plot, QMouseEvent *event);
    void toggleLegendItem(QCustomPlot *plot, QCPGraph *graph);

    QCustomPlot *m_lossPlot;
    QCustomPlot *m_scorePlot;
    QCustomPlot *m_ratePlot;
    RunHistory m_run;
    LossSmoother m_smoother;
    QCPGraph *m_rawLoss = nullptr;
    QCPGraph *m_smoothLoss = nullptr;
    QCPGraph *m_devLoss = nullptr;
    QCPGraph *m_macroF1 = nullptr;
    QCPGraph *m_microF1 = nullptr;
    QCPGraph *m_accuracy = nullptr;
    QCPGraph *m_rate = nullptr;
    QMap<QString, QCPGraph *> m_languageGraphs;
    QHash<QCPGraph *, QCPErrorBars *> m_whiskers; // the overall dev macro-F1's intervals
    QToolButton *m_languageButton;
    QMenu *m_languageMenu;
    QList<RunHistory> m_overlays;
    QList<QCPGraph *> m_overlayGraphs;
    QTimer m_replotTimer;
    qint64 m_replots = 0;
    bool m_rescale = true; // follow the data until the analyst zooms or pans
    bool m_syncing = false;
};

} // namespace glossa::ui
