#include "ui/train/trainpage.h"

#include "ui/runs/runstablemodel.h"
#include "ui/session/projectsession.h"
#include "ui/session/qtcore.h"
#include "ui/session/runlist.h"
#include "ui/train/configeditor.h"
#include "ui/train/trainingcharts.h"
#include "ui/widgets/icons.h"
#include "ui/widgets/runcolors.h"
#include "ui/widgets/runstatustext.h"

#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QToolButton>
#include <QVBoxLayout>

#include <cmath>
#include <utility>

namespace glossa::ui {

namespace {
constexpr int logLines = 2000;

QString etaText(double seconds)
{
    const auto whole = static_cast<qint64>(std::llround(seconds));
    return whole >= 3600 ? QStringLiteral("%1:%2:%3")
                               .arg(whole / 3600)
                               .arg((whole % 3600) / 60, 2, 10, QLatin1Char('0'))
                               .arg(whole % 60, 2, 10, QLatin1Char('0'))
                         : QStringLiteral("%1:%2").arg(whole / 60).arg(whole % 60, 2, 10, QLatin1Char('0'));
}
} // namespace

TrainPage::TrainPage(ProjectSession *session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_training(session->training())
    , m_editor(new ConfigEditor(this))
    , m_charts(new TrainingCharts(this))
    , m_datasetBox(new QComboBox(this))
    , m_nameEdit(new QLineEdit(this))
    , m_startButton(new QPushButton(themedIcon(QStringLiteral("media-playback-start")), tr("Start run"), this))
    , m_pauseButton(new QPushButton(themedIcon(QStringLiteral("media-playback-pause")), tr("Pause"), this))
    , m_stopButton(new QPushButton(themedIcon(QStringLiteral("media-playback-stop")), tr("Stop"), this))
    , m_progress(new QProgressBar(this))
    , m_runLabel(new QLabel(this))
    , m_queueLabel(new QLabel(this))
    , m_overlayButton(new QToolButton(this))
    , m_log(new QPlainTextEdit(this))
    , m_duplicateWarning(new QLabel(this))
{
    nameWidgets();
    buildLayout();
    connectControls();
    connectPresets();
    connect(m_session, &ProjectSession::projectOpened, this, &TrainPage::showDatasets);
    connect(m_session, &ProjectSession::overviewChanged, this, &TrainPage::showDatasets);
    connectTraining();
    // A window made while a run trains (after a language switch) picks it up.
    if (m_training->history().runId >= 0) {
        m_charts->showRun(m_training->history());
        m_runLabel->setText(QStringLiteral("<span style='color:%1'>■</span> %2")
                                .arg(runColor(m_training->runId()).name(), m_training->runName().toHtmlEscaped()));
        showStatus(m_training->status());
    }
    showState(m_training->state());
    showQueue();
    showDatasets();
}

TrainPage::~TrainPage()
{
    m_duplicateCheck.request_stop();
}

// Object names (for tests and style sheets) and the fixed look of each widget.
void TrainPage::nameWidgets()
{
    m_duplicateWarning->setObjectName(QStringLiteral("duplicateWarning"));
    m_duplicateWarning->setWordWrap(true);
    m_duplicateWarning->setTextFormat(Qt::RichText);
    m_duplicateWarning->setStyleSheet(
        QStringLiteral("QLabel { background: #fff1d6; color: #5c3b00; border: 1px solid #e8c27a; border-radius: 3px; "
                       "padding: 4px 6px; }"));
    m_duplicateWarning->hide();
    setObjectName(QStringLiteral("trainPage"));
    m_datasetBox->setObjectName(QStringLiteral("trainDataset"));
    m_nameEdit->setObjectName(QStringLiteral("runName"));
    m_nameEdit->setPlaceholderText(tr("automatic"));
    m_nameEdit->setClearButtonEnabled(true);
    m_startButton->setObjectName(QStringLiteral("startRun"));
    m_startButton->setDefault(true);
    m_pauseButton->setObjectName(QStringLiteral("pauseRun"));
    m_stopButton->setObjectName(QStringLiteral("stopRun"));
    m_progress->setObjectName(QStringLiteral("runProgress"));
    m_progress->setTextVisible(true);
    m_progress->setMinimumWidth(260);
    m_runLabel->setObjectName(QStringLiteral("runLabel"));
    m_runLabel->setTextFormat(Qt::RichText);
    m_queueLabel->setObjectName(QStringLiteral("queueLabel"));
    m_log->setObjectName(QStringLiteral("runLog"));
    m_log->setReadOnly(true);
    m_log->setMaximumBlockCount(logLines);
    m_log->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_log->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_log->setPlaceholderText(tr("The run's log appears here."));
}

// Left: what to train; right: the run (controls, charts over the log).
void TrainPage::buildLayout()
{
    // Left: what to train.
    auto *left = new QWidget(this);
    auto *form = new QFormLayout;
    form->addRow(tr("Dataset"), m_datasetBox);
    form->addRow(tr("Run name"), m_nameEdit);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addLayout(form);
    leftLayout->addWidget(m_duplicateWarning);
    leftLayout->addWidget(m_editor, 1);
    auto *startRow = new QHBoxLayout;
    startRow->addWidget(m_queueLabel, 1);
    startRow->addWidget(m_startButton);
    leftLayout->addLayout(startRow);

    // Right: the run.
    auto *right = new QWidget(this);
    auto *controls = new QHBoxLayout;
    controls->addWidget(m_pauseButton);
    controls->addWidget(m_stopButton);
    controls->addWidget(m_progress, 1);
    auto *chartBar = new QHBoxLayout;
    chartBar->addWidget(m_runLabel, 1);
    m_overlayButton->setText(tr("Overlay runs"));
    m_overlayButton->setObjectName(QStringLiteral("overlayRuns"));
    m_overlayButton->setToolTip(tr("Draw earlier runs' curves behind this one, each in its colour"));
    m_overlayButton->setPopupMode(QToolButton::InstantPopup);
    m_overlayButton->setMenu(new QMenu(m_overlayButton));
    chartBar->addWidget(m_overlayButton);
    auto *resetZoom = new QToolButton(this);
    resetZoom->setText(tr("Reset zoom"));
    resetZoom->setToolTip(tr("Show every point again (or double-click a chart)"));
    connect(resetZoom, &QToolButton::clicked, m_charts, &TrainingCharts::resetZoom);
    chartBar->addWidget(resetZoom);
    auto *exportButton = new QToolButton(this);
    exportButton->setText(tr("Export…"));
    exportButton->setToolTip(tr("Save the charts as PNG or PDF, or their points as CSV"));
    connect(exportButton, &QToolButton::clicked, this, &TrainPage::exportCharts);
    chartBar->addWidget(exportButton);
    auto *rightSplit = new QSplitter(Qt::Vertical, this);
    auto *chartBox = new QWidget(this);
    auto *chartLayout = new QVBoxLayout(chartBox);
    chartLayout->setContentsMargins(0, 0, 0, 0);
    chartLayout->addLayout(chartBar);
    chartLayout->addWidget(m_charts, 1);
    rightSplit->addWidget(chartBox);
    rightSplit->addWidget(m_log);
    rightSplit->setStretchFactor(0, 5);
    rightSplit->setStretchFactor(1, 1);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addLayout(controls);
    rightLayout->addWidget(rightSplit, 1);

    auto *split = new QSplitter(Qt::Horizontal, this);
    split->setObjectName(QStringLiteral("trainSplitter"));
    split->addWidget(left);
    split->addWidget(right);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(split);
}

// Start, pause/resume and stop, and what enables Start.
void TrainPage::connectControls()
{
    connect(m_startButton, &QPushButton::clicked, this, &TrainPage::startRun);
    connect(m_pauseButton, &QPushButton::clicked, this, [this] {
        if (m_training->state() == TrainingController::State::Paused)
            m_training->resume();
        else
            m_training->pause();
    });
    connect(m_stopButton, &QPushButton::clicked, m_training, &TrainingController::stop);
    connect(m_editor, &ConfigEditor::validityChanged, this, &TrainPage::updateStartButton);
    connect(m_datasetBox, &QComboBox::currentIndexChanged, this, &TrainPage::updateStartButton);
    connect(m_datasetBox, &QComboBox::currentIndexChanged, this, &TrainPage::checkDuplicates);
    connect(m_duplicateWarning, &QLabel::linkActivated, this, [this] { Q_EMIT duplicatesRequested(dataset()); });
}

// Presets live in the project: saved, deleted and loaded through the session.
void TrainPage::connectPresets()
{
    const auto showNames = [this](QFuture<QStringList> names) {
        whenDone(
            std::move(names), this, [this](const QStringList &list) { m_editor->setPresetNames(list); },
            [this](const QString &message) { Q_EMIT statusMessage(message); });
    };
    connect(
        m_editor, &ConfigEditor::savePresetRequested, this,
        [this, showNames](const QString &name, const QString &json) { showNames(m_session->savePreset(name, json)); });
    connect(m_editor, &ConfigEditor::deletePresetRequested, this,
            [this, showNames](const QString &name) { showNames(m_session->deletePreset(name)); });
    connect(m_editor, &ConfigEditor::loadPresetRequested, this, [this](const QString &name) {
        whenDone(
            m_session->loadPreset(name), this,
            [this, name](const QString &json) { m_editor->setConfigJson(json, tr("Load preset %1").arg(name)); },
            [this](const QString &message) { Q_EMIT statusMessage(message); });
    });
    connect(m_session, &ProjectSession::projectOpened, this,
            [this, showNames] { showNames(m_session->presetNames()); });
    if (m_session->isOpen())
        showNames(m_session->presetNames());
    connect(m_session->runs(), &RunList::changed, this, &TrainPage::showRuns);
    connect(m_session->runs(), &RunList::readFailed, this, &TrainPage::statusMessage);
    showRuns();
}

// The training controller's run: its start, progress, end and failure.
void TrainPage::connectTraining()
{
    connect(m_training, &TrainingController::stateChanged, this, &TrainPage::showState);
    connect(m_training, &TrainingController::queueChanged, this, &TrainPage::showQueue);
    connect(
        m_training, &TrainingController::runStarted, this,
        [this](qint64 runId, const QString &name, const QString &device, bool resumed) {
            RunHistory history;
            history.runId = runId;
            history.name = name;
            m_charts->showRun(history);
            m_log->appendPlainText(resumed ? tr("Resuming run %1 on %2").arg(name, device)
                                           : tr("Run %1 on %2").arg(name, device));
            m_runLabel->setText(
                QStringLiteral("<span style='color:%1'>■</span> %2").arg(runColor(runId).name(), name.toHtmlEscaped()));
        });
    connect(m_training, &TrainingController::updated, this,
            [this](const QList<TrainPoint> &training, const QList<EvalPoint> &evaluations, const TrainingStatus &status,
                   const QStringList &log) {
                m_charts->append(training, evaluations);
                if (!log.isEmpty())
                    m_log->appendPlainText(log.join(QLatin1Char('\n')));
                showStatus(status);
            });
    connect(
        m_training, &TrainingController::runEnded, this, [this](const RunOutcome &outcome) {
            const QString said = runStatusText(outcome.status);
            const QString name = outcome.name.isEmpty() ? m_training->runName() : outcome.name;
            QString message;
            if (!outcome.testMacroF1)
                message = tr("Run %1 %2").arg(name, said);
            else if (outcome.crossValidated)
                message = tr("Run %1 %2: cross-validated macro-F1 %3 (n = %4)")
                              .arg(name, said, QString::number(*outcome.testMacroF1, 'f', 4),
                                   QLocale().toString(outcome.testExamples));
            else
                message = tr("Run %1 %2: test macro-F1 %3 (n = %4)")
                              .arg(name, said, QString::number(*outcome.testMacroF1, 'f', 4),
                                   QLocale().toString(outcome.testExamples));
            m_log->appendPlainText(message);
            m_progress->setFormat(message);
            Q_EMIT statusMessage(message);
        });
    connect(m_training, &TrainingController::runFailed, this, [this](qint64, const QString &message) {
        m_log->appendPlainText(tr("Failed: %1").arg(message));
        m_progress->setFormat(tr("Failed"));
        auto *box = new QMessageBox(QMessageBox::Warning, tr("The run failed"), message, QMessageBox::Ok, this);
        box->setObjectName(QStringLiteral("runFailedMessage"));
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    });
}

QString TrainPage::dataset() const
{
    return m_datasetBox->currentText();
}

void TrainPage::setDataset(const QString &name)
{
    const int index = m_datasetBox->findText(name);
    if (index >= 0)
        m_datasetBox->setCurrentIndex(index);
}

void TrainPage::showDatasets()
{
    const QString current = m_datasetBox->currentText();
    const QSignalBlocker blocker(m_datasetBox);
    m_datasetBox->clear();
    for (const auto &dataset : m_session->overview().datasets)
        m_datasetBox->addItem(dataset.name);
    setDataset(current);
    updateStartButton();
    checkDuplicates();
}

// Asks the session's duplicates thread whether dev or test rows repeat training rows, once per
// dataset and again after an import or a re-split changed its rows (label edits do not matter).
void TrainPage::checkDuplicates()
{
    const auto *summary = m_session->dataset(dataset());
    const QList<qint64> shape =
        summary ? QList<qint64>{summary->id, summary->examples, summary->train, summary->dev, summary->test}
                : QList<qint64>{};
    m_editor->setDatasetTexts(summary ? summary->examples : 0);
    if (shape == m_checkedShape)
        return;
    m_checkedShape = shape;
    m_duplicateCheck.request_stop();
    m_duplicateCheck = std::stop_source();
    m_duplicateWarning->hide();
    if (!summary)
        return;
    const QString name = summary->name;
    whenDone(
        m_session->findDuplicates(name, 0.8, m_duplicateCheck.get_token()), this,
        [this, name](const DuplicateReview &review) {
            if (review.stopped || name != dataset())
                return;
            showDuplicateWarning(review);
            Q_EMIT duplicateCheckFinished();
        },
        [this](const QString &message) {
            Q_EMIT statusMessage(tr("Could not look for duplicates: %1").arg(message));
            Q_EMIT duplicateCheckFinished();
        });
}

void TrainPage::showDuplicateWarning(const DuplicateReview &review)
{
    const QLocale locale;
    QStringList lines;
    auto leak = [&](const SplitLeakageItem &leakage, const QString &sentence) {
        if (leakage.duplicating() > 0)
            lines.append(sentence.arg(locale.toString(leakage.duplicating()), locale.toString(leakage.rows),
                                      locale.toString(leakage.exact), locale.toString(leakage.near)));
    };
    leak(review.test, tr("%1 of %2 test rows repeat training rows (exact %3, near %4): the test score will count "
                         "texts the model trained on."));
    leak(review.dev, tr("%1 of %2 dev rows repeat training rows (exact %3, near %4)."));
    if (const auto conflicts = review.clusterCount(DuplicateKindItem::Conflict); conflicts > 0)
        lines.append(tr("Texts repeated with different labels: %1.").arg(locale.toString(conflicts)));
    m_duplicateWarning->setVisible(!lines.isEmpty());
    if (lines.isEmpty())
        return;
    QStringList escaped;
    for (const auto &line : lines)
        escaped.append(line.toHtmlEscaped());
    m_duplicateWarning->setText(QStringLiteral("⚠ %1 <a href=\"duplicates\">%2</a>")
                                    .arg(escaped.join(QLatin1Char(' ')), tr("Review the duplicates")));
    m_duplicateWarning->setToolTip(tr("You can still start the run; fixing the splits or labels first gives a score "
                                      "you can trust."));
}

void TrainPage::updateStartButton()
{
    const bool ready = m_session->isOpen() && m_datasetBox->currentIndex() >= 0 && m_editor->isValid();
    m_startButton->setEnabled(ready);
    m_startButton->setText(m_training->isBusy() ? tr("Queue run") : tr("Start run"));
    if (!m_editor->isValid())
        m_startButton->setToolTip(tr("Fix the settings first:\n%1").arg(m_editor->problems().join(QLatin1Char('\n'))));
    else
        m_startButton->setToolTip(m_training->isBusy()
                                      ? tr("Starts when the run in progress ends")
                                      : tr("Train on a snapshot of the dataset's labels as they are now"));
}

void TrainPage::startRun()
{
    if (!m_startButton->isEnabled())
        return;
    TrainingRequest request;
    request.projectPath = m_session->overview().filePath;
    request.dataset = m_datasetBox->currentText();
    request.configJson = m_editor->configJson();
    request.name = m_nameEdit->text().trimmed();
    m_nameEdit->clear(); // names are unique: the next run needs its own
    if (m_training->isBusy())
        Q_EMIT statusMessage(tr("Queued: the run starts when the one in progress ends"));
    else
        m_log->clear();
    m_training->submit(request);
}

void TrainPage::rerun(const RunRow &run)
{
    m_editor->setConfigJson(run.configJson, tr("Use the settings of run %1").arg(run.name));
    setDataset(run.dataset);
    startRun();
}

void TrainPage::resumeRun(qint64 runId)
{
    TrainingRequest request;
    request.projectPath = m_session->overview().filePath;
    request.resumeRunId = runId;
    if (!m_training->isBusy())
        m_log->clear();
    m_training->submit(request);
}

void TrainPage::showState(TrainingController::State state)
{
    using State = TrainingController::State;
    const bool active = state == State::Running || state == State::Paused || state == State::Starting;
    m_pauseButton->setEnabled(state == State::Running || state == State::Paused);
    m_stopButton->setEnabled(active);
    if (state == State::Paused) {
        m_pauseButton->setText(tr("Resume"));
        m_pauseButton->setIcon(themedIcon(QStringLiteral("media-playback-start")));
    } else {
        m_pauseButton->setText(tr("Pause"));
        m_pauseButton->setIcon(themedIcon(QStringLiteral("media-playback-pause")));
    }
    switch (state) {
    case State::Idle:
        if (m_training->runId() < 0)
            m_progress->setFormat(tr("No run in progress"));
        break;
    case State::Starting:
        m_progress->setRange(0, 0);
        m_progress->setFormat(tr("Starting…"));
        break;
    case State::Paused: m_progress->setFormat(tr("Paused at step %1").arg(m_training->status().step)); break;
    case State::Stopping: m_progress->setFormat(tr("Stopping after this step…")); break;
    case State::Running: break;
    }
    if (state != State::Starting && m_progress->maximum() == 0)
        m_progress->setRange(0, 1000);
    updateStartButton();
}

void TrainPage::showStatus(const TrainingStatus &status)
{
    if (status.totalSteps <= 0 && status.textsToEmbed > 0) { // a features run embeds its texts first
        m_progress->setRange(0, 1000);
        m_progress->setValue(static_cast<int>(1000 * status.textsEmbedded / status.textsToEmbed));
        if (m_training->state() == TrainingController::State::Running) {
            const QLocale locale;
            m_progress->setFormat(tr("Embedding texts %1 / %2 · %3 texts/s · ETA %4")
                                      .arg(locale.toString(status.textsEmbedded), locale.toString(status.textsToEmbed),
                                           locale.toString(status.textsPerSecond, 'f', 1),
                                           etaText(status.embeddingSecondsLeft)));
        }
        return;
    }
    if (status.totalSteps <= 0)
        return;
    m_progress->setRange(0, 1000);
    m_progress->setValue(static_cast<int>(1000 * status.step / status.totalSteps));
    if (m_training->state() != TrainingController::State::Running)
        return;
    const QLocale locale;
    m_progress->setFormat(tr("Epoch %1 · step %2 / %3 · %4 examples/s · ETA %5 · %6")
                              .arg(QString::number(status.epoch, 'f', 2), locale.toString(status.step),
                                   locale.toString(status.totalSteps),
                                   locale.toString(static_cast<qint64>(status.examplesPerSecond)),
                                   etaText(status.etaSeconds), m_training->device()));
}

void TrainPage::showQueue()
{
    const auto &queue = m_training->queue();
    m_queueLabel->setVisible(!queue.isEmpty());
    m_queueLabel->setText(tr("%n run(s) queued", nullptr, static_cast<int>(queue.size())));
    QStringList names;
    for (const auto &request : queue)
        names << (request.isResume()
                      ? tr("resume run %1").arg(request.resumeRunId)
                      : (request.name.isEmpty() ? tr("new run on %1").arg(request.dataset) : request.name));
    m_queueLabel->setToolTip(names.join(QLatin1Char('\n')));
    updateStartButton();
}

void TrainPage::showRuns()
{
    const auto &runs = m_session->runs()->rows();
    QList<ComparableRun> comparable;
    for (const auto &run : runs)
        comparable.append({run.id, run.name, run.configJson});
    m_editor->setComparableRuns(comparable);

    auto *menu = m_overlayButton->menu();
    menu->clear();
    for (const auto &run : runs) {
        if (run.id == m_training->runId() && m_training->isBusy())
            continue;
        QPixmap swatch(12, 12);
        swatch.fill(runColor(run.id));
        auto *action = menu->addAction(QIcon(swatch), tr("%1 (%2)").arg(run.name, runStatusText(run.status)));
        action->setCheckable(true);
        action->setChecked(m_overlaid.contains(run.id));
        connect(action, &QAction::toggled, this, [this, id = run.id](bool on) {
            if (on && !m_overlaid.contains(id))
                m_overlaid.append(id);
            else if (!on)
                m_overlaid.removeAll(id);
            chooseOverlays();
        });
    }
    if (runs.isEmpty())
        menu->addAction(tr("No runs yet"))->setEnabled(false);
}

void TrainPage::chooseOverlays()
{
    whenDone(
        m_session->runHistories(m_overlaid), this,
        [this, ids = m_overlaid](const QList<RunHistory> &histories) {
            if (ids == m_overlaid) // the latest choice only
                m_charts->setOverlays(histories);
        },
        [this](const QString &message) { Q_EMIT statusMessage(message); });
}

void TrainPage::exportCharts()
{
    QString selected;
    const QString file = QFileDialog::getSaveFileName(
        this, tr("Export the charts"),
        QStringLiteral("%1.png").arg(m_training->runName().isEmpty() ? QStringLiteral("run") : m_training->runName()),
        tr("PNG image (*.png);;PDF document (*.pdf);;CSV points (*.csv)"), &selected);
    if (file.isEmpty())
        return;
    const QString suffix = QFileInfo(file).suffix().toLower();
    const bool saved = suffix == QLatin1String("pdf")   ? m_charts->exportPdf(file)
                       : suffix == QLatin1String("csv") ? m_charts->exportCsv(file)
                                                        : m_charts->exportPng(file);
    Q_EMIT statusMessage(saved ? tr("Saved %1").arg(QFileInfo(file).fileName())
                               : tr("Could not save %1").arg(QFileInfo(file).fileName()));
}

} // namespace glossa::ui
