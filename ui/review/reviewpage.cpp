#include "ui/review/reviewpage.h"

#include "ui/session/labelerrorsearch.h"
#include "ui/session/projectsession.h"
#include "ui/session/runlist.h"
#include "ui/widgets/editfailure.h"
#include "ui/widgets/icons.h"
#include "ui/widgets/runpicker.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

namespace glossa::ui {

namespace {

// The unlabelled examples listed; the Data tab shows the whole queue.
constexpr int uncertainShown = 200;

QTableWidgetItem *textItem(const QString &text)
{
    auto *item = new QTableWidgetItem(QString(text).replace(QLatin1Char('\n'), QLatin1Char(' ')));
    item->setToolTip(text);
    return item;
}

QTableWidgetItem *numberItem(double value, int decimals)
{
    auto *item = new QTableWidgetItem(QLocale().toString(value, 'f', decimals));
    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}

QTableWidget *makeTable(const QStringList &headers, QWidget *parent)
{
    auto *table = new QTableWidget(0, static_cast<int>(headers.size()), parent);
    table->setHorizontalHeaderLabels(headers);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setSelectionMode(QAbstractItemView::SingleSelection);
    table->setWordWrap(false);
    table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 8);
    table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch); // the text
    return table;
}

QWidget *titled(const QString &title, QWidget *summary, QWidget *parent)
{
    auto *heading = new QLabel(title, parent);
    auto *row = new QHBoxLayout;
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(heading);
    row->addWidget(summary, 1);
    auto *box = new QWidget(parent);
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(row);
    return box;
}

} // namespace

ReviewPage::ReviewPage(ProjectSession *session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_runPicker(
          new RunPicker([](const RunRow &run) { return run.testMacroF1 >= 0; }, tr("No finished run yet"), this))
    , m_errorSummary(new QLabel(this))
    , m_folds(new QSpinBox(this))
    , m_findButton(new QPushButton(themedIcon(QStringLiteral("edit-find")), tr("Find likely label errors"), this))
    , m_cancelButton(new QPushButton(tr("Cancel"), this))
    , m_searchProgress(new QProgressBar(this))
    , m_showDismissed(new QCheckBox(tr("Show dismissed"), this))
    , m_errors(makeTable({tr("Score"), tr("Text"), tr("Language"), tr("Label"), tr("Suggested"), tr("Status")}, this))
    , m_acceptButton(new QPushButton(tr("&Accept suggestion"), this))
    , m_dismissButton(new QPushButton(tr("&Dismiss"), this))
    , m_openErrorButton(new QPushButton(tr("Open in browser"), this))
    , m_uncertainSummary(new QLabel(this))
    , m_uncertain(makeTable({tr("Margin"), tr("Text"), tr("Language"), tr("Predicted"), tr("Confidence")}, this))
    , m_openUncertainButton(new QPushButton(tr("Label in browser"), this))
    , m_retrainButton(
          new QPushButton(themedIcon(QStringLiteral("media-playback-start")), tr("Retrain with these labels"), this))
    , m_split(new QSplitter(Qt::Vertical, this))
{
    setUpWidgets();
    layOut();
    connectControls();
    connectSearch();
    showReview({});
}

// Names for tests and the tour, tooltips, and the search's controls hidden until it runs.
void ReviewPage::setUpWidgets()
{
    setObjectName(QStringLiteral("reviewPage"));
    m_runPicker->setObjectName(QStringLiteral("reviewRun"));
    m_errors->setObjectName(QStringLiteral("labelErrorTable"));
    m_uncertain->setObjectName(QStringLiteral("uncertainTable"));
    m_findButton->setObjectName(QStringLiteral("findLabelErrors"));
    m_acceptButton->setObjectName(QStringLiteral("acceptSuggestion"));
    m_dismissButton->setObjectName(QStringLiteral("dismissSuggestion"));
    m_retrainButton->setObjectName(QStringLiteral("retrain"));
    m_errorSummary->setObjectName(QStringLiteral("labelErrorSummary"));
    m_errorSummary->setWordWrap(true);
    m_uncertainSummary->setWordWrap(true);
    m_folds->setRange(3, 10);
    m_folds->setValue(5);
    m_folds->setPrefix(tr("folds: "));
    m_folds->setToolTip(tr("Cross-validation folds: one model is trained per fold"));
    m_findButton->setToolTip(tr("Trains one model per fold with the run's settings and flags the examples whose "
                                "held-out prediction confidently disagrees with their label (confident learning)"));
    m_acceptButton->setToolTip(tr("Give the example the suggested label (A); Edit ▸ Undo takes it back"));
    m_dismissButton->setToolTip(tr("The label is right: hide this suggestion for good (D)"));
    m_openErrorButton->setToolTip(tr("The likely label errors in the Data tab, at this example (Enter)"));
    m_openUncertainButton->setToolTip(tr("The most uncertain unlabelled examples in the Data tab, to label (Enter)"));
    m_retrainButton->setToolTip(tr("Train a new run with this run's settings on the labels as they are now"));
    m_searchProgress->setTextVisible(true);
    m_searchProgress->setMaximumWidth(220);
    m_searchProgress->hide();
    m_cancelButton->hide();
}

// The run on top; the likely label errors above the most uncertain unlabelled examples.
void ReviewPage::layOut()
{
    auto *top = new QHBoxLayout;
    auto *runLabel = new QLabel(tr("Run:"), this);
    runLabel->setBuddy(m_runPicker);
    top->addWidget(runLabel);
    top->addWidget(m_runPicker);
    top->addStretch(1);
    top->addWidget(m_retrainButton);

    auto *errorsBox = titled(tr("<b>Likely label errors</b>"), m_errorSummary, this);
    auto *searchRow = new QHBoxLayout;
    searchRow->addWidget(m_findButton);
    searchRow->addWidget(m_folds);
    searchRow->addWidget(m_searchProgress);
    searchRow->addWidget(m_cancelButton);
    searchRow->addStretch(1);
    searchRow->addWidget(m_showDismissed);
    auto *errorButtons = new QHBoxLayout;
    errorButtons->addWidget(m_acceptButton);
    errorButtons->addWidget(m_dismissButton);
    errorButtons->addStretch(1);
    errorButtons->addWidget(m_openErrorButton);
    auto *errorsLayout = static_cast<QVBoxLayout *>(errorsBox->layout());
    errorsLayout->addLayout(searchRow);
    errorsLayout->addWidget(m_errors, 1);
    errorsLayout->addLayout(errorButtons);

    auto *uncertainBox = titled(tr("<b>Most uncertain unlabelled</b>"), m_uncertainSummary, this);
    auto *uncertainButtons = new QHBoxLayout;
    uncertainButtons->addStretch(1);
    uncertainButtons->addWidget(m_openUncertainButton);
    auto *uncertainLayout = static_cast<QVBoxLayout *>(uncertainBox->layout());
    uncertainLayout->addWidget(m_uncertain, 1);
    uncertainLayout->addLayout(uncertainButtons);

    m_split->addWidget(errorsBox);
    m_split->addWidget(uncertainBox);
    m_split->setStretchFactor(0, 3);
    m_split->setStretchFactor(1, 2);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_split, 1);
}

