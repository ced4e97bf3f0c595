#include "ui/evaluate/evaluatepage.h"

#include "ui/evaluate/confusionmatrixchart.h"
#include "ui/evaluate/consistencyview.h"
#include "ui/evaluate/runreportpdf.h"
#include "ui/runs/runstablemodel.h"
#include "ui/session/projectsession.h"
#include "ui/session/runlist.h"
#include "ui/session/workerthread.h"
#include "ui/train/trainingcharts.h"
#include "ui/widgets/languagename.h"
#include "ui/widgets/qcustomplotinclude.h"
#include "ui/widgets/runcolors.h"
#include "ui/widgets/runpicker.h"
#include "ui/widgets/runsettings.h"
#include "ui/widgets/titledbox.h"

#include "ui/session/qtcore.h"

#include "train/trainconfig.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QScrollArea>
#include <QSplitter>
#include <QTableWidget>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <exception>

namespace glossa::ui {

namespace {

// A score as a cell: the number, on a white-to-green scale so weak spots stand out.
// Red (0) through amber to green (1), light enough to read black text on; paler for scores
// from too few examples.
QColor scoreColour(double value, bool faded = false)
{
    return QColor::fromHsvF(static_cast<float>(std::clamp(value, 0.0, 1.0) / 3.0), faded ? 0.15f : 0.45f,
                            faded ? 0.97f : 1.0f);
}

// "0.41 – 0.77", or a dash for a score stored without its interval.
QString intervalRange(const std::optional<ScoreInterval> &interval)
{
    return interval ? QStringLiteral("%1 – %2").arg(QString::number(interval->low, 'f', 2),
                                                    QString::number(interval->high, 'f', 2))
                    : QStringLiteral("—");
}

QTableWidgetItem *scoreItem(double value, bool coloured = true)
{
    auto *item = new QTableWidgetItem(QString::number(value, 'f', 3));
    item->setData(Qt::UserRole, value);
    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    if (coloured) {
        item->setBackground(scoreColour(value));
        item->setForeground(Qt::black);
    }
    return item;
}

// A score from too few examples: shown on a paler scale, in grey italics, so nobody reads
// 1.000 from one example as a fact, while weak spots still stand out.
void markUnreliable(QTableWidgetItem *item)
{
    if (const auto value = item->data(Qt::UserRole); value.isValid())
        item->setBackground(scoreColour(value.toDouble(), true));
    item->setForeground(QColor(105, 105, 105));
    QFont font = item->font();
    font.setItalic(true);
    item->setFont(font);
}

QTableWidgetItem *intervalItem(const std::optional<ScoreInterval> &interval)
{
    auto *item = new QTableWidgetItem(intervalRange(interval));
    item->setTextAlignment(Qt::AlignCenter);
    return item;
}

QTableWidgetItem *countItem(qint64 value)
{
    auto *item = new QTableWidgetItem(QLocale().toString(value));
    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}

void setUpTable(QTableWidget *table)
{
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionMode(QAbstractItemView::NoSelection);
    table->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table->setWordWrap(false);
}

} // namespace

EvaluatePage::EvaluatePage(ProjectSession *session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_runBox(new RunPicker([](const RunRow &run) { return run.testMacroF1 >= 0; }, tr("No finished run yet"), this))
    , m_languageBox(new QComboBox(this))
    , m_summary(new QLabel(this))
    , m_rowPercentages(new QCheckBox(tr("Row percentages"), this))
    , m_confusion(new ConfusionMatrixChart(this))
    , m_languages(new QTableWidget(this))
    , m_classes(new QTableWidget(this))
    , m_languageChart(new QCustomPlot(this))
    , m_languageScroll(new QScrollArea(this))
    , m_consistency(new ConsistencyView(this))
{
    setObjectName(QStringLiteral("evaluatePage"));
    m_runBox->setObjectName(QStringLiteral("evaluateRun"));
    m_summary->setObjectName(QStringLiteral("evaluateSummary"));
    m_summary->setTextFormat(Qt::RichText);
    m_summary->setWordWrap(true); // a language's line is long beside the run and language boxes
    m_rowPercentages->setObjectName(QStringLiteral("rowPercentages"));
    m_rowPercentages->setToolTip(tr("Each gold label's row as shares of its examples: recall on the diagonal"));
    m_languages->setObjectName(QStringLiteral("languageClassTable"));
    m_classes->setObjectName(QStringLiteral("classTable"));
    setUpTable(m_languages);
    setUpTable(m_classes);
    m_languageChart->setObjectName(QStringLiteral("languageChart"));
    m_languageChart->setMinimumHeight(230);
    m_languageChart->setBackground(palette().color(QPalette::Base));
    m_languageChart->yAxis->setRange(0, 1);
    m_languageChart->yAxis->setLabel(tr("Macro-F1"));
    m_languageChart->xAxis->setTicker(QSharedPointer<QCPAxisTickerText>(new QCPAxisTickerText));
    m_languageChart->xAxis->grid()->setVisible(false);
    m_languageChart->xAxis->setSubTicks(false);

    auto *top = new QHBoxLayout;
    auto *runLabel = new QLabel(tr("Run:"), this);
    runLabel->setBuddy(m_runBox);
    top->addWidget(runLabel);
    top->addWidget(m_runBox);
    m_languageBox->setObjectName(QStringLiteral("evaluateLanguage"));
    m_languageBox->setToolTip(tr("Score the run on the test rows of one language only"));
    m_languageBox->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    top->addWidget(m_languageBox);
    top->addWidget(m_summary, 1);
    auto *exportButton = new QToolButton(this);
    exportButton->setObjectName(QStringLiteral("evaluateExport"));
    exportButton->setText(tr("Export…"));
    exportButton->setToolTip(tr("The run's report as PDF, or its predictions as CSV"));
    connect(exportButton, &QToolButton::clicked, this, &EvaluatePage::chooseExport);
    top->addWidget(exportButton);
    auto *confusionBox = new QWidget(this);
    auto *leftLayout = new QVBoxLayout(confusionBox);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    auto *confusionTitle =
        new QLabel(tr("<b>Confusion matrix</b> (test split) — click a cell to see its examples"), this);
    leftLayout->addWidget(confusionTitle);
    leftLayout->addWidget(m_rowPercentages);
    leftLayout->addWidget(m_confusion, 1);
    auto *left = new QSplitter(Qt::Vertical, this);
    left->addWidget(confusionBox);
    left->addWidget(m_consistency);
    left->setSizes({480, 360});
    auto *right = new QSplitter(Qt::Vertical, this);
    auto titled = [this](const QString &title, QWidget *body) { return titledBox(title, body, this); };
    // Every language gets its bar: with many, the chart grows wider and scrolls.
    m_languageScroll->setWidget(m_languageChart);
    m_languageScroll->setWidgetResizable(true);
    m_languageScroll->setFrameShape(QFrame::NoFrame);
    m_languageScroll->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    right->addWidget(titled(
        tr("<b>Macro-F1 per language</b> with 95% intervals — hatched: fewer than %1 examples").arg(reliableExamples),
        m_languageScroll));
    right->addWidget(titled(tr("<b>F1 per language × class</b>"), m_languages));
    right->addWidget(titled(tr("<b>Per class</b>"), m_classes));
    m_languageScroll->setMinimumHeight(250);
    right->setSizes({280, 300, 260});
    auto *split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(left);
    split->addWidget(right);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(split, 1);

    connect(m_session->runs(), &RunList::changed, this, [this] { m_runBox->setRuns(m_session->runs()->rows()); });
    connect(m_runBox, &RunPicker::runChanged, this, [this] {
        m_reportLanguages.clear(); // another run: its own languages
        requestReport();
    });
    connect(m_languageBox, &QComboBox::activated, this, [this] {
        m_language = m_languageBox->currentData().toString();
        requestReport();
    });
    connect(m_consistency, &ConsistencyView::groupRequested, this, [this](const QString &groupId) {
        if (m_consistency->consistency().runId >= 0)
            Q_EMIT groupRequested(m_consistency->consistency().runId, groupId);
    });
    connect(m_rowPercentages, &QCheckBox::toggled, m_confusion, &ConfusionMatrixChart::setRowNormalised);
    connect(m_confusion, &ConfusionMatrixChart::cellClicked, this, [this](int gold, int predicted) {
        const auto *run = shownRun();
        if (run && gold < m_report.labels.size() && predicted < m_report.labels.size())
            Q_EMIT cellRequested(run->id, run->dataset, m_report.labels[gold], m_report.labels[predicted],
                                 m_report.language);
    });
    showReport({});
}

// "All languages", then the run's languages; the one shown is current.
void EvaluatePage::fillLanguageBox()
{
    QStringList languages = m_reportLanguages;
    if (!m_language.isEmpty() && !languages.contains(m_language))
        languages.append(m_language);
    const QSignalBlocker blocker(m_languageBox);
    m_languageBox->clear();
    m_languageBox->addItem(tr("All languages"), QString());
    for (const auto &language : languages)
        m_languageBox->addItem(languageNameWithCode(language), language);
    m_languageBox->setCurrentIndex(std::max(0, m_languageBox->findData(m_language)));
    // A cross-validated run's model saw every row: only its out-of-fold scores, in the
    // per-language table, say anything about a language.
    const bool crossValidated = m_report.crossValidated();
    m_languageBox->setEnabled((languages.size() > 1 || !m_language.isEmpty()) && !crossValidated);
    m_languageBox->setToolTip(crossValidated ? tr("Scored by cross-validation: each language's out-of-fold scores "
                                                  "are in the per-language table")
                                             : tr("Score the run on the test rows of one language only"));
}

const RunRow *EvaluatePage::shownRun() const
{
    for (const auto &row : m_runBox->runs())
        if (row.id == m_report.runId)
            return &row;
    return nullptr;
}

void EvaluatePage::showRun(qint64 runId, const QString &language)
{
    m_language = language;
    if (runId == this->runId())
        requestReport();
    else
        m_runBox->selectRun(runId);
}

qint64 EvaluatePage::runId() const
{
    return m_runBox->runId();
}

void EvaluatePage::requestReport()
{
    const qint64 id = runId();
    requestConsistency(id);
    if (id < 0) {
        showReport({});
        return;
    }
    whenDone(
        m_session->runReport(id, QStringLiteral("test"), m_language), this,
        [this](const RunReport &report) { showReport(report); },
        [this](const QString &message) {
            Q_EMIT statusMessage(tr("Could not read the run's scores: %1").arg(message));
        });
}

// The test split's groups, read from the run's stored predictions like the report beside it.
void EvaluatePage::requestConsistency(qint64 id)
{
    if (id < 0) {
        m_consistency->clear();
        return;
    }
    m_consistency->showMessage(tr("Reading which translations the run labels alike…"));
    whenDone(
        m_session->runConsistency(id, QStringLiteral("test")), this,
        [this](const RunConsistency &consistency) {
            if (consistency.runId == runId()) // not an answer to an earlier choice
                m_consistency->showConsistency(consistency);
        },
        [this, id](const QString &message) {
            if (id == runId())
                m_consistency->showMessage(tr("Consistency across translations is not available: %1").arg(message));
        });
}

void EvaluatePage::showReport(const RunReport &report)
{
    if (report.runId >= 0 && (report.runId != runId() || report.language != m_language))
        return; // an answer to an earlier choice
    m_report = report;
    if (report.language.isEmpty() && !report.isEmpty()) {
        m_reportLanguages.clear();
        for (const auto &scores : report.languages)
            m_reportLanguages.append(scores.lang);
    }
    fillLanguageBox();
    if (report.isEmpty()) {
        m_summary->setText(report.runId >= 0 ? tr("Run %1 has no test scores.").arg(report.runName)
                                             : tr("Train a run to see its scores here."));
    } else {
        const QLocale locale;
        const QString scores =
            tr("accuracy <b>%1</b> · macro-F1 <b>%2</b> · micro-F1 %3 · weighted F1 %4 · %5 classes, %6 languages")
                .arg(scoreWithInterval(report.accuracy, report.accuracyInterval),
                     scoreWithInterval(report.macroF1, report.macroF1Interval), QString::number(report.microF1, 'f', 3),
                     QString::number(report.weightedF1, 'f', 3))
                .arg(report.labels.size())
                .arg(report.languages.size());
        const QString how =
            report.crossValidated()
                ? tr("Cross-validated (%1 folds: each of the n = %2 labelled examples scored by a model that did not "
                     "see it; the splits were too small to trust):")
                      .arg(report.folds)
                      .arg(locale.toString(report.examples))
                : report.language.isEmpty()
                ? tr("Test split (n = %1):").arg(locale.toString(report.examples))
                : tr("Test rows in %1 only (n = %2):")
                      .arg(languageDisplayName(report.language).toHtmlEscaped(), locale.toString(report.examples));
        QString text = how + QLatin1Char(' ') + scores;
        if (report.macroF1Interval)
            text += QStringLiteral("<br><small>%1</small>")
                        .arg(tr("[low, high]: 95% bootstrap intervals (1,000 resamples of the examples). "
                                "Grey italics: fewer than %1 examples, too few to rely on.")
                                 .arg(reliableExamples));
        m_summary->setText(text);
    }
    m_confusion->setMatrix(report.labels, report.confusion);
    fillClassTable();
    fillLanguageTable();
    fillLanguageChart();
}

void EvaluatePage::fillClassTable()
{
    m_classes->clear();
    m_classes->setColumnCount(6);
    m_classes->setHorizontalHeaderLabels(
        {tr("Precision"), tr("Recall"), tr("F1"), tr("F1 95% interval"), tr("Gold"), tr("Predicted")});
    m_classes->setRowCount(static_cast<int>(m_report.labels.size()));
    m_classes->setVerticalHeaderLabels(m_report.labels);
    for (int row = 0; row < m_report.labels.size(); ++row) {
        const auto &scores = m_report.perClass.value(row);
        if (!scores)
            continue;
        m_classes->setItem(row, 0, scoreItem(scores->precision));
        m_classes->setItem(row, 1, scoreItem(scores->recall));
        m_classes->setItem(row, 2, scoreItem(scores->f1));
        m_classes->setItem(row, 3, intervalItem(scores->f1Interval));
        m_classes->setItem(row, 4, countItem(scores->support));
        m_classes->setItem(row, 5, countItem(scores->predicted));
        if (scores->support < reliableExamples)
            for (int column = 0; column < 4; ++column)
                markUnreliable(m_classes->item(row, column));
    }
}

void EvaluatePage::fillLanguageTable()
{
    m_languages->clear();
    QStringList headers{tr("n"), tr("Accuracy"), tr("Macro-F1"), tr("Macro-F1 95% interval")};
    constexpr int firstLabelColumn = 4;
    headers += m_report.labels;
    m_languages->setColumnCount(static_cast<int>(headers.size()));
    m_languages->setHorizontalHeaderLabels(headers);
    m_languages->setRowCount(static_cast<int>(m_report.languages.size()));
    QStringList rows;
    for (int row = 0; row < m_report.languages.size(); ++row) {
        const auto &language = m_report.languages[row];
        rows << language.lang;
        auto *count = countItem(language.examples);
        m_languages->setItem(row, 0, count);
        m_languages->setItem(row, 1, scoreItem(language.accuracy));
        m_languages->setItem(row, 2, scoreItem(language.macroF1));
        m_languages->setItem(row, 3, intervalItem(language.macroF1Interval));
        m_languages->item(row, 1)->setToolTip(
            tr("Accuracy %1").arg(scoreWithInterval(language.accuracy, language.accuracyInterval)));
        if (!language.reliable()) {
            count->setText(count->text() + QStringLiteral(" ⚠"));
            count->setToolTip(
                tr("Only %n example(s) in %1: too few to rely on", nullptr, static_cast<int>(language.examples))
                    .arg(language.lang));
            for (int column = 1; column < 4; ++column)
                markUnreliable(m_languages->item(row, column));
        }
        for (int label = 0; label < m_report.labels.size(); ++label) {
            const auto &scores = language.perClass.value(label);
            if (!scores) {
                auto *none = new QTableWidgetItem(QStringLiteral("—"));
                none->setTextAlignment(Qt::AlignCenter);
                none->setToolTip(tr("No %1 examples in %2").arg(m_report.labels[label], language.lang));
                m_languages->setItem(row, firstLabelColumn + label, none);
                continue;
            }
            auto *item = scoreItem(scores->f1);
            item->setToolTip(
                tr("%1 in %2: F1 %3, precision %4, recall %5, %6 gold examples")
                    .arg(m_report.labels[label], language.lang, scoreWithInterval(scores->f1, scores->f1Interval),
                         QString::number(scores->precision, 'f', 3), QString::number(scores->recall, 'f', 3))
                    .arg(scores->support));
            if (scores->support < reliableExamples)
                markUnreliable(item);
            m_languages->setItem(row, firstLabelColumn + label, item);
        }
    }
    m_languages->setVerticalHeaderLabels(rows);
}

void EvaluatePage::fillLanguageChart()
{
    m_languageChart->clearPlottables();
    m_languageChart->clearItems();
    auto ticker = qSharedPointerCast<QCPAxisTickerText>(m_languageChart->xAxis->ticker());
    ticker->clear();
    const auto count = static_cast<int>(m_report.languages.size());
    // About 34 pixels a language, so every code stays readable; the scroll area does the rest.
    m_languageChart->setMinimumWidth(std::max(240, 60 + 34 * count));
    if (!m_report.languages.isEmpty()) {
        const QColor colour = runColor(m_report.runId);
        auto *bars = new QCPBars(m_languageChart->xAxis, m_languageChart->yAxis);
        bars->setBrush(colour);
        bars->setPen(QPen(colour.darker(130)));
        bars->setWidth(0.7);
        bars->setName(tr("Macro-F1"));
        // Languages with too few examples: the same bar, hatched and pale.
        auto *fewBars = new QCPBars(m_languageChart->xAxis, m_languageChart->yAxis);
        fewBars->setBrush(QBrush(colour.lighter(150), Qt::BDiagPattern));
        fewBars->setPen(QPen(colour, 1, Qt::DashLine));
        fewBars->setWidth(0.7);
        auto *whiskers = new QCPErrorBars(m_languageChart->xAxis, m_languageChart->yAxis);
        whiskers->setPen(QPen(palette().color(QPalette::Text), 1.2));
        whiskers->setWhiskerWidth(6);
        QVector<double> keys;
        QVector<double> values;
        QVector<double> below;
        QVector<double> above;
        for (int i = 0; i < count; ++i) {
            const auto &language = m_report.languages[i];
            (language.reliable() ? bars : fewBars)->addData(i, language.macroF1);
            keys << i;
            values << language.macroF1;
            const auto interval = language.macroF1Interval.value_or(ScoreInterval{language.macroF1, language.macroF1});
            below << std::max(0.0, language.macroF1 - interval.low);
            above << std::max(0.0, interval.high - language.macroF1);
            ticker->addTick(i, QStringLiteral("%1\n%2").arg(language.lang, QLocale().toString(language.examples)));
        }
        auto *whiskerData = new QCPGraph(m_languageChart->xAxis, m_languageChart->yAxis);
        whiskerData->setData(keys, values);
        whiskerData->setLineStyle(QCPGraph::lsNone);
        whiskerData->setScatterStyle(QCPScatterStyle::ssNone);
        whiskers->setDataPlottable(whiskerData);
        whiskers->setData(below, above);
        m_languageChart->xAxis->setLabel(tr("language, n"));
        m_languageChart->xAxis->setRange(-0.6, static_cast<double>(count) - 0.4);
        // The overall macro-F1 across the bars, to see which languages fall short of it.
        auto *overall = new QCPItemStraightLine(m_languageChart);
        overall->point1->setCoords(0, m_report.macroF1);
        overall->point2->setCoords(1, m_report.macroF1);
        overall->setPen(QPen(palette().color(QPalette::Text), 1, Qt::DashLine));
    }
    m_languageChart->replot();
}

void EvaluatePage::chooseExport()
{
    if (m_report.isEmpty())
        return;
    const QString base = m_report.runName.isEmpty() ? QStringLiteral("run") : m_report.runName;
    QString selected;
    const QString pdfFilter = tr("PDF report (*.pdf)");
    const QString csvFilter = tr("Predictions as CSV (*.csv)");
    const QString tsvFilter = tr("Predictions as TSV (*.tsv)");
    const QString jsonlFilter = tr("Predictions as JSON Lines (*.jsonl)");
    const QString file = QFileDialog::getSaveFileName(
        this, tr("Export the run"), base + QStringLiteral(".pdf"),
        QStringList{pdfFilter, csvFilter, tsvFilter, jsonlFilter}.join(QStringLiteral(";;")), &selected);
    if (file.isEmpty())
        return;
    // A name typed without an extension takes the chosen filter's.
    QString named = file;
    if (QFileInfo(file).suffix().isEmpty()) {
        named += selected == csvFilter     ? QStringLiteral(".csv")
                 : selected == tsvFilter   ? QStringLiteral(".tsv")
                 : selected == jsonlFilter ? QStringLiteral(".jsonl")
                                           : QStringLiteral(".pdf");
    }
    exportRun(named);
}

void EvaluatePage::exportRun(const QString &file)
{
    // The extension decides, as in glossa-cli export: a name with any other is refused rather
    // than written in a format it does not say.
    const QString suffix = QFileInfo(file).suffix().toLower();
    if (suffix == QLatin1String("pdf")) {
        exportReport(file);
        return;
    }
    if (suffix == QLatin1String("csv") || suffix == QLatin1String("tsv") || suffix == QLatin1String("jsonl")
        || suffix == QLatin1String("ndjson")) {
        exportPredictions(file);
        return;
    }
    Q_EMIT statusMessage(tr("Nothing exported: %1 has an extension Glossa does not write; use .pdf for the report, or "
                            ".csv, .tsv or .jsonl for the predictions")
                             .arg(QFileInfo(file).fileName()));
}

void EvaluatePage::exportPredictions(const QString &file)
{
    whenDone(
        m_session->exportPredictions(m_report.runId, file), this,
        [this, file](qint64 rows) {
            Q_EMIT statusMessage(
                tr("Saved %n prediction(s) to %1", nullptr, static_cast<int>(rows)).arg(QFileInfo(file).fileName()));
        },
        [this](const QString &message) {
            Q_EMIT statusMessage(tr("Could not export the predictions: %1").arg(message));
        });
}

void EvaluatePage::exportReport(const QString &file)
{
    if (m_report.isEmpty()) {
        Q_EMIT reportExported(file, false);
        return;
    }
    // The report is written when the run's curves are here.
    whenDone(
        m_session->runHistories({m_report.runId}), this,
        [this, file](const QList<RunHistory> &histories) {
            writeReport(file, histories.isEmpty() ? RunHistory{} : histories.front());
        },
        [this, file](const QString &message) {
            Q_EMIT statusMessage(tr("Could not read the run's curves: %1").arg(message));
            Q_EMIT reportExported(file, false);
        });
}

namespace {

// Tables wider than the page split into several of this many classes each.
constexpr int classesPerTable = 8;

// A name for a PDF table cell: escaped, and breakable after the underscores, hyphens, dots
// and slashes that join its words ("cancel_<wbr>order"), so a narrow column wraps it between
// words, never in the middle of one (the document wraps only at word boundaries).
QString breakable(const QString &name)
{
    QString text;
    for (qsizetype i = 0; i < name.size(); ++i) {
        text += name[i];
        // Not inside a number: "0.02" stays whole.
        const bool joiner = name[i] == QLatin1Char('_') || name[i] == QLatin1Char('-') || name[i] == QLatin1Char('.')
                            || name[i] == QLatin1Char('/');
        if (joiner && i + 1 < name.size() && name[i + 1].isLetter())
            text += QChar(0x200B);
    }
    return text.toHtmlEscaped();
}

} // namespace

// "Trained 7 of 10 epochs (259 steps); early stopping ended the run, keeping the model of
// epoch 4." Empty for a run that stored no summary (trained before Glossa stored one).
QString EvaluatePage::trainingSummaryText() const
{
    if (!m_report.training)
        return {};
    const auto &training = *m_report.training;
    const QLocale locale;
    const auto *run = shownRun();
    qint64 planned = 0;
    if (run) {
        try {
            planned = core::train::TrainConfig::fromJsonString(toUtf8(run->configJson)).integer("optimizer.epochs");
        } catch (const std::exception &) {
            planned = 0;
        }
    }
    const QString epochs = locale.toString(training.epochs, 'g', 3);
    QString text = planned > 0 ? tr("Trained %1 of %2 epochs (%3 steps).")
                                     .arg(epochs, locale.toString(planned), locale.toString(training.steps))
                               : tr("Trained %1 epochs (%2 steps).").arg(epochs, locale.toString(training.steps));
    if (training.earlyStopped)
        text += QLatin1Char(' ')
                + (training.bestEpoch >= 0 ? tr("Early stopping ended the run, keeping the model of epoch %1.")
                                                 .arg(locale.toString(training.bestEpoch, 'g', 3))
                                           : tr("Early stopping ended the run."));
    else
        text += QLatin1Char(' ') + tr("Early stopping did not end the run.");
    return text;
}

RunReportPdf EvaluatePage::reportText() const
{
    const auto cell = [](double value) {
        return QStringLiteral("<td align=right bgcolor='%1'>%2</td>")
            .arg(scoreColour(value).name(), QString::number(value, 'f', 3));
    };
    const QString table = QStringLiteral("<table border=1 cellspacing=0 cellpadding=2 style='font-size: 7pt'>");
    const auto *run = shownRun();
    RunReportPdf text;
    text.heading = QStringLiteral("<h2>%1</h2>").arg(tr("Run %1").arg(m_report.runName.toHtmlEscaped()));
    if (run)
        text.heading += QStringLiteral("<p>%1</p>")
                          .arg(tr("Dataset %1 (snapshot %2), %3, trained on %4.")
                                   .arg(run->dataset.toHtmlEscaped(), run->snapshotHash.left(12),
                                        QLocale().toString(run->startedAt.isValid() ? run->startedAt : run->createdAt,
                                                           QLocale::ShortFormat),
                                        run->device.isEmpty() ? tr("an unknown device") : run->device));
    text.heading += QStringLiteral("<h3>%1</h3><p>%2</p>").arg(tr("Test scores"), m_summary->text());
    text.heading += QStringLiteral("<h3>%1</h3>").arg(tr("Training"));
    if (const QString training = trainingSummaryText(); !training.isEmpty())
        text.heading += QStringLiteral("<p>%1</p>").arg(training.toHtmlEscaped());

    text.languages = QStringLiteral("<h3>%1</h3>").arg(tr("Per language × class F1"));
    for (qsizetype first = 0; first < std::max<qsizetype>(m_report.labels.size(), 1); first += classesPerTable) {
        const qsizetype last = std::min<qsizetype>(first + classesPerTable, m_report.labels.size());
        text.languages += table
                          + QStringLiteral("<tr><th></th><th>%1</th><th>%2</th><th>%3</th><th>%4</th>")
                                .arg(tr("n"), tr("Accuracy"), tr("Macro-F1"), tr("Macro-F1 95% interval"));
        for (qsizetype i = first; i < last; ++i)
            text.languages += QStringLiteral("<th>%1</th>").arg(breakable(m_report.labels[i]));
        text.languages += QStringLiteral("</tr>");
        for (const auto &language : m_report.languages) {
            text.languages +=
                QStringLiteral("<tr><th>%1</th><td align=right>%2</td>%3%4<td align=center>%5</td>")
                    .arg(breakable(languageNameWithCode(language.lang)),
                         QLocale().toString(language.examples)
                             + (language.reliable() ? QString() : QStringLiteral(" ⚠")),
                         cell(language.accuracy), cell(language.macroF1), intervalRange(language.macroF1Interval));
            for (qsizetype i = first; i < last; ++i) {
                const auto &scores = language.perClass.value(i);
                text.languages += scores ? cell(scores->f1) : QStringLiteral("<td align=center>—</td>");
            }
            text.languages += QStringLiteral("</tr>");
        }
        text.languages += QStringLiteral("</table><p></p>");
    }

    text.classes = QStringLiteral("<h3>%1</h3>").arg(tr("Per class")) + table
                   + QStringLiteral("<tr><th></th><th>%1</th><th>%2</th><th>%3</th><th>%4</th><th>%5</th></tr>")
                         .arg(tr("Precision"), tr("Recall"), tr("F1 [95% interval]"), tr("Gold"), tr("Predicted"));
    for (int i = 0; i < m_report.labels.size(); ++i) {
        const auto &scores = m_report.perClass.value(i);
        if (!scores)
            continue;
        text.classes += QStringLiteral("<tr><th>%1</th>%2%3<td align=right>%4</td><td align=right>%5</td>"
                                       "<td align=right>%6</td></tr>")
                            .arg(breakable(m_report.labels[i]), cell(scores->precision), cell(scores->recall),
                                 scoreWithInterval(scores->f1, scores->f1Interval))
                            .arg(scores->support)
                            .arg(scores->predicted);
    }
    text.classes += QStringLiteral("</table>");
    text.confusionHeading = QStringLiteral("<h3>%1</h3>").arg(tr("Confusion matrix (test split)"));
    if (run) {
        // As the run used them: automatic values resolved and said so, changed ones in bold.
        const auto lines =
            runSettingLines(run->configJson, m_report.training ? &*m_report.training : nullptr, run->device);
        text.settings =
            QStringLiteral("<h3>%1</h3>").arg(tr("Settings used")) + table
            + QStringLiteral("<tr><th>%1</th><th>%2</th><th>%3</th></tr>").arg(tr("Setting"), tr("Value"), tr("Note"));
        for (const auto &line : lines) {
            if (!line.applies)
                continue; // LoRA's rank says nothing about a bag of subwords
            const QString value = breakable(line.value);
            text.settings +=
                QStringLiteral("<tr><td>%1</td><td>%2</td><td>%3</td></tr>")
                    .arg(breakable(line.key), line.changed ? QStringLiteral("<b>%1</b>").arg(value) : value,
                         line.note.toHtmlEscaped());
        }
        text.settings += QStringLiteral("</table><p>%1</p>")
                             .arg(tr("In bold: changed from the defaults. Settings that do not apply to this model "
                                     "are left out."));
    }
    return text;
}

void EvaluatePage::writeReport(const QString &file, const RunHistory &history)
{
    // Pictures are drawn here, where the widgets live; laying out and writing the PDF is not.
    TrainingCharts curves;
    curves.resize(900, 700);
    curves.showRun(history);
    curves.resetZoom();
    RunReportPdf report = reportText();
    report.title = tr("Glossa run %1").arg(m_report.runName);
    report.curves = curves.toImage(900);
    report.confusion = m_confusion->plot()->toPixmap(760, 760).toImage();
    report.languageChart = m_languageChart->toPixmap(760, 260).toImage();
    const QString name = QFileInfo(file).fileName();
    whenDone(
        writeRunReportPdf(report, file), this,
        [this, file, name](bool written) {
            Q_EMIT statusMessage(written ? tr("Saved %1").arg(name) : tr("Could not save %1").arg(name));
            Q_EMIT reportExported(file, written);
        },
        [this, file, name](const QString &) {
            Q_EMIT statusMessage(tr("Could not save %1").arg(name));
            Q_EMIT reportExported(file, false);
        });
}

} // namespace glossa::ui
