#include "ui/runs/runspage.h"

#include "ui/runs/runstablemodel.h"
#include "ui/session/projectsession.h"
#include "ui/session/qtcore.h"
#include "ui/session/runreport.h"
#include "ui/session/runlist.h"
#include "ui/session/trainingcontroller.h"
#include "ui/train/trainingcharts.h"
#include "ui/widgets/icons.h"
#include "ui/widgets/runcolors.h"
#include "ui/widgets/runstatustext.h"

#include "train/trainconfig.h"

#include <QAction>
#include <QFontDatabase>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QToolBar>
#include <QVBoxLayout>

#include <algorithm>
#include <exception>

namespace glossa::ui {

namespace {

} // namespace

RunsPage::RunsPage(ProjectSession *session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_model(new RunsTableModel(this))
    , m_sorted(new QSortFilterProxyModel(this))
    , m_table(new QTableView(this))
    , m_charts(new TrainingCharts(this))
    , m_settings(new QPlainTextEdit(this))
    , m_details(new QLabel(this))
    , m_comparison(new QLabel(this))
{
    setObjectName(QStringLiteral("runsPage"));
    setUpTable();
    layOut(setUpActions());
    setUpQuestions();
    connectActions();
    connectSession();
    showRuns(m_session->runs()->rows());
    updateActions();
}

void RunsPage::setUpTable()
{
    m_sorted->setSourceModel(m_model);
    m_sorted->setSortRole(RunsTableModel::SortRole);
    m_table->setObjectName(QStringLiteral("runsTable"));
    m_table->setModel(m_sorted);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(RunsTableModel::Started, Qt::DescendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_table->setWordWrap(false);
    m_settings->setObjectName(QStringLiteral("runSettings"));
    m_settings->setReadOnly(true);
    m_settings->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_details->setObjectName(QStringLiteral("runDetails"));
    m_details->setWordWrap(true);
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse);
}

// The toolbar's actions, also the table's context menu.
QToolBar *RunsPage::setUpActions()
{
    auto *toolbar = new QToolBar(this);
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_evaluateAction = toolbar->addAction(themedIcon(QStringLiteral("view-statistics")), tr("Evaluate"));
    m_evaluateAction->setToolTip(tr("Open the run's test scores, confusion matrix and per-language table"));
    m_rerunAction = toolbar->addAction(themedIcon(QStringLiteral("view-refresh")), tr("Re-run"));
    m_rerunAction->setToolTip(tr("Train again with this run's settings on its dataset as it is now"));
    m_resumeAction = toolbar->addAction(themedIcon(QStringLiteral("media-playback-start")), tr("Resume"));
    m_resumeAction->setToolTip(tr("Go on from the last checkpoint of a stopped or interrupted run"));
    toolbar->addSeparator();
    m_renameAction = toolbar->addAction(themedIcon(QStringLiteral("edit-rename")), tr("Rename…"));
    m_notesAction = toolbar->addAction(themedIcon(QStringLiteral("document-edit")), tr("Notes…"));
    m_deleteAction = toolbar->addAction(themedIcon(QStringLiteral("edit-delete")), tr("Delete…"));
    m_deleteAction->setShortcut(QKeySequence::Delete);
    m_deleteAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    for (auto *action :
         {m_evaluateAction, m_rerunAction, m_resumeAction, m_renameAction, m_notesAction, m_deleteAction})
        m_table->addAction(action);
    m_table->setContextMenuPolicy(Qt::ActionsContextMenu);

    return toolbar;
}

// The table above; below it the selected run's curves beside its details and settings.
void RunsPage::layOut(QToolBar *toolbar)
{
    auto *detailSplit = new QSplitter(Qt::Horizontal, this);
    detailSplit->addWidget(m_charts);
    auto *side = new QWidget(this);
    auto *sideLayout = new QVBoxLayout(side);
    sideLayout->setContentsMargins(0, 0, 0, 0);
    sideLayout->addWidget(m_details);
    sideLayout->addWidget(m_comparison);
    sideLayout->addWidget(m_settings, 1);
    detailSplit->addWidget(side);
    detailSplit->setStretchFactor(0, 3);
    detailSplit->setStretchFactor(1, 1);
    detailSplit->setSizes({900, 300});
    m_split = new QSplitter(Qt::Vertical, this);
    m_split->setObjectName(QStringLiteral("runsSplitter"));
    m_split->addWidget(m_table);
    m_split->addWidget(detailSplit);
    m_split->setStretchFactor(0, 2);
    m_split->setStretchFactor(1, 5);
    m_split->setChildrenCollapsible(false);
    connect(m_split, &QSplitter::splitterMoved, this, [this] { m_splitMovedByHand = true; });
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(toolbar);
    layout->addWidget(m_split, 1);
}

// The height that shows this many rows of the table, its header and a horizontal scroll bar.
int RunsPage::tableHeightFor(int rows) const
{
    return m_table->horizontalHeader()->sizeHint().height() + rows * m_table->verticalHeader()->defaultSectionSize()
           + 2 * m_table->frameWidth() + m_table->horizontalScrollBar()->sizeHint().height();
}

// The table as tall as its rows, up to ten, and never under three, so a handful of runs shows
// without dragging the splitter; once the analyst drags it, their height stays.
void RunsPage::fitTableToRows()
{
    m_table->setMinimumHeight(tableHeightFor(3));
    if (m_splitMovedByHand)
        return;
    const int wanted = tableHeightFor(std::clamp(m_model->rowCount(), 3, maxFittedRows));
    const int total = std::max(m_split->height(), wanted + 300);
    m_split->setSizes({wanted, total - wanted});
}

void RunsPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    fitTableToRows();
}

// The dialogs the actions ask through; tests replace them.
void RunsPage::setUpQuestions()
{
    askName = [this](const RunRow &run) {
        return QInputDialog::getText(this, tr("Rename run"), tr("New name for run %1:").arg(run.name),
                                     QLineEdit::Normal, run.name);
    };
    askNotes = [this](const RunRow &run) -> std::optional<QString> {
        bool ok = false;
        const QString notes =
            QInputDialog::getMultiLineText(this, tr("Notes"), tr("Notes on run %1:").arg(run.name), run.notes, &ok);
        return ok ? std::optional<QString>(notes) : std::nullopt;
    };
    confirmDelete = [this](const RunRow &run) {
        return QMessageBox::question(this, tr("Delete run"),
                                     tr("Delete run %1 with its curves, predictions and model files? This cannot be "
                                        "undone.")
                                         .arg(run.name),
                                     QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel)
               == QMessageBox::Yes;
    };
}

void RunsPage::connectActions()
{
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                m_selectedId = current.isValid() ? current.data(RunsTableModel::RunIdRole).toLongLong() : -1;
                showSelected();
            });
    connect(m_model, &RunsTableModel::overlaidChanged, this, &RunsPage::readCurves);
    setUpComparison();
    connect(m_evaluateAction, &QAction::triggered, this, [this] {
        if (const auto *run = selectedRun())
            Q_EMIT evaluateRequested(run->id);
    });
    connect(m_table, &QTableView::doubleClicked, m_evaluateAction, &QAction::trigger);
    connect(m_rerunAction, &QAction::triggered, this, [this] {
        if (const auto *run = selectedRun())
            Q_EMIT rerunRequested(*run);
    });
    connect(m_resumeAction, &QAction::triggered, this, [this] {
        if (const auto *run = selectedRun())
            Q_EMIT resumeRequested(run->id);
    });
    connect(m_renameAction, &QAction::triggered, this, &RunsPage::renameSelected);
    connect(m_notesAction, &QAction::triggered, this, &RunsPage::annotateSelected);
    connect(m_deleteAction, &QAction::triggered, this, &RunsPage::deleteSelected);
}