void ReviewPage::connectControls()
{
    m_errors->installEventFilter(this);
    m_uncertain->installEventFilter(this);
    connect(m_session->runs(), &RunList::changed, this, [this] { m_runPicker->setRuns(m_session->runs()->rows()); });
    connect(m_runPicker, &RunPicker::runChanged, this, &ReviewPage::requestReview);
    connect(m_runPicker, &RunPicker::runChanged, this, &ReviewPage::updateSearchState);
    // The queues show each example's current label; while labelling in another tab, they are
    // read again once, when the page shows.
    connect(m_session, &ProjectSession::labelsEdited, this, [this] {
        if (isVisible())
            requestReview();
        else
            m_reviewStale = true;
    });
    connect(m_showDismissed, &QCheckBox::toggled, this, &ReviewPage::fillErrorTable);
    connect(m_findButton, &QPushButton::clicked, this, &ReviewPage::findLabelErrors);
    connect(m_cancelButton, &QPushButton::clicked, m_session->labelErrorSearch(), &LabelErrorSearch::cancel);
    connect(m_acceptButton, &QPushButton::clicked, this, &ReviewPage::acceptSuggestion);
    connect(m_dismissButton, &QPushButton::clicked, this, &ReviewPage::toggleDismissed);
    connect(m_openErrorButton, &QPushButton::clicked, this,
            [this] { openCurrentInBrowser(BrowseReview::LikelyLabelErrors); });
    connect(m_openUncertainButton, &QPushButton::clicked, this,
            [this] { openCurrentInBrowser(BrowseReview::MostUncertain); });
    connect(m_errors, &QTableWidget::cellDoubleClicked, this,
            [this] { openCurrentInBrowser(BrowseReview::LikelyLabelErrors); });
    connect(m_uncertain, &QTableWidget::cellDoubleClicked, this,
            [this] { openCurrentInBrowser(BrowseReview::MostUncertain); });
    connect(m_errors, &QTableWidget::currentCellChanged, this, &ReviewPage::updateButtons);
    connect(m_uncertain, &QTableWidget::currentCellChanged, this, &ReviewPage::updateButtons);
    connect(m_retrainButton, &QPushButton::clicked, this, [this] {
        if (const auto *run = m_runPicker->run())
            Q_EMIT retrainRequested(*run);
    });
}

// The label-error search runs in the session's child process; its progress and end show here.
void ReviewPage::connectSearch()
{
    auto *search = m_session->labelErrorSearch();
    connect(search, &LabelErrorSearch::progress, this, [this](qint64, int fold, int folds) {
        m_searchProgress->setRange(0, folds);
        m_searchProgress->setValue(fold);
        m_searchProgress->setFormat(tr("fold %1 of %2").arg(std::min(fold + 1, folds)).arg(folds));
        updateSearchState();
    });
    connect(search, &LabelErrorSearch::searchFinished, this, [this](qint64 runId) {
        updateSearchState();
        Q_EMIT statusMessage(tr("The label error search has finished"));
        if (runId == this->runId())
            requestReview();
    });
    connect(search, &LabelErrorSearch::searchFailed, this, [this](qint64, const QString &message) {
        updateSearchState();
        Q_EMIT statusMessage(tr("The label error search failed: %1").arg(message));
        m_errorSummary->setText(tr("The search failed: %1").arg(message.toHtmlEscaped()));
    });
    connect(search, &LabelErrorSearch::searchCancelled, this, [this] {
        updateSearchState();
        Q_EMIT statusMessage(tr("The label error search was cancelled"));
    });
}

void ReviewPage::showRun(qint64 runId)
{
    m_runPicker->selectRun(runId);
}

qint64 ReviewPage::runId() const
{
    return m_runPicker->runId();
}

void ReviewPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_reviewStale) {
        m_reviewStale = false;
        requestReview();
    }
}

void ReviewPage::requestReview()
{
    const qint64 id = runId();
    if (id < 0) {
        showReview({});
        return;
    }
    whenDone(
        m_session->runReview(id, uncertainShown), this, [this](const RunReview &review) { showReview(review); },
        [this](const QString &message) {
            Q_EMIT statusMessage(tr("Could not read the run's review queues: %1").arg(message));
        });
}

void ReviewPage::showReview(const RunReview &review)
{
    if (review.runId >= 0 && review.runId != runId())
        return; // an answer for a run no longer shown
    const qint64 keepError = currentError() ? currentError()->exampleId : -1;
    const qint64 keepUncertain = currentUncertain() ? currentUncertain()->exampleId : -1;
    m_review = review;
    fillErrorTable();
    fillUncertainTable();
    // The cursor stays on the example it was on, so accepting one after another flows.
    for (int row = 0; row < m_errorRows.size(); ++row)
        if (m_review.labelErrors[m_errorRows[row]].exampleId == keepError)
            m_errors->setCurrentCell(row, 1);
    for (int row = 0; row < m_review.uncertain.size(); ++row)
        if (m_review.uncertain[row].exampleId == keepUncertain)
            m_uncertain->setCurrentCell(row, 1);
    updateSearchState();
}