// The runs list and the run in training belong to the session.
void RunsPage::connectSession()
{
    connect(m_session->runs(), &RunList::changed, this, [this] { showRuns(m_session->runs()->rows()); });
    connect(m_session->runs(), &RunList::readFailed, this, &RunsPage::showFailure);
    // A run that just ended has its final curves.
    connect(m_session->training(), &TrainingController::runEnded, this, [this] { readCurves(); });
}

const RunRow *RunsPage::selectedRun() const
{
    return m_model->run(m_selectedId);
}

void RunsPage::selectRun(qint64 runId)
{
    for (int row = 0; row < m_sorted->rowCount(); ++row) {
        const auto index = m_sorted->index(row, 0);
        if (index.data(RunsTableModel::RunIdRole).toLongLong() == runId) {
            m_table->setCurrentIndex(index);
            m_table->scrollTo(index);
            return;
        }
    }
}

void RunsPage::showRuns(const QList<RunRow> &runs)
{
    const qint64 keep = m_selectedId;
    m_model->setRuns(runs);
    m_table->resizeColumnsToContents();
    fitTableToRows();
    if (keep >= 0 && m_model->run(keep))
        selectRun(keep);
    else if (!runs.isEmpty())
        selectRun(runs.front().id);
    else {
        m_selectedId = -1;
        showSelected();
    }
}