void ReviewPage::fillErrorTable()
{
    const int keepRow = m_errors->currentRow();
    m_errors->setRowCount(0);
    m_errorRows.clear();
    int accepted = 0;
    int dismissed = 0;
    for (int i = 0; i < m_review.labelErrors.size(); ++i) {
        const auto &error = m_review.labelErrors[i];
        accepted += error.accepted() ? 1 : 0;
        dismissed += error.dismissed ? 1 : 0;
        if (error.dismissed && !m_showDismissed->isChecked())
            continue;
        const int row = m_errors->rowCount();
        m_errors->insertRow(row);
        m_errorRows.append(i);
        m_errors->setItem(row, 0, numberItem(error.score, 2));
        m_errors->setItem(row, 1, textItem(error.text));
        m_errors->setItem(row, 2, new QTableWidgetItem(error.lang));
        m_errors->setItem(row, 3,
                          new QTableWidgetItem(error.currentLabel.isEmpty() ? tr("(unlabelled)") : error.currentLabel));
        m_errors->setItem(row, 4,
                          new QTableWidgetItem(
                              tr("%1 (%2%)").arg(error.suggestedLabel).arg(qRound(error.suggestedProbability * 100))));
        QString status;
        QColor tint;
        if (error.accepted()) {
            status = tr("Accepted");
            tint = QColor(0xd9, 0xf2, 0xdc);
        } else if (error.dismissed) {
            status = tr("Dismissed");
        } else if (error.currentLabel != error.givenLabel) {
            status = tr("Relabelled");
        }
        m_errors->setItem(row, 5, new QTableWidgetItem(status));
        for (int column = 0; column < m_errors->columnCount(); ++column) {
            auto *item = m_errors->item(row, column);
            if (tint.isValid()) {
                item->setBackground(tint);
                item->setForeground(Qt::black);
            } else if (error.dismissed) {
                item->setForeground(palette().color(QPalette::Disabled, QPalette::Text));
            }
        }
    }
    if (m_errors->rowCount() > 0)
        m_errors->setCurrentCell(std::clamp(keepRow, 0, m_errors->rowCount() - 1), 1);

    const QLocale locale;
    const int open = static_cast<int>(m_review.labelErrors.size()) - accepted - dismissed;
    if (runId() < 0)
        m_errorSummary->setText(tr("Train a run to review its labels."));
    else if (!m_review.searched)
        m_errorSummary->setText(tr("Not searched yet. The search trains one model per fold with the run's settings, "
                                   "so it takes a few times as long as the run."));
    else if (m_review.labelErrors.isEmpty())
        m_errorSummary->setText(tr("None found: no held-out prediction confidently disagrees with its label."));
    else {
        QString text = tr("%1 to review, %2 accepted, %3 dismissed")
                           .arg(locale.toString(open), locale.toString(accepted), locale.toString(dismissed));
        if (m_review.searchedExamples > 0) {
            text += QStringLiteral(" — ")
                    + tr("confident learning flagged %1 of %2 labelled examples; the queue keeps the %3 ranked first "
                         "(at most %4). The %5 folds' held-out predictions were %6% accurate.")
                          .arg(locale.toString(m_review.flagged), locale.toString(m_review.searchedExamples),
                               locale.toString(m_review.labelErrors.size()), locale.toString(m_review.cap))
                          .arg(m_review.folds)
                          .arg(locale.toString(m_review.foldAccuracy * 100, 'f', 1));
            if (m_review.accuracyTooLow)
                text += QStringLiteral("<br><span style='color:#b00020'>%1</span>")
                            .arg(tr("That is too low for this queue to mean much: most flags are the model's own "
                                    "mistakes, not wrong labels. Improve the model first (more labelled data, a "
                                    "pretrained encoder)."));
        }
        m_errorSummary->setText(text);
    }
    updateButtons();
}

void ReviewPage::fillUncertainTable()
{
    m_uncertain->setRowCount(0);
    for (const auto &example : m_review.uncertain) {
        const int row = m_uncertain->rowCount();
        m_uncertain->insertRow(row);
        m_uncertain->setItem(row, 0, numberItem(example.margin, 2));
        m_uncertain->setItem(row, 1, textItem(example.text));
        m_uncertain->setItem(row, 2, new QTableWidgetItem(example.lang));
        m_uncertain->setItem(row, 3, new QTableWidgetItem(example.predictedLabel));
        m_uncertain->setItem(row, 4, numberItem(example.confidence, 2));
    }
    if (m_uncertain->rowCount() > 0)
        m_uncertain->setCurrentCell(0, 1);
    // Nothing to label: the list gives its room to the label errors.
    const bool empty = m_review.uncertain.isEmpty();
    m_uncertain->setVisible(!empty);
    m_openUncertainButton->setVisible(!empty);
    if (empty)
        m_split->setSizes({m_split->height(), fontMetrics().height() * 2});
    if (runId() < 0)
        m_uncertainSummary->clear();
    else if (m_review.uncertain.isEmpty())
        m_uncertainSummary->setText(tr("Every example the run predicted has a label."));
    else
        m_uncertainSummary->setText(tr("smallest margin between the two likeliest labels first: label these next"));
    updateButtons();
}

void ReviewPage::updateSearchState()
{
    const auto *search = m_session->labelErrorSearch();
    const bool running = search->isRunning();
    const bool here = running && search->runId() == runId();
    m_searchProgress->setVisible(here);
    m_cancelButton->setVisible(here);
    m_findButton->setEnabled(!running && runId() >= 0);
    m_findButton->setText(m_review.searched ? tr("Search again") : tr("Find likely label errors"));
    m_folds->setEnabled(!running);
    m_retrainButton->setEnabled(runId() >= 0);
}

void ReviewPage::updateButtons()
{
    const auto *error = currentError();
    m_acceptButton->setEnabled(error && !error->accepted());
    m_dismissButton->setEnabled(error != nullptr);
    m_dismissButton->setText(error && error->dismissed ? tr("Res&tore") : tr("&Dismiss"));
    m_openErrorButton->setEnabled(error != nullptr);
    m_openUncertainButton->setEnabled(currentUncertain() != nullptr);
}

const LabelErrorItem *ReviewPage::currentError() const
{
    const int row = m_errors->currentRow();
    if (row < 0 || row >= m_errorRows.size())
        return nullptr;
    return &m_review.labelErrors[m_errorRows[row]];
}

const UncertainItem *ReviewPage::currentUncertain() const
{
    const int row = m_uncertain->currentRow();
    if (row < 0 || row >= m_review.uncertain.size())
        return nullptr;
    return &m_review.uncertain[row];
}

void ReviewPage::findLabelErrors()
{
    const auto *run = m_runPicker->run();
    auto *search = m_session->labelErrorSearch();
    if (!run || search->isRunning())
        return;
    search->start(m_session->overview().filePath, run->id, m_folds->value());
    updateSearchState();
}

void ReviewPage::acceptSuggestion()
{
    const auto *run = m_runPicker->run();
    const auto *error = currentError();
    if (!run || !error || error->accepted())
        return;
    const auto *dataset = m_session->dataset(run->dataset);
    qint64 labelId = -1;
    for (const auto &label : dataset ? dataset->labelSet : QList<LabelSummary>())
        if (label.name == error->suggestedLabel)
            labelId = label.id;
    if (labelId < 0) {
        Q_EMIT statusMessage(tr("%1 is no longer a label of %2").arg(error->suggestedLabel, run->dataset));
        return;
    }
    Q_EMIT editingDataset(run->dataset);
    whenDone(
        m_session->setLabel(dataset->id, {error->exampleId}, labelId,
                            tr("Accept suggested label %1 (run %2)").arg(error->suggestedLabel, run->name)),
        this, [] {}, [this](const QString &message) { showEditFailure(this, message); });
    // On to the next one while the edit is stored; the re-read keeps the cursor where it is.
    if (m_errors->currentRow() + 1 < m_errors->rowCount())
        m_errors->setCurrentCell(m_errors->currentRow() + 1, 1);
}

void ReviewPage::toggleDismissed()
{
    const auto *error = currentError();
    const qint64 id = runId();
    if (!error || id < 0)
        return;
    whenDone(
        m_session->setSuggestionDismissed(error->exampleId, error->suggestedLabel, !error->dismissed), this,
        [this] { requestReview(); },
        [this](const QString &message) {
            Q_EMIT statusMessage(tr("Could not change the suggestion: %1").arg(message));
        });
    if (!error->dismissed && m_errors->currentRow() + 1 < m_errors->rowCount() && !m_showDismissed->isChecked())
        m_errors->setCurrentCell(m_errors->currentRow() + 1, 1);
}

void ReviewPage::openCurrentInBrowser(BrowseReview review)
{
    const auto *run = m_runPicker->run();
    if (!run)
        return;
    qint64 exampleId = -1;
    if (review == BrowseReview::LikelyLabelErrors && currentError())
        exampleId = currentError()->exampleId;
    else if (review == BrowseReview::MostUncertain && currentUncertain())
        exampleId = currentUncertain()->exampleId;
    Q_EMIT browserRequested(run->id, run->dataset, review, exampleId);
}

bool ReviewPage::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() != QEvent::KeyPress)
        return QWidget::eventFilter(watched, event);
    const auto *key = static_cast<QKeyEvent *>(event);
    const bool plain = !(key->modifiers() & (Qt::ControlModifier | Qt::AltModifier | Qt::MetaModifier));
    if (watched == m_errors && plain) {
        switch (key->key()) {
        case Qt::Key_A: acceptSuggestion(); return true;
        case Qt::Key_D: toggleDismissed(); return true;
        case Qt::Key_Return:
        case Qt::Key_Enter: openCurrentInBrowser(BrowseReview::LikelyLabelErrors); return true;
        default: break;
        }
    } else if (watched == m_uncertain && plain && (key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter)) {
        openCurrentInBrowser(BrowseReview::MostUncertain);
        return true;
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace glossa::ui