void RunsPage::setUpComparison()
{
    m_comparison->setObjectName(QStringLiteral("runComparison"));
    m_comparison->setWordWrap(true);
    m_comparison->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_comparison->setText(tr("Tick two runs to see whether their test scores differ by more than chance."));
    connect(m_model, &RunsTableModel::overlaidChanged, this, &RunsPage::compareTicked);
}

// Two ticked runs: their macro-F1 difference on the test examples both scored, with a paired
// bootstrap interval, computed on the runs thread.
void RunsPage::compareTicked(const QList<qint64> &ticked)
{
    if (ticked.size() != 2) {
        m_comparedPair = {-1, -1};
        m_comparison->setText(tr("Tick two runs to see whether their test scores differ by more than chance."));
        return;
    }
    // Older first, so the difference reads as "what changed since".
    const qint64 a = std::min(ticked[0], ticked[1]);
    const qint64 b = std::max(ticked[0], ticked[1]);
    m_comparedPair = {a, b};
    m_comparison->setText(tr("Comparing the two ticked runs…"));
    whenDone(
        m_session->compareRuns(a, b), this, [this](const RunPairComparison &result) { showComparison(result); },
        [this](const QString &message) { m_comparison->setText(message.toHtmlEscaped()); });
}

void RunsPage::showComparison(const RunPairComparison &result)
{
    if (std::pair(result.runA, result.runB) != m_comparedPair)
        return; // an answer to an earlier pair
    const auto *a = m_model->run(result.runA);
    const auto *b = m_model->run(result.runB);
    const QString nameA = a ? a->name.toHtmlEscaped() : QString::number(result.runA);
    const QString nameB = b ? b->name.toHtmlEscaped() : QString::number(result.runB);
    if (!result.error.isEmpty()) {
        m_comparison->setText(tr("<b>%1 vs %2</b>: %3").arg(nameA, nameB, result.error.toHtmlEscaped()));
        return;
    }
    auto signedNumber = [](double value) -> QString {
        return (value >= 0 ? QStringLiteral("+") : QString()) + QString::number(value, 'f', 3);
    };
    const QString verdict =
        !result.excludesZero ? tr("the interval includes 0: this test set cannot tell them apart.")
                             : tr("%1 is better: the interval excludes 0.").arg(result.difference > 0 ? nameB : nameA);
    m_comparison->setText(
        tr("<b>%1 vs %2</b> on the %3 test examples both scored: macro-F1 %4 vs %5, difference %6, 95% interval "
           "[%7, %8] (paired bootstrap); %9")
            .arg(nameA, nameB, QLocale().toString(result.examples), QString::number(result.macroF1A, 'f', 3),
                 QString::number(result.macroF1B, 'f', 3), signedNumber(result.difference), signedNumber(result.low),
                 signedNumber(result.high), verdict));
}

void RunsPage::showSelected()
{
    updateActions();
    const auto *run = selectedRun();
    if (!run) {
        m_details->clear();
        m_settings->clear();
        m_charts->clearRun();
        return;
    }
    Q_EMIT runSelected(run->id);
    QString details = QStringLiteral("<b style='color:%1'>■ %2</b> — %3")
                          .arg(runColor(run->id).name(), run->name.toHtmlEscaped(), runStatusText(run->status));
    if (!run->device.isEmpty())
        details += tr(" on %1").arg(run->device);
    if (!run->errorMessage.isEmpty())
        details += QStringLiteral("<br><span style='color:#b00020'>%1</span>").arg(run->errorMessage.toHtmlEscaped());
    if (!run->notes.isEmpty())
        details += QStringLiteral("<br><i>%1</i>")
                       .arg(run->notes.toHtmlEscaped().replace(QLatin1Char('\n'), QStringLiteral("<br>")));
    m_details->setText(details);
    m_settings->setPlainText(RunsTableModel::settingsText(run->configJson, run->device));
    // Then as the run's training summary tells them: what it picked from the data, and what the
    // automatic settings came to.
    const qint64 id = run->id;
    whenDone(
        m_session->runTrainingSummary(id), this,
        [this, id](const std::optional<RunTrainingSummary> &training) {
            const auto *shown = selectedRun();
            if (shown && shown->id == id && training)
                m_settings->setPlainText(RunsTableModel::settingsText(shown->configJson, shown->device, &*training));
        },
        [](const QString &) {}); // the settings above stay; the curves report read failures
    readCurves();
}

// The runs whose curves show: the selected one first, then the ticked overlays.
QList<qint64> RunsPage::curveRunIds() const
{
    QList<qint64> ids = m_model->overlaid();
    if (m_selectedId >= 0 && !ids.contains(m_selectedId))
        ids.prepend(m_selectedId);
    return ids;
}

void RunsPage::readCurves()
{
    const QList<qint64> ids = curveRunIds();
    whenDone(
        m_session->runHistories(ids), this,
        [this, ids](const QList<RunHistory> &histories) { showCurves(ids, histories); },
        [this](const QString &message) { showFailure(message); });
}

void RunsPage::showCurves(const QList<qint64> &ids, const QList<RunHistory> &histories)
{
    if (ids != curveRunIds())
        return; // an answer to an earlier choice
    RunHistory selected;
    QList<RunHistory> overlays;
    for (const auto &history : histories) {
        if (history.runId == m_selectedId)
            selected = history;
        else
            overlays.append(history);
    }
    // The run first: overlays leave out the run shown, so set against the old one, an
    // overlay of the run shown before would be lost.
    if (selected.runId >= 0)
        m_charts->showRun(selected);
    else
        m_charts->clearRun();
    m_charts->setOverlays(overlays);
}

void RunsPage::showFailure(const QString &message)
{
    // Not exec(): a refused rename or delete should not hold the window up.
    auto *box = new QMessageBox(QMessageBox::Warning, tr("Runs"), message, QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void RunsPage::updateActions()
{
    const auto *run = selectedRun();
    const bool active = run && core::store::isActive(run->status);
    m_evaluateAction->setEnabled(run && run->testMacroF1 >= 0);
    m_rerunAction->setEnabled(run != nullptr);
    m_resumeAction->setEnabled(run && core::store::isResumable(run->status));
    m_renameAction->setEnabled(run != nullptr);
    m_notesAction->setEnabled(run != nullptr);
    m_deleteAction->setEnabled(run && !active);
}

void RunsPage::renameSelected()
{
    const auto *run = selectedRun();
    if (!run)
        return;
    const QString name = askName(*run).trimmed();
    if (name.isEmpty() || name == run->name)
        return;
    whenDone(
        m_session->renameRun(run->id, name), this, [] {}, [this](const QString &message) { showFailure(message); });
}

void RunsPage::annotateSelected()
{
    const auto *run = selectedRun();
    if (!run)
        return;
    const auto notes = askNotes(*run);
    if (!notes || *notes == run->notes)
        return;
    whenDone(
        m_session->setRunNotes(run->id, *notes), this, [] {}, [this](const QString &message) { showFailure(message); });
}

void RunsPage::deleteSelected()
{
    const auto *run = selectedRun();
    if (!run || !m_deleteAction->isEnabled() || !confirmDelete(*run))
        return;
    whenDone(
        m_session->deleteRun(run->id), this,
        [this, name = run->name] { Q_EMIT statusMessage(tr("Deleted run %1").arg(name)); },
        [this](const QString &message) { showFailure(message); });
}

} // namespace glossa::ui
